"""Command-line commands of sync: the server and its administration, enrolment, sync and bundles."""

from __future__ import annotations

import argparse
import re
import sys
import threading
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registration.cliutil import EXIT_BAD_INPUT, EXIT_OK, Refused, add_common, db_path, emit, open_store

if TYPE_CHECKING:
    from sync import client

# The server, HTTP and SQLAlchemy modules load inside the handlers: every other command of
# main.py starts without them.
EXIT_UNREACHABLE = 1


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "server",
        help="run the central sync server, or administer it",
        description="Without a subcommand: serve the sync API on uvicorn (SQLite file by default).",
    )
    _server_db(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port (printed)")
    p.set_defaults(handler=cmd_serve)
    admin = p.add_subparsers(title="administration", parser_class=type(p))

    a = admin.add_parser(
        "init",
        help="create a site (campaign) with its checkpoints",
        description="Create the site with its checkpoints and tube pattern. Optional: the first "
        "enrolment code made for a site creates it (default tube pattern), and each code adds the "
        "checkpoint it names.",
    )
    a.add_argument("--site", required=True)
    a.add_argument("--checkpoint", action="append", default=[], help="repeat for each checkpoint")
    a.add_argument("--tube-pattern", default=None, help="regular expression of valid tube codes")
    a.add_argument("--url", default=None, help="the address stations reach this server at (put in codes)")
    _server_db(a)
    a.set_defaults(handler=cmd_server_init)

    a = admin.add_parser(
        "enroll",
        help="make a one-time enrolment code for a checkpoint (text and QR code PNG)",
        description="Print a one-time enrolment code and write it as a QR code PNG. The site and "
        "the checkpoint are created when new.",
    )
    a.add_argument("--checkpoint", required=True)
    a.add_argument("--site", default=None, help="needed when the server holds several sites")
    a.add_argument("--admin", action="store_true", help="the device may change reference data")
    a.add_argument("--url", default=None, help="server address put in the code (default: as configured)")
    a.add_argument("--out", type=Path, default=None, help="QR code PNG (default: enrol-SITE-CHECKPOINT.png)")
    a.add_argument("--valid-hours", type=float, default=72.0)
    _server_db(a)
    a.set_defaults(handler=cmd_server_enroll)

    a = admin.add_parser("import", help="store a laptop's sync bundle (made by sync export)")
    a.add_argument("file", type=Path)
    _server_db(a)
    a.set_defaults(handler=cmd_server_import)

    a = admin.add_parser("revoke", help="revoke a device: its credential stops working")
    a.add_argument("device")
    _server_db(a)
    a.set_defaults(handler=cmd_server_revoke)

    a = admin.add_parser("devices", help="list enrolled devices")
    a.add_argument("--site", default=None)
    _server_db(a)
    a.set_defaults(handler=cmd_server_devices)

    p = sub.add_parser("enroll", help="enrol this station with the server using a one-time code")
    p.add_argument("code")
    p.add_argument("--server", default=None, help="server address, overriding the one in the code")
    p.add_argument("--no-sync", action="store_true", help="do not run the first sync")
    add_common(p)
    p.set_defaults(handler=cmd_enroll)

    p = sub.add_parser("sync", help="sync with the server (push, then pull); keeps syncing without --once")
    p.add_argument("--once", action="store_true")
    p.add_argument("--interval", type=float, default=30.0, help="seconds between syncs without --once")
    p.add_argument("--batch", type=int, default=500, help="events per push request")
    p.add_argument("--page", type=int, default=5000, help="events per pulled page")
    add_common(p)
    p.set_defaults(handler=cmd_sync)
    s = p.add_subparsers(title="sync commands", parser_class=type(p))
    a = s.add_parser("export", help="write this laptop's events to a bundle file for server import")
    a.add_argument("--out", type=Path, required=True)
    add_common(a)
    a.set_defaults(handler=cmd_sync_export)
    a = s.add_parser("status", help="events waiting, last sync, errors, refused events")
    add_common(a)
    a.set_defaults(handler=cmd_sync_status)


def _server_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, default=None, help="server SQLite file (default: $TESTPOINT_SERVER_DB)")
    p.add_argument("--database-url", default=None, help="e.g. postgresql://user@host/db instead of --db")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _engine(args: argparse.Namespace) -> Any:
    from sync.server import db, run

    return db.open_engine(run.resolve_url(args.database_url, args.db))


