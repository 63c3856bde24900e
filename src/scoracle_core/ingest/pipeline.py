"""``ingest_schedule``: one schedule file into the store, validated, all or nothing.

Read → detect the format → parse → validate every row → write, all in one transaction →
re-plan or cancel the seed tasks of changed games.

Writing starts while later rows are still being validated. Valid games go to the store in
chunks of growing size: the games of a league-season that has no stored game yet (a first
ingestion) are new by definition and are inserted at once (``Store.insert_games``); the others
are matched with the stored games of their league and season once every row is read
(:mod:`~scoracle_core.ingest.reconcile`). A file rejected at the end rolls back what was written.
With PostgreSQL, validation goes on in a child task while the server writes the previous chunk.

* Default: any error rejects the whole file; nothing is written and :class:`ScheduleRejected`
  carries the report with every problem.
* ``skip_invalid=True``: the valid rows are stored and the others listed (if no row is valid,
  the file is rejected all the same).
* ``dry_run=True``: everything is computed against the store, nothing is written.
* Warnings never reject.

Game types: by default only :data:`~scoracle_core.ingest.validate.DEFAULT_GAME_TYPES` (regular
season, playoffs, play-in, cup final: the games whose stats count) are ingested; preseason,
all-star and unknown types are skipped and counted. Pass ``game_types=`` to choose.

A caller's ``season=`` / ``league=`` also select: rows the file assigns to another season or
league are skipped (and counted), not stored under the wrong one.
"""

from __future__ import annotations

import functools
import gc
import logging
import time as _time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import anyio.lowlevel
import attrs

from scoracle_core._sync import in_event_loop, run_sync
from scoracle_core.errors import ConfigError
from scoracle_core.ingest.decode import read_schedule
from scoracle_core.ingest.detect import available_formats, detect_format, format_named
from scoracle_core.ingest.formats import Problem, RawGame, ScheduleFormat
from scoracle_core.ingest.reconcile import Reconciliation, reconcile
from scoracle_core.ingest.report import IngestReport, ScheduleRejected
from scoracle_core.ingest.timing import check_zone
from scoracle_core.ingest.validate import DEFAULT_GAME_TYPES, Candidate, Duplicates, RowValidator
from scoracle_core.model import Game, SeedTask, TaskStatus
from scoracle_core.plan import due_at
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.runtime import resolver_for
from scoracle_core.sport import League, SportAdapter
from scoracle_core.store import GameQuery, Store, TaskQuery, open_store

__all__ = ["aingest_schedule", "ingest_schedule"]

log = logging.getLogger(__name__)

#: Longer problem messages are cut (plugins may quote whole cells).
MAX_MESSAGE_CHARS = 500
_NO_DELAY = timedelta(0)


class _Rejected(Exception):
    """Internal: stop and raise ScheduleRejected with the report built so far."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__()
        self.problems = problems


@attrs.define
class _Run:
    """The state of one ingestion as it goes."""

    source: str
    dry_run: bool
    format: str = ""
    sport: str = ""
    problems: list[Problem] = attrs.field(factory=list)
    rows: set[str] = attrs.field(factory=set)  # where of every RawGame the format produced
    order: dict[str, int] = attrs.field(factory=dict)  # where → position in the file

    def seen(self, where: str) -> None:
        self.order.setdefault(where, len(self.order))

    errors: int = 0  # problems of severity "error" so far

    def add(self, problem: Problem) -> None:
        self.seen(problem.where)
        if problem.severity == "error":
            self.errors += 1
        if not problem.source:
            problem = attrs.evolve(problem, source=self.source)
        if len(problem.message) > MAX_MESSAGE_CHARS:  # a plugin echoing a huge cell must not flood a report
            problem = attrs.evolve(problem, message=problem.message[:MAX_MESSAGE_CHARS] + "…")
        self.problems.append(problem)

    def report(self) -> IngestReport:
        """The report so far: problems in file order (file-wide ones first)."""
        failed = {p.where for p in self.problems if p.severity == "error" and p.where not in ("", "$")}
        problems = sorted(self.problems, key=lambda p: -1 if p.where in ("", "$") else self.order[p.where])
        return IngestReport(
            source=self.source,
            format=self.format,
            sport=self.sport,
            rows=len(self.rows | failed),
            rejected=len(failed),
            problems=tuple(problems),
            dry_run=self.dry_run,
        )


_gc_pauses = 0


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file's rows are built and written.

    Ingestion creates several objects per row, many alive at once; the collector would scan
    that heap again and again (on a 20,000-row file, about a third of validation time).
    Reference counting still frees everything as usual; only cycle detection waits until the
    end. Nested and concurrent ingestions share one pause.
    """
    global _gc_pauses
    if not gc.isenabled() and _gc_pauses == 0:  # the host turned it off itself: leave it alone
        yield
        return
    _gc_pauses += 1
    gc.disable()
    try:
        yield
    finally:
        _gc_pauses -= 1
        if _gc_pauses == 0:
            gc.enable()


