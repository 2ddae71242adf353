"""The service's storage: database rows (SQLAlchemy), their migrations (Alembic), and blobs.

The pure core never imports this package; ``tasks`` and ``web`` do.
"""

from tailorcv.errors import DatabaseUnavailable
from tailorcv.store.blobs import BlobStore, LocalBlobStore, blob_store
from tailorcv.store.db import check, make_engine, make_sessions
from tailorcv.store.schema import migrate

__all__ = [
    "BlobStore",
    "DatabaseUnavailable",
    "LocalBlobStore",
    "blob_store",
    "check",
    "make_engine",
    "make_sessions",
    "migrate",
]
