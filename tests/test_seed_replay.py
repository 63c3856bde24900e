"""Real schedules replayed against the simulator over loopback HTTP: the truth stored, at the promised cost.

Each replay ingests a plugin's bundled schedule, resets a short window to unplayed, plans, and
runs the worker on a virtual clock against the simulator (``scoracle_core.replay``).
What the store holds is then compared with the simulator's truth, and what the seeding cost is
read from the simulator's request log (every request it answered, discovery included).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from scoracle_core.model import (
    Game,
    GameStatus,
    PlayerGameStats,
    SeedTask,
    Strategy,
    TaskStatus,
    TeamGameStats,
)
from scoracle_core.plan import PlanConfig
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.replay import Replay, areplay
from scoracle_core.sim import BoxScore, LoggedRequest
from scoracle_core.store.base import Store, TaskQuery
from scoracle_core.store.sqlite import SQLiteStore
from scoracle_nfl.transforms import snake

pytestmark = pytest.mark.anyio

#: Short real windows: 14 NBA games over two UTC days, an NFL Sunday (12), a football Saturday
#: (23 fixtures in six leagues).
WINDOWS: Mapping[str, tuple[date, date]] = {
    "nba": (date(2024, 10, 28), date(2024, 10, 30)),
    "nfl": (date(2024, 11, 10), date(2024, 11, 11)),
    "football": (date(2024, 11, 9), date(2024, 11, 10)),
}

#: A few games each for the per-entity ``boxscore`` strategy (≈ 25, 82 and 33 calls a game).
FEW_GAMES: Mapping[str, tuple[datetime, datetime]] = {
    "nba": (datetime(2024, 10, 29, 0, 0, tzinfo=UTC), datetime(2024, 10, 29, 1, 0, tzinfo=UTC)),  # 3
    "nfl": (datetime(2024, 11, 11, tzinfo=UTC), datetime(2024, 11, 15, tzinfo=UTC)),  # Mon + Thu: 2
    "football": (datetime(2024, 11, 8, tzinfo=UTC), datetime(2024, 11, 9, tzinfo=UTC)),  # Friday: 4
}

#: A football weekend: 46 fixtures in the six leagues, each day's due together at midnight.
BUSY_WEEKEND = (date(2024, 11, 9), date(2024, 11, 11))


# -- what the store holds after a replay ------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    """A replay and what the store held once it was over."""

    replay: Replay
    games: Mapping[int, Game]  # by store id, as stored after the run
    tasks: Mapping[int, SeedTask]  # by game id
    team_lines: Mapping[int, tuple[TeamGameStats, ...]]  # by game id
    player_lines: Mapping[int, tuple[PlayerGameStats, ...]]  # by game id
    season_players: frozenset[str]  # players with a season row

    def truth(self, game: Game) -> BoxScore:
        """The simulator's final box score of a stored game (found by its natural key)."""
        world = self.replay.world
        api_id = world.game_id_for(
            game.sport, game.league, game.season, game.home_team_id, game.away_team_id, game.start_at
        )
        assert api_id is not None, f"game {game.id} is not in the simulated world"
        return world.box_score(api_id)


async def snapshot(store: Store, replay: Replay) -> Seeded:
    """Read back the replayed games, their tasks and stat lines."""
    ids = tuple(g.id for g in replay.games if g.id is not None)
    games = {g.id: g for g in replay.games if g.id is not None}
    for game_id in ids:
        stored = await store.get_game(game_id)
        assert stored is not None
        games[game_id] = stored
    tasks = {t.game_id: t for t in await store.find_tasks(TaskQuery(game_ids=ids))}
    team_lines = {i: tuple(await store.get_team_game_stats(game_id=i)) for i in ids}
    player_lines = {i: tuple(await store.get_player_game_stats(game_id=i)) for i in ids}
    season_players = {
        row.player_id
        for sport, season in {(g.sport, g.season) for g in replay.games}
        for row in await store.get_player_season_stats(sport=sport, season=season)
    }
    return Seeded(
        replay=replay,
        games=games,
        tasks=tasks,
        team_lines=team_lines,
        player_lines=player_lines,
        season_players=frozenset(season_players),
    )


