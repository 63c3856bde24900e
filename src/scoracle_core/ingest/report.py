"""What an ingestion did (or would do): :class:`IngestReport`, and :class:`ScheduleRejected`.

Every game row of a file lands in exactly one bucket:

* ``inserted`` — a new game;
* ``updated`` — a known game whose time, date (``moved`` counts these), venue, ids, scores or
  status changed (other than to postponed/cancelled);
* ``unchanged`` — a known game, identical;
* ``postponed`` / ``cancelled`` — a game the file newly marks so (its pending task is cancelled);
* ``rejected`` — a row with an error (listed in ``problems``);
* ``skipped`` — a row deliberately left out (a game type not asked for, another season or
  league than the one asked for); ``skipped_reasons`` says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from scoracle_core.errors import ScheduleError
from scoracle_core.ingest.formats import Problem

__all__ = ["Change", "IngestReport", "ScheduleRejected"]

Action = Literal["inserted", "updated", "unchanged", "postponed", "cancelled"]


@attrs.frozen(kw_only=True)
class Change:
    """What happened to one known game (inserts and unchanged games are only counted)."""

    where: str  # the row
    action: Action
    game_id: int | None
    detail: str  # "start 2025-01-09 03:30Z → 2025-03-18 02:30Z"


@attrs.frozen(kw_only=True)
class IngestReport:
    """The outcome of ingesting one schedule file."""

    source: str
    format: str = ""
    sport: str = ""
    leagues: tuple[str, ...] = ()
    seasons: tuple[int, ...] = ()
    rows: int = 0  # game rows the format read, valid or not
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    postponed: int = 0
    cancelled: int = 0
    rejected: int = 0
    skipped: int = 0
    moved: int = 0  # among updated: games recognised at another date
    skipped_reasons: Mapping[str, int] = attrs.field(factory=dict)
    tasks_replanned: int = 0  # pending tasks given a new due time
    tasks_cancelled: int = 0  # pending tasks of postponed/cancelled games
    tasks_restored: int = 0  # cancelled tasks of games back on the schedule
    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()
    dry_run: bool = False
    written: bool = False  # whether the store was changed

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that reject their row."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that were handled and reported only."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def accepted(self) -> int:
        """Rows that are (or would be) in the store after this ingestion."""
        return self.inserted + self.updated + self.unchanged + self.postponed + self.cancelled

    def counts(self) -> dict[str, int]:
        """The buckets, in report order."""
        names = ("inserted", "updated", "unchanged", "postponed", "cancelled", "rejected", "skipped")
        return {name: int(getattr(self, name)) for name in names}

    def summary(self) -> str:
        """One line: ``nba.csv (template-csv, nba): 1230 rows — 1230 inserted, 0 updated, …``."""
        counts = ", ".join(f"{n} {name}" for name, n in self.counts().items())
        moved = f" ({self.moved} moved)" if self.moved else ""
        counts = counts.replace(" updated", f" updated{moved}", 1)
        tasks = [
            f"{n} {what}"
            for n, what in (
                (self.tasks_replanned, "tasks re-planned"),
                (self.tasks_cancelled, "tasks cancelled"),
                (self.tasks_restored, "tasks restored"),
            )
            if n
        ]
        extra = f"; {', '.join(tasks)}" if tasks else ""
        notes = f"; {len(self.warnings)} warning(s)" if self.warnings else ""
        mode = " [dry run: nothing stored]" if self.dry_run else ""
        what = ", ".join(x for x in (self.format, self.sport) if x)
        return f"{self.source}{f' ({what})' if what else ''}: {self.rows} rows — {counts}{extra}{notes}{mode}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: counts, scope, changes and every problem."""
        return {
            "source": self.source,
            "format": self.format,
            "sport": self.sport,
            "leagues": list(self.leagues),
            "seasons": list(self.seasons),
            "rows": self.rows,
            **self.counts(),
            "moved": self.moved,
            "skipped_reasons": dict(self.skipped_reasons),
            "tasks": {
                "replanned": self.tasks_replanned,
                "cancelled": self.tasks_cancelled,
                "restored": self.tasks_restored,
            },
            "changes": [attrs.asdict(c) for c in self.changes],
            "problems": [
                {
                    "source": p.source,
                    "where": p.where,
                    "severity": p.severity,
                    "code": p.code,
                    "message": p.message,
                    "text": str(p),
                }
                for p in self.problems
            ],
            "dry_run": self.dry_run,
            "written": self.written,
        }


class ScheduleRejected(ScheduleError):
    """A schedule was refused and nothing was stored; ``report`` holds every problem."""

    #: How many problems the exception message itself lists (the report has them all).
    shown = 20

    def __init__(self, report: IngestReport) -> None:
        errors = report.errors
        head = f"{report.source}: rejected, {len(errors)} error(s); nothing stored"
        lines = [str(p) for p in errors[: self.shown]]
        if len(errors) > self.shown:
            lines.append(f"… and {len(errors) - self.shown} more (see .report.problems)")
        super().__init__("\n  ".join([head, *lines]), report.problems)
        self.report = report
