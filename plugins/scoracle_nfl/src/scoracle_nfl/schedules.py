"""Real NFL schedules shipped with the plugin (MIT-licensed; see ``data/schedules/NOTICE.md``).

>>> [(s.season, s.format) for s in bundled()]
[(2023, 'nfl-fullnames-csv'), (2024, 'nfl-fullnames-csv')]
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
    """The schedules the plugin ships, oldest season first.

    2023 has kick-off times; 2024 has dates only (the ingest pipeline applies the league's
    default kick-off).
    """
    folder = files("scoracle_nfl") / "data" / "schedules"
    return [
        BundledSchedule(
            season=season,
            format="nfl-fullnames-csv",
            file=folder / f"matsonj_nfl_schedule_{season}_fullnames.csv",
        )
        for season in (2023, 2024)
    ]
