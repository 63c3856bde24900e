"""Fixtures for the football plugin's tests: the installed plugins, the real shared schedules, parsing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from scoracle_core.ingest.detect import available_formats
from scoracle_core.ingest.formats import Problem, RawGame, ScheduleFormat
from scoracle_core.ingest.timing import start_of
from scoracle_core.model import Game, GameStatus, RosterEntry
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.seeding import SeedTarget
from scoracle_core.sport import SportAdapter
from scoracle_core.teams import TeamResolver
from scoracle_football.sport import LEAGUES

#: ``shared/`` sits beside the repository clone (here and in CI).
REAL_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "real"

Parsed = tuple[list[RawGame], list[Problem]]


@pytest.fixture(scope="session")
def sports() -> Sports:
    """Every installed plugin, loaded once."""
    return load_plugins()


@pytest.fixture(scope="session")
def football(sports: Sports) -> SportAdapter:
    """The installed football adapter."""
    return sports.get("football")


@pytest.fixture(scope="session")
def all_formats(sports: Sports) -> list[ScheduleFormat]:
    """Every format a file could be detected as: the core's templates and every plugin's formats."""
    return available_formats(sports)


@pytest.fixture(scope="session")
def formats(sports: Sports) -> dict[str, ScheduleFormat]:
    """Every registered schedule format of every installed plugin, by name."""
    return {fmt.name: fmt for fmt in sports.schedule_formats()}


@pytest.fixture(scope="session")
def resolver(football: SportAdapter) -> TeamResolver:
    """The real football resolver, with no overrides."""
    return TeamResolver(football.catalog())


@pytest.fixture(scope="session")
def real_data() -> Path:
    """``shared/data/real``; the test is skipped when the shared folder is not beside the repo."""
    if not (REAL_DATA / "football").is_dir():
        pytest.skip(f"real schedules not found at {REAL_DATA} (clone 'shared' beside the repository)")
    return REAL_DATA


@pytest.fixture(scope="session")
def football_dir(real_data: Path) -> Path:
    """``shared/data/real/football``."""
    return real_data / "football"


@pytest.fixture(scope="session")
def parse_file(formats: dict[str, ScheduleFormat]) -> Callable[[str, Path], Parsed]:
    """Parse a file with a named format (each file parsed once per session)."""
    cache: dict[tuple[str, Path], Parsed] = {}

    def parse(name: str, path: Path) -> Parsed:
        key = (name, path)
        if key not in cache:
            rows = list(formats[name].parse(path.read_text(encoding="utf-8"), source=path.name))
            cache[key] = (
                [row for row in rows if isinstance(row, RawGame)],
                [row for row in rows if isinstance(row, Problem)],
            )
        return cache[key]

    return parse


@pytest.fixture(scope="session")
def kickoff(football: SportAdapter) -> Callable[[RawGame], datetime]:
    """A row's kick-off in UTC, converted as the ingest pipeline does (no caller zone)."""

    def convert(raw: RawGame) -> datetime:
        assert raw.league is not None, f"row {raw.where} names no league"
        return start_of(raw, league=football.leagues[raw.league], caller_zone=None).at

    return convert


