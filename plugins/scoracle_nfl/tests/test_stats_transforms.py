"""API-American-Football v1 (NFL) answers → stat lines, games and players (pure transforms)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from scoracle_core.errors import PayloadError
from scoracle_core.model import GameStatus
from scoracle_nfl.transforms import (
    discovered_games,
    player_lines,
    roster_players,
    season_lines,
    stat_values,
    team_game_lines,
)

Example = Callable[[str], Any]


def lines_by_player(answer: Any) -> dict[int, dict[str, float]]:
    """Player API id → game stats."""
    return {line.api_id: dict(line.stats) for line in player_lines(answer)}


def test_comp_att_splits_into_two_stats(api_example: Example) -> None:
    """Passing "comp att" "20/28" → passing.comp 20 and passing.att 28."""
    cousins = lines_by_player(api_example("nfl_games_statistics_players.json"))[2045]
    assert (cousins["passing.comp"], cousins["passing.att"]) == (20.0, 28.0)
    assert "passing.comp_att" not in cousins


def test_sacks_split_into_count_and_yards(api_example: Example) -> None:
    """Passing "sacks" "2-8" → passing.sacks 2 and passing.sacks_yards 8."""
    cousins = lines_by_player(api_example("nfl_games_statistics_players.json"))[2045]
    assert (cousins["passing.sacks"], cousins["passing.sacks_yards"]) == (2.0, 8.0)


def test_other_pairs_are_made_and_attempted(api_example: Example) -> None:
    """Kicking "field goals" "2/2" → kicking.field_goals_made and kicking.field_goals_att."""
    grupe = lines_by_player(api_example("nfl_games_statistics_players.json"))[2460]
    assert (grupe["kicking.field_goals_made"], grupe["kicking.field_goals_att"]) == (2.0, 2.0)
    assert grupe["kicking.pct"] == 100.0


def test_plain_values_become_floats_with_snake_case_names(api_example: Example) -> None:
    """ "10.4" → 10.4 under ``passing.average``; names lower-cased, spaces to underscores."""
    cousins = lines_by_player(api_example("nfl_games_statistics_players.json"))[2045]
    assert cousins["passing.yards"] == 291.0
    assert cousins["passing.average"] == 10.4
    assert cousins["passing.passing_touch_downs"] == 1.0
    assert all(type(value) is float for value in cousins.values())


@pytest.mark.parametrize("value", ["--", "-", "", None])
def test_missing_values_are_left_out(value: object) -> None:
    """ "--", "-", "" and null give no stat."""
    assert stat_values("kicking", "long", value, "$") == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("67.5%", 67.5), ("3,928", 3928.0), ("-3", -3.0), (12, 12.0), ("0-0", None)],
)
def test_number_forms(value: object, expected: float | None) -> None:
    """Percent signs and thousands separators are dropped; negatives stay numbers; "0-0" is a pair."""
    stats = stat_values("passing", "x", value, "$")
    if expected is None:
        assert stats == {"passing.x_made": 0.0, "passing.x_att": 0.0}
    else:
        assert stats == {"passing.x": expected}


def test_a_player_in_several_groups_has_one_line(api_example: Example) -> None:
    """A player listed under Passing and Rushing gets one line with both groups' stats."""
    answer = api_example("nfl_games_statistics_players.json")
    rushing = answer[0]["groups"][1]
    rushing["players"].append(
        {**rushing["players"][0], "player": answer[0]["groups"][0]["players"][0]["player"]}
    )
    cousins = lines_by_player(answer)[2045]
    assert cousins["passing.yards"] == 291.0
    assert cousins["rushing.total_rushes"] == 15.0


def test_team_sections_are_flattened_and_pairs_split(api_example: Example) -> None:
    """Nested sections become "section.field"; efficiencies, comp-att and penalties split in two."""
    falcons, saints = team_game_lines(api_example("nfl_games_statistics_teams.json"))
    assert (falcons.team_api_id, saints.team_api_id) == (8, 27)
    stats = falcons.stats
    assert stats["first_downs.total"] == 21.0
    assert (stats["first_downs.third_down_made"], stats["first_downs.third_down_att"]) == (6.0, 11.0)
    assert (stats["passing.comp"], stats["passing.att"]) == (20.0, 28.0)
    assert (stats["passing.sacks"], stats["passing.sacks_yards_lost"]) == (2.0, 8.0)
    assert (stats["red_zone.made"], stats["red_zone.att"]) == (3.0, 4.0)
    assert (stats["penalties.total"], stats["penalties.yards"]) == (5.0, 45.0)
    assert stats["yards.yards_per_play"] == 5.9


