"""Run claimed seed tasks: discover, fetch through the plugin, write one transaction per game.

For a batch of claimed tasks of one sport, league and strategy:

1. the games' API ids and statuses are discovered with one listing call per league and UTC day
   (cached for a few minutes in the store, so all tasks of a day share it);
2. a game that is not over is snoozed (attempt refunded); postponed or cancelled games cancel
   their task;
3. finished games are seeded by the plugin (``GameStatsSource.seed``); a strategy that fails
   permanently falls back to the next cheapest supported one;
4. each game's outcome — stat lines, players, participants, season totals, seed marks, the
   sync-log row and the task's outcome — is written in **one** transaction, so a crash leaves
   either everything or nothing; failed entities are recorded and only they are retried.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

import attrs

from scoracle_core.clock import Clock
from scoracle_core.convert import from_data, to_data
from scoracle_core.errors import ApiError, PermanentApiError, QuotaExhausted, ScoracleError
from scoracle_core.model import Game, GameStatus, Player, RosterEntry, SeedTask, Strategy, SyncRun, TaskStatus
from scoracle_core.plugins import Sports
from scoracle_core.policy import RetryPolicy
from scoracle_core.rosters import resolve_rosters
from scoracle_core.seeding import (
    Discovered,
    Fetch,
    GameOutcome,
    GameStatsSource,
    SeedTarget,
    discovery_scope,
    stats_source,
)
from scoracle_core.sport import League
from scoracle_core.store.base import GameQuery, Store, TaskOutcome
from scoracle_core.teams import TeamCatalog

__all__ = ["DISCOVERY_TTL", "SeedResult", "Seeder", "fallback_chain"]

log = logging.getLogger(__name__)

DISCOVERY_TTL = timedelta(minutes=10)

_ORDER = (Strategy.GAME, Strategy.BOXSCORE, Strategy.ROSTER, Strategy.BLANKET)


def fallback_chain(
    source: GameStatsSource, first: Strategy, *, allow_blanket: bool = False
) -> list[Strategy]:
    """``first`` then every cheaper-to-costlier supported strategy after it (blanket only if allowed)."""
    supported = source.strategies()
    chain = [first] if first in supported else []
    for strategy in sorted(supported, key=lambda s: (supported[s].calls_per_game, _ORDER.index(s))):
        if strategy not in chain and (strategy is not Strategy.BLANKET or allow_blanket):
            chain.append(strategy)
    return chain


@attrs.frozen(kw_only=True)
class SeedResult:
    """What happened to one task."""

    task_id: int
    game_id: int
    sport: str
    status: str  # completed | partial | snoozed | retry | failed | cancelled | lost | released
    strategy: Strategy
    calls: int = 0
    due_at: datetime
    finished_at: datetime
    error: str | None = None

    @property
    def latency(self) -> timedelta:
        """From the task's due time to its completion."""
        return self.finished_at - self.due_at


