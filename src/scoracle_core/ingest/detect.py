"""Which format a schedule file is in: the core's templates plus the plugins' real-world formats.

Every candidate format sniffs the start of the file; the most confident wins. A tie at the top,
or nothing above :data:`MIN_CONFIDENCE`, is an error listing the candidates and the ``--format``
names, because guessing wrong would read every time or team in the wrong way.
"""

from __future__ import annotations

import logging
import math
import weakref
from collections.abc import Sequence

import attrs

from scoracle_core.ingest.formats import Problem, ScheduleFormat
from scoracle_core.ingest.templates import core_formats
from scoracle_core.plugins import Sports

__all__ = ["HEAD_CHARS", "MIN_CONFIDENCE", "Detection", "available_formats", "detect_format", "format_named"]

log = logging.getLogger(__name__)

#: How much of the file a format's ``sniff`` sees.
HEAD_CHARS = 16384
#: A format must be more confident than this to be picked automatically.
MIN_CONFIDENCE = 0.5


@attrs.frozen(kw_only=True)
class Detection:
    """The chosen format, or the problem explaining why none could be chosen."""

    format: ScheduleFormat | None
    confidence: float = 0.0
    scores: tuple[tuple[str, float], ...] = ()  # every candidate, most confident first
    problem: Problem | None = None


def available_formats(sports: Sports | None, sport: str | None = None) -> list[ScheduleFormat]:
    """Core formats, then plugin formats (only those of ``sport`` and sport-neutral ones when given).

    A plugin format whose name is already taken is ignored (and logged): the first one wins.
    """
    found: list[ScheduleFormat] = list(core_formats())
    if sports is not None:
        found.extend(_plugin_formats(sports))
    chosen: dict[str, ScheduleFormat] = {}
    for fmt in found:
        if fmt.name in chosen:
            log.warning("ingest.format_ignored reason=duplicate-name name=%s", fmt.name)
            continue
        if sport is None or fmt.sport is None or fmt.sport == sport:
            chosen[fmt.name] = fmt
    return list(chosen.values())


_checked: weakref.WeakKeyDictionary[Sports, list[ScheduleFormat]] = weakref.WeakKeyDictionary()


def _plugin_formats(sports: Sports) -> list[ScheduleFormat]:
    """The plugins' formats that are ScheduleFormats, checked once per ``Sports`` (an isinstance
    check against a runtime protocol costs ~0.1 ms, and every ingestion asks)."""
    formats = _checked.get(sports)
    if formats is None:
        formats = []
        for fmt in sports.schedule_formats():
            if isinstance(fmt, ScheduleFormat):
                formats.append(fmt)
            else:
                log.warning("ingest.format_ignored reason=not-a-ScheduleFormat value=%r", fmt)
        _checked[sports] = formats
    return formats


def _names(formats: Sequence[ScheduleFormat]) -> str:
    return ", ".join(sorted(f.name for f in formats))


def format_named(name: str, formats: Sequence[ScheduleFormat]) -> ScheduleFormat | Problem:
    """The format called ``name`` among ``formats``, or a problem listing the names."""
    for fmt in formats:
        if fmt.name == name:
            return fmt
    return Problem(where="", message=f"unknown format {name!r}; known: {_names(formats)}", code="bad-format")


def _confidence(fmt: ScheduleFormat, head: str, filename: str) -> float:
    try:
        value = float(fmt.sniff(head, filename))
    except Exception:  # a plugin's sniff must never raise; if it does, it simply does not match
        log.info("ingest.sniff_failed format=%s", fmt.name, exc_info=True)
        return 0.0
    return min(max(value, 0.0), 1.0) if math.isfinite(value) else 0.0


def detect_format(text: str, filename: str, formats: Sequence[ScheduleFormat]) -> Detection:
    """Pick the format of ``text`` (the whole decoded file; only its head is sniffed)."""
    head = text[:HEAD_CHARS]
    scores = sorted(
        ((fmt, _confidence(fmt, head, filename)) for fmt in formats),
        key=lambda item: (-item[1], item[0].name),
    )
    listed = tuple((fmt.name, round(score, 3)) for fmt, score in scores)
    best = scores[0] if scores else None
    if best is None or best[1] <= MIN_CONFIDENCE:
        close = ", ".join(f"{name} ({score:.2f})" for name, score in listed[:5] if score > 0) or "none"
        message = (
            f"cannot tell the format of this file (best matches: {close}); "
            f"pass --format with one of: {_names(formats)}"
        )
        return Detection(
            format=None, scores=listed, problem=Problem(where="", message=message, code="no-format")
        )
    tied = [fmt.name for fmt, score in scores if math.isclose(score, best[1], abs_tol=1e-9)]
    if len(tied) > 1:
        message = (
            f"the file matches several formats equally well ({', '.join(tied)} at {best[1]:.2f}); "
            f"pass --format with one of them"
        )
        return Detection(
            format=None, scores=listed, problem=Problem(where="", message=message, code="no-format")
        )
    return Detection(format=best[0], confidence=best[1], scores=listed)
