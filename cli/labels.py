"""The ``labels`` command: tube (or transport-box) labels printed before a site opens, as A4 label
sheets (one PDF) or one PNG per label for a thermal label printer. The printed range is recorded
as an event that syncs, so no laptop prints a code twice."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import EXIT_OK, add_common, emit, open_store, refused
from registration.errors import Refused
from registration.sampling import labels


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "labels", help="print tube or box labels ahead: A4 label sheets (PDF) or one PNG per label"
    )
    p.add_argument("--count", type=int, required=True, help=f"how many labels (1 to {labels.MAX_COUNT})")
    p.add_argument(
        "--kind", choices=labels.KINDS, default="tube", help="tube labels, or transport-box labels"
    )
    p.add_argument(
        "--pool",
        type=int,
        choices=sorted(labels.POOL_WORDS, reverse=True),
        default=None,
        help="tube labels: the tube's pool, printed on it (10: 十混一, 5: 五混一, 1: 单管; default 10)",
    )
    p.add_argument(
        "--prefix",
        default=None,
        help="capital letters or digits before each code (box labels: BOX unless given), "
        "where the campaign's tube pattern asks for one",
    )
    p.add_argument(
        "--sheet",
        default=None,
        help="a PDF's A4 label sheet: 3x8 labels of 70 x 37 mm (the default), or 4x10 of 52.5 x 29.7 mm",
    )
    p.add_argument(
        "--dpi",
        type=int,
        default=None,
        help="PNGs: the label printer's resolution, 203 or 300 (the default) dots per inch "
        "(tube labels of 50 x 25 mm, box labels of 60 x 40 mm)",
    )
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="FILE.pdf for label sheets, or a directory for one PNG per label",
    )
    add_common(p)
    p.set_defaults(handler=cmd_labels)


def cmd_labels(args: argparse.Namespace) -> int:
    # Drawing loads Pillow, numpy and zxing-cpp: only here, never for the other commands. The sheet
    # and the resolution are checked with their reasons by label_sheets.target.
    from registration.sampling import label_sheets

    request = labels.Request(args.count, args.kind, args.pool, args.prefix)
    sheet = label_sheets.DEFAULT_SHEET if args.sheet is None else args.sheet
    dpi = label_sheets.DPIS[-1] if args.dpi is None else args.dpi
    try:
        where = label_sheets.target(args.out, sheet, dpi, args.kind)
        with open_store(args) as store:
            printed = labels.reserve(store, request, check=label_sheets.fits(where))
    except Refused as exc:
        return refused(args, exc, kind=args.kind)
    written = label_sheets.write(where, printed)
    answer = {"status": "printed"} | printed.to_json() | {"out": str(args.out), "pages": written.pages}
    made = f"{written.pages} A4 pages" if written.pages else "one PNG per label"
    text = (
        f"{printed.count} {printed.kind} labels {answer['first']} to {answer['last']} ({printed.word}), "
        f"{made}: {args.out}"
    )
    if written.font is None:
        text += "\nno Chinese font found (install fonts-noto-cjk): the pool may not print"
    emit(args, answer, text)
    return EXIT_OK
