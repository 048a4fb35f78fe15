"""Asking before what cannot be undone: ending the station (closing its last window ends the program,
and with it the shift), ending the shift, or an action a person confirms."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

ConfirmQuit = Callable[[QWidget], bool]
Confirm = Callable[[QWidget, str], bool]


def ask_to_quit(parent: QWidget) -> bool:
    """Whether the operator really means to quit the station (No is the default answer)."""
    return ask(
        parent,
        QCoreApplication.translate(
            "confirm", "Closing this window ends the station program. Registrations made so far are kept."
        ),
        QCoreApplication.translate("confirm", "Quit the station?"),
    )


def ask(parent: QWidget, question: str, title: str | None = None) -> bool:
    """Whether the person means an action that cannot be undone (No is the default answer)."""
    answer = QMessageBox.question(
        parent,
        title or QCoreApplication.translate("confirm", "Are you sure?"),
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_to_end_shift(parent: QWidget) -> bool:
    """Whether the operator really means to end the shift (No is the default answer)."""
    return ask(
        parent,
        QCoreApplication.translate(
            "confirm",
            "The station goes back to sign-in; the next shift starts there. Registrations made so far "
            "are kept.",
        ),
        QCoreApplication.translate("confirm", "End the shift?"),
    )
