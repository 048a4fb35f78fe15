"""Command-line commands of sync: the server and its administration, enrolment, sync and bundles."""

from __future__ import annotations

import argparse
import threading
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli import liaisons, remind, users
from cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_UNREACHABLE,
    add_common,
    db_key,
    db_path,
    emit,
    encryption,
    open_store,
    tell,
)
from cli.language import spoken
from registration.errors import Refused, message
from registration.storage import files

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from sync import client
    from sync.server import campaigns

# The server, HTTP and SQLAlchemy modules load inside the handlers: every other command of
# main.py starts without them.


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "server",
        help="run the central sync server, or administer it",
        description="Without a subcommand: serve the sync API on uvicorn (SQLite file by default). "
        "With --site, the site is created when new and, while it has no administrator laptop, each "
        "start prints a one-time enrolment code for the campaign office's laptop.",
    )
    _server_db(p)
    p.add_argument(
        "--site",
        default=None,
        help="create this site when new and, until its office laptop is enrolled, print an enrolment "
        "code for it at each start (its file and QR code PNG beside the database)",
    )
    p.add_argument(
        "--url", default=None, help="the address laptops reach this server at, put in codes (as init's)"
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port (printed)")
    p.add_argument("--api-docs", action="store_true", help="also serve the interactive API docs (/docs)")
    p.add_argument("--workers", type=int, default=1, help="API processes sharing the port (PostgreSQL)")
    p.add_argument("--certfile", type=Path, default=None, help="serve HTTPS with this certificate (PEM)")
    p.add_argument("--keyfile", type=Path, default=None, help="the certificate's private key (PEM)")
    p.add_argument(
        "--forwarded-allow-ips",
        default=None,
        metavar="ADDRESSES",
        help="believe X-Forwarded-For/-Proto only from these proxies (comma-separated addresses or "
        "networks); by default from no one",
    )
    p.add_argument(
        "--max-connections", type=int, default=2000, help="open connections per process (default 2000)"
    )
    p.add_argument(
        "--max-connections-per-address",
        type=int,
        default=256,
        metavar="N",
        help="of them, what one address may hold (default 256; the --forwarded-allow-ips proxies any)",
    )
    p.add_argument(
        "--metrics-token-file",
        type=Path,
        default=None,
        help="a file holding the token a scraper sends (Authorization: Bearer) to read /metrics from "
        "another machine; without it /metrics answers loopback only",
    )
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
        help="make a one-time enrolment code for a checkpoint, or for the site's administrator; "
        "list the unused ones, cancel one",
        description="Print a one-time enrolment code, its typed form, and write it as a QR code PNG. "
        "The site and the checkpoint are created when new. A checkpoint station's code names its "
        "checkpoint; an administrator device (--admin) belongs to the site and names none. --list "
        "shows the codes that could still enrol a laptop; --cancel makes one enrol nobody.",
    )
    a.add_argument("--checkpoint", default=None, help="the station's checkpoint (not with --admin)")
    a.add_argument("--site", default=None, help="needed when the server holds several sites")
    a.add_argument("--admin", action="store_true", help="the device may change reference data")
    a.add_argument("--url", default=None, help="server address put in the code (default: as configured)")
    a.add_argument("--out", type=Path, default=None, help="QR code PNG (default: enrol-SITE-CHECKPOINT.png)")
    a.add_argument("--valid-hours", type=float, default=72.0)
    given = a.add_mutually_exclusive_group()
    given.add_argument("--list", action="store_true", help="list the unused codes (of --site, else all)")
    given.add_argument(
        "--cancel", default=None, metavar="CODE", help="cancel an unused code: its id as listed, or the code"
    )
    _server_db(a)
    a.set_defaults(handler=cmd_server_enroll)

    a = admin.add_parser("import", help="store a laptop's sync bundle (made by sync export)")
    a.add_argument("file", type=Path)
    _server_db(a)
    a.set_defaults(handler=cmd_server_import)

    a = admin.add_parser(
        "site-export",
        help="write a whole site (devices, roles, codes, every event) to a file for another server",
    )
    a.add_argument("--site", default=None, help="needed when the server holds several sites")
    a.add_argument("--out", type=Path, required=True)
    a.add_argument(
        "--to", default=None, help="the new server's address, told to the site's stations when they sync here"
    )
    _server_db(a)
    a.set_defaults(handler=cmd_server_site_export)

    a = admin.add_parser("site-import", help="create a site on this server from a site-export file")
    a.add_argument("file", type=Path)
    _server_db(a)
    a.set_defaults(handler=cmd_server_site_import)

    a = admin.add_parser(
        "migrate",
        help="upgrade the server database's schema to this release's (idempotent; back it up first)",
    )
    _server_db(a)
    a.set_defaults(handler=cmd_server_migrate)

    a = admin.add_parser("revoke", help="revoke a device: its credential stops working")
    a.add_argument("device")
    _server_db(a)
    a.set_defaults(handler=cmd_server_revoke)

    a = admin.add_parser(
        "devices", help="list devices: checkpoint, role, first and last seen, events held, revoked"
    )
    a.add_argument("--site", default=None)
    _server_db(a)
    a.set_defaults(handler=cmd_server_devices)

    a = admin.add_parser(
        "purge", help="remove every name, ID number and phone of an ended campaign, keeping its figures"
    )
    a.add_argument("--site", default=None, help="needed when the server holds several sites")
    a.add_argument("--campaign-ended", action="store_true", required=True)
    a.add_argument("--older-than", type=int, required=True, metavar="DAYS", help="days since it ended")
    _server_db(a)
    a.set_defaults(handler=cmd_server_purge)
    users.add_commands(admin, _server_db)
    liaisons.add_commands(admin, _server_db)
    remind.add_commands(admin, _server_db)

    p = sub.add_parser("enroll", help="enrol this station with the server using a one-time code")
    p.add_argument(
        "code", help="the office's code: whole (TPE1..., from its QR code or file) or typed (XXXX-XXXX-XXXX)"
    )
    p.add_argument(
        "--server",
        default=None,
        help="server address: needed with a typed code (as the office shows it); overrides a whole code's",
    )
    p.add_argument("--no-sync", action="store_true", help="do not run the first sync")
    p.add_argument(
        "--trust-network", action="store_true", help="allow plain http to another machine (a closed network)"
    )
    add_common(p)
    p.set_defaults(handler=cmd_enroll)

    p = sub.add_parser("sync", help="sync with the server (push, then pull); keeps syncing without --once")
    p.add_argument("--once", action="store_true")
    p.add_argument("--interval", type=float, default=30.0, help="seconds between syncs without --once")
    p.add_argument("--batch", type=int, default=None, help="events per push request (default: 2000)")
    p.add_argument("--page", type=int, default=5000, help="events per pulled page")
    p.add_argument("--server", default=None, help="the server's new address (after its site moved)")
    add_common(p)
    p.set_defaults(handler=cmd_sync)
    s = p.add_subparsers(title="sync commands", parser_class=type(p))
    a = s.add_parser("export", help="write this laptop's events to a bundle file for server import")
    a.add_argument("--out", type=Path, required=True)
    a.add_argument(
        "--encrypt-to-server",
        action="store_true",
        help="readable only by the server (its key, learnt when syncing)",
    )
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
    from sync.server import db, records

    engine = db.open_engine(db.resolve_url(args.database_url, args.db))
    records.build(engine)
    return engine


