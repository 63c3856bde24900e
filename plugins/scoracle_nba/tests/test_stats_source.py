"""The NBA GameStatsSource: strategies, their calls, and what comes back for one game."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from scoracle_core.errors import PayloadError, QuotaExhausted, TransientApiError
from scoracle_core.model import Game, GameStatus, Player, RosterEntry, RosterSource, Strategy
from scoracle_core.plugins import Sports
from scoracle_core.seeding import GameStatsSource, SeedTarget, stats_source
from scoracle_core.teams import TeamCatalog
from scoracle_nba.sport import NBA, make_sport
from scoracle_nba.stats import NBAStats

Example = Callable[[str], Any]

GAME = 14012  # Boston (home, api 2) vs the LA Lakers (away, api 17), finished 112-108


@pytest.fixture
def source() -> NBAStats:
    """The NBA adapter's stats source."""
    return make_sport().stats


def log_line(box_line: dict[str, Any], *, game: int, points: int) -> dict[str, Any]:
    """A game-log line for another game, made from a box-score line."""
    return {**box_line, "game": {"id": game}, "points": points}


@pytest.fixture
def fetch(fake_fetch: Any, api_example: Example) -> Any:
    """Answers for game 14012 from the shared examples, plus hand-made logs of the same shape."""
    fetch = fake_fetch()
    box = api_example("nba_players_statistics_game.json")
    tatum, kornet = box[1], box[2]
    fetch.answer("games", {"date": "2024-11-06"}, api_example("nba_games.json"))
    fetch.answer("games/statistics", {"id": GAME}, api_example("nba_games_statistics.json"))
    fetch.answer("players/statistics", {"game": GAME}, box)
    fetch.answer(
        "players/statistics", {"id": 265, "season": 2024}, api_example("nba_players_statistics_season.json")
    )
    fetch.answer(
        "players/statistics", {"id": 882, "season": 2024}, [log_line(tatum, game=14001, points=20), tatum]
    )
    fetch.answer("players/statistics", {"id": 891, "season": 2024}, [kornet])
    fetch.answer("players/statistics", {"id": 3001, "season": 2024}, [])
    for team in (2, 17):
        fetch.answer(
            "teams/statistics", {"id": team, "season": 2024}, api_example("nba_teams_statistics.json")
        )
    celtics = [
        {
            "id": 882,
            "firstname": "Jayson",
            "lastname": "Tatum",
            "leagues": {"standard": {"active": True, "pos": "F"}},
        },
        {
            "id": 891,
            "firstname": "Luke",
            "lastname": "Kornet",
            "leagues": {"standard": {"active": True, "pos": "C"}},
        },
    ]
    fetch.answer("players", {"team": 2, "season": 2024}, celtics)
    fetch.answer("players", {"team": 17, "season": 2024}, api_example("nba_players.json"))
    return fetch


def target(**changes: Any) -> SeedTarget:
    """Game 14012 as the core hands it over: discovered, completed."""
    game = Game(
        id=7,
        sport="nba",
        league="standard",
        season=2024,
        home_team_id="nba:bos",
        away_team_id="nba:lal",
        start_at=datetime(2024, 11, 6, 0, 30, tzinfo=UTC),
        status=changes.pop("status", GameStatus.COMPLETED),
        external_id=str(GAME),
        home_score=112,
        away_score=108,
    )
    return SeedTarget(game=game, league=NBA, home_api_id=2, away_api_id=17, **changes)


def entry(player: str, team: str, status: str = "active") -> RosterEntry:
    """A pre-resolved roster entry of game 7."""
    return RosterEntry(game_id=7, player_id=player, team_id=team, status=status)


# -- strategies and discovery ----------------------------------------------------------------


def test_registered_adapter_offers_a_stats_source(sports: Sports) -> None:
    """The installed NBA adapter carries a GameStatsSource as ``stats``."""
    assert isinstance(stats_source(sports.get("nba")), GameStatsSource)


def test_strategies_are_declared_with_their_costs(source: NBAStats) -> None:
    """All four strategies, game the cheapest at 2 calls, each with one shared discovery call."""
    specs = source.strategies()
    assert set(specs) == set(Strategy)
    costs = [
        specs[s].calls_per_game for s in (Strategy.GAME, Strategy.BOXSCORE, Strategy.ROSTER, Strategy.BLANKET)
    ]
    assert costs == sorted(costs)
    assert specs[Strategy.GAME].calls_per_game == 2
    assert specs[Strategy.BOXSCORE].calls_per_game == 25
    assert specs[Strategy.ROSTER].calls_per_game == 32
    # blanket batches a day's games: 510 calls per sweep, shared by up to 15 games
    assert specs[Strategy.BLANKET].calls_per_game == 510
    assert specs[Strategy.BLANKET].batch_size == 15
    assert all(spec.calls_per_day == 1 and spec.description for spec in specs.values())


