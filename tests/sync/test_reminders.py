"""Reminders to enterprises' liaisons against real receivers on loopback: a group robot's webhook
that fails twice then accepts, one that is dead, DingTalk's refusal by errcode, e-mail through a
real SMTP server with and without STARTTLS; the courier's retries with backoff until delivered or
given up, scheduled reminders, and what a message holds (names and masked ID numbers only)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from registration.people import identity
from registration.setup import rosters
from registration.setup.campaign import CampaignError
from registration.storage import clock
from sync import admin_client
from sync.server import db, delivery, folds, moves, reminders
from sync.server.dashboard import data
from sync.transport import ServerRefused
from tests.sync.harness import ROUND, SITE, ServerThread, Station, credential, ids, sync_all
from tests.sync.receivers import dead_url, robot, smtp_server
from tests.sync.test_admin_api import office_of
from tests.sync.test_tls import self_signed

QUICK = reminders.Pace(quick_delay_s=0.01, timeout_s=5.0)
PHONE = "13912345678"


def missing_park(site: dict[str, Station]) -> dict[str, list[str]]:
    """Six people of 甲厂 and 乙厂 on the roster, one of each tested: who is missing, by enterprise."""
    people = ids(6, start=300)
    names = {}
    for n, person in enumerate(people):
        firm = ["甲厂", "乙厂"][n % 2]
        rosters.add_person(site["admin"].store, rosters.Person(person, f"员工{n}", firm, phone=PHONE))
        names[person] = firm
    site["South"].register(people[0])
    site["South"].register(people[1])
    sync_all(list(site.values()))
    out: dict[str, list[str]] = {}
    for person in people[2:]:
        out.setdefault(names[person], []).append(person)
    return out


@pytest.fixture
def folded(server: ServerThread) -> Iterator[folds.Folds]:
    made = folds.Folds(server.engine)
    yield made
    made.close()


def set_channel(server: ServerThread, enterprise: str, target: str, kind: str | None) -> None:
    with db.writing(server.engine) as conn:
        reminders.set_channel(conn, SITE, enterprise, kind, target, "test", clock.now_ms())


def remind(
    server: ServerThread, folded: folds.Folds, enterprise: str | None = None, pace: reminders.Pace = QUICK
) -> list[reminders.Outcome]:
    return reminders.remind(server.engine, folded, SITE, ROUND, enterprise, "boss", server.clock, pace)


def sends(server: ServerThread) -> list[reminders.Send]:
    with db.reading(server.engine) as conn:
        return reminders.round_sends(conn, SITE, ROUND)


def assert_names_and_masked_numbers_only(text: str, people: list[str]) -> None:
    for person in people:
        assert identity.mask_id(person) in text
        assert person not in text
    assert PHONE not in text and identity.mask_phone(PHONE) not in text


def test_a_robot_that_fails_twice_then_accepts_gets_the_list_and_the_record_shows_three_tries(
    server: ServerThread, site: dict[str, Station], folded: folds.Folds
) -> None:
    missing = missing_park(site)
    with robot(failures=2) as wecom:
        set_channel(server, "甲厂", wecom.url, "wecom")
        [outcome] = remind(server, folded, "甲厂")
        [message] = wecom.received
    assert (outcome.status, outcome.sent, outcome.people, outcome.tries, outcome.error) == (
        "delivered",
        True,
        2,
        3,
        None,
    )
    assert wecom.posts == 3
    assert message["msgtype"] == "markdown" and set(message["markdown"]) == {"content"}
    content = message["markdown"]["content"]
    assert "甲厂" in content and ROUND in content and "2 人" in content
    assert "员工2" in content and "员工4" in content and "员工1" not in content  # 乙厂's is not listed
    assert_names_and_masked_numbers_only(content, missing["甲厂"])
    assert f"{server.url}/?site={SITE}&round={ROUND}" in content  # the liaison's page
    [record] = sends(server)
    assert (record.status, record.tries, record.people, record.requested_by, record.error) == (
        "delivered",
        3,
        2,
        "boss",
        None,
    )
    assert record.tried_ms is not None and record.next_try_ms is None


def test_a_dingtalk_robot_refusing_by_errcode_is_a_failure_then_retried(
    server: ServerThread, site: dict[str, Station], folded: folds.Folds
) -> None:
    missing_park(site)
    with robot(failures=1, failure=310000) as dingtalk:
        set_channel(server, "乙厂", dingtalk.url, "dingtalk")
        [outcome] = remind(server, folded, "乙厂")
        [message] = dingtalk.received
    assert outcome.sent and outcome.tries == 2
    assert message["msgtype"] == "markdown"
    assert "乙厂" in message["markdown"]["title"] and "员工3" in message["markdown"]["text"]


def test_a_dead_robot_is_shown_pending_then_retried_by_the_courier_with_backoff_until_given_up(
    server: ServerThread, site: dict[str, Station], folded: folds.Folds
) -> None:
    missing_park(site)
    set_channel(server, "甲厂", dead_url(), "dingtalk")
    pace = reminders.Pace(quick_delay_s=0.01, most_tries=5, timeout_s=2.0)
    [outcome] = remind(server, folded, "甲厂", pace)
    assert (outcome.enterprise, outcome.status, outcome.sent, outcome.tries) == ("甲厂", "pending", False, 3)
    assert outcome.error is not None and "cannot reach the robot" in outcome.error
    assert "gone" not in outcome.error  # the webhook's key is never in a record
    [record] = sends(server)
    assert record.status == "pending" and record.tried_ms is not None
    # The next try waits for the backoff (4 minutes after a third failure), by the server's clock.
    assert record.next_try_ms == record.tried_ms + pace.wait_ms(3) == record.tried_ms + 240_000
    assert reminders.work(server.engine, folded, server.clock, pace) == 0
    server.clock.offset_ms += 240_000
    assert reminders.work(server.engine, folded, server.clock, pace) == 1
    [record] = sends(server)
    assert (record.status, record.tries) == ("pending", 4)
    assert record.next_try_ms is not None and record.tried_ms is not None
    assert record.next_try_ms - record.tried_ms == pace.wait_ms(4) == 480_000
    server.clock.offset_ms += 480_000
    assert reminders.work(server.engine, folded, server.clock, pace) == 1
    [record] = sends(server)
    assert (record.status, record.tries, record.next_try_ms) == ("failed", 5, None)
    assert record.error is not None and "cannot reach the robot" in record.error
    server.clock.offset_ms += 86_400_000
    assert reminders.work(server.engine, folded, server.clock, pace) == 0  # given up: shown, not retried
    with db.reading(server.engine) as conn:
        last = reminders.last_reminded(reminders.round_sends(conn, SITE, ROUND))
    assert last["甲厂"] == {
        "delivered_ms": None,
        "people": None,
        "status": "failed",
        "error": record.error,
        "tries": 5,
    }


def test_the_courier_thread_delivers_a_send_that_failed_while_a_person_waited(
    server: ServerThread, site: dict[str, Station], folded: folds.Folds
) -> None:
    missing_park(site)
    pace = reminders.Pace(quick_delay_s=0.01, backoff_ms=1, tick_s=0.02, timeout_s=5.0)
    with robot(failures=4) as wecom:
        set_channel(server, "乙厂", wecom.url, "wecom")
        [outcome] = remind(server, folded, "乙厂", pace)
        assert (outcome.status, outcome.tries) == ("pending", 3)
        courier = reminders.Courier(server.engine, folded, server.clock, pace)
        courier.start()
        try:
            wecom.wait_for(1)
        finally:
            courier.stop()
    [record] = sends(server)
    assert (record.status, record.tries, record.error) == ("delivered", 5, None)


def test_e_mail_through_an_smtp_server_without_starttls_lists_names_and_masked_numbers(
    server: ServerThread, site: dict[str, Station], folded: folds.Folds
) -> None:
    missing = missing_park(site)
    with smtp_server() as box:
        delivery.save_smtp(
            server.engine,
            delivery.Smtp(host="127.0.0.1", port=box.port, starttls=False, sender="office@park.example"),
        )
        set_channel(server, "乙厂", "liaison@yi.example", "email")
        [outcome] = remind(server, folded, "乙厂")
    assert outcome.sent and outcome.people == 2
    [mail] = box.messages
    assert mail["To"] == "liaison@yi.example" and mail["From"] == "office@park.example"
    assert "乙厂" in str(mail["Subject"]) and "2 人" in str(mail["Subject"])
    text = box.text()
    assert "员工3" in text and "员工5" in text
    assert_names_and_masked_numbers_only(text, missing["乙厂"])
    assert f"/?site={SITE}&round={ROUND}" in text


def test_e_mail_over_starttls_with_a_sign_in_and_a_wrong_password_recorded(
    server: ServerThread, site: dict[str, Station], folded: folds.Folds, tmp_path: Path
) -> None:
    missing_park(site)
    certfile, keyfile, _ = self_signed(tmp_path)
    with smtp_server(certfile, keyfile, password="mail secret") as box:
        settings = delivery.Smtp(
            host="127.0.0.1",
            port=box.port,
            starttls=True,
            sender="office@park.example",
            user="office",
            password="wrong",
            cafile=str(certfile),
        )
        delivery.save_smtp(server.engine, settings)
        set_channel(server, "甲厂", "liaison@jia.example", "email")
        [refused] = remind(server, folded, "甲厂")
        assert refused.status == "pending" and refused.error is not None
        assert "refused the user name or password" in refused.error and "wrong" not in refused.error
        delivery.save_smtp(server.engine, delivery.Smtp(**(settings.__dict__ | {"password": "mail secret"})))
        [outcome] = remind(server, folded, "甲厂")
    assert outcome.sent and box.users == ["office"] and len(box.messages) == 1
    assert "员工2" in box.text()
    # No list shows the password.
    assert settings.public()["password"] == "set" and "wrong" not in json.dumps(settings.public())


def test_every_enterprise_is_answered_sent_with_no_channel_or_nobody_missing(
    server: ServerThread, site: dict[str, Station], folded: folds.Folds
) -> None:
    missing_park(site)
    rosters.add_person(site["admin"].store, rosters.Person(ids(1, start=400)[0], "老王", "丙厂"))
    site["South"].register(ids(1, start=400)[0])
    sync_all(list(site.values()))
    with robot() as wecom:
        set_channel(server, "甲厂", wecom.url, "wecom")
        set_channel(server, "丙厂", wecom.url, "wecom")
        done = remind(server, folded)
    assert [(o.enterprise, o.status, o.sent, o.people) for o in done] == [
        ("丙厂", "nobody_missing", False, 0),
        ("乙厂", "no_channel", False, 2),
        ("甲厂", "delivered", True, 2),
    ]
    assert len(wecom.received) == 1 and [s.enterprise for s in sends(server)] == ["甲厂"]


def test_scheduled_reminders_fire_at_their_time_and_before_the_deadline_as_it_then_is(
    server: ServerThread, site: dict[str, Station], folded: folds.Folds
) -> None:
    missing_park(site)
    now = server.clock()
    with robot() as wecom:
        set_channel(server, "甲厂", wecom.url, "wecom")
        planned = reminders.schedule(
            server.engine, SITE, ROUND, "甲厂", [now + 600_000], [1_800_000], "boss", now
        )
        assert [(p.at_ms, p.before_ms, p.due_ms) for p in planned] == [
            (now + 600_000, None, now + 600_000),
            (None, 1_800_000, None),  # no deadline yet: it waits for one
        ]
        with db.writing(server.engine) as conn:
            conn.execute(
                data.deadlines.insert().values(
                    site=SITE, round=ROUND, deadline_ms=now + 3_600_000, set_by="boss", set_ms=now
                )
            )
        pace = QUICK
        assert reminders.work(server.engine, folded, server.clock, pace) == 0
        server.clock.offset_ms = 600_000
        assert reminders.work(server.engine, folded, server.clock, pace) == 1
        assert len(wecom.received) == 1
        server.clock.offset_ms = 1_700_000
        assert reminders.work(server.engine, folded, server.clock, pace) == 0
        server.clock.offset_ms = 1_800_000
        assert reminders.work(server.engine, folded, server.clock, pace) == 1
        assert len(wecom.received) == 2 and "截止时间" in wecom.received[1]["markdown"]["content"]
        assert reminders.work(server.engine, folded, server.clock, pace) == 0  # each fires once
    with db.reading(server.engine) as conn:
        fired = conn.execute(select(reminders.schedules.c.fired_ms)).scalars().all()
    assert len(fired) == 2 and None not in fired
    assert [s.requested_by for s in sends(server)] == ["boss", "boss"]
    with pytest.raises(CampaignError, match="still to come"):
        reminders.schedule(server.engine, SITE, ROUND, None, [now - 1], [], "boss", now)
    with pytest.raises(CampaignError, match="no reminder channel"):
        reminders.schedule(server.engine, SITE, ROUND, "乙厂", [now + 60_000], [], "boss", now)


def test_a_site_moved_to_another_server_is_no_longer_reminded_from_this_one(
    server: ServerThread, site: dict[str, Station], folded: folds.Folds, tmp_path: Path
) -> None:
    missing_park(site)
    now = server.clock()
    set_channel(server, "甲厂", dead_url(), "dingtalk")
    [outcome] = remind(server, folded, "甲厂", reminders.Pace(quick_delay_s=0.01, timeout_s=2.0))
    assert outcome.status == "pending"
    with robot() as wecom:
        set_channel(server, "乙厂", wecom.url, "wecom")
        reminders.schedule(server.engine, SITE, ROUND, "乙厂", [now + 600_000], [], "boss", now)
        moves.export_site(server.engine, SITE, tmp_path / "park.site", now)
        server.clock.offset_ms = 86_400_000
        assert reminders.work(server.engine, folded, server.clock, QUICK) == 0
        assert wecom.received == []  # the new server sends it, from a missing list kept up to date
    [record] = sends(server)
    assert (record.enterprise, record.status, record.next_try_ms) == ("甲厂", "failed", None)
    assert record.error == reminders.SITE_MOVED  # given up and shown, never silently
    with db.reading(server.engine) as conn:
        assert None not in conn.execute(select(reminders.schedules.c.fired_ms)).scalars().all()


def test_a_long_list_is_cut_to_what_a_robot_takes_and_says_how_many_more() -> None:
    people = [(f"员工{n}", identity.mask_id(person)) for n, person in enumerate(ids(400))]
    message = delivery.Missing(SITE, ROUND, "甲厂", people, None, "http://park.example/?site=Park")
    text = delivery.markdown(message)
    assert len(text.encode()) <= delivery.WEBHOOK_BYTES
    shown = text.count("\n- ")
    assert 50 < shown < 400 and f"另有 {400 - shown} 人" in text
    assert text.endswith("(http://park.example/?site=Park)")
    assert all(f"员工{n} " in delivery.plain(message) for n in range(400))  # an e-mail lists everyone


def test_channels_refuse_what_they_cannot_use_and_lists_cut_a_webhooks_key(server: ServerThread) -> None:
    with pytest.raises(CampaignError, match="give --kind wecom or --kind dingtalk"):
        set_channel(server, "甲厂", "https://robot.example/send?key=abc", None)
    for url in ("ftp://qyapi.weixin.qq.com/x", "https:///nohost"):
        with pytest.raises(CampaignError, match="http:// or https://"):
            set_channel(server, "甲厂", url, None)
    with pytest.raises(CampaignError, match="not an e-mail address"):
        set_channel(server, "甲厂", "liaison at example", "email")
    with pytest.raises(CampaignError, match="unknown site"), db.writing(server.engine) as conn:
        reminders.set_channel(conn, "Nowhere", "甲厂", "email", "a@b.example", "t", 0)
    set_channel(
        server, "甲厂", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693axxx6-7aoc-4bc4-97a0", None
    )
    set_channel(server, "乙厂", "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef", None)
    with db.reading(server.engine) as conn:
        held = reminders.site_channels(conn, SITE)
    assert [(c.kind, c.shown) for c in held.values()] == [
        ("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=…cdef"),
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…97a0"),
    ]


def test_the_office_sets_channels_sends_and_reads_the_record_through_the_admin_api(
    server: ServerThread, site: dict[str, Station]
) -> None:
    missing_park(site)
    office = office_of(site["admin"])
    with robot(failures=1) as wecom:
        made = admin_client.set_channel(
            office, admin_client.ChannelRequest(enterprise="甲厂", webhook=wecom.url, kind="wecom")
        )
        assert (made.kind, made.target) == ("wecom", wecom.url.replace("secret-key-1234", "…1234"))
        admin_client.set_channel(office, admin_client.ChannelRequest(enterprise="乙厂", email="l@yi.example"))
        listed = admin_client.channels(office)
        assert [(c.enterprise, c.kind) for c in listed.channels] == [("乙厂", "email"), ("甲厂", "wecom")]
        assert not listed.mail_server and "secret-key" not in listed.model_dump_json()
        answer = admin_client.remind(office, ROUND)
        assert [(r.enterprise, r.status, r.sent, r.people, r.tries) for r in answer.reminders] == [
            ("乙厂", "pending", False, 2, 3),  # no mail server yet: shown, and retried by the server
            ("甲厂", "delivered", True, 2, 2),
        ]
        assert answer.reminders[0].error == "no mail server is set (server channel smtp)"
    record = admin_client.sends(office, ROUND)
    assert [(s.enterprise, s.status, s.requested_by) for s in record.sends] == [
        ("甲厂", "delivered", site["admin"].device),
        ("乙厂", "pending", site["admin"].device),
    ]
    assert admin_client.remove_channel(office, "乙厂").removed == "乙厂"
    with pytest.raises(ServerRefused) as refused:
        admin_client.remove_channel(office, "乙厂")
    assert refused.value.status == 400 and "no reminder channel" in refused.value.detail
    with pytest.raises(ServerRefused) as both:
        admin_client.set_channel(
            office, admin_client.ChannelRequest(enterprise="甲厂", webhook=wecom.url, email="a@b.example")
        )
    assert both.value.status == 400
    station = admin_client.Server(server.url, credential(site["South"]), site["South"].path)
    for call in (lambda: admin_client.channels(station), lambda: admin_client.remind(station, ROUND)):
        with pytest.raises(ServerRefused) as forbidden:
            call()
        assert forbidden.value.status == 403
