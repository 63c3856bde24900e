"""The PostgreSQL store: the production store, shared by any number of workers on any host.

An asyncpg pool (1 to 10 connections by default) serves the process. Outside a transaction a
call borrows a connection for itself; ``async with store.transaction():`` holds one connection
for the task, and nested blocks are savepoints. Batches go in one round trip (asyncpg pipelines
``executemany``/``fetchmany``). The queue is claimed with ``FOR UPDATE SKIP LOCKED``, so
concurrent claimers — tasks, processes, hosts — never get the same task.

A call's round trips are shielded from cancellation: asyncpg cannot abandon a query midway
without breaking its connection (MagicStack/asyncpg#652, #1310), so a cancelled task stops right
after the call it is in, and a transaction block cancelled between calls is rolled back cleanly.
``command_timeout`` bounds how long one statement may take instead.

URL: ``postgresql://user:password@host:5432/db``, with optional ``pool_min``, ``pool_max``,
``connect_timeout`` (seconds, default 10) and ``command_timeout`` (seconds, default 60) query
parameters; any other parameter goes to asyncpg.
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, overload
from urllib.parse import parse_qsl, urlencode, urlsplit

import anyio
import asyncpg
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
from scoracle_core.store import mask_url
from scoracle_core.store._migrations import Migration, run_migrations
from scoracle_core.store._sql import Decoders, Where, game_filters, task_filters
from scoracle_core.store._tx import TaskTransaction, TransactionSlot, poisoned
from scoracle_core.store.base import GameQuery, TaskOutcome, TaskQuery, TaskUpsertResult

if TYPE_CHECKING:
    from scoracle_core.store.base import Store

__all__ = ["PostgresStore"]

logger = logging.getLogger(__name__)

_DEFAULT_CONNECT_TIMEOUT = 10.0
_DEFAULT_COMMAND_TIMEOUT = 60.0
_DEFAULT_POOL_MIN = 1
_DEFAULT_POOL_MAX = 10
_MIGRATION_LOCK_KEY = 0x5C0_4AC1E  # pg_advisory_xact_lock key held while applying a migration
_SCHEMA_MIGRATIONS = (
    "CREATE TABLE IF NOT EXISTS schema_migrations"
    " (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)"
)
_UPSERT_GAMES_TRIES = 3  # a concurrent insert of the same game is retried as an update

# Driver errors translated at this boundary (asyncpg's own, and socket errors).
_DRIVER_ERRORS = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    OSError,
    TimeoutError,
)
# Those that mean the server went away rather than that a statement failed.
_CONNECTION_LOST = (
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    OSError,
    TimeoutError,
)


def _is_gone(conn: asyncpg.Connection) -> bool:
    """Whether the server side of ``conn`` is gone (asyncpg detaches a pooled one that died)."""
    try:
        return bool(conn.is_closed())
    except asyncpg.InterfaceError:
        return True


async def _read_version(conn: asyncpg.Connection) -> int:
    if await conn.fetchval("SELECT to_regclass('schema_migrations')") is None:
        return 0
    return int(await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations"))


def _ident(value: Any) -> Any:
    return value


def _arg_ts(value: datetime, what: str) -> datetime:
    """A datetime argument of a method; a naive one raises ``ModelError``."""
    return ensure_utc(value, what=what)


def _count(status: str) -> int:
    """Rows affected, from a command tag such as ``UPDATE 3``."""
    return int(status.rsplit(" ", 1)[-1])


def _wall_clock() -> datetime:
    """Now, for the ``created_at``/``updated_at`` audit columns (the wall clock, not a Clock)."""
    return datetime.now(UTC)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_DECODE = Decoders(ts=_ident, day=_ident, json=_ident)  # asyncpg decodes timestamptz, date, jsonb


def _where() -> Where:
    return Where(
        placeholder=lambda n: f"${n}",
        ts=_ident,
        member=lambda column, values: (f"{column} = ANY({{}})", list(values)),
    )


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("jsonb", encoder=_dumps, decoder=json.loads, schema="pg_catalog")


@attrs.frozen
class _Settings:
    dsn: str
    pool_min: int
    pool_max: int
    connect_timeout: float
    command_timeout: float


def _settings(url: str) -> _Settings:
    """Split our own query parameters off the URL; the rest goes to asyncpg."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"postgresql", "postgres"}:
        raise ConfigError(f"not a PostgreSQL URL: {mask_url(url)!r}; use postgresql://user@host:5432/db")
    params = parse_qsl(parts.query, keep_blank_values=True)
    ours = {k: v for k, v in params if k in {"pool_min", "pool_max", "connect_timeout", "command_timeout"}}
    try:
        pool_min = int(ours.get("pool_min", _DEFAULT_POOL_MIN))
        pool_max = int(ours.get("pool_max", _DEFAULT_POOL_MAX))
        connect_timeout = float(ours.get("connect_timeout", _DEFAULT_CONNECT_TIMEOUT))
        command_timeout = float(ours.get("command_timeout", _DEFAULT_COMMAND_TIMEOUT))
    except ValueError as exc:
        raise ConfigError(f"bad pool or timeout setting in {mask_url(url)!r}: {exc}") from None
    if not 0 <= pool_min <= pool_max or pool_max < 1 or connect_timeout <= 0 or command_timeout <= 0:
        raise ConfigError(
            f"need 0 <= pool_min <= pool_max, pool_max >= 1 and positive timeouts in {mask_url(url)!r}"
        )
    rest = urlencode([(k, v) for k, v in params if k not in ours])
    return _Settings(
        parts._replace(query=rest).geturl(), pool_min, pool_max, connect_timeout, command_timeout
    )


def _reason(exc: BaseException, settings: _Settings) -> str:
    """Why a connection failed, in one short phrase."""
    if isinstance(exc, TimeoutError):
        return f"no answer within {settings.connect_timeout:g} s"
    if isinstance(exc, ConnectionRefusedError) or (
        isinstance(exc, OSError) and "Connect call failed" in str(exc)  # asyncio joins per-address errors
    ):
        return "connection refused (is the server running and accepting TCP connections there?)"
    if isinstance(exc, socket.gaierror):
        host = urlsplit(settings.dsn).hostname
        return f"cannot resolve host {host!r} ({exc.strerror or exc})"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__


# -- the store --------------------------------------------------------------------------------


