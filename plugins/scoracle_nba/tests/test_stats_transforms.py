"""API-NBA v2 answers → stat lines, games and players (pure transforms)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from scoracle_core.errors import PayloadError
from scoracle_core.model import GameStatus
from scoracle_nba.transforms import (
    discovered_games,
    player_lines,
    roster_players,
    season_totals,
    team_game_lines,
    team_season,
)

Example = Callable[[str], Any]


def test_player_line_values_are_floats_parsed_from_the_api_types(api_example: Example) -> None:
    """Counting stats stay numbers; percentages and plusMinus are parsed from their strings."""
    lebron = player_lines(api_example("nba_players_statistics_game.json"))[0]
    assert lebron.player_id == "nba:265"
    assert lebron.name == "LeBron James"
    assert (lebron.team_api_id, lebron.game_api_id, lebron.position) == (17, 14012, "SF")
    assert lebron.stats["points"] == 26.0
    assert lebron.stats["fgp"] == 52.6
    assert lebron.stats["plusMinus"] == -3.0
    assert all(type(value) is float for value in lebron.stats.values())


def test_minutes_become_decimal_minutes(api_example: Example) -> None:
    """``min`` "37:40" is 37 minutes 40 seconds: 37.67 minutes."""
    tatum = player_lines(api_example("nba_players_statistics_game.json"))[1]
    assert tatum.seconds == 37 * 60 + 40
    assert tatum.stats["min"] == pytest.approx(37 + 40 / 60)


def test_dnp_line_is_not_a_participation(api_example: Example) -> None:
    """A bench player with "0:00" and a DNP comment did not play."""
    kornet = player_lines(api_example("nba_players_statistics_game.json"))[2]
    assert kornet.name == "Luke Kornet"
    assert not kornet.played


def test_line_with_stats_but_no_minutes_is_a_participation(api_example: Example) -> None:
    """Without a time recorded, a non-zero counting stat shows the player was on the floor."""
    line = api_example("nba_players_statistics_game.json")[2]
    line.update({"min": None, "comment": None, "pFouls": 1})
    assert player_lines([line])[0].played


def test_dnp_comment_wins_over_stray_stats_without_minutes(api_example: Example) -> None:
    """A DNP comment with no time on the floor is no participation, whatever else the line holds."""
    line = api_example("nba_players_statistics_game.json")[2]
    line.update({"min": "", "pFouls": 1})
    assert not player_lines([line])[0].played


def test_null_stat_values_are_left_out(api_example: Example) -> None:
    """An unfinished line's null values give no key rather than a zero."""
    line = api_example("nba_players_statistics_game.json")[0]
    line.update({"plusMinus": None, "tpp": None})
    stats = player_lines([line])[0].stats
    assert "plusMinus" not in stats
    assert "tpp" not in stats
    assert stats["points"] == 26.0


def test_team_box_values(api_example: Example) -> None:
    """A team box keeps the API names; min "240:00" is 240 minutes, plusMinus "-4" is -4."""
    lakers, celtics = team_game_lines(api_example("nba_games_statistics.json"))
    assert (lakers.team_api_id, celtics.team_api_id) == (17, 2)
    assert lakers.stats["points"] == 108.0
    assert lakers.stats["min"] == 240.0
    assert lakers.stats["plusMinus"] == -4.0
    assert lakers.stats["fastBreakPoints"] == 14.0


def test_team_box_null_advanced_fields_are_omitted(api_example: Example) -> None:
    """Advanced fields the API did not track (null) are absent, the others kept."""
    answer = api_example("nba_games_statistics.json")
    answer[0]["statistics"][0].update({"fastBreakPoints": None, "pointsInPaint": None, "longestRun": None})
    stats = team_game_lines(answer)[0].stats
    assert {"fastBreakPoints", "pointsInPaint", "longestRun"}.isdisjoint(stats)
    assert stats["secondChancePoints"] == 11.0


def test_team_season_reads_games_and_integer_plus_minus(api_example: Example) -> None:
    """``teams/statistics`` gives the games played and season totals (plusMinus as an integer)."""
    season = team_season(api_example("nba_teams_statistics.json"))
    assert season is not None
    assert season.games == 12
    assert season.stats["plusMinus"] == 24.0
    assert "games" not in season.stats


def test_team_season_without_data_is_none() -> None:
    """An empty answer means no games yet this season."""
    assert team_season([]) is None


