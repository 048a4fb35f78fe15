"""Hypothesis drives registrations, voids, roster edits, pushes, pulls, network faults and kills
(of the server with SIGKILL, of a client mid-sync) in random order; afterwards, once everyone
has synced, nothing is lost, nothing is doubled and every view equals the server's.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from registration.sampling import registrations
from registration.setup import rosters
from registration.setup.campaign import CampaignError
from sync import client
from sync.client import Client, Options
from sync.server import db
from tests.sync.faultproxy import FAULTS, FaultProxy
from tests.sync.harness import (
    FAST,
    ServerProcess,
    Station,
    assert_converged,
    enrol_station,
    ids,
    open_site,
    setup_round,
    sync_all,
)

PEOPLE = ids(40, start=7000)
NAMES = ("admin", "South", "East")
QUICK = Options(batch=7, page=9, timeout_s=1.0, backoff=FAST.backoff)


class Killed(Exception):
    """The client process dying between two of its steps."""


class SyncMachine(RuleBasedStateMachine):
    database_url = ""

    @initialize()
    def start(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="sync-machine-"))
        url = type(self).database_url or f"sqlite:///{self.tmp / 'server.db'}"
        self.server = ServerProcess(url)
        self.engine = db.open_engine(url)
        open_site(self.engine, ["North", "South", "East"])
        self.proxy = FaultProxy(self.server.port, stall_s=1.3)
        admin = enrol_station(self.tmp, self.engine, self.proxy.url, "North", admin=True)
        setup_round(admin)
        admin.sync(QUICK)
        self.stations = {"admin": admin}
        for name in NAMES[1:]:
            self.stations[name] = enrol_station(self.tmp, self.engine, self.proxy.url, name)
            self.stations[name].sync(QUICK)

    def _station(self, name: str) -> Station:
        return self.stations[name]

    @rule(name=st.sampled_from(NAMES), people=st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=4))
    def register(self, name: str, people: list[str]) -> None:
        for person in people:
            outcome = self._station(name).register(person)
            assert outcome.status in ("registered", "already_registered"), outcome.reason

    @rule(name=st.sampled_from(NAMES))
    def void_latest(self, name: str) -> None:
        station = self._station(name)
        row = station.store.conn.execute(
            "SELECT event FROM registrations WHERE device = ? AND voided_by IS NULL "
            "ORDER BY at DESC, event DESC",
            (station.device,),
        ).fetchone()
        if row is not None:
            registrations.void(station.store, row[0], "scanned by mistake")

    @rule(person=st.sampled_from(PEOPLE), firm=st.sampled_from(["Acme", "Bolt"]), phone=st.integers(0, 99))
    def roster_edit(self, person: str, firm: str, phone: int) -> None:
        with contextlib.suppress(CampaignError):  # e.g. an unchanged record: nothing to record
            rosters.add_person(
                self._station("admin").store,
                rosters.Person(person, f"Worker {person[-4:]}", firm, phone=f"139000000{phone:02d}"),
            )

    @rule(name=st.sampled_from(NAMES))
    def push(self, name: str) -> None:
        # Faults may outlast the retries; the events wait in the outbox.
        with (
            Client(self._station(name).store, QUICK) as c,
            contextlib.suppress(client.Unreachable, client.ServerRefused),
        ):
            c.handshake()
            c.push()

    @rule(name=st.sampled_from(NAMES))
    def pull(self, name: str) -> None:
        with (
            Client(self._station(name).store, QUICK) as c,
            contextlib.suppress(client.Unreachable, client.ServerRefused),
        ):
            c.pull()

    @rule(fault=st.sampled_from(FAULTS[1:]), times=st.integers(1, 3))
    def network_fault(self, fault: str, times: int) -> None:
        self.proxy.inject(*[fault] * times)

    @rule(name=st.sampled_from(NAMES), after=st.integers(0, 3))
    def kill_client_mid_sync(self, name: str, after: int) -> None:
        steps = 0

        def die(_progress: client.Progress) -> None:
            nonlocal steps
            steps += 1
            if steps > after:
                raise Killed

        try:
            with Client(self._station(name).store, QUICK, progress=die) as c:
                c.sync_once()
        except (Killed, client.SyncFailed):
            pass

    @rule()
    def kill_server(self) -> None:
        self.server.kill()
        self.server.start()
        self.proxy.upstream_port = self.server.port

    def teardown(self) -> None:
        if not hasattr(self, "server"):
            return
        try:
            self.proxy.plan.clear()
            everyone = list(self.stations.values())
            sync_all(everyone)
            assert_converged(self.engine, everyone)
        finally:
            for station in self.stations.values():
                station.close()
            self.proxy.close()
            self.server.stop()
            if not self.engine.url.get_backend_name().startswith("sqlite"):
                db.metadata.drop_all(self.engine)  # the next example starts on empty tables
                with self.engine.begin() as conn:
                    conn.exec_driver_sql("DROP TABLE alembic_version")
            self.engine.dispose()
            shutil.rmtree(self.tmp, ignore_errors=True)


def _run(database_url: str, examples: int, steps: int) -> None:
    SyncMachine.database_url = database_url
    machine = SyncMachine.TestCase
    machine.settings = settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    machine("runTest").runTest()


def test_random_histories_converge(database_url: str) -> None:
    sqlite = database_url.startswith("sqlite")
    _run("" if sqlite else database_url, examples=2 if sqlite else 1, steps=10)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # 20 histories of 40 steps, servers killed and restarted: about 300 s
def test_random_histories_converge_long(database_url: str) -> None:
    _run("" if database_url.startswith("sqlite") else database_url, examples=20, steps=40)