def cmd_serve(args: argparse.Namespace) -> int:
    from registration.setup.campaign import check_name
    from sync.server import codes, db, edge, run
    from sync.server.app import Settings

    if args.workers < 1:
        raise Refused("serve.workers", workers=args.workers)
    if args.max_connections < 1:
        raise Refused("serve.max_connections", count=args.max_connections)
    if args.max_connections_per_address < 1:
        raise Refused("serve.max_connections_per_address", count=args.max_connections_per_address)
    # Checked before the port is taken and the database opened: a refused one leaves nothing behind.
    site = None if args.site is None else check_name("site", args.site)
    url = None if args.url is None else codes.checked(args.url)
    settings = Settings(
        database_url=db.resolve_url(args.database_url, args.db),
        api_docs=args.api_docs,
        metrics_token=run.metrics_token(args.metrics_token_file),
    )
    tls = run.server_tls(args.certfile, args.keyfile)
    limits = edge.Limits(max_connections=args.max_connections, per_address=args.max_connections_per_address)
    outer = run.Edge(limits, args.forwarded_allow_ips)
    sqlite = db.sqlite_file(settings.database_url)
    # The office's code goes beside the SQLite file; for another database, here (as server enroll's).
    folder = (sqlite.parent if sqlite else Path()).absolute()

    def ready(engine: Engine, serving: str) -> None:
        start = _set_up_at_start(engine, site, url, folder)
        emit(args, {"serving": serving} | asdict(start), "\n".join([f"serving on {serving}", *start.lines()]))

    try:
        run.serve(settings, args.host, args.port, ready, tls, args.workers, outer)
    except KeyboardInterrupt:
        return EXIT_OK  # Ctrl-C is how the server is stopped
    except OSError as exc:
        raise Refused("serve.listen", host=args.host, port=args.port, why=exc.strerror or exc) from exc
    return EXIT_OK


