"""Signing in to the dashboard without slowing anything else: the attempt is counted before the
password is hashed, hashing runs outside any transaction, one hash at a time per process, and
sign-ins beyond a short queue are turned away at once.

Argon2 takes tens of milliseconds of a core and 64 MiB per hash on purpose; a flood of sign-ins
must cost the server that much a few times over, never once per request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from sync.server import db, users

# Refusals remembered in memory, so that a locked-out flood costs no database write; bounded,
# because the keys are the callers' choice.
_REMEMBERED = 10_000


class Busy(Exception):
    """Too many sign-ins are waiting for their password to be checked (503, try again)."""

    retry_after_s = 5

    def __init__(self) -> None:
        super().__init__("too many sign-ins at once: try again in a few seconds")


class SignIn:
    """One per app (so per event loop): ``await sign_in(name, password, address)``."""

    def __init__(
        self,
        engine: Engine,
        now_ms: Callable[[], int],
        *,
        hashing: int = 1,
        waiting: int = 16,
        wait_s: float = 5.0,
        refusal_delay_s: float = 1.0,
    ) -> None:
        self._engine = engine
        self._now_ms = now_ms
        self._refusal_delay_s = refusal_delay_s
        self._hashing = asyncio.Semaphore(hashing)
        # Hashed on threads of their own: each thread that hashes keeps the hash's memory in its
        # own malloc arena, and on the shared pool's forty threads a flood grew a process by 100 MB.
        self._hashers = ThreadPoolExecutor(hashing, thread_name_prefix="password")
        self._room = waiting + hashing
        self._inside = 0
        self._wait_s = wait_s
        self._refused: dict[tuple[str, str], int] = {}

    def close(self) -> None:
        """Let the hashing thread go, once no request can sign in any more."""
        self._hashers.shutdown(cancel_futures=True)

    async def __call__(self, username: str, password: str, address: str) -> str | None:
        """A session token for the right password, None for a wrong one; TooManyAttempts while
        over the limit, Busy while too many others wait to be checked.

        Refusals are given after a delay: a flood that waits for its answers (as HTTP clients do)
        then asks about once a second per connection, not as fast as the server can answer, and
        each of its requests cost the event loop milliseconds that the stations' pushes waited for.
        """
        try:
            return await self._sign_in(username, password, address)
        except (users.TooManyAttempts, Busy):
            await asyncio.sleep(self._refusal_delay_s)
            raise

    async def _sign_in(self, username: str, password: str, address: str) -> str | None:
        now = self._now_ms()
        for key in ((username, address), ("", address)):
            until = self._refused.get(key, 0)
            if until > now:
                raise users.TooManyAttempts((until - now) // 1000)
        if self._inside >= self._room:
            raise Busy
        self._inside += 1
        try:
            found = await run_in_threadpool(self._reserve, username, address, now)
            try:
                async with asyncio.timeout(self._wait_s):
                    await self._hashing.acquire()
            except TimeoutError:
                raise Busy from None
            try:
                loop = asyncio.get_running_loop()
                right = await loop.run_in_executor(self._hashers, users.check_password, found, password)
                new_hash = (
                    await loop.run_in_executor(self._hashers, users.rehashed, found, password)
                    if right and found
                    else None
                )
            finally:
                self._hashing.release()
        finally:
            self._inside -= 1
        if not right:
            return None
        return await run_in_threadpool(self._open, username, address, new_hash)

    def _reserve(self, username: str, address: str, now: int) -> str | None:
        try:
            with db.writing(self._engine) as conn:
                users.reserve_attempt(conn, username, address, now)
        except users.TooManyAttempts as exc:
            if len(self._refused) >= _REMEMBERED:
                self._refused.clear()
            until = now + exc.retry_after_s * 1000
            self._refused[(username, address)] = until
            if exc.per_address:
                self._refused[("", address)] = until
            raise
        with db.reading(self._engine) as conn:
            return users.password_hash(conn, username)

    def _open(self, username: str, address: str, new_hash: str | None) -> str:
        with db.writing(self._engine) as conn:
            return users.open_session(conn, username, address, self._now_ms(), new_hash)
