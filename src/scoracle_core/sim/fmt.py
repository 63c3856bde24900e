"""Small formatting helpers shared by the sport plugins' response builders.

API-Sports writes many numbers as strings (``"45.5"``, ``"36:12"``, ``"52%"``); these helpers
keep that spelling in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["iso_ms_z", "iso_offset", "mmss", "pct", "ratio", "signed"]


def pct(made: float, attempted: float, *, digits: int = 1) -> str:
    """``made / attempted`` as a percentage string: ``pct(10, 19) == "52.6"``; ``"0.0"`` for 0/0."""
    if attempted <= 0:
        return f"{0:.{digits}f}"
    return f"{100.0 * made / attempted:.{digits}f}"


def ratio(value: float, count: float, *, digits: int = 1) -> str:
    """``value / count`` as a string with ``digits`` decimals; ``"0.0"`` when ``count`` is 0."""
    if count <= 0:
        return f"{0:.{digits}f}"
    return f"{value / count:.{digits}f}"


def mmss(seconds: int) -> str:
    """Seconds as ``"M:SS"`` (minutes not padded): ``mmss(2172) == "36:12"``."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def signed(value: int) -> str:
    """An integer as API-NBA writes ``plusMinus``: ``"7"``, ``"-3"``, ``"0"``."""
    return str(int(value))


def iso_ms_z(when: datetime) -> str:
    """UTC ISO-8601 with milliseconds and ``Z``: ``2024-11-06T00:30:00.000Z`` (API-NBA)."""
    utc = when.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def iso_offset(when: datetime) -> str:
    """ISO-8601 with a ``+HH:MM`` offset and no fraction: ``2024-11-10T16:30:00+00:00`` (API-Football)."""
    return when.replace(microsecond=0).isoformat()
