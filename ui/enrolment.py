"""Enrolling this laptop with the central server from the first-start dialog, off the GUI thread: read
a code file, spend the one-time code, then a first sync brings the campaign's checkpoints, rounds
and rosters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from registration.sampling import desk
from registration.setup.campaign import CampaignError
from registration.storage.store import Store
from sync import client, enrolment
from sync.schema import BadEnrolmentCode
from sync.transport import ServerRefused, Unreachable
from ui.db_worker import Database
from ui.tasks import in_background

log = logging.getLogger(__name__)

ENROLMENT_PREFIX = "TPE1."


def looks_like_enrolment_code(text: str) -> bool:
    return text.strip().startswith(ENROLMENT_PREFIX)


def enrol(
    db: Database,
    code: str,
    done: Callable[[Any], None],
    failed: Callable[[Exception], None],
    server: str | None = None,
) -> None:
    """Enrol the database of ``db`` (``server``: the address typed beside a typed code); ``done``
    receives its ``CampaignInfo`` afterwards."""
    path = db.path

    def work() -> bool:
        try:
            enrolment.enroll(path, code, server_url=server)
        except (BadEnrolmentCode, ServerRefused, Unreachable) as exc:
            raise _refusal(exc) from exc
        try:
            with Store(path) as store:
                client.sync_once(store)
        except client.SyncFailed as exc:
            # Enrolled all the same: the campaign arrives with the next sync.
            log.warning("first sync after enrolment failed: %s", exc)
            return False
        return True

    def enrolled(_synced: bool) -> None:
        db.run(desk.campaign_info, done, failed)

    in_background(work, enrolled, failed, db)


def read_code_file(
    path: Path, done: Callable[[str], None], failed: Callable[[Exception], None], owner: QObject
) -> None:
    """The code in the file the office saved, read off the GUI thread (a USB stick can be slow)."""

    def work() -> str:
        try:
            return enrolment.read_code_file(path)
        except BadEnrolmentCode as exc:
            raise _refusal(exc) from exc

    in_background(work, done, failed, owner)


def _refusal(error: Exception) -> CampaignError:
    """What the code, the server or the network said, as one line the station shows like any refusal."""
    return CampaignError(error.detail if isinstance(error, ServerRefused) else str(error))
