"""The ``scan`` command: decode an image, a folder, a video or a camera and print each code read;
with ``--register``, register what it reads as the station does."""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
from typing import Any

from registration import payloads, registrations
from registration.cliutil import EXIT_BAD_INPUT, EXIT_OK, Refused, add_common, emit, open_store
from registration.scanning.decoders import BACKENDS, DEFAULT_BACKEND, DecoderUnavailable, make_decoder
from registration.scanning.pipeline import AWAY_SECONDS, Pipeline, Report
from registration.scanning.sources import SourceError, open_source
from registration.store import Store

AMBIGUOUS = {"status": "ambiguous", "reason": "several different codes in view: show one code at a time"}


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("scan", help="decode codes from an image, a folder, a video file or a camera index")
    p.add_argument("source", help="an image, a folder of images, a video file, or a camera index such as 0")
    p.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND, help="decoder (default: zxing)")
    p.add_argument(
        "--away",
        type=float,
        default=AWAY_SECONDS,
        help=f"seconds a code must be out of view to be reported again (default: {AWAY_SECONDS})",
    )
    p.add_argument("--register", action="store_true", help="register each code read, as the station does")
    p.add_argument("--checkpoint", help="the checkpoint to register at (with --register)")
    p.add_argument("--round", help="the round to register in (with --register)")
    add_common(p)
    p.set_defaults(handler=cmd_scan)


def cmd_scan(args: argparse.Namespace) -> int:
    if args.register and not (args.checkpoint and args.round):
        raise Refused("scan --register needs --checkpoint and --round")
    if args.away < 0:
        raise Refused("--away cannot be negative")
    try:
        decoder = make_decoder(args.backend)
        source = open_source(args.source)
    except (DecoderUnavailable, SourceError) as exc:
        raise Refused(str(exc)) from exc
    with contextlib.ExitStack() as cleanup:
        store = cleanup.enter_context(open_store(args)) if args.register or args.db is not None else None
        try:
            cleanup.enter_context(source)
        except SourceError as exc:
            raise Refused(str(exc)) from exc
        # With a campaign database, person codes are checked against its keys and tubes its pattern.
        classify = (
            payloads.classify if store is None else functools.partial(registrations.classify, store.conn)
        )
        pipeline = Pipeline(source, decoder=decoder, classify=classify, away_seconds=args.away)
        return _scan(args, pipeline, store)


def _scan(args: argparse.Namespace, pipeline: Pipeline, store: Store | None) -> int:
    frames = unreadable = 0
    while True:
        try:
            step = pipeline.step()
        except SourceError as exc:
            unreadable += 1
            if args.json:
                emit(args, {"source": exc.where, "error": str(exc)}, "")
            else:
                print(f"error: {exc}", file=sys.stderr, flush=True)
            if not pipeline.source.stills:
                return EXIT_BAD_INPUT
            continue
        except KeyboardInterrupt:
            return EXIT_OK
        if step is None:
            break
        frames += 1
        for report in step.reports:
            data = report_json(report)
            if args.register and store is not None:
                data["registration"] = _register(store, report, args)
            emit(args, data, _line(data))
    # Every file unreadable is a failure of the command; some unreadable files are only reported.
    return EXIT_BAD_INPUT if unreadable and not frames else EXIT_OK


def report_json(report: Report) -> dict[str, Any]:
    """One code as the command prints it; ID numbers and phone numbers masked."""
    return {
        "source": report.source,
        "frame": report.frame,
        "text": report.shown_text,
        "format": report.format,
        "kind": report.kind,
        "colour": report.colour,
        "position": [list(point) for point in report.corners],
        "ambiguous": report.ambiguous,
    }


def _register(store: Store, report: Report, args: argparse.Namespace) -> dict[str, Any]:
    if report.ambiguous:
        return dict(AMBIGUOUS)
    outcome = registrations.register(
        store,
        report.text,
        checkpoint=args.checkpoint,
        round_name=args.round,
        colour=report.colour,
        source="camera",
        accept_tubes=True,
    )
    return outcome.to_json()


def _line(data: dict[str, Any]) -> str:
    text = f"{data['source']} frame {data['frame']}: {data['format']} {data['kind']} {data['colour']}"
    text += f" {data['text']}"
    registration = data.get("registration")
    if registration:
        text += f" -> {registration['status']}"
        if registration.get("reason"):
            text += f" ({registration['reason']})"
    return text