class Seeder:
    """Seeds claimed tasks for one runtime (store, plugins, API access, clock, policy)."""

    def __init__(
        self,
        *,
        store: Store,
        sports: Sports,
        fetch_for: Callable[[str], Fetch],
        clock: Clock,
        worker_id: str,
        policy: RetryPolicy | None = None,
        calls_made: Callable[[], int] | None = None,
        allow_blanket_fallback: bool = False,
    ) -> None:
        self.store = store
        self.sports = sports
        self.fetch_for = fetch_for
        self.clock = clock
        self.worker_id = worker_id
        self.policy = policy or RetryPolicy()
        self._calls_made = calls_made or (lambda: 0)
        self.allow_blanket_fallback = allow_blanket_fallback

    # -- entry point ---------------------------------------------------------------------
    async def run(self, tasks: Sequence[SeedTask]) -> list[SeedResult]:
        """Seed claimed tasks (any mix of sports/strategies); one result per task."""
        # Leagues of a sport are seeded together: football's fixtures?ids batches across them.
        groups: dict[tuple[str, Strategy], list[SeedTask]] = defaultdict(list)
        for task in tasks:
            groups[(task.sport, task.strategy)].append(task)
        results: list[SeedResult] = []
        for (sport, strategy), group in groups.items():
            try:
                results.extend(await self._run_group(sport, strategy, group))
            except QuotaExhausted as exc:
                results.extend(await self._release_all(group, exc))
        return results

    # -- one group ------------------------------------------------------------------------
    async def _run_group(self, sport: str, strategy: Strategy, tasks: list[SeedTask]) -> list[SeedResult]:
        adapter = self.sports.get(sport)
        source = stats_source(adapter)
        if source is None:
            return [
                await self._fail(t, f"sport {sport!r} cannot seed (its plugin has no stats source)")
                for t in tasks
            ]
        fetch = self.fetch_for(sport)
        games = {g.id: g for g in await self.store.find_games(GameQuery(ids=tuple(t.game_id for t in tasks)))}
        try:
            games = await self._discover(source, fetch, games)
        except QuotaExhausted:
            raise
        except ApiError as exc:
            return [await self._retry(t, f"discovery failed: {exc}") for t in tasks]

        results: list[SeedResult] = []
        ready: list[tuple[SeedTask, Game]] = []
        now = self.clock.now()
        for task in tasks:
            game = games.get(task.game_id)
            if game is None:
                results.append(await self._fail(task, f"game {task.game_id} no longer exists"))
            elif game.status in (GameStatus.POSTPONED, GameStatus.CANCELLED):
                results.append(
                    await self._finish(task, TaskStatus.CANCELLED, "cancelled", error=f"game {game.status}")
                )
            elif game.status is not GameStatus.COMPLETED or game.external_id is None:
                if self.policy.should_give_up_waiting(start_at=game.start_at, now=now):
                    results.append(await self._fail(task, "game never finished according to the API"))
                else:
                    results.append(await self._snooze(task, game))
            else:
                ready.append((task, game))
        if ready:
            results.extend(await self._seed_ready(source, fetch, strategy, ready))
        return results

    async def _discover(
        self, source: GameStatsSource, fetch: Fetch, games: dict[int | None, Game]
    ) -> dict[int | None, Game]:
        """Learn API ids and statuses, one listing per UTC day (shared through the store cache)."""
        pending = [g for g in games.values() if g.status is not GameStatus.COMPLETED or g.external_id is None]
        days: dict[tuple[str, str, int, date], list[Game]] = defaultdict(list)
        for game in pending:
            days[(game.sport, game.league, game.season, game.start_date)].append(game)
        updated: list[Game] = []
        for (sport, league_key, season, day), day_games in sorted(days.items()):
            catalog = self.sports.get(sport).catalog()
            league = self.sports.league(sport, league_key)
            pairs = {game.id: _api_pair(catalog, game) for game in day_games}
            needed = [pair for pair in pairs.values() if pair is not None]
            listing = await self._listing(source, fetch, sport, league, season, day, needed)
            by_teams = {(d.home_api_id, d.away_api_id): d for d in listing}
            for game in day_games:
                pair = pairs[game.id]
                if pair is None:
                    continue
                found = by_teams.get(pair)
                if found is None:
                    continue
                changed = attrs.evolve(
                    game,
                    external_id=found.external_id,
                    status=found.status,
                    home_score=found.home_score,
                    away_score=found.away_score,
                )
                if changed != game:
                    updated.append(changed)
        if updated:
            for game in await self.store.upsert_games(updated):
                games[game.id] = game
        return games

    async def _listing(
        self,
        source: GameStatsSource,
        fetch: Fetch,
        sport: str,
        league: League,
        season: int,
        day: date,
        needed: Sequence[tuple[int, int]],
    ) -> list[Discovered]:
        """The day's listing (one per league, or per sport), shared through the store cache.

        A cached listing is reused while it is fresh, and also later when it already shows every
        game we need as over: only an unfinished game is worth another call.
        """
        whole_sport = discovery_scope(source) == "sport"
        scope = "*" if whole_sport else f"{league.key}:{season}"
        key = f"discovery:{sport}:{scope}:{day.isoformat()}"
        now = self.clock.now()
        cached = await self.store.cache_get(key, now=now)
        if cached is not None:
            listing = [from_data(item, Discovered) for item in cached["games"]]
            fresh = now - datetime.fromisoformat(cached["at"]) < DISCOVERY_TTL
            final = {(d.home_api_id, d.away_api_id) for d in listing if d.status in _FINAL}
            if fresh or all(pair in final for pair in needed):
                return listing
        if whole_sport:
            listing = await source.discover(fetch, league=None, season=None, day=day)
        else:
            listing = await source.discover(fetch, league=league, season=season, day=day)
        entry = {"at": now.isoformat(), "games": to_data(listing)}
        await self.store.cache_put(key, entry, expires_at=now + timedelta(days=2))
        return listing

    async def _seed_ready(
        self,
        source: GameStatsSource,
        fetch: Fetch,
        strategy: Strategy,
        ready: list[tuple[SeedTask, Game]],
    ) -> list[SeedResult]:
        targets = [await self._target(task, game) for task, game in ready]
        chain = fallback_chain(source, strategy, allow_blanket=self.allow_blanket_fallback)
        last_error: ScoracleError | None = None
        for attempt_strategy in chain:
            started = time.perf_counter()
            calls_before = self._calls_made()
            try:
                outcomes = await source.seed(fetch, strategy=attempt_strategy, targets=targets)
            except QuotaExhausted:
                raise
            except PermanentApiError as exc:
                log.warning("seed.fallback strategy=%s error=%s", attempt_strategy, exc)
                last_error = exc
                continue
            except ScoracleError as exc:  # transient API errors, unreadable answers: retry, then fail
                return [await self._retry(task, f"{attempt_strategy}: {exc}") for task, _ in ready]
            elapsed = time.perf_counter() - started
            calls = self._calls_made() - calls_before
            per_game_calls = _split(calls, len(ready))
            results = []
            for (task, game), outcome, c in zip(ready, outcomes, per_game_calls, strict=True):
                try:
                    results.append(
                        await self._write(
                            task, game, outcome, attempt_strategy, calls=c, duration_s=elapsed / len(ready)
                        )
                    )
                except _LeaseLost:
                    log.warning("seed.lease_lost task=%s game=%s: writes rolled back", task.id, game.id)
                    results.append(
                        SeedResult(
                            task_id=task.id or 0,
                            game_id=game.id or 0,
                            sport=game.sport,
                            status="lost",
                            strategy=attempt_strategy,
                            due_at=task.due_at,
                            finished_at=self.clock.now(),
                        )
                    )
            return results
        message = (
            f"every strategy failed permanently: {last_error}" if last_error else "no strategy available"
        )
        return [await self._fail(task, message) for task, _ in ready]

    async def _target(self, task: SeedTask, game: Game) -> SeedTarget:
        league = self.sports.league(game.sport, game.league)
        catalog = self.sports.get(game.sport).catalog()
        home, away = catalog.get(game.home_team_id), catalog.get(game.away_team_id)
        roster: tuple[RosterEntry, ...] = ()
        players: dict[str, Player] = {}
        if task.strategy in (Strategy.ROSTER, Strategy.BLANKET):
            roster = tuple(await self.store.get_roster(game.id or 0, source="roster"))
            if not roster:  # not resolved at planning time: fetch it now, then seed
                await resolve_rosters(self.store, self.sports, self.fetch_for, [game])
                roster = tuple(await self.store.get_roster(game.id or 0, source="roster"))
            players = {p.id: p for p in await self.store.get_players([e.player_id for e in roster])}
        only = frozenset(task.entities_failed) if task.entities_failed else None
        return SeedTarget(
            game=game,
            league=league,
            home_api_id=home.api_id or 0,
            away_api_id=away.api_id or 0,
            roster=roster,
            players=players,
            only=only,
        )

    # -- writing outcomes -------------------------------------------------------------------
    async def _write(
        self,
        task: SeedTask,
        game: Game,
        outcome: GameOutcome,
        strategy: Strategy,
        *,
        calls: int,
        duration_s: float,
    ) -> SeedResult:
        now = self.clock.now()
        if not outcome.finished:
            return await self._snooze(task, game)
        assert task.id is not None
        assert game.id is not None
        done = outcome.entities_done
        failed = outcome.failed
        if failed and task.attempts >= task.max_attempts:
            status, next_at = TaskStatus.FAILED, None
        elif failed:
            status, next_at = (
                TaskStatus.PENDING,
                self.policy.retry_at(attempts=task.attempts, now=now, key=task.id),
            )
        else:
            status, next_at = TaskStatus.COMPLETED, None
        run_status = "completed" if not failed else ("failed" if status is TaskStatus.FAILED else "partial")
        team_ids = sorted(
            {row.team_id for row in outcome.team_lines} | {row.team_id for row in outcome.team_season}
        )
        player_ids = sorted(
            {row.player_id for row in outcome.player_lines} | {row.player_id for row in outcome.player_season}
        )
        async with self.store.transaction():
            if outcome.players:
                await self.store.upsert_players(outcome.players)
            await self.store.upsert_team_game_stats(outcome.team_lines)
            await self.store.upsert_player_game_stats(outcome.player_lines)
            await self.store.upsert_roster_entries(outcome.participants)
            await self.store.upsert_team_season_stats(outcome.team_season)
            await self.store.upsert_player_season_stats(outcome.player_season)
            await self.store.set_game_status(
                game.id, outcome.status, home_score=outcome.home_score, away_score=outcome.away_score
            )
            # Season totals from the game lines in the store — except for entities whose season
            # aggregates the API just gave us (they may use other stat names).
            given_players = {row.player_id for row in outcome.player_season}
            given_teams = {row.team_id for row in outcome.team_season}
            recompute_players = sorted({row.player_id for row in outcome.player_lines} - given_players)
            recompute_teams = sorted({row.team_id for row in outcome.team_lines} - given_teams)
            if recompute_players or recompute_teams:
                await self.store.recompute_season_stats(
                    sport=game.sport,
                    league=game.league,
                    season=game.season,
                    player_ids=recompute_players,
                    team_ids=recompute_teams,
                )
            await self.store.mark_seeded(
                team_ids=team_ids, player_ids=player_ids, at=now, game_date=game.start_date
            )
            await self.store.add_sync_run(
                SyncRun(
                    sport=game.sport,
                    seeding_type=str(strategy),
                    started_at=task.started_at or now,
                    finished_at=now,
                    status=run_status,
                    task_id=task.id,
                    game_id=game.id,
                    correlation_id=uuid.uuid4().hex[:16],
                    api_calls=calls,
                    teams_done=len(team_ids),
                    players_done=len(player_ids),
                    entities_failed=len(failed),
                    error="; ".join(outcome.errors) or None,
                )
            )
            kept = await self.store.finish_task(
                task.id,
                worker_id=self.worker_id,
                outcome=TaskOutcome(
                    status=status,
                    finished_at=now,
                    next_attempt_at=next_at,
                    last_error="; ".join(outcome.errors) or None,
                    api_calls=calls,
                    duration_s=duration_s,
                    entities_done=done,
                    entities_failed=failed,
                ),
            )
            if not kept:
                # The lease was lost (another worker reclaimed the task): undo our writes.
                raise _LeaseLost()
        log.info(
            "seed.%s game=%s task=%s strategy=%s calls=%s players=%s teams=%s failed=%s",
            run_status,
            game.id,
            task.id,
            strategy,
            calls,
            len(player_ids),
            len(team_ids),
            len(failed),
        )
        return SeedResult(
            task_id=task.id,
            game_id=game.id,
            sport=game.sport,
            status=run_status,
            strategy=strategy,
            calls=calls,
            due_at=task.due_at,
            finished_at=now,
            error="; ".join(outcome.errors) or None,
        )

    async def _finish(
        self,
        task: SeedTask,
        status: TaskStatus,
        label: str,
        *,
        error: str | None = None,
        next_at: datetime | None = None,
        refund: bool = False,
    ) -> SeedResult:
        assert task.id is not None
        now = self.clock.now()
        await self.store.finish_task(
            task.id,
            worker_id=self.worker_id,
            outcome=TaskOutcome(
                status=status,
                finished_at=now,
                next_attempt_at=next_at,
                last_error=error,
                refund_attempt=refund,
            ),
        )
        return SeedResult(
            task_id=task.id,
            game_id=task.game_id,
            sport=task.sport,
            status=label,
            strategy=task.strategy,
            due_at=task.due_at,
            finished_at=now,
            error=error,
        )

    async def _snooze(self, task: SeedTask, game: Game) -> SeedResult:
        log.info("seed.snoozed game=%s task=%s status=%s", game.id, task.id, game.status)
        until = self.policy.snooze_until(now=self.clock.now())
        return await self._finish(
            task,
            TaskStatus.PENDING,
            "snoozed",
            next_at=until,
            refund=True,
            error=f"game not over yet ({game.status})",
        )

    async def _retry(self, task: SeedTask, error: str) -> SeedResult:
        if task.attempts >= task.max_attempts:
            return await self._fail(task, error)
        assert task.id is not None
        when = self.policy.retry_at(attempts=task.attempts, now=self.clock.now(), key=task.id)
        log.warning("seed.retry task=%s attempt=%s error=%s", task.id, task.attempts, error)
        return await self._finish(task, TaskStatus.PENDING, "retry", error=error, next_at=when)

    async def _fail(self, task: SeedTask, error: str) -> SeedResult:
        log.error("seed.failed task=%s game=%s error=%s", task.id, task.game_id, error)
        return await self._finish(task, TaskStatus.FAILED, "failed", error=error)

    async def _release_all(self, tasks: Sequence[SeedTask], exc: QuotaExhausted) -> list[SeedResult]:
        """Quota spent: give the tasks back, eligible again when the quota resets."""
        results = []
        now = self.clock.now()
        resume = exc.resets_at or now + timedelta(hours=1)
        for task in tasks:
            results.append(
                await self._finish(
                    task, TaskStatus.PENDING, "released", error=str(exc), next_at=resume, refund=True
                )
            )
        return results


_FINAL = frozenset({GameStatus.COMPLETED, GameStatus.POSTPONED, GameStatus.CANCELLED})


def _api_pair(catalog: TeamCatalog, game: Game) -> tuple[int, int] | None:
    """(home, away) API-Sports team ids of a game, when the catalog knows both."""
    home, away = catalog.get(game.home_team_id).api_id, catalog.get(game.away_team_id).api_id
    return None if home is None or away is None else (home, away)


class _LeaseLost(ScoracleError):
    """Raised inside a transaction to roll back the writes of a task whose lease was lost."""


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]
