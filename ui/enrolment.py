"""Enrolling this laptop with the central server from the first-start dialog, off the GUI thread: spend
the one-time code, then a first sync brings the campaign's checkpoints, rounds and rosters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from registration.sampling import desk
from registration.storage.store import Store
from sync import client, enrolment
from ui.db_worker import Database
from ui.tasks import in_background

log = logging.getLogger(__name__)

ENROLMENT_PREFIX = "TPE1."


def looks_like_enrolment_code(text: str) -> bool:
    return text.strip().startswith(ENROLMENT_PREFIX)


def enrol(db: Database, code: str, done: Callable[[Any], None], failed: Callable[[Exception], None]) -> None:
    """Enrol the database of ``db``; ``done`` receives its ``CampaignInfo`` afterwards."""
    path = db.path

    def work() -> bool:
        enrolment.enroll(path, code)
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