def cmd_server_init(args: argparse.Namespace) -> int:
    from registration.sampling.payloads import compile_tube_pattern
    from sync.server import codes

    # Both checked before the database is opened: a refused one leaves nothing behind, not even a file.
    url = None if args.url is None else codes.checked(args.url)
    if args.tube_pattern is not None:
        compile_tube_pattern(args.tube_pattern)
    site = _init_site(_engine(args), args.site, args.checkpoint, args.tube_pattern, url)
    emit(
        args,
        asdict(site),
        f"site {site.site} {'created' if site.created else 'exists'}; checkpoints: "
        f"{', '.join(site.checkpoints) or 'none yet'}",
    )
    return EXIT_OK


def _init_site(
    engine: Engine, site: str, checkpoints: list[str], tube_pattern: str | None, url: str | None
) -> campaigns.Site:
    """``server init``: the site and its checkpoints, each made when new, and the address codes name."""
    from registration.storage import clock
    from sync.server import campaigns, db

    with db.writing(engine) as conn:
        made = campaigns.init_site(conn, site, checkpoints, tube_pattern, clock.now_ms())
    if url:
        db.remember(engine, "public_url", url)
    return made


@dataclass(frozen=True)
class OfficeCode:
    """A one-time enrolment code for a site's campaign office laptop, made as the server starts."""

    id: str
    expires: str
    typed: str  # the code as typed on the office's laptop, with the server below
    server: str
    file: str  # the whole code, to open on the office's laptop
    qr: str  # its QR code, for the office laptop's webcam


@dataclass(frozen=True)
class StartUp:
    """What ``server --site S`` did as it started; with no site, nothing."""

    site: str | None = None
    site_created: bool = False
    office_code: OfficeCode | None = None

    def lines(self) -> list[str]:
        said = []
        if self.site_created:
            said.append(f"site {self.site} created; checkpoints: none yet (the campaign office adds them)")
        code = self.office_code
        if code is not None:
            said += [
                f"the campaign office's laptop is not enrolled at {self.site} yet: enrolment code {code.id} "
                f"for it (one use, until {code.expires}; a restart replaces it)",
                f"type on the office laptop: {code.typed} with the server {code.server}",
                f"or open the code's file on it: {code.file}; or show its webcam the QR code: {code.qr}",
            ]
        return said


