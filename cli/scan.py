"""The ``scan`` command: decode an image, a folder, a video or a camera and print each code read;
with ``--register``, register what it reads as the station does."""

from __future__ import annotations

import argparse
import contextlib
import functools
from typing import TYPE_CHECKING, Any

from cli.common import EXIT_BAD_INPUT, EXIT_OK, add_common, emit, open_store, tell
from cli.language import spoken
from registration.errors import Refused
from registration.sampling import payloads, registrations
from registration.sampling.scanflow import Attempt, ScanFlow
from registration.sampling.scanning import AWAY_SECONDS, BACKENDS, DEFAULT_BACKEND
from registration.storage.store import Store

if TYPE_CHECKING:
    from registration.sampling.scanning.pipeline import Pipeline, Report

# OpenCV, numpy and the decoders load inside the handler: every other command starts without them.

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
        raise Refused("cli.scan_register")
    if args.away < 0:
        raise Refused("cli.away")
    from registration.sampling.scanning.decoders import make_decoder
    from registration.sampling.scanning.pipeline import Pipeline
    from registration.sampling.scanning.sources import open_source

    decoder = make_decoder(args.backend)
    source = open_source(args.source)
    with contextlib.ExitStack() as cleanup:
        store = cleanup.enter_context(open_store(args)) if args.register or args.db is not None else None
        cleanup.enter_context(source)
        # With a campaign database, person codes are checked against its keys and tubes its pattern.
        classify = (
            payloads.classify if store is None else functools.partial(registrations.classify, store.conn)
        )
        pipeline = Pipeline(source, decoder=decoder, classify=classify, away_seconds=args.away)
        return _scan(args, pipeline, store)


def _scan(args: argparse.Namespace, pipeline: Pipeline, store: Store | None) -> int:
    # The window's own scan sequence, so a yellow or red code waits for a single tube here too.
    from registration.sampling.scanning.sources import SourceError

    flow = ScanFlow(args.checkpoint, args.round) if args.register else None
    frames = unreadable = 0
    while True:
        try:
            step = pipeline.step()
        except SourceError as exc:
            unreadable += 1
            if args.json:
                emit(args, {"source": exc.where, "error": str(exc)}, "")
            else:
                tell(exc.reason)
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
            if flow is not None and store is not None:
                data.update(_register(flow, store, report))
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


def _register(flow: ScanFlow, store: Store, report: Report) -> dict[str, Any]:
    """``registration``: the answer for this code; ``waiting``: when it opened the single tube a
    yellow or red code waited for, the answer for that person."""
    if report.ambiguous:
        return {"registration": dict(AMBIGUOUS)}
    answers = flow.scan(store, Attempt(report.text, report.colour, "camera"))
    data = {"registration": answers[0][1].to_json()}
    if len(answers) > 1:
        data["waiting"] = answers[1][1].to_json()
    return data


def _line(data: dict[str, Any]) -> str:
    text = f"{data['source']} frame {data['frame']}: {data['format']} {data['kind']} {data['colour']}"
    text += f" {data['text']}"
    registration = data.get("registration")
    if registration:
        text += f" -> {registration['status']}"
        if registration.get("reason"):
            text += f" ({spoken(registration['reason'])})"
    waiting = data.get("waiting")
    if waiting:
        text += f"; the person waiting for a single tube -> {waiting['status']}"
        if waiting.get("reason"):
            text += f" ({spoken(waiting['reason'])})"
    return text
