"""The reminders screen: where each enterprise's liaison is reminded (a WeCom or DingTalk group
robot's webhook, or an e-mail address), a round's missing lists sent to them now, and every send
with its outcome; all through the server's administrator endpoints, which send and retry.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from registration.reports import office_views
from registration.setup import campaign
from registration.storage.store import Store
from sync import admin_client
from ui.office.common import Notice, Rows, table, when_ms, with_server
from ui.station import Station


class RemindersScreen(QWidget):
    """Channels per enterprise, sending now, the round's sends.

    Signals:
        channels_listed(): the channels table shows the server's.
        sends_listed(): the sends table shows the round's.
        reminded(object): a send finished (the server's ``Reminded`` answer).
    """

    channels_listed = Signal()
    sends_listed = Signal()
    reminded = Signal(object)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.channels: list[admin_client.ChannelInfo] = []
        self.round = QComboBox()
        self.round.setMinimumWidth(140)
        self.round.currentTextChanged.connect(lambda _name: self.list_sends())
        self.enterprise = QComboBox()
        self.enterprise.setEditable(True)
        self.enterprise.setMinimumWidth(180)
        self.kind = QComboBox()
        for label, kind in (
            (self.tr("WeCom robot"), "wecom"),
            (self.tr("DingTalk robot"), "dingtalk"),
            (self.tr("E-mail"), "email"),
        ):
            self.kind.addItem(label, kind)
        self.target = QLineEdit()
        self.target.setPlaceholderText(
            self.tr("The robot's webhook address, or the liaison's e-mail address")
        )
        set_button = QPushButton(self.tr("Set the channel"))
        set_button.clicked.connect(self.set_channel)
        self.remove_button = QPushButton(self.tr("Remove the selected channel"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.channels_model = Rows(
            [self.tr("Enterprise"), self.tr("Channel"), self.tr("Address"), self.tr("Set by")]
        )
        self.channels_view = table(self.channels_model)
        self.mail_server = QLabel()
        self.mail_server.setWordWrap(True)

        self.all_button = QPushButton(self.tr("Remind every enterprise's liaison now"))
        self.all_button.clicked.connect(lambda: self.remind(None))
        self.one_button = QPushButton(self.tr("Remind the selected enterprise's liaison"))
        self.one_button.clicked.connect(self.remind_selected)
        self.sends_model = Rows(
            [
                self.tr("Enterprise"),
                self.tr("State"),
                self.tr("People"),
                self.tr("Tries"),
                self.tr("Sent at"),
                self.tr("By"),
                self.tr("Error"),
            ]
        )
        self.sends_view = table(self.sends_model)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        explain = QLabel(
            self.tr(
                "Each enterprise's liaison gets the round's list of its people not yet tested (names and "
                "masked ID numbers only) and a link to the command centre's page. A send that fails is "
                "tried again by the server, waiting longer each time, and shown here until it is "
                "delivered or given up."
            )
        )
        explain.setWordWrap(True)
        self.notice = Notice()

        entry = QHBoxLayout()
        entry.addWidget(QLabel(self.tr("Enterprise")))
        entry.addWidget(self.enterprise)
        entry.addWidget(self.kind)
        entry.addWidget(self.target, 1)
        entry.addWidget(set_button)
        channel_buttons = QHBoxLayout()
        channel_buttons.addWidget(self.mail_server, 1)
        channel_buttons.addWidget(self.remove_button)
        send = QHBoxLayout()
        send.addWidget(QLabel(self.tr("Round")))
        send.addWidget(self.round)
        send.addStretch(1)
        send.addWidget(self.one_button)
        send.addWidget(self.all_button)
        send.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(entry)
        layout.addWidget(self.channels_view, 1)
        layout.addLayout(channel_buttons)
        layout.addLayout(send)
        layout.addWidget(self.notice)
        layout.addWidget(self.sends_view, 2)

    def refresh(self) -> None:
        def job(store: Store) -> tuple[list[str], list[str]]:
            with store.read() as conn:
                firms = [e.name for e in office_views.enterprise_list(conn)]
                return firms, [r.name for r in campaign.rounds(conn)]

        self.station.db.run(job, self._local, self.notice.refused)
        with_server(self.station, self, admin_client.channels, self._channels, self.notice.refused)

    def _local(self, found: tuple[list[str], list[str]]) -> None:
        firms, rounds = found
        typed = self.enterprise.currentText()
        self.enterprise.clear()
        self.enterprise.addItems(firms)
        self.enterprise.setCurrentText(typed)
        chosen = self.round.currentText()
        self.round.blockSignals(True)
        self.round.clear()
        self.round.addItems(rounds)
        self.round.setCurrentText(chosen if chosen in rounds else (rounds[-1] if rounds else ""))
        self.round.blockSignals(False)
        self.list_sends()

    def _channels(self, answer: admin_client.Channels) -> None:
        self.channels = answer.channels
        kinds = {
            "wecom": self.tr("WeCom robot"),
            "dingtalk": self.tr("DingTalk robot"),
            "email": self.tr("E-mail"),
        }
        self.channels_model.set_rows(
            [(c.enterprise, kinds.get(c.kind, c.kind), c.target, c.set_by) for c in answer.channels]
        )
        self.mail_server.setText(
            self.tr("The server has a mail server for e-mail reminders.")
            if answer.mail_server
            else self.tr("The server has no mail server yet: e-mail reminders wait until one is set there.")
        )
        self.channels_listed.emit()

    def list_sends(self) -> None:
        name = self.round.currentText()
        if not name:
            return
        with_server(
            self.station,
            self,
            lambda server: admin_client.sends(server, name),
            self._sends,
            self.notice.refused,
        )

    def _sends(self, answer: admin_client.Sends) -> None:
        if answer.round != self.round.currentText():
            return  # another round was chosen meanwhile
        self.sends_model.set_rows(
            [
                (
                    s.enterprise,
                    self._status(s.status),
                    s.people,
                    s.tries,
                    when_ms(s.tried_ms or s.created_ms),
                    s.requested_by,
                    s.error or "",
                )
                for s in answer.sends
            ]
        )
        self.sends_listed.emit()

    def _status(self, status: str) -> str:
        return {
            "delivered": self.tr("delivered"),
            "pending": self.tr("retrying"),
            "failed": self.tr("failed"),
            "no_channel": self.tr("no channel"),
            "nobody_missing": self.tr("nobody missing"),
        }.get(status, status)

    def set_channel(self) -> None:
        enterprise, target, kind = (
            self.enterprise.currentText().strip(),
            self.target.text().strip(),
            self.kind.currentData(),
        )
        if not enterprise or not target:
            self.notice.refused(self.tr("Choose the enterprise and type where its reminders go."))
            return
        request = (
            admin_client.ChannelRequest(enterprise=enterprise, email=target)
            if kind == "email"
            else admin_client.ChannelRequest(enterprise=enterprise, webhook=target, kind=kind)
        )

        def done(made: admin_client.ChannelInfo) -> None:
            self.notice.done(
                self.tr("Reminders for {enterprise} go to {target}.").format(
                    enterprise=made.enterprise, target=made.target
                )
            )
            self.target.clear()
            self.refresh()

        with_server(
            self.station,
            self,
            lambda server: admin_client.set_channel(server, request),
            done,
            self.notice.refused,
        )

    def _selected(self) -> str | None:
        rows = self.channels_view.selectionModel().selectedRows()
        return self.channels[rows[0].row()].enterprise if rows else None

    def remove_selected(self) -> None:
        enterprise = self._selected()
        if enterprise is None:
            self.notice.refused(self.tr("Select the enterprise's channel."))
            return

        def done(_answer: admin_client.ChannelRemoved) -> None:
            self.notice.done(
                self.tr("{enterprise} gets no reminders any more.").format(enterprise=enterprise)
            )
            self.refresh()

        with_server(
            self.station,
            self,
            lambda server: admin_client.remove_channel(server, enterprise),
            done,
            self.notice.refused,
        )

    def remind_selected(self) -> None:
        enterprise = self._selected()
        if enterprise is None:
            self.notice.refused(self.tr("Select the enterprise's channel."))
            return
        self.remind(enterprise)

    def remind(self, enterprise: str | None) -> None:
        """Send the chosen round's missing lists now (``enterprise``'s only, when given)."""
        name = self.round.currentText()
        if not name:
            self.notice.refused(self.tr("There is no round to remind of."))
            return
        self.notice.done(self.tr("Sending…"))
        for button in (self.all_button, self.one_button):
            button.setEnabled(False)

        def done(answer: admin_client.Reminded) -> None:
            for button in (self.all_button, self.one_button):
                button.setEnabled(True)
            sent = sum(r.sent for r in answer.reminders)
            unsent = [r for r in answer.reminders if not r.sent and r.status != "nobody_missing"]
            text = self.tr("Sent to {sent} liaisons.").format(sent=sent)
            if unsent:
                names = ", ".join(f"{r.enterprise} ({self._status(r.status)})" for r in unsent)
                self.notice.refused(text + " " + self.tr("Not sent: {names}.").format(names=names))
            else:
                self.notice.done(text)
            self.reminded.emit(answer)
            self.list_sends()

        def failed(error: Exception) -> None:
            for button in (self.all_button, self.one_button):
                button.setEnabled(True)
            self.notice.refused(error)

        with_server(
            self.station, self, lambda server: admin_client.remind(server, name, enterprise), done, failed
        )