async def replayed(
    store: Store, sports: Sports, sport: str, start: date | datetime, end: date | datetime, **plan: object
) -> Seeded:
    """Replay one sport's window into ``store`` and read back what it holds."""
    config = PlanConfig(**plan)  # type: ignore[arg-type]
    replay = await areplay(store, start=start, end=end, sports=sports, only=(sport,), plan=config)
    return await snapshot(store, replay)


# -- stat names: the simulator's truth → ours (as the plugins' own simulator tests map them) ------


def _same(ours: Mapping[str, float], truth: Mapping[str, float], *, missing_is_zero: bool) -> list[str]:
    """The truth stats that ours does not equal (``name: ours != truth``)."""
    wrong = []
    for name, want in truth.items():
        got = ours.get(name, 0.0 if missing_is_zero else None)
        if got is None or not math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9):
            wrong.append(f"{name}: {got} != {want}")
    return wrong


_NFL_PLAYER_KEYS = {
    "passing.completions": "passing.comp",
    "passing.attempts": "passing.att",
    "passing.sack yards": "passing.sacks_yards",
    "kicking.field goals made": "kicking.field_goals_made",
    "kicking.field goals attempts": "kicking.field_goals_att",
    "kicking.extra point made": "kicking.extra_point_made",
    "kicking.extra point attempts": "kicking.extra_point_att",
}
_NFL_TEAM_KEYS = {
    "first_downs.third_down_made": "third_down.made",
    "first_downs.third_down_att": "third_down.att",
    "first_downs.fourth_down_made": "fourth_down.made",
    "first_downs.fourth_down_att": "fourth_down.att",
}


def _nfl_player_truth(truth: Mapping[str, float]) -> dict[str, float]:
    """NFL truth names (``"<group>.<API stat name>"``) → ours (``"<group>.<snake name>"``)."""
    named = {}
    for key, value in truth.items():
        group, _, name = key.partition(".")
        named[_NFL_PLAYER_KEYS.get(key, f"{group}.{snake(name)}")] = value
    return named


def _nfl_team_ours(ours: Mapping[str, float]) -> dict[str, float]:
    """Our NFL team line in the truth's names (possession back in seconds)."""
    named = {_NFL_TEAM_KEYS.get(key, key): value for key, value in ours.items()}
    if "posession.total" in named:
        named["posession.seconds"] = named.pop("posession.total") * 60
    return named


def _same_names(stats: Mapping[str, float]) -> dict[str, float]:
    return dict(stats)


@dataclass(frozen=True)
class Naming:
    """How one sport's stored stats are compared with the truth."""

    player_truth: Callable[[Mapping[str, float]], dict[str, float]]  # truth → our names
    team_ours: Callable[[Mapping[str, float]], dict[str, float]]  # ours → truth names
    missing_is_zero: bool  # API-Football shows many zeros as null, which we omit


NAMING: Mapping[str, Naming] = {
    "nba": Naming(player_truth=_same_names, team_ours=_same_names, missing_is_zero=False),
    "nfl": Naming(player_truth=_nfl_player_truth, team_ours=_nfl_team_ours, missing_is_zero=False),
    "football": Naming(player_truth=_same_names, team_ours=_same_names, missing_is_zero=True),
}


def truth_problems(seeded: Seeded) -> list[str]:
    """Every way the stored games, scores, team lines and player lines differ from the truth."""
    problems: list[str] = []
    world = seeded.replay.world
    for game_id, game in sorted(seeded.games.items()):
        naming, where = NAMING[game.sport], f"{game.sport} game {game_id}"
        task = seeded.tasks.get(game_id)
        if task is None or task.status is not TaskStatus.COMPLETED:
            problems.append(f"{where}: task {task.status if task else 'missing'}")
            continue
        box = seeded.truth(game)
        if (game.status, game.home_score, game.away_score) != (
            GameStatus.COMPLETED,
            box.home.score,
            box.away.score,
        ):
            problems.append(f"{where}: stored {game.status} {game.home_score}-{game.away_score}")
        teams = {row.team_id: row.stats for row in seeded.team_lines[game_id]}
        if set(teams) != {game.home_team_id, game.away_team_id}:
            problems.append(f"{where}: team lines of {sorted(teams)}")
            continue
        for team_id, line in ((game.home_team_id, box.home), (game.away_team_id, box.away)):
            wrong = _same(
                naming.team_ours(teams[team_id]), line.stats, missing_is_zero=naming.missing_is_zero
            )
            problems += [f"{where} {team_id}: {w}" for w in wrong]
        played = {f"{game.sport}:{line.player_id}": line for line in box.players if line.played}
        lines = {row.player_id: row for row in seeded.player_lines[game_id]}
        if set(lines) != set(played):
            extra, missing = sorted(set(lines) - set(played)), sorted(set(played) - set(lines))
            problems.append(f"{where}: player lines of non-participants {extra}, missing {missing}")
        for player_id in sorted(set(lines) & set(played)):
            truth = played[player_id]
            team = world.team(game.sport, truth.team_id)
            if team is None or lines[player_id].team_id != team.team_id:
                problems.append(f"{where} {player_id}: stored for team {lines[player_id].team_id}")
            wrong = _same(
                lines[player_id].stats,
                naming.player_truth(truth.stats),
                missing_is_zero=naming.missing_is_zero,
            )
            problems += [f"{where} {player_id}: {w}" for w in wrong]
    return problems


