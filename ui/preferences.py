"""The station's own preferences (database, checkpoint, camera, ID-card reader, sounds, language), kept
in QSettings.

Campaign data lives in the database; these are the laptop's choices, which survive a restart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar, cast, overload

from PySide6.QtCore import QSettings

from registration.storage.store import default_db

LANGUAGES = ("zh_CN", "en")
BACKENDS = ("zxing", "zbar")

T = TypeVar("T", str, int, bool)


class _Pref(Generic[T]):
    """One preference: its QSettings key is the attribute's name, its type that of the default."""

    def __init__(self, default: T, choices: tuple[T, ...] = ()) -> None:
        self.default: T = default
        self.choices: tuple[T, ...] = choices

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    @overload
    def __get__(self, prefs: None, owner: type) -> _Pref[T]: ...
    @overload
    def __get__(self, prefs: Preferences, owner: type) -> T: ...
    def __get__(self, prefs: Preferences | None, owner: type) -> T | _Pref[T]:
        if prefs is None:
            return self
        raw: Any = prefs.settings.value(self.key, self.default)
        value: Any
        # INI files give every value back as text.
        if isinstance(self.default, bool):
            value = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")
        elif isinstance(self.default, int):
            try:
                value = int(raw)
            except (TypeError, ValueError):
                value = self.default
        else:
            value = str(raw)
        if self.choices and value not in self.choices:
            return self.default
        return cast(T, value)

    def __set__(self, prefs: Preferences, value: T) -> None:
        prefs.settings.setValue(self.key, value)
        prefs.settings.sync()


class Preferences:
    """Typed access to the station's QSettings; tests pass an INI file of their own.

    >>> prefs = Preferences.at(Path("/tmp/station.ini"))
    >>> prefs.language
    'zh_CN'
    """

    database_path = _Pref("")
    checkpoint = _Pref("")
    operator = _Pref("")
    round = _Pref("")
    camera = _Pref("0")
    """A camera index ("0") or the path of a video file, image or image folder."""
    backend = _Pref("zxing", BACKENDS)
    reader = _Pref("")
    """The ID-card reader's spec (``serial:COM3``, ``auto``, ``demo``…); "" for none."""
    sounds = _Pref(True)
    speak_names = _Pref(True)
    pool_size = _Pref(10)
    language = _Pref("zh_CN", LANGUAGES)
    auto_sync = _Pref(True)
    window_geometry = _Pref("")
    """The main window's size and place when last closed (QWidget.saveGeometry in base64); "" at first."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings if settings is not None else QSettings("testpoint", "station")

    @classmethod
    def at(cls, path: Path) -> Preferences:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @property
    def database(self) -> Path:
        return Path(self.database_path) if self.database_path else default_db()

    @database.setter
    def database(self, path: Path) -> None:
        self.database_path = str(path)
