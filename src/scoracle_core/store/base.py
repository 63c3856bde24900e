"""The :class:`Store` port: the one place Scoracle keeps state.

Two implementations pass the same contract suite (``scoracle_core.testing.store_contract``):
:mod:`~scoracle_core.store.sqlite` (embedded default) and :mod:`~scoracle_core.store.postgres`.

Contract shared by every method:

* **Time.** Every datetime going in must be timezone-aware (naive ones raise ``ModelError``
  when the model value is built); every datetime coming out is aware UTC.
* **Idempotency.** Every write is an upsert on a natural key: writing the same values twice
  leaves the store as after the first write.
* **Batches.** ``upsert_*`` methods taking a sequence send it in a few round trips whatever
  its length (``executemany``/``COPY``-like statements), not one per row; an empty sequence is
  a no-op.
* **Transactions.** Outside :meth:`Store.transaction` each method is atomic on its own.
  Inside ``async with store.transaction():`` every call made by the same task joins one
  transaction, committed on normal exit and rolled back *whole* if the block raises.
  Transactions nest (an inner block is a savepoint).
* **Errors.** Driver errors are translated: an unreachable database raises
  ``StoreUnavailable``; other failures ``StoreError``. Nothing leaks a driver exception.
* **Concurrency.** A store may be shared by many tasks of one process; PostgreSQL stores
  may also be shared by many processes. The claim primitives are safe under both: two
  concurrent claimers never receive the same task.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime, timedelta
from typing import Any, Literal, Protocol, overload, runtime_checkable

import attrs

from scoracle_core.model import (
    ApiCall,
    Game,
    GameStatus,
    Player,
    PlayerGameStats,
    PlayerSeasonStats,
    RosterEntry,
    SeedTask,
    SyncRun,
    TaskStatus,
    Team,
    TeamGameStats,
    TeamSeasonStats,
    WorkerInfo,
)

__all__ = ["GameQuery", "Store", "TaskOutcome", "TaskQuery", "TaskUpsertResult"]


@attrs.frozen(kw_only=True)
class GameQuery:
    """Filters for :meth:`Store.find_games`; ``None`` means "any"."""

    sport: str | None = None
    league: str | None = None
    season: int | None = None
    start_from: datetime | None = None  # inclusive
    start_before: datetime | None = None  # exclusive
    statuses: tuple[GameStatus, ...] | None = None
    week: int | None = None
    team_id: str | None = None  # home or away
    ids: tuple[int, ...] | None = None
    limit: int | None = None


@attrs.frozen(kw_only=True)
class TaskQuery:
    """Filters for :meth:`Store.find_tasks`; ``None`` means "any"."""

    sport: str | None = None
    league: str | None = None
    season: int | None = None
    statuses: tuple[TaskStatus, ...] | None = None
    due_from: datetime | None = None  # inclusive, on due_at
    due_before: datetime | None = None  # exclusive, on due_at
    updated_since: datetime | None = None
    game_ids: tuple[int, ...] | None = None
    limit: int | None = None


@attrs.frozen(kw_only=True)
class TaskUpsertResult:
    """What :meth:`Store.upsert_tasks` did."""

    inserted: int = 0
    updated: int = 0  # pending tasks whose due time / strategy / priority changed
    unchanged: int = 0  # identical, or not pending (running/finished tasks are left alone)


@attrs.frozen(kw_only=True)
class TaskOutcome:
    """How a worker ends a claimed task (see :meth:`Store.finish_task`).

    ``status`` is ``COMPLETED``, ``FAILED`` (final), ``CANCELLED``, or ``PENDING`` (retry or
    snooze at ``next_attempt_at``).
    """

    status: TaskStatus
    finished_at: datetime
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    api_calls: int = 0  # added to the task's running total
    duration_s: float = 0.0  # added to the task's running total
    entities_done: tuple[str, ...] = ()  # merged (set union) into the task's list
    entities_failed: tuple[str, ...] = ()  # replaces the task's list
    refund_attempt: bool = False  # a snooze does not count as an attempt


@runtime_checkable
class Store(Protocol):
    """Persistent state: games, rosters, tasks (the queue), stats, logs, usage, caches."""

    url: str  # with any password masked
    #: Whether a bulk write (:meth:`insert_games`) proceeds while the calling task keeps
    #: computing: True when a database server does the work; False when it needs this
    #: interpreter (SQLite on a thread), where overlapping makes both wait for the GIL.
    bulk_writes_overlap: bool

    # -- lifecycle ---------------------------------------------------------------------
    async def close(self) -> None:
        """Release connections. Idempotent."""
        ...

    async def migrate(self) -> int:
        """Apply pending migrations; return the schema version. Idempotent, run on open."""
        ...

    async def schema_version(self) -> int:
        """The version of the newest applied migration."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """A transaction joined by every call of the current task (see module docstring)."""
        ...

    # -- teams and players ---------------------------------------------------------------
    async def upsert_teams(self, teams: Sequence[Team]) -> None:
        """Insert or update teams by ``id``. ``last_seeded_at``/``last_game_date`` are only
        ever moved forward (a ``None`` or older value does not overwrite a newer one)."""
        ...

    async def get_team(self, team_id: str) -> Team | None:
        """One team, or ``None``."""
        ...

    async def list_teams(self, sport: str | None = None) -> list[Team]:
        """Teams ordered by id."""
        ...

    async def upsert_players(self, players: Sequence[Player]) -> None:
        """Insert or update players by ``id`` (same forward-only rule for seed marks)."""
        ...

    async def get_players(self, player_ids: Sequence[str]) -> list[Player]:
        """The players that exist among ``player_ids``, ordered by id."""
        ...

    async def list_players(self, sport: str | None = None, team_id: str | None = None) -> list[Player]:
        """Players ordered by id."""
        ...

    async def mark_seeded(
        self, *, team_ids: Sequence[str], player_ids: Sequence[str], at: datetime, game_date: date
    ) -> None:
        """Set ``last_seeded_at`` (forward only) and ``last_game_date`` (forward only) on the
        given teams and players (rows that do not exist are ignored)."""
        ...

    # -- games -------------------------------------------------------------------------
    @overload
    async def upsert_games(self, games: Sequence[Game], *, returning: Literal[True] = ...) -> list[Game]: ...
    @overload
    async def upsert_games(self, games: Sequence[Game], *, returning: Literal[False]) -> None: ...
    async def upsert_games(self, games: Sequence[Game], *, returning: bool = True) -> list[Game] | None:
        """Insert or update games; return them in input order with ``id`` set.

        A game with ``id`` set updates that row (``NotFound`` if there is none). A game without
        ``id`` is matched on its natural key (sport, league, season, home, away, UTC start date);
        when none matches, a game with ``external_id`` is matched on (sport, external_id).
        Unmatched games are inserted. Rows are applied in input order: a game named twice in a
        batch is one row, the later input winning. ``updated_at`` is set by the store when
        anything changed.

        ``returning=False`` writes the same and returns ``None`` without reading the games back
        (bulk loads that do not need the ids, such as schedule ingestion).
        """
        ...

    async def insert_games(self, games: Sequence[Game]) -> None:
        """Add games that are believed new (a first load of a league's season), the fastest way.

        No stored match is looked for first. Should one of them be stored already after all
        (by natural key or external id: another writer got there first), the batch is written
        as :meth:`upsert_games` would, so the result is the same, only slower.
        """
        ...

    async def seasons_with_games(self, sport: str, scopes: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
        """Which of the ``(league, season)`` pairs of ``sport`` have at least one stored game."""
        ...

    async def get_game(self, game_id: int) -> Game | None:
        """One game, or ``None``."""
        ...

    async def find_games(self, query: GameQuery) -> list[Game]:
        """Games matching ``query``, ordered by (start_at, id)."""
        ...

    async def set_game_status(
        self,
        game_id: int,
        status: GameStatus,
        *,
        home_score: int | None = None,
        away_score: int | None = None,
    ) -> None:
        """Update a game's status (and scores when given)."""
        ...

    # -- rosters -----------------------------------------------------------------------
    async def upsert_roster_entries(self, entries: Sequence[RosterEntry]) -> None:
        """Insert or update entries on (game_id, player_id)."""
        ...

    async def get_roster(self, game_id: int, source: str | None = None) -> list[RosterEntry]:
        """A game's entries ordered by (team_id, player_id), optionally of one source."""
        ...

    # -- tasks: planning ---------------------------------------------------------------
    async def upsert_tasks(self, tasks: Sequence[SeedTask]) -> TaskUpsertResult:
        """Insert tasks; one task per game (unique ``game_id``).

        For an existing task still ``pending``: ``due_at``, ``strategy``, ``priority``,
        ``max_attempts`` are updated and, if ``due_at`` changed, ``next_attempt_at`` is reset to
        the new due time. Tasks in any other state are left as they are.
        """
        ...

    async def get_task(self, task_id: int) -> SeedTask | None:
        """One task, or ``None``."""
        ...

    async def find_tasks(self, query: TaskQuery) -> list[SeedTask]:
        """Tasks matching ``query``, ordered by (due_at, id)."""
        ...

    async def cancel_tasks(self, game_ids: Sequence[int], *, reason: str, at: datetime) -> int:
        """Cancel the *pending* tasks of these games; return how many were cancelled."""
        ...

    async def reset_task(self, task_id: int, *, at: datetime, force: bool = False) -> SeedTask:
        """Put a failed/cancelled (with ``force``, also completed) task back to pending, due
        ``at``, with attempts reset. Raises ``NotFound``; a running task is left alone."""
        ...

    async def count_tasks(self, sport: str | None = None) -> dict[TaskStatus, int]:
        """How many tasks are in each status (all statuses present, zero included)."""
        ...

    # -- tasks: the queue --------------------------------------------------------------
    async def claim_tasks(
        self,
        *,
        worker_id: str,
        now: datetime,
        lease: timedelta,
        limit: int = 1,
        sport: str | None = None,
        game_ids: Sequence[int] | None = None,
    ) -> list[SeedTask]:
        """Atomically claim up to ``limit`` due tasks.

        Due means ``status = pending`` and ``coalesce(next_attempt_at, due_at) <= now``. Order:
        earliest eligible time first, then higher ``priority``, then id. Claimed tasks become
        ``running`` with ``lease_owner = worker_id``, ``lease_expires_at = now + lease``,
        ``attempts + 1`` and ``started_at = now``. PostgreSQL uses ``FOR UPDATE SKIP LOCKED``;
        two concurrent claimers never get the same task. ``game_ids`` restricts the claim to the
        tasks of those games (``scoracle seed-game``).
        """
        ...

    async def next_eligible_at(self, *, sport: str | None = None) -> datetime | None:
        """The earliest ``coalesce(next_attempt_at, due_at)`` of pending tasks, or ``None``."""
        ...

    async def extend_lease(self, task_id: int, *, worker_id: str, until: datetime) -> bool:
        """Move the lease of a running task owned by ``worker_id``; ``False`` if the lease was
        lost (reclaimed or finished)."""
        ...

    async def finish_task(self, task_id: int, *, worker_id: str, outcome: TaskOutcome) -> bool:
        """Record the outcome of a task owned by ``worker_id`` and clear its lease.

        ``False`` (and nothing written) if the worker no longer holds the lease.
        """
        ...

    async def release_task(self, task_id: int, *, worker_id: str, at: datetime) -> bool:
        """Give a claimed task back untouched (e.g. on shutdown): pending, eligible ``at``,
        attempt refunded. ``False`` if not held."""
        ...

    async def reclaim_expired(self, *, now: datetime) -> list[int]:
        """Return running tasks whose lease expired before ``now`` to pending (eligible now);
        return their ids."""
        ...

    # -- stats -------------------------------------------------------------------------
    async def upsert_player_game_stats(self, rows: Sequence[PlayerGameStats]) -> None:
        """Insert or replace on (game_id, player_id)."""
        ...

    async def upsert_team_game_stats(self, rows: Sequence[TeamGameStats]) -> None:
        """Insert or replace on (game_id, team_id)."""
        ...

    async def upsert_player_season_stats(self, rows: Sequence[PlayerSeasonStats]) -> None:
        """Insert or replace on (sport, league, season, player_id, team_id)."""
        ...

    async def upsert_team_season_stats(self, rows: Sequence[TeamSeasonStats]) -> None:
        """Insert or replace on (sport, league, season, team_id)."""
        ...

    async def get_player_game_stats(
        self, *, game_id: int | None = None, player_id: str | None = None
    ) -> list[PlayerGameStats]:
        """Lines filtered by game and/or player, ordered by (game_id, player_id)."""
        ...

    async def get_team_game_stats(
        self, *, game_id: int | None = None, team_id: str | None = None
    ) -> list[TeamGameStats]:
        """Boxes filtered by game and/or team, ordered by (game_id, team_id)."""
        ...

    async def get_player_season_stats(
        self, *, sport: str, season: int, league: str | None = None, player_id: str | None = None
    ) -> list[PlayerSeasonStats]:
        """Season totals, ordered by (player_id, team_id)."""
        ...

    async def get_team_season_stats(
        self, *, sport: str, season: int, league: str | None = None, team_id: str | None = None
    ) -> list[TeamSeasonStats]:
        """Season totals, ordered by team_id."""
        ...

    async def recompute_season_stats(
        self, *, sport: str, league: str, season: int, player_ids: Sequence[str], team_ids: Sequence[str]
    ) -> None:
        """Rebuild the season totals of these players and teams as sums of their game lines in
        the store (games of that sport/league/season), in one statement each."""
        ...

    # -- sync log, api usage -------------------------------------------------------------
    async def add_sync_run(self, run: SyncRun) -> SyncRun:
        """Append a sync-log row; return it with ``id``."""
        ...

    async def find_sync_runs(
        self, *, since: datetime | None = None, game_id: int | None = None, limit: int | None = None
    ) -> list[SyncRun]:
        """Newest first."""
        ...

    async def record_api_calls(self, calls: Sequence[ApiCall]) -> None:
        """Append usage records (one round trip)."""
        ...

    async def find_api_calls(
        self, *, since: datetime | None = None, sport: str | None = None
    ) -> list[ApiCall]:
        """Usage records, oldest first."""
        ...

    async def count_api_calls(
        self, *, since: datetime, sport: str | None = None, cached: bool = False
    ) -> int:
        """How many calls were made since ``since`` (excluding cache hits unless ``cached``)."""
        ...

    # -- workers, scheduler state -------------------------------------------------------
    async def heartbeat(self, worker: WorkerInfo) -> None:
        """Insert or update a worker row by id."""
        ...

    async def list_workers(self) -> list[WorkerInfo]:
        """Workers, most recent heartbeat first."""
        ...

    async def get_state(self, key: str) -> Any | None:
        """A JSON value from the key-value table (e.g. ``"scheduler.paused"``), or ``None``."""
        ...

    async def set_state(self, key: str, value: Any) -> None:
        """Set (upsert) a JSON value."""
        ...

    # -- cache (rosters, profiles) -------------------------------------------------------
    async def cache_get(self, key: str, *, now: datetime) -> Any | None:
        """A cached JSON value that has not expired at ``now``, or ``None``."""
        ...

    async def cache_put(self, key: str, value: Any, *, expires_at: datetime | None) -> None:
        """Cache a JSON value; ``expires_at=None`` keeps it until invalidated."""
        ...

    async def cache_invalidate(self, prefix: str) -> int:
        """Drop entries whose key starts with ``prefix``; return how many."""
        ...

    # -- team alias overrides ----------------------------------------------------------
    async def add_team_alias(
        self, *, sport: str, alias: str, team_id: str, league: str | None = None
    ) -> None:
        """Upsert a user override: ``alias`` (stored as given) → ``team_id``."""
        ...

    async def list_team_aliases(self, sport: str) -> list[tuple[str, str, str | None]]:
        """``(alias, team_id, league)`` overrides of a sport."""
        ...