@pytest.mark.anyio
async def test_discover_makes_one_call_for_the_utc_day(source: NBAStats, fetch: Any) -> None:
    """``games?date=D`` once; each game with its API id, teams, start and status."""
    games = await source.discover(fetch, league=NBA, season=2024, day=date(2024, 11, 6))
    assert fetch.calls == ["games?date=2024-11-06"]
    assert [(g.external_id, g.status) for g in games] == [
        ("14012", GameStatus.COMPLETED),
        ("14013", GameStatus.SCHEDULED),
    ]
    assert games[0].start_at.tzinfo is not None


@pytest.mark.anyio
async def test_fetch_roster_is_one_cached_call(source: NBAStats, fetch: Any) -> None:
    """``players?team=T&season=S`` cached 24 h; players carry our team id."""
    players = await source.fetch_roster(fetch, league=NBA, season=2024, team_api_id=17)
    assert fetch.calls == ["players?season=2024&team=17"]
    assert fetch.ttls["players?season=2024&team=17"] == timedelta(hours=24)
    assert {(p.id, p.team_id) for p in players} == {("nba:265", "nba:lal"), ("nba:3001", "nba:lal")}


# -- game ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_game_strategy_makes_exactly_two_calls(source: NBAStats, fetch: Any) -> None:
    """``games/statistics?id=G`` and ``players/statistics?game=G``, nothing else."""
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert fetch.calls == ["games/statistics?id=14012", "players/statistics?game=14012"]
    assert outcome.calls == 2
    assert outcome.finished


@pytest.mark.anyio
async def test_game_strategy_returns_both_team_boxes_and_score(source: NBAStats, fetch: Any) -> None:
    """Two team lines under our team ids; the score from the boxes' points."""
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    lines = {line.team_id: line.stats for line in outcome.team_lines}
    assert set(lines) == {"nba:bos", "nba:lal"}
    assert lines["nba:lal"]["points"] == 108.0
    assert (outcome.home_score, outcome.away_score) == (112, 108)


@pytest.mark.anyio
async def test_game_strategy_keeps_only_the_two_teams_players(
    source: NBAStats, fetch: Any, api_example: Example
) -> None:
    """Lines of another team or another game in the answer are dropped."""
    box = api_example("nba_players_statistics_game.json")
    stranger = {**box[0], "player": {"id": 999, "firstname": "Some", "lastname": "Hornet"}, "team": {"id": 5}}
    other_game = {**box[0], "game": {"id": 14013}}
    fetch.answer("players/statistics", {"game": GAME}, [*box, stranger, other_game])
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert {line.player_id for line in outcome.player_lines} == {"nba:265", "nba:882"}
    assert {p.id for p in outcome.players} == {"nba:265", "nba:882", "nba:891"}
    assert {line.team_id for line in outcome.player_lines} <= {"nba:bos", "nba:lal"}


@pytest.mark.anyio
async def test_game_strategy_dnp_player_is_seen_but_did_not_play(source: NBAStats, fetch: Any) -> None:
    """The DNP bench player is upserted as a player, with no line and no participation."""
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert "nba:891" in {p.id for p in outcome.players}
    assert "nba:891" not in {line.player_id for line in outcome.player_lines}
    assert {(p.player_id, p.team_id, p.source) for p in outcome.participants} == {
        ("nba:265", "nba:lal", RosterSource.BOXSCORE),
        ("nba:882", "nba:bos", RosterSource.BOXSCORE),
    }


@pytest.mark.anyio
async def test_game_not_completed_makes_no_call(source: NBAStats, fetch: Any) -> None:
    """A game the core has not seen finish is not seeded: finished=False, its status kept."""
    [outcome] = await source.seed(
        fetch, strategy=Strategy.GAME, targets=[target(status=GameStatus.IN_PROGRESS)]
    )
    assert fetch.calls == []
    assert not outcome.finished
    assert outcome.status is GameStatus.IN_PROGRESS


@pytest.mark.anyio
async def test_empty_statistics_mean_not_finished_with_no_stats(source: NBAStats, fetch: Any) -> None:
    """No box score yet: finished=False and no partial lines."""
    fetch.answer("players/statistics", {"game": GAME}, [])
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert not outcome.finished
    assert outcome.team_lines == outcome.player_lines == ()
    assert outcome.calls == 2


@pytest.mark.anyio
async def test_box_of_one_team_only_means_not_finished(
    source: NBAStats, fetch: Any, api_example: Example
) -> None:
    """Team statistics without the home team: the game is not complete in the API yet."""
    fetch.answer("games/statistics", {"id": GAME}, api_example("nba_games_statistics.json")[:1])
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert not outcome.finished
    assert outcome.team_lines == ()