def _set_up_at_start(engine: Engine, site: str | None, url: str | None, folder: Path) -> StartUp:
    """``server --site S``, once the server's address is known: the site made when new (with no
    checkpoint: the office adds them) and, while it has no office laptop, a fresh enrolment code
    for one, written to ``folder``."""
    from registration.storage import clock
    from sync import admin_client
    from sync.schema import make_enrolment_code
    from sync.server import codes, db, devices

    if site is None:
        if url:
            db.remember(engine, "public_url", url)
        return StartUp()
    created = _init_site(engine, site, [], None, url).created
    address = codes.address(engine)
    with db.writing(engine) as conn:
        code = devices.first_office_code(conn, site, clock.now_ms(), address)
    if code is None:
        return StartUp(site, created)  # the office's laptop is enrolled: no code made
    text = make_enrolment_code(address, code.secret)
    saved = folder / admin_client.code_file_name(site, None, ".txt")
    png = folder / admin_client.code_file_name(site, None, ".png")
    try:
        admin_client.save_code(saved, text)
        _write_qr(png, text)
    except OSError as exc:  # said as what it is, not as the port that could not be listened on
        raise Refused("serve.office_code_unwritable", why=message(exc)) from exc
    typed = admin_client.typed(text)
    made = OfficeCode(code.id, _when(code.expires_ms), typed.code, typed.server, str(saved), str(png))
    return StartUp(site, created, made)


def _write_qr(out: Path, text: str) -> None:
    """The code as a QR code PNG, owner-only: whoever holds it can enrol a laptop."""
    import qrcode

    with files.private_output(out) as target:
        qrcode.make(text).save(target)


def cmd_server_enroll(args: argparse.Namespace) -> int:
    from registration.storage import clock
    from sync import admin_client, tls, typed_code
    from sync.schema import Role, make_enrolment_code
    from sync.server import campaigns, codes, db, devices

    if args.list or args.cancel is not None:
        if args.checkpoint is not None or args.admin:
            raise Refused("cli.codes_list_cancel")
        return _server_codes(args)
    engine = _engine(args)
    url = codes.address(engine, args.url)
    with db.writing(engine) as conn:
        site = args.site or campaigns.only_site(conn)
        role: Role = "admin" if args.admin else "station"
        code = devices.create_code(conn, site, args.checkpoint, role, clock.now_ms(), args.valid_hours, url)
    text = make_enrolment_code(url, code.secret)
    typed, server = typed_code.grouped(code.secret), tls.address(url).url
    place = code.checkpoint or "admin"
    out = args.out or Path(admin_client.code_file_name(code.site, code.checkpoint, ".png"))
    _write_qr(out, text)
    expires = _when(code.expires_ms)
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
            "id": code.id,
            "typed": typed,
            "server": server,
        },
        "\n".join(
            [
                f"enrolment code {code.id} for {role} at {code.site} / {place} (one use, until {expires}):",
                text,
                f"QR code written to {out}",
                f"or type on the laptop: {typed} with the server {server} (enroll {typed} --server {server})",
                *[n for n in notes if n],
            ]
        ),
    )
    return EXIT_OK


def _server_codes(args: argparse.Namespace) -> int:
    """``server enroll --list`` and ``--cancel``."""
    from registration.storage import clock
    from sync.server import db, devices

    engine = _engine(args)
    if args.cancel is not None:
        gone = devices.cancel_code(engine, args.site, args.cancel, clock.now_ms())
        emit(
            args,
            {"cancelled": gone.id, "site": gone.site, "checkpoint": gone.checkpoint, "role": gone.role},
            f"enrolment code {gone.id} ({gone.site} / {gone.checkpoint or 'admin'}) cancelled: "
            "it enrols nobody now",
        )
        return EXIT_OK
    with db.reading(engine) as conn:
        found = devices.unused_codes(conn, args.site, clock.now_ms())
    header = ["id", "site", "checkpoint", "role", "made", "expires"]
    rows = [
        [c.id, c.site, c.checkpoint or "(site)", c.role, _when(c.created_ms), _when(c.expires_ms)]
        for c in found
    ]
    emit(
        args,
        [
            {
                "id": c.id,
                "site": c.site,
                "checkpoint": c.checkpoint,
                "role": c.role,
                "created_at": _when(c.created_ms),
                "expires_at": _when(c.expires_ms),
            }
            for c in found
        ],
        _table(header, rows) if rows else "no unused enrolment codes",
    )
    return EXIT_OK


