"""The bookkeeping of one ``seed()`` call: calls made, entity failures as values, outcomes built.

Error policy (what :class:`Calls` implements):

* a **required** call (a box score, the game's statistics, a roster) fails the game: its
  :class:`~scoracle_core.errors.ApiError` propagates;
* an **entity** call (one player's or one team's stats) that fails is recorded as a failure of
  that entity and the others go on (partial success, retried with ``SeedTarget.only``);
* a **fatal** error — daily quota spent, key or plan refused — cannot pass within this seed: if
  nothing had been fetched yet it propagates; otherwise no further call is made and every
  remaining entity is reported failed, so the answers already paid for are kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import timedelta

import attrs

from scoracle_core.errors import ApiError, AuthError, PlanError, QuotaExhausted, RateLimited, SeedError
from scoracle_core.model import (
    GameStatus,
    Player,
    PlayerGameStats,
    PlayerSeasonStats,
    RosterEntry,
    RosterSource,
    Strategy,
    TeamGameStats,
    TeamSeasonStats,
)
from scoracle_core.seeding import Fetch, GameOutcome, SeedTarget

__all__ = ["FATAL", "Builder", "Calls", "Failure", "builder_for", "query"]

#: Errors after which no call of this seed can succeed.
FATAL: tuple[type[ApiError], ...] = (QuotaExhausted, AuthError, PlanError, RateLimited)


@attrs.frozen
class Failure:
    """An entity call that did not succeed, and why."""

    reason: str


def query(endpoint: str, params: Mapping[str, str | int]) -> str:
    """``endpoint?k=v&…`` for messages (never carries a key: the client adds that)."""
    return endpoint + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def builder_for(target: SeedTarget, sport: str) -> Builder:
    """An empty :class:`Builder` for a target; :class:`SeedError` when its ids are unknown."""
    game = target.game
    if game.id is None:
        raise SeedError(
            f"game {game.home_team_id}-{game.away_team_id} {game.start_at:%Y-%m-%d} has no id yet"
        )
    external = (game.external_id or "").strip()
    if not external.isdigit():
        raise SeedError(f"game {game.id} has no API game id ({game.external_id!r}); discover it first")
    return Builder(target=target, sport=sport, game_id=game.id, api_game=int(external))


class Calls:
    """Makes one seed's calls through ``fetch``, counting them and applying the error policy."""

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self.count = 0
        self.answered = 0
        self.fatal: ApiError | None = None

    async def required(
        self, endpoint: str, params: Mapping[str, str | int], *, cache_ttl: timedelta | None = None
    ) -> object:
        """A call the game cannot do without: every error propagates."""
        if self.fatal is not None:
            raise self.fatal
        self.count += 1
        answer: object = await self._fetch(endpoint, params, cache_ttl=cache_ttl)
        self.answered += 1
        return answer

    async def entity(self, endpoint: str, params: Mapping[str, str | int]) -> object | Failure:
        """A call for one entity: its answer, or a :class:`Failure` (a fatal error may propagate)."""
        if self.fatal is not None:
            return Failure(f"not fetched after {type(self.fatal).__name__}: {self.fatal}")
        self.count += 1
        try:
            answer: object = await self._fetch(endpoint, params)
        except FATAL as exc:
            if not self.answered:
                raise
            self.fatal = exc
            return Failure(f"{query(endpoint, params)}: {type(exc).__name__}: {exc}")
        except ApiError as exc:
            return Failure(f"{query(endpoint, params)}: {type(exc).__name__}: {exc}")
        self.answered += 1
        return answer


