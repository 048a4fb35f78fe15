"""Marking texts for translation away from any QObject (tables of headings, reasons), typed for mypy.

``pyside6-lupdate`` finds the calls by the name ``QT_TRANSLATE_NOOP``; the text is translated
where it is shown, with ``QCoreApplication.translate`` and the same context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6 import QtCore

QT_TRANSLATE_NOOP = cast("Callable[[str, str], str]", QtCore.QT_TRANSLATE_NOOP)