def _read_rows(fmt: ScheduleFormat, text: str, run: _Run) -> Iterator[RawGame]:
    """The format's rows; its problems go to ``run``. A format that breaks its contract by raising
    becomes one problem (a plugin bug must not turn into a traceback or a half-written store)."""
    where = ""
    order, rows = run.order, run.rows
    try:
        items: Iterable[object] = fmt.parse(text, source=run.source)  # checked: plugins may misbehave
        for item in items:
            if isinstance(item, RawGame):
                where = item.where
                order.setdefault(where, len(order))  # run.seen(where), inlined: once per row
                rows.add(where)
                yield item
            elif isinstance(item, Problem):
                run.add(item)
            else:
                run.add(Problem(where=where, message=f"format {fmt.name} produced {type(item).__name__}"))
    except Exception as exc:  # the plugin boundary: see the docstring
        log.info("ingest.format_failed format=%s", fmt.name, exc_info=True)
        run.add(
            Problem(
                where=where,
                message=f"format {fmt.name} failed after this row: {type(exc).__name__}: {exc}"[
                    :MAX_MESSAGE_CHARS
                ],
                code="format-failed",
            )
        )


def _choose_format(
    text: str, path: Path, format_name: str | None, sport: str | None, sports: Sports
) -> ScheduleFormat:
    formats = available_formats(sports, sport)
    if format_name:
        found = format_named(format_name, formats)
        if isinstance(found, Problem):
            raise _Rejected(found)
        return found
    detection = detect_format(text, path.name, formats)
    if detection.format is None:
        raise _Rejected(*([detection.problem] if detection.problem else []))
    return detection.format


def _sport_of(fmt: ScheduleFormat, text: str, sport: str | None, sports: Sports) -> SportAdapter:
    declared_fn = getattr(fmt, "declared_sport", None)
    declared = declared_fn(text) if callable(declared_fn) else None
    stated = [s for s in (fmt.sport, declared) if s]
    if sport is None and not stated:
        raise _Rejected(
            Problem(where="", message="the file does not say its sport: pass --sport", code="no-sport")
        )
    adapter = sports.get(sport or stated[0])
    for other in stated:
        if other.casefold() not in {adapter.key.casefold(), adapter.name.casefold()}:
            raise _Rejected(
                Problem(
                    where="",
                    message=f"this {fmt.name} file is for sport {other!r}, not {adapter.key!r}",
                    code="wrong-sport",
                )
            )
    return adapter


#: Valid rows between two chances for an overlapping writer to run (each of its round trips to
#: the server waits for one); without overlap, batches only need to fill a chunk.
_OVERLAP_BATCH, _BATCH = 8, 128
#: Games per write: the first write starts early, later ones are larger (fewer round trips).
_FIRST_CHUNK, _MAX_CHUNK = 128, 2048


def _candidate_batches(
    rows: Iterable[RawGame], validator: RowValidator, run: _Run, *, size: int
) -> Iterator[list[Candidate]]:
    """The rows that pass every check, ``size`` at a time; problems go to ``run``.

    Problems about the file as a whole (rows naming no league, fuzzy team matches, duplicates)
    are added once every row is read, before the last batch.
    """
    duplicates = Duplicates()
    repeated: list[Problem] = []
    batch: list[Candidate] = []
    for raw in rows:
        outcome = validator.check(raw)
        if isinstance(outcome, Candidate):
            problem = duplicates.check(outcome)
            if problem is not None:
                repeated.append(problem)
                continue
            batch.append(outcome)
            if len(batch) == size:
                yield batch
                batch = []
        elif outcome is not None:
            for problem in outcome:
                run.add(problem)
    if validator.leagueless:
        leagues = ", ".join(validator.adapter.leagues)
        for where in validator.leagueless:
            run.add(
                Problem(
                    where=where,
                    message=f"no league: the row names none and --league was not given ({leagues})",
                    code="no-league",
                )
            )
    for note in validator.notes:
        run.add(note)
    for problem in repeated:
        run.add(problem)
    yield batch


