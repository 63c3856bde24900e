"""Real schedules shipped with the plugin (openfootball, CC0), for ``scoracle demo`` and offline use.

>>> [(s.league, s.season, s.format) for s in bundled()][:2]
[('premier-league', 2024, 'football-openfootball-json'), ('la-liga', 2024, 'football-openfootball-json')]
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import NamedTuple

__all__ = ["BundledSchedule", "bundled"]


class BundledSchedule(NamedTuple):
    """One bundled schedule file: which league and season it holds, and the format to read it with."""

    league: str
    season: int
    format: str
    file: Traversable


# (league, season, format, file name under data/schedules); provenance in data/schedules/NOTICE.md.
_FILES = (
    ("premier-league", 2024, "football-openfootball-json", "openfootball_premier-league_2024-25_en.1.json"),
    ("la-liga", 2024, "football-openfootball-json", "openfootball_la-liga_2024-25_es.1.json"),
    ("bundesliga", 2024, "football-openfootball-json", "openfootball_bundesliga_2024-25_de.1.json"),
    ("serie-a", 2024, "football-openfootball-json", "openfootball_serie-a_2024-25_it.1.json"),
    ("ligue-1", 2024, "football-openfootball-json", "openfootball_ligue-1_2024-25_fr.1.json"),
    ("mls", 2024, "football-txt", "openfootball-world_mls_2024_mls.txt"),
    ("mls", 2025, "football-openfootball-json", "openfootball_mls_2025_mls.json"),
)


def bundled() -> list[BundledSchedule]:
    """Every bundled schedule, European leagues first, each a readable ``Traversable``."""
    folder = files("scoracle_football") / "data" / "schedules"
    return [BundledSchedule(league, season, fmt, folder / name) for league, season, fmt, name in _FILES]