@pytest.mark.anyio
async def test_malformed_answer_is_a_payload_error_naming_the_request(source: NBAStats, fetch: Any) -> None:
    """An object where a list belongs fails with the request and the JSON path."""
    fetch.answer("games/statistics", {"id": GAME}, {"team": "?"})
    with pytest.raises(PayloadError, match=r"games/statistics\?id=14012") as info:
        await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert info.value.path == "$.response"


# -- boxscore --------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_boxscore_calls_box_then_each_player_who_played_and_each_team(
    source: NBAStats, fetch: Any
) -> None:
    """1 box score + 2 players who played (not the DNP) + 2 teams."""
    [outcome] = await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target()])
    assert fetch.calls == [
        "players/statistics?game=14012",
        "teams/statistics?id=2&season=2024",
        "teams/statistics?id=17&season=2024",
        "players/statistics?id=265&season=2024",
        "players/statistics?id=882&season=2024",
    ]
    assert outcome.calls == 5
    assert outcome.failed == ()


@pytest.mark.anyio
async def test_boxscore_takes_the_game_line_and_season_totals_from_the_log(
    source: NBAStats, fetch: Any
) -> None:
    """Each played player gets this game's line and his season sum; each team its season totals."""
    [outcome] = await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target()])
    season = {row.player_id: row for row in outcome.player_season}
    assert season["nba:265"].games == 2
    assert season["nba:265"].stats["points"] == 42.0
    assert season["nba:882"].stats["points"] == 51.0
    assert season["nba:882"].team_id == "nba:bos"
    games = {row.player_id: row.stats["points"] for row in outcome.player_lines}
    assert games == {"nba:265": 26.0, "nba:882": 31.0}
    assert {(row.team_id, row.games) for row in outcome.team_season} == {("nba:bos", 12), ("nba:lal", 12)}


@pytest.mark.anyio
async def test_partial_success_reports_the_failed_player(source: NBAStats, fetch: Any) -> None:
    """One player's call failing leaves the others' stats in place and names him in ``failed``."""
    fetch.answer("players/statistics", {"id": 882, "season": 2024}, TransientApiError("HTTP 500", status=500))
    [outcome] = await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target()])
    assert outcome.finished
    assert outcome.failed == ("nba:882",)
    assert {row.player_id for row in outcome.player_season} == {"nba:265"}
    assert any("nba:882" in error and "HTTP 500" in error for error in outcome.errors)


@pytest.mark.anyio
async def test_retry_with_only_fetches_only_those_entities(source: NBAStats, fetch: Any) -> None:
    """``only`` skips the box score: one call for the one player left."""
    [outcome] = await source.seed(
        fetch, strategy=Strategy.BOXSCORE, targets=[target(only=frozenset({"nba:882"}))]
    )
    assert fetch.calls == ["players/statistics?id=882&season=2024"]
    assert outcome.entities_done == ("nba:882",)
    assert outcome.player_lines[0].team_id == "nba:bos"


@pytest.mark.anyio
async def test_quota_spent_midway_keeps_answers_and_fails_the_rest(source: NBAStats, fetch: Any) -> None:
    """After the daily quota runs out no further call is made; what was fetched is kept."""
    fetch.answer("teams/statistics", {"id": 17, "season": 2024}, QuotaExhausted("daily quota spent"))
    [outcome] = await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target()])
    assert len(fetch.calls) == 3
    assert set(outcome.failed) == {"nba:lal", "nba:265", "nba:882"}
    assert {row.team_id for row in outcome.team_season} == {"nba:bos"}


@pytest.mark.anyio
async def test_quota_spent_before_any_answer_raises(source: NBAStats, fetch: Any) -> None:
    """With nothing fetched yet, a spent quota fails the whole seed."""
    fetch.answer("teams/statistics", {"id": 2, "season": 2024}, QuotaExhausted("daily quota spent"))
    with pytest.raises(QuotaExhausted):
        await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target(only=frozenset({"nba:bos"}))])


# -- roster ----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_roster_strategy_fetches_only_active_rostered_players_of_the_game(
    source: NBAStats, fetch: Any
) -> None:
    """Pre-resolved roster: no box score, no roster call; inactive and other teams' entries skipped."""
    roster = (
        entry("nba:265", "nba:lal"),
        entry("nba:882", "nba:bos"),
        entry("nba:891", "nba:bos", status="inactive"),
        entry("nba:777", "nba:atl"),
    )
    [outcome] = await source.seed(fetch, strategy=Strategy.ROSTER, targets=[target(roster=roster)])
    assert fetch.calls == [
        "teams/statistics?id=2&season=2024",
        "teams/statistics?id=17&season=2024",
        "players/statistics?id=882&season=2024",
        "players/statistics?id=265&season=2024",
    ]
    assert {row.player_id for row in outcome.player_season} == {"nba:265", "nba:882"}


