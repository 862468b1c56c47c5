"""Search backends, one per database: chosen by the database depeches runs on."""

from __future__ import annotations

from django.db import connection

from depeches.search.backends.base import Backend


def backend() -> Backend:
    if connection.vendor == "postgresql":
        from depeches.search.backends.postgresql import PostgresBackend

        return PostgresBackend()
    from depeches.search.backends.sqlite import SqliteBackend

    return SqliteBackend()