# -- seeding (test_stats*.py): anyio, a fake Fetch, API-Football bodies, seed targets ----------

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "api-sports" / "examples"


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio."""
    return "asyncio"


class FakeFetch:
    """A :class:`~scoracle_core.seeding.Fetch` serving canned ``response`` values; records calls.

    Replies are keyed by endpoint and parameters (compared as strings, as the API echoes them).
    A reply is a value (returned as a deep copy), an exception (raised), or a callable of the
    parameters. ``on_pages`` serves a paged endpoint, one recorded call per page.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, frozenset[tuple[str, str]]], object] = {}
        self.paged: dict[tuple[str, frozenset[tuple[str, str]]], list[list[object]]] = {}
        self.calls: list[tuple[str, dict[str, str], timedelta | None]] = []

    @staticmethod
    def _key(endpoint: str, params: Mapping[str, object]) -> tuple[str, frozenset[tuple[str, str]]]:
        return endpoint, frozenset((k, str(v)) for k, v in params.items())

    def on(self, endpoint: str, params: Mapping[str, object], reply: object) -> FakeFetch:
        """Serve ``reply`` for this request."""
        self.routes[self._key(endpoint, params)] = reply
        return self

    def on_pages(self, endpoint: str, params: Mapping[str, object], *pages: list[object]) -> FakeFetch:
        """Serve a paged endpoint: one list per page."""
        self.paged[self._key(endpoint, params)] = list(pages)
        return self

    async def __call__(
        self, endpoint: str, params: Mapping[str, str | int], *, cache_ttl: timedelta | None = None
    ) -> Any:
        self.calls.append((endpoint, {k: str(v) for k, v in params.items()}, cache_ttl))
        key = self._key(endpoint, params)
        if key not in self.routes:
            raise AssertionError(f"unexpected call {endpoint} {dict(params)}")
        reply = self.routes[key]
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply):
            reply = reply(dict(params))
        return copy.deepcopy(reply)

    async def pages(self, endpoint: str, params: Mapping[str, str | int]) -> list[Any]:
        key = self._key(endpoint, params)
        if key not in self.paged:
            self.calls.append((endpoint, {k: str(v) for k, v in params.items()}, None))
            raise AssertionError(f"unexpected paged call {endpoint} {dict(params)}")
        items: list[Any] = []
        for number, page in enumerate(self.paged[key], start=1):
            self.calls.append(
                (endpoint, {**{k: str(v) for k, v in params.items()}, "page": str(number)}, None)
            )
            if isinstance(page, BaseException):
                raise page
            items.extend(copy.deepcopy(page))
        return items

    def count(self, endpoint: str | None = None) -> int:
        """Calls made (to ``endpoint`` only, when given)."""
        return sum(1 for call in self.calls if endpoint is None or call[0] == endpoint)


@pytest.fixture
def fake_fetch() -> FakeFetch:
    """A fresh fake Fetch with no routes."""
    return FakeFetch()


@pytest.fixture(scope="session")
def example() -> Callable[[str], Any]:
    """The ``response`` of ``shared/api-sports/examples/football_<name>.json`` (skips without it)."""

    def load(name: str) -> Any:
        path = EXAMPLES / f"football_{name}.json"
        if not path.is_file():
            pytest.skip(
                f"API example {path.name} not found in {EXAMPLES} (clone 'shared' beside the repository)"
            )
        return json.loads(path.read_text(encoding="utf-8"))["response"]

    return load


