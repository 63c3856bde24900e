"""The domain model: UTC everywhere, frozen values, one converter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoracle_core.convert import from_data, to_data
from scoracle_core.errors import ModelError, PayloadError
from scoracle_core.model import Game, GameStatus, PlayerGameStats, SeedTask, Strategy, TaskStatus, split_id

START = datetime(2024, 10, 22, 23, 30, tzinfo=UTC)


def make_game(**kw: object) -> Game:
    base: dict[str, object] = dict(  # noqa: C408 - keyword form reads like the constructor call
        sport="nba",
        league="standard",
        season=2024,
        home_team_id="nba:bos",
        away_team_id="nba:nyk",
        start_at=START,
    )
    base.update(kw)
    return Game(**base)  # type: ignore[arg-type]


def test_naive_datetime_is_rejected_with_a_clear_message() -> None:
    """A naive start time raises ModelError that says how to fix it."""
    with pytest.raises(ModelError, match="timezone-aware"):
        make_game(start_at=datetime(2024, 10, 22, 19, 30))


def test_aware_datetime_is_normalised_to_utc() -> None:
    """A start time in another zone is stored as the same instant in UTC."""
    eastern = timezone(timedelta(hours=-4))
    game = make_game(start_at=datetime(2024, 10, 22, 19, 30, tzinfo=eastern))
    assert game.start_at == START
    assert game.start_at.tzinfo == UTC


def test_values_are_frozen() -> None:
    """Model values cannot be mutated."""
    game = make_game()
    with pytest.raises(AttributeError):
        game.season = 2025  # type: ignore[misc]


def test_statuses_accept_their_string_values() -> None:
    """Enums are built from their stored strings."""
    task = SeedTask(
        game_id=1,
        sport="nba",
        league="standard",
        season=2024,
        due_at=START,
        status="running",
        strategy="boxscore",
    )  # type: ignore[arg-type]
    assert task.status is TaskStatus.RUNNING
    assert task.strategy is Strategy.BOXSCORE
    assert task.eligible_at == START


def test_unknown_status_is_rejected() -> None:
    """A status outside the enum is an error, not a silent string."""
    with pytest.raises(ValueError, match="bogus"):
        make_game(status="bogus")


@given(st.datetimes(timezones=st.timezones()))
def test_game_round_trips_through_the_converter(start: datetime) -> None:
    """to_data/from_data is lossless for any aware start time."""
    game = make_game(start_at=start, status=GameStatus.POSTPONED, week=3)
    assert from_data(to_data(game), Game) == game


def test_stats_round_trip_as_floats() -> None:
    """Stat mappings come back as name → float."""
    line = PlayerGameStats(
        sport="nba", game_id=1, player_id="nba:265", team_id="nba:lal", stats={"points": 31}
    )
    assert from_data(to_data(line), PlayerGameStats).stats == {"points": 31.0}


def test_decode_error_names_the_path() -> None:
    """A bad document gives a PayloadError naming the missing field."""
    with pytest.raises(PayloadError, match=r"\$\.start_at"):
        from_data(
            {"sport": "nba", "league": "standard", "season": 2024, "home_team_id": "a", "away_team_id": "b"},
            Game,
        )


def test_split_id_rejects_malformed_ids() -> None:
    """Ids are '<sport>:<key>'."""
    assert split_id("nba:lal") == ("nba", "lal")
    with pytest.raises(ModelError):
        split_id("lal")
