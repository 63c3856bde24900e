"""CSV plumbing for schedule formats: rows with line numbers, columns by name, never raising.

A record the ``csv`` module cannot read becomes a :class:`~scoracle_core.ingest.formats.Problem`;
value parsers raise :class:`RowError`, which a format turns into a problem for that row.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import attrs

from scoracle_core.ingest.formats import Problem, RowStatus
from scoracle_core.teams import normalize

L = TypeVar("L")  # a format's column layout

__all__ = [
    "Columns",
    "Row",
    "RowError",
    "cell",
    "clamp",
    "head_header",
    "head_rows",
    "header_score",
    "known_fraction",
    "laid_out",
    "length_error",
    "read_csv",
    "status_of",
    "table",
    "team_bonus",
    "to_int",
    "warning_about",
]


class RowError(ValueError):
    """A row cannot be read; the message says why (the format adds the line), ``code`` what kind."""

    def __init__(self, message: str, code: str = "bad-value") -> None:
        super().__init__(message)
        self.code = code

    def problem(self, row: Row, source: str) -> Problem:
        """This error as the problem of ``row``."""
        return Problem(where=str(row.line), message=str(self), source=source, code=self.code)


@attrs.frozen
class Row:
    """One CSV record and the 1-based line it starts on."""

    line: int
    fields: tuple[str, ...]


class Columns:
    """Column positions of a header, looked up by (case- and space-insensitive) name."""

    def __init__(self, header: Sequence[str]) -> None:
        self.names = tuple(_key(name) for name in header)

    def __len__(self) -> int:
        return len(self.names)

    def find(self, name: str, *, after: int = -1) -> int | None:
        """The first column called ``name`` to the right of column ``after``, or ``None``."""
        wanted = _key(name)
        return next((i for i, have in enumerate(self.names) if i > after and have == wanted), None)

    def index(self, name: str) -> int:
        """The first column called ``name``; ``LookupError`` when there is none (check first)."""
        found = self.find(name)
        if found is None:
            raise LookupError(f"no column {name!r}")
        return found

    def missing(self, names: Iterable[str]) -> list[str]:
        """Which of ``names`` the header lacks."""
        return [name for name in names if self.find(name) is None]


def read_csv(text: str) -> Iterator[Row | Problem]:
    """Every non-blank record of ``text`` (BOM and CRLF tolerated), or a problem per unreadable one."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    consumed = 0  # the lines the reader has read so far
    while True:
        try:
            # A plain for loop (not next() per record): an unreadable record leaves it for the
            # except clause, and the while loop resumes reading after that record.
            for fields in reader:
                start, consumed = consumed + 1, reader.line_num
                if _has_text(fields):
                    yield Row(start, tuple(fields))
            return
        except csv.Error as exc:
            yield Problem(where=str(consumed + 1), message=f"unreadable CSV: {exc}", code="bad-row")
            if reader.line_num <= consumed:  # the reader made no progress: stop, never spin
                return
            consumed = reader.line_num


def _has_text(fields: Sequence[str]) -> bool:
    """Whether any field is more than whitespace. The first field nearly always settles it; the
    rest are joined and checked in one C call rather than stripped one by one in a generator."""
    return bool(fields) and bool(fields[0].strip() or "".join(fields).strip())


def table(text: str, required: Sequence[str], what: str) -> Iterator[Problem | tuple[Columns, Row]]:
    """Problems and ``(columns, row)`` pairs; only a problem when the header lacks a required column."""
    columns: Columns | None = None
    for item in read_csv(text):
        if isinstance(item, Problem):
            yield item
        elif columns is None:
            columns = Columns(item.fields)
            missing = columns.missing(required)
            if missing:
                listed = ", ".join(repr(name) for name in missing)
                yield Problem(
                    where=str(item.line),
                    message=f"not a {what} file: the header has no {listed}",
                    code="bad-header",
                )
                return
        else:
            yield columns, item
    if columns is None:
        yield Problem(where="1", message=f"empty file: no {what} header", code="empty")


