"""The spreadsheets staff hand over and take away: CSV in UTF-8, GBK or GB18030, and XLSX.

Reading finds the header row (it may sit below a title row) by known column names in Chinese
or English; writing produces CSV that Excel opens with Chinese intact, or XLSX.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from registration import files
from registration.campaign import CampaignError

Cell = str | int | float | None
HEADER_SEARCH_ROWS = 20
MAX_FILE_BYTES = 64 * 1024 * 1024  # a city's roster of 100,000 people is about 10 MB
_DELIMITERS = (",", "\t", ";")
_BRACKETED = re.compile(r"[(\[【].*?[)\]】]")
_HEADER_NOISE = re.compile(r"[\s*_\-:：.#/]+")
_FORMULA_START = ("=", "+", "-", "@")


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
    """A cell as text: full-width folded to half-width, outer space trimmed, inner runs of space single.

    >>> clean_text("  ＡＢＣ　有限公司 ")
    'ABC 有限公司'
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


def header_key(text: Cell) -> str:
    """A header cell reduced to what identifies it: 身份证号码（必填）* → 身份证号码, ID Number → idnumber."""
    return _HEADER_NOISE.sub("", _BRACKETED.sub("", clean_text(text).lower()))


def read(path: Path, aliases: Mapping[str, str], required: Iterable[str]) -> Sheet:
    """Read a CSV or XLSX file whose header names the ``required`` fields (``aliases`` maps header keys)."""
    if not path.is_file():
        raise SheetError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetError(
            f"{path}: {size / 1024 / 1024:.0f} MB is more than a roster or lab file holds "
            f"(at most {MAX_FILE_BYTES // 1024 // 1024} MB); split it, by enterprise for instance"
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(path)
        encoding = "xlsx"
    elif suffix == ".xls":
        raise SheetError(f"{path}: old .xls workbooks are not read; save it as .xlsx or CSV")
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
    wanted = ", ".join(sorted(needed))
    raise SheetError(
        f"{path}: no header row naming the columns {wanted} in the first {HEADER_SEARCH_ROWS} rows"
    )


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
    raise SheetError(f"{path}: not text in UTF-8, GBK or GB18030; save it as CSV (UTF-8) or XLSX")


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SheetError(f"{path}: damaged {encoding} text at byte {exc.start}") from exc


def _csv_rows(text: str, path: Path) -> list[list[Cell]]:
    head = text[:4096]
    delimiter = max(_DELIMITERS, key=head.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [list(row) for row in reader]
    except csv.Error as exc:  # a cell over csv's size limit, for one: not a table people typed
        raise SheetError(f"{path}: line {reader.line_num} cannot be read as CSV ({exc})") from exc


def _xlsx_sheets(path: Path) -> list[list[list[Cell]]]:
    import openpyxl  # 60 ms to load: only spreadsheet work pays for it, not every event applier

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError(f"{path}: not a readable XLSX workbook ({exc})") from exc
    try:
        return [[[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)] for ws in book.worksheets]
    finally:
        book.close()


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
        raise SheetError(f"{path}: write a .xlsx or .csv file")
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
    # A cell starting like a formula would run as one when the file is opened in Excel.
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
