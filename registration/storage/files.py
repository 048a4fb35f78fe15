"""Files written for people: readable by their owner only, and there whole or not at all.

Station databases, exports with full ID numbers (``--reveal``), badges, bundles and enrolment
codes name people or open the way to the server; none is left readable by other users of the
laptop, and a full disk never leaves half a file in place of a good one.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def create_private(path: Path) -> None:
    """Create ``path`` empty and owner-only unless it exists (a database SQLite then fills)."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


def private_dir(path: Path) -> None:
    """``path`` as a directory, made owner-only when it is new."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)


@contextmanager
def private_output(path: Path) -> Iterator[Path]:
    """Where to write what becomes ``path``: an owner-only file beside it, put in its place when
    the block ends without error; on an error it is removed and ``path`` is as it was.

    A device or a pipe (``/dev/stdout``) is written as it is. Every OSError names ``path``.

    >>> with private_output(Path("missing.csv")) as target:  # doctest: +SKIP
    ...     target.write_text("name\\n")
    """
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory; give a file name", str(path))
        if path.exists() and not path.is_file():
            yield path
            return
        private_dir(path.parent)
        # The same suffix: image and workbook writers choose the format by it.
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=path.suffix)
        os.close(fd)
        partial = Path(name)
        try:
            yield partial
            with partial.open("rb+") as written:
                os.fsync(written.fileno())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    except OSError as exc:
        if exc.filename == str(path):
            raise
        raise type(exc)(exc.errno, exc.strerror or str(exc), str(path)) from exc