def _when(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).astimezone().isoformat(timespec="minutes")


def _table(header: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell, for a person reading a terminal."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in [header, *rows]
    )


def cmd_server_import(args: argparse.Namespace) -> int:
    from registration.storage import clock
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


def cmd_server_site_export(args: argparse.Namespace) -> int:
    from registration.storage import clock
    from sync.server import campaigns, codes, db, moves

    # Checked before the database is opened, as server init's --url is.
    to = None if args.to is None else codes.checked(args.to)
    engine = _engine(args)
    with db.reading(engine) as conn:
        site = args.site or campaigns.only_site(conn)
    moved = moves.export_site(engine, site, args.out, clock.now_ms(), to)
    emit(
        args,
        asdict(moved) | {"out": str(args.out), "to": to},
        f"site {moved.site}: {moved.devices} devices and {moved.events} events written to {args.out}; "
        f"this server now refuses the site's syncs: its stations sync with `sync --server "
        f"{to or 'NEW-URL'}`",
    )
    return EXIT_OK


def cmd_server_site_import(args: argparse.Namespace) -> int:
    from sync.server import moves

    moved = moves.import_site(_engine(args), args.file)
    emit(args, asdict(moved), f"site {moved.site} imported: {moved.devices} devices, {moved.events} events")
    return EXIT_OK


def cmd_server_migrate(args: argparse.Namespace) -> int:
    from sync.server import db, migrations

    engine = db.open_engine(db.resolve_url(args.database_url, args.db), prepare=False)
    try:
        was = migrations.upgrade(engine)
    finally:
        engine.dispose()
    if was.fresh:
        done = f"schema created at version {was.head}"
    elif was.current == was.head:
        done = f"schema already at version {was.head}"
    else:
        done = f"schema upgraded from {was.current or 'the release before versions'} to version {was.head}"
    emit(args, {"from": was.current, "to": was.head, "created": was.fresh}, done)
    return EXIT_OK


def cmd_server_revoke(args: argparse.Namespace) -> int:
    from registration.storage import clock
    from sync.server import devices

    devices.revoke(_engine(args), args.device, clock.now_ms())
    emit(args, {"revoked": args.device}, f"device {args.device} revoked")
    return EXIT_OK


def cmd_server_purge(args: argparse.Namespace) -> int:
    from registration.privacy import audit
    from registration.storage import clock
    from sync.server import campaigns, db, purge

    engine = _engine(args)
    if args.site is None:
        with db.reading(engine) as conn:
            args.site = campaigns.only_site(conn)
    people = purge.purge_site(engine, args.site, args.older_than, audit.who(), clock.now_ms())
    emit(
        args,
        {"site": args.site, "people": people},
        f"site {args.site}: {people} people purged; the figures are kept (restart the server)",
    )
    return EXIT_OK


def cmd_server_devices(args: argparse.Namespace) -> int:
    from sync.server import db, devices

    with db.reading(_engine(args)) as conn:
        found = devices.list_devices(conn, args.site)
    header = ["device", "site", "checkpoint", "role", "first seen", "last seen", "events", "revoked"]
    rows = [
        [
            d.device,
            d.site,
            d.checkpoint or "(site)",
            d.role,
            d.first_seen or "never",
            d.last_seen or "never",
            str(d.events),
            "revoked" if d.revoked else "",
        ]
        for d in found
    ]
    text = _table(header, rows)
    emit(
        args,
        [
            {
                "device": d.device,
                "site": d.site,
                "checkpoint": d.checkpoint,
                "role": d.role,
                "first_seen": d.first_seen,
                "last_seen": d.last_seen,
                "events": d.events,
                "revoked": d.revoked,
            }
            for d in found
        ],
        text if rows else "no devices",
    )
    return EXIT_OK


