"""A demo campaign for a newcomer without a webcam: a park's roster, signed person codes, an open round
and tube, and a generated video of people showing their codes to the camera.

>>> demo = build(Path(tempfile.mkdtemp()), people=12, video=False)  # doctest: +SKIP
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from registration.people import keys, personcodes
from registration.people.identity import check_char
from registration.sampling import tubes
from registration.setup import campaign, enterprises, rosters
from registration.storage.store import Store

SITE = "火炬科技园"
CHECKPOINTS = ("北门", "南门", "东门")
ROUND = "第1轮"
OPERATOR = "志愿者小王"
POOL_SIZE = 10
ENTERPRISES = ("星火电子有限公司", "华南精密制造", "绿源食品", "远航物流")
DEPARTMENTS = ("生产部", "仓储部", "行政部", "研发部")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
_REGIONS = ("440111", "440305", "430102", "510104", "360102")
VIDEO_PEOPLE = 12
VIDEO_SIZE = (800, 450)
VIDEO_SHOW_FRAMES = 25
VIDEO_GAP_FRAMES = 12


@dataclass(frozen=True)
class DemoCampaign:
    path: Path
    site: str
    checkpoint: str
    operator: str
    round: str
    people: list[rosters.Person]
    codes: list[str]
    """Each person's signed person code, in the order of ``people``."""
    tubes: list[str]
    """Tube barcodes for the demo; the first is open at ``checkpoint`` unless built without."""
    video: Path | None


def make_id(rng: random.Random) -> str:
    birth = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 38))
    first17 = f"{rng.choice(_REGIONS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + check_char(first17)


def make_people(count: int, seed: int = 7) -> list[rosters.Person]:
    """``count`` distinct made-up employees of the demo park's enterprises."""
    rng = random.Random(seed)
    people: dict[str, rosters.Person] = {}
    while len(people) < count:
        number = make_id(rng)
        name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        people[number] = rosters.Person(number, name, rng.choice(ENTERPRISES), rng.choice(DEPARTMENTS), phone)
    return list(people.values())


def reported_headcounts(roster: list[rosters.Person]) -> dict[str, int]:
    """What each enterprise declared: its roster's length, give or take one, as in real life."""
    counts: dict[str, int] = {}
    for person in roster:
        counts[person.enterprise] = counts.get(person.enterprise, 0) + 1
    return {name: count + (-1, 0, 1)[i % 3] for i, (name, count) in enumerate(sorted(counts.items()))}


def tube_codes(count: int, day: date | None = None) -> list[str]:
    stamp = (day or date.today()).strftime("%y%m%d")
    return [f"TB{stamp}{n:04d}" for n in range(1, count + 1)]


def build(
    folder: Path, *, people: int = 40, seed: int = 7, video: bool = True, open_tube: bool = True
) -> DemoCampaign:
    """Create the demo campaign's database (and video) in ``folder``; with ``open_tube`` the first
    tube is open at the first checkpoint."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.db"
    roster = make_people(people, seed)
    tube_list = tube_codes(max(2, people // POOL_SIZE + 2))
    with Store(path) as store:
        campaign.init(store, SITE, list(CHECKPOINTS))
        campaign.add_operator(store, OPERATOR)
        campaign.open_round(store, ROUND, POOL_SIZE)
        key = keys.create_campaign_key(store)
        for person in roster:
            rosters.add_person(store, person)
        for name, reported in reported_headcounts(roster).items():
            enterprises.set_enterprise(store, name, reported=reported)
        if open_tube:
            tubes.open_tube(store, tube_list[0], checkpoint=CHECKPOINTS[0], round_name=ROUND)
        person_keys = {p.id_number: p.person_key or "" for p in rosters.on_roster(store.conn)}
    # The badges printed today: a person key, resolved through the roster, never the ID number.
    codes = [personcodes.sign_person_key(key, person_keys[p.id_number]) for p in roster]
    clip = _video(folder, codes, seed) if video else None
    return DemoCampaign(path, SITE, CHECKPOINTS[0], OPERATOR, ROUND, roster, codes, tube_list, clip)


def video_script(codes: list[str]) -> list[tuple[str, str]]:
    """(code, colour) in the order the demo video shows them: a tube's worth of green codes with a
    yellow one among them (it needs a single tube) and one person coming back (already registered)."""
    shown = [(code, "green") for code in codes[:VIDEO_PEOPLE]]
    if len(shown) > 5:
        shown[5] = (shown[5][0], "yellow")
    if len(shown) > 9:
        shown.insert(9, shown[1])
    return shown


def _video(folder: Path, codes: list[str], seed: int) -> Path:
    # Imported here: building a campaign without a video needs no OpenCV.
    from registration.sampling.scanning import synthetic

    path = folder / "demo.mp4"
    script = video_script(codes)
    synthetic.demo_video(
        path,
        [code for code, _ in script],
        colours=[colour for _, colour in script],
        show_frames=VIDEO_SHOW_FRAMES,
        gap_frames=VIDEO_GAP_FRAMES,
        size=VIDEO_SIZE,
        seed=seed,
    )
    return path


def summary(path: Path) -> tuple[int, int]:
    """(live registrations, sealed tubes) in a demo database, for the line printed when the demo ends."""
    with Store(path) as store, store.read() as conn:
        registered = conn.execute("SELECT count(*) FROM registrations WHERE voided_by IS NULL").fetchone()[0]
        sealed = conn.execute("SELECT count(*) FROM tubes WHERE sealed_at IS NOT NULL").fetchone()[0]
    return int(registered), int(sealed)
