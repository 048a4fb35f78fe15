"""``server channel`` and ``server remind`` through main.py: channels and the mail server set (the
password never shown), a round's reminders sent now with an answer per enterprise, scheduled and
unscheduled, bad input in one line; and, in real processes, a reminder that could not be sent
while the command ran is delivered by the running server later."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.e2e.cli import run_main, run_process
from tests.sync.harness import ROUND, SITE, ServerThread, Station
from tests.sync.receivers import robot, smtp_server
from tests.sync.test_reminders import missing_park


def server_args(server: ServerThread) -> list[str]:
    return ["--database-url", server.settings.database_url]


def main(server: ServerThread, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    done = run_main("server", *args, *server_args(server), stdin=stdin)
    return done.code, done.stdout, done.stderr


def test_channels_and_the_mail_server_are_set_and_listed_without_the_password_or_the_key(
    server: ServerThread,
) -> None:
    code, out, err = main(
        server,
        "channel",
        "set",
        "甲厂",
        "--webhook",
        "https://x.example/send?key=abcdef1234",
        "--kind",
        "wecom",
    )
    assert code == 0, err
    assert "abcdef1234" not in out and "…1234" in out
    assert main(server, "channel", "set", "乙厂", "--email", "liaison@yi.example")[0] == 0
    code, out, err = main(
        server,
        "channel",
        "smtp",
        "--host",
        "127.0.0.1",
        "--port",
        "2525",
        "--no-starttls",
        "--from",
        "office@park.example",
        "--user",
        "office",
        "--password-stdin",
        "--json",
        stdin="s3cret words\n",
    )
    assert code == 0, err
    assert "s3cret" not in out
    done = run_main("server", "channel", "list", "--json", *server_args(server))
    listed = done.json()
    assert [(c["enterprise"], c["kind"], c["target"]) for c in listed["channels"]] == [
        ("乙厂", "email", "liaison@yi.example"),
        ("甲厂", "wecom", "https://x.example/send?key=…1234"),
    ]
    assert listed["smtp"]["password"] == "set" and listed["smtp"]["starttls"] is False
    assert "s3cret" not in done.stdout
    text = run_main("server", "channel", "list", *server_args(server)).stdout
    assert "password set" in text and "s3cret" not in text

    for bad, why in [
        (
            ["channel", "set", "甲厂", "--webhook", "https://robot.example/x"],
            "--kind wecom or --kind dingtalk",
        ),
        (["channel", "set", "甲厂", "--email", "a@b.example", "--kind", "wecom"], "--kind is for a webhook"),
        (["channel", "set", "甲厂", "--email", "not an address"], "not an e-mail address"),
        (["channel", "remove", "丙厂"], "no reminder channel"),
        (["channel", "smtp", "--host", "h", "--port", "0", "--from", "a@b.example"], "between 1 and 65535"),
        (["channel", "smtp", "--host", "h", "--from", "a@b.example", "--password-stdin"], "goes with a user"),
    ]:
        code, out, err = main(server, *bad, stdin="pw\n")
        assert code == 2 and why in err and "Traceback" not in err, (bad, err)
        assert len(err.strip().splitlines()) == 1
    assert main(server, "channel", "remove", "甲厂")[0] == 0


def test_server_remind_sends_now_and_answers_per_enterprise(
    server: ServerThread, site: dict[str, Station]
) -> None:
    missing_park(site)
    with robot(failures=2) as wecom, smtp_server() as box:
        main(server, "channel", "set", "甲厂", "--webhook", wecom.url, "--kind", "wecom")
        main(server, "channel", "set", "乙厂", "--email", "liaison@yi.example")
        main(
            server,
            "channel",
            "smtp",
            "--host",
            "127.0.0.1",
            "--port",
            str(box.port),
            "--no-starttls",
            "--from",
            "office@park.example",
        )
        done = run_main("server", "remind", "--round", ROUND, "--json", *server_args(server))
        assert done.code == 0, done.stderr
        assert done.json() == {
            "site": SITE,
            "round": ROUND,
            "reminders": [
                {
                    "enterprise": "乙厂",
                    "status": "delivered",
                    "sent": True,
                    "people": 2,
                    "error": None,
                    "tries": 1,
                },
                {
                    "enterprise": "甲厂",
                    "status": "delivered",
                    "sent": True,
                    "people": 2,
                    "error": None,
                    "tries": 3,
                },
            ],
        }
        assert len(wecom.received) == 1 and len(box.messages) == 1
        text = run_main("server", "remind", "--round", ROUND, "--enterprise", "甲厂", *server_args(server))
        assert text.code == 0 and text.stdout.strip() == "甲厂: sent, 2 people, 1 try"
    shown = run_main("server", "remind", "--round", ROUND, "--show", "--json", *server_args(server)).json()
    assert [(s["enterprise"], s["status"], s["tries"]) for s in shown["sends"]] == [
        ("甲厂", "delivered", 1),
        ("甲厂", "delivered", 3),
        ("乙厂", "delivered", 1),
    ]
    assert all(s["by"] and s["people"] == 2 for s in shown["sends"])


def test_reminders_are_scheduled_listed_and_unscheduled_and_bad_times_refused(
    server: ServerThread, site: dict[str, Station]
) -> None:
    at = (datetime.now() + timedelta(hours=2)).replace(microsecond=0).isoformat(timespec="minutes")
    done = run_main(
        "server", "remind", "--round", ROUND, "--at", at, "--before", "1h30m", "--json", *server_args(server)
    )
    assert done.code == 0, done.stderr
    planned = done.json()["schedules"]
    assert [(p["enterprise"], p["before_deadline_min"], p["sent"]) for p in planned] == [
        (None, None, False),
        (None, 90, False),
    ]
    assert planned[0]["at"].startswith(at) and planned[1]["due_at"] is None
    text = run_main("server", "remind", "--round", ROUND, "--show", *server_args(server)).stdout
    assert "every enterprise at 90 min before the deadline (waits for a deadline)" in text
    gone = run_main("server", "remind", "--round", ROUND, "--unschedule", "--json", *server_args(server))
    assert gone.json()["unscheduled"] == 2
    for bad, why in [
        (["--before", "2x"], "is not a duration"),
        (["--at", "tomorrow"], "is not a time"),
        (["--at", "2020-01-01T08:00"], "still to come"),
        (["--show", "--before", "1h"], "--show and --unschedule send nothing"),
        (["--round", "R9"], "unknown round"),
    ]:
        code, _out, err = main(server, "remind", "--round", ROUND, *bad)
        assert code == 2 and why in err and len(err.strip().splitlines()) == 1, (bad, err)


@pytest.mark.parametrize("server_copy", ["sqlite"], indirect=True)
def test_a_send_that_failed_while_the_command_ran_is_delivered_by_the_running_server(
    server: ServerThread, site: dict[str, Station]
) -> None:
    missing_park(site)
    with robot(failures=3) as wecom:
        url = server.settings.database_url
        assert main(server, "channel", "set", "乙厂", "--webhook", wecom.url, "--kind", "wecom")[0] == 0
        done = run_process(
            "server", "remind", "--round", ROUND, "--enterprise", "乙厂", "--json", "--database-url", url
        )
        assert done.code == 1, done.stderr
        [answer] = done.json()["reminders"]
        assert (answer["sent"], answer["status"], answer["tries"]) == (False, "pending", 3)
        assert "HTTP 502" in answer["error"]
        # Another server process on the same database, whose courier looks often, four minutes on.
        courier = ServerThread(url, remind_tick_s=0.05)
        courier.clock.offset_ms = 5 * 60_000
        try:
            [message] = wecom.wait_for(1)
        finally:
            courier.stop()
    assert "乙厂" in message["markdown"]["content"]
    shown = run_main("server", "remind", "--round", ROUND, "--show", "--json", "--database-url", url).json()
    assert [(s["status"], s["tries"], s["error"]) for s in shown["sends"]] == [("delivered", 4, None)]
