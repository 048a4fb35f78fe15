"""The long-lived parts of the running station that outlive any one window: sounds, camera, ID-card reader,
wedge, sync."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.preferences import Preferences
from ui.sounds import Sounds

if TYPE_CHECKING:
    from ui.camera_worker import Camera
    from ui.reader_worker import CardReader
    from ui.sync_worker import SyncController
    from ui.wedge_filter import WedgeFilter


@dataclass
class Services:
    prefs: Preferences
    sounds: Sounds
    camera: Camera
    reader: CardReader
    wedge: WedgeFilter
    sync: SyncController | None = None
