"""The NFL adapter: API-American-Football league 1, seasons named by their start year."""

from __future__ import annotations

from datetime import time, timedelta
from importlib.resources import files

from scoracle_core.sport import BaseSport, BundledSchedule, League
from scoracle_nfl.stats import NFLStats

__all__ = ["NFL", "NFLSport", "make_sport"]

NFL = League(
    key="nfl",
    name="NFL",
    api_id=1,
    timezone="America/New_York",
    season_style="split",
    season_start_month=6,  # a January/February game belongs to the previous year's season
    teams_per_season=32,
    games_per_team=17,
    default_kickoff=time(13, 0),
    game_duration=timedelta(hours=3, minutes=15),
    seed_delay=timedelta(hours=4),
)


class NFLSport(BaseSport):
    """The NFL adapter, with its seeding capability as ``stats``."""

    def __init__(self) -> None:
        super().__init__(
            key="nfl",
            name="NFL",
            leagues=[NFL],
            api_base_url="https://v1.american-football.api-sports.io",
            api_path="/nfl",
            catalog_files=[files("scoracle_nfl") / "data" / "teams.toml"],
        )
        #: The :class:`~scoracle_core.seeding.GameStatsSource` of API-American-Football v1.
        self.stats = NFLStats(catalog=self.catalog)

    def bundled_schedules(self) -> list[BundledSchedule]:
        """The real schedules this plugin ships (license permitting), for the demo."""
        from scoracle_nfl.schedules import bundled

        return [
            BundledSchedule(league=NFL.key, season=item.season, format=item.format, file=item.file)
            for item in bundled()
        ]


def make_sport() -> NFLSport:
    """The NFL sport adapter."""
    return NFLSport()