@pytest.mark.anyio
async def test_roster_strategy_uses_the_api_ids_the_target_knows(source: NBAStats, fetch: Any) -> None:
    """A rostered player's API id comes from ``SeedTarget.players`` when given."""
    players = {"nba:lebron": Player(id="nba:lebron", sport="nba", name="LeBron James", api_id=265)}
    roster = (entry("nba:lebron", "nba:lal"),)
    await source.seed(fetch, strategy=Strategy.ROSTER, targets=[target(roster=roster, players=players)])
    assert "players/statistics?id=265&season=2024" in fetch.calls


@pytest.mark.anyio
async def test_roster_strategy_fetches_a_missing_roster_cached(source: NBAStats, fetch: Any) -> None:
    """With no pre-resolved roster, each team's roster is fetched (cached 24 h), then its players."""
    [outcome] = await source.seed(fetch, strategy=Strategy.ROSTER, targets=[target()])
    assert fetch.calls[:2] == ["players?season=2024&team=2", "players?season=2024&team=17"]
    assert fetch.ttls["players?season=2024&team=2"] == timedelta(hours=24)
    assert len(fetch.calls) == 2 + 2 + 4
    assert {p.player_id for p in outcome.participants} == {"nba:265", "nba:882"}


# -- blanket ---------------------------------------------------------------------------------


@pytest.fixture
def small_league(fake_fetch: Any, fetch: Any, api_example: Example) -> tuple[NBAStats, Any]:
    """A four-team league (BOS, LAL, ATL, CHA) and answers for ATL's one player and CHA's none."""
    full = make_sport().catalog()
    catalog = TeamCatalog("nba", [full.get(f"nba:{key}") for key in ("bos", "lal", "atl", "cha")])
    hawk_line = {
        **api_example("nba_players_statistics_game.json")[0],
        "team": {"id": 1},
        "game": {"id": 14013},
    }
    hawk_line["player"] = {"id": 999, "firstname": "Atlanta", "lastname": "Hawk"}
    fetch.answer(
        "players", {"team": 1, "season": 2024}, [{"id": 999, "firstname": "Atlanta", "lastname": "Hawk"}]
    )
    fetch.answer("players", {"team": 5, "season": 2024}, [])
    fetch.answer("players/statistics", {"id": 999, "season": 2024}, [hawk_line])
    for team in (1, 5):
        fetch.answer(
            "teams/statistics", {"id": team, "season": 2024}, api_example("nba_teams_statistics.json")
        )
    return NBAStats(catalog=lambda: catalog), fetch


@pytest.mark.anyio
async def test_blanket_sweeps_the_league_but_keeps_only_the_games_teams(
    small_league: tuple[NBAStats, Any],
) -> None:
    """Every roster, team and player is fetched; only Boston's and the Lakers' stats come back."""
    source, fetch = small_league
    [outcome] = await source.seed(fetch, strategy=Strategy.BLANKET, targets=[target()])
    assert len(fetch.calls) == 4 + 4 + 5
    assert outcome.calls == 13
    assert "players/statistics?id=999&season=2024" in fetch.calls
    assert {row.team_id for row in outcome.team_season} == {"nba:bos", "nba:lal"}
    assert {row.player_id for row in outcome.player_season} == {"nba:265", "nba:882", "nba:891"}
    assert {row.player_id for row in outcome.player_lines} == {"nba:265", "nba:882"}


@pytest.mark.anyio
async def test_blanket_shares_one_sweep_between_the_games_of_a_day(
    small_league: tuple[NBAStats, Any],
) -> None:
    """Two games seeded together cost one sweep, split between them."""
    source, fetch = small_league
    second = Game(
        id=8,
        sport="nba",
        league="standard",
        season=2024,
        home_team_id="nba:atl",
        away_team_id="nba:cha",
        start_at=datetime(2024, 11, 6, 3, tzinfo=UTC),
        status=GameStatus.COMPLETED,
        external_id="14013",
    )
    other = SeedTarget(game=second, league=NBA, home_api_id=1, away_api_id=5)
    first, hawks = await source.seed(fetch, strategy=Strategy.BLANKET, targets=[target(), other])
    assert first.calls + hawks.calls == len(fetch.calls) == 13
    assert {row.player_id for row in hawks.player_lines} == {"nba:999"}
    assert {row.team_id for row in hawks.team_season} == {"nba:atl", "nba:cha"}
