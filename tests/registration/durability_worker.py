"""Registers people in a loop and prints each event id once its transaction has committed.

Run by test_durability.py, which kills it with SIGKILL at random moments.
"""

from __future__ import annotations

import os
import sys

from registration.sampling import registrations, tubes
from registration.storage.store import Store
from tests.registration.ids import make_id


def main(db: str, first_serial: int) -> None:
    store = Store(db, create=False)
    pid = os.getpid()
    tube_number = 0

    def next_tube() -> None:
        nonlocal tube_number
        tube_number += 1
        tubes.open_tube(store, f"D{pid:07d}{tube_number:05d}", checkpoint="A", round_name="R1", pool_size=10)

    if tubes.current(store.conn, "A", "R1") is None:
        # After a kill the station goes on filling the tube it had open.
        next_tube()
    serial = first_serial
    while True:
        outcome = registrations.register(store, make_id(serial), checkpoint="A", round_name="R1")
        serial += 1
        if outcome.status is not registrations.Status.REGISTERED:
            raise SystemExit(f"unexpected outcome {outcome}")
        print(outcome.event, flush=True)
        if outcome.tube and outcome.tube["sealed"]:
            next_tube()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