class _Chunker:
    """Regroups validated batches into writes of growing size (see ``_FIRST_CHUNK``)."""

    def __init__(self) -> None:
        self.rest: list[Candidate] = []
        self._size = _FIRST_CHUNK

    def add(self, batch: list[Candidate]) -> list[Candidate] | None:
        """A chunk to write once enough games have come, else ``None``."""
        self.rest.extend(batch)
        if len(self.rest) < self._size:
            return None
        chunk, self.rest, self._size = self.rest, [], min(self._size * 2, _MAX_CHUNK)
        return chunk


class _Loader:
    """Takes a file's valid games chunk by chunk, as validation produces them.

    The games of a league-season with no stored game yet (a first ingestion) are new by
    definition and are written at once. The others wait: they are matched with the stored games
    of their league and season (:func:`reconcile`) once the whole file is read, since a moved game
    is recognised only by looking at every row. Writes happen inside the caller's transaction, so
    a file rejected at the end leaves nothing behind; none are made once an error is seen unless
    invalid rows are to be skipped, nor in a dry run.

    With a store whose bulk writes are done by a database server (``bulk_writes_overlap``),
    validation goes on in a child task while the previous chunk is written, so the two overlap.
    It runs at most two chunks ahead: one waits in the stream, the next waits to be sent.
    """

    def __init__(self, store: Store, sport: str, run: _Run, *, write: bool, skip_invalid: bool) -> None:
        self.store, self.sport, self.run = store, sport, run
        self.write, self.skip_invalid = write, skip_invalid
        self.fresh: dict[tuple[str, int], bool] = {}  # (league, season) → no stored games at the start
        self.stored: list[Game] = []  # the stored games of the other league-seasons
        self.deferred: list[Candidate] = []  # candidates to reconcile with them
        self.leagues: dict[str, League] = {}
        self.seasons: set[int] = set()
        self.inserted = 0  # games of fresh league-seasons (written unless dry run or rejected)
        self.written = False

    @property
    def candidates(self) -> int:
        """Valid games taken so far."""
        return self.inserted + len(self.deferred)

    async def load(self, batches: Iterable[list[Candidate]], *, overlap: bool) -> None:
        """Take every batch (validating them as they are drawn)."""
        chunker = _Chunker()
        if not overlap:
            for batch in batches:
                if (chunk := chunker.add(batch)) is not None:
                    await self._take(chunk)
            await self._take(chunker.rest)
            return
        send, receive = anyio.create_memory_object_stream[list[Candidate]](max_buffer_size=1)

        async def validate() -> None:
            async with send:
                for batch in batches:
                    if (chunk := chunker.add(batch)) is not None:
                        await send.send(chunk)
                    # Validation is plain CPU work: pause after each batch, or the writer's
                    # round trips to the server would wait for a whole chunk each.
                    await anyio.lowlevel.checkpoint()
                await send.send(chunker.rest)

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(validate)
            async with receive:
                async for chunk in receive:
                    await self._take(chunk)

    async def _take(self, chunk: list[Candidate]) -> None:
        games = [c.game for c in chunk]
        scopes = {(g.league, g.season) for g in games}
        fresh = self.fresh
        if unseen := scopes - fresh.keys():  # a league's first chunk: the only time it is seen
            for cand in chunk:
                self.leagues.setdefault(cand.game.league, cand.league)
            stored = await self.store.seasons_with_games(self.sport, unseen)
            for league, season in sorted(unseen):
                fresh[(league, season)] = (league, season) not in stored
                self.seasons.add(season)
                if (league, season) in stored:
                    query = GameQuery(sport=self.sport, league=league, season=season)
                    self.stored.extend(await self.store.find_games(query))
        if all(fresh[scope] for scope in scopes):
            new = games
        else:
            new = [c.game for c in chunk if fresh[(c.game.league, c.game.season)]]
            self.deferred.extend(c for c in chunk if not fresh[(c.game.league, c.game.season)])
        self.inserted += len(new)
        if new and self.write and (self.skip_invalid or not self.run.errors):
            await self.store.insert_games(new)
            self.written = True

    def reconcile(self) -> Reconciliation:
        """The plan for the games that were not new, with the new ones counted as inserted."""
        plan = reconcile(self.deferred, self.stored)
        plan.counts["inserted"] += self.inserted
        return plan


