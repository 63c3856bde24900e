"""Helpers shared by the SQL stores: rows to model values, and ``WHERE`` clauses from filters.

Columns map 1:1 to model fields, so a row becomes a value by calling the attrs class directly
(no cattrs on this path: it runs for every row read). Each dialect says how its raw column
values decode (:class:`Decoders`): asyncpg already returns datetimes and JSON, SQLite returns
text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Protocol

import attrs

from scoracle_core.model import (
    ApiCall,
    Game,
    Player,
    PlayerGameStats,
    PlayerSeasonStats,
    RosterEntry,
    SeedTask,
    SyncRun,
    Team,
    TeamGameStats,
    TeamSeasonStats,
    WorkerInfo,
    ensure_utc,
)
from scoracle_core.store.base import GameQuery, TaskQuery

__all__ = ["Decoders", "Row", "Where", "game_filters", "task_filters"]


class Row(Protocol):
    """A result row addressable by column name (``sqlite3.Row``, ``asyncpg.Record``)."""

    def __getitem__(self, key: str, /) -> Any: ...


@attrs.frozen
class Decoders:
    """How one dialect's column values become Python values, and rows become model values."""

    ts: Callable[[Any], datetime | None]
    day: Callable[[Any], date | None]
    json: Callable[[Any], Any]

    def team(self, r: Row) -> Team:
        return Team(
            id=r["id"],
            sport=r["sport"],
            name=r["name"],
            short_name=r["short_name"],
            abbreviation=r["abbreviation"],
            api_id=r["api_id"],
            last_seeded_at=self.ts(r["last_seeded_at"]),
            last_game_date=self.day(r["last_game_date"]),
        )

    def player(self, r: Row) -> Player:
        return Player(
            id=r["id"],
            sport=r["sport"],
            name=r["name"],
            api_id=r["api_id"],
            team_id=r["team_id"],
            position=r["position"],
            last_seeded_at=self.ts(r["last_seeded_at"]),
            last_game_date=self.day(r["last_game_date"]),
        )

    def game(self, r: Row) -> Game:
        return Game(
            id=r["id"],
            sport=r["sport"],
            league=r["league"],
            season=r["season"],
            home_team_id=r["home_team_id"],
            away_team_id=r["away_team_id"],
            start_at=self.ts(r["start_at"]),  # type: ignore[arg-type]  # NOT NULL column
            time_tbd=bool(r["time_tbd"]),
            status=r["status"],
            external_id=r["external_id"],
            source_id=r["source_id"],
            venue=r["venue"],
            week=r["week"],
            game_type=r["game_type"],
            home_score=r["home_score"],
            away_score=r["away_score"],
            updated_at=self.ts(r["updated_at"]),
        )

    def roster_entry(self, r: Row) -> RosterEntry:
        return RosterEntry(
            game_id=r["game_id"],
            player_id=r["player_id"],
            team_id=r["team_id"],
            source=r["source"],
            is_starter=bool(r["is_starter"]),
            status=r["status"],
        )

    def task(self, r: Row) -> SeedTask:
        return SeedTask(
            id=r["id"],
            game_id=r["game_id"],
            sport=r["sport"],
            league=r["league"],
            season=r["season"],
            due_at=self.ts(r["due_at"]),  # type: ignore[arg-type]  # NOT NULL column
            status=r["status"],
            strategy=r["strategy"],
            priority=r["priority"],
            attempts=r["attempts"],
            max_attempts=r["max_attempts"],
            next_attempt_at=self.ts(r["next_attempt_at"]),
            lease_owner=r["lease_owner"],
            lease_expires_at=self.ts(r["lease_expires_at"]),
            last_error=r["last_error"],
            api_calls=r["api_calls"],
            duration_s=float(r["duration_s"]),
            entities_done=self.json(r["entities_done"]),
            entities_failed=self.json(r["entities_failed"]),
            started_at=self.ts(r["started_at"]),
            finished_at=self.ts(r["finished_at"]),
            updated_at=self.ts(r["updated_at"]),
        )

    def sync_run(self, r: Row) -> SyncRun:
        return SyncRun(
            id=r["id"],
            sport=r["sport"],
            seeding_type=r["seeding_type"],
            started_at=self.ts(r["started_at"]),  # type: ignore[arg-type]  # NOT NULL column
            finished_at=self.ts(r["finished_at"]),  # type: ignore[arg-type]  # NOT NULL column
            status=r["status"],
            task_id=r["task_id"],
            game_id=r["game_id"],
            correlation_id=r["correlation_id"],
            api_calls=r["api_calls"],
            teams_done=r["teams_done"],
            players_done=r["players_done"],
            entities_failed=r["entities_failed"],
            error=r["error"],
        )

    def api_call(self, r: Row) -> ApiCall:
        return ApiCall(
            id=r["id"],
            at=self.ts(r["at"]),  # type: ignore[arg-type]  # NOT NULL column
            sport=r["sport"],
            endpoint=r["endpoint"],
            params=r["params"],
            status=r["status"],
            error_class=r["error_class"],
            duration_ms=float(r["duration_ms"]),
            quota_remaining_day=r["quota_remaining_day"],
            quota_remaining_minute=r["quota_remaining_minute"],
            cached=bool(r["cached"]),
        )

    def worker(self, r: Row) -> WorkerInfo:
        return WorkerInfo(
            id=r["id"],
            host=r["host"],
            pid=r["pid"],
            started_at=self.ts(r["started_at"]),  # type: ignore[arg-type]  # NOT NULL column
            heartbeat_at=self.ts(r["heartbeat_at"]),  # type: ignore[arg-type]  # NOT NULL column
            status=r["status"],
            info=self.json(r["info"]),
        )

    def player_game_stats(self, r: Row) -> PlayerGameStats:
        return PlayerGameStats(
            sport=r["sport"],
            game_id=r["game_id"],
            player_id=r["player_id"],
            team_id=r["team_id"],
            stats=self.json(r["stats"]),
        )

    def team_game_stats(self, r: Row) -> TeamGameStats:
        return TeamGameStats(
            sport=r["sport"], game_id=r["game_id"], team_id=r["team_id"], stats=self.json(r["stats"])
        )

    def player_season_stats(self, r: Row) -> PlayerSeasonStats:
        return PlayerSeasonStats(
            sport=r["sport"],
            league=r["league"],
            season=r["season"],
            player_id=r["player_id"],
            team_id=r["team_id"],
            games=r["games"],
            stats=self.json(r["stats"]),
            updated_at=self.ts(r["updated_at"]),
        )

    def team_season_stats(self, r: Row) -> TeamSeasonStats:
        return TeamSeasonStats(
            sport=r["sport"],
            league=r["league"],
            season=r["season"],
            team_id=r["team_id"],
            games=r["games"],
            stats=self.json(r["stats"]),
            updated_at=self.ts(r["updated_at"]),
        )


