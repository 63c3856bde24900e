"""CSV plumbing shared by the NBA schedule formats: rows with line numbers, columns by name.

Nothing here raises on bad input: a record the ``csv`` module cannot read becomes a
:class:`~scoracle_core.ingest.formats.Problem`, and value parsers raise :class:`RowError`, which
the formats turn into a problem for that row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence

import attrs
from scoracle_core.ingest.formats import Problem
from scoracle_core.teams import normalize

__all__ = ["Columns", "Row", "RowError", "cell", "head_header", "head_rows", "known_fraction", "read_csv", "to_int"]


class RowError(ValueError):
    """A row cannot be read; the message says why (the format adds the line)."""


@attrs.frozen
class Row:
    """One CSV record and the 1-based line it starts on."""

    line: int
    fields: tuple[str, ...]


def read_csv(text: str) -> Iterator[Row | Problem]:
    """Every non-blank record of ``text`` (BOM and CRLF tolerated), or a problem per unreadable one."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    consumed = 0
    while True:
        start = consumed + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(where=str(start), message=f"unreadable CSV: {exc}")
            if reader.line_num <= consumed:  # the reader made no progress: stop, never spin
                return
            consumed = reader.line_num
            continue
        consumed = reader.line_num
        if any(field.strip() for field in fields):
            yield Row(start, tuple(fields))


def head_rows(head: str, limit: int = 12) -> list[tuple[str, ...]]:
    """The first ``limit`` records of a file's head (the last, possibly cut, line dropped)."""
    complete = head if head.endswith("\n") else head[: head.rfind("\n") + 1]
    rows = [row.fields for row in read_csv(complete) if isinstance(row, Row)]
    return rows[:limit]


def head_header(head: str) -> list[str]:
    """The header of a file's head, names stripped; ``[]`` when there is none."""
    line = head.removeprefix("\ufeff").split("\n", 1)[0].rstrip("\r")
    rows = [row.fields for row in read_csv(line) if isinstance(row, Row)]
    return [name.strip() for name in rows[0]] if rows else []


def known_fraction(values: Iterable[str], known: frozenset[str]) -> float:
    """The share of ``values`` (normalised) found in ``known``; 0 when there are none."""
    seen = [normalize(value) for value in values if value.strip()]
    return sum(value in known for value in seen) / len(seen) if seen else 0.0


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

    def missing(self, names: Iterable[str]) -> list[str]:
        """Which of ``names`` the header lacks."""
        return [name for name in names if self.find(name) is None]


def cell(fields: Sequence[str], index: int | None) -> str:
    """The stripped value at ``index`` (``""`` when the column is absent or the row short)."""
    if index is None or index >= len(fields):
        return ""
    return fields[index].strip()


_INT = re.compile(r"[+-]?\d+(?:\.0*)?")


def to_int(text: str, what: str) -> int | None:
    """``"21"`` or ``"21.0"`` → 21, blank → ``None``; anything else is a :class:`RowError`."""
    value = text.strip()
    if not value:
        return None
    if not _INT.fullmatch(value) or len(value) > 12:
        raise RowError(f"{what} {text!r} is not a whole number")
    return int(value.split(".", 1)[0])


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()