def cmd_enroll(args: argparse.Namespace) -> int:
    from sync import client, enrolment
    from sync.transport import ServerRefused, Unreachable

    encrypted = db_key(args) is not None  # the new database is encrypted with it
    try:
        done = enrolment.enroll(
            db_path(args), args.code, server_url=args.server, trust_network=args.trust_network
        )
    except ServerRefused as exc:
        raise Refused(exc.detail) from exc
    except Unreachable as exc:
        tell(message(exc))
        return EXIT_UNREACHABLE
    a = done.answer
    data: dict[str, Any] = {
        "device": a.device,
        "site": a.site,
        "checkpoint": a.checkpoint,
        "role": a.role,
        "server": done.server_url,
        "created": done.created,
        "encrypted": encrypted,
    }
    text = f"enrolled as device {a.device} ({a.role}) at {a.site} / {a.checkpoint or 'the whole site'}"
    text += encryption(encrypted)
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
    db_key(args)  # a --key-file is remembered for the sync's own connection
    if args.server:
        _move_to(args, args.server)
    if not args.once:
        return _sync_forever(args, show)
    with open_store(args) as store:
        try:
            report = client.sync_once(store, _options(args), progress=show)
        except client.SyncFailed as exc:
            tell(message(exc))
            return EXIT_UNREACHABLE if isinstance(exc.__cause__, Unreachable) else EXIT_BAD_INPUT
        state = client.status(store.conn)
    emit(
        args, asdict(report) | {"waiting": state.waiting, "last_sync": state.last_sync}, _report_text(report)
    )
    return EXIT_OK


def _move_to(args: argparse.Namespace, url: str) -> None:
    """Sync with the server at ``url`` from now on; the certificate pin and the trusted-network flag
    kept with the old address go along, unless ``url`` carries a pin of its own."""
    from sync import tls

    if not url.startswith(("http://", "https://")):
        raise Refused("cli.server_url", url=url)
    new = tls.address(url)
    with open_store(args) as store, store.write() as conn:
        row = conn.execute("SELECT server_url FROM sync_state WHERE id = 1").fetchone()
        if row is None:
            raise Refused("sync.not_enrolled")
        old = tls.address(row[0])
        kept = tls.with_fragment(new.url, pin=new.pin or old.pin, trusted=new.trusted or old.trusted)
        conn.execute("UPDATE sync_state SET server_url = ? WHERE id = 1", (kept,))


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

    return client.Options(batch=max(1, args.batch or client.Options.batch), page=max(1, args.page))


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
        seal_to = bundle.server_key(store) if args.encrypt_to_server else None
        if args.encrypt_to_server and seal_to is None:
            raise Refused("cli.no_server_key")
        header = bundle.export(store, args.out, seal_to=seal_to)
    emit(
        args,
        header.model_dump() | {"out": str(args.out), "encrypted": seal_to is not None},
        f"{header.events} events of device {header.device} written to {args.out}"
        + (" (encrypted to the server)" if seal_to else ""),
    )
    return EXIT_OK


def cmd_sync_status(args: argparse.Namespace) -> int:
    from sync import client

    with open_store(args) as store:
        state = client.status(store.conn)
    waiting = f"{state.waiting} events waiting"
    if state.exported:
        waiting += (
            f" ({state.exported} exported to a bundle, awaiting import by the server; "
            f"{state.not_exported} not yet exported)"
        )
    if not state.enrolled:
        emit(args, asdict(state), f"not enrolled with a server; {waiting}")
        return EXIT_OK
    lines = [
        f"server {state.server_url} ({state.site} / {state.checkpoint or 'the whole site'}, {state.role})",
        f"{waiting}; last sync {state.last_sync or 'never'}",
    ]
    lines += [f"last error: {state.last_error}"] if state.last_error else []
    lines += [state.clock_warning] if state.clock_warning else []
    lines += [f"{r.status} {r.kind or ''} {r.event}: {spoken(r.reason)}" for r in state.refusals]
    lines += [
        f"registered at {', '.join(f.checkpoints)} in round {f.round}: {f.person}"
        + (f" {f.name}" if f.name else "")
        for f in state.flagged
    ]
    emit(args, asdict(state) | {"clock_warning": state.clock_warning}, "\n".join(lines))
    return EXIT_OK
