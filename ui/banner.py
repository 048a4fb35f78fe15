"""The large result banner of the scan screen: one colour and two lines, readable from two metres."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from registration.sampling.registrations import Status
from registration.sampling.tubes import Tube
from ui import reasons
from ui.station import Scan


class Look(StrEnum):
    """What a banner says, which also picks its colour and its sound."""

    IDLE = "idle"
    REGISTERED = "registered"
    ALREADY = "already"
    YELLOW = "yellow"
    RED = "red"
    REJECTED = "rejected"
    TUBE = "tube"
    IDENTITY = "identity"
    AMBIGUOUS = "ambiguous"


# Background and text colours chosen for contrast under bright daylight.
_COLOURS: dict[Look, tuple[str, str]] = {
    Look.IDLE: ("#37474f", "#ffffff"),
    Look.REGISTERED: ("#1b7a2f", "#ffffff"),
    Look.ALREADY: ("#1565c0", "#ffffff"),
    Look.YELLOW: ("#fbc02d", "#000000"),
    Look.RED: ("#c62828", "#ffffff"),
    Look.REJECTED: ("#6d1b1b", "#ffffff"),
    Look.TUBE: ("#4a148c", "#ffffff"),
    Look.IDENTITY: ("#e65100", "#ffffff"),
    Look.AMBIGUOUS: ("#5d4037", "#ffffff"),
}

TITLE_PX = 46
DETAIL_PX = 26


def clock_time(iso: str, seconds: bool = False) -> str:
    """09:12 (or 09:12:05) from a stored ISO time; the text itself when it is not one."""
    try:
        return datetime.fromisoformat(iso).strftime("%H:%M:%S" if seconds else "%H:%M")
    except ValueError:
        return iso


class Banner(QFrame):
    """Shows the latest scan's result in large type on a coloured band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.look = Look.IDLE
        self.title = QLabel()
        self.detail = QLabel()
        for label, px in ((self.title, TITLE_PX), (self.detail, DETAIL_PX)):
            font = label.font()
            font.setPixelSize(px)
            font.setBold(label is self.title)
            label.setFont(font)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        self.setMinimumHeight(TITLE_PX + 2 * DETAIL_PX + 40)
        self.idle()

    def idle(self, tube: Tube | None = None) -> None:
        """What to do next: open a tube when none is open, else show the next person's code."""
        if tube is None:
            self.show_text(
                Look.IDLE,
                self.tr("Scan a tube label"),
                self.tr("Hold the tube's barcode in the box, scan it, or type its code"),
            )
            return
        self.show_text(
            Look.IDLE,
            self.tr("Show a code to the camera"),
            self.tr("Tube {code} · {filled}/{size} filled").format(
                code=tube.code, filled=tube.filled, size=tube.size
            ),
        )

    def show_text(self, look: Look, title: str, detail: str = "") -> None:
        self.look = look
        background, foreground = _COLOURS[look]
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border-radius: 8px; }}"
            f"QFrame#banner QLabel {{ color: {foreground}; background: transparent; }}"
        )
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))

    def show_scan(self, scan: Scan) -> None:
        look, title, detail = self.describe(scan)
        self.show_text(look, title, detail)

    def describe(self, scan: Scan) -> tuple[Look, str, str]:
        """The banner's look and two lines for one scan; a person on no roster is said to be, and a
        card's masked ID number is shown (never the whole number)."""
        look, title, detail = self._describe(scan)
        person = scan.outcome.person
        if person is None:
            return look, title, detail
        if scan.outcome.status in (Status.REGISTERED, Status.ALREADY_REGISTERED) and not person.get(
            "on_roster", True
        ):
            detail += " · " + self.tr("on no roster")
        if scan.source == "idcard":
            detail = f"{person['id_number']} · {detail}"
        return look, title, detail

    def _describe(self, scan: Scan) -> tuple[Look, str, str]:
        outcome = scan.outcome
        person = outcome.person or {}
        who = scan.person_name or person.get("id_number", "")
        tube = outcome.tube or {}
        if outcome.status is Status.REGISTERED:
            detail = self.tr("Tube {code} · position {position}/{size}").format(
                code=tube.get("code", ""), position=tube.get("position", ""), size=tube.get("size", "")
            )
            if tube.get("sealed"):
                detail += " · " + self.tr("tube full, scan the next tube")
            look = Look.REGISTERED
            if scan.colour in ("yellow", "red"):
                look = Look.YELLOW if scan.colour == "yellow" else Look.RED
                detail += " · " + self.tr("single tube")
            return look, self.tr("Registered: {name}").format(name=who), detail
        if outcome.status is Status.ALREADY_REGISTERED:
            previous = outcome.previous or {}
            return (
                Look.ALREADY,
                self.tr("Already registered: {name}").format(name=who),
                self.tr("at {checkpoint} at {time}").format(
                    checkpoint=previous.get("checkpoint", ""), time=clock_time(str(previous.get("at", "")))
                ),
            )
        if scan.colour_alert:
            title = self.tr("Yellow code") if scan.colour == "yellow" else self.tr("Red code")
            look = Look.YELLOW if scan.colour == "yellow" else Look.RED
            return look, f"{title}: {who}", reasons.translate(outcome.reason)
        if outcome.status is Status.TUBE_OPENED:
            return (
                Look.TUBE,
                self.tr("Tube {code} opened").format(code=tube.get("code", "")),
                self.tr("Pool of {size}: show the codes").format(size=tube.get("size", "")),
            )
        if outcome.status is Status.NEEDS_IDENTITY:
            return (
                Look.IDENTITY,
                self.tr("Health code of another system"),
                self.tr("Enter the person's ID number"),
            )
        return Look.REJECTED, self.tr("Refused"), reasons.translate(outcome.reason)

    def show_ambiguous(self) -> None:
        self.show_text(Look.AMBIGUOUS, self.tr("Several codes in view"), self.tr("Show one code at a time"))