@attrs.define
class Builder:
    """Collects what seeding one game produced, keyed by entity so repeats collapse."""

    target: SeedTarget
    sport: str
    game_id: int
    api_game: int
    calls: int = 0
    home_score: int | None = None
    away_score: int | None = None
    team_lines: dict[str, TeamGameStats] = attrs.Factory(dict)
    player_lines: dict[str, PlayerGameStats] = attrs.Factory(dict)
    players: dict[str, Player] = attrs.Factory(dict)
    participants: dict[str, RosterEntry] = attrs.Factory(dict)
    team_season: dict[str, TeamSeasonStats] = attrs.Factory(dict)
    player_season: dict[str, PlayerSeasonStats] = attrs.Factory(dict)
    failed: dict[str, None] = attrs.Factory(dict)
    errors: list[str] = attrs.Factory(list)

    def team_id(self, api_id: int | None) -> str | None:
        """Our id of one of the game's two teams; ``None`` for any other team."""
        if api_id is None:
            return None
        try:
            return self.target.team_id_for(api_id)
        except KeyError:
            return None

    def api_team(self, team_id: str | None) -> int | None:
        """The API id of one of the game's two teams, from our id."""
        if team_id == self.target.game.home_team_id:
            return self.target.home_api_id
        if team_id == self.target.game.away_team_id:
            return self.target.away_api_id
        return None

    def fail(self, entity: str, failure: Failure) -> None:
        """Record an entity that could not be fetched."""
        self.failed[entity] = None
        self.errors.append(f"{entity}: {failure.reason}")

    def seen(self, player: Player) -> None:
        """A player met in an answer (kept with the most information)."""
        known = self.players.get(player.id)
        if known is None or (not known.position and player.position):
            self.players[player.id] = player

    def team_line(self, team_id: str, stats: Mapping[str, float]) -> None:
        """A team's box in this game."""
        self.team_lines[team_id] = TeamGameStats(
            sport=self.sport, game_id=self.game_id, team_id=team_id, stats=stats
        )

    def player_line(self, player_id: str, team_id: str, stats: Mapping[str, float]) -> None:
        """A player's line in this game; he played, so he is a participant too."""
        self.player_lines[player_id] = PlayerGameStats(
            sport=self.sport, game_id=self.game_id, player_id=player_id, team_id=team_id, stats=stats
        )
        self.participant(player_id, team_id)

    def participant(self, player_id: str, team_id: str) -> None:
        """A player who played in this game."""
        self.participants[player_id] = RosterEntry(
            game_id=self.game_id, player_id=player_id, team_id=team_id, source=RosterSource.BOXSCORE
        )

    def season_team(self, team_id: str, games: int, stats: Mapping[str, float]) -> None:
        """A team's season totals."""
        self.team_season[team_id] = TeamSeasonStats(
            sport=self.sport,
            league=self.target.league.key,
            season=self.target.game.season,
            team_id=team_id,
            games=games,
            stats=stats,
        )

    def season_player(self, player_id: str, team_id: str, games: int, stats: Mapping[str, float]) -> None:
        """A player's season totals for the team he plays for in this game."""
        self.player_season[player_id] = PlayerSeasonStats(
            sport=self.sport,
            league=self.target.league.key,
            season=self.target.game.season,
            player_id=player_id,
            team_id=team_id,
            games=games,
            stats=stats,
        )

    def unfinished(self, status: GameStatus, reason: str) -> GameOutcome:
        """The game is not over, or the API has no final stats for it yet: nothing but the reason."""
        return GameOutcome(
            game_id=self.game_id, finished=False, status=status, errors=(reason,), calls=self.calls
        )

    def outcome(self) -> GameOutcome:
        """The finished game's outcome (scores from the answers, else as discovered)."""
        game = self.target.game
        return GameOutcome(
            game_id=self.game_id,
            finished=True,
            status=GameStatus.COMPLETED,
            home_score=game.home_score if self.home_score is None else self.home_score,
            away_score=game.away_score if self.away_score is None else self.away_score,
            team_lines=tuple(self.team_lines.values()),
            player_lines=tuple(self.player_lines.values()),
            players=tuple(self.players.values()),
            participants=tuple(self.participants.values()),
            team_season=tuple(self.team_season.values()),
            player_season=tuple(self.player_season.values()),
            failed=tuple(self.failed),
            errors=tuple(self.errors),
            calls=self.calls,
        )


SeedOne = Callable[[Calls, Builder], Awaitable[str | None]]


class GameByGameSource:
    """Base of a :class:`~scoracle_core.seeding.GameStatsSource` that seeds game by game.

    ``seed`` dispatches the strategy to ``_game``, ``_boxscore`` or ``_roster`` (one game each,
    returning ``None`` or the reason the game is not seeded yet) or to ``_blanket`` (all the
    targets at once), with the error policy of :class:`Calls`. Subclasses set ``sport_key``.
    """

    sport_key: str = ""

    async def seed(
        self, fetch: Fetch, *, strategy: Strategy, targets: Sequence[SeedTarget]
    ) -> list[GameOutcome]:
        """One outcome per target, in order."""
        calls = Calls(fetch)
        if strategy is Strategy.BLANKET:
            return await self._blanket(calls, targets)
        seed_one: SeedOne
        if strategy is Strategy.GAME:
            seed_one = self._game
        elif strategy is Strategy.BOXSCORE:
            seed_one = self._boxscore
        elif strategy is Strategy.ROSTER:
            seed_one = self._roster
        else:
            raise SeedError(f"{self.sport_key}: unsupported strategy {strategy!r}")
        return [await self._one(calls, target, seed_one) for target in targets]

    async def _one(self, calls: Calls, target: SeedTarget, seed_one: SeedOne) -> GameOutcome:
        b = builder_for(target, self.sport_key)
        status = target.game.status
        if status is not GameStatus.COMPLETED:
            return b.unfinished(status, f"game {b.game_id} is {status}: not seeded")
        start, answered_before = calls.count, calls.answered
        try:
            reason = await seed_one(calls, b)
        except ApiError as exc:
            # Another target of this batch has answers already: keep them, snooze this one.
            if not answered_before:
                raise
            b.calls = calls.count - start
            return b.unfinished(status, f"not seeded: {type(exc).__name__}: {exc}")
        b.calls = calls.count - start
        return b.unfinished(status, reason) if reason else b.outcome()

    async def _game(self, calls: Calls, b: Builder) -> str | None:
        raise SeedError(f"{self.sport_key}: the game strategy is not supported")

    async def _boxscore(self, calls: Calls, b: Builder) -> str | None:
        raise SeedError(f"{self.sport_key}: the boxscore strategy is not supported")

    async def _roster(self, calls: Calls, b: Builder) -> str | None:
        raise SeedError(f"{self.sport_key}: the roster strategy is not supported")

    async def _blanket(self, calls: Calls, targets: Sequence[SeedTarget]) -> list[GameOutcome]:
        raise SeedError(f"{self.sport_key}: the blanket strategy is not supported")
