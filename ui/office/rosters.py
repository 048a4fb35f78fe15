"""The rosters screen: drop or choose roster files, see each one previewed before anything is written
(rows giving one ID number different details side by side, the office choosing the one imported),
import them; find one person and change them (a late employee, a walk-in, someone who left). Both take
their enterprise from the known ones: a file without an enterprise column is named one, and a person
gets a new enterprise only when someone confirms it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from registration.people.identity import mask_id
from registration.reports import office_views
from registration.sampling.desk import RosterHit
from registration.setup import rosters
from registration.setup.campaign import CampaignError
from registration.storage.collector import collection_paused
from registration.storage.store import Store
from ui import reasons
from ui.confirm import Confirm, ask
from ui.office.common import (
    Notice,
    Rows,
    accept_files,
    dropped_files,
    table,
)
from ui.station import Station

ROSTER_FILES = "*.csv *.xlsx *.xlsm *.txt"
FilePreview = tuple[Path, "tuple[rosters.RosterPreview, dict[str, Any]] | str"]
"""A file and its preview, or why it cannot be read at all (the other files still import)."""


def known_enterprises(store: Store) -> list[str]:
    """The enterprises the campaign knows, declared or named by a roster, by name."""
    with store.read() as conn:
        return [e.name for e in office_views.enterprise_list(conn)]


def enterprise_box(typed: QLineEdit) -> QComboBox:
    """An enterprise typed in ``typed`` or chosen from the known ones (a few letters of a name find it)."""
    box = QComboBox()
    box.setLineEdit(typed)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(box.model(), box)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    box.setCompleter(completer)
    return box


def offer(box: QComboBox, names: list[str]) -> None:
    """Offer ``names`` in an enterprise box, keeping what it shows (a person may be typing)."""
    shown = box.currentText()
    box.blockSignals(True)
    box.clear()
    box.addItems(names)
    box.setCurrentIndex(-1)
    box.setEditText(shown)
    box.blockSignals(False)


class RostersScreen(QWidget):
    """Roster files previewed, then imported; one person found and changed.

    Signals:
        previewed(): the preview of the chosen files is shown.
        imported(): the previewed files are imported.
    """

    previewed = Signal()
    imported = Signal()

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.paths: list[Path] = []
        self.previews: list[rosters.RosterPreview] = []
        self.options: tuple[bool, str | None] = (False, None)
        """Replace, and the enterprise named, of the preview shown."""
        self.chosen: dict[Path, set[int]] = {}
        """The rows the office chose among rows giving one ID number different details, by file."""
        self.clash_lines: list[tuple[Path, frozenset[int], int]] = []
        """For each line of the clashes table: its file, the rows of its clash, and its own first row."""
        self.setAcceptDrops(True)

        choose = QPushButton(self.tr("Choose roster files…"))
        choose.clicked.connect(self._choose)
        self.replace = QCheckBox(self.tr("Replace: take off the people a file no longer lists"))
        self.replace.toggled.connect(self._options_changed)
        typed = QLineEdit()
        typed.setPlaceholderText(self.tr("for a file without an enterprise column"))
        typed.editingFinished.connect(self._options_changed)
        self.enterprise = enterprise_box(typed)
        self.enterprise.setToolTip(
            self.tr(
                "A file without an enterprise column is this enterprise's roster; a file with one "
                "imports only this enterprise's rows. Blank: every enterprise a file lists."
            )
        )
        self.enterprise.activated.connect(self._options_changed)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_previewed)
        self.notice = Notice()
        self.notice.setText(
            self.tr("Drop roster files here (CSV in UTF-8, GBK or GB18030, or XLSX), or choose them.")
        )
        bar = QHBoxLayout()
        bar.addWidget(choose)
        bar.addWidget(QLabel(self.tr("Enterprise")))
        bar.addWidget(self.enterprise, 1)
        bar.addWidget(self.replace, 1)
        bar.addWidget(self.import_button)

        self.files = Rows(
            [
                self.tr("File"),
                self.tr("Enterprise"),
                self.tr("Rows"),
                self.tr("Accepted"),
                self.tr("Duplicates"),
                self.tr("Bad rows"),
                self.tr("Would leave"),
                self.tr("Conflicts"),
                self.tr("Encoding"),
            ]
        )
        self.bad = Rows([self.tr("File"), self.tr("Row"), self.tr("Reason")])
        self.leaving = Rows([self.tr("File"), self.tr("Name"), self.tr("Enterprise"), self.tr("ID number")])
        self.conflicts = Rows(
            [
                self.tr("Name"),
                self.tr("ID number"),
                self.tr("Kept at"),
                self.tr("Also listed by"),
                self.tr("File"),
            ]
        )
        self.clashes = Rows(
            [
                self.tr("File"),
                self.tr("ID number"),
                self.tr("File rows"),
                self.tr("Name"),
                self.tr("Department"),
                self.tr("Phone"),
                self.tr("Imported"),
            ]
        )
        self.clashes_view = table(self.clashes)
        self.choose_button = QPushButton(self.tr("Import the selected row instead"))
        self.choose_button.setEnabled(False)
        self.choose_button.clicked.connect(self._choose_selected)
        clashes = QWidget()
        explain = QLabel(
            self.tr(
                "Rows giving one ID number different details: the first row read is imported unless "
                "you choose another."
            )
        )
        explain.setWordWrap(True)
        clashes_layout = QVBoxLayout(clashes)
        clashes_layout.addWidget(explain)
        clashes_layout.addWidget(self.clashes_view, 1)
        clashes_layout.addWidget(self.choose_button)
        self.details = QTabWidget()
        for model in (self.bad, self.leaving, self.conflicts):
            self.details.addTab(table(model), "")
        self.details.addTab(clashes, "")
        self.files_view = table(self.files)
        self.files_view.horizontalHeader().setDefaultSectionSize(110)
        preview = QSplitter(Qt.Orientation.Vertical)
        preview.addWidget(self.files_view)
        preview.addWidget(self.details)
        preview.setSizes([220, 300])

        self.person = PersonEditor(station)
        self.person.saved.connect(self.refresh)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(preview)
        split.addWidget(self.person)
        split.setSizes([880, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        self._titles()

    def refresh(self) -> None:
        """Offer the enterprises known by now, here and in the one-person editor."""
        self.station.db.run(known_enterprises, self._offer, self.notice.refused)

    def _offer(self, names: list[str]) -> None:
        offer(self.enterprise, names)
        offer(self.person.enterprise, names)

    def _titles(self) -> None:
        self.details.setTabText(0, self.tr("Bad rows ({count})").format(count=self.bad.rowCount()))
        self.details.setTabText(1, self.tr("Would leave ({count})").format(count=self.leaving.rowCount()))
        self.details.setTabText(2, self.tr("Conflicts ({count})").format(count=self.conflicts.rowCount()))
        clashes = len({(path, rows) for path, rows, _ in self.clash_lines})
        self.details.setTabText(3, self.tr("Same ID number ({count})").format(count=clashes))

    def _choose(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Roster files"), "", self.tr("Rosters ({patterns})").format(patterns=ROSTER_FILES)
        )
        if paths:
            self.preview([Path(p) for p in paths])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_files(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_files(event)
        if paths:
            self.preview(paths)

    def _named(self) -> str | None:
        return self.enterprise.currentText().strip() or None

    def _options_changed(self) -> None:
        if self.paths and (self.replace.isChecked(), self._named()) != self.options:
            self.preview(self.paths)

    def preview(self, paths: Sequence[Path]) -> None:
        """Read the files on the database thread and show what importing them would do."""
        chosen, replace, named = list(paths), self.replace.isChecked(), self._named()
        if chosen != self.paths:
            self.chosen = {}  # choices among a file's rows are that file's
        rows = {path: frozenset(picked) for path, picked in self.chosen.items()}
        self.paths = chosen
        self.options = (replace, named)
        shown, self.previews = self.previews, []
        self.import_button.setEnabled(False)
        self.notice.setStyleSheet("")
        self.notice.setText(self.tr("Reading {count} files…").format(count=len(chosen)))

        def job(store: Store) -> list[FilePreview]:
            found: list[FilePreview] = []
            read: list[rosters.RosterPreview] = []
            let_go(shown)
            with collection_paused():
                for path in chosen:
                    try:
                        # Imported in this order: a file is previewed as if those before it were in.
                        preview = rosters.preview_import(
                            store, path, named, replace=replace, earlier=read, chosen=rows.get(path, ())
                        )
                    except CampaignError as exc:
                        found.append((path, exc.reason))
                    else:
                        read.append(preview)
                        # Summed up here: a 100,000-person preview takes a while to count.
                        found.append((path, (preview, preview.to_json())))
            return found

        self.station.db.run(job, self._show, self.notice.refused)

    def _show(self, previews: list[FilePreview]) -> None:
        self.previews = [p[0] for _, p in previews if not isinstance(p, str)]
        lines: list[tuple[object, ...]] = []
        bad: list[tuple[object, ...]] = []
        leaving: list[tuple[object, ...]] = []
        conflicts: list[tuple[object, ...]] = []
        clashes: list[tuple[object, ...]] = []
        self.clash_lines = []
        for path, found in previews:
            name = path.name
            if isinstance(found, str):
                lines.append((name, reasons.translate(found), "", "", "", "", "", "", ""))
                continue
            p, r = found
            lines.append(
                (
                    name,
                    "、".join(sorted(r["per_enterprise"])),
                    r["rows"],
                    r["accepted"],
                    r["duplicates"],
                    len(r["rejected"]),
                    len(p.leaving),
                    len(p.conflicts),
                    r["encoding"],
                )
            )
            bad += [(name, row["row"], reasons.translate(row["reason"])) for row in r["rejected"]]
            leaving += [(name, x.name, x.enterprise, mask_id(x.id_number)) for x in p.leaving]
            conflicts += [conflict_line(name, c) for c in r["conflicts"]]
            for clash in r["clashes"]:
                rows = frozenset(row for version in clash["versions"] for row in version["rows"])
                for version in clash["versions"]:
                    self.clash_lines.append((path, rows, version["rows"][0]))
                    clashes.append(clash_line(name, clash, version))
        self.files.set_rows(lines)
        self.bad.set_rows(bad)
        self.leaving.set_rows(leaving)
        self.conflicts.set_rows(conflicts)
        self.clashes.set_rows(clashes)
        self._titles()
        self.import_button.setEnabled(bool(self.previews))
        self.choose_button.setEnabled(bool(self.clash_lines))
        text = self.tr("Nothing is written yet: check the preview, then import ({count} files).").format(
            count=len(self.previews)
        )
        if self.clash_lines:
            text += " " + self.tr(
                "Some ID numbers are on several rows with different details: choose the row to import "
                "on the “Same ID number” tab."
            )
        self.notice.done(text)
        self.previewed.emit()

    def _choose_selected(self) -> None:
        selected = self.clashes_view.selectionModel().selectedRows()
        if selected:
            self.choose_clash_row(selected[0].row())

    def choose_clash_row(self, line: int) -> None:
        """Import the row of line ``line`` of the clashes table, not the other rows of its ID number:
        previewed again with that choice, which the import then follows."""
        path, rows, row = self.clash_lines[line]
        self.chosen[path] = (self.chosen.get(path, set()) - rows) | {row}
        self.preview(self.paths)

    def import_previewed(self) -> None:
        previews, self.previews = self.previews, []
        self.import_button.setEnabled(False)
        self.notice.setStyleSheet("")
        self.notice.setText(self.tr("Importing…"))

        def job(store: Store) -> tuple[dict[str, int], list[tuple[object, ...]]]:
            with collection_paused():
                reports = [rosters.apply_import(store, p, previews[:n]) for n, p in enumerate(previews)]
            done = {
                "files": len(reports),
                "added": sum(r.added for r in reports),
                "updated": sum(r.updated for r in reports),
                "unchanged": sum(r.unchanged for r in reports),
                "removed": sum(len(r.removed) for r in reports),
                "conflicts": sum(len(r.conflicts) for r in reports),
            }
            kept = [conflict_line(r.path.name, c.to_json()) for r in reports for c in r.conflicts]
            let_go([*previews, *reports])
            return done, kept

        self.station.db.run(job, self._imported, self.notice.refused)

    def _imported(self, imported: tuple[dict[str, int], list[tuple[object, ...]]]) -> None:
        done, kept = imported
        # The conflicts the import kept for a decision, as written (the store may have moved on).
        self.conflicts.set_rows(kept)
        self._titles()
        self.notice.done(
            self.tr(
                "Imported {files} files: {added} added, {updated} updated, {unchanged} unchanged, "
                "{removed} taken off the roster, {conflicts} conflicts kept for a decision."
            ).format(**done)
        )
        self.imported.emit()
        self.refresh()  # the files may have named new enterprises


def conflict_line(name: str, conflict: dict[str, Any]) -> tuple[object, ...]:
    """A conflict of file ``name`` as a row: each enterprise with the rows listing the person, and
    the files too when another file of the import lists the kept enterprise."""
    kept, listed = conflict["enterprises"]
    other_file = kept.get("file")

    def listing(entry: dict[str, Any], file: str | None) -> str:
        rows = ", ".join(map(str, entry["rows"])) or "—"
        return f"{entry['enterprise']} ({f'{file}: ' if file else ''}{rows})"

    return (
        conflict["name"],
        conflict["id_number"],
        conflict["kept"],
        "、".join((listing(kept, other_file), listing(listed, other_file and name))),
        "、".join((other_file, name)) if other_file else name,
    )


def clash_line(name: str, clash: dict[str, Any], version: dict[str, Any]) -> tuple[object, ...]:
    """One version of a clash of file ``name`` as a row: its rows, its details (ID number and phone
    masked), and whether it is the one imported."""
    return (
        name,
        clash["id_number"],
        ", ".join(map(str, version["rows"])),
        version["name"],
        version["department"] or "",
        version["phone"],
        "✓" if clash["chosen"] in version["rows"] else "",
    )


def let_go(previews: Sequence[rosters.RosterPreview]) -> None:
    """Empty previews piece by piece, on the database thread: freed at once, the 100,000 people of a
    big roster hold the GIL for about 80 ms (a stall of the GUI thread); one at a time, never."""
    for preview in previews:
        while preview.listed:
            preview.listed.popitem()
        preview.mentioned.clear()


class PersonEditor(QWidget):
    """Find a person by name or phone; add or change one, or take them off their roster.

    Signals:
        saved(str): what was done, in words.
    """

    saved = Signal(str)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.hits: list[RosterHit] = []
        self.confirm: Confirm = ask
        self.editing: str | None = None
        """The full ID number of the person chosen from the search (never shown)."""
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search the rosters: name or phone digits"))
        self.query.textChanged.connect(self.search)
        self.found = Rows(
            [self.tr("Name"), self.tr("Enterprise"), self.tr("Department"), self.tr("ID number")]
        )
        self.found_view = table(self.found)
        self.found_view.clicked.connect(lambda index: self.choose(index.row()))
        self.id_number = QLineEdit()
        self.name = QLineEdit()
        self.enterprise = enterprise_box(QLineEdit())
        self.department = QLineEdit()
        self.phone = QLineEdit()
        self.walk_in = QCheckBox(self.tr("Walk-in (known by enterprise, not on its roster)"))
        form = QFormLayout()
        form.addRow(self.tr("ID number"), self.id_number)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Enterprise"), self.enterprise)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow("", self.walk_in)
        new = QPushButton(self.tr("New person"))
        new.clicked.connect(self.clear)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(lambda: self.save())
        self.remove_button = QPushButton(self.tr("Take off the roster"))
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        self.notice = Notice()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("One person")))
        layout.addWidget(self.query)
        layout.addWidget(self.found_view, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        self.clear()

    def search(self, text: str) -> None:
        self.station.search(text, self._found)

    def _found(self, hits: list[RosterHit]) -> None:
        self.hits = hits
        self.found.set_rows([(h.name, h.enterprise, h.department, h.masked_id) for h in hits])

    def choose(self, row: int) -> None:
        hit = self.hits[row]
        self.editing = hit.id_number
        self.id_number.setText(hit.masked_id)
        self.id_number.setReadOnly(True)
        self.name.setText(hit.name)
        self.enterprise.setEditText(hit.enterprise)
        self.department.setText(hit.department)
        self.phone.clear()
        self.phone.setPlaceholderText(self.tr("{phone} (blank: unchanged)").format(phone=hit.masked_phone))
        self.remove_button.setEnabled(True)

    def clear(self) -> None:
        self.editing = None
        for field in (self.id_number, self.name, self.department, self.phone):
            field.clear()
        self.enterprise.setEditText("")
        self.id_number.setReadOnly(False)
        self.phone.setPlaceholderText("")
        self.walk_in.setChecked(False)
        self.remove_button.setEnabled(False)

    def save(self, new_enterprise: str | None = None) -> None:
        """Save the person. An enterprise nobody knows yet is made only once someone confirms it
        (``new_enterprise``): a typo must not become one more enterprise of the park."""
        person = rosters.Person(
            self.editing or self.id_number.text(),
            self.name.text(),
            self.enterprise.currentText(),
            self.department.text() or None,
            self.phone.text() or None,
            on_roster=not self.walk_in.isChecked(),
        )

        def job(store: Store) -> tuple[str | None, str]:
            firm = rosters.clean_enterprise(person.enterprise)
            if firm != new_enterprise and firm not in known_enterprises(store):
                return None, firm
            return rosters.add_person(store, person), firm

        self.station.db.run(job, self._saved, self.notice.refused)

    def _saved(self, saved: tuple[str | None, str]) -> None:
        outcome, firm = saved
        if outcome is None:
            question = self.tr(
                "No enterprise named “{enterprise}” is known. Create a new enterprise “{enterprise}”?"
            )
            if self.confirm(self, question.format(enterprise=firm)):
                self.save(new_enterprise=firm)
            else:
                self.notice.refused(self.tr("Not saved: choose a known enterprise, or confirm the new one."))
            return
        words = {
            "added": self.tr("Added."),
            "updated": self.tr("Saved."),
            "unchanged": self.tr("Nothing changed."),
        }
        self.notice.done(words.get(outcome, outcome))
        self.saved.emit(outcome)
        self.search(self.query.text())

    def remove(self) -> None:
        chosen = self.editing
        if chosen is None:
            return
        self.station.db.run(
            lambda store: rosters.remove_person(store, chosen),
            lambda person: self.notice.done(
                self.tr("{name} is off the roster of {enterprise}.").format(
                    name=person.name, enterprise=person.enterprise
                )
            ),
            self.notice.refused,
        )
