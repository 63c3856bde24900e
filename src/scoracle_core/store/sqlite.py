"""The SQLite store: the embedded default — one file (or memory), no server.

One aiosqlite connection (a worker thread, so the event loop never blocks) serves the process.
An :class:`anyio.Lock` serialises calls; a transaction holds the lock from ``BEGIN IMMEDIATE`` to
``COMMIT``, so other tasks wait for it rather than interleave (SQLite has a single writer
anyway). Files use WAL so readers in other processes are not blocked, with a busy timeout for
writers. Outside a transaction a single statement runs in autocommit mode and a multi-statement
call runs in its own transaction.

Datetimes are stored as ISO-8601 UTC text with microseconds — fixed width, so text order is time
order — dates as ``YYYY-MM-DD``, JSON as text. Needs SQLite 3.35+ (``RETURNING``).
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, overload
from urllib.parse import parse_qsl, unquote, urlsplit

import aiosqlite
import anyio
import attrs

from scoracle_core.errors import (
    ConfigError,
    MigrationError,
    ModelError,
    NotFound,
    StoreError,
    StoreUnavailable,
)
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
    ensure_utc,
)
from scoracle_core.store._migrations import Migration, run_migrations
from scoracle_core.store._sql import Decoders, Where, game_filters, task_filters
from scoracle_core.store._tx import TaskTransaction, TransactionSlot, poisoned
from scoracle_core.store.base import GameQuery, TaskOutcome, TaskQuery, TaskUpsertResult

if TYPE_CHECKING:
    from scoracle_core.store.base import Store

__all__ = ["SQLiteStore"]

logger = logging.getLogger(__name__)

_MIN_SQLITE = (3, 35, 0)
_DEFAULT_BUSY_TIMEOUT_MS = 5000
_URL_HELP = "use sqlite:///relative/path.db, sqlite:////absolute/path.db or sqlite:///:memory:"
_SCHEMA_MIGRATIONS = (
    "CREATE TABLE IF NOT EXISTS schema_migrations"
    " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


# -- encoding ---------------------------------------------------------------------------------


def _ts(value: datetime | None) -> str | None:
    """A datetime as stored: ISO-8601 UTC text, microseconds always present (fixed width)."""
    return None if value is None else value.astimezone(UTC).isoformat(timespec="microseconds")


def _arg_ts(value: datetime, what: str) -> str:
    """A datetime argument of a method as stored; a naive one raises ``ModelError``."""
    return ensure_utc(value, what=what).isoformat(timespec="microseconds")


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _dumps(value: Any) -> str:
    """Canonical JSON text: equal values give equal text, so ``IS NOT`` can compare it."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _parse_ts(text: Any) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _parse_day(text: Any) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _loads(text: Any) -> Any:
    return None if text is None else json.loads(text)


_DECODE = Decoders(ts=_parse_ts, day=_parse_day, json=_loads)


def _member(column: str, values: Sequence[Any]) -> tuple[str, Any]:
    return f"{column} IN (SELECT value FROM json_each({{}}))", _dumps(list(values))


def _where() -> Where:
    return Where(placeholder=lambda _: "?", ts=_ts, member=_member)


def _wall_clock() -> str:
    """Now, for the ``created_at``/``updated_at`` audit columns (the wall clock, not a Clock)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _path_from_url(url: str) -> tuple[str, int]:
    """The database path of a ``sqlite:///…`` URL and its busy timeout (ms)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "sqlite":
        raise ConfigError(f"not a SQLite URL: {url!r}; {_URL_HELP}")
    if parts.netloc or not parts.path.startswith("/") or len(parts.path) < 2:
        raise ConfigError(f"bad SQLite URL {url!r}: {_URL_HELP}")
    options = dict(parse_qsl(parts.query))
    unknown = sorted(set(options) - {"busy_timeout"})
    if unknown:
        raise ConfigError(
            f"unknown option(s) {', '.join(unknown)} in SQLite URL {url!r}; known: busy_timeout (ms)"
        )
    try:
        busy_timeout = int(options.get("busy_timeout", _DEFAULT_BUSY_TIMEOUT_MS))
    except ValueError:
        raise ConfigError(f"busy_timeout must be a number of milliseconds in {url!r}") from None
    return unquote(parts.path[1:]), busy_timeout


# -- the store --------------------------------------------------------------------------------


