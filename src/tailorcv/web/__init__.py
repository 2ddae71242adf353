"""The HTTP service: the JSON API, the public pages and the health checks.

``create_app(settings)`` builds the ASGI app; nothing is built at import time.
"""

from tailorcv.web.app import create_app

__all__ = ["create_app"]
