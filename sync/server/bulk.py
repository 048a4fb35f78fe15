"""Many rows in one statement through the database driver, for the push path's per-event writes.

SQLAlchemy processes every row's parameters in Python, which costs more than the database's own
work for the push's inserts and upserts; these go to the driver directly instead: to SQLite's
executemany as tuples, and to PostgreSQL as one array per column, unnested by one statement (an
executemany there is a statement per row, each planned and executed by the server). The arrays go
in binary: in text, every JSON body's quotes and backslashes were escaped one by one in Python,
half of the server's time for a push.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Dialect, Row, Table


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
    if not batch:
        return
    names, key, replace, add = tuple(columns), _key(table), tuple(replace), tuple(add)
    on_conflict = _on_conflict(table.name, key, replace, add)
    if conn.dialect.paramstyle == "qmark":  # SQLite
        marks = ", ".join("?" * len(names))
        conn.exec_driver_sql(
            f'INSERT INTO "{table.name}" ({_names(names)}) VALUES ({marks}){on_conflict}', batch
        )
        return
    if on_conflict:
        # One statement may not change a row twice: the rows for one key become the one row
        # their upserts in turn would have left.
        batch = _folded(
            batch,
            [names.index(c) for c in key],
            {names.index(c) for c in replace},
            {names.index(c) for c in add},
        )
    conn.exec_driver_sql(_unnest(table, names, conn.dialect) + on_conflict, _arrays(batch))


def update(
    conn: Connection,
    table: Table,
    key: Sequence[str],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> None:
    """Set the ``columns`` of the rows found by ``key``: each of ``rows`` holds the key's values, then
    the columns' (a row no key finds is left out)."""
    batch = [tuple(row) for row in rows]
    if not batch:
        return
    if conn.dialect.paramstyle == "qmark":  # SQLite
        changes = ", ".join(f'"{c}" = ?' for c in columns)
        where = " AND ".join(f'"{c}" = ?' for c in key)
        width = len(key)
        conn.exec_driver_sql(
            f'UPDATE "{table.name}" SET {changes} WHERE {where}', [row[width:] + row[:width] for row in batch]
        )
        return
    names = (*key, *columns)
    changes = ", ".join(f'"{c}" = v."{c}"' for c in columns)
    where = " AND ".join(f'"{table.name}"."{c}" = v."{c}"' for c in key)
    values = f"{_arrays_unnested(table, names, conn.dialect)} AS v({_names(names)})"
    conn.exec_driver_sql(f'UPDATE "{table.name}" SET {changes} FROM {values} WHERE {where}', _arrays(batch))


def _key(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.primary_key.columns)


@cache
def _on_conflict(table: str, key: tuple[str, ...], replace: tuple[str, ...], add: tuple[str, ...]) -> str:
    changes = [f'"{c}" = excluded."{c}"' for c in replace]
    changes += [f'"{c}" = "{table}"."{c}" + excluded."{c}"' for c in add]
    return f" ON CONFLICT ({_names(key)}) DO UPDATE SET {', '.join(changes)}" if changes else ""


@cache
def _unnest(table: Table, columns: tuple[str, ...], dialect: Dialect) -> str:
    rows = _arrays_unnested(table, columns, dialect)
    return f'INSERT INTO "{table.name}" ({_names(columns)}) SELECT * FROM {rows}'


@cache
def _arrays_unnested(table: Table, columns: tuple[str, ...], dialect: Dialect) -> str:
    """PostgreSQL's rows of one array parameter per column, typed as the columns are."""
    arrays = ", ".join(f"%b::{table.c[c].type.compile(dialect)}[]" for c in columns)
    return f"unnest({arrays})"


def _folded(
    batch: list[tuple[Any, ...]], key: list[int], replace: set[int], add: set[int]
) -> list[tuple[Any, ...]]:
    """``batch`` with one row per key, as upserting its rows in turn leaves it: the first row's
    values, the last one's in the ``replace`` columns, and the ``add`` columns summed."""
    held: dict[tuple[Any, ...], list[Any]] = {}
    for row in batch:
        at = tuple(row[i] for i in key)
        before = held.get(at)
        if before is None:
            held[at] = list(row)
            continue
        for i in replace:
            before[i] = row[i]
        for i in add:
            before[i] += row[i]
    return [tuple(row) for row in held.values()]


def _arrays(batch: list[tuple[Any, ...]]) -> tuple[list[Any], ...]:
    """One list per column (a tuple: SQLAlchemy takes a list of parameters as an executemany)."""
    return tuple(list(column) for column in zip(*batch, strict=True))


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
    if conn.dialect.paramstyle != "qmark":
        # PostgreSQL takes the keys as one array, joined rather than tested with = ANY: while a
        # table's statistics lag its growth (autovacuum has not analysed it yet), = ANY was tried
        # on every row of the site against each key in turn (26 ms for a push's 200 tubes among
        # 8,000), where a join hashes them (1.5 ms), and either way looks keys up once analysed.
        name = f'"{table.name}"'
        picked = ", ".join(f'{name}."{c}"' for c in columns)
        where = " AND ".join(f'{name}."{c}" = %s' for c in equal)
        query = f'SELECT {picked} FROM unnest(%s::text[]) AS k(key) JOIN {name} ON {name}."{key}" = k.key'
        return list(conn.exec_driver_sql(f"{query} WHERE {where}", (ordered, *equal.values())).all())
    where = " AND ".join(f'"{c}" = ?' for c in equal)
    head = f'SELECT {_names(columns)} FROM "{table.name}" WHERE {where} AND "{key}"'
    found: list[Row[Any]] = []
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        found += conn.exec_driver_sql(f"{head} IN ({marks})", (*equal.values(), *chunk)).all()
    return found


# SQLite allows 32,766 parameters in a statement; a chunk keeps each IN list short.
_CHUNK = 500