class Bodies:
    """Hand-made API-Football v3 ``response`` items, shaped like the shared examples."""

    @staticmethod
    def player(pid: int, minutes: int | None, *, substitute: bool = False, **stats: object) -> dict[str, Any]:
        """One entry of a fixture's ``players[].players``; ``stats`` override ``{group: {key: v}}``."""
        line: dict[str, Any] = {
            "games": {
                "minutes": minutes,
                "number": pid % 99,
                "position": "M",
                "rating": None if minutes is None else "7.1",
                "captain": False,
                "substitute": substitute,
            },
            "offsides": None,
            "shots": {"total": None if minutes is None else 1, "on": None},
            "goals": {"total": None, "conceded": 0, "assists": None, "saves": None},
            "passes": {"total": None if minutes is None else 20, "key": None, "accuracy": None},
            "cards": {"yellow": 0, "red": 0},
            "penalty": {"won": None, "commited": None, "scored": 0, "missed": 0, "saved": None},
        }
        for group, values in stats.items():
            line[group] = values
        return {"player": {"id": pid, "name": f"Player {pid}", "photo": ""}, "statistics": [line]}

    @staticmethod
    def fixture(
        fid: int,
        home: int,
        away: int,
        *,
        short: str = "FT",
        goals: tuple[int | None, int | None] = (2, 1),
        timestamp: int = 1731256200,
        players: Mapping[int, list[dict[str, Any]]] | None = None,
        statistics: Mapping[int, list[tuple[str, object]]] | None = None,
        embedded: bool = True,
    ) -> dict[str, Any]:
        """A ``fixtures`` item; with ``embedded`` the id/ids blocks (default: 2 players a team)."""
        item: dict[str, Any] = {
            "fixture": {
                "id": fid,
                "referee": None,
                "timezone": "UTC",
                "date": datetime.fromtimestamp(timestamp, tz=UTC).isoformat(),
                "timestamp": timestamp,
                "periods": {"first": None, "second": None},
                "venue": {"id": 1, "name": "Ground", "city": "Town"},
                "status": {"long": short, "short": short, "elapsed": None, "extra": None},
            },
            "league": {"id": 39, "name": "Premier League", "season": 2024, "round": "Regular Season - 1"},
            "teams": {
                "home": {"id": home, "name": f"Team {home}", "logo": "", "winner": None},
                "away": {"id": away, "name": f"Team {away}", "logo": "", "winner": None},
            },
            "goals": {"home": goals[0], "away": goals[1]},
            "score": {},
        }
        if embedded:
            if players is None:
                players = {
                    team: [
                        Bodies.player(team * 100 + 1, 90),
                        Bodies.player(team * 100 + 2, 20, substitute=True),
                    ]
                    for team in (home, away)
                }
            if statistics is None:
                statistics = {
                    team: [("Shots on Goal", 3), ("Ball Possession", "50%")] for team in (home, away)
                }
            item["events"], item["lineups"] = [], []
            item["statistics"] = [
                {
                    "team": {"id": t, "name": "", "logo": ""},
                    "statistics": [{"type": k, "value": v} for k, v in s],
                }
                for t, s in statistics.items()
            ]
            item["players"] = [
                {"team": {"id": t, "name": "", "logo": "", "update": ""}, "players": p}
                for t, p in players.items()
            ]
        return item

    @staticmethod
    def squad(team: int, *pids: int) -> list[dict[str, Any]]:
        """A ``players/squads`` response."""
        return [
            {
                "team": {"id": team, "name": f"Team {team}", "logo": ""},
                "players": [
                    {
                        "id": p,
                        "name": f"Player {p}",
                        "age": 25,
                        "number": 1,
                        "position": "Midfielder",
                        "photo": "",
                    }
                    for p in pids
                ],
            }
        ]

    @staticmethod
    def season(pid: int, team: int, *, league: int = 39, apps: int = 5, goals: int = 1) -> dict[str, Any]:
        """One ``players`` item (season aggregates of one player at one club)."""
        return {
            "player": {"id": pid, "name": f"Player {pid}"},
            "statistics": [
                {
                    "team": {"id": team, "name": f"Team {team}"},
                    "league": {"id": league, "name": "", "season": 2024},
                    "games": {
                        "appearences": apps,
                        "lineups": apps,
                        "minutes": 90 * apps,
                        "number": 8,
                        "position": "Midfielder",
                        "rating": "7.250000",
                        "captain": False,
                    },
                    "goals": {"total": goals, "conceded": 0, "assists": None, "saves": None},
                    "penalty": {"won": None, "commited": 1, "scored": 0, "missed": 0, "saved": None},
                }
            ],
        }

    @staticmethod
    def team_season(team: int, *, league: int = 39, played: int = 6) -> dict[str, Any]:
        """A ``teams/statistics`` response (an object)."""
        return {
            "league": {"id": league, "name": "Premier League", "season": 2024},
            "team": {"id": team, "name": f"Team {team}"},
            "form": "WDL",
            "fixtures": {"played": {"home": 3, "away": played - 3, "total": played}},
            "goals": {"for": {"average": {"total": "1.5"}}},
            "biggest": {"wins": {"home": "3-0"}},
            "lineups": [{"formation": "4-3-3", "played": played}],
        }

    @staticmethod
    def teams(*ids: int) -> list[dict[str, Any]]:
        """A ``teams`` response."""
        return [{"team": {"id": i, "name": f"Team {i}"}, "venue": {}} for i in ids]


@pytest.fixture(scope="session")
def bodies() -> type[Bodies]:
    """Builders of hand-made API-Football bodies."""
    return Bodies


def _target(
    game_id: int,
    fixture_id: int | None,
    home: int,
    away: int,
    *,
    season: int = 2024,
    only: Iterable[str] | None = None,
    status: GameStatus = GameStatus.SCHEDULED,
    roster: Iterable[tuple[str, str]] = (),
) -> SeedTarget:
    league = LEAGUES[0]  # premier-league, API id 39
    game = Game(
        id=game_id,
        sport="football",
        league=league.key,
        season=season,
        home_team_id=f"football:t{home}",
        away_team_id=f"football:t{away}",
        start_at=datetime(2024, 11, 10, 16, 30, tzinfo=UTC),
        status=status,
        external_id=None if fixture_id is None else str(fixture_id),
    )
    return SeedTarget(
        game=game,
        league=league,
        home_api_id=home,
        away_api_id=away,
        roster=tuple(RosterEntry(game_id=game_id, player_id=p, team_id=t) for p, t in roster),
        only=None if only is None else frozenset(only),
    )


@pytest.fixture(scope="session")
def target() -> Callable[..., SeedTarget]:
    """Build a seed target: ``target(game_id, fixture_id, home_api, away_api, only=…, …)``.

    Team ids are ``football:t<api id>`` so any API id can play.
    """
    return _target