async def _tasks_to_touch(
    store: Store, plan: Reconciliation, leagues: dict[str, League]
) -> tuple[list[SeedTask], list[int], list[tuple[int, datetime]]]:
    """(pending tasks to re-plan, games whose pending task to cancel, cancelled tasks to restore).

    A moved game's task keeps its delay after the start (whatever the planner chose: a configured
    delay, a batch slot), so its new due time is the old one shifted by the change of start; a
    task without a sensible delay gets the league's ``seed_delay``.
    """
    changed = {g.id: g for g in (*plan.rescheduled, *plan.resumed, *plan.stopped) if g.id is not None}
    if not changed:
        return [], [], []
    tasks = await store.find_tasks(TaskQuery(game_ids=tuple(sorted(changed))))
    by_game = {t.game_id: t for t in tasks}
    stopped = {g.id for g in plan.stopped}
    resumed = {g.id for g in plan.resumed}
    replan: list[SeedTask] = []
    cancel: list[int] = []
    restore: list[tuple[int, datetime]] = []
    for game_id, game in changed.items():
        task = by_game.get(game_id)
        if task is None or task.id is None:
            continue
        old = plan.before.get(game_id)
        delay = task.due_at - old.start_at if old is not None else None
        due = due_at(game, leagues[game.league], delay if delay is not None and delay >= _NO_DELAY else None)
        if game_id in stopped:
            if task.status == TaskStatus.PENDING:
                cancel.append(game_id)
        elif task.status == TaskStatus.PENDING and task.due_at != due:
            replan.append(attrs.evolve(task, due_at=due))
        elif task.status == TaskStatus.CANCELLED and game_id in resumed:
            restore.append((task.id, due))
    return replan, cancel, restore


async def aingest_schedule(
    store: Store,
    path: str | Path,
    *,
    sport: str | None = None,
    season: int | None = None,
    league: str | None = None,
    timezone: str | None = None,
    format: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    game_types: Iterable[str] = DEFAULT_GAME_TYPES,
    sports: Sports | None = None,
    now: datetime | None = None,
) -> IngestReport:
    """Ingest the schedule file at ``path`` into ``store`` (see the module docstring).

    ``sport`` may be omitted when the format or the file names it. ``timezone`` is the zone of
    times in files that do not state their own (an IANA name). ``now`` stamps cancelled tasks.

    Raises :class:`ScheduleRejected` (a ``ScheduleError``) with the report when the file is
    refused, and ``ConfigError`` / ``UnknownSportError`` / ``UnknownLeagueError`` for bad arguments.
    """
    with _cyclic_gc_paused():
        return await _ingest(
            store,
            Path(path),
            sport=sport,
            season=season,
            league=league,
            timezone=timezone,
            format=format,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            game_types=game_types,
            sports=sports,
            now=now,
        )


