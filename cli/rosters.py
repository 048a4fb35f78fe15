"""Command-line commands for rosters, enterprises, exemptions, reconciliation, person codes,
tube handover, lab results and positive traceback.

ID numbers and phones are masked in every answer; ``--reveal`` puts them in clear only into a
file written with ``--out`` (a recall team has to call people).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cli.common import EXIT_OK, add_common, emit, fail, open_store
from cli.language import spoken
from cli.shipping import answered
from registration.errors import Refused
from registration.people import identity
from registration.privacy import audit
from registration.reports import reconcile, reconcile_export, trace
from registration.sampling import boxes, handover, results, tubes
from registration.sampling.tubes import Tube
from registration.setup import enterprises, exemptions, rosters
from registration.storage import tables


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _roster_commands(sub)
    _reference_commands(sub)
    _round_commands(sub)
    _tube_commands(sub)


def _roster_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    roster = sub.add_parser(
        "roster", help="import rosters; add, remove or list roster people"
    ).add_subparsers(title="roster commands", required=True)
    p = roster.add_parser("import", help="import a roster file (CSV in UTF-8/GBK/GB18030, or XLSX)")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--enterprise",
        type=tables.clean_text,
        help="the enterprise of a file without an enterprise column, or the one to import from it",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="the file is the enterprise's whole roster: take off it whoever the file no longer lists",
    )
    p.add_argument(
        "--choose",
        type=int,
        action="append",
        default=[],
        metavar="ROW",
        help="of rows giving one ID number different details, import this one (else the first)",
    )
    add_common(p)
    p.set_defaults(handler=cmd_roster_import)

    p = roster.add_parser("add", help="add or change one person")
    p.add_argument("id_number")
    p.add_argument("--name", required=True)
    p.add_argument("--enterprise", required=True)
    p.add_argument("--department")
    p.add_argument("--phone")
    p.add_argument("--walk-in", action="store_true", help="known by enterprise but not on its roster")
    add_common(p)
    p.set_defaults(handler=cmd_roster_add)

    p = roster.add_parser("remove", help="take a person off their enterprise's roster")
    p.add_argument("id_number")
    add_common(p)
    p.set_defaults(handler=cmd_roster_remove)

    p = roster.add_parser("list", help="the roster people (masked)")
    p.add_argument("--enterprise", type=tables.clean_text)
    add_common(p)
    p.set_defaults(handler=cmd_roster_list)


def _reference_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("enterprise", help="an enterprise's reported headcount and contact")
    p.add_argument("action", choices=["set", "list"])
    p.add_argument("name", nargs="?")
    p.add_argument("--reported", type=int, help="the headcount the enterprise declared")
    p.add_argument("--contact", help="contact person")
    p.add_argument("--phone", help="contact phone")
    add_common(p)
    p.set_defaults(handler=cmd_enterprise)

    p = sub.add_parser("exempt", help="exempt a person from a round, or lift it")
    p.add_argument("action", choices=["set", "clear", "list"])
    p.add_argument("id_number", nargs="?")
    p.add_argument("--round", required=True)
    p.add_argument("--reason", choices=list(exemptions.REASONS))
    p.add_argument("--note", help="what the reason is (required with --reason other)")
    add_common(p)
    p.set_defaults(handler=cmd_exempt)


def _round_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("reconcile", help="a round's tested and missing counts per enterprise and checkpoint")
    p.add_argument("--round", required=True)
    add_common(p)
    p.set_defaults(handler=cmd_reconcile)

    p = sub.add_parser("missing", help="roster people neither tested nor exempt in a round")
    p.add_argument("--round", required=True)
    p.add_argument("--enterprise", type=tables.clean_text)
    p.add_argument("--out", type=Path, help="write the list to FILE.xlsx or FILE.csv")
    p.add_argument("--reveal", action="store_true", help="full ID numbers and phones in the --out file")
    p.add_argument(
        "--not-on-roster",
        action="store_true",
        help="instead: the people registered in the round whom no roster knows",
    )
    add_common(p)
    p.set_defaults(handler=cmd_missing)

    p = sub.add_parser("codes", help="issue signed person codes as printable badges")
    p.add_argument("action", choices=["issue"])
    p.add_argument("--enterprise", type=tables.clean_text, help="only this enterprise's roster people")
    p.add_argument("--department", type=tables.clean_text, help="only this department's")
    p.add_argument("--search", type=tables.clean_text, help="only people whose name (or phone) holds TEXT")
    p.add_argument(
        "--phone-tail", type=tables.clean_text, help="only people whose phone ends with these digits"
    )
    p.add_argument(
        "--id",
        action="append",
        default=[],
        help="only this person, among those the other options choose: a full or masked ID number (repeat)",
    )
    p.add_argument("--out", type=Path, required=True, help="FILE.pdf, FILE.png or a directory")
    add_common(p)
    p.set_defaults(handler=cmd_codes)


def _tube_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("handover", help="hand a checkpoint's sealed tubes over, counted")
    p.add_argument("--checkpoint", required=True)
    box = p.add_mutually_exclusive_group()
    box.add_argument("--count", type=int, help="tubes in the box (without it: list the tubes due)")
    box.add_argument(
        "--scan", action="store_true", help="read the box's tube codes from standard input, one per line"
    )
    box.add_argument("--box", metavar="CODE", help="hand over this sealed transport box, whole")
    add_common(p)
    p.set_defaults(handler=cmd_handover)

    p = sub.add_parser("result", help="mark a tube positive or negative, or import a lab's file")
    p.add_argument("target", help="a tube code, or 'import'")
    p.add_argument("value", help="positive or negative; after 'import', the lab's CSV or XLSX file")
    p.add_argument(
        "--overdue",
        type=_hours,
        metavar="HOURS",
        help="with import: also list the tubes handed over HOURS ago or more that still have no result",
    )
    p.add_argument("--check", action="store_true", help="with import: report the file, write nothing")
    add_common(p)
    p.set_defaults(handler=cmd_result)

    p = sub.add_parser("trace", help="everyone in the given tubes, for a recall")
    p.add_argument("tubes", nargs="*")
    p.add_argument("--positive", action="store_true", help="every tube marked positive")
    p.add_argument("--out", type=Path, help="write the recall list to FILE.xlsx or FILE.csv")
    p.add_argument("--reveal", action="store_true", help="full ID numbers and phones in the --out file")
    add_common(p)
    p.set_defaults(handler=cmd_trace)


def _columns(rows: list[dict[str, Any]], keys: list[str]) -> str:
    """A plain text table of ``keys`` for people to read; Chinese characters take two columns."""
    cells = [keys] + [["" if r[k] is None else str(r[k]) for k in keys] for r in rows]
    widths = [max(_width(line[i]) for line in cells) for i in range(len(keys))]
    return "\n".join(
        "  ".join(c + " " * (w - _width(c)) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cmd_roster_import(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        report = rosters.import_roster(
            store, args.file, args.enterprise, replace=args.replace, chosen=args.choose
        ).to_json()
    lines = [
        f"{report['rows']} rows: {report['accepted']} people accepted ({report['added']} new, "
        f"{report['updated']} changed{_kept_back(report)}), {report['duplicates']} repeated, "
        f"{len(report['rejected'])} rejected; {report['enterprises']} enterprises ({report['encoding']})"
    ]
    lines += [f"  row {r['row']}: {spoken(r['reason'])}" for r in report["rejected"]]
    for clash in report["clashes"]:
        rows = ", ".join(str(row) for version in clash["versions"] for row in version["rows"])
        lines.append(
            f"  {clash['id_number']} is on rows {rows} with different details: row {clash['chosen']} "
            f"imported (--choose ROW imports another)"
        )
    for conflict in report["conflicts"]:
        kept, other = conflict["enterprises"]
        lines.append(
            f"  conflict: {conflict['name']} {conflict['id_number']} is listed by {_rows_of(kept)} and by "
            f"{_rows_of(other)}: kept at {kept['enterprise']} until someone decides "
            f"(roster add ID --name NAME --enterprise ENTERPRISE moves them)"
        )
    if report["replace"]:
        lines.append(f"taken off the roster (no longer listed): {len(report['removed'])}")
        lines += [f"  {_who(p)}" for p in report["removed"]]
    elif report["leaving"]:
        lines.append(
            f"no longer listed (still on the roster; --replace takes them off): {len(report['leaving'])}"
        )
        lines += [f"  {_who(p)}" for p in report["leaving"]]
    emit(args, report, "\n".join(lines))
    return EXIT_OK


def _kept_back(report: dict[str, Any]) -> str:
    count = len(report["conflicts"])
    return f", {count} in conflict, kept where they were" if count else ""


def _rows_of(listing: dict[str, Any]) -> str:
    rows = listing["rows"]
    where = f" (row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))})" if rows else " (known before)"
    return f"{listing['enterprise']}{where}"


def _who(person: dict[str, Any]) -> str:
    return " ".join(
        filter(None, [person["name"], person["id_number"], person["enterprise"], person["department"]])
    )


def cmd_roster_add(args: argparse.Namespace) -> int:
    person = rosters.Person(
        args.id_number, args.name, args.enterprise, args.department, args.phone, on_roster=not args.walk_in
    )
    with open_store(args) as store:
        outcome = rosters.add_person(store, person)
        saved = rosters.get(store.conn, identity.normalise_id(args.id_number))
    assert saved is not None
    emit(args, {"outcome": outcome, "person": rosters.view(saved)}, f"{saved.name}: {outcome}")
    return EXIT_OK


def cmd_roster_remove(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        removed = rosters.remove_person(store, args.id_number)
    emit(
        args, {"removed": rosters.view(removed)}, f"{removed.name} is off the roster of {removed.enterprise}"
    )
    return EXIT_OK


def cmd_roster_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        people = [rosters.view(p) for p in rosters.on_roster(store.conn, args.enterprise)]
    keys = ["name", "enterprise", "department", "id_number", "phone"]
    emit(args, people, _columns(people, keys) if people else "nobody on the roster")
    return EXIT_OK


def cmd_enterprise(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.action == "list":
            found = [e.view() for e in enterprises.all_enterprises(store.conn)]
            text = _columns(found, ["name", "reported", "contact", "phone"]) if found else "no enterprise"
            emit(args, found, text)
            return EXIT_OK
        if not args.name:
            raise Refused("cli.enterprise_name")
        given = {
            k: getattr(args, k) for k in ("reported", "contact", "phone") if getattr(args, k) is not None
        }
        if not given:
            raise Refused("cli.enterprise_what")
        firm, changed = enterprises.set_enterprise(store, args.name, **given)
    emit(args, firm.view() | {"changed": changed}, f"{firm.name}: {'saved' if changed else 'unchanged'}")
    return EXIT_OK


def cmd_exempt(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.action == "list":
            found = [e.view(store.conn) for e in exemptions.in_round(store.conn, args.round)]
            keys = ["name", "enterprise", "id_number", "reason", "note"]
            emit(args, found, _columns(found, keys) if found else f"nobody is exempt in round {args.round}")
            return EXIT_OK
        if not args.id_number:
            raise Refused("cli.exempt_id", action=args.action)
        if args.action == "set":
            if not args.reason:
                raise Refused("cli.exempt_reason", known=", ".join(exemptions.REASONS))
            exemption, changed = exemptions.set_exemption(
                store, args.id_number, args.round, args.reason, args.note
            )
            view = exemption.view(store.conn) | {"changed": changed}
            text = f"{view['name']} exempt in round {args.round}: {exemptions.REASONS[args.reason]}"
        else:
            lifted = exemptions.clear_exemption(store, args.id_number, args.round)
            view = lifted.view(store.conn) | {"cleared": True}
            text = f"{view['name']} is no longer exempt in round {args.round}"
    emit(args, view, text)
    return EXIT_OK


def cmd_reconcile(args: argparse.Namespace) -> int:
    with open_store(args) as store, store.read() as conn:
        answer = reconcile.reconcile(conn, args.round)
    keys = ["enterprise", "roster", "reported", "exempt", "expected", "tested", "missing", "not_on_roster"]
    firms = [f | {"completion": _percent(f["completion"])} for f in answer["enterprises"]]
    total = answer["totals"] | {"enterprise": "total", "completion": _percent(answer["totals"]["completion"])}
    text = "\n".join(
        [
            f"round {answer['round']}",
            _columns([*firms, total], [*keys, "completion"]),
            f"registered but on no roster: {answer['not_on_any_roster']}",
            *(
                [_columns(answer["not_on_any_roster_people"], list(reconcile.NOT_ON_ROSTER_COLUMNS))]
                if answer["not_on_any_roster_people"]
                else []
            ),
            "",
            _columns(answer["checkpoints"], ["checkpoint", "registrations", "tubes"]),
        ]
    )
    emit(args, answer, text)
    return EXIT_OK


def _record_reveal(args: argparse.Namespace, what: str, people: int, **where: str | None) -> None:
    """Every --reveal export is recorded (who, which list, how many), after the file is written."""
    with open_store(args) as store:
        audit.record_reveal(store, what, people, audit.who(), **where)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def cmd_missing(args: argparse.Namespace) -> int:
    if args.not_on_roster:
        return _not_on_roster(args)
    with open_store(args) as store, store.read() as conn:
        people = reconcile.missing(conn, args.round, args.enterprise)
        written = (
            reconcile.missing(conn, args.round, args.enterprise, reveal=True)
            if args.out and args.reveal
            else people
        )
        closed_at = reconcile.as_of(conn, args.round)
    answer: dict[str, Any] = {"round": args.round, "enterprise": args.enterprise, "count": len(people)}
    if closed_at:
        answer["as_of"] = closed_at
    if args.out:
        tables.write_records(args.out, reconcile.MISSING_COLUMNS, written)
        if args.reveal:
            _record_reveal(args, "missing", len(written), round_name=args.round, enterprise=args.enterprise)
        answer["out"] = str(args.out)
        text = f"{len(people)} people missing in round {args.round}: written to {args.out}"
    else:
        text = (
            _columns(people, list(reconcile.MISSING_COLUMNS))
            if people
            else f"nobody is missing in round {args.round}"
        )
    emit(args, answer | {"people": people}, text)
    return EXIT_OK


def _not_on_roster(args: argparse.Namespace) -> int:
    if args.enterprise:
        raise Refused("cli.walk_in_enterprise")
    with open_store(args) as store:
        with store.read() as conn:
            people = reconcile.not_on_any_roster(conn, args.round)
            closed_at = reconcile.as_of(conn, args.round)
        answer: dict[str, Any] = {"round": args.round, "count": len(people)}
        if closed_at:
            answer["as_of"] = closed_at
        if args.out:
            written = reconcile_export.write_not_on_roster(store, args.round, args.out, reveal=args.reveal)
            if args.reveal:
                audit.record_reveal(store, "not_on_roster", written, audit.who(), round_name=args.round)
            answer["out"] = str(args.out)
    if args.out:
        text = f"{len(people)} people registered on no roster in round {args.round}: written to {args.out}"
    else:
        text = (
            _columns(people, list(reconcile.NOT_ON_ROSTER_COLUMNS))
            if people
            else f"everyone registered in round {args.round} is on a roster"
        )
    emit(args, answer | {"people": people}, text)
    return EXIT_OK


def cmd_codes(args: argparse.Namespace) -> int:
    from registration.people import badges  # Pillow and qrcode load only for the command that draws

    with open_store(args) as store:
        choice = badges.Choice(args.enterprise, args.department, args.search, args.phone_tail, args.id)
        report = badges.issue(store, args.out, choice=choice)
    sheets = f"{report.pages} A4 pages" if report.pages else "one image per card"
    text = f"{report.badges} badges, {sheets}: {args.out}"
    emit(args, asdict(report), "\n".join([text, *report.warnings]))
    return EXIT_OK


def _tube_view(tube: Tube) -> dict[str, Any]:
    return {"code": tube.code, "round": tube.round, "filled": tube.filled, "size": tube.size}


def _hours(text: str) -> float:
    try:
        hours = float(text)
    except ValueError:
        hours = -1.0
    if not 0 <= hours < 10_000:
        raise argparse.ArgumentTypeError(f"a number of hours from 0, not {text!r}")
    return hours


def cmd_handover(args: argparse.Namespace) -> int:
    if args.scan:
        return _handover_scanned(args)
    if args.box:
        return answered(args, {"box": args.box, "checkpoint": args.checkpoint}, lambda: _hand_over_box(args))
    with open_store(args) as store:
        if args.count is None:
            with store.read() as conn:
                due = [_tube_view(t) for t in handover.due(conn, args.checkpoint)]
            emit(
                args,
                {"checkpoint": args.checkpoint, "due": due},
                _columns(due, ["code", "round", "filled", "size"])
                if due
                else f"no sealed tube at {args.checkpoint} since the last handover",
            )
            return EXIT_OK
        try:
            done = handover.hand_over(store, args.checkpoint, args.count)
        except handover.HandoverMismatch as exc:
            due = [_tube_view(t) for t in exc.due]
            if args.json:
                emit(
                    args,
                    {
                        "status": "mismatch",
                        "checkpoint": exc.checkpoint,
                        "count": exc.count,
                        "expected": len(due),
                        "tubes": due,
                        "open": [_tube_view(t) for t in exc.still_open],
                    },
                    "",
                )
            else:
                print(_columns(due, ["code", "round", "filled", "size"]) if due else "no tube is due")
            return fail(exc.reason)
    return _recorded(args, done)


def _hand_over_box(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    with open_store(args) as store:
        done = boxes.hand_over_box(store, args.checkpoint, args.box)
    answer = {"status": "recorded", "box": args.box} | asdict(done)
    return answer, f"box {args.box}: {done.count} tubes handed over at {done.checkpoint}"


def _recorded(args: argparse.Namespace, done: handover.Handover) -> int:
    emit(args, {"status": "recorded"} | asdict(done), f"{done.count} tubes handed over at {done.checkpoint}")
    return EXIT_OK


def _handover_scanned(args: argparse.Namespace) -> int:
    codes = sys.stdin.read().splitlines()
    with open_store(args) as store:
        try:
            done = handover.hand_over_scanned(store, args.checkpoint, codes)
        except handover.BoxMismatch as exc:
            check = exc.check
            missing = [_tube_view(t) for t in check.missing]
            extra = [asdict(e) for e in check.extra]
            emit(
                args,
                {
                    "status": "mismatch",
                    "checkpoint": check.checkpoint,
                    "count": len(check.scanned),
                    "expected": len(check.due),
                    "missing": missing,
                    "extra": extra,
                    "tubes": [_tube_view(t) for t in check.due],
                    "open": [_tube_view(t) for t in check.still_open],
                },
                "\n".join(
                    [
                        *(
                            ["missing from the box:", _columns(missing, ["code", "round", "filled", "size"])]
                            if missing
                            else []
                        ),
                        *(["not due here:", _columns(extra, ["code", "reason"])] if extra else []),
                    ]
                ),
            )
            return fail(exc.reason)
    return _recorded(args, done)


def cmd_result(args: argparse.Namespace) -> int:
    if (args.overdue is not None or args.check) and args.target != "import":
        raise Refused("cli.import_only")
    with open_store(args) as store:
        if args.target == "import" and args.check:
            # The office's views draw badges (Pillow, qrcode): loaded only here, not for register.
            from registration.reports import office_views

            with store.read() as conn:
                preview = office_views.preview_lab(conn, Path(args.value), args.overdue)
            answer = {"status": "checked"} | preview.to_json()
            emit(args, answer, "\n".join([f"{preview.rows} rows, nothing written", *_before_writing(answer)]))
            return EXIT_OK
        if args.target == "import":
            report = results.import_lab(store, Path(args.value), args.overdue).to_json()
            lines = [
                *_before_writing(report),
                f"{report['rows']} rows: {report['accepted']} results ({report['changed']} new or changed, "
                f"{report['unchanged']} unchanged), {len(report['rejected'])} rejected; "
                f"positive: {', '.join(report['positive']) or 'none'}",
            ]
            lines += [f"  row {r['row']}: {spoken(r['reason'])}" for r in report["rejected"]]
            lines += [_flagged_line(f) for f in report["flagged"]]
            emit(args, report, "\n".join(lines))
            return EXIT_OK
        named = tables.clean_text(args.target)
        # A broken tube's result is its people's: recorded for the tube they were moved to.
        tube = tubes.holding(store.conn, named)
        before = results.result_of(store.conn, tube)
        changed = results.set_result(store, named, args.value)
        result = results.result_of(store.conn, tube)
    status = "recorded" if changed else "unchanged"
    was = f", was {before}" if changed and before else ""
    answer = {"tube": tube, "result": result, "changed": changed, "status": status, "previous": before}
    moved = f"tube {named} is broken: its people were moved to {tube}\n" if named != tube else ""
    emit(
        args,
        answer | ({"named": named} if moved else {}),
        f"{moved}tube {tube}: {result} ({status}{was})",
    )
    return EXIT_OK


def _flagged_line(flag: dict[str, Any]) -> str:
    named = f" {flag['named']} (its people were moved to this tube)" if "named" in flag else ""
    return f"  flagged, row {flag['row']}: tube {flag['tube']} {flag['reason']}{named}"


def _before_writing(report: dict[str, Any]) -> list[str]:
    """What an import says before what it wrote: tubes never had, tubes waiting for a result."""
    lines = []
    if report["never_had"]:
        lines.append(f"tubes this campaign never had: {', '.join(report['never_had'])}")
    for late in report["overdue"]:
        lines.append(
            f"no result yet: tube {late['tube']} ({late['checkpoint']}), "
            f"handed over {late['hours']} h ago ({late['handed_over_at']})"
        )
    return lines


def _moved_line(hop: dict[str, Any]) -> str:
    return f"tube {hop['tube']} is broken: its people were moved to {hop['moved_to']} ({hop['reason']})"


def cmd_trace(args: argparse.Namespace) -> int:
    with open_store(args) as store, store.read() as conn:
        codes = [*args.tubes, *(results.positive_tubes(conn) if args.positive else [])]
        if not codes:
            raise Refused("cli.trace_what" if not args.positive else "cli.no_positive")
        members = trace.trace(conn, codes)
        away = trace.corrected_away(conn, codes)
        moved = trace.moved(conn, codes)
        if args.out:
            trace.write_recall_list(
                args.out, trace.trace(conn, codes, reveal=True) if args.reveal else members, away
            )
    if args.out and args.reveal:
        _record_reveal(args, "trace", len(members))
    keys = ["tube", "position", "name", "enterprise", "phone", "checkpoint", "at", "voided"]
    answer: dict[str, Any] = {
        "tubes": list(dict.fromkeys(codes)),
        "members": members,
        "corrected_away": away,
        "moved": moved,
    }
    text = _columns(members, keys) if members else "nobody is in these tubes"
    if moved:
        text = "\n".join(_moved_line(hop) for hop in moved) + "\n\n" + text
    if away:
        text += "\n\ncorrected away (not in these tubes, do not call):\n" + _columns(
            away, ["tube", "position", "name", "enterprise", "replaced_by", "reason"]
        )
    if args.out:
        answer["out"] = str(args.out)
        text += f"\nrecall list written to {args.out}"
    emit(args, answer, text)
    return EXIT_OK