class SQLiteStore:
    """A :class:`~scoracle_core.store.base.Store` in a SQLite file (or in memory).

    Open it with :meth:`open`; close it with :meth:`close`. A transaction serialises the whole
    store: another task's calls wait until it ends — so do not await, inside a transaction,
    a child task that uses the same store.
    """

    bulk_writes_overlap = False  # SQLite runs on a thread of this process: overlap = GIL convoy

    def __init__(self, db: aiosqlite.Connection, *, url: str) -> None:
        self.url = url
        self._db: aiosqlite.Connection | None = db
        self._lock = anyio.Lock()
        self._tx: TransactionSlot[aiosqlite.Connection] = TransactionSlot()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.url!r})"

    # -- lifecycle ---------------------------------------------------------------------

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True) -> SQLiteStore:
        """Open (creating it if needed) the database at ``url`` and apply migrations.

        Raises :class:`ConfigError` for a malformed URL and :class:`StoreUnavailable` when the
        file cannot be opened (e.g. its directory does not exist).
        """
        path, busy_timeout = _path_from_url(url)
        if sqlite3.sqlite_version_info < _MIN_SQLITE:
            raise StoreUnavailable(
                f"cannot open {url}: SQLite {sqlite3.sqlite_version} is too old; "
                f"scoracle needs {'.'.join(map(str, _MIN_SQLITE))} or newer"
            )
        in_memory = path == ":memory:"
        if not in_memory:
            directory = anyio.Path(path).parent
            if not await directory.is_dir():
                raise StoreUnavailable(
                    f"cannot open SQLite database {url}: directory {str(directory)!r} does not exist"
                )
        try:
            db = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open SQLite database {url}: {exc}") from exc
        db.row_factory = sqlite3.Row
        store = cls(db, url=url)
        try:
            await store._configure(in_memory=in_memory, busy_timeout=busy_timeout)
            if migrate:
                await store.migrate()
        except BaseException:
            with anyio.CancelScope(shield=True):
                await store.close()
            raise
        return store

    async def _configure(self, *, in_memory: bool, busy_timeout: int) -> None:
        db = self._conn()
        try:
            await db.execute("PRAGMA foreign_keys = ON")
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout)}")
            if not in_memory:
                await db.execute("PRAGMA journal_mode = WAL")
                await db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open SQLite database {self.url}: {exc}") from exc

    async def close(self) -> None:
        """Close the connection. Idempotent."""
        db, self._db = self._db, None
        if db is not None:
            await db.close()

    async def migrate(self) -> int:
        """Apply pending migrations; return the schema version."""
        if self._tx.current() is not None:
            raise StoreError(f"{self.url}: migrate() cannot run inside a transaction")
        async with self._lock:
            db = self._conn()

            async def read_version() -> int:
                return await self._read_version(db)

            async def apply(migration: Migration) -> bool:
                return await self._apply(db, migration)

            try:
                return await run_migrations(
                    dialect="sqlite", url=self.url, read_version=read_version, apply=apply
                )
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    async def _apply(self, db: aiosqlite.Connection, migration: Migration) -> bool:
        """Apply one migration in one transaction (and one round trip).

        The version row is written first, so a process that applied the migration meanwhile
        makes this one fail on the primary key before any of the schema is touched.
        """
        script = "\n".join(
            [
                "BEGIN IMMEDIATE;",
                f"{_SCHEMA_MIGRATIONS};",
                "INSERT INTO schema_migrations (version, name, applied_at)"
                f" VALUES ({migration.version:d}, '{migration.name}', '{_wall_clock()}');",
                migration.sql,
                ";",
                "COMMIT;",
            ]
        )
        try:
            await db.executescript(script)
        except sqlite3.IntegrityError:
            await self._rollback(db, "ROLLBACK")
            return False
        except sqlite3.Error as exc:
            await self._rollback(db, "ROLLBACK")
            raise MigrationError(
                f"migration {migration.version:04d}_{migration.name} failed on {self.url}: {exc}"
            ) from exc
        except BaseException:
            await self._rollback(db, "ROLLBACK")
            raise
        return True

    async def _read_version(self, db: aiosqlite.Connection) -> int:
        exists = list(
            await db.execute_fetchall(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            )
        )
        if not exists:
            return 0
        rows = list(await db.execute_fetchall("SELECT coalesce(max(version), 0) FROM schema_migrations"))
        return int(rows[0][0])

    async def schema_version(self) -> int:
        """The version of the newest applied migration (0 for an empty database)."""
        async with self._session() as db:
            return await self._read_version(db)

    # -- connection, transactions, errors ----------------------------------------------

    def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StoreError(f"the store {self.url} is closed")
        return self._db

    def _error(self, exc: sqlite3.Error) -> StoreError:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return StoreError(f"{self.url}: database is locked by another process ({exc})")
        if isinstance(exc, sqlite3.IntegrityError):
            return StoreError(f"{self.url}: constraint failed: {exc}")
        return StoreError(f"{self.url}: {type(exc).__name__}: {exc}")

    async def _rollback(self, db: aiosqlite.Connection, *statements: str) -> None:
        with anyio.CancelScope(shield=True):
            for statement in statements:
                try:
                    await db.execute(statement)
                except sqlite3.Error as exc:  # e.g. SQLite already rolled back after an I/O error
                    logger.debug(
                        "store.rollback_failed url=%s statement=%s error=%s", self.url, statement, exc
                    )

    @asynccontextmanager
    async def _session(self, *, atomic: bool = False) -> AsyncIterator[aiosqlite.Connection]:
        """The connection for one call.

        Inside the task's transaction, the call joins it. Outside, it takes the lock — and when
        ``atomic`` (several statements) it is a transaction of its own. SQLite errors become
        :class:`StoreError`.
        """
        tx = self._tx.current()
        if tx is None and atomic:
            async with self.transaction(), self._session() as db:
                yield db
            return
        if tx is not None:
            try:
                yield tx.conn
            except sqlite3.Error as exc:
                tx.note_failure(exc)
                raise self._error(exc) from exc
            return
        async with self._lock:
            db = self._conn()
            try:
                yield db
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """A transaction joined by every call of the current task; nested blocks are savepoints."""
        tx = self._tx.current()
        if tx is not None:
            async with self._scope(tx):
                yield
            return
        async with self._lock:
            with self._tx.bind(self._conn()) as tx:
                async with self._scope(tx):
                    yield

    @asynccontextmanager
    async def _scope(self, tx: TaskTransaction[aiosqlite.Connection]) -> AsyncIterator[None]:
        db = tx.conn
        rollback: tuple[str, ...]
        if tx.depth == 0:
            begin, commit, rollback = "BEGIN IMMEDIATE", "COMMIT", ("ROLLBACK",)
        else:
            name = f"scoracle_{tx.depth}"
            begin, commit = f"SAVEPOINT {name}", f"RELEASE {name}"
            rollback = (f"ROLLBACK TO {name}", f"RELEASE {name}")
        try:
            await db.execute(begin)
        except BaseException as exc:
            await self._rollback(db, *rollback)  # a cancelled BEGIN still runs in the worker thread
            if isinstance(exc, sqlite3.Error):
                raise self._error(exc) from exc
            raise
        tx.open_scope()
        try:
            yield
        except BaseException:
            tx.close_scope()
            await self._rollback(db, *rollback)
            raise
        failure = tx.close_scope()
        if failure is not None:
            await self._rollback(db, *rollback)
            raise poisoned(failure) from failure
        try:
            with anyio.CancelScope(shield=True):  # once the block is done, its outcome is not left to chance
                await db.execute(commit)
        except sqlite3.Error as exc:
            await self._rollback(db, *rollback)
            raise self._error(exc) from exc

    async def _fetch(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        async with self._session() as db:
            return list(await db.execute_fetchall(sql, params))

    async def _execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        async with self._session() as db:
            cursor = await db.execute(sql, params)
            return cursor.rowcount

    async def _executemany(self, sql: str, rows: Sequence[Sequence[Any] | dict[str, Any]]) -> None:
        if rows:
            async with self._session(atomic=True) as db:
                await db.executemany(sql, rows)

    # -- teams and players -------------------------------------------------------------

    async def upsert_teams(self, teams: Sequence[Team]) -> None:
        """Insert or update teams by id; seed marks only move forward."""
        now = _wall_clock()
        rows = [
            (
                t.id,
                t.sport,
                t.name,
                t.short_name,
                t.abbreviation,
                t.api_id,
                _ts(t.last_seeded_at),
                _day(t.last_game_date),
                now,
            )
            for t in teams
        ]
        await self._executemany(
            """
            INSERT INTO teams (id, sport, name, short_name, abbreviation, api_id, last_seeded_at,
                               last_game_date, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                sport = excluded.sport, name = excluded.name, short_name = excluded.short_name,
                abbreviation = excluded.abbreviation, api_id = excluded.api_id,
                last_seeded_at = coalesce(max(teams.last_seeded_at, excluded.last_seeded_at),
                                          teams.last_seeded_at, excluded.last_seeded_at),
                last_game_date = coalesce(max(teams.last_game_date, excluded.last_game_date),
                                          teams.last_game_date, excluded.last_game_date),
                updated_at = excluded.updated_at
            WHERE (teams.sport, teams.name, teams.short_name, teams.abbreviation, teams.api_id)
                  IS NOT (excluded.sport, excluded.name, excluded.short_name, excluded.abbreviation,
                          excluded.api_id)
               OR coalesce(excluded.last_seeded_at > teams.last_seeded_at,
                           excluded.last_seeded_at IS NOT NULL)
               OR coalesce(excluded.last_game_date > teams.last_game_date,
                           excluded.last_game_date IS NOT NULL)
            """,
            rows,
        )

    async def get_team(self, team_id: str) -> Team | None:
        """One team, or ``None``."""
        rows = await self._fetch("SELECT * FROM teams WHERE id = ?", (team_id,))
        return _DECODE.team(rows[0]) if rows else None

    async def list_teams(self, sport: str | None = None) -> list[Team]:
        """Teams ordered by id."""
        where = _where()
        if sport is not None:
            where.add("sport = {}", sport)
        rows = await self._fetch(f"SELECT * FROM teams{where.sql()} ORDER BY id", where.args)
        return [_DECODE.team(r) for r in rows]

    async def upsert_players(self, players: Sequence[Player]) -> None:
        """Insert or update players by id; seed marks only move forward."""
        now = _wall_clock()
        rows = [
            (
                p.id,
                p.sport,
                p.name,
                p.api_id,
                p.team_id,
                p.position,
                _ts(p.last_seeded_at),
                _day(p.last_game_date),
                now,
            )
            for p in players
        ]
        await self._executemany(
            """
            INSERT INTO players (id, sport, name, api_id, team_id, position, last_seeded_at, last_game_date,
                                 updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                sport = excluded.sport, name = excluded.name, api_id = excluded.api_id,
                team_id = excluded.team_id, position = excluded.position,
                last_seeded_at = coalesce(max(players.last_seeded_at, excluded.last_seeded_at),
                                          players.last_seeded_at, excluded.last_seeded_at),
                last_game_date = coalesce(max(players.last_game_date, excluded.last_game_date),
                                          players.last_game_date, excluded.last_game_date),
                updated_at = excluded.updated_at
            WHERE (players.sport, players.name, players.api_id, players.team_id, players.position)
                  IS NOT (excluded.sport, excluded.name, excluded.api_id, excluded.team_id, excluded.position)
               OR coalesce(excluded.last_seeded_at > players.last_seeded_at,
                           excluded.last_seeded_at IS NOT NULL)
               OR coalesce(excluded.last_game_date > players.last_game_date,
                           excluded.last_game_date IS NOT NULL)
            """,
            rows,
        )

    async def get_players(self, player_ids: Sequence[str]) -> list[Player]:
        """The players that exist among ``player_ids``, ordered by id."""
        if not player_ids:
            return []
        rows = await self._fetch(
            "SELECT * FROM players WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (_dumps(list(player_ids)),),
        )
        return [_DECODE.player(r) for r in rows]

    async def list_players(self, sport: str | None = None, team_id: str | None = None) -> list[Player]:
        """Players ordered by id."""
        where = _where()
        if sport is not None:
            where.add("sport = {}", sport)
        if team_id is not None:
            where.add("team_id = {}", team_id)
        rows = await self._fetch(f"SELECT * FROM players{where.sql()} ORDER BY id", where.args)
        return [_DECODE.player(r) for r in rows]

    async def mark_seeded(
        self, *, team_ids: Sequence[str], player_ids: Sequence[str], at: datetime, game_date: date
    ) -> None:
        """Move ``last_seeded_at``/``last_game_date`` forward on these teams and players."""
        params = {"at": _arg_ts(at, "at"), "day": game_date.isoformat(), "now": _wall_clock()}
        async with self._session(atomic=True) as db:
            for table, ids in (("teams", team_ids), ("players", player_ids)):
                if ids:
                    await db.execute(
                        f"""
                        UPDATE {table} SET
                            last_seeded_at = coalesce(max(last_seeded_at, :at), :at),
                            last_game_date = coalesce(max(last_game_date, :day), :day),
                            updated_at = :now
                        WHERE id IN (SELECT value FROM json_each(:ids))
                          AND (coalesce(:at > last_seeded_at, 1) OR coalesce(:day > last_game_date, 1))
                        """,
                        {**params, "ids": _dumps(list(ids))},
                    )

    # -- games -------------------------------------------------------------------------

    @overload
    async def upsert_games(self, games: Sequence[Game], *, returning: Literal[True] = ...) -> list[Game]: ...
    @overload
    async def upsert_games(self, games: Sequence[Game], *, returning: Literal[False]) -> None: ...
    async def upsert_games(self, games: Sequence[Game], *, returning: bool = True) -> list[Game] | None:
        """Insert or update games (by id, else natural key, else external id); return them with ids.

        Games with neither id nor external id (most schedule rows) are a plain upsert on the
        natural key; the others resolve their row first. Runs of each kind go in input order.
        """
        if not games:
            return [] if returning else None
        now = _wall_clock()
        given_ids = sorted({g.id for g in games if g.id is not None})
        async with self._session(atomic=True) as db:
            if given_ids:
                found = {
                    r[0]
                    for r in await db.execute_fetchall(
                        "SELECT id FROM games WHERE id IN (SELECT value FROM json_each(?))",
                        (_dumps(given_ids),),
                    )
                }
                missing = [i for i in given_ids if i not in found]
                if missing:
                    raise NotFound(f"no game with id {missing[0]} in {self.url}")
            for plain, run in itertools.groupby(games, key=_by_natural_key_only):
                if plain:
                    await db.executemany(_UPSERT_GAME_BY_KEY, [_row_params(g, now) for g in run])
                else:
                    await db.executemany(_UPSERT_GAME, [_game_params(g, now) for g in run])
            if not returning:
                return None
            natural_keys = [
                [g.sport, g.league, g.season, g.home_team_id, g.away_team_id, g.start_date.isoformat()]
                for g in games
            ]
            externals = [[g.sport, g.external_id] for g in games if g.external_id is not None]
            rows = await db.execute_fetchall(
                _SELECT_UPSERTED_GAMES,
                {"ids": _dumps(given_ids), "keys": _dumps(natural_keys), "externals": _dumps(externals)},
            )
        stored = [_DECODE.game(r) for r in rows]
        by_id = {g.id: g for g in stored}
        by_key = {_natural_key(g): g for g in stored}
        by_external = {(g.sport, g.external_id): g for g in stored if g.external_id is not None}
        result = []
        for game in games:
            match = (
                (by_id.get(game.id) if game.id is not None else None)
                or by_key.get(_natural_key(game))
                or (by_external.get((game.sport, game.external_id)) if game.external_id is not None else None)
            )
            if match is None:  # pragma: no cover - every input was just written
                raise StoreError(f"{self.url}: upserted game {_natural_key(game)} not found")
            result.append(match)
        return result

    async def get_game(self, game_id: int) -> Game | None:
        """One game, or ``None``."""
        rows = await self._fetch("SELECT * FROM games WHERE id = ?", (game_id,))
        return _DECODE.game(rows[0]) if rows else None

    async def insert_games(self, games: Sequence[Game]) -> None:
        """Add games believed new, many rows per ``INSERT`` statement.

        A multi-row ``INSERT`` is a single step inside SQLite: faster than ``executemany`` (one
        step per row), and it leaves the GIL free meanwhile instead of taking it back after every
        row, so bulk ingestion can validate its next rows at the same time. A game stored already
        by natural key is updated by the same statement, as ``upsert_games`` does; one stored
        under its external id undoes the batch (a savepoint), which then goes through
        :meth:`upsert_games`.
        """
        if not games:
            return
        if any(g.id is not None for g in games):
            await self.upsert_games(games, returning=False)
            return
        now = _wall_clock()
        starts: dict[datetime, tuple[str | None, str]] = {}  # games share kick-off instants
        for g in games:
            if g.start_at not in starts:
                starts[g.start_at] = (_ts(g.start_at), g.start_at.date().isoformat())
        values = [_row_params(g, now, starts[g.start_at]) for g in games]
        try:
            async with self.transaction():  # a savepoint inside the caller's transaction
                for start in range(0, len(values), _ROWS_PER_INSERT):
                    rows = values[start : start + _ROWS_PER_INSERT]
                    await self._execute(
                        _insert_games_sql(len(rows)), list(itertools.chain.from_iterable(rows))
                    )
            return
        except StoreError as exc:
            if not isinstance(exc.__cause__, sqlite3.IntegrityError):
                raise
        await self.upsert_games(games, returning=False)

    async def seasons_with_games(self, sport: str, scopes: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
        """Which of the ``(league, season)`` pairs of ``sport`` have a stored game."""
        found: set[tuple[str, int]] = set()
        for league, season in sorted(set(scopes)):
            if await self._fetch(
                "SELECT 1 FROM games WHERE sport = ? AND league = ? AND season = ? LIMIT 1",
                (sport, league, season),
            ):
                found.add((league, season))
        return found

    async def find_games(self, query: GameQuery) -> list[Game]:
        """Games matching ``query``, ordered by (start_at, id)."""
        where = _where()
        game_filters(query, where)
        sql = f"SELECT * FROM games{where.sql()} ORDER BY start_at, id"
        if query.limit is not None:
            sql += f" LIMIT {where.arg(query.limit)}"
        return [_DECODE.game(r) for r in await self._fetch(sql, where.args)]

    async def set_game_status(
        self,
        game_id: int,
        status: GameStatus,
        *,
        home_score: int | None = None,
        away_score: int | None = None,
    ) -> None:
        """Update a game's status (and scores when given); ``NotFound`` if there is no such game."""
        changed = await self._execute(
            """
            UPDATE games SET
                status = :status,
                home_score = coalesce(:home, home_score),
                away_score = coalesce(:away, away_score),
                updated_at = CASE
                    WHEN (status, home_score, away_score)
                         IS NOT (:status, coalesce(:home, home_score), coalesce(:away, away_score))
                    THEN :now ELSE updated_at END
            WHERE id = :id
            """,
            {
                "status": str(GameStatus(status)),
                "home": home_score,
                "away": away_score,
                "now": _wall_clock(),
                "id": game_id,
            },
        )
        if not changed:
            raise NotFound(f"no game with id {game_id} in {self.url}")

    # -- rosters -----------------------------------------------------------------------

    async def upsert_roster_entries(self, entries: Sequence[RosterEntry]) -> None:
        """Insert or update entries on (game_id, player_id)."""
        now = _wall_clock()
        rows = [
            (e.game_id, e.player_id, e.team_id, str(e.source), e.is_starter, e.status, now) for e in entries
        ]
        await self._executemany(
            """
            INSERT INTO game_rosters (game_id, player_id, team_id, source, is_starter, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (game_id, player_id) DO UPDATE SET
                team_id = excluded.team_id, source = excluded.source, is_starter = excluded.is_starter,
                status = excluded.status
            WHERE (game_rosters.team_id, game_rosters.source, game_rosters.is_starter, game_rosters.status)
                  IS NOT (excluded.team_id, excluded.source, excluded.is_starter, excluded.status)
            """,
            rows,
        )

    async def get_roster(self, game_id: int, source: str | None = None) -> list[RosterEntry]:
        """A game's entries ordered by (team_id, player_id), optionally of one source."""
        where = _where()
        where.add("game_id = {}", game_id)
        if source is not None:
            where.add("source = {}", str(source))
        rows = await self._fetch(
            f"SELECT * FROM game_rosters{where.sql()} ORDER BY team_id, player_id", where.args
        )
        return [_DECODE.roster_entry(r) for r in rows]

    # -- tasks: planning ---------------------------------------------------------------

    async def upsert_tasks(self, tasks: Sequence[SeedTask]) -> TaskUpsertResult:
        """Insert tasks (one per game); update pending ones whose plan changed."""
        if not tasks:
            return TaskUpsertResult()
        now = _wall_clock()
        rows = [
            (
                t.game_id,
                t.sport,
                t.league,
                t.season,
                _ts(t.due_at),
                str(t.status),
                str(t.strategy),
                t.priority,
                t.attempts,
                t.max_attempts,
                _ts(t.next_attempt_at),
                t.lease_owner,
                _ts(t.lease_expires_at),
                t.last_error,
                t.api_calls,
                t.duration_s,
                _dumps(list(t.entities_done)),
                _dumps(list(t.entities_failed)),
                _ts(t.started_at),
                _ts(t.finished_at),
                now,
                now,
            )
            for t in tasks
        ]
        async with self._session(atomic=True) as db:
            existing = await db.execute_fetchall(
                "SELECT game_id, status, due_at, strategy, priority, max_attempts FROM seeding_tasks"
                " WHERE game_id IN (SELECT value FROM json_each(?))",
                (_dumps(sorted({t.game_id for t in tasks})),),
            )
            state: dict[int, tuple[Any, ...]] = {r[0]: tuple(r)[1:] for r in existing}
            inserted = updated = 0
            for row in rows:  # replay the batch in order, as the upsert statement will
                plan = (row[4], row[6], row[7], row[9])  # due_at, strategy, priority, max_attempts
                old = state.get(row[0])
                if old is None:
                    inserted += 1
                    state[row[0]] = (row[5], *plan)
                elif old[0] == TaskStatus.PENDING and tuple(old[1:]) != plan:
                    updated += 1
                    state[row[0]] = (old[0], *plan)
            await db.executemany(_UPSERT_TASK, rows)
        return TaskUpsertResult(inserted=inserted, updated=updated, unchanged=len(tasks) - inserted - updated)

    async def get_task(self, task_id: int) -> SeedTask | None:
        """One task, or ``None``."""
        rows = await self._fetch("SELECT * FROM seeding_tasks WHERE id = ?", (task_id,))
        return _DECODE.task(rows[0]) if rows else None

    async def find_tasks(self, query: TaskQuery) -> list[SeedTask]:
        """Tasks matching ``query``, ordered by (due_at, id)."""
        where = _where()
        task_filters(query, where)
        sql = f"SELECT * FROM seeding_tasks{where.sql()} ORDER BY due_at, id"
        if query.limit is not None:
            sql += f" LIMIT {where.arg(query.limit)}"
        return [_DECODE.task(r) for r in await self._fetch(sql, where.args)]

    async def cancel_tasks(self, game_ids: Sequence[int], *, reason: str, at: datetime) -> int:
        """Cancel the pending tasks of these games; return how many."""
        if not game_ids:
            return 0
        return await self._execute(
            """
            UPDATE seeding_tasks SET
                status = 'cancelled', last_error = ?, finished_at = ?, next_attempt_at = NULL, updated_at = ?
            WHERE status = 'pending' AND game_id IN (SELECT value FROM json_each(?))
            """,
            (reason, _arg_ts(at, "at"), _wall_clock(), _dumps(list(game_ids))),
        )

    async def reset_task(self, task_id: int, *, at: datetime, force: bool = False) -> SeedTask:
        """Put a failed/cancelled (with ``force`` also completed) task back to pending, due ``at``."""
        statuses = [TaskStatus.FAILED, TaskStatus.CANCELLED] + ([TaskStatus.COMPLETED] if force else [])
        async with self._session(atomic=True) as db:
            rows = await db.execute_fetchall(
                f"""
                UPDATE seeding_tasks SET
                    status = 'pending', due_at = ?, next_attempt_at = NULL, attempts = 0, lease_owner = NULL,
                    lease_expires_at = NULL, last_error = NULL, entities_done = '[]', entities_failed = '[]',
                    started_at = NULL, finished_at = NULL, updated_at = ?
                WHERE id = ? AND status IN ({", ".join("?" for _ in statuses)})
                RETURNING *
                """,
                (_arg_ts(at, "at"), _wall_clock(), task_id, *map(str, statuses)),
            )
            rows = list(rows) or list(
                await db.execute_fetchall("SELECT * FROM seeding_tasks WHERE id = ?", (task_id,))
            )
        if not rows:
            raise NotFound(f"no seed task with id {task_id} in {self.url}")
        return _DECODE.task(rows[0])

    async def count_tasks(self, sport: str | None = None) -> dict[TaskStatus, int]:
        """How many tasks are in each status (zeros included)."""
        where = _where()
        if sport is not None:
            where.add("sport = {}", sport)
        rows = await self._fetch(
            f"SELECT status, count(*) FROM seeding_tasks{where.sql()} GROUP BY status", where.args
        )
        counts = dict.fromkeys(TaskStatus, 0)
        counts.update({TaskStatus(r[0]): r[1] for r in rows})
        return counts

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
        """Claim up to ``limit`` due tasks: earliest eligible first, then priority, then id."""
        if limit < 1:
            return []
        at = ensure_utc(now, what="now")
        rows = await self._fetch(
            """
            UPDATE seeding_tasks SET
                status = 'running', lease_owner = :worker, lease_expires_at = :until,
                attempts = attempts + 1, started_at = :now, updated_at = :wall
            WHERE id IN (
                SELECT id FROM seeding_tasks
                WHERE status = 'pending' AND coalesce(next_attempt_at, due_at) <= :now
                  AND (:sport IS NULL OR sport = :sport)
                  AND (:games IS NULL OR game_id IN (SELECT value FROM json_each(:games)))
                ORDER BY coalesce(next_attempt_at, due_at), priority DESC, id
                LIMIT :limit)
            RETURNING *
            """,
            {
                "worker": worker_id,
                "until": _ts(at + lease),
                "now": _ts(at),
                "wall": _wall_clock(),
                "sport": sport,
                "limit": limit,
                "games": None if game_ids is None else json.dumps(list(game_ids)),
            },
        )
        return sorted((_DECODE.task(r) for r in rows), key=_claim_order)

    async def next_eligible_at(self, *, sport: str | None = None) -> datetime | None:
        """The earliest eligible time of the pending tasks, or ``None``."""
        rows = await self._fetch(
            "SELECT min(coalesce(next_attempt_at, due_at)) FROM seeding_tasks"
            " WHERE status = 'pending' AND (:sport IS NULL OR sport = :sport)",
            {"sport": sport},
        )
        return _parse_ts(rows[0][0])

    async def extend_lease(self, task_id: int, *, worker_id: str, until: datetime) -> bool:
        """Move the lease of a running task owned by ``worker_id``; ``False`` if it was lost."""
        changed = await self._execute(
            "UPDATE seeding_tasks SET lease_expires_at = ?, updated_at = ?"
            " WHERE id = ? AND status = 'running' AND lease_owner = ?",
            (_arg_ts(until, "until"), _wall_clock(), task_id, worker_id),
        )
        return changed == 1

    async def finish_task(self, task_id: int, *, worker_id: str, outcome: TaskOutcome) -> bool:
        """Record the outcome of a task held by ``worker_id``; ``False`` (nothing written) if not held."""
        _check_outcome(outcome)
        changed = await self._execute(
            """
            UPDATE seeding_tasks SET
                status = :status, finished_at = :finished_at, next_attempt_at = :next_attempt_at,
                last_error = :last_error, api_calls = api_calls + :api_calls,
                duration_s = duration_s + :duration_s,
                entities_done = (
                    SELECT json_group_array(value) FROM (
                        SELECT value FROM json_each(seeding_tasks.entities_done)
                        UNION SELECT value FROM json_each(:done)
                        ORDER BY value)),
                entities_failed = :failed,
                attempts = CASE WHEN :refund THEN max(attempts - 1, 0) ELSE attempts END,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = :wall
            WHERE id = :id AND status = 'running' AND lease_owner = :worker
            """,
            {
                "status": str(outcome.status),
                "finished_at": _arg_ts(outcome.finished_at, "finished_at"),
                "next_attempt_at": None
                if outcome.next_attempt_at is None
                else _arg_ts(outcome.next_attempt_at, "next_attempt_at"),
                "last_error": outcome.last_error,
                "api_calls": outcome.api_calls,
                "duration_s": outcome.duration_s,
                "done": _dumps(list(outcome.entities_done)),
                "failed": _dumps(list(outcome.entities_failed)),
                "refund": outcome.refund_attempt,
                "wall": _wall_clock(),
                "id": task_id,
                "worker": worker_id,
            },
        )
        return changed == 1

    async def release_task(self, task_id: int, *, worker_id: str, at: datetime) -> bool:
        """Give a held task back: pending, eligible ``at``, attempt refunded."""
        changed = await self._execute(
            """
            UPDATE seeding_tasks SET
                status = 'pending', next_attempt_at = ?, attempts = max(attempts - 1, 0),
                lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
            WHERE id = ? AND status = 'running' AND lease_owner = ?
            """,
            (_arg_ts(at, "at"), _wall_clock(), task_id, worker_id),
        )
        return changed == 1

    async def reclaim_expired(self, *, now: datetime) -> list[int]:
        """Return running tasks whose lease expired before ``now`` to pending; return their ids."""
        rows = await self._fetch(
            """
            UPDATE seeding_tasks SET
                status = 'pending', next_attempt_at = :now,
                last_error = 'lease expired (worker ' || lease_owner || ')',
                lease_owner = NULL, lease_expires_at = NULL, updated_at = :wall
            WHERE status = 'running' AND lease_expires_at < :now
            RETURNING id
            """,
            {"now": _arg_ts(now, "now"), "wall": _wall_clock()},
        )
        return sorted(r[0] for r in rows)

    # -- stats -------------------------------------------------------------------------

    async def upsert_player_game_stats(self, rows: Sequence[PlayerGameStats]) -> None:
        """Insert or replace on (game_id, player_id)."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO player_game_stats (sport, game_id, player_id, team_id, stats, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (game_id, player_id) DO UPDATE SET
                sport = excluded.sport, team_id = excluded.team_id, stats = excluded.stats,
                updated_at = excluded.updated_at
            WHERE (player_game_stats.sport, player_game_stats.team_id, player_game_stats.stats)
                  IS NOT (excluded.sport, excluded.team_id, excluded.stats)
            """,
            [(r.sport, r.game_id, r.player_id, r.team_id, _dumps(dict(r.stats)), now) for r in rows],
        )

    async def upsert_team_game_stats(self, rows: Sequence[TeamGameStats]) -> None:
        """Insert or replace on (game_id, team_id)."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO team_game_stats (sport, game_id, team_id, stats, updated_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (game_id, team_id) DO UPDATE SET
                sport = excluded.sport, stats = excluded.stats, updated_at = excluded.updated_at
            WHERE (team_game_stats.sport, team_game_stats.stats) IS NOT (excluded.sport, excluded.stats)
            """,
            [(r.sport, r.game_id, r.team_id, _dumps(dict(r.stats)), now) for r in rows],
        )

    async def upsert_player_season_stats(self, rows: Sequence[PlayerSeasonStats]) -> None:
        """Insert or replace on (sport, league, season, player_id, team_id)."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO player_season_stats (sport, league, season, player_id, team_id, games, stats,
                                             updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sport, league, season, player_id, team_id) DO UPDATE SET
                games = excluded.games, stats = excluded.stats, updated_at = excluded.updated_at
            WHERE (player_season_stats.games, player_season_stats.stats)
                  IS NOT (excluded.games, excluded.stats)
            """,
            [
                (
                    r.sport,
                    r.league,
                    r.season,
                    r.player_id,
                    r.team_id,
                    r.games,
                    _dumps(dict(r.stats)),
                    _ts(r.updated_at) or now,
                )
                for r in rows
            ],
        )

    async def upsert_team_season_stats(self, rows: Sequence[TeamSeasonStats]) -> None:
        """Insert or replace on (sport, league, season, team_id)."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO team_season_stats (sport, league, season, team_id, games, stats, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sport, league, season, team_id) DO UPDATE SET
                games = excluded.games, stats = excluded.stats, updated_at = excluded.updated_at
            WHERE (team_season_stats.games, team_season_stats.stats) IS NOT (excluded.games, excluded.stats)
            """,
            [
                (
                    r.sport,
                    r.league,
                    r.season,
                    r.team_id,
                    r.games,
                    _dumps(dict(r.stats)),
                    _ts(r.updated_at) or now,
                )
                for r in rows
            ],
        )

    async def get_player_game_stats(
        self, *, game_id: int | None = None, player_id: str | None = None
    ) -> list[PlayerGameStats]:
        """Lines filtered by game and/or player, ordered by (game_id, player_id)."""
        where = _where()
        if game_id is not None:
            where.add("game_id = {}", game_id)
        if player_id is not None:
            where.add("player_id = {}", player_id)
        rows = await self._fetch(
            f"SELECT * FROM player_game_stats{where.sql()} ORDER BY game_id, player_id", where.args
        )
        return [_DECODE.player_game_stats(r) for r in rows]

    async def get_team_game_stats(
        self, *, game_id: int | None = None, team_id: str | None = None
    ) -> list[TeamGameStats]:
        """Boxes filtered by game and/or team, ordered by (game_id, team_id)."""
        where = _where()
        if game_id is not None:
            where.add("game_id = {}", game_id)
        if team_id is not None:
            where.add("team_id = {}", team_id)
        rows = await self._fetch(
            f"SELECT * FROM team_game_stats{where.sql()} ORDER BY game_id, team_id", where.args
        )
        return [_DECODE.team_game_stats(r) for r in rows]

    async def get_player_season_stats(
        self, *, sport: str, season: int, league: str | None = None, player_id: str | None = None
    ) -> list[PlayerSeasonStats]:
        """Season totals, ordered by (player_id, team_id)."""
        where = _where()
        where.add("sport = {} AND season = {}", sport, season)
        if league is not None:
            where.add("league = {}", league)
        if player_id is not None:
            where.add("player_id = {}", player_id)
        rows = await self._fetch(
            f"SELECT * FROM player_season_stats{where.sql()} ORDER BY player_id, team_id, league", where.args
        )
        return [_DECODE.player_season_stats(r) for r in rows]

    async def get_team_season_stats(
        self, *, sport: str, season: int, league: str | None = None, team_id: str | None = None
    ) -> list[TeamSeasonStats]:
        """Season totals, ordered by team_id."""
        where = _where()
        where.add("sport = {} AND season = {}", sport, season)
        if league is not None:
            where.add("league = {}", league)
        if team_id is not None:
            where.add("team_id = {}", team_id)
        rows = await self._fetch(
            f"SELECT * FROM team_season_stats{where.sql()} ORDER BY team_id, league", where.args
        )
        return [_DECODE.team_season_stats(r) for r in rows]

    async def recompute_season_stats(
        self, *, sport: str, league: str, season: int, player_ids: Sequence[str], team_ids: Sequence[str]
    ) -> None:
        """Rebuild these players' and teams' season totals as sums of their game lines."""
        base = {"sport": sport, "league": league, "season": season, "now": _wall_clock()}
        async with self._session(atomic=True) as db:
            for statements, ids in ((_RECOMPUTE_PLAYERS, player_ids), (_RECOMPUTE_TEAMS, team_ids)):
                if ids:
                    for statement in statements:
                        await db.execute(statement, {**base, "ids": _dumps(list(ids))})

    # -- sync log, api usage -------------------------------------------------------------

    async def add_sync_run(self, run: SyncRun) -> SyncRun:
        """Append a sync-log row; return it with ``id``."""
        rows = await self._fetch(
            """
            INSERT INTO sync_log (task_id, game_id, sport, seeding_type, status, correlation_id,
                                  started_at, finished_at, api_calls, teams_done, players_done,
                                  entities_failed, error, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """,
            (
                run.task_id,
                run.game_id,
                run.sport,
                run.seeding_type,
                run.status,
                run.correlation_id,
                _ts(run.started_at),
                _ts(run.finished_at),
                run.api_calls,
                run.teams_done,
                run.players_done,
                run.entities_failed,
                run.error,
                _wall_clock(),
            ),
        )
        return attrs.evolve(run, id=rows[0][0])

    async def find_sync_runs(
        self, *, since: datetime | None = None, game_id: int | None = None, limit: int | None = None
    ) -> list[SyncRun]:
        """Sync-log rows started at or after ``since``, newest first."""
        where = _where()
        if since is not None:
            where.add_time("started_at >= {}", since, what="since")
        if game_id is not None:
            where.add("game_id = {}", game_id)
        sql = f"SELECT * FROM sync_log{where.sql()} ORDER BY started_at DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {where.arg(limit)}"
        return [_DECODE.sync_run(r) for r in await self._fetch(sql, where.args)]

    async def record_api_calls(self, calls: Sequence[ApiCall]) -> None:
        """Append usage records (one round trip)."""
        await self._executemany(
            """
            INSERT INTO api_calls (at, sport, endpoint, params, status, error_class, duration_ms,
                                   quota_remaining_day, quota_remaining_minute, cached)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                (
                    _ts(c.at),
                    c.sport,
                    c.endpoint,
                    c.params,
                    c.status,
                    c.error_class,
                    c.duration_ms,
                    c.quota_remaining_day,
                    c.quota_remaining_minute,
                    c.cached,
                )
                for c in calls
            ],
        )

    async def find_api_calls(
        self, *, since: datetime | None = None, sport: str | None = None
    ) -> list[ApiCall]:
        """Usage records at or after ``since``, oldest first."""
        where = _where()
        if since is not None:
            where.add_time("at >= {}", since, what="since")
        if sport is not None:
            where.add("sport = {}", sport)
        rows = await self._fetch(f"SELECT * FROM api_calls{where.sql()} ORDER BY at, id", where.args)
        return [_DECODE.api_call(r) for r in rows]

    async def count_api_calls(
        self, *, since: datetime, sport: str | None = None, cached: bool = False
    ) -> int:
        """How many calls were made at or after ``since`` (cache hits only if ``cached``)."""
        where = _where()
        where.add_time("at >= {}", since, what="since")
        if sport is not None:
            where.add("sport = {}", sport)
        if not cached:
            where.add("cached = 0")
        rows = await self._fetch(f"SELECT count(*) FROM api_calls{where.sql()}", where.args)
        return int(rows[0][0])

    # -- workers, scheduler state -------------------------------------------------------

    async def heartbeat(self, worker: WorkerInfo) -> None:
        """Insert or update a worker row by id."""
        await self._execute(
            """
            INSERT INTO workers (id, host, pid, started_at, heartbeat_at, status, info)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                host = excluded.host, pid = excluded.pid, started_at = excluded.started_at,
                heartbeat_at = excluded.heartbeat_at, status = excluded.status, info = excluded.info
            """,
            (
                worker.id,
                worker.host,
                worker.pid,
                _ts(worker.started_at),
                _ts(worker.heartbeat_at),
                worker.status,
                _dumps(dict(worker.info)),
            ),
        )

    async def list_workers(self) -> list[WorkerInfo]:
        """Workers, most recent heartbeat first."""
        rows = await self._fetch("SELECT * FROM workers ORDER BY heartbeat_at DESC, id")
        return [_DECODE.worker(r) for r in rows]

    async def get_state(self, key: str) -> Any | None:
        """A JSON value from the key-value table, or ``None``."""
        rows = await self._fetch("SELECT value FROM scheduler_state WHERE key = ?", (key,))
        return _loads(rows[0][0]) if rows else None

    async def set_state(self, key: str, value: Any) -> None:
        """Set (upsert) a JSON value."""
        await self._execute(
            """
            INSERT INTO scheduler_state (key, value, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """,
            (key, _dumps(value), _wall_clock()),
        )

    # -- cache -------------------------------------------------------------------------

    async def cache_get(self, key: str, *, now: datetime) -> Any | None:
        """A cached JSON value that has not expired at ``now``, or ``None``."""
        rows = await self._fetch(
            "SELECT value FROM api_cache WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)",
            (key, _arg_ts(now, "now")),
        )
        return _loads(rows[0][0]) if rows else None

    async def cache_put(self, key: str, value: Any, *, expires_at: datetime | None) -> None:
        """Cache a JSON value until ``expires_at`` (``None``: until invalidated)."""
        await self._execute(
            """
            INSERT INTO api_cache (key, value, expires_at, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET
                value = excluded.value, expires_at = excluded.expires_at, created_at = excluded.created_at
            """,
            (
                key,
                _dumps(value),
                None if expires_at is None else _arg_ts(expires_at, "expires_at"),
                _wall_clock(),
            ),
        )

    async def cache_invalidate(self, prefix: str) -> int:
        """Drop entries whose key starts with ``prefix``; return how many."""
        return await self._execute(
            "DELETE FROM api_cache WHERE substr(key, 1, length(:prefix)) = :prefix", {"prefix": prefix}
        )

    # -- team alias overrides ----------------------------------------------------------

    async def add_team_alias(
        self, *, sport: str, alias: str, team_id: str, league: str | None = None
    ) -> None:
        """Upsert a user override ``alias`` → ``team_id``."""
        await self._execute(
            """
            INSERT INTO team_aliases (sport, alias, league, team_id, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (sport, alias, league) DO UPDATE SET team_id = excluded.team_id
            """,
            (sport, alias, league or "", team_id, _wall_clock()),
        )

    async def list_team_aliases(self, sport: str) -> list[tuple[str, str, str | None]]:
        """``(alias, team_id, league)`` overrides of a sport, ordered by alias then league."""
        rows = await self._fetch(
            "SELECT alias, team_id, league FROM team_aliases WHERE sport = ? ORDER BY alias, league", (sport,)
        )
        return [(r[0], r[1], r[2] or None) for r in rows]


# -- helpers and statements -------------------------------------------------------------------


def _natural_key(game: Game) -> tuple[str, str, int, str, str, date]:
    return (game.sport, game.league, game.season, game.home_team_id, game.away_team_id, game.start_date)


def _claim_order(task: SeedTask) -> tuple[datetime, int, int]:
    return (task.eligible_at, -task.priority, task.id or 0)


def _check_outcome(outcome: TaskOutcome) -> None:
    if outcome.status == TaskStatus.RUNNING:
        raise ModelError("a task outcome cannot be RUNNING; use extend_lease to keep a task")


def _by_natural_key_only(game: Game) -> bool:
    """Whether a game can only be matched on its natural key (it has no id and no external id)."""
    return game.id is None and game.external_id is None


def _row_params(g: Game, now: str, start: tuple[str | None, str] | None = None) -> tuple[Any, ...]:
    """A game's row as :data:`_UPSERT_GAME_BY_KEY` and :func:`_insert_games_sql` take it;
    ``start`` is its start as stored (text, UTC date), when the caller has it already."""
    start_text, day_text = start or (_ts(g.start_at), g.start_at.date().isoformat())
    return (
        g.sport,
        g.league,
        g.season,
        g.home_team_id,
        g.away_team_id,
        start_text,
        day_text,
        g.time_tbd,
        _STATUS_TEXT[g.status],
        g.external_id,
        g.source_id,
        g.venue,
        g.week,
        g.game_type,
        g.home_score,
        g.away_score,
        now,
        now,
    )


def _game_params(g: Game, now: str) -> dict[str, Any]:
    """The parameters of :data:`_UPSERT_GAME`."""
    return {
        "id": g.id,
        "sport": g.sport,
        "league": g.league,
        "season": g.season,
        "home_team_id": g.home_team_id,
        "away_team_id": g.away_team_id,
        "start_at": _ts(g.start_at),
        "start_date": g.start_date.isoformat(),
        "time_tbd": g.time_tbd,
        "status": str(g.status),
        "external_id": g.external_id,
        "source_id": g.source_id,
        "venue": g.venue,
        "week": g.week,
        "game_type": g.game_type,
        "home_score": g.home_score,
        "away_score": g.away_score,
        "now": now,
    }


# A game without id or external id: the row with its natural key, else a new row. This is
# _UPSERT_GAME for such a game, without looking the row up first.
# A natural-key clash updates the stored game, and moves updated_at only when something changed.
_ON_NATURAL_KEY_UPDATE = """
ON CONFLICT (sport, league, season, home_team_id, away_team_id, start_date) DO UPDATE SET
    start_at = excluded.start_at, time_tbd = excluded.time_tbd, status = excluded.status,
    external_id = excluded.external_id, source_id = excluded.source_id, venue = excluded.venue,
    week = excluded.week, game_type = excluded.game_type, home_score = excluded.home_score,
    away_score = excluded.away_score, updated_at = excluded.updated_at
WHERE (games.start_at, games.time_tbd, games.status, games.external_id, games.source_id, games.venue,
       games.week, games.game_type, games.home_score, games.away_score)
      IS NOT (excluded.start_at, excluded.time_tbd, excluded.status, excluded.external_id, excluded.source_id,
              excluded.venue, excluded.week, excluded.game_type, excluded.home_score, excluded.away_score)
"""
_UPSERT_GAME_BY_KEY = (
    """
INSERT INTO games (sport, league, season, home_team_id, away_team_id, start_at, start_date, time_tbd,
                   status, external_id, source_id, venue, week, game_type, home_score, away_score,
                   created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
    + _ON_NATURAL_KEY_UPDATE
)

_STATUS_TEXT = {status: status.value for status in GameStatus}  # a dict hit is cheaper than .value

#: Rows per statement of insert_games: 500 x 18 parameters, well under SQLite's 32,766.
_ROWS_PER_INSERT = 500


@functools.lru_cache(maxsize=8)  # the full size and the last, shorter statement of recent batches
def _insert_games_sql(rows: int) -> str:
    """A multi-row insert of new games; a natural-key clash updates, as _UPSERT_GAME_BY_KEY does."""
    placeholders = ", ".join(["(" + ", ".join("?" * 18) + ")"] * rows)
    return f"""
INSERT INTO games (sport, league, season, home_team_id, away_team_id, start_at, start_date, time_tbd,
                   status, external_id, source_id, venue, week, game_type, home_score, away_score,
                   created_at, updated_at)
VALUES {placeholders}{_ON_NATURAL_KEY_UPDATE}"""


# A game without id resolves to the row with its natural key, else the row with its external id;
# with none, id is NULL and SQLite assigns one (the insert path). The WHERE true is SQLite's
# documented way to tell an upsert's ON from a join's.
_UPSERT_GAME = """
INSERT INTO games (id, sport, league, season, home_team_id, away_team_id, start_at, start_date, time_tbd,
                   status, external_id, source_id, venue, week, game_type, home_score, away_score,
                   created_at, updated_at)
SELECT coalesce(
           :id,
           (SELECT id FROM games
            WHERE sport = :sport AND league = :league AND season = :season AND home_team_id = :home_team_id
              AND away_team_id = :away_team_id AND start_date = :start_date),
           (SELECT id FROM games
            WHERE :external_id IS NOT NULL AND sport = :sport AND external_id = :external_id)),
       :sport, :league, :season, :home_team_id, :away_team_id, :start_at, :start_date, :time_tbd, :status,
       :external_id, :source_id, :venue, :week, :game_type, :home_score, :away_score, :now, :now
WHERE true
ON CONFLICT (id) DO UPDATE SET
    sport = excluded.sport, league = excluded.league, season = excluded.season,
    home_team_id = excluded.home_team_id, away_team_id = excluded.away_team_id, start_at = excluded.start_at,
    start_date = excluded.start_date, time_tbd = excluded.time_tbd, status = excluded.status,
    external_id = excluded.external_id, source_id = excluded.source_id, venue = excluded.venue,
    week = excluded.week, game_type = excluded.game_type, home_score = excluded.home_score,
    away_score = excluded.away_score, updated_at = excluded.updated_at
WHERE (games.sport, games.league, games.season, games.home_team_id, games.away_team_id, games.start_at,
       games.time_tbd, games.status, games.external_id, games.source_id, games.venue, games.week,
       games.game_type, games.home_score, games.away_score)
      IS NOT (excluded.sport, excluded.league, excluded.season, excluded.home_team_id, excluded.away_team_id,
              excluded.start_at, excluded.time_tbd, excluded.status, excluded.external_id, excluded.source_id,
              excluded.venue, excluded.week, excluded.game_type, excluded.home_score, excluded.away_score)
"""

# The rows just upserted: by given id, by natural key, by external id (matched up in Python).
_SELECT_UPSERTED_GAMES = """
SELECT * FROM games WHERE id IN (SELECT value FROM json_each(:ids))
UNION
SELECT g.* FROM json_each(:keys) AS k JOIN games AS g
    ON g.sport = json_extract(k.value, '$[0]') AND g.league = json_extract(k.value, '$[1]')
   AND g.season = json_extract(k.value, '$[2]') AND g.home_team_id = json_extract(k.value, '$[3]')
   AND g.away_team_id = json_extract(k.value, '$[4]') AND g.start_date = json_extract(k.value, '$[5]')
UNION
SELECT g.* FROM json_each(:externals) AS e JOIN games AS g
    ON g.sport = json_extract(e.value, '$[0]') AND g.external_id = json_extract(e.value, '$[1]')
"""

_UPSERT_TASK = """
INSERT INTO seeding_tasks (game_id, sport, league, season, due_at, status, strategy, priority, attempts,
                           max_attempts, next_attempt_at, lease_owner, lease_expires_at, last_error,
                           api_calls, duration_s, entities_done, entities_failed, started_at, finished_at,
                           created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (game_id) DO UPDATE SET
    due_at = excluded.due_at, strategy = excluded.strategy, priority = excluded.priority,
    max_attempts = excluded.max_attempts,
    next_attempt_at = CASE WHEN seeding_tasks.due_at = excluded.due_at THEN seeding_tasks.next_attempt_at
                           ELSE excluded.due_at END,
    updated_at = excluded.updated_at
WHERE seeding_tasks.status = 'pending'
  AND (seeding_tasks.due_at, seeding_tasks.strategy, seeding_tasks.priority, seeding_tasks.max_attempts)
      IS NOT (excluded.due_at, excluded.strategy, excluded.priority, excluded.max_attempts)
"""


# Season totals are rebuilt from the game lines of the season's games: rows of these players
# (teams) that no longer have any line are dropped, the others upserted with per-stat sums.
# ``totals`` is MATERIALIZED: inlined, SQLite re-ran it for every row of the correlated subquery.
_RECOMPUTE_PLAYERS = (
    """
    DELETE FROM player_season_stats
    WHERE sport = :sport AND league = :league AND season = :season
      AND player_id IN (SELECT value FROM json_each(:ids))
      AND NOT EXISTS (
          SELECT 1 FROM player_game_stats AS s JOIN games AS g ON g.id = s.game_id
          WHERE g.sport = :sport AND g.league = :league AND g.season = :season
            AND s.player_id = player_season_stats.player_id AND s.team_id = player_season_stats.team_id)
    """,
    """
    WITH lines AS (
        SELECT s.player_id, s.team_id, s.stats
        FROM player_game_stats AS s JOIN games AS g ON g.id = s.game_id
        WHERE g.sport = :sport AND g.league = :league AND g.season = :season
          AND s.player_id IN (SELECT value FROM json_each(:ids))
    ), totals AS MATERIALIZED (
        SELECT l.player_id, l.team_id, e.key AS stat, sum(e.value) AS total
        FROM lines AS l, json_each(l.stats) AS e
        GROUP BY l.player_id, l.team_id, e.key
    )
    INSERT INTO player_season_stats (sport, league, season, player_id, team_id, games, stats, updated_at)
    SELECT :sport, :league, :season, l.player_id, l.team_id, count(*),
           coalesce((SELECT json_group_object(t.stat, t.total) FROM totals AS t
                     WHERE t.player_id = l.player_id AND t.team_id = l.team_id), '{}'),
           :now
    FROM lines AS l
    WHERE true
    GROUP BY l.player_id, l.team_id
    ON CONFLICT (sport, league, season, player_id, team_id) DO UPDATE SET
        games = excluded.games, stats = excluded.stats, updated_at = excluded.updated_at
    WHERE (player_season_stats.games, player_season_stats.stats) IS NOT (excluded.games, excluded.stats)
    """,
)

_RECOMPUTE_TEAMS = (
    """
    DELETE FROM team_season_stats
    WHERE sport = :sport AND league = :league AND season = :season
      AND team_id IN (SELECT value FROM json_each(:ids))
      AND NOT EXISTS (
          SELECT 1 FROM team_game_stats AS s JOIN games AS g ON g.id = s.game_id
          WHERE g.sport = :sport AND g.league = :league AND g.season = :season
            AND s.team_id = team_season_stats.team_id)
    """,
    """
    WITH lines AS (
        SELECT s.team_id, s.stats
        FROM team_game_stats AS s JOIN games AS g ON g.id = s.game_id
        WHERE g.sport = :sport AND g.league = :league AND g.season = :season
          AND s.team_id IN (SELECT value FROM json_each(:ids))
    ), totals AS MATERIALIZED (
        SELECT l.team_id, e.key AS stat, sum(e.value) AS total
        FROM lines AS l, json_each(l.stats) AS e
        GROUP BY l.team_id, e.key
    )
    INSERT INTO team_season_stats (sport, league, season, team_id, games, stats, updated_at)
    SELECT :sport, :league, :season, l.team_id, count(*),
           coalesce((SELECT json_group_object(t.stat, t.total) FROM totals AS t
                     WHERE t.team_id = l.team_id), '{}'),
           :now
    FROM lines AS l
    WHERE true
    GROUP BY l.team_id
    ON CONFLICT (sport, league, season, team_id) DO UPDATE SET
        games = excluded.games, stats = excluded.stats, updated_at = excluded.updated_at
    WHERE (team_season_stats.games, team_season_stats.stats) IS NOT (excluded.games, excluded.stats)
    """,
)


if TYPE_CHECKING:

    def _is_a_store(store: SQLiteStore) -> Store:
        return store
