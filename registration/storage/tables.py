"""The spreadsheets staff hand over and take away: CSV in UTF-8, GBK or GB18030, and XLSX.

Reading finds the header row (it may sit below a title row) by known column names in Chinese
or English; writing produces CSV that Excel opens with Chinese intact, or XLSX.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.parsers import expat

from registration.people import freetext
from registration.setup.campaign import CampaignError
from registration.storage import files

Cell = str | int | float | None
HEADER_SEARCH_ROWS = 20
MAX_FILE_BYTES = 64 * 1024 * 1024  # a city's roster of 100,000 people is about 10 MB
# What a sheet may hold, declared or present. A park's roster is at most about 100,000 people
# in a few dozen columns; a workbook saved from an old .xls may declare columns up to IV (256).
MAX_ROWS = 200_000
MAX_COLUMNS = 256
# A workbook's parts, unpacked: a roster of 100,000 people unpacks to about 30 MB.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# XML elements outside a sheet's rows (shared strings, styles: a roster's hold about two per
# distinct text), and in one row (a cell, its value and a little rich text).
MAX_ELEMENTS = 5_000_000
MAX_ROW_ELEMENTS = 8 * MAX_COLUMNS
_DELIMITERS = (",", "\t", ";")
_BRACKETED = re.compile(r"[(\[【].*?[)\]】]")
_HEADER_NOISE = re.compile(r"[\s*_\-:：.#/]+")
_FORMULA_START = ("=", "+", "-", "@")
# What an XLSX cell cannot hold (XML 1.0): C0 controls but tab and line breaks, lone surrogates,
# U+FFFE and U+FFFF. CSV gets the same, so both files of an export say the same.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LETTERS = "$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_CHUNK = 64 * 1024


class SheetError(CampaignError):
    """A file that cannot be read as a table; the message says what to do about it."""


@dataclass(frozen=True)
class Sheet:
    """A table read from a file: where its header is, which column holds which field, the rows below."""

    encoding: str
    header_row: int
    columns: dict[str, int]
    rows: list[tuple[int, list[Cell]]]
    """(row number as the spreadsheet shows it, cells) for every row below the header."""

    def cell(self, cells: Sequence[Cell], field: str) -> Cell:
        index = self.columns.get(field)
        return cells[index] if index is not None and index < len(cells) else None


def clean_text(value: Cell) -> str:
    """A cell as text (``freetext.one_line``): full-width folded to half-width, control characters
    gone, outer space trimmed, inner runs of space single.

    >>> clean_text("  ＡＢＣ　有限公司\x07 ")
    'ABC 有限公司'
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return freetext.one_line(str(value))


def header_key(text: Cell) -> str:
    """A header cell reduced to what identifies it: 身份证号码（必填）* → 身份证号码, ID Number → idnumber."""
    return _HEADER_NOISE.sub("", _BRACKETED.sub("", clean_text(text).lower()))


