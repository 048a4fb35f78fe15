"""Asking before the station ends: closing its last window ends the program, and with it the shift; "End
shift" ends the shift (a stray click on either must not)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

ConfirmQuit = Callable[[QWidget], bool]


def ask_to_quit(parent: QWidget) -> bool:
    """Whether the operator really means to quit the station (No is the default answer)."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("confirm", "Quit the station?"),
        QCoreApplication.translate(
            "confirm", "Closing this window ends the station program. Registrations made so far are kept."
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_to_end_shift(parent: QWidget) -> bool:
    """Whether the operator really means to end the shift (No is the default answer)."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("confirm", "End the shift?"),
        QCoreApplication.translate(
            "confirm",
            "The station goes back to sign-in; the next shift starts there. Registrations made so far "
            "are kept.",
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
