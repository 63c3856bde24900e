"""The NBA adapter: one league (API-NBA's ``standard``), seasons named by their start year."""

from __future__ import annotations

from datetime import time, timedelta
from importlib.resources import files

from scoracle_core.sport import BaseSport, BundledSchedule, League
from scoracle_nba.stats import NBAStats

__all__ = ["NBA", "NBASport", "make_sport"]

NBA = League(
    key="standard",
    name="NBA",
    api_id="standard",
    timezone="America/New_York",
    season_style="split",
    season_start_month=8,
    teams_per_season=30,
    games_per_team=82,
    default_kickoff=time(19, 30),
    game_duration=timedelta(hours=2, minutes=30),
    seed_delay=timedelta(hours=4),
)


class NBASport(BaseSport):
    """The NBA adapter, with its seeding capability as ``stats``."""

    def __init__(self) -> None:
        super().__init__(
            key="nba",
            name="NBA",
            leagues=[NBA],
            api_base_url="https://v2.nba.api-sports.io",
            api_path="/nba",
            catalog_files=[files("scoracle_nba") / "data" / "teams.toml"],
        )
        #: The :class:`~scoracle_core.seeding.GameStatsSource` of API-NBA v2.
        self.stats = NBAStats(catalog=self.catalog)

    def bundled_schedules(self) -> list[BundledSchedule]:
        """The real schedules this plugin ships (license permitting), for the demo."""
        from scoracle_nba.schedules import bundled

        return [
            BundledSchedule(league=NBA.key, season=item.season, format=item.format, file=item.file)
            for item in bundled()
        ]


def make_sport() -> NBASport:
    """The NBA sport adapter."""
    return NBASport()
