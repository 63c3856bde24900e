"""Local schedule times to UTC: zone precedence, date-only games, DST gaps and folds."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from scoracle_core.errors import ConfigError
from scoracle_core.ingest.formats import RawGame
from scoracle_core.ingest.timing import TimeProblem, check_zone, local_to_utc, start_of
from scoracle_core.sport import League

LEAGUE = League(key="lg", name="League", api_id=1, timezone="America/New_York", default_kickoff=time(19, 0))


def raw(**kw: object) -> RawGame:
    fields: dict[str, object] = {
        "where": "2",
        "home": "A",
        "away": "B",
        "day": date(2025, 1, 15),
        "clock": time(19, 30),
    }
    fields.update(kw)
    return RawGame(**fields)  # type: ignore[arg-type]


def test_league_zone_applies_when_nothing_else_says() -> None:
    """19:30 in the league's New York zone is 00:30 UTC the next day."""
    assert start_of(raw(), league=LEAGUE, caller_zone=None).at == datetime(2025, 1, 16, 0, 30, tzinfo=UTC)


def test_format_zone_beats_league_zone() -> None:
    """A format's row zone (not explicit) wins over the league's."""
    got = start_of(raw(zone="Europe/London"), league=LEAGUE, caller_zone=None)
    assert got.at == datetime(2025, 1, 15, 19, 30, tzinfo=UTC)


def test_caller_zone_beats_format_zone() -> None:
    """--timezone wins over a format's convention."""
    got = start_of(raw(zone="Europe/London"), league=LEAGUE, caller_zone="America/Los_Angeles")
    assert got.at == datetime(2025, 1, 16, 3, 30, tzinfo=UTC)


def test_explicit_row_zone_beats_caller_zone() -> None:
    """A row that names its own zone wins over --timezone."""
    got = start_of(
        raw(zone="Europe/London", explicit_zone=True), league=LEAGUE, caller_zone="America/Los_Angeles"
    )
    assert got.at == datetime(2025, 1, 15, 19, 30, tzinfo=UTC)


def test_absolute_start_is_used_as_is() -> None:
    """A row with an aware start_at ignores every zone."""
    instant = datetime(2025, 1, 15, 23, 0, tzinfo=UTC)
    got = start_of(raw(start_at=instant, zone="Europe/London"), league=LEAGUE, caller_zone="Asia/Tokyo")
    assert got.at == instant
    assert not got.time_tbd


def test_naive_absolute_start_is_a_problem() -> None:
    """A format that hands over a naive start_at is reported, not guessed."""
    with pytest.raises(TimeProblem, match="without a time zone"):
        start_of(raw(start_at=datetime(2025, 1, 15, 23, 0)), league=LEAGUE, caller_zone=None)


def test_date_only_game_starts_at_the_league_default_kickoff() -> None:
    """No time → the league's default kickoff in local time, marked time_tbd."""
    got = start_of(raw(clock=None), league=LEAGUE, caller_zone=None)
    assert got.time_tbd
    assert got.at == datetime(2025, 1, 16, 0, 0, tzinfo=UTC)


def test_spring_forward_gap_is_reported() -> None:
    """02:30 on the March change day does not exist in New York."""
    with pytest.raises(TimeProblem, match="does not exist") as info:
        local_to_utc(date(2025, 3, 9), time(2, 30), "America/New_York")
    assert info.value.code == "dst-gap"


def test_fall_back_fold_is_reported() -> None:
    """01:30 on the November change day happens twice in New York."""
    with pytest.raises(TimeProblem, match="ambiguous") as info:
        local_to_utc(date(2024, 11, 3), time(1, 30), "America/New_York")
    assert info.value.code == "dst-ambiguous"


def test_times_next_to_a_change_are_fine() -> None:
    """03:00 after the gap converts normally (no false alarm)."""
    assert local_to_utc(date(2025, 3, 9), time(3, 0), "America/New_York") == datetime(
        2025, 3, 9, 7, 0, tzinfo=UTC
    )


def test_unknown_row_zone_is_a_problem() -> None:
    """A misspelt row zone is a row problem."""
    with pytest.raises(TimeProblem, match="unknown time zone"):
        start_of(raw(zone="Mars/Olympus", explicit_zone=True), league=LEAGUE, caller_zone=None)


def test_unknown_caller_zone_is_a_config_error() -> None:
    """A misspelt --timezone is the caller's error."""
    with pytest.raises(ConfigError, match="Europe/Londn"):
        check_zone("Europe/Londn")


def test_absurd_year_is_a_problem_not_an_overflow() -> None:
    """Year 1 is reported, not an OverflowError from the conversion."""
    with pytest.raises(TimeProblem, match="out of range"):
        local_to_utc(date(1, 1, 1), time(0, 0), "America/New_York")
