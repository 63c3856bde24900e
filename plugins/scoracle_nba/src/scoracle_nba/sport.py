"""The NBA adapter: one league (API-NBA's ``standard``), seasons named by their start year."""

from __future__ import annotations

from datetime import time, timedelta
from importlib.resources import files

from scoracle_core.sport import BaseSport, League

__all__ = ["NBA", "make_sport"]

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


def make_sport() -> BaseSport:
    """The NBA sport adapter."""
    return BaseSport(
        key="nba",
        name="NBA",
        leagues=[NBA],
        api_base_url="https://v2.nba.api-sports.io",
        api_path="/nba",
        catalog_files=[files("scoracle_nba") / "data" / "teams.toml"],
    )