async def _ingest(
    store: Store,
    path: Path,
    *,
    sport: str | None,
    season: int | None,
    league: str | None,
    timezone: str | None,
    format: str | None,
    dry_run: bool,
    skip_invalid: bool,
    game_types: Iterable[str],
    sports: Sports | None,
    now: datetime | None,
) -> IngestReport:
    started = _time.perf_counter()
    run = _Run(source=str(path), dry_run=dry_run)
    sports = sports if sports is not None else load_plugins()
    sport = sports.get(sport).key if sport else None
    caller_zone = check_zone(timezone) if timezone else None
    if season is not None and not 1850 <= season <= 2200:
        raise ConfigError(f"season must be a start year such as 2024, got {season}")
    caller_league = sports.league(sport, league) if (sport and league) else None
    try:
        decoded = read_schedule(path, source=run.source)
        for problem in decoded.problems:
            run.add(problem)
        if decoded.text is None:
            raise _Rejected()
        text = decoded.text
        fmt = _choose_format(text, path, format, sport, sports)
        run.format = fmt.name
        adapter = _sport_of(fmt, text, sport, sports)
        run.sport = adapter.key
        if league and caller_league is None:
            caller_league = sports.league(adapter.key, league)
        validator = RowValidator(
            adapter=adapter,
            resolver=await resolver_for(sports, adapter.key, store=store),
            league=caller_league,
            season=season,
            timezone=caller_zone,
            game_types=game_types,
        )
        overlap = store.bulk_writes_overlap and not dry_run
        size = _OVERLAP_BATCH if overlap else _BATCH
        batches = _candidate_batches(_read_rows(fmt, text, run), validator, run, size=size)
        loader = _Loader(store, adapter.key, run, write=not dry_run, skip_invalid=skip_invalid)
        stamp = now or datetime.now(UTC)
        if dry_run:
            await loader.load(batches, overlap=False)
            _accept(run, loader, fmt, skip_invalid)
            plan = loader.reconcile()
            replan, cancel, restore = await _tasks_to_touch(store, plan, loader.leagues)
            written = False
        else:
            async with store.transaction():  # read, decide and write as one unit
                await loader.load(batches, overlap=overlap)
                _accept(run, loader, fmt, skip_invalid)  # or roll back what was written
                plan = loader.reconcile()
                replan, cancel, restore = await _tasks_to_touch(store, plan, loader.leagues)
                written = await _write(store, plan.writes, replan, cancel, restore, stamp) or loader.written
    except _Rejected as rejected:
        for problem in rejected.problems:
            run.add(problem)
        report = run.report()
        log.info("ingest.rejected source=%s errors=%d", run.source, len(report.errors))
        raise ScheduleRejected(report) from None

    leagues, seasons = loader.leagues, sorted(loader.seasons)
    report = attrs.evolve(
        run.report(),
        leagues=tuple(sorted(leagues)),
        seasons=tuple(seasons),
        inserted=plan.counts["inserted"],
        updated=plan.counts["updated"],
        unchanged=plan.counts["unchanged"],
        postponed=plan.counts["postponed"],
        cancelled=plan.counts["cancelled"],
        skipped=sum(validator.skipped.values()),
        skipped_reasons=dict(validator.skipped.most_common()),
        moved=plan.moved,
        tasks_replanned=len(replan),
        tasks_cancelled=len(cancel),
        tasks_restored=len(restore),
        changes=plan.changes,
        written=written,
    )
    log.info(
        "ingest.done source=%s format=%s %s dry_run=%s duration_ms=%.1f",
        run.source,
        run.format,
        " ".join(f"{k}={v}" for k, v in report.counts().items()),
        dry_run,
        (_time.perf_counter() - started) * 1000,
    )
    return report


def _accept(run: _Run, loader: _Loader, fmt: ScheduleFormat, skip_invalid: bool) -> None:
    """Raise ``_Rejected`` when the file is refused: no games at all, or errors (unless invalid
    rows are skipped and some rows are valid)."""
    if not run.rows and not run.problems:
        raise _Rejected(Problem(where="", message=f"no games found (read as {fmt.name})", code="empty"))
    if run.errors and (not skip_invalid or not loader.candidates):
        raise _Rejected()


async def _write(
    store: Store,
    games: Sequence[Game],
    replan: list[SeedTask],
    cancel: list[int],
    restore: list[tuple[int, datetime]],
    now: datetime,
) -> bool:
    """Apply the plan (inside the caller's transaction); whether anything was written."""
    if games:
        await store.upsert_games(games, returning=False)
    if replan:
        await store.upsert_tasks(replan)
    if cancel:
        await store.cancel_tasks(cancel, reason="game postponed or cancelled in the schedule", at=now)
    for task_id, due in restore:  # rare: games back on the schedule after a postponement
        await store.reset_task(task_id, at=due)
    return bool(games or replan or cancel or restore)


def ingest_schedule(
    store: Store | str,
    path: str | Path,
    *,
    sport: str | None = None,
    season: int | None = None,
    league: str | None = None,
    timezone: str | None = None,
    format: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    game_types: Iterable[str] = DEFAULT_GAME_TYPES,
    sports: Sports | None = None,
    now: datetime | None = None,
) -> IngestReport:
    """The synchronous twin of :func:`aingest_schedule`, for scripts and notebooks.

    ``store`` is a store URL (``"sqlite:///scoracle.db"``; opened and closed inside the call) or
    an open :class:`Store`. Inside a running event loop (Jupyter) pass a URL, or ``await``
    :func:`aingest_schedule` instead: an open store belongs to the loop it was opened on.
    """
    ingest = functools.partial(
        aingest_schedule,
        path=path,
        sport=sport,
        season=season,
        league=league,
        timezone=timezone,
        format=format,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        game_types=tuple(game_types),
        sports=sports,
        now=now,
    )
    if isinstance(store, str):
        url = store

        async def with_url() -> IngestReport:
            opened = await open_store(url)
            try:
                return await ingest(opened)
            finally:
                await opened.close()

        return run_sync(with_url)
    if in_event_loop():
        raise ConfigError(
            "ingest_schedule() was given an open store inside a running event loop; "
            "use `await aingest_schedule(store, …)`, or pass the store URL"
        )
    return run_sync(ingest, store)
