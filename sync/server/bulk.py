"""Many rows in one statement through the database driver, for the push path's per-event writes.

SQLAlchemy processes every row's parameters in Python, which costs more than the database's own
work for the push's inserts and upserts; these go to the driver's executemany as tuples instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Row, Table


def insert(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    replace: Sequence[str] = (),
    add: Sequence[str] = (),
) -> None:
    """Insert ``rows`` (values in the order of ``columns``); on the table's key, set the ``replace``
    columns to the new values and add the new values of the ``add`` columns to those held."""
    batch = [tuple(row) for row in rows]
    if batch:
        sql = _sql(table.name, tuple(columns), _key(table), tuple(replace), tuple(add), _mark(conn))
        conn.exec_driver_sql(sql, batch)


def _key(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.primary_key.columns)


@cache
def _sql(
    table: str,
    columns: tuple[str, ...],
    key: tuple[str, ...],
    replace: tuple[str, ...],
    add: tuple[str, ...],
    mark: str,
) -> str:
    sql = f'INSERT INTO "{table}" ({_names(columns)}) VALUES ({", ".join([mark] * len(columns))})'
    changes = [f'"{c}" = excluded."{c}"' for c in replace]
    changes += [f'"{c}" = "{table}"."{c}" + excluded."{c}"' for c in add]
    if changes:
        sql += f" ON CONFLICT ({_names(key)}) DO UPDATE SET {', '.join(changes)}"
    return sql


def _names(columns: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def select_in(
    conn: Connection, table: Table, columns: Sequence[str], key: str, keys: Iterable[str], **equal: str
) -> list[Row[Any]]:
    """The ``columns`` of the rows of ``table`` whose ``key`` is one of ``keys`` and whose other
    columns hold the values ``equal`` names (the site, at least, as every campaign table is keyed)."""
    ordered = sorted(set(keys))
    if not ordered:
        return []
    where = " AND ".join(f'"{c}" = {_mark(conn)}' for c in equal)
    head = f'SELECT {_names(columns)} FROM "{table.name}" WHERE {where} AND "{key}"'
    if conn.dialect.paramstyle != "qmark":  # PostgreSQL takes the keys as one array
        return list(conn.exec_driver_sql(f"{head} = ANY(%s)", (*equal.values(), ordered)).all())
    found: list[Row[Any]] = []
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        found += conn.exec_driver_sql(f"{head} IN ({marks})", (*equal.values(), *chunk)).all()
    return found


def _mark(conn: Connection) -> str:
    # The server's two drivers: sqlite3 (qmark) and psycopg (format).
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


# SQLite allows 32,766 parameters in a statement; a chunk keeps each IN list short.
_CHUNK = 500
