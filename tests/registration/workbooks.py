"""Workbooks crafted cell by cell in their XML, as a hostile or broken file would be: a real workbook
saved by openpyxl, its sheet replaced."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEAD = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>身份证号码</t></is></c></row>'
)


def crafted_workbook(
    path: Path, sheet: bytes | None = None, *, extra: dict[str, bytes] | None = None
) -> Path:
    """A real workbook saved by openpyxl, its sheet's XML replaced by ``sheet``; ``extra`` files added."""
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号码"])  # type: ignore[union-attr]
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(plain)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            crafted = sheet if item.filename == "xl/worksheets/sheet1.xml" and sheet is not None else None
            out.writestr(item, crafted or source.read(item))
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return path


def sheet_xml(rows: str, dimension: str | None = None) -> bytes:
    """A sheet holding the roster's header row and ``rows``, declaring ``dimension`` if given."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"<worksheet {NS}>{declared}<sheetData>{HEAD}{rows}</sheetData></worksheet>".encode()