def _assert_truth(seeded: Seeded) -> None:
    assert seeded.games, "the window has no games"
    problems = truth_problems(seeded)
    assert not problems, f"{len(problems)} differences from the truth, e.g.: " + "; ".join(problems[:8])


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sports() -> Sports:
    """The installed plugins, loaded once."""
    return load_plugins()


@pytest.fixture(scope="module", params=sorted(WINDOWS))
async def game_replay(request: pytest.FixtureRequest, sports: Sports) -> AsyncIterator[Seeded]:
    """One sport's window replayed with the default plan (the ``game`` strategy) into in-memory SQLite."""
    sport: str = request.param
    store = await SQLiteStore.open("sqlite:///:memory:")
    try:
        yield await replayed(store, sports, sport, *WINDOWS[sport])
    finally:
        await store.close()


@pytest.fixture(scope="module", params=sorted(FEW_GAMES))
async def boxscore_replay(request: pytest.FixtureRequest, sports: Sports) -> AsyncIterator[Seeded]:
    """A few games of one sport replayed with the ``boxscore`` strategy."""
    sport: str = request.param
    store = await SQLiteStore.open("sqlite:///:memory:")
    try:
        yield await replayed(store, sports, sport, *FEW_GAMES[sport], strategy=Strategy.BOXSCORE)
    finally:
        await store.close()


# -- the truth is stored -------------------------------------------------------------------------


async def test_every_finished_game_stores_its_participants_stats_as_the_truth(game_replay: Seeded) -> None:
    """Each game completes with its score, both team lines and every participant's line as the truth."""
    assert game_replay.replay.run.failed == 0
    _assert_truth(game_replay)


@pytest.mark.postgres
async def test_replay_into_postgres_stores_the_truth(pg_store: Store, sports: Sports) -> None:
    """The same NFL replay into PostgreSQL stores every participant's line equal to the truth."""
    _assert_truth(await replayed(pg_store, sports, "nfl", *WINDOWS["nfl"]))


# -- nobody else is fetched ---------------------------------------------------------------------

#: Per strategy ``boxscore``: the box-score request that names the game, and the per-player request.
_BOX_REQUEST = {"nba": ("players/statistics", "game"), "nfl": ("games/statistics/players", "id")}
_PLAYER_REQUEST = {"nba": "players/statistics", "nfl": "players/statistics", "football": "players"}


def _box_game(sport: str, entry: LoggedRequest) -> int | None:
    """The game a ``boxscore`` seed's first request is about (the box score / the fixture)."""
    if sport == "football":
        return int(entry.params["id"]) if entry.endpoint == "fixtures" and "id" in entry.params else None
    endpoint, param = _BOX_REQUEST[sport]
    return int(entry.params[param]) if entry.endpoint == endpoint and param in entry.params else None


def _player_requests(seeded: Seeded, sport: str) -> dict[int, list[int]]:
    """Per game (API id): the player API ids asked one by one, attributed in order of arrival to the
    box score requested before them (seeds run one game after another)."""
    asked: dict[int, list[int]] = {}
    current: int | None = None
    for entry in seeded.replay.log.select(sport=sport):
        game = _box_game(sport, entry)
        if game is not None:
            current = game
            asked.setdefault(game, [])
        elif entry.endpoint == _PLAYER_REQUEST[sport] and "id" in entry.params:
            assert current is not None, f"{entry.endpoint}?{dict(entry.params)} before any box score"
            asked[current].append(int(entry.params["id"]))
    return asked