def read(path: Path, aliases: Mapping[str, str], required: Mapping[str, str]) -> Sheet:
    """Read a CSV or XLSX file whose header names the ``required`` fields (``aliases`` maps header keys).

    ``required`` maps each field to what people call its column ("id_number": "ID number"): a file
    without them is refused in those words.
    """
    if not path.is_file():
        raise SheetError("file.missing", file=path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetError(
            "sheet.too_big", file=path, size=size / 1024 / 1024, most=MAX_FILE_BYTES // 1024 // 1024
        )
    suffix = path.suffix.lower()
    sheets: Iterable[list[list[Cell]]]
    if suffix in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(path)
        encoding = "xlsx"
    elif suffix == ".xls":
        raise SheetError("sheet.xls", file=path)
    else:
        encoding, text = decode(path.read_bytes(), path)
        sheets = [_csv_rows(text, path)]
    needed = set(required)
    for rows in sheets:
        found = _locate_header(rows, aliases, needed)
        if found is not None:
            index, columns = found
            body = [(number, cells) for number, cells in enumerate(rows[index + 1 :], start=index + 2)]
            return Sheet(encoding, index + 1, columns, body)
    wanted = ", ".join(required.values())
    raise SheetError("sheet.no_header", file=path, columns=wanted, rows=HEADER_SEARCH_ROWS)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """(encoding, text) of a CSV file: a BOM when present, else UTF-8, else GBK / GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", _strict(data, "utf-8-sig", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export: UTF-16, tab-separated.
        return "utf-16", _strict(data, "utf-16", path)
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("sheet.encoding", file=path)


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SheetError("sheet.damaged_text", file=path, encoding=encoding, byte=exc.start) from exc


def _csv_rows(text: str, path: Path) -> list[list[Cell]]:
    head = text[:4096]
    delimiter = max(_DELIMITERS, key=head.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Cell]] = []
    try:
        for row in reader:
            _check_size(path, len(rows) + 1, len(row))
            rows.append(list(row))
    except csv.Error as exc:  # a cell over csv's size limit, for one: not a table people typed
        raise SheetError("sheet.bad_csv", file=path, line=reader.line_num, why=exc) from exc
    return rows


def _check_size(path: Path, row: int, column: int) -> None:
    if row > MAX_ROWS:
        raise SheetError("sheet.too_many_rows", file=path, most=MAX_ROWS)
    if column > MAX_COLUMNS:
        raise SheetError("sheet.too_many_columns", file=path, most=MAX_COLUMNS)


def _xlsx_sheets(path: Path) -> Iterator[list[list[Cell]]]:
    """Each worksheet's rows, one sheet read at a time, once the workbook is known to be in bounds."""
    import openpyxl  # 60 ms to load: only spreadsheet work pays for it, not every event applier
    from openpyxl.utils.exceptions import CellCoordinatesException, InvalidFileException

    # What openpyxl raises, from deep in its parsing, on a damaged workbook.
    damaged = (
        *(zipfile.BadZipFile, zlib.error, EOFError, OSError, SyntaxError),
        *(AttributeError, IndexError, KeyError, TypeError, ValueError),
        *(CellCoordinatesException, InvalidFileException),
    )
    _check_workbook(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except damaged as exc:
        raise SheetError("sheet.bad_xlsx", file=path, why=exc) from exc
    try:
        for ws in book.worksheets:
            # The declared dimension may lie: forgotten, rows are as long as the cells they hold.
            ws.reset_dimensions()
            try:
                rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            except damaged as exc:
                raise SheetError("sheet.bad_xlsx", file=path, why=exc) from exc
            yield rows
    finally:
        book.close()


def _check_workbook(path: Path) -> None:
    """Refuse a workbook beyond the caps before openpyxl reads it: a few KB of XLSX can unpack to
    gigabytes, or declare or hold millions of cells, and every cell read becomes a Python object."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            # zipfile yields no more of a part than its declared size: the sum bounds the reading.
            if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
                raise SheetError("sheet.unpacks_too_big", file=path, most=MAX_UNPACKED_BYTES // 1024 // 1024)
            for part in parts:
                with archive.open(part) as source:
                    _check_part(path, source)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as exc:  # the last: encrypted
        raise SheetError("sheet.bad_xlsx", file=path, why=exc) from exc


def _check_part(path: Path, source: IO[bytes]) -> None:
    """Stream one part of a workbook through expat (no tree is built), refusing at the first
    element past a cap; a part that is not XML (an image, a macro project) is left alone."""
    bounds = _Bounds(path)
    parser = expat.ParserCreate()
    parser.StartElementHandler = bounds.start
    parser.EndElementHandler = bounds.end
    parser.StartDoctypeDeclHandler = bounds.doctype
    try:
        while chunk := source.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        return  # openpyxl stops where expat did, having read no more than was counted


def _named(tag: str, name: str) -> bool:
    # Whatever the namespace prefix: counting a foreign element as a sheet's only counts more.
    return tag == name or tag.endswith(":" + name)


@dataclass
class _Bounds:
    """What a part holds so far, as expat streams it: elements outside rows, the row, the depth
    inside it (0 outside), its elements and the column of its last cell."""

    path: Path
    elements: int = 0
    row: int = 0
    depth: int = 0
    row_elements: int = 0
    column: int = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if self.depth:  # the hot path: most of a sheet is its cells
            self.depth += 1
            self.row_elements += 1
            if self.row_elements > MAX_ROW_ELEMENTS:
                raise SheetError("sheet.bloated_row", file=self.path, row=self.row, most=MAX_ROW_ELEMENTS)
            if self.depth == 2:
                # openpyxl reads each child of a row as a cell: in the column its reference
                # names, or in the next one.
                self.column = _column(attrs.get("r", "").rstrip("0123456789$")) or self.column + 1
                _check_size(self.path, self.row, self.column)
            return
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise SheetError("sheet.bloated_part", file=self.path, most=MAX_ELEMENTS)
        if _named(tag, "row"):
            self.row = _row_number(attrs.get("r", "")) or self.row + 1
            self.depth, self.row_elements, self.column = 1, 0, 0
            _check_size(self.path, self.row, 0)
        elif _named(tag, "dimension"):
            # The cells it declares: openpyxl would make that many for each row it reads.
            corner = attrs.get("ref", "").rpartition(":")[2]
            _check_size(
                self.path, _row_number(corner.lstrip(_LETTERS)), _column(corner.rstrip("0123456789$"))
            )

    def end(self, _tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def doctype(self, *_: object) -> None:
        # No part of a workbook has one; entities are how XML multiplies itself.
        raise SheetError("sheet.doctype", file=self.path)


@functools.lru_cache(maxsize=256)
def _column(letters: str) -> int:
    """The column a reference's letters name ($AB: 28), or 0; remembered, as a sheet's cells
    name the same few columns row after row."""
    column = 0
    for letter in letters.lstrip("$").upper():
        if not "A" <= letter <= "Z":
            return 0
        column = column * 26 + ord(letter) - ord("A") + 1
    return column


def _row_number(text: str) -> int:
    """A row's number as openpyxl reads it ("12", "12.0"), or 0."""
    try:
        return int(float(text))
    except (ValueError, OverflowError):
        return 0


def _cell(value: object) -> Cell:
    # Dates, booleans and the like are text to a roster; numbers stay numbers so that an ID number
    # Excel stored as one can be recognised.
    if (
        value is None
        or isinstance(value, str | float)
        or (isinstance(value, int) and not isinstance(value, bool))
    ):
        return value
    return str(value)


def _locate_header(
    rows: list[list[Cell]], aliases: Mapping[str, str], required: set[str]
) -> tuple[int, dict[str, int]] | None:
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(cells):
            field = aliases.get(header_key(cell))
            if field is not None:
                columns.setdefault(field, position)
        if required <= columns.keys():
            return index, columns
    return None


def write(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """Write a table as .xlsx or .csv (UTF-8 with BOM, so Excel shows Chinese); returns the row count."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise SheetError("sheet.out_format", file=path)

    count = 0
    # Owner-only and whole: a --reveal export holds full ID numbers and phones.
    with files.private_output(path) as target:
        if suffix == ".csv":
            with target.open("w", encoding="utf-8-sig", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(headers)
                for row in rows:
                    writer.writerow([_inert(c) for c in row])
                    count += 1
            return count
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(list(headers))
        for row in rows:
            sheet.append([_inert(c) for c in row])
            count += 1
        book.save(target)
    return count


def write_records(path: Path, columns: Mapping[str, str], records: Iterable[Mapping[str, Cell]]) -> int:
    """Records as a table: ``columns`` maps each record's keys, in order, to their headers."""
    return write(path, list(columns.values()), ([record[key] for key in columns] for record in records))


def _inert(value: Cell) -> Cell:
    if not isinstance(value, str):
        return value
    # Text an old database holds may carry what a workbook cannot: dropped, or the file is not
    # written at all. Then a cell starting like a formula would run as one when opened in Excel.
    value = _UNWRITABLE.sub("", value)
    return "'" + value if value.startswith(_FORMULA_START) else value