def laid_out(
    text: str, required: Sequence[str], what: str, layout_of: Callable[[Columns], L], *, source: str
) -> Iterator[Problem | tuple[L, Columns, Row]]:
    """:func:`table`, each row with the file's column layout (worked out once, from the header,
    by ``layout_of``); problems name ``source``."""
    layout: L | None = None
    for item in table(text, required, what):
        if isinstance(item, Problem):
            yield attrs.evolve(item, source=source)
            continue
        columns, row = item
        if layout is None:
            layout = layout_of(columns)
        yield layout, columns, row


def length_error(row: Row, columns: Columns) -> RowError | None:
    """An error when the row has fewer or more cells than the header."""
    have, want = len(row.fields), len(columns.names)
    if have == want:  # nearly every row: one comparison
        return None
    if have < want:
        return RowError(f"row has {have} fields, the header {want} (truncated?)", "bad-row")
    return RowError(f"row has {have} fields, the header only {want}", "bad-row")


def cell(fields: Sequence[str], index: int | None) -> str:
    """The stripped value at ``index`` (``""`` when the column is absent or the row short)."""
    if index is None or index >= len(fields):
        return ""
    return fields[index].strip()


_INT = re.compile(r"[+-]?\d{1,9}(?:\.0*)?")


# Cached: a column of numbers (scores, weeks, seasons) holds few distinct values, and a cache hit
# is several times cheaper than the regex. Bounded, so junk input cannot grow it without end.
@functools.lru_cache(maxsize=4096)
def to_int(text: str, what: str) -> int | None:
    """``"21"`` or ``"21.0"`` → 21, blank → ``None``; anything else is a :class:`RowError`."""
    value = text.strip()
    if not value:
        return None
    if not _INT.fullmatch(value):
        raise RowError(f"{what} {text!r} is not a whole number")
    return int(value.split(".", 1)[0])


def status_of(home: int | None, away: int | None) -> RowStatus:
    """Completed when both scores are given, scheduled when neither is."""
    if (home is None) != (away is None):
        raise RowError("only one team has a score")
    return "scheduled" if home is None else "completed"


def warning_about(lines: Sequence[int], message: str, code: str) -> Problem:
    """One warning about several rows: ``where`` is the first, the message lists them."""
    return Problem(
        where=str(lines[0]), message=f"{message} (lines {_span(lines)})", severity="warning", code=code
    )


def _span(lines: Sequence[int]) -> str:
    if len(lines) > 1 and lines[-1] - lines[0] == len(lines) - 1:
        return f"{lines[0]}-{lines[-1]}"
    shown = ", ".join(str(n) for n in lines[:5])
    return shown if len(lines) <= 5 else f"{shown}, ... {len(lines)} in all"


# -- sniffing --------------------------------------------------------------------------------


def head_header(head: str) -> list[str]:
    """The header of a file's head, names stripped; ``[]`` when there is none."""
    line = head.removeprefix("\ufeff").split("\n", 1)[0].rstrip("\r")
    rows = [row.fields for row in read_csv(line) if isinstance(row, Row)]
    return [name.strip() for name in rows[0]] if rows else []


def head_rows(head: str, limit: int = 12) -> list[tuple[str, ...]]:
    """The first ``limit`` records of a file's head, header included (a cut last line dropped)."""
    complete = head if head.endswith("\n") else head[: head.rfind("\n") + 1]
    rows = [row.fields for row in read_csv(complete) if isinstance(row, Row)]
    return rows[:limit]


def header_score(head: str, required: Sequence[str]) -> tuple[float, Columns | None]:
    """0.8 and the columns when the head's header has every required column, else 0 and ``None``."""
    columns = Columns(head_header(head))
    return (0.0, None) if columns.missing(required) else (0.8, columns)


def known_fraction(values: Iterable[str], known: frozenset[str]) -> float:
    """The share of ``values`` (normalised) found in ``known``; 0 when there are none."""
    seen = [normalize(value) for value in values if value.strip()]
    return sum(value in known for value in seen) / len(seen) if seen else 0.0


def team_bonus(values: Sequence[str], known: frozenset[str]) -> float:
    """+0.15 when most sampled team names are known, −0.5 when not, 0 without a sample.

    Several sports share a file layout (fixturedownload, for one): the teams decide.
    """
    if not any(value.strip() for value in values):
        return 0.0
    return 0.15 if known_fraction(values, known) >= 0.5 else -0.5


def clamp(score: float) -> float:
    """``score`` limited to [0, 1]."""
    return min(1.0, max(0.0, score))


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()
