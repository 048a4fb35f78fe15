"""The server's key for sealed bundles (``sync export --encrypt-to-server``): an X25519 pair made on
first use and kept in the server's settings; stations learn its public half when they sync."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from sync import sealing
from sync.bundle import BadBundle
from sync.server import db

_SETTING = "bundle_private_key"


def private_key(engine: Engine) -> bytes:
    s = db.settings.c
    with db.reading(engine) as conn:
        found = conn.execute(select(s.value).where(s.key == _SETTING)).scalar()
    if found is not None:
        return bytes.fromhex(found)
    try:
        with db.writing(engine) as conn:
            conn.execute(db.settings.insert().values(key=_SETTING, value=sealing.new_private().hex()))
    except IntegrityError:
        pass  # another process made it first: that one is the key
    return private_key(engine)


def public_hex(engine: Engine) -> str:
    return sealing.public_of(private_key(engine)).hex()


@contextmanager
def opened(engine: Engine, path: Path) -> Iterator[Path]:
    """The bundle at ``path`` as a plain bundle file: opened with the server's key when sealed."""
    with path.open("rb") as f:
        sealed = sealing.is_sealed(f.read(len(sealing.MAGIC)))
    if not sealed:
        yield path
        return
    try:
        plain = sealing.open_sealed(path.read_bytes(), private_key(engine))
    except sealing.NotSealedToUs as exc:
        raise BadBundle(path, "bundle.refused_whole", why=exc.reason) from exc

    with tempfile.TemporaryDirectory(prefix="testpoint-bundle-") as folder:  # owner-only (0700)
        opened_path = Path(folder) / path.name
        opened_path.write_bytes(plain)
        yield opened_path
