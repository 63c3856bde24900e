"""Discovery (``fixtures?date``) and rosters (``players/squads``) of the football stats source."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from scoracle_core.errors import PayloadError
from scoracle_core.model import GameStatus
from scoracle_football.sport import LEAGUES, make_sport
from scoracle_football.stats import FootballStats

pytestmark = pytest.mark.anyio

PL = LEAGUES[0]
DAY = date(2024, 11, 10)
DATE_PARAMS = {"date": "2024-11-10", "league": 39, "season": 2024}


async def test_discover_makes_one_dated_call(fake_fetch: Any, example: Callable[[str], Any]) -> None:
    """One ``fixtures?date=D&league=L&season=S`` call, nothing else."""
    fake_fetch.on("fixtures", DATE_PARAMS, example("fixtures"))
    await FootballStats().discover(fake_fetch, league=PL, season=2024, day=DAY)
    assert fake_fetch.calls == [("fixtures", {"date": "2024-11-10", "league": "39", "season": "2024"}, None)]


async def test_discover_reads_the_example_fixtures(fake_fetch: Any, example: Callable[[str], Any]) -> None:
    """The example day: Chelsea v Arsenal finished 1-1, Liverpool v Aston Villa not started."""
    fake_fetch.on("fixtures", DATE_PARAMS, example("fixtures"))
    found = await FootballStats().discover(fake_fetch, league=PL, season=2024, day=DAY)
    first, second = found
    assert (first.external_id, first.home_api_id, first.away_api_id) == ("1208123", 49, 42)
    assert (first.status, first.home_score, first.away_score) == (GameStatus.COMPLETED, 1, 1)
    assert (second.external_id, second.status, second.home_score) == ("1208129", GameStatus.SCHEDULED, None)


async def test_discover_times_are_aware_utc(fake_fetch: Any, example: Callable[[str], Any]) -> None:
    """``fixture.timestamp`` becomes a timezone-aware UTC datetime."""
    fake_fetch.on("fixtures", DATE_PARAMS, example("fixtures"))
    found = await FootballStats().discover(fake_fetch, league=PL, season=2024, day=DAY)
    assert found[0].start_at == datetime(2024, 11, 10, 16, 30, tzinfo=UTC)
    assert found[0].start_at.utcoffset() == timedelta(0)


async def test_discover_falls_back_to_the_iso_date(fake_fetch: Any, bodies: Any) -> None:
    """Without a timestamp, ``fixture.date`` (with its offset) gives the start."""
    item = bodies.fixture(1, 10, 20, short="NS", embedded=False)
    item["fixture"]["timestamp"] = None
    item["fixture"]["date"] = "2024-11-10T17:30:00+01:00"
    fake_fetch.on("fixtures", DATE_PARAMS, [item])
    [found] = await FootballStats().discover(fake_fetch, league=PL, season=2024, day=DAY)
    assert found.start_at == datetime(2024, 11, 10, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("short", "status"),
    [
        ("TBD", GameStatus.SCHEDULED),
        ("NS", GameStatus.SCHEDULED),
        *(
            (code, GameStatus.IN_PROGRESS)
            for code in ("1H", "HT", "2H", "ET", "BT", "P", "SUSP", "INT", "LIVE")
        ),
        ("FT", GameStatus.COMPLETED),
        ("AET", GameStatus.COMPLETED),
        ("PEN", GameStatus.COMPLETED),
        ("AWD", GameStatus.COMPLETED),
        ("WO", GameStatus.COMPLETED),
        ("PST", GameStatus.POSTPONED),
        ("CANC", GameStatus.CANCELLED),
        ("ABD", GameStatus.CANCELLED),
    ],
)
async def test_discover_maps_status_codes(
    fake_fetch: Any, bodies: Any, short: str, status: GameStatus
) -> None:
    """Every documented ``fixture.status.short`` maps to one of our statuses."""
    fake_fetch.on("fixtures", DATE_PARAMS, [bodies.fixture(1, 10, 20, short=short, embedded=False)])
    [found] = await FootballStats().discover(fake_fetch, league=PL, season=2024, day=DAY)
    assert found.status is status


async def test_discover_refuses_an_unknown_status(fake_fetch: Any, bodies: Any) -> None:
    """An undocumented status code is a PayloadError naming its path, not a guess."""
    fake_fetch.on("fixtures", DATE_PARAMS, [bodies.fixture(1, 10, 20, short="XX", embedded=False)])
    with pytest.raises(PayloadError) as caught:
        await FootballStats().discover(fake_fetch, league=PL, season=2024, day=DAY)
    assert caught.value.path == "$[0].fixture.status.short"


async def test_discover_refuses_a_malformed_body(fake_fetch: Any, bodies: Any) -> None:
    """A fixture whose team id is not a number is a PayloadError with the path and the request."""
    item = bodies.fixture(1, 10, 20, embedded=False)
    item["teams"]["away"]["id"] = "twenty"
    fake_fetch.on("fixtures", DATE_PARAMS, [item])
    with pytest.raises(PayloadError, match=r"fixtures\?date=2024-11-10") as caught:
        await FootballStats().discover(fake_fetch, league=PL, season=2024, day=DAY)
    assert caught.value.path == "$[0].teams.away.id"


async def test_discover_refuses_an_object_response(fake_fetch: Any) -> None:
    """A ``response`` that is not a list is a PayloadError at ``$``."""
    fake_fetch.on("fixtures", DATE_PARAMS, {"fixture": {}})
    with pytest.raises(PayloadError):
        await FootballStats().discover(fake_fetch, league=PL, season=2024, day=DAY)


async def test_fetch_roster_reads_the_squad(fake_fetch: Any, example: Callable[[str], Any]) -> None:
    """``players/squads?team=42`` → players with football ids, names, positions and our team id."""
    fake_fetch.on("players/squads", {"team": 42}, example("players_squads"))
    players = await make_sport().stats.fetch_roster(fake_fetch, league=PL, season=2024, team_api_id=42)
    saka = next(p for p in players if p.api_id == 1460)
    assert (saka.id, saka.sport, saka.name, saka.team_id, saka.position) == (
        "football:1460",
        "football",
        "B. Saka",
        "football:arsenal",
        "Attacker",
    )
    assert len(players) == 3


async def test_fetch_roster_is_cached_a_day(fake_fetch: Any, bodies: Any) -> None:
    """The squad call asks the client to cache it for 24 hours."""
    fake_fetch.on("players/squads", {"team": 42}, bodies.squad(42, 1, 2))
    await FootballStats().fetch_roster(fake_fetch, league=PL, season=2024, team_api_id=42)
    assert fake_fetch.calls == [("players/squads", {"team": "42"}, timedelta(hours=24))]
