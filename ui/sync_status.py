"""The sync status, always visible in the status bar: offline, syncing with progress, last sync time,
events waiting, "sync now", the per-event refusals and conflicts in plain words, and the export of
this laptop's bundle for a USB stick when there is no network.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from registration.storage.store import Store
from sync import bundle, client
from sync.schema import BundleHeader
from ui import reasons
from ui.banner import clock_time
from ui.db_worker import describe
from ui.sync_worker import SyncController


class SyncStatus(QWidget):
    """The status-bar strip of the sync."""

    def __init__(self, sync: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync = sync
        self.state = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setVisible(False)
        self.now = QPushButton(self.tr("Sync now"))
        self.now.clicked.connect(sync.sync_now)
        self.problems = QPushButton()
        self.problems.setVisible(False)
        self.problems.clicked.connect(self.open_problems)
        self.export = QPushButton(self.tr("Export bundle for USB…"))
        self.export.setToolTip(
            self.tr("Without network: write this laptop's events to a file for the campaign office")
        )
        self.export.setVisible(False)
        self.export.clicked.connect(self.choose_export)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.bar)
        layout.addWidget(self.problems)
        layout.addWidget(self.now)
        layout.addWidget(self.export)
        sync.status_changed.connect(self.show_status)
        sync.progress.connect(self.show_progress)
        sync.busy_changed.connect(self._busy)
        sync.failed.connect(self._failed)
        self.dialog: ProblemsDialog | None = None
        self.exported: QMessageBox | None = None
        """What the last export wrote, or why it wrote nothing."""
        if sync.status is not None:
            self.show_status(sync.status)
        else:
            self.state.setText(self.tr("Sync: …"))

    def describe(self, status: client.Status) -> str:
        if not status.enrolled:
            return self.tr("Not enrolled with a server · {count} events kept here").format(
                count=status.waiting
            )
        when = clock_time(status.last_sync) if status.last_sync else self.tr("never")
        if self.sync.busy:
            head = self.tr("Syncing…")
        elif self.sync.last_error:
            head = self.tr("Offline")
        else:
            head = self.tr("Online")
        return self.tr("{head} · last sync {when} · {count} waiting").format(
            head=head, when=when, count=status.waiting
        )

    def show_status(self, status: client.Status) -> None:
        self.now.setEnabled(status.enrolled and not self.sync.busy)
        # Only the server this laptop is enrolled with can import its bundle.
        self.export.setVisible(status.enrolled)
        self.state.setText(self.describe(status))
        warning = status.clock_warning
        tooltip = reasons.translate(self.sync.last_error)
        if warning:
            tooltip = f"{tooltip}\n{warning}".strip()
        self.state.setToolTip(tooltip)
        count = len(status.refusals) + len(status.flagged)
        self.problems.setVisible(count > 0)
        self.problems.setText(self.tr("Problems: {count}").format(count=count))
        if self.dialog is not None:
            self.dialog.show_status(status)

    def show_progress(self, phase: str, done: int, total: int) -> None:
        self.bar.setVisible(True)
        self.bar.setRange(0, max(total, 0))
        self.bar.setValue(done)
        what = self.tr("sending") if phase == "push" else self.tr("receiving")
        self.bar.setFormat(f"{what} {done}/{total}" if total >= 0 else f"{what} {done}")

    def _failed(self, why: str) -> None:
        self.state.setToolTip(reasons.translate(why))

    def _busy(self, busy: bool) -> None:
        self.now.setEnabled(not busy)
        if not busy:
            self.bar.setVisible(False)
        if self.sync.status is not None:
            self.state.setText(self.describe(self.sync.status))

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export bundle for USB"), "station.bundle", self.tr("Sync bundles (*.bundle)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the bundle on the database thread, sealed to the server when its key is known."""

        def job(store: Store) -> tuple[BundleHeader, bool]:
            seal_to = bundle.server_key(store)
            return bundle.export(store, path, seal_to=seal_to), seal_to is not None

        self.export.setEnabled(False)
        self.sync.db.run(job, lambda done: self._exported(path, *done), self._export_failed)

    def _exported(self, path: Path, header: BundleHeader, sealed: bool) -> None:
        if sealed:
            text = self.tr("{count} events written to {path}. Sealed: only the server can read it.")
        else:
            text = self.tr(
                "{count} events written to {path}. Not sealed: this laptop learns the server's key at "
                "its first sync over the network."
            )
        self._tell(QMessageBox.Icon.Information, text.format(count=header.events, path=str(path)))

    def _export_failed(self, error: Exception) -> None:
        reason = reasons.translate(describe(error))
        self._tell(QMessageBox.Icon.Warning, self.tr("No bundle written: {reason}").format(reason=reason))

    def _tell(self, icon: QMessageBox.Icon, text: str) -> None:
        self.export.setEnabled(True)
        self.exported = QMessageBox(icon, self.tr("Export bundle for USB"), text, parent=self)
        self.exported.open()

    def open_problems(self) -> ProblemsDialog:
        self.dialog = ProblemsDialog(self)
        if self.sync.status is not None:
            self.dialog.show_status(self.sync.status)
        self.dialog.open()
        return self.dialog


class ProblemsDialog(QDialog):
    """The events the server refused or kept aside, and people registered at two checkpoints."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sync problems"))
        self.setMinimumSize(640, 360)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def words(self, refusal: client.Refusal) -> str:
        what = reasons.event_kind(refusal.kind)
        if refusal.status == "conflict":
            return self.tr(
                "{time} {what}: the server holds a different event with the same id; "
                "both are kept for a person to check"
            ).format(time=clock_time(refusal.at), what=what)
        if refusal.status == "set_aside":
            return self.tr(
                "{what}: another laptop corrected or voided the same registration first; "
                "yours is kept aside, not applied: check who is in that tube position"
            ).format(what=what)
        if refusal.status == "unapplied":
            return self.tr("{time} an event from another laptop could not be applied here: {reason}").format(
                time=clock_time(refusal.at), reason=reasons.translate(refusal.reason)
            )
        return self.tr("{time} {what} refused by the server: {reason}").format(
            time=clock_time(refusal.at), what=what, reason=reasons.translate(refusal.reason)
        )

    def show_status(self, status: client.Status) -> None:
        self.list.clear()
        for refusal in status.refusals:
            self.list.addItem(self.words(refusal))
        for flag in status.flagged:
            # The name as the station shows it after a scan; the ID number stays masked.
            person = f"{flag.name} ({flag.person})" if flag.name else flag.person
            self.list.addItem(
                self.tr("{person} was registered at {checkpoints} in round {round}").format(
                    person=person, checkpoints=", ".join(flag.checkpoints), round=flag.round
                )
            )
        if self.list.count() == 0:
            self.list.addItem(self.tr("No problem."))
