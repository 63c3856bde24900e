"""Schedule formats: the :class:`ScheduleFormat` protocol and the raw rows formats produce.

A format turns the text of one schedule file into :class:`RawGame` rows (or :class:`Problem`
values for rows it cannot read) **without** resolving teams or converting times: that is the
ingest pipeline's job, done the same way for every format. Formats are pure functions of the
text, so they are easy to test and to fuzz.

Sport plugins contribute the real-world formats they know through the
``register_schedule_formats(register)`` hook; the core ships the plan's template CSV and JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Literal, Protocol, runtime_checkable

import attrs

__all__ = ["Problem", "RawGame", "RowStatus", "ScheduleFormat"]

RowStatus = Literal["scheduled", "completed", "postponed", "cancelled"]


@attrs.frozen(kw_only=True)
class Problem:
    """Something wrong with one row: where (line number or JSON path) and what."""

    where: str  # "17" (1-based line) or "$.matches[3]"; "" for the file as a whole
    message: str
    source: str = ""  # file name, filled in by the pipeline when empty
    #: "error" rejects the row; "warning" reports a quirk that was handled (e.g. a fixed year).
    severity: Literal["error", "warning"] = "error"
    #: A stable, machine-readable kind (``"unknown-team"``, ``"dst-gap"`` …); ``""`` when unclassified.
    code: str = ""

    def __str__(self) -> str:
        location = ":".join(part for part in (self.source, self.where) if part)
        prefix = f"{location}: " if location else ""
        tag = "warning: " if self.severity == "warning" else ""
        return f"{prefix}{tag}{self.message}"


@attrs.frozen(kw_only=True, slots=False)  # one per row: dict-backed frozen init is cheaper (see Game)
class RawGame:
    """One game as a format read it: names as written, time as written.

    Time is given one of two ways:

    * ``day`` (+ ``clock``, ``None`` when the source has no time) as local wall-clock values in
      ``zone`` — the IANA zone the source writes in; ``None`` means "the league's zone"; or
    * ``start_at``: an aware instant, when the source states absolute time (UTC columns, API).
    """

    where: str  # line number or JSON path of the row, for error messages
    home: str
    away: str
    day: date | None = None
    clock: time | None = None
    zone: str | None = None
    start_at: datetime | None = None
    league: str | None = None  # league key when the file says (else the caller's --league)
    season: int | None = None  # when the file says (else the caller's --season)
    venue: str = ""
    game_type: str = "regular"  # regular | playoff | preseason | play-in | allstar | cup-final
    week: int | None = None
    source_id: str | None = None  # the source's own game id
    external_id: str | None = None  # API-Sports game id, when the source is the API
    status: RowStatus = "scheduled"
    home_score: int | None = None
    away_score: int | None = None
    neutral: bool = False
    explicit_zone: bool = False  # True when the row itself named its zone (overrides --timezone)


@runtime_checkable
class ScheduleFormat(Protocol):
    """A schedule file format.

    * ``name`` is unique and stable (``"nba-bbref-csv"``); users pass it as ``--format``.
    * ``sport`` is the sport key it belongs to, or ``None`` for sport-neutral formats.
    * ``sniff(head, filename)`` returns a confidence in [0, 1] that a file starting with ``head``
      (the first few KiB, decoded) is in this format; it must never raise.
    * ``parse(text, source=...)`` yields every row as a :class:`RawGame` or a :class:`Problem`;
      it must never raise on bad input (garbage becomes problems), and must skip rows that are
      not games (headers, comments, placeholder rows) silently or with a problem, as documented
      by the format.
    """

    @property
    def name(self) -> str:
        """Unique format name."""
        ...

    @property
    def sport(self) -> str | None:
        """Sport key, or ``None`` if any sport."""
        ...

    @property
    def description(self) -> str:
        """One line for ``--help`` and docs, including its time-zone convention."""
        ...

    def sniff(self, head: str, filename: str) -> float:
        """Confidence in [0, 1] that this file is in this format."""
        ...

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Rows of the file, in order."""
        ...
