"""Keyboard-wedge scanners: bursts of fast keys told apart from a person typing."""

from __future__ import annotations

from registration.sampling.scanning.wedge import Key, KeyBuffer, KeyClock, Scan, separate


def _typed(text: str, start: float, gap: float) -> list[Key]:
    return [Key(ch, start + i * gap) for i, ch in enumerate(text)]


def test_a_burst_ending_in_enter_is_a_scan_at_once() -> None:
    keys = _typed("TUBE00000001\r", 10.0, 0.008)
    result = separate(keys, now=keys[-1].at)
    assert result.scans == (Scan("TUBE00000001", 10.0, keys[-1].at, enter=True),)
    assert result.typed == result.pending == ()


def test_a_burst_without_enter_waits_for_the_pause_then_is_a_scan() -> None:
    keys = _typed("440111197609218771", 5.0, 0.012)
    waiting = separate(keys, now=keys[-1].at + 0.03)
    assert waiting.scans == () and waiting.pending == tuple(keys)
    done = separate(keys, now=keys[-1].at + 0.2)
    assert [(s.text, s.enter) for s in done.scans] == [("440111197609218771", False)]


def test_a_person_typing_is_passed_on_not_taken_for_a_scanner() -> None:
    keys = _typed("4401\r", 1.0, 0.15)
    result = separate(keys, now=3.0)
    assert result.scans == () and result.typed == tuple(keys)


def test_a_typist_rolling_two_keys_together_is_still_typing() -> None:
    keys = [Key("t", 1.0), Key("h", 1.012), Key("e", 1.2)]
    result = separate(keys, now=2.0)
    assert result.scans == () and result.typed == tuple(keys)


def test_typing_then_a_scan_then_typing_are_separated_in_order() -> None:
    before = _typed("ab", 0.0, 0.2)
    burst = _typed("A12345678901\n", 1.0, 0.005)
    after = _typed("c", 2.0, 0.2)
    result = separate(before + burst + after, now=3.0)
    assert [s.text for s in result.scans] == ["A12345678901"]
    assert result.typed == tuple(before + after)


def test_the_key_buffer_holds_the_undecided_keys_between_calls() -> None:
    buffer = KeyBuffer()
    outputs = [buffer.key(k.text, k.at) for k in _typed("X9K3L2M8Q1", 0.0, 0.01)]
    assert all(not o.scans and not o.typed for o in outputs)
    assert buffer.tick(0.12).scans == ()  # 30 ms after the last key: still within the pause
    assert [s.text for s in buffer.tick(0.3).scans] == ["X9K3L2M8Q1"]
    assert buffer.tick(0.5).scans == ()


def test_the_key_clock_keeps_the_spacing_of_keys_seen_late() -> None:
    clock = KeyClock()
    assert clock.observe(5_000, seen=100.0)
    assert clock.observe(5_005, seen=100.125)  # held up 120 ms by a busy GUI thread
    assert round(clock.at(5_005) - clock.at(5_000), 6) == 0.005
    assert clock.at(5_005) <= 100.125


def test_the_key_clock_learns_from_the_key_seen_soonest() -> None:
    clock = KeyClock()
    clock.observe(1_000, seen=10.5)  # the first key was seen late
    clock.observe(1_500, seen=10.5)  # pressed 500 ms later, seen at once
    assert round(clock.at(1_000), 6) == 10.0


def test_the_key_clock_refuses_no_timestamp_and_starts_over_when_the_stamps_go_back() -> None:
    clock = KeyClock()
    assert not clock.observe(0, seen=1.0)
    assert clock.observe(9_000, seen=2.0)
    assert not clock.follows(10) and not clock.observe(10, seen=3.0)
    assert clock.observe(20, seen=3.01)
    assert round(clock.at(20), 6) == 3.01