async def test_boxscore_strategy_asks_only_for_players_who_played(boxscore_replay: Seeded) -> None:
    """Every per-player request of a ``boxscore`` seed is for a participant of that game, each once."""
    sport = next(iter(boxscore_replay.games.values())).sport
    asked = _player_requests(boxscore_replay, sport)
    assert len(asked) == len(boxscore_replay.games) >= 2
    for game in boxscore_replay.games.values():
        box = boxscore_replay.truth(game)
        played = sorted(line.player_id for line in box.players if line.played)
        assert sorted(asked[box.game_id]) == played, f"{sport} game {game.id}"


async def test_boxscore_strategy_stores_lines_of_participants_only(boxscore_replay: Seeded) -> None:
    """Every stored game line and season row of a ``boxscore`` replay belongs to a participant."""
    participants = {
        f"{game.sport}:{line.player_id}"
        for game in boxscore_replay.games.values()
        for line in boxscore_replay.truth(game).players
        if line.played
    }
    for game_id, game in boxscore_replay.games.items():
        box = boxscore_replay.truth(game)
        played = {f"{game.sport}:{line.player_id}" for line in box.players if line.played}
        stored = {row.player_id for row in boxscore_replay.player_lines[game_id]}
        assert stored, f"game {game_id} has no player lines"
        assert stored <= played, f"game {game_id}: lines of non-participants {sorted(stored - played)}"
    assert boxscore_replay.season_players <= participants


# -- what it costs -------------------------------------------------------------------------------

#: Per sport: the discovery endpoint (shared by a day's games), and the per-game calls promised
#: by the ``game`` strategy, discovery excluded (football: discovery included).
_GAME_COST = {"nba": ("games", 2.0), "nfl": ("games", 2.0), "football": ("fixtures", 1.0)}


def _is_discovery(sport: str, entry: LoggedRequest) -> bool:
    return entry.endpoint == _GAME_COST[sport][0] and "date" in entry.params


async def test_game_strategy_stays_within_its_calls_per_game(game_replay: Seeded) -> None:
    """NBA and NFL: ≤ 2 calls a game plus discovery; football: ≤ 1 a game, discovery included."""
    sport = next(iter(game_replay.games.values())).sport
    log = game_replay.replay.log.select(sport=sport)
    games = len(game_replay.games)
    discovery = [e for e in log if _is_discovery(sport, e)]
    per_game = len(log) - len(discovery)
    limit = _GAME_COST[sport][1]
    figures = f"{sport}: {games} games, {per_game} per-game calls, {len(discovery)} discovery calls"
    assert all(e.ok for e in log), figures
    if sport == "football":
        assert len(log) <= limit * games, figures
    else:
        assert per_game <= limit * games, figures
    # Discovery is shared: one listing of a day serves every game due at that instant, and a day is
    # listed again only while some of its games are unfinished (NBA nights straddle two UTC days).
    listings = Counter((e.params["date"], e.at) for e in discovery)
    assert set(listings.values()) == {1}, figures
    assert len(discovery) < games, figures
    assert {day for day, _ in listings} <= {g.start_date.isoformat() for g in game_replay.games.values()}


async def test_football_ids_batching_costs_at_most_a_tenth_of_a_call_per_game(sports: Sports) -> None:
    """With a day's fixtures due together, ``fixtures?ids`` calls (discovery excluded) are ≤ 0.1 a game."""
    store = await SQLiteStore.open("sqlite:///:memory:")
    try:
        seeded = await replayed(store, sports, "football", *BUSY_WEEKEND, batch_slot=timedelta(days=1))
    finally:
        await store.close()
    games = list(seeded.games.values())
    assert len(games) >= 20
    assert len({g.league for g in games}) == 6
    assert all(t.status is TaskStatus.COMPLETED for t in seeded.tasks.values())
    fixtures = seeded.replay.log.select(sport="football", endpoint="fixtures")
    # Counted: every request that fetches finished fixtures (ids=…, or id= for a lone one).
    # Not counted: fixtures?date=D, the day's discovery listing.
    fetches = [e for e in fixtures if "ids" in e.params or "id" in e.params]
    assert len(fetches) + sum(1 for e in fixtures if "date" in e.params) == len(fixtures)
    assert len(fetches) <= 0.1 * len(games), f"{len(fetches)} fixture calls for {len(games)} games"