class PostgresStore:
    """A :class:`~scoracle_core.store.base.Store` in a PostgreSQL database.

    Open it with :meth:`open`; close it with :meth:`close`.
    """

    bulk_writes_overlap = True  # the server does the work: this process may validate meanwhile

    def __init__(self, pool: asyncpg.Pool, *, url: str) -> None:
        self.url = url  # masked
        self._pool: asyncpg.Pool | None = pool
        self._tx: TransactionSlot[asyncpg.Connection] = TransactionSlot()

    def __repr__(self) -> str:
        return f"PostgresStore({self.url!r})"

    # -- lifecycle ---------------------------------------------------------------------

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True) -> PostgresStore:
        """Connect to the database at ``url`` and apply migrations.

        Raises :class:`ConfigError` for a malformed URL and :class:`StoreUnavailable` when the
        server cannot be reached or refuses us (naming the masked URL and the reason).
        """
        settings = _settings(url)
        masked = mask_url(url)
        try:
            pool = await asyncpg.create_pool(
                settings.dsn,
                min_size=settings.pool_min,
                max_size=settings.pool_max,
                timeout=settings.connect_timeout,
                command_timeout=settings.command_timeout,
                init=_init_connection,
            )
        except ValueError as exc:  # asyncpg's DSN parsing (ClientConfigurationError is one too)
            reason = str(exc)
            if (password := urlsplit(url).password) and password in reason:
                reason = "it cannot be parsed"  # never echo a message that may hold the password
            raise ConfigError(f"bad PostgreSQL URL {masked!r}: {reason}") from None
        except _DRIVER_ERRORS as exc:
            raise StoreUnavailable(
                f"cannot connect to PostgreSQL at {masked}: {_reason(exc, settings)}"
            ) from exc
        store = cls(pool, url=masked)
        if migrate:
            try:
                await store.migrate()
            except BaseException:
                with anyio.CancelScope(shield=True):
                    await store.close()
                raise
        return store

    async def close(self) -> None:
        """Close the pool (waiting for borrowed connections to come back). Idempotent."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def migrate(self) -> int:
        """Apply pending migrations; return the schema version."""
        try:
            async with self._borrow() as conn:

                async def read_version() -> int:
                    return await _read_version(conn)

                async def apply(migration: Migration) -> bool:
                    return await self._apply(conn, migration)

                with anyio.CancelScope(shield=True):  # see the module docstring
                    version = await run_migrations(
                        dialect="postgresql", url=self.url, read_version=read_version, apply=apply
                    )
        except _DRIVER_ERRORS as exc:
            raise self._error(exc) from exc
        return version

    async def _apply(self, conn: asyncpg.Connection, migration: Migration) -> bool:
        """Apply one migration in a transaction.

        An advisory lock makes processes that start together take turns; each re-checks the
        version once it holds the lock, so the migration runs once.
        """
        try:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK_KEY)
                await conn.execute(_SCHEMA_MIGRATIONS)
                if await _read_version(conn) >= migration.version:
                    return False
                await conn.execute(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    migration.version,
                    migration.name,
                    _wall_clock(),
                )
        except asyncpg.PostgresError as exc:
            if isinstance(exc, _CONNECTION_LOST):
                raise  # not the migration's fault: migrate() reports the store unavailable
            raise MigrationError(
                f"migration {migration.version:04d}_{migration.name} failed on {self.url}: {exc}"
            ) from exc
        return True

    async def schema_version(self) -> int:
        """The version of the newest applied migration (0 for an empty database)."""
        async with self._session() as conn:
            return await _read_version(conn)

    # -- connections, transactions, errors ---------------------------------------------

    def _pool_or_raise(self) -> asyncpg.Pool:
        if self._pool is None:
            raise StoreError(f"the store {self.url} is closed")
        return self._pool

    def _error(self, exc: BaseException, conn: asyncpg.Connection | None = None) -> StoreError:
        if isinstance(exc, _CONNECTION_LOST):
            return StoreUnavailable(
                f"lost the connection to PostgreSQL at {self.url}: {exc or type(exc).__name__}"
            )
        if conn is not None and _is_gone(conn):
            return StoreUnavailable(f"lost the connection to PostgreSQL at {self.url}: the server closed it")
        if isinstance(exc, asyncpg.PostgresError):
            detail = getattr(exc, "detail", None)
            return StoreError(f"{self.url}: {exc}" + (f" ({detail})" if detail else ""))
        return StoreError(f"{self.url}: {type(exc).__name__}: {exc}")

    @asynccontextmanager
    async def _session(self, *, atomic: bool = False) -> AsyncIterator[asyncpg.Connection]:
        """The connection for one call.

        Inside the task's transaction, the call joins it. Outside, it borrows a pooled
        connection — and when ``atomic`` (several statements) it is a transaction of its own.
        Driver errors become :class:`StoreError`/:class:`StoreUnavailable`.
        """
        tx = self._tx.current()
        if tx is not None:
            try:
                with anyio.CancelScope(shield=True):  # see the module docstring
                    yield tx.conn
            except _DRIVER_ERRORS as exc:
                tx.note_failure(exc)
                raise self._error(exc, tx.conn) from exc
            return
        if atomic:
            async with self.transaction(), self._session() as conn:
                yield conn
            return
        async with self._borrow() as conn:
            try:
                with anyio.CancelScope(shield=True):  # see the module docstring
                    yield conn
            except _DRIVER_ERRORS as exc:
                raise self._error(exc, conn) from exc

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """A transaction joined by every call of the current task; nested blocks are savepoints."""
        tx = self._tx.current()
        if tx is not None:
            async with self._scope(tx):
                yield
            return
        async with self._borrow() as conn:
            with self._tx.bind(conn) as tx:
                async with self._scope(tx):
                    yield

    @asynccontextmanager
    async def _borrow(self) -> AsyncIterator[asyncpg.Connection]:
        """A pooled connection, given back even when the task is cancelled meanwhile.

        The release is waited for under a shield: a cancelled task that stopped waiting would
        leave the connection busy resetting, and the next call would open another.
        """
        pool = self._pool_or_raise()
        try:
            conn = await pool.acquire()
        except _DRIVER_ERRORS as exc:
            raise self._error(exc) from exc
        try:
            yield conn
        finally:
            with anyio.CancelScope(shield=True):
                await pool.release(conn)

    @asynccontextmanager
    async def _scope(self, tx: TaskTransaction[asyncpg.Connection]) -> AsyncIterator[None]:
        transaction = tx.conn.transaction()  # a savepoint when one is already open
        try:
            with anyio.CancelScope(shield=True):
                await transaction.start()
        except _DRIVER_ERRORS as exc:
            raise self._error(exc, tx.conn) from exc
        tx.open_scope()
        try:
            yield
        except BaseException:
            tx.close_scope()
            await self._rollback(transaction)
            raise
        failure = tx.close_scope()
        if failure is not None:
            await self._rollback(transaction)
            raise poisoned(failure) from failure
        try:
            with anyio.CancelScope(shield=True):  # once the block is done, its outcome is not left to chance
                await transaction.commit()
        except _DRIVER_ERRORS as exc:
            await self._rollback(transaction)
            raise self._error(exc, tx.conn) from exc

    async def _rollback(self, transaction: Any) -> None:
        with anyio.CancelScope(shield=True):
            try:
                await transaction.rollback()
            except _DRIVER_ERRORS as exc:  # e.g. the connection is gone: the server rolled back
                logger.debug("store.rollback_failed url=%s error=%s", self.url, exc)

    async def _fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        async with self._session() as conn:
            return list(await conn.fetch(sql, *args))

    async def _execute(self, sql: str, *args: Any) -> int:
        async with self._session() as conn:
            return _count(await conn.execute(sql, *args))

    async def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            async with self._session() as conn:  # executemany is atomic (one pipelined batch)
                await conn.executemany(sql, rows)

    # -- teams and players -------------------------------------------------------------

    async def upsert_teams(self, teams: Sequence[Team]) -> None:
        """Insert or update teams by id; seed marks only move forward."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO teams AS t (id, sport, name, short_name, abbreviation, api_id, last_seeded_at,
                                    last_game_date, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET
                sport = EXCLUDED.sport, name = EXCLUDED.name, short_name = EXCLUDED.short_name,
                abbreviation = EXCLUDED.abbreviation, api_id = EXCLUDED.api_id,
                last_seeded_at = greatest(t.last_seeded_at, EXCLUDED.last_seeded_at),
                last_game_date = greatest(t.last_game_date, EXCLUDED.last_game_date),
                updated_at = EXCLUDED.updated_at
            WHERE (t.sport, t.name, t.short_name, t.abbreviation, t.api_id)
                  IS DISTINCT FROM (EXCLUDED.sport, EXCLUDED.name, EXCLUDED.short_name, EXCLUDED.abbreviation,
                                    EXCLUDED.api_id)
               OR coalesce(EXCLUDED.last_seeded_at > t.last_seeded_at, EXCLUDED.last_seeded_at IS NOT NULL)
               OR coalesce(EXCLUDED.last_game_date > t.last_game_date, EXCLUDED.last_game_date IS NOT NULL)
            """,
            [
                (
                    t.id,
                    t.sport,
                    t.name,
                    t.short_name,
                    t.abbreviation,
                    t.api_id,
                    t.last_seeded_at,
                    t.last_game_date,
                    now,
                )
                for t in teams
            ],
        )

    async def get_team(self, team_id: str) -> Team | None:
        """One team, or ``None``."""
        rows = await self._fetch("SELECT * FROM teams WHERE id = $1", team_id)
        return _DECODE.team(rows[0]) if rows else None

    async def list_teams(self, sport: str | None = None) -> list[Team]:
        """Teams ordered by id."""
        rows = await self._fetch(
            "SELECT * FROM teams WHERE ($1::text IS NULL OR sport = $1) ORDER BY id", sport
        )
        return [_DECODE.team(r) for r in rows]

    async def upsert_players(self, players: Sequence[Player]) -> None:
        """Insert or update players by id; seed marks only move forward."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO players AS p (id, sport, name, api_id, team_id, position, last_seeded_at,
                                      last_game_date, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET
                sport = EXCLUDED.sport, name = EXCLUDED.name, api_id = EXCLUDED.api_id,
                team_id = EXCLUDED.team_id, position = EXCLUDED.position,
                last_seeded_at = greatest(p.last_seeded_at, EXCLUDED.last_seeded_at),
                last_game_date = greatest(p.last_game_date, EXCLUDED.last_game_date),
                updated_at = EXCLUDED.updated_at
            WHERE (p.sport, p.name, p.api_id, p.team_id, p.position)
                  IS DISTINCT FROM (EXCLUDED.sport, EXCLUDED.name, EXCLUDED.api_id, EXCLUDED.team_id,
                                    EXCLUDED.position)
               OR coalesce(EXCLUDED.last_seeded_at > p.last_seeded_at, EXCLUDED.last_seeded_at IS NOT NULL)
               OR coalesce(EXCLUDED.last_game_date > p.last_game_date, EXCLUDED.last_game_date IS NOT NULL)
            """,
            [
                (
                    p.id,
                    p.sport,
                    p.name,
                    p.api_id,
                    p.team_id,
                    p.position,
                    p.last_seeded_at,
                    p.last_game_date,
                    now,
                )
                for p in players
            ],
        )

    async def get_players(self, player_ids: Sequence[str]) -> list[Player]:
        """The players that exist among ``player_ids``, ordered by id."""
        if not player_ids:
            return []
        rows = await self._fetch(
            "SELECT * FROM players WHERE id = ANY($1::text[]) ORDER BY id", list(player_ids)
        )
        return [_DECODE.player(r) for r in rows]

    async def list_players(self, sport: str | None = None, team_id: str | None = None) -> list[Player]:
        """Players ordered by id."""
        rows = await self._fetch(
            "SELECT * FROM players WHERE ($1::text IS NULL OR sport = $1)"
            " AND ($2::text IS NULL OR team_id = $2) ORDER BY id",
            sport,
            team_id,
        )
        return [_DECODE.player(r) for r in rows]

    async def mark_seeded(
        self, *, team_ids: Sequence[str], player_ids: Sequence[str], at: datetime, game_date: date
    ) -> None:
        """Move ``last_seeded_at``/``last_game_date`` forward on these teams and players."""
        at = _arg_ts(at, "at")
        now = _wall_clock()
        async with self._session(atomic=True) as conn:
            for table, ids in (("teams", team_ids), ("players", player_ids)):
                if ids:
                    await conn.execute(
                        f"""
                        UPDATE {table} SET
                            last_seeded_at = greatest(last_seeded_at, $2),
                            last_game_date = greatest(last_game_date, $3),
                            updated_at = $4
                        WHERE id = ANY($1::text[])
                          AND (coalesce($2 > last_seeded_at, true) OR coalesce($3 > last_game_date, true))
                        """,
                        list(ids),
                        at,
                        game_date,
                        now,
                    )

    # -- games -------------------------------------------------------------------------

    @overload
    async def upsert_games(self, games: Sequence[Game], *, returning: Literal[True] = ...) -> list[Game]: ...
    @overload
    async def upsert_games(self, games: Sequence[Game], *, returning: Literal[False]) -> None: ...
    async def upsert_games(self, games: Sequence[Game], *, returning: bool = True) -> list[Game] | None:
        """Insert or update games (by id, else natural key, else external id); return them with ids.

        A batch that names each game once is written set-based (see :meth:`_write_games`); one
        that names a game twice goes row by row, each row seeing the ones before it.
        """
        if not games:
            return [] if returning else None
        now = _wall_clock()
        given_ids = sorted({g.id for g in games if g.id is not None})
        row_by_row = _names_a_game_twice(games)
        async with self._session() as conn:
            for attempt in range(1, _UPSERT_GAMES_TRIES + 1):
                try:
                    async with conn.transaction():  # a savepoint inside the task's transaction
                        if given_ids:
                            found = {
                                r[0]
                                for r in await conn.fetch(
                                    "SELECT id FROM games WHERE id = ANY($1)", given_ids
                                )
                            }
                            missing = [i for i in given_ids if i not in found]
                            if missing:
                                raise NotFound(f"no game with id {missing[0]} in {self.url}")
                        ids = None if row_by_row else await _write_games(conn, games, now, ids=returning)
                        if ids is None:
                            args = [(g.id, *_game_values(g), now) for g in games]
                            if not returning:
                                await conn.executemany(_UPSERT_GAME, args)
                                return None
                            return [_DECODE.game(r) for r in await conn.fetchmany(_UPSERT_GAME, args)]
                        if not returning:
                            return None
                        rows = await conn.fetch("SELECT * FROM games WHERE id = ANY($1)", ids)
                    stored = {r["id"]: _DECODE.game(r) for r in rows}
                    return [stored[i] for i in ids]
                except asyncpg.UniqueViolationError:
                    # Another process inserted one of these games since we looked it up: look again.
                    if attempt == _UPSERT_GAMES_TRIES:
                        raise
        raise AssertionError("unreachable")  # pragma: no cover - the last attempt returns or raises

    async def insert_games(self, games: Sequence[Game]) -> None:
        """Add games believed new with one ``COPY``, no lookup first.

        Should one clash with a stored game after all, the ``COPY`` is undone (a savepoint) and
        the batch goes through :meth:`upsert_games`.
        """
        if not games:
            return
        if any(g.id is not None for g in games):
            await self.upsert_games(games, returning=False)
            return
        now = _wall_clock()
        stamps = (now, now)  # created_at, updated_at
        records = [_game_values(g) + stamps for g in games]
        async with self._session() as conn:
            try:
                async with conn.transaction():
                    await conn.copy_records_to_table("games", records=records, columns=_GAME_COLUMNS)
                return
            except asyncpg.UniqueViolationError:
                pass  # stored already, by natural key or external id: match them one way or the other
        await self.upsert_games(games, returning=False)

    async def seasons_with_games(self, sport: str, scopes: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
        """Which of the ``(league, season)`` pairs of ``sport`` have a stored game (one query)."""
        pairs = sorted(set(scopes))
        if not pairs:
            return set()
        asked = json.dumps([{"league": league, "season": season} for league, season in pairs])
        rows = await self._fetch(_SEASONS_WITH_GAMES, sport, asked)
        return {(r[0], r[1]) for r in rows}

    async def get_game(self, game_id: int) -> Game | None:
        """One game, or ``None``."""
        rows = await self._fetch("SELECT * FROM games WHERE id = $1", game_id)
        return _DECODE.game(rows[0]) if rows else None

    async def find_games(self, query: GameQuery) -> list[Game]:
        """Games matching ``query``, ordered by (start_at, id)."""
        where = _where()
        game_filters(query, where)
        sql = f"SELECT * FROM games{where.sql()} ORDER BY start_at, id"
        if query.limit is not None:
            sql += f" LIMIT {where.arg(query.limit)}"
        return [_DECODE.game(r) for r in await self._fetch(sql, *where.args)]

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
                status = $2,
                home_score = coalesce($3, home_score),
                away_score = coalesce($4, away_score),
                updated_at = CASE
                    WHEN (status, home_score, away_score)
                         IS DISTINCT FROM ($2, coalesce($3, home_score), coalesce($4, away_score))
                    THEN $5 ELSE updated_at END
            WHERE id = $1
            """,
            game_id,
            str(GameStatus(status)),
            home_score,
            away_score,
            _wall_clock(),
        )
        if not changed:
            raise NotFound(f"no game with id {game_id} in {self.url}")

    # -- rosters -----------------------------------------------------------------------

    async def upsert_roster_entries(self, entries: Sequence[RosterEntry]) -> None:
        """Insert or update entries on (game_id, player_id)."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO game_rosters AS r (game_id, player_id, team_id, source, is_starter, status,
                                           created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (game_id, player_id) DO UPDATE SET
                team_id = EXCLUDED.team_id, source = EXCLUDED.source, is_starter = EXCLUDED.is_starter,
                status = EXCLUDED.status
            WHERE (r.team_id, r.source, r.is_starter, r.status)
                  IS DISTINCT FROM (EXCLUDED.team_id, EXCLUDED.source, EXCLUDED.is_starter, EXCLUDED.status)
            """,
            [
                (e.game_id, e.player_id, e.team_id, str(e.source), e.is_starter, e.status, now)
                for e in entries
            ],
        )

    async def get_roster(self, game_id: int, source: str | None = None) -> list[RosterEntry]:
        """A game's entries ordered by (team_id, player_id), optionally of one source."""
        rows = await self._fetch(
            "SELECT * FROM game_rosters WHERE game_id = $1 AND ($2::text IS NULL OR source = $2)"
            " ORDER BY team_id, player_id",
            game_id,
            None if source is None else str(source),
        )
        return [_DECODE.roster_entry(r) for r in rows]

    # -- tasks: planning ---------------------------------------------------------------

    async def upsert_tasks(self, tasks: Sequence[SeedTask]) -> TaskUpsertResult:
        """Insert tasks (one per game); update pending ones whose plan changed."""
        if not tasks:
            return TaskUpsertResult()
        now = _wall_clock()
        args = [
            (
                t.game_id,
                t.sport,
                t.league,
                t.season,
                t.due_at,
                str(t.status),
                str(t.strategy),
                t.priority,
                t.attempts,
                t.max_attempts,
                t.next_attempt_at,
                t.lease_owner,
                t.lease_expires_at,
                t.last_error,
                t.api_calls,
                t.duration_s,
                list(t.entities_done),
                list(t.entities_failed),
                t.started_at,
                t.finished_at,
                now,
            )
            for t in tasks
        ]
        async with self._session() as conn:
            rows = await conn.fetchmany(_UPSERT_TASK, args)  # a row per insert or update, none if unchanged
        inserted = sum(1 for r in rows if r["inserted"])
        updated = len(rows) - inserted
        return TaskUpsertResult(inserted=inserted, updated=updated, unchanged=len(tasks) - inserted - updated)

    async def get_task(self, task_id: int) -> SeedTask | None:
        """One task, or ``None``."""
        rows = await self._fetch("SELECT * FROM seeding_tasks WHERE id = $1", task_id)
        return _DECODE.task(rows[0]) if rows else None

    async def find_tasks(self, query: TaskQuery) -> list[SeedTask]:
        """Tasks matching ``query``, ordered by (due_at, id)."""
        where = _where()
        task_filters(query, where)
        sql = f"SELECT * FROM seeding_tasks{where.sql()} ORDER BY due_at, id"
        if query.limit is not None:
            sql += f" LIMIT {where.arg(query.limit)}"
        return [_DECODE.task(r) for r in await self._fetch(sql, *where.args)]

    async def cancel_tasks(self, game_ids: Sequence[int], *, reason: str, at: datetime) -> int:
        """Cancel the pending tasks of these games; return how many."""
        if not game_ids:
            return 0
        return await self._execute(
            """
            UPDATE seeding_tasks SET
                status = 'cancelled', last_error = $2, finished_at = $3, next_attempt_at = NULL,
                updated_at = $4
            WHERE status = 'pending' AND game_id = ANY($1::bigint[])
            """,
            list(game_ids),
            reason,
            _arg_ts(at, "at"),
            _wall_clock(),
        )

    async def reset_task(self, task_id: int, *, at: datetime, force: bool = False) -> SeedTask:
        """Put a failed/cancelled (with ``force`` also completed) task back to pending, due ``at``."""
        statuses = [TaskStatus.FAILED, TaskStatus.CANCELLED] + ([TaskStatus.COMPLETED] if force else [])
        async with self._session() as conn:
            row = await conn.fetchrow(
                """
                UPDATE seeding_tasks SET
                    status = 'pending', due_at = $2, next_attempt_at = NULL, attempts = 0, lease_owner = NULL,
                    lease_expires_at = NULL, last_error = NULL, entities_done = '[]', entities_failed = '[]',
                    started_at = NULL, finished_at = NULL, updated_at = $3
                WHERE id = $1 AND status = ANY($4::text[])
                RETURNING *
                """,
                task_id,
                _arg_ts(at, "at"),
                _wall_clock(),
                [str(s) for s in statuses],
            )
            if row is None:  # not resettable (or missing): report it as it is
                row = await conn.fetchrow("SELECT * FROM seeding_tasks WHERE id = $1", task_id)
        if row is None:
            raise NotFound(f"no seed task with id {task_id} in {self.url}")
        return _DECODE.task(row)

    async def count_tasks(self, sport: str | None = None) -> dict[TaskStatus, int]:
        """How many tasks are in each status (zeros included)."""
        rows = await self._fetch(
            "SELECT status, count(*) FROM seeding_tasks WHERE ($1::text IS NULL OR sport = $1)"
            " GROUP BY status",
            sport,
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
        """Claim up to ``limit`` due tasks: earliest eligible first, then priority, then id.

        The candidates are picked once, in a materialised CTE. In the common ``WHERE id IN
        (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`` form the planner may rescan the subquery,
        and a rescan skips the rows just updated and picks others: more than ``limit`` claimed.
        """
        if limit < 1:
            return []
        at = _arg_ts(now, "now")
        rows = await self._fetch(
            """
            WITH picked AS MATERIALIZED (
                SELECT id FROM seeding_tasks
                WHERE status = 'pending' AND coalesce(next_attempt_at, due_at) <= $3
                  AND ($5::text IS NULL OR sport = $5)
                  AND ($7::bigint[] IS NULL OR game_id = ANY($7::bigint[]))
                ORDER BY coalesce(next_attempt_at, due_at), priority DESC, id
                LIMIT $6
                FOR UPDATE SKIP LOCKED)
            UPDATE seeding_tasks AS t SET
                status = 'running', lease_owner = $1, lease_expires_at = $2, attempts = t.attempts + 1,
                started_at = $3, updated_at = $4
            FROM picked
            WHERE t.id = picked.id
            RETURNING t.*
            """,
            worker_id,
            at + lease,
            at,
            _wall_clock(),
            sport,
            limit,
            None if game_ids is None else list(game_ids),
        )
        return sorted((_DECODE.task(r) for r in rows), key=_claim_order)

    async def next_eligible_at(self, *, sport: str | None = None) -> datetime | None:
        """The earliest eligible time of the pending tasks, or ``None``."""
        async with self._session() as conn:
            value: datetime | None = await conn.fetchval(
                "SELECT min(coalesce(next_attempt_at, due_at)) FROM seeding_tasks"
                " WHERE status = 'pending' AND ($1::text IS NULL OR sport = $1)",
                sport,
            )
        return value

    async def extend_lease(self, task_id: int, *, worker_id: str, until: datetime) -> bool:
        """Move the lease of a running task owned by ``worker_id``; ``False`` if it was lost."""
        changed = await self._execute(
            "UPDATE seeding_tasks SET lease_expires_at = $3, updated_at = $4"
            " WHERE id = $1 AND status = 'running' AND lease_owner = $2",
            task_id,
            worker_id,
            _arg_ts(until, "until"),
            _wall_clock(),
        )
        return changed == 1

    async def finish_task(self, task_id: int, *, worker_id: str, outcome: TaskOutcome) -> bool:
        """Record the outcome of a task held by ``worker_id``; ``False`` (nothing written) if not held."""
        _check_outcome(outcome)
        changed = await self._execute(
            """
            UPDATE seeding_tasks AS t SET
                status = $3, finished_at = $4, next_attempt_at = $5, last_error = $6,
                api_calls = t.api_calls + $7, duration_s = t.duration_s + $8,
                entities_done = (
                    SELECT coalesce(jsonb_agg(u.e ORDER BY u.e COLLATE "C"), '[]'::jsonb)
                    FROM (SELECT jsonb_array_elements_text(t.entities_done)
                          UNION SELECT unnest($9::text[])) AS u(e)),
                entities_failed = $10::jsonb,
                attempts = CASE WHEN $11 THEN greatest(t.attempts - 1, 0) ELSE t.attempts END,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = $12
            WHERE t.id = $1 AND t.status = 'running' AND t.lease_owner = $2
            """,
            task_id,
            worker_id,
            str(outcome.status),
            _arg_ts(outcome.finished_at, "finished_at"),
            None if outcome.next_attempt_at is None else _arg_ts(outcome.next_attempt_at, "next_attempt_at"),
            outcome.last_error,
            outcome.api_calls,
            outcome.duration_s,
            list(outcome.entities_done),
            list(outcome.entities_failed),
            outcome.refund_attempt,
            _wall_clock(),
        )
        return changed == 1

    async def release_task(self, task_id: int, *, worker_id: str, at: datetime) -> bool:
        """Give a held task back: pending, eligible ``at``, attempt refunded."""
        changed = await self._execute(
            """
            UPDATE seeding_tasks SET
                status = 'pending', next_attempt_at = $3, attempts = greatest(attempts - 1, 0),
                lease_owner = NULL, lease_expires_at = NULL, updated_at = $4
            WHERE id = $1 AND status = 'running' AND lease_owner = $2
            """,
            task_id,
            worker_id,
            _arg_ts(at, "at"),
            _wall_clock(),
        )
        return changed == 1

    async def reclaim_expired(self, *, now: datetime) -> list[int]:
        """Return running tasks whose lease expired before ``now`` to pending; return their ids."""
        rows = await self._fetch(
            """
            UPDATE seeding_tasks SET
                status = 'pending', next_attempt_at = $1,
                last_error = 'lease expired (worker ' || lease_owner || ')',
                lease_owner = NULL, lease_expires_at = NULL, updated_at = $2
            WHERE status = 'running' AND lease_expires_at < $1
            RETURNING id
            """,
            _arg_ts(now, "now"),
            _wall_clock(),
        )
        return sorted(r[0] for r in rows)

    # -- stats -------------------------------------------------------------------------

    async def upsert_player_game_stats(self, rows: Sequence[PlayerGameStats]) -> None:
        """Insert or replace on (game_id, player_id)."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO player_game_stats AS s (sport, game_id, player_id, team_id, stats, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (game_id, player_id) DO UPDATE SET
                sport = EXCLUDED.sport, team_id = EXCLUDED.team_id, stats = EXCLUDED.stats,
                updated_at = EXCLUDED.updated_at
            WHERE (s.sport, s.team_id, s.stats)
                  IS DISTINCT FROM (EXCLUDED.sport, EXCLUDED.team_id, EXCLUDED.stats)
            """,
            [(r.sport, r.game_id, r.player_id, r.team_id, dict(r.stats), now) for r in rows],
        )

    async def upsert_team_game_stats(self, rows: Sequence[TeamGameStats]) -> None:
        """Insert or replace on (game_id, team_id)."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO team_game_stats AS s (sport, game_id, team_id, stats, updated_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (game_id, team_id) DO UPDATE SET
                sport = EXCLUDED.sport, stats = EXCLUDED.stats, updated_at = EXCLUDED.updated_at
            WHERE (s.sport, s.stats) IS DISTINCT FROM (EXCLUDED.sport, EXCLUDED.stats)
            """,
            [(r.sport, r.game_id, r.team_id, dict(r.stats), now) for r in rows],
        )

    async def upsert_player_season_stats(self, rows: Sequence[PlayerSeasonStats]) -> None:
        """Insert or replace on (sport, league, season, player_id, team_id)."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO player_season_stats AS s (sport, league, season, player_id, team_id, games, stats,
                                                  updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (sport, league, season, player_id, team_id) DO UPDATE SET
                games = EXCLUDED.games, stats = EXCLUDED.stats, updated_at = EXCLUDED.updated_at
            WHERE (s.games, s.stats) IS DISTINCT FROM (EXCLUDED.games, EXCLUDED.stats)
            """,
            [
                (
                    r.sport,
                    r.league,
                    r.season,
                    r.player_id,
                    r.team_id,
                    r.games,
                    dict(r.stats),
                    r.updated_at or now,
                )
                for r in rows
            ],
        )

    async def upsert_team_season_stats(self, rows: Sequence[TeamSeasonStats]) -> None:
        """Insert or replace on (sport, league, season, team_id)."""
        now = _wall_clock()
        await self._executemany(
            """
            INSERT INTO team_season_stats AS s (sport, league, season, team_id, games, stats, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (sport, league, season, team_id) DO UPDATE SET
                games = EXCLUDED.games, stats = EXCLUDED.stats, updated_at = EXCLUDED.updated_at
            WHERE (s.games, s.stats) IS DISTINCT FROM (EXCLUDED.games, EXCLUDED.stats)
            """,
            [
                (r.sport, r.league, r.season, r.team_id, r.games, dict(r.stats), r.updated_at or now)
                for r in rows
            ],
        )

    async def get_player_game_stats(
        self, *, game_id: int | None = None, player_id: str | None = None
    ) -> list[PlayerGameStats]:
        """Lines filtered by game and/or player, ordered by (game_id, player_id)."""
        rows = await self._fetch(
            "SELECT * FROM player_game_stats WHERE ($1::bigint IS NULL OR game_id = $1)"
            " AND ($2::text IS NULL OR player_id = $2) ORDER BY game_id, player_id",
            game_id,
            player_id,
        )
        return [_DECODE.player_game_stats(r) for r in rows]

    async def get_team_game_stats(
        self, *, game_id: int | None = None, team_id: str | None = None
    ) -> list[TeamGameStats]:
        """Boxes filtered by game and/or team, ordered by (game_id, team_id)."""
        rows = await self._fetch(
            "SELECT * FROM team_game_stats WHERE ($1::bigint IS NULL OR game_id = $1)"
            " AND ($2::text IS NULL OR team_id = $2) ORDER BY game_id, team_id",
            game_id,
            team_id,
        )
        return [_DECODE.team_game_stats(r) for r in rows]

    async def get_player_season_stats(
        self, *, sport: str, season: int, league: str | None = None, player_id: str | None = None
    ) -> list[PlayerSeasonStats]:
        """Season totals, ordered by (player_id, team_id)."""
        rows = await self._fetch(
            "SELECT * FROM player_season_stats WHERE sport = $1 AND season = $2"
            " AND ($3::text IS NULL OR league = $3) AND ($4::text IS NULL OR player_id = $4)"
            ' ORDER BY player_id, team_id, league COLLATE "C"',
            sport,
            season,
            league,
            player_id,
        )
        return [_DECODE.player_season_stats(r) for r in rows]

    async def get_team_season_stats(
        self, *, sport: str, season: int, league: str | None = None, team_id: str | None = None
    ) -> list[TeamSeasonStats]:
        """Season totals, ordered by team_id."""
        rows = await self._fetch(
            "SELECT * FROM team_season_stats WHERE sport = $1 AND season = $2"
            " AND ($3::text IS NULL OR league = $3) AND ($4::text IS NULL OR team_id = $4)"
            ' ORDER BY team_id, league COLLATE "C"',
            sport,
            season,
            league,
            team_id,
        )
        return [_DECODE.team_season_stats(r) for r in rows]

    async def recompute_season_stats(
        self, *, sport: str, league: str, season: int, player_ids: Sequence[str], team_ids: Sequence[str]
    ) -> None:
        """Rebuild these players' and teams' season totals as sums of their game lines."""
        now = _wall_clock()
        async with self._session(atomic=True) as conn:
            if player_ids:
                await conn.execute(_RECOMPUTE_PLAYERS, sport, league, season, list(player_ids), now)
            if team_ids:
                await conn.execute(_RECOMPUTE_TEAMS, sport, league, season, list(team_ids), now)

    # -- sync log, api usage -------------------------------------------------------------

    async def add_sync_run(self, run: SyncRun) -> SyncRun:
        """Append a sync-log row; return it with ``id``."""
        async with self._session() as conn:
            run_id = await conn.fetchval(
                """
                INSERT INTO sync_log (task_id, game_id, sport, seeding_type, status, correlation_id,
                                      started_at, finished_at, api_calls, teams_done, players_done,
                                      entities_failed, error, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                RETURNING id
                """,
                run.task_id,
                run.game_id,
                run.sport,
                run.seeding_type,
                run.status,
                run.correlation_id,
                run.started_at,
                run.finished_at,
                run.api_calls,
                run.teams_done,
                run.players_done,
                run.entities_failed,
                run.error,
                _wall_clock(),
            )
        return attrs.evolve(run, id=run_id)

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
        return [_DECODE.sync_run(r) for r in await self._fetch(sql, *where.args)]

    async def record_api_calls(self, calls: Sequence[ApiCall]) -> None:
        """Append usage records (one round trip)."""
        await self._executemany(
            """
            INSERT INTO api_calls (at, sport, endpoint, params, status, error_class, duration_ms,
                                   quota_remaining_day, quota_remaining_minute, cached)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [
                (
                    c.at,
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
        rows = await self._fetch(f"SELECT * FROM api_calls{where.sql()} ORDER BY at, id", *where.args)
        return [_DECODE.api_call(r) for r in rows]

    async def count_api_calls(
        self, *, since: datetime, sport: str | None = None, cached: bool = False
    ) -> int:
        """How many calls were made at or after ``since`` (cache hits only if ``cached``)."""
        async with self._session() as conn:
            count = await conn.fetchval(
                "SELECT count(*) FROM api_calls WHERE at >= $1 AND ($2::text IS NULL OR sport = $2)"
                " AND ($3 OR NOT cached)",
                _arg_ts(since, "since"),
                sport,
                cached,
            )
        return int(count)

    # -- workers, scheduler state -------------------------------------------------------

    async def heartbeat(self, worker: WorkerInfo) -> None:
        """Insert or update a worker row by id."""
        await self._execute(
            """
            INSERT INTO workers (id, host, pid, started_at, heartbeat_at, status, info)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (id) DO UPDATE SET
                host = EXCLUDED.host, pid = EXCLUDED.pid, started_at = EXCLUDED.started_at,
                heartbeat_at = EXCLUDED.heartbeat_at, status = EXCLUDED.status, info = EXCLUDED.info
            """,
            worker.id,
            worker.host,
            worker.pid,
            worker.started_at,
            worker.heartbeat_at,
            worker.status,
            dict(worker.info),
        )

    async def list_workers(self) -> list[WorkerInfo]:
        """Workers, most recent heartbeat first."""
        rows = await self._fetch("SELECT * FROM workers ORDER BY heartbeat_at DESC, id")
        return [_DECODE.worker(r) for r in rows]

    async def get_state(self, key: str) -> Any | None:
        """A JSON value from the key-value table, or ``None``."""
        rows = await self._fetch("SELECT value FROM scheduler_state WHERE key = $1", key)
        return rows[0][0] if rows else None

    async def set_state(self, key: str, value: Any) -> None:
        """Set (upsert) a JSON value."""
        await self._execute(
            """
            INSERT INTO scheduler_state (key, value, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            """,
            key,
            value,
            _wall_clock(),
        )

    # -- cache -------------------------------------------------------------------------

    async def cache_get(self, key: str, *, now: datetime) -> Any | None:
        """A cached JSON value that has not expired at ``now``, or ``None``."""
        rows = await self._fetch(
            "SELECT value FROM api_cache WHERE key = $1 AND (expires_at IS NULL OR expires_at > $2)",
            key,
            _arg_ts(now, "now"),
        )
        return rows[0][0] if rows else None

    async def cache_put(self, key: str, value: Any, *, expires_at: datetime | None) -> None:
        """Cache a JSON value until ``expires_at`` (``None``: until invalidated)."""
        await self._execute(
            """
            INSERT INTO api_cache (key, value, expires_at, created_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (key) DO UPDATE SET
                value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at
            """,
            key,
            value,
            None if expires_at is None else _arg_ts(expires_at, "expires_at"),
            _wall_clock(),
        )

    async def cache_invalidate(self, prefix: str) -> int:
        """Drop entries whose key starts with ``prefix``; return how many."""
        return await self._execute("DELETE FROM api_cache WHERE starts_with(key, $1)", prefix)

    # -- team alias overrides ----------------------------------------------------------

    async def add_team_alias(
        self, *, sport: str, alias: str, team_id: str, league: str | None = None
    ) -> None:
        """Upsert a user override ``alias`` → ``team_id``."""
        await self._execute(
            """
            INSERT INTO team_aliases (sport, alias, league, team_id, created_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (sport, alias, league) DO UPDATE SET team_id = EXCLUDED.team_id
            """,
            sport,
            alias,
            league or "",
            team_id,
            _wall_clock(),
        )

    async def list_team_aliases(self, sport: str) -> list[tuple[str, str, str | None]]:
        """``(alias, team_id, league)`` overrides of a sport, ordered by alias then league."""
        rows = await self._fetch(
            "SELECT alias, team_id, league FROM team_aliases WHERE sport = $1"
            ' ORDER BY alias, league COLLATE "C"',
            sport,
        )
        return [(r[0], r[1], r[2] or None) for r in rows]


# -- helpers and statements -------------------------------------------------------------------


def _claim_order(task: SeedTask) -> tuple[datetime, int, int]:
    return (task.eligible_at, -task.priority, task.id or 0)


def _check_outcome(outcome: TaskOutcome) -> None:
    if outcome.status == TaskStatus.RUNNING:
        raise ModelError("a task outcome cannot be RUNNING; use extend_lease to keep a task")


def _names_a_game_twice(games: Sequence[Game]) -> bool:
    """Whether two games of a batch share an id, a natural key or an external id (so that the
    later must see what the earlier wrote, which the set-based write does not do)."""
    ids = [g.id for g in games if g.id is not None]
    externals = [(g.sport, g.external_id) for g in games if g.external_id is not None]
    keys = {(g.sport, g.league, g.season, g.home_team_id, g.away_team_id, g.start_at.date()) for g in games}
    return len(keys) < len(games) or len(set(ids)) < len(ids) or len(set(externals)) < len(externals)


_STATUS_TEXT = {status: status.value for status in GameStatus}  # a dict hit is cheaper than str()


def _game_values(g: Game) -> tuple[Any, ...]:
    """A game's columns from ``sport`` to ``away_score``, in table order."""
    return (
        g.sport,
        g.league,
        g.season,
        g.home_team_id,
        g.away_team_id,
        g.start_at,
        g.start_at.date(),
        g.time_tbd,
        _STATUS_TEXT[g.status],
        g.external_id,
        g.source_id,
        g.venue,
        g.week,
        g.game_type,
        g.home_score,
        g.away_score,
    )


def _columns(rows: Sequence[tuple[Any, ...]]) -> list[list[Any]]:
    """Rows as one list per column (the arrays of an ``unnest``)."""
    return [list(column) for column in zip(*rows, strict=True)]


async def _write_games(
    conn: asyncpg.Connection, games: Sequence[Game], now: datetime, *, ids: bool
) -> list[int] | None:
    """Write a batch that names each game once, set-based; its ids in input order (``None`` for
    new games unless ``ids``). Three steps: look up the stored game of every game without id
    (one query, skipped when the store has no game of their sports), update the matched ones
    (one ``UPDATE … FROM unnest``), ``COPY`` the new ones.

    Returns ``None``, having written nothing, when two games resolve to one stored game (one of
    them moves it, the other has its old key): only row by row does the later see the move.
    """
    game_ids: list[Any] = [g.id for g in games]
    lookup = [i for i, g in enumerate(games) if g.id is None]
    # Both keys include the sport: with no stored game of these sports (a first load), nothing matches.
    if lookup and await conn.fetchval(_ANY_GAME_OF, sorted({games[i].sport for i in lookup})):
        keys = [
            (g.sport, g.league, g.season, g.home_team_id, g.away_team_id, g.start_at.date(), g.external_id)
            for g in (games[i] for i in lookup)
        ]
        for index, found in zip(lookup, await conn.fetchval(_RESOLVE_GAMES, *_columns(keys)), strict=True):
            game_ids[index] = found
    matched = [i for i in game_ids if i is not None]
    if len(set(matched)) < len(matched):
        return None
    if matched:
        updates = [
            (game_id, *_game_values(g))
            for game_id, g in zip(game_ids, games, strict=True)
            if game_id is not None
        ]
        await conn.execute(_UPDATE_GAMES, *_columns(updates), now)
    new = [i for i, game_id in enumerate(game_ids) if game_id is None]
    if new:
        columns = _GAME_COLUMNS
        records = [(*_game_values(games[i]), now, now) for i in new]
        if ids:
            drawn = await conn.fetchval(_NEW_GAME_IDS, len(new))
            for index, game_id in zip(new, drawn, strict=True):
                game_ids[index] = game_id
            columns = ["id", *_GAME_COLUMNS]
            records = [(game_id, *record) for game_id, record in zip(drawn, records, strict=True)]
        await conn.copy_records_to_table("games", records=records, columns=columns)
    return game_ids


# A game without id resolves to the row with its natural key, else the row with its external id;
# with none, a fresh id is drawn and the row inserted. One row comes back per input row.
_UPSERT_GAME = """
INSERT INTO games AS g (id, sport, league, season, home_team_id, away_team_id, start_at, start_date, time_tbd,
                        status, external_id, source_id, venue, week, game_type, home_score, away_score,
                        created_at, updated_at)
SELECT coalesce(
           $1::bigint,
           (SELECT id FROM games
            WHERE sport = $2 AND league = $3 AND season = $4 AND home_team_id = $5 AND away_team_id = $6
              AND start_date = $8),
           (SELECT id FROM games WHERE $11::text IS NOT NULL AND sport = $2 AND external_id = $11),
           nextval(pg_get_serial_sequence('games', 'id'))),
       $2::text, $3::text, $4::integer, $5::text, $6::text, $7::timestamptz, $8::date, $9::boolean, $10::text,
       $11::text, $12::text, $13::text, $14::integer, $15::text, $16::integer, $17::integer,
       $18::timestamptz, $18::timestamptz
ON CONFLICT (id) DO UPDATE SET
    sport = EXCLUDED.sport, league = EXCLUDED.league, season = EXCLUDED.season,
    home_team_id = EXCLUDED.home_team_id, away_team_id = EXCLUDED.away_team_id, start_at = EXCLUDED.start_at,
    start_date = EXCLUDED.start_date, time_tbd = EXCLUDED.time_tbd, status = EXCLUDED.status,
    external_id = EXCLUDED.external_id, source_id = EXCLUDED.source_id, venue = EXCLUDED.venue,
    week = EXCLUDED.week, game_type = EXCLUDED.game_type, home_score = EXCLUDED.home_score,
    away_score = EXCLUDED.away_score,
    updated_at = CASE
        WHEN (g.sport, g.league, g.season, g.home_team_id, g.away_team_id, g.start_at, g.time_tbd, g.status,
              g.external_id, g.source_id, g.venue, g.week, g.game_type, g.home_score, g.away_score)
             IS DISTINCT FROM
             (EXCLUDED.sport, EXCLUDED.league, EXCLUDED.season, EXCLUDED.home_team_id, EXCLUDED.away_team_id,
              EXCLUDED.start_at, EXCLUDED.time_tbd, EXCLUDED.status, EXCLUDED.external_id, EXCLUDED.source_id,
              EXCLUDED.venue, EXCLUDED.week, EXCLUDED.game_type, EXCLUDED.home_score, EXCLUDED.away_score)
        THEN EXCLUDED.updated_at ELSE g.updated_at END
RETURNING g.*
"""

# The set-based form of _UPSERT_GAME, in three steps, for a batch that names each game once.
# 1. The stored game of each game without id: natural key, else external id (NULL: none).
# JSON rather than array parameters: the first use of an array type on a connection costs a
# type introspection round trip (~15 ms), and this is the first query of an ingestion.
_SEASONS_WITH_GAMES = """
SELECT s.league, s.season FROM json_to_recordset($2::json) AS s (league text, season integer)
WHERE EXISTS (SELECT 1 FROM games AS g WHERE g.sport = $1 AND g.league = s.league AND g.season = s.season)
"""
_ANY_GAME_OF = "SELECT EXISTS (SELECT 1 FROM games WHERE sport = ANY($1::text[]))"
_RESOLVE_GAMES = """
SELECT array_agg(coalesce(by_key.id, by_external.id) ORDER BY i.ord)
FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::date[], $7::text[])
    WITH ORDINALITY AS i (sport, league, season, home_team_id, away_team_id, start_date, external_id, ord)
LEFT JOIN games AS by_key
    ON by_key.sport = i.sport AND by_key.league = i.league AND by_key.season = i.season
   AND by_key.home_team_id = i.home_team_id AND by_key.away_team_id = i.away_team_id
   AND by_key.start_date = i.start_date
LEFT JOIN games AS by_external ON by_external.sport = i.sport AND by_external.external_id = i.external_id
"""
# 2. The matched games, rewritten where anything changed (so updated_at moves only then).
_UPDATE_GAMES = """
UPDATE games AS g SET
    sport = u.sport, league = u.league, season = u.season, home_team_id = u.home_team_id,
    away_team_id = u.away_team_id, start_at = u.start_at, start_date = u.start_date, time_tbd = u.time_tbd,
    status = u.status, external_id = u.external_id, source_id = u.source_id, venue = u.venue, week = u.week,
    game_type = u.game_type, home_score = u.home_score, away_score = u.away_score, updated_at = $18
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::timestamptz[],
            $8::date[], $9::boolean[], $10::text[], $11::text[], $12::text[], $13::text[], $14::integer[],
            $15::text[], $16::integer[], $17::integer[])
    AS u (id, sport, league, season, home_team_id, away_team_id, start_at, start_date, time_tbd, status,
          external_id, source_id, venue, week, game_type, home_score, away_score)
WHERE g.id = u.id
  AND (g.sport, g.league, g.season, g.home_team_id, g.away_team_id, g.start_at, g.time_tbd, g.status,
       g.external_id, g.source_id, g.venue, g.week, g.game_type, g.home_score, g.away_score)
      IS DISTINCT FROM
      (u.sport, u.league, u.season, u.home_team_id, u.away_team_id, u.start_at, u.time_tbd, u.status,
       u.external_id, u.source_id, u.venue, u.week, u.game_type, u.home_score, u.away_score)
"""
# 3. The others, new: COPY (with ids drawn beforehand when the caller wants them back).
_NEW_GAME_IDS = """
SELECT array_agg(nextval(s.sequence))
FROM (SELECT pg_get_serial_sequence('games', 'id')::regclass AS sequence) AS s, generate_series(1, $1)
"""
_GAME_COLUMNS = [
    "sport",
    "league",
    "season",
    "home_team_id",
    "away_team_id",
    "start_at",
    "start_date",
    "time_tbd",
    "status",
    "external_id",
    "source_id",
    "venue",
    "week",
    "game_type",
    "home_score",
    "away_score",
    "created_at",
    "updated_at",
]

_UPSERT_TASK = """
INSERT INTO seeding_tasks AS t (game_id, sport, league, season, due_at, status, strategy, priority,
                                attempts, max_attempts, next_attempt_at, lease_owner, lease_expires_at,
                                last_error, api_calls, duration_s, entities_done, entities_failed, started_at,
                                finished_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)
ON CONFLICT (game_id) DO UPDATE SET
    due_at = EXCLUDED.due_at, strategy = EXCLUDED.strategy, priority = EXCLUDED.priority,
    max_attempts = EXCLUDED.max_attempts,
    next_attempt_at = CASE WHEN t.due_at = EXCLUDED.due_at THEN t.next_attempt_at ELSE EXCLUDED.due_at END,
    updated_at = EXCLUDED.updated_at
WHERE t.status = 'pending'
  AND (t.due_at, t.strategy, t.priority, t.max_attempts)
      IS DISTINCT FROM (EXCLUDED.due_at, EXCLUDED.strategy, EXCLUDED.priority, EXCLUDED.max_attempts)
RETURNING (xmax = 0) AS inserted
"""

# Season totals are rebuilt from the game lines of the season's games, in one statement: rows of
# these players (teams) left without any line are deleted, the others upserted with per-stat sums.
_RECOMPUTE_PLAYERS = """
WITH lines AS (
    SELECT s.player_id, s.team_id, s.stats
    FROM player_game_stats AS s JOIN games AS g ON g.id = s.game_id
    WHERE g.sport = $1 AND g.league = $2 AND g.season = $3 AND s.player_id = ANY($4::text[])
), counts AS (
    SELECT player_id, team_id, count(*) AS games FROM lines GROUP BY player_id, team_id
), totals AS (
    SELECT l.player_id, l.team_id, e.key, sum(e.value::double precision) AS total
    FROM lines AS l, jsonb_each(l.stats) AS e
    GROUP BY l.player_id, l.team_id, e.key
), stale AS (
    DELETE FROM player_season_stats AS p
    WHERE p.sport = $1 AND p.league = $2 AND p.season = $3 AND p.player_id = ANY($4::text[])
      AND NOT EXISTS (SELECT 1 FROM counts AS c WHERE c.player_id = p.player_id AND c.team_id = p.team_id)
)
INSERT INTO player_season_stats AS p (sport, league, season, player_id, team_id, games, stats, updated_at)
SELECT $1, $2, $3, c.player_id, c.team_id, c.games,
       coalesce((SELECT jsonb_object_agg(t.key, t.total) FROM totals AS t
                 WHERE t.player_id = c.player_id AND t.team_id = c.team_id), '{}'::jsonb),
       $5::timestamptz
FROM counts AS c
ON CONFLICT (sport, league, season, player_id, team_id) DO UPDATE SET
    games = EXCLUDED.games, stats = EXCLUDED.stats, updated_at = EXCLUDED.updated_at
WHERE (p.games, p.stats) IS DISTINCT FROM (EXCLUDED.games, EXCLUDED.stats)
"""

_RECOMPUTE_TEAMS = """
WITH lines AS (
    SELECT s.team_id, s.stats
    FROM team_game_stats AS s JOIN games AS g ON g.id = s.game_id
    WHERE g.sport = $1 AND g.league = $2 AND g.season = $3 AND s.team_id = ANY($4::text[])
), counts AS (
    SELECT team_id, count(*) AS games FROM lines GROUP BY team_id
), totals AS (
    SELECT l.team_id, e.key, sum(e.value::double precision) AS total
    FROM lines AS l, jsonb_each(l.stats) AS e
    GROUP BY l.team_id, e.key
), stale AS (
    DELETE FROM team_season_stats AS p
    WHERE p.sport = $1 AND p.league = $2 AND p.season = $3 AND p.team_id = ANY($4::text[])
      AND NOT EXISTS (SELECT 1 FROM counts AS c WHERE c.team_id = p.team_id)
)
INSERT INTO team_season_stats AS p (sport, league, season, team_id, games, stats, updated_at)
SELECT $1, $2, $3, c.team_id, c.games,
       coalesce((SELECT jsonb_object_agg(t.key, t.total) FROM totals AS t WHERE t.team_id = c.team_id),
                '{}'::jsonb),
       $5::timestamptz
FROM counts AS c
ON CONFLICT (sport, league, season, team_id) DO UPDATE SET
    games = EXCLUDED.games, stats = EXCLUDED.stats, updated_at = EXCLUDED.updated_at
WHERE (p.games, p.stats) IS DISTINCT FROM (EXCLUDED.games, EXCLUDED.stats)
"""


if TYPE_CHECKING:

    def _is_a_store(store: PostgresStore) -> Store:
        return store
