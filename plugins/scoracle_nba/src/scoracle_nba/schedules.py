"""Real NBA schedules shipped with the plugin (MIT-licensed; see ``data/schedules/NOTICE.md``).

>>> [(s.season, s.format) for s in bundled()]
[(2024, 'nba-bbref-csv')]
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

import attrs

__all__ = ["BundledSchedule", "bundled"]


@attrs.frozen(kw_only=True)
class BundledSchedule:
    """A schedule file inside the package: its season (start year), format name and file."""

    season: int
    format: str
    file: Traversable

    @property
    def filename(self) -> str:
        """The file's name, for messages and ``source=``."""
        return self.file.name

    def read_text(self) -> str:
        """The file's text."""
        return self.file.read_text(encoding="utf-8")


def bundled() -> list[BundledSchedule]:
    """The schedules the plugin ships, oldest season first."""
    folder = files("scoracle_nba") / "data" / "schedules"
    return [
        BundledSchedule(
            season=2024, format="nba-bbref-csv", file=folder / "matsonj_nba_schedule_2024-25_bbref.csv"
        ),
    ]
