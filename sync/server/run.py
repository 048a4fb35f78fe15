"""Running the server on uvicorn, and opening its database for the administration commands."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import platformdirs
import uvicorn
from sqlalchemy import Engine, select

from sync.server import db
from sync.server.app import Settings, create_app

DEFAULT_URL = "http://127.0.0.1:8765"


def default_db() -> Path:
    env = os.environ.get("TESTPOINT_SERVER_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("testpoint", appauthor=False)) / "server.db"


def resolve_url(database_url: str | None, path: Path | None) -> str:
    if database_url is None:
        path = path or default_db()
        path.parent.mkdir(parents=True, exist_ok=True)
    return db.database_url(database_url, path)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before uvicorn starts so that port 0 gets a known port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto given explicitly: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say TCP,
    # and with Nagle on every keep-alive answer waits 40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def serve(settings: Settings, host: str, port: int, announce: Callable[[str], None]) -> None:
    sock = bind(host, port)
    url = f"http://{host}:{sock.getsockname()[1]}"
    app = create_app(settings)
    if host not in ("0.0.0.0", "::"):
        remember(app.state.engine, "listen_url", url)
    announce(f"serving on {url}")
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_keep_alive=30)
    uvicorn.Server(config).run(sockets=[sock])


def remember(engine: Engine, key: str, value: str) -> None:
    s = db.settings.c
    with db.writing(engine) as conn:
        conn.execute(db.settings.delete().where(s.key == key))
        conn.execute(db.settings.insert().values(key=key, value=value))


def public_url(engine: Engine) -> str:
    """Where stations reach this server: set with ``server init --url``, else where it last listened."""
    s = db.settings.c
    with db.reading(engine) as conn:
        found = dict(
            conn.execute(select(s.key, s.value).where(s.key.in_(["public_url", "listen_url"]))).all()
        )
    return str(found.get("public_url") or found.get("listen_url") or DEFAULT_URL)
