"""The long-lived parts of the running station that outlive any one window: sounds, camera, wedge, sync."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.preferences import Preferences
from ui.sounds import Sounds

if TYPE_CHECKING:
    from ui.camera_worker import Camera
    from ui.sync_worker import SyncController
    from ui.wedge_filter import WedgeFilter


@dataclass
class Services:
    prefs: Preferences
    sounds: Sounds
    camera: Camera
    wedge: WedgeFilter
    sync: SyncController | None = None
