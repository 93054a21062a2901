"""`/wait` (POST /_emulator/clock/advance) moves the emulator's clock for good: the offset is kept in the data
folder (clock.json, replaced atomically), restored at the next start and announced in the banner;
`--real-time` starts from real time and forgets it."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from local.emulator import SavedClock, describe_offset, free_port, restore_clock
from shared.clock import TravelClock
from tests.local.emulator_process import start, stop


class TestSavedClock:
    def test_keep_then_load_round_trips_and_leaves_no_temporary_file(self, tmp_path):
        saved = SavedClock(tmp_path / "clock.json")
        saved.keep(TravelClock(timedelta(hours=2, minutes=5, microseconds=250)))
        assert SavedClock(tmp_path / "clock.json").load() == timedelta(hours=2, minutes=5, microseconds=250)
        assert [p.name for p in tmp_path.iterdir()] == ["clock.json"]

    def test_keep_replaces_the_previous_offset(self, tmp_path):
        saved = SavedClock(tmp_path / "clock.json")
        clock = TravelClock()
        for minutes in (1, 2, 3):
            clock.advance(timedelta(minutes=1))
            saved.keep(clock)
            assert saved.load() == timedelta(minutes=minutes)

    def test_no_file_means_real_time(self, tmp_path):
        assert SavedClock(tmp_path / "clock.json").load() == timedelta(0)

    @pytest.mark.parametrize(
        "content",
        [
            "",
            "{",
            "[]",
            "null",
            '{"offset": 60}',
            '{"offset_seconds": "60"}',
            '{"offset_seconds": -60}',
            '{"offset_seconds": NaN}',
            '{"offset_seconds": 1e300}',
            '{"offset_seconds": true}',
            "\udcff",
        ],
    )
    def test_an_unusable_file_is_reported_and_ignored(self, tmp_path, caplog, content):
        path = tmp_path / "clock.json"
        path.write_bytes(content.encode("utf-8", "surrogateescape"))
        with caplog.at_level(logging.WARNING, logger="boussole.emulator"):
            assert SavedClock(path).load() == timedelta(0)
        assert "ignoring" in caplog.text and "real time" in caplog.text

    @pytest.mark.parametrize(
        ("offset", "text"),
        [
            (timedelta(seconds=45), "45 s"),
            (timedelta(minutes=12, seconds=3), "12 min"),
            (timedelta(hours=2, minutes=5), "2 h 05"),
            (timedelta(days=3, hours=2, minutes=5), "3 d 2 h 05"),
        ],
    )
    def test_offsets_read_plainly(self, offset, text):
        assert describe_offset(offset) == text


class TestRestoreClock:
    def test_a_kept_offset_is_restored_and_announced(self, tmp_path):
        saved = SavedClock(tmp_path / "clock.json")
        saved.keep(TravelClock(timedelta(hours=2, minutes=5)))
        clock, note = restore_clock(saved, real_time=False)
        assert clock.offset == timedelta(hours=2, minutes=5)
        assert note == "2 h 05 ahead of real time (kept from the last session; --real-time to reset)"

    def test_real_time_starts_at_real_time_and_forgets_the_offset(self, tmp_path):
        saved = SavedClock(tmp_path / "clock.json")
        saved.keep(TravelClock(timedelta(minutes=30)))
        clock, note = restore_clock(saved, real_time=True)
        assert clock.offset == timedelta(0) and not saved.path.exists()
        assert note == "real time (--real-time: the saved 30 min ahead was cleared)"

    def test_nothing_saved_is_real_time(self, tmp_path):
        clock, note = restore_clock(SavedClock(tmp_path / "clock.json"), real_time=False)
        assert clock.offset == timedelta(0) and note == "real time"

    def test_without_the_embedded_stack_nothing_is_kept(self):
        clock, note = restore_clock(None, real_time=False)
        assert clock.offset == timedelta(0) and "not kept" in note


def seconds_ahead(port: int) -> float:
    now = datetime.fromisoformat(httpx.get(f"http://127.0.0.1:{port}/_emulator/info").json()["now"])
    return (now - datetime.now(timezone.utc)).total_seconds()


@pytest.mark.timeout(150)
def test_the_clock_moved_by_wait_survives_a_restart_until_real_time_is_asked_for(data_dir):
    port = free_port()
    proc = start(data_dir, port)
    try:
        r = httpx.post(f"http://127.0.0.1:{port}/_emulator/clock/advance", json={"seconds": 7500}, timeout=60)
        assert r.status_code == 200, r.text
        assert json.loads((data_dir / "clock.json").read_text())["offset_seconds"] == 7500
    finally:
        first = stop(proc)
    assert "Clock           real time\n" in first

    proc = start(data_dir, port)  # the next session: still 2 h 05 ahead
    try:
        assert 7500 - 30 < seconds_ahead(port) < 7500 + 30
        r = httpx.post(f"http://127.0.0.1:{port}/_emulator/clock/advance", json={"seconds": 60}, timeout=60)
        assert r.status_code == 200, r.text
    finally:
        second = stop(proc)
    assert "Clock           2 h 05 ahead of real time (kept from the last session; --real-time to reset)" in second
    assert json.loads((data_dir / "clock.json").read_text())["offset_seconds"] == 7560

    proc = start(data_dir, port, "--real-time")
    try:
        assert abs(seconds_ahead(port)) < 30
    finally:
        third = stop(proc)
    assert "Clock           real time (--real-time: the saved 2 h 06 ahead was cleared)" in third
    assert not (data_dir / "clock.json").exists()
