"""Fakes for tests: a tiny sport with an in-memory "API", and a plugin object registering it.

Fakes over mocks (STYLE.md): :class:`FakeStats` implements the real
:class:`~scoracle_core.seeding.GameStatsSource` protocol against an in-memory world whose games
finish at ``start + duration`` on the injected clock, and it can be told to fail.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from scoracle_core.clock import Clock
from scoracle_core.errors import PermanentApiError, TransientApiError
from scoracle_core.hookspecs import hookimpl
from scoracle_core.model import GameStatus, Player, PlayerGameStats, RosterEntry, Strategy, TeamGameStats
from scoracle_core.seeding import Discovered, Fetch, GameOutcome, SeedTarget, StrategySpec
from scoracle_core.sport import BaseSport, League, SportAdapter
from scoracle_core.teams import TeamCatalog, load_catalog

__all__ = ["FAKE_LEAGUE", "FakeFetch", "FakeSport", "FakeStats", "fake_plugin"]

FAKE_LEAGUE = League(key="main", name="Fake League", api_id=1, timezone="UTC", season_style="calendar")

_TEAMS = [
    ("red", "Red Rockets", 1),
    ("blue", "Blue Bolts", 2),
    ("green", "Green Giants", 3),
    ("gold", "Gold Gulls", 4),
]

FAKE_CATALOG = "\n".join(
    f'[[teams]]\nkey = "{key}"\nname = "{name}"\napi_id = {api_id}\nabbreviations = ["{key[:3].upper()}"]\n'
    f"leagues = {{ main = [2024, 2025] }}\n"
    for key, name, api_id in _TEAMS
)

PLAYERS_PER_TEAM = 5


class FakeFetch:
    """A :class:`~scoracle_core.seeding.Fetch` that only counts: the fake world answers directly."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    async def __call__(
        self, endpoint: str, params: Mapping[str, str | int], *, cache_ttl: timedelta | None = None
    ) -> Any:
        """Count one call."""
        self.calls[endpoint] += 1
        return []

    async def pages(self, endpoint: str, params: Mapping[str, str | int]) -> list[Any]:
        """Count one call."""
        self.calls[endpoint] += 1
        return []

    @property
    def total(self) -> int:
        """Calls made so far."""
        return sum(self.calls.values())