class Where:
    """``WHERE`` clauses and their arguments, written with ``{}`` for each argument.

    The dialect supplies ``placeholder(n)`` (``?`` or ``$n`` for the n-th argument, 1-based),
    ``ts`` (a datetime argument as the column stores it) and ``member(column, values)`` (a
    "column is one of values" clause with one ``{}``, and the argument to bind to it).
    """

    def __init__(
        self,
        *,
        placeholder: Callable[[int], str],
        ts: Callable[[datetime], Any],
        member: Callable[[str, Sequence[Any]], tuple[str, Any]],
    ) -> None:
        self._placeholder = placeholder
        self._ts = ts
        self._member = member
        self._clauses: list[str] = []
        self.args: list[Any] = []

    def add(self, clause: str, *values: Any) -> None:
        """Add ``clause`` (one ``{}`` per value), joined to the others with AND."""
        self._clauses.append(clause.format(*(self.arg(value) for value in values)))

    def add_time(self, clause: str, value: datetime, *, what: str) -> None:
        """Add a clause comparing with a datetime argument (which must be aware)."""
        self.add(clause, self._ts(ensure_utc(value, what=what)))

    def add_member(self, column: str, values: Sequence[Any]) -> None:
        """Add "``column`` is one of ``values``" (never true for no values)."""
        clause, arg = self._member(column, values)
        self.add(clause, arg)

    def arg(self, value: Any) -> str:
        """Append an argument; return its placeholder (for use outside the WHERE, e.g. LIMIT)."""
        self.args.append(value)
        return self._placeholder(len(self.args))

    def sql(self) -> str:
        """`` WHERE a AND b`` (or nothing)."""
        return f" WHERE {' AND '.join(self._clauses)}" if self._clauses else ""


def game_filters(query: GameQuery, where: Where) -> None:
    """Add the clauses of a :class:`GameQuery` to ``where``."""
    if query.sport is not None:
        where.add("sport = {}", query.sport)
    if query.league is not None:
        where.add("league = {}", query.league)
    if query.season is not None:
        where.add("season = {}", query.season)
    if query.start_from is not None:
        where.add_time("start_at >= {}", query.start_from, what="start_from")
    if query.start_before is not None:
        where.add_time("start_at < {}", query.start_before, what="start_before")
    if query.statuses is not None:
        where.add_member("status", [str(s) for s in query.statuses])
    if query.week is not None:
        where.add("week = {}", query.week)
    if query.team_id is not None:
        where.add("(home_team_id = {} OR away_team_id = {})", query.team_id, query.team_id)
    if query.ids is not None:
        where.add_member("id", list(query.ids))


def task_filters(query: TaskQuery, where: Where) -> None:
    """Add the clauses of a :class:`TaskQuery` to ``where``."""
    if query.sport is not None:
        where.add("sport = {}", query.sport)
    if query.league is not None:
        where.add("league = {}", query.league)
    if query.season is not None:
        where.add("season = {}", query.season)
    if query.statuses is not None:
        where.add_member("status", [str(s) for s in query.statuses])
    if query.due_from is not None:
        where.add_time("due_at >= {}", query.due_from, what="due_from")
    if query.due_before is not None:
        where.add_time("due_at < {}", query.due_before, what="due_before")
    if query.updated_since is not None:
        where.add_time("updated_at >= {}", query.updated_since, what="updated_since")
    if query.game_ids is not None:
        where.add_member("game_id", list(query.game_ids))