def test_possession_time_becomes_decimal_minutes(api_example: Example) -> None:
    """``posession.total`` "30:22" (the provider's spelling kept) → 30.37 minutes."""
    falcons = team_game_lines(api_example("nfl_games_statistics_teams.json"))[0]
    assert falcons.stats["posession.total"] == pytest.approx(30 + 22 / 60)


def test_null_team_section_is_skipped(api_example: Example) -> None:
    """A section the API sends as null gives no stats and no error."""
    answer = api_example("nfl_games_statistics_teams.json")
    answer[0]["statistics"]["red_zone"] = None
    assert not any(key.startswith("red_zone.") for key in team_game_lines(answer)[0].stats)


def test_season_lines_carry_the_team_and_grouped_stats(api_example: Example) -> None:
    """``players/statistics?id=P&season=S`` → aggregates per team, "<group>.<stat>"."""
    [line] = season_lines(api_example("nfl_players_statistics.json"))
    assert (line.api_id, line.name, line.team_api_id) == (2045, "Kirk Cousins", 8)
    assert line.stats["passing.passing_attempts"] == 581.0
    assert line.stats["rushing.yards"] == 307.0


def test_discovered_game_time_status_and_scores(api_example: Example) -> None:
    """The Unix timestamp gives an aware UTC start; FT is completed; scores from ``total``."""
    [game] = discovered_games(api_example("nfl_games.json"), league=1)
    assert game.external_id == "13201"
    assert (game.home_api_id, game.away_api_id) == (8, 27)
    assert game.start_at == datetime(2024, 9, 8, 17, 0, tzinfo=UTC)
    assert game.status is GameStatus.COMPLETED
    assert (game.home_score, game.away_score) == (27, 20)


def test_start_falls_back_to_the_utc_date_and_time(api_example: Example) -> None:
    """Without a timestamp, ``date`` + ``time`` in UTC give the start."""
    answer = api_example("nfl_games.json")
    answer[0]["game"]["date"]["timestamp"] = None
    assert discovered_games(answer, league=1)[0].start_at == datetime(2024, 9, 8, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("short", "status"),
    [
        ("NS", GameStatus.SCHEDULED),
        ("Q1", GameStatus.IN_PROGRESS),
        ("HT", GameStatus.IN_PROGRESS),
        ("OT", GameStatus.IN_PROGRESS),
        ("FT", GameStatus.COMPLETED),
        ("AOT", GameStatus.COMPLETED),
        ("CANC", GameStatus.CANCELLED),
        ("PST", GameStatus.POSTPONED),
    ],
)
def test_status_codes_map_to_game_statuses(api_example: Example, short: str, status: GameStatus) -> None:
    """Each documented ``game.status.short`` maps to our status."""
    answer = api_example("nfl_games.json")
    answer[0]["game"]["status"]["short"] = short
    assert discovered_games(answer, league=1)[0].status is status


def test_unknown_status_is_a_payload_error(api_example: Example) -> None:
    """An undocumented status fails loudly, with its path."""
    answer = api_example("nfl_games.json")
    answer[0]["game"]["status"]["short"] = "ZZ"
    with pytest.raises(PayloadError) as info:
        discovered_games(answer, league=1)
    assert info.value.path == "$.response[0].game.status.short"


def test_games_of_another_league_are_left_out(api_example: Example) -> None:
    """An NCAA game (league 2) in the answer is not an NFL game."""
    answer = api_example("nfl_games.json")
    answer[0]["league"]["id"] = 2
    assert discovered_games(answer, league=1) == []


def test_roster_players_and_injured_reserve(api_example: Example) -> None:
    """``players?team=`` → ``nfl:<id>`` players with positions; injured reserve is left out."""
    answer = api_example("nfl_players.json")
    answer[2]["group"] = "Injured Reserve"
    players = roster_players(answer, team_id="nfl:atl")
    assert [(p.id, p.name, p.position, p.team_id) for p in players] == [
        ("nfl:2045", "Kirk Cousins", "QB", "nfl:atl"),
        ("nfl:2130", "Grady Jarrett", "DT", "nfl:atl"),
    ]


def test_unparseable_value_is_a_payload_error_with_path(api_example: Example) -> None:
    """A stat value that is no number, pair or clock names where it was found."""
    answer = api_example("nfl_games_statistics_players.json")
    answer[1]["groups"][0]["players"][0]["statistics"][0]["value"] = "lots"
    with pytest.raises(PayloadError) as info:
        player_lines(answer)
    assert info.value.path == "$.response[1].groups[0].players[0].statistics[0].value"


def test_missing_groups_is_a_payload_error_not_a_key_error(api_example: Example) -> None:
    """A team block without ``groups`` is a PayloadError, never a KeyError."""
    answer = api_example("nfl_games_statistics_players.json")
    del answer[0]["groups"]
    with pytest.raises(PayloadError) as info:
        player_lines(answer)
    assert info.value.path == "$.response[0]"
