"""The football adapter: six leagues of API-Football v3, by their API-Sports league ids."""

from __future__ import annotations

from datetime import time, timedelta
from importlib.resources import files

from scoracle_core.sport import BaseSport, BundledSchedule, League
from scoracle_football.stats import FootballStats

__all__ = ["LEAGUES", "FootballSport", "make_sport"]


def _league(key: str, name: str, api_id: int, tz: str, teams: int, **kw: object) -> League:
    return League(
        key=key,
        name=name,
        api_id=api_id,
        timezone=tz,
        teams_per_season=teams,
        games_per_team=2 * (teams - 1),
        default_kickoff=time(15, 0),
        game_duration=timedelta(hours=2),
        seed_delay=timedelta(hours=3),
        **kw,  # type: ignore[arg-type]
    )


LEAGUES = (
    _league("premier-league", "Premier League", 39, "Europe/London", 20),
    _league("la-liga", "La Liga", 140, "Europe/Madrid", 20),
    _league("bundesliga", "Bundesliga", 78, "Europe/Berlin", 18),
    _league("serie-a", "Serie A", 135, "Europe/Rome", 20),
    _league("ligue-1", "Ligue 1", 61, "Europe/Paris", 18),
    # MLS: calendar-year seasons; openfootball writes its times in US Eastern.
    League(
        key="mls",
        name="Major League Soccer",
        api_id=253,
        timezone="America/New_York",
        season_style="calendar",
        teams_per_season=None,  # 29 in 2024, 30 from 2025
        games_per_team=34,
        default_kickoff=time(19, 30),
        game_duration=timedelta(hours=2),
        seed_delay=timedelta(hours=3),
    ),
)


class FootballSport(BaseSport):
    """The football adapter, with its seeding capability as ``stats``.

    ``batch_ids`` allows ``fixtures?ids=`` (20 fixtures a call; paid plans only). It may stay on
    for a free key: the first ``errors.plan`` answer switches batching off by itself.
    """

    def __init__(self, *, batch_ids: bool = True) -> None:
        data = files("scoracle_football") / "data"
        super().__init__(
            key="football",
            name="Football",
            leagues=LEAGUES,
            api_base_url="https://v3.football.api-sports.io",
            api_path="/football",
            catalog_files=[data / "teams_west.toml", data / "teams_central.toml"],
        )
        self.stats = FootballStats(batch_ids=batch_ids, team_id_of=self._team_id_of)

    def _team_id_of(self, api_id: int) -> str | None:
        team = self.catalog().by_api_id(api_id)
        return team.id if team is not None else None

    def bundled_schedules(self) -> list[BundledSchedule]:
        """The real schedules this plugin ships (license permitting), for the demo."""
        from scoracle_football.schedules import bundled

        return [
            BundledSchedule(league=item.league, season=item.season, format=item.format, file=item.file)
            for item in bundled()
        ]


def make_sport() -> FootballSport:
    """The football sport adapter (``fixtures?ids=`` batching on; see :class:`FootballSport`)."""
    return FootballSport()