class FakeStats:
    """An in-memory sport API: games finish ``duration`` after their start on ``clock``.

    ``fail_next`` makes the next seed calls raise (``"transient"`` or ``"permanent"``);
    ``flaky_players`` makes those player ids fail once (partial success).
    """

    def __init__(self, clock: Clock, *, duration: timedelta = timedelta(hours=2)) -> None:
        self.clock = clock
        self.duration = duration
        self.starts: dict[tuple[int, int, date], datetime] = {}
        self.fail_next: list[str] = []
        self.flaky_players: set[str] = set()
        self.seeded: Counter[int] = Counter()
        self.permanent_for: set[Strategy] = set()

    def strategies(self) -> Mapping[Strategy, StrategySpec]:
        """game: 1 call per game; roster: 1 per player + team; blanket: everything."""
        return {
            Strategy.GAME: StrategySpec(strategy=Strategy.GAME, calls_per_game=1),
            Strategy.ROSTER: StrategySpec(strategy=Strategy.ROSTER, calls_per_game=2 + 2 * PLAYERS_PER_TEAM),
            Strategy.BLANKET: StrategySpec(
                strategy=Strategy.BLANKET,
                calls_per_game=0,
                calls_per_day=len(_TEAMS) * (1 + PLAYERS_PER_TEAM),
            ),
        }

    def schedule(self, home_api_id: int, away_api_id: int, start_at: datetime) -> None:
        """Tell the fake API about a game."""
        self.starts[(home_api_id, away_api_id, start_at.date())] = start_at

    def _status(self, start: datetime) -> GameStatus:
        now = self.clock.now()
        if now < start:
            return GameStatus.SCHEDULED
        if now < start + self.duration:
            return GameStatus.IN_PROGRESS
        return GameStatus.COMPLETED

    async def discover(
        self, fetch: Fetch, *, league: League | None, season: int | None, day: date
    ) -> list[Discovered]:
        """Every game on ``day``."""
        await fetch("games", {"date": day.isoformat()})
        return [
            Discovered(
                external_id=f"{home}-{away}-{d.isoformat()}",
                home_api_id=home,
                away_api_id=away,
                start_at=start,
                status=self._status(start),
                home_score=home * 10 if self._status(start) is GameStatus.COMPLETED else None,
                away_score=away * 10 if self._status(start) is GameStatus.COMPLETED else None,
            )
            for (home, away, d), start in sorted(self.starts.items())
            if d == day
        ]

    async def fetch_roster(
        self, fetch: Fetch, *, league: League, season: int, team_api_id: int
    ) -> list[Player]:
        """Five players per team."""
        await fetch("players", {"team": team_api_id, "season": season}, cache_ttl=timedelta(hours=24))
        return [
            Player(
                id=f"fake:{team_api_id * 100 + n}",
                sport="fake",
                name=f"Player {team_api_id}-{n}",
                api_id=team_api_id * 100 + n,
            )
            for n in range(PLAYERS_PER_TEAM)
        ]

    async def seed(
        self, fetch: Fetch, *, strategy: Strategy, targets: Sequence[SeedTarget]
    ) -> list[GameOutcome]:
        """Lines for both teams' players; honours ``fail_next`` and ``flaky_players``."""
        if self.fail_next:
            kind = self.fail_next.pop(0)
            if kind == "permanent":
                raise PermanentApiError("fake permanent failure", sport="fake", endpoint="games/statistics")
            raise TransientApiError("fake transient failure", sport="fake", endpoint="games/statistics")
        if strategy in self.permanent_for:
            raise PermanentApiError(f"fake: {strategy} refused", sport="fake", endpoint="games/statistics")
        return [await self._one(fetch, strategy, target) for target in targets]

    async def _one(self, fetch: Fetch, strategy: Strategy, target: SeedTarget) -> GameOutcome:
        game = target.game
        assert game.id is not None
        await fetch("games/statistics", {"id": game.external_id or ""})
        start = self.starts.get((target.home_api_id, target.away_api_id, game.start_date))
        if start is None or self._status(start) is not GameStatus.COMPLETED:
            return GameOutcome(game_id=game.id, finished=False)
        team_lines, player_lines, players, participants, failed = [], [], [], [], []
        for api_id in (target.home_api_id, target.away_api_id):
            team_id = target.team_id_for(api_id)
            team_lines.append(
                TeamGameStats(sport="fake", game_id=game.id, team_id=team_id, stats={"points": api_id * 10})
            )
            for n in range(PLAYERS_PER_TEAM):
                pid = f"fake:{api_id * 100 + n}"
                if target.only is not None and pid not in target.only:
                    continue
                if pid in self.flaky_players:
                    self.flaky_players.discard(pid)
                    failed.append(pid)
                    continue
                players.append(
                    Player(
                        id=pid,
                        sport="fake",
                        name=f"Player {api_id}-{n}",
                        api_id=api_id * 100 + n,
                        team_id=team_id,
                    )
                )
                player_lines.append(
                    PlayerGameStats(
                        sport="fake", game_id=game.id, player_id=pid, team_id=team_id, stats={"points": n}
                    )
                )
                participants.append(
                    RosterEntry(game_id=game.id, player_id=pid, team_id=team_id, source="boxscore")
                )
        self.seeded[game.id] += 1
        return GameOutcome(
            game_id=game.id,
            finished=True,
            home_score=target.home_api_id * 10,
            away_score=target.away_api_id * 10,
            team_lines=tuple(team_lines),
            player_lines=tuple(player_lines),
            players=tuple(players),
            participants=tuple(participants),
            failed=tuple(failed),
        )


class FakeSport(BaseSport):
    """A sport called ``fake`` with four teams and a :class:`FakeStats` API."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(
            key="fake",
            name="Fake",
            leagues=[FAKE_LEAGUE],
            api_base_url="https://fake.api-sports.invalid",
            api_path="/fake",
            catalog_files=[],
        )
        self.stats = FakeStats(clock)
        self._fake_catalog = load_catalog(FAKE_CATALOG, sport="fake")

    def catalog(self) -> TeamCatalog:
        """The four fake teams."""
        return self._fake_catalog


def fake_plugin(*sports: SportAdapter) -> object:
    """A plugin object registering ``sports`` (use with ``load_plugins(plugins=[...])``)."""

    class _Plugin:
        @hookimpl
        def register_sports(self, register: Callable[[SportAdapter], None]) -> None:
            for sport in sports:
                register(sport)

    return _Plugin()
