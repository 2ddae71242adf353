"""Alembic's entry point: run migrations on the connection ``tailorcv.store.schema`` passes in.

The same file serves ``alembic revision --autogenerate`` during development, when Alembic is run
with ``-x url=sqlite:///…`` instead of a connection.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from tailorcv.store.models import Base


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    url = context.get_x_argument(as_dictionary=True)["url"]
    with create_engine(url).begin() as fresh:
        run(fresh)


main()
