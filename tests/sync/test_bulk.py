"""The push path's bulk writes: the same rows leave the same table on SQLite (a statement per row)
and on PostgreSQL (one statement over column arrays), rows for one key included; updates by key
change only the rows and columns named."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    select,
)

from sync.server import bulk, db

COLUMNS = ("site", "key", "label", "count", "first")


def _probe() -> Table:
    return Table(
        "bulk_probe",
        MetaData(),
        Column("site", String(64), nullable=False),
        Column("key", String(16), nullable=False),
        Column("label", Text),
        Column("count", Integer, nullable=False),
        Column("first", Text, nullable=False),
        PrimaryKeyConstraint("site", "key"),
    )


def test_rows_for_one_key_upsert_as_they_would_in_turn(database_url: str) -> None:
    engine = db.open_engine(database_url)
    probe = _probe()
    probe.create(engine)
    try:
        upsert = {"replace": ("label",), "add": ("count",)}
        with db.writing(engine) as conn:
            bulk.insert(conn, probe, COLUMNS, [("S", "a", "held", 1, "one")], **upsert)
        with db.writing(engine) as conn:
            bulk.insert(
                conn,
                probe,
                COLUMNS,
                [
                    ("S", "a", "then", 2, "two"),
                    ("S", "b", None, 5, "five"),
                    ("S", "a", "last", 3, "three"),
                    ("S", "b", "named", 7, "seven"),
                    ("T", "a", "other site", 1, "eleven"),
                ],
                **upsert,
            )
            bulk.insert(conn, probe, COLUMNS, [])
        with db.reading(engine) as conn:
            held = [tuple(r) for r in conn.execute(select(probe).order_by(probe.c.site, probe.c.key))]
    finally:
        probe.drop(engine)
        engine.dispose()
    assert held == [
        ("S", "a", "last", 6, "one"),
        ("S", "b", "named", 12, "five"),
        ("T", "a", "other site", 1, "eleven"),
    ]


def test_an_update_by_key_sets_the_columns_named_of_the_rows_found(database_url: str) -> None:
    engine = db.open_engine(database_url)
    probe = _probe()
    probe.create(engine)
    try:
        with db.writing(engine) as conn:
            bulk.insert(conn, probe, COLUMNS, [("S", "a", "one", 1, "x"), ("S", "b", "two", 2, "y")])
            bulk.insert(conn, probe, COLUMNS, [("T", "a", "other", 3, "z")])
        with db.writing(engine) as conn:
            bulk.update(
                conn,
                probe,
                ("site", "key"),
                ("label", "count"),
                [("S", "a", None, 10), ("S", "c", "nobody", 30), ("T", "a", "moved", 40)],
            )
            bulk.update(conn, probe, ("site", "key"), ("label",), [])
        with db.reading(engine) as conn:
            held = [tuple(r) for r in conn.execute(select(probe).order_by(probe.c.site, probe.c.key))]
    finally:
        probe.drop(engine)
        engine.dispose()
    assert held == [("S", "a", None, 10, "x"), ("S", "b", "two", 2, "y"), ("T", "a", "moved", 40, "z")]


def test_text_holding_quotes_backslashes_braces_and_nulls_is_kept_as_it_was(database_url: str) -> None:
    # A body is JSON: quotes and backslashes in every row, which an array's text form must escape.
    texts = ['{"a":"b\\"c"}', "back\\slash", "{brace},comma", "NULL", "", " 检测 ", "é𝔘"]
    rows = [("S", f"k{n}", text, 2**40 + n, text) for n, text in enumerate(texts)]
    rows.append(("S", "none", None, 0, "x"))
    engine = db.open_engine(database_url)
    probe = _probe()
    probe.c["count"].type = BigInteger()
    probe.create(engine)
    try:
        with db.writing(engine) as conn:
            bulk.insert(conn, probe, COLUMNS, rows)
            bulk.update(conn, probe, ("site", "key"), ("first",), [("S", "none", 'set "again"\\')])
        with db.reading(engine) as conn:
            held = {tuple(r) for r in conn.execute(select(probe))}
    finally:
        probe.drop(engine)
        engine.dispose()
    assert held == set(rows[:-1]) | {("S", "none", None, 0, 'set "again"\\')}
