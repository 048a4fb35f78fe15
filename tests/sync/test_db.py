"""The server's SQLite connections are durable: WAL, and every commit synced to disk."""

from __future__ import annotations

from pathlib import Path

from sync.server import db


def test_every_sqlite_connection_writes_ahead_and_syncs_each_commit(tmp_path: Path) -> None:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        for open_ in (db.reading, db.writing):
            with open_(engine) as conn:
                pragma = {
                    name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                    for name in ("journal_mode", "synchronous")
                }
                assert pragma == {"journal_mode": "wal", "synchronous": 2}  # 2: FULL
    finally:
        engine.dispose()