def cmd_serve(args: argparse.Namespace) -> int:
    from sync.server import run
    from sync.server.app import Settings

    settings = Settings(database_url=run.resolve_url(args.database_url, args.db))
    try:
        run.serve(settings, args.host, args.port, lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        return EXIT_OK  # Ctrl-C is how the server is stopped
    except OSError as exc:
        raise Refused(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    return EXIT_OK


def cmd_server_init(args: argparse.Namespace) -> int:
    from registration import clock
    from sync.server import campaigns, db, run

    engine = _engine(args)
    with db.writing(engine) as conn:
        site = campaigns.init_site(conn, args.site, args.checkpoint, args.tube_pattern, clock.now_ms())
    if args.url:
        run.remember(engine, "public_url", args.url)
    emit(
        args,
        asdict(site),
        f"site {site.site} {'created' if site.created else 'exists'}; checkpoints: "
        f"{', '.join(site.checkpoints) or 'none yet'}",
    )
    return EXIT_OK


def cmd_server_enroll(args: argparse.Namespace) -> int:
    import qrcode

    from registration import clock
    from sync.schema import Role, make_enrolment_code
    from sync.server import campaigns, db, devices, run

    engine = _engine(args)
    with db.writing(engine) as conn:
        site = args.site or campaigns.only_site(conn)
        role: Role = "admin" if args.admin else "station"
        code = devices.create_code(conn, site, args.checkpoint, role, clock.now_ms(), args.valid_hours)
    text = make_enrolment_code(args.url or run.public_url(engine), code.secret)
    out = args.out or Path(f"enrol-{_file_part(code.site)}-{_file_part(code.checkpoint)}.png")
    qrcode.make(text).save(out)
    expires = datetime.fromtimestamp(code.expires_ms / 1000).astimezone().isoformat(timespec="minutes")
    notes = [f"site {code.site} created" if code.site_created else ""]
    notes.append(f"checkpoint {code.checkpoint} added" if code.checkpoint_added else "")
    emit(
        args,
        {
            "code": text,
            "png": str(out),
            "site": code.site,
            "checkpoint": code.checkpoint,
            "role": role,
            "expires_at": expires,
            "site_created": code.site_created,
            "checkpoint_added": code.checkpoint_added,
        },
        "\n".join(
            [
                f"enrolment code for {role} at {code.site} / {code.checkpoint} (one use, until {expires}):",
                text,
                f"QR code written to {out}",
                *[n for n in notes if n],
            ]
        ),
    )
    return EXIT_OK


def _file_part(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_") or "x"


def cmd_server_import(args: argparse.Namespace) -> int:
    from registration import clock
    from sync.server import imports

    result = imports.import_bundle(_engine(args), args.file, clock.now_ms())
    h = result.header
    data = {
        "site": h.site,
        "device": h.device,
        "events": h.events,
        "new_device": result.new_device,
        **{k: result.counts.get(k, 0) for k in ("stored", "duplicate", "conflict", "rejected")},
        "refusals": [{"event": e, "status": s, "reason": r} for e, s, r in result.refusals],
    }
    lines = [
        f"bundle of device {h.device} ({h.site}): {data['stored']} stored, {data['duplicate']} already "
        f"held, {data['conflict']} conflicts, {data['rejected']} rejected"
    ]
    lines += [f"  {s} {e}: {r}" for e, s, r in result.refusals]
    emit(args, data, "\n".join(lines))
    return EXIT_OK


def cmd_server_revoke(args: argparse.Namespace) -> int:
    from registration import clock
    from sync.server import devices

    devices.revoke(_engine(args), args.device, clock.now_ms())
    emit(args, {"revoked": args.device}, f"device {args.device} revoked")
    return EXIT_OK


def cmd_server_devices(args: argparse.Namespace) -> int:
    from sync.server import db, devices

    with db.reading(_engine(args)) as conn:
        found = devices.list_devices(conn, args.site)
    emit(
        args,
        [asdict(d) for d in found],
        "\n".join(
            "\t".join([d.device, d.site, d.checkpoint, d.role, *(["revoked"] if d.revoked else [])])
            for d in found
        )
        or "no devices",
    )
    return EXIT_OK


def cmd_enroll(args: argparse.Namespace) -> int:
    from sync import client, enrolment
    from sync.schema import BadEnrolmentCode
    from sync.transport import Refused as ServerRefused
    from sync.transport import Unreachable

    try:
        done = enrolment.enroll(db_path(args), args.code, server_url=args.server)
    except BadEnrolmentCode as exc:
        raise Refused(str(exc)) from exc
    except ServerRefused as exc:
        raise Refused(exc.detail) from exc
    except Unreachable as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return EXIT_UNREACHABLE
    a = done.answer
    data: dict[str, Any] = {
        "device": a.device,
        "site": a.site,
        "checkpoint": a.checkpoint,
        "role": a.role,
        "server": done.server_url,
        "created": done.created,
    }
    text = f"enrolled as device {a.device} ({a.role}) at {a.site} / {a.checkpoint}"
    if not args.no_sync:
        with open_store(args) as store:
            try:
                report = client.sync_once(store)
                data["sync"] = asdict(report)
                text += f"; first sync: {report.pulled} events received"
            except client.SyncFailed as exc:
                data["sync_error"] = str(exc)
                text += f"; first sync failed ({exc}): run sync later"
    emit(args, data, text)
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from sync import client
    from sync.transport import Unreachable

    show = _progress_printer(args)
    if not args.once:
        return _sync_forever(args, show)
    with open_store(args) as store:
        try:
            report = client.sync_once(store, _options(args), progress=show)
        except client.SyncFailed as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
            return EXIT_UNREACHABLE if isinstance(exc.__cause__, Unreachable) else EXIT_BAD_INPUT
        state = client.status(store.conn)
    emit(
        args, asdict(report) | {"waiting": state.waiting, "last_sync": state.last_sync}, _report_text(report)
    )
    return EXIT_OK


def _sync_forever(args: argparse.Namespace, show: client.ProgressFn) -> int:
    from sync import client

    stop = threading.Event()

    def report(outcome: client.Report | client.SyncFailed) -> None:
        if isinstance(outcome, client.SyncFailed):
            print(f"{_clock()} sync failed: {outcome}; trying again later", flush=True)
        else:
            emit(args, asdict(outcome), f"{_clock()} {_report_text(outcome)}")

    try:
        client.run(
            str(db_path(args)),
            stop,
            options=_options(args),
            progress=show,
            on_report=report,
            interval_s=args.interval,
        )
    except KeyboardInterrupt:
        stop.set()
    return EXIT_OK


def _options(args: argparse.Namespace) -> client.Options:
    from sync import client

    return client.Options(batch=max(1, args.batch), page=max(1, args.page))


def _clock() -> str:
    return datetime.now().strftime("%H:%M:%S")


def _report_text(report: client.Report) -> str:
    text = f"synced: {report.pushed} events sent, {report.pulled} received"
    if report.refused:
        text += f", {report.refused} refused by the server (see sync status)"
    if report.unapplied:
        text += f", {report.unapplied} received events could not be applied (see sync status)"
    return text


def _progress_printer(args: argparse.Namespace) -> client.ProgressFn:
    def show(p: client.Progress) -> None:
        if not args.json:
            print(f"{p.phase} {p.done}/{'?' if p.total is None else p.total}", flush=True)

    return show


def cmd_sync_export(args: argparse.Namespace) -> int:
    from sync import bundle

    with open_store(args) as store:
        header = bundle.export(store, args.out)
    emit(
        args,
        header.model_dump() | {"out": str(args.out)},
        f"{header.events} events of device {header.device} written to {args.out}",
    )
    return EXIT_OK


def cmd_sync_status(args: argparse.Namespace) -> int:
    from sync import client

    with open_store(args) as store:
        state = client.status(store.conn)
    if not state.enrolled:
        emit(args, asdict(state), f"not enrolled with a server; {state.waiting} events waiting")
        return EXIT_OK
    lines = [
        f"server {state.server_url} ({state.site} / {state.checkpoint}, {state.role})",
        f"{state.waiting} events waiting; last sync {state.last_sync or 'never'}",
    ]
    lines += [f"last error: {state.last_error}"] if state.last_error else []
    lines += [state.clock_warning] if state.clock_warning else []
    lines += [f"{r.status} {r.kind or ''} {r.event}: {r.reason}" for r in state.refusals]
    lines += [
        f"registered at {', '.join(f.checkpoints)} in round {f.round}: {f.person}" for f in state.flagged
    ]
    emit(args, asdict(state) | {"clock_warning": state.clock_warning}, "\n".join(lines))
    return EXIT_OK
