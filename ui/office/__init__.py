"""The campaign office's screens, shown on an administrator laptop (or a campaign never enrolled).

Like the checkpoint screens they hand every database job to the station's database thread and
every server call to the thread pool; the GUI thread only shows answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget

from registration.storage.store import Store
from sync import admin_client
from ui.office.badges import BadgesScreen
from ui.office.bundles import BundlesScreen
from ui.office.firms import FirmsScreen
from ui.office.glance import GlanceScreen
from ui.office.lab import LabScreen
from ui.office.labels import LabelsScreen
from ui.office.laptops import LaptopsScreen
from ui.office.liaisons import LiaisonsScreen
from ui.office.reminders_screen import RemindersScreen
from ui.office.rosters import RostersScreen
from ui.office.rounds import RoundsScreen
from ui.office.unmaskings import UnmaskingsScreen
from ui.station import Station

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class OfficeScreens(QWidget):
    """The office's screens, chosen from a list down the side: tabs down the side (their titles
    turned on end) did not all fit a 1366x768 laptop's window, and hid the last screens behind
    scroll arrows."""

    currentChanged = Signal(int)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nav = QListWidget()
        self.stack = QStackedWidget()
        self.glance = GlanceScreen(station)
        self.rosters = RostersScreen(station)
        self.firms = FirmsScreen(station)
        self.rounds = RoundsScreen(station)
        self.badges = BadgesScreen(station)
        self.labels = LabelsScreen(station)
        self.laptops = LaptopsScreen(station)
        self.bundles = BundlesScreen(station)
        self.lab = LabScreen(station)
        self.unmaskings = UnmaskingsScreen(station)
        self.liaisons = LiaisonsScreen(station)
        self.reminders = RemindersScreen(station)
        for screen, title in (
            (self.glance, self.tr("At a glance")),
            (self.rosters, self.tr("Rosters")),
            (self.firms, self.tr("Headcounts")),
            (self.rounds, self.tr("Rounds")),
            (self.badges, self.tr("Person codes")),
            (self.labels, self.tr("Labels")),
            (self.laptops, self.tr("Laptops")),
            (self.bundles, self.tr("Bundles")),
            (self.lab, self.tr("Lab results")),
            (self.unmaskings, self.tr("Unmaskings")),
            (self.liaisons, self.tr("Liaisons")),
            (self.reminders, self.tr("Reminders")),
        ):
            self.stack.addWidget(screen)
            self.nav.addItem(title)
        self.nav.setStyleSheet("QListWidget::item { padding: 6px 10px; }")
        self.nav.setCurrentRow(0)
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 4)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.stack.currentChanged.connect(self.nav.setCurrentRow)
        self.stack.currentChanged.connect(self.currentChanged)
        self.currentChanged.connect(lambda _i: self.refresh())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)

    def currentWidget(self) -> QWidget | None:
        return self.stack.currentWidget()

    def setCurrentWidget(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)

    def refresh(self) -> None:
        refresh = getattr(self.currentWidget(), "refresh", None)
        if callable(refresh):
            refresh()


def add_office(window: MainWindow) -> None:
    """Add the office's tab once the database says this laptop is the office (a checkpoint never sees it)."""

    def job(store: Store) -> admin_client.Role:
        with store.read() as conn:
            return admin_client.role(conn)

    def show(role: admin_client.Role) -> None:
        # The window may have been replaced (a change of language) while the job ran.
        if role.office and shiboken6.isValid(window):
            window.office = OfficeScreens(window.station)
            window.tabs.addTab(window.office, QCoreApplication.translate("OfficeScreens", "Campaign office"))
            if window.office_only:
                window.tabs.setCurrentWidget(window.office)

    window.station.db.run(job, show)