def test_season_totals_sum_played_lines_and_recompute_percentages(api_example: Example) -> None:
    """Two game-log lines sum up; percentages come from the sums, minutes from seconds."""
    games, totals = season_totals(player_lines(api_example("nba_players_statistics_season.json")))
    assert games == 2
    assert totals["points"] == 42.0
    assert (totals["fgm"], totals["fga"]) == (16.0, 32.0)
    assert totals["fgp"] == 50.0
    assert totals["min"] == pytest.approx(34.5 + 36.2)
    assert totals["plusMinus"] == -11.0


def test_season_totals_skip_dnp_lines(api_example: Example) -> None:
    """A DNP line adds no game."""
    games, _ = season_totals(player_lines(api_example("nba_players_statistics_game.json")))
    assert games == 2


def test_discovered_game_statuses_times_and_scores(api_example: Example) -> None:
    """A finished and a scheduled game: statuses, aware UTC start times, scores when known."""
    finished, scheduled = discovered_games(api_example("nba_games.json"), league="standard")
    assert finished.external_id == "14012"
    assert (finished.home_api_id, finished.away_api_id) == (2, 17)
    assert finished.start_at == datetime(2024, 11, 6, 0, 30, tzinfo=UTC)
    assert finished.status is GameStatus.COMPLETED
    assert (finished.home_score, finished.away_score) == (112, 108)
    assert scheduled.status is GameStatus.SCHEDULED
    assert (scheduled.home_score, scheduled.away_score) == (None, None)


@pytest.mark.parametrize(
    ("short", "status"),
    [
        (1, GameStatus.SCHEDULED),
        (2, GameStatus.IN_PROGRESS),
        (3, GameStatus.COMPLETED),
        (4, GameStatus.POSTPONED),
        (5, GameStatus.SCHEDULED),
        (6, GameStatus.CANCELLED),
    ],
)
def test_status_codes_map_to_game_statuses(api_example: Example, short: int, status: GameStatus) -> None:
    """Each documented ``status.short`` maps to our status (5, delayed, has not started)."""
    answer = api_example("nba_games.json")[:1]
    answer[0]["status"]["short"] = short
    assert discovered_games(answer, league="standard")[0].status is status


def test_unknown_status_is_a_payload_error(api_example: Example) -> None:
    """An undocumented status code fails loudly, with its path."""
    answer = api_example("nba_games.json")
    answer[1]["status"]["short"] = 9
    with pytest.raises(PayloadError) as info:
        discovered_games(answer, league="standard")
    assert info.value.path == "$.response[1].status.short"


def test_games_of_other_leagues_are_left_out(api_example: Example) -> None:
    """``games?date=`` lists summer-league games too; only ``standard`` ones are kept."""
    answer = api_example("nba_games.json")
    answer[1]["league"] = "vegas"
    assert [g.external_id for g in discovered_games(answer, league="standard")] == ["14012"]


def test_roster_players_have_ids_names_positions_and_team(api_example: Example) -> None:
    """``players?team=`` → players ``nba:<id>`` with "First Last" and the standard-league position."""
    players = roster_players(api_example("nba_players.json"), league="standard", team_id="nba:lal")
    assert [(p.id, p.name, p.position, p.team_id, p.api_id) for p in players] == [
        ("nba:265", "LeBron James", "F", "nba:lal", 265),
        ("nba:3001", "Austin Reaves", "G", "nba:lal", 3001),
    ]


def test_roster_leaves_out_inactive_and_other_league_players(api_example: Example) -> None:
    """``active: false`` and a player without a ``standard`` entry are not on the roster."""
    answer = api_example("nba_players.json")
    answer[0]["leagues"]["standard"]["active"] = False
    answer[1]["leagues"] = {"vegas": {"jersey": 15, "active": True, "pos": "G"}}
    assert roster_players(answer, league="standard", team_id="nba:lal") == []


def test_malformed_minutes_are_a_payload_error_with_path(api_example: Example) -> None:
    """A ``min`` that is not "MM:SS" names the line it was in."""
    answer = api_example("nba_players_statistics_game.json")
    answer[1]["min"] = "about forty"
    with pytest.raises(PayloadError) as info:
        player_lines(answer)
    assert info.value.path == "$.response[1].min"


def test_missing_team_is_a_payload_error_not_a_key_error(api_example: Example) -> None:
    """A line without ``team`` is a PayloadError, never a KeyError."""
    answer = api_example("nba_players_statistics_game.json")
    del answer[0]["team"]
    with pytest.raises(PayloadError) as info:
        player_lines(answer)
    assert info.value.path == "$.response[0]"


def test_object_instead_of_list_is_a_payload_error() -> None:
    """An answer of the wrong type is reported at the root."""
    with pytest.raises(PayloadError) as info:
        player_lines({"player": {}})
    assert info.value.path == "$.response"
