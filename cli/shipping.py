"""Command-line commands for transport boxes and the lab: open a box, scan tubes into it, seal it with its
count, write its manifest (XLSX, CSV or HL7), and record the lab's list of the tubes it received.

With ``--json`` each answers with its ``status`` and the codes involved; a refusal answers
``status: refused`` with its ``reason`` too (and the tubes refused, each with why), and exits 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cli.common import EXIT_OK, add_common, emit, fail, open_store
from cli.language import spoken
from registration.errors import Refused
from registration.privacy import audit
from registration.reports import manifest
from registration.sampling import boxes, receipts


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    box = sub.add_parser(
        "box", help="transport boxes: open one, scan sealed tubes into it, seal it, write its manifest"
    ).add_subparsers(title="box commands", required=True)
    p = box.add_parser("open", help="open a transport box by its code at a checkpoint")
    p.add_argument("box", metavar="CODE")
    p.add_argument("--checkpoint", required=True)
    add_common(p)
    p.set_defaults(handler=cmd_open)

    p = box.add_parser("add", help="scan sealed tubes into an open box")
    p.add_argument("box", metavar="CODE")
    p.add_argument("tubes", nargs="*", metavar="TUBE")
    p.add_argument("--scan", action="store_true", help="read tube codes from standard input, one per line")
    add_common(p)
    p.set_defaults(handler=cmd_add)

    p = box.add_parser("seal", help="seal a box; with --count, only when it holds that many tubes")
    p.add_argument("box", metavar="CODE")
    p.add_argument("--count", type=int, help="the tubes counted in the box")
    add_common(p)
    p.set_defaults(handler=cmd_seal)

    p = box.add_parser("manifest", help="the box's manifest for the lab: XLSX, CSV or HL7 (OML^O33)")
    p.add_argument("box", metavar="CODE")
    p.add_argument(
        "--out", type=Path, required=True, help="FILE.xlsx, FILE.csv, or with --format hl7 any file"
    )
    p.add_argument(
        "--format", choices=("table", "hl7"), default="table", help="a table (by --out's suffix) or HL7"
    )
    p.add_argument("--reveal", action="store_true", help="the people in each tube, in full (recorded)")
    add_common(p)
    p.set_defaults(handler=cmd_manifest)

    lab = sub.add_parser("lab", help="what the lab received").add_subparsers(
        title="lab commands", required=True
    )
    p = lab.add_parser("receive", help="record the lab's list of the tubes it received; report it per box")
    p.add_argument("file", type=Path, help="the lab's CSV or XLSX, a column of tube codes")
    add_common(p)
    p.set_defaults(handler=cmd_receive)


def answered(
    args: argparse.Namespace, codes: dict[str, Any], act: Callable[[], tuple[dict[str, Any], str]]
) -> int:
    """Run ``act`` (its answer and its text); a refusal answers ``status: refused`` with ``codes``
    and the reason (each tube refused, with why, when tubes were) and exits 2."""
    try:
        answer, text = act()
    except Refused as exc:
        refused: dict[str, Any] = {
            "status": "refused",
            **codes,
            "reason": spoken(exc.reason),
            "key": exc.reason.key,
        }
        if isinstance(exc, boxes.TubesRefused):
            refused["refused"] = [{"tube": r.code, "reason": spoken(r.reason)} for r in exc.refused]
        if args.json:
            emit(args, refused, "")
        return fail(exc.reason)
    emit(args, answer, text)
    return EXIT_OK


def cmd_open(args: argparse.Namespace) -> int:
    def act() -> tuple[dict[str, Any], str]:
        with open_store(args) as store:
            box = boxes.open_box(store, args.box, args.checkpoint)
        return {"status": "opened", **box.view()}, f"box {box.code} opened at {box.checkpoint}"

    return answered(args, {"box": args.box, "checkpoint": args.checkpoint}, act)


def cmd_add(args: argparse.Namespace) -> int:
    codes = [*args.tubes, *(sys.stdin.read().splitlines() if args.scan else [])]

    def act() -> tuple[dict[str, Any], str]:
        with open_store(args) as store:
            box, added = boxes.add_tubes(store, args.box, codes)
        answer = {"status": "added", **box.view(), "added": added}
        return answer, f"{len(added)} tubes added to box {box.code}: it holds {len(box.tubes)}"

    return answered(args, {"box": args.box, "tubes": codes}, act)


def cmd_seal(args: argparse.Namespace) -> int:
    def act() -> tuple[dict[str, Any], str]:
        with open_store(args) as store:
            box = boxes.seal_box(store, args.box, args.count)
        return {"status": "sealed", **box.view()}, f"box {box.code} sealed with {len(box.tubes)} tubes"

    return answered(args, {"box": args.box, "count": args.count}, act)


def cmd_manifest(args: argparse.Namespace) -> int:
    def act() -> tuple[dict[str, Any], str]:
        if args.format == "hl7" and args.reveal:
            raise Refused("manifest.reveal_hl7")
        with open_store(args) as store:
            with store.read() as conn:
                if args.format == "hl7":
                    count = manifest.write_hl7(conn, args.box, args.out)
                else:
                    count = manifest.write(conn, args.box, args.out, reveal=args.reveal)
                people = manifest.people(conn, args.box)
            if args.reveal:
                audit.record_reveal(store, "manifest", people, audit.who())
        answer = {"status": "written", "box": args.box, "tubes": count, "out": str(args.out)}
        if args.reveal:
            answer["revealed"] = people
        return answer, f"manifest of box {args.box}: {count} tubes written to {args.out}"

    return answered(args, {"box": args.box}, act)


def cmd_receive(args: argparse.Namespace) -> int:
    def act() -> tuple[dict[str, Any], str]:
        with open_store(args) as store:
            receipt = receipts.receive(store, args.file)
        answer = {"status": "recorded" if receipt.recorded else "unchanged"} | receipt.to_json()
        return answer, _receipt_text(receipt)

    return answered(args, {"file": str(args.file)}, act)


def _receipt_text(receipt: receipts.Receipt) -> str:
    said = "recorded" if receipt.recorded else "already recorded: nothing new"
    lines = [f"{receipt.file}: {receipt.named} tube codes ({said})"]
    for box in receipt.boxes:
        lines.append(f"  box {box.box} ({box.checkpoint}): sent {box.sent}, received {box.received}")
        if box.missing:
            lines.append(f"    sent, not received: {', '.join(box.missing)}")
    never = [u.tube for u in receipt.unboxed if not u.known]
    loose = [u.tube for u in receipt.unboxed if u.known]
    if loose:
        lines.append(f"  received, in no box: {', '.join(loose)}")
    if never:
        lines.append(f"  received, never a tube of this campaign: {', '.join(never)}")
    if receipt.not_codes:
        lines.append(f"  not tube codes: {', '.join(receipt.not_codes)}")
    return "\n".join(lines)
