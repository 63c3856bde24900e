"""``aingest_from_api`` and ``ingest-schedule --from-api``: a season from the simulator over loopback HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest
from anyio.from_thread import start_blocking_portal
from click.testing import CliRunner

from scoracle_core import hookimpl
from scoracle_core.cli import cli
from scoracle_core.client import ApiClient
from scoracle_core.clock import VirtualClock
from scoracle_core.errors import ConfigError
from scoracle_core.ingest import aingest_from_api, aingest_schedule
from scoracle_core.model import GameStatus
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.seeding import season_schedule_request
from scoracle_core.sim import SimConfig, SimGame, Simulator
from scoracle_core.sim.schedule import synthetic_season
from scoracle_core.sim.testing import FakeSport
from scoracle_core.sport import SportAdapter
from scoracle_core.store import GameQuery, Store, open_store

pytestmark = pytest.mark.anyio

#: Mid-season for every league: some games are over, the rest to come.
NOW = datetime(2024, 11, 15, 12, 0, tzinfo=UTC)
SEASON = 2024
GAMES_PER_LEAGUE = 24


@pytest.fixture(scope="module")
def sports() -> Sports:
    """The installed plugins."""
    return load_plugins()


@pytest.fixture(scope="module")
def sim(sports: Sports) -> Iterator[Simulator]:
    """A simulator in a thread of its own: 24 games spread over each league's 2024 season, one postponed."""
    with start_blocking_portal() as portal:
        server = Simulator(SimConfig(seed=5, clock=VirtualClock(NOW)), sports=sports)
        for sport in server.world.sports:
            for league in server.world.adapter(sport).leagues.values():
                specs = synthetic_season(server.world, sport, league, SEASON)
                picked = specs[:: max(1, len(specs) // GAMES_PER_LEAGUE)][:GAMES_PER_LEAGUE]
                picked[-1] = attrs.evolve(picked[-1], postponed=True)
                server.world.add_games(picked)
        portal.call(server.start)
        try:
            yield server
        finally:
            portal.call(server.close)


@pytest.fixture
async def store() -> AsyncIterator[Store]:
    """An empty in-memory SQLite store."""
    opened = await open_store("sqlite:///:memory:")
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def client(sim: Simulator, sports: Sports) -> AsyncIterator[ApiClient]:
    """A client of the simulator with the demo key."""
    async with ApiClient(sports, base_urls=sim.base_urls, api_key="demo") as api:
        yield api


def sim_games(sim: Simulator, sport: str, league: str | None = None) -> list[SimGame]:
    return sim.world.games(sport, league=league, season=SEASON)


@pytest.mark.parametrize("sport", ["nba", "nfl", "football"])
async def test_a_season_is_stored_with_every_simulated_game_and_its_api_id(
    store: Store, client: ApiClient, sim: Simulator, sports: Sports, sport: str
) -> None:
    """Every game of the sport's season is stored once, with the API game id as external id."""
    report = await aingest_from_api(store, client, sport=sport, season=SEASON, sports=sports)
    expected = sim_games(sim, sport)
    assert (report.inserted, report.rejected, report.skipped, report.errors) == (len(expected), 0, 0, ())
    stored = await store.find_games(GameQuery(sport=sport, season=SEASON))
    assert sorted(g.external_id or "" for g in stored) == sorted(str(g.api_id) for g in expected)
    assert report.format == f"{sport}-apisports-json"
    assert report.source.startswith(f"{sport} API ")


async def test_statuses_scores_and_teams_follow_the_api(
    store: Store, client: ApiClient, sim: Simulator, sports: Sports
) -> None:
    """Finished games are completed with their scores, later ones scheduled, the postponed one postponed."""
    await aingest_from_api(store, client, sport="nba", season=SEASON, sports=sports)
    stored = {g.external_id: g for g in await store.find_games(GameQuery(sport="nba"))}
    for game in sim_games(sim, "nba"):
        row = stored[str(game.api_id)]
        assert (row.home_team_id, row.away_team_id) == (game.home_team_id, game.away_team_id)
        assert row.start_at == game.start_at
        if game.postponed:
            assert row.status is GameStatus.POSTPONED
        elif game.start_at < NOW - sports.get("nba").leagues["standard"].game_duration:
            assert row.status is GameStatus.COMPLETED
            assert row.home_score is not None
            assert row.away_score is not None
        else:
            assert (row.status, row.home_score) == (GameStatus.SCHEDULED, None)


async def test_nfl_weeks_and_football_matchdays_are_kept(
    store: Store, client: ApiClient, sim: Simulator, sports: Sports
) -> None:
    """NFL "Week N" and football "Regular Season - N" become the stored week."""
    for sport in ("nfl", "football"):
        await aingest_from_api(store, client, sport=sport, season=SEASON, sports=sports)
        stored = {g.external_id: g.week for g in await store.find_games(GameQuery(sport=sport))}
        assert stored == {str(g.api_id): sim.world.week_of(g) for g in sim_games(sim, sport)}


async def test_rerunning_changes_nothing(store: Store, client: ApiClient, sports: Sports) -> None:
    """A second ingestion of the same season finds every game unchanged and writes nothing."""
    first = await aingest_from_api(store, client, sport="football", season=SEASON, sports=sports)
    again = await aingest_from_api(store, client, sport="football", season=SEASON, sports=sports)
    assert again.unchanged == first.inserted
    assert (again.inserted, again.updated, again.written) == (0, 0, False)


async def test_one_call_per_league(store: Store, client: ApiClient, sim: Simulator, sports: Sports) -> None:
    """Football's six leagues cost six ``fixtures`` calls; one league, one call, and only its games."""
    before = sim.log.total(endpoint="fixtures")
    report = await aingest_from_api(store, client, sport="football", season=SEASON, sports=sports)
    assert sim.log.total(endpoint="fixtures") - before == 6
    assert report.leagues == tuple(sorted(sports.get("football").leagues))
    report = await aingest_from_api(
        store, client, sport="football", season=SEASON, league="la-liga", sports=sports, dry_run=True
    )
    assert sim.log.total(endpoint="fixtures") - before == 7
    assert (report.leagues, report.unchanged) == (("la-liga",), len(sim_games(sim, "football", "la-liga")))


async def test_a_dry_run_stores_nothing(
    store: Store, client: ApiClient, sim: Simulator, sports: Sports
) -> None:
    """``dry_run`` reports what would be inserted and leaves the store empty."""
    report = await aingest_from_api(store, client, sport="nfl", season=SEASON, sports=sports, dry_run=True)
    assert (report.inserted, report.written) == (len(sim_games(sim, "nfl")), False)
    assert await store.find_games(GameQuery(sport="nfl")) == []


async def test_a_saved_listing_is_a_schedule_file_of_its_own(
    store: Store, client: ApiClient, sports: Sports, tmp_path: Path
) -> None:
    """``save_dir`` keeps the listing; ingesting that file (format detected) finds the games unchanged."""
    report = await aingest_from_api(
        store, client, sport="nba", season=SEASON, sports=sports, save_dir=tmp_path
    )
    saved = tmp_path / "nba-standard-2024.apisports.json"
    assert report.source == str(saved)
    again = await aingest_schedule(store, saved, sports=sports)
    assert (again.format, again.unchanged, again.inserted) == ("nba-apisports-json", report.inserted, 0)


async def test_a_sport_without_a_season_request_is_a_config_error(store: Store, client: ApiClient) -> None:
    """A sport whose plugin offers no ``season_schedule_request`` is refused before any call."""

    class Plugin:
        @hookimpl
        def register_sports(self, register: Callable[[SportAdapter], None]) -> None:
            register(FakeSport())

    fake = load_plugins(entry_points=False, plugins=[Plugin()])
    assert season_schedule_request(object(), next(iter(FakeSport().leagues.values())), SEASON) is None  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="cannot list a season"):
        await aingest_from_api(store, client, sport="fake", season=SEASON, sports=fake)


def test_the_cli_ingests_a_season_from_a_running_simulator(sim: Simulator, tmp_path: Path) -> None:
    """``ingest-schedule --from-api --api-base nba=URL`` stores the season and prints the JSON report."""
    url = f"sqlite:///{tmp_path}/cli.db"
    args = ["--store", url, "ingest-schedule", "--from-api", "--sport", "nba", "--season", "2024"]
    base = ["--api-base", f"nba={sim.base_urls['nba']}", "--json"]
    result = CliRunner().invoke(cli, [*args, *base], catch_exceptions=False, env={"API_SPORTS_KEY": "demo"})
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["accepted"], data["inserted"], data["format"]) == (
        True,
        len(sim_games(sim, "nba")),
        "nba-apisports-json",
    )
    result = CliRunner().invoke(
        cli, [*args, *base[:2]], catch_exceptions=False, env={"API_SPORTS_KEY": "demo"}
    )
    assert result.exit_code == 0, result.stderr
    assert "unchanged" in result.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--file", "x.csv", "--sport", "nba", "--season", "2024"], "mutually exclusive"),
        (["--sport", "nba"], "needs --sport and --season"),
        (["--sport", "nba", "--season", "2024", "--format", "template-csv"], "--format does not apply"),
    ],
)
def test_the_cli_refuses_from_api_misuse(tmp_path: Path, extra: list[str], message: str) -> None:
    """--from-api excludes --file and --format and needs --sport and --season."""
    result = CliRunner().invoke(
        cli, ["--store", f"sqlite:///{tmp_path}/x.db", "ingest-schedule", "--from-api", *extra]
    )
    assert result.exit_code == 2
    assert message in result.stderr
