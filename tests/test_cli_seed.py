"""`scoracle plan`, `generate-tasks`, `list-tasks`, `seed-game`, `seed-games` and `teams` commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from click.testing import CliRunner

from scoracle_core.cli import cli
from scoracle_core.sim import SimConfig, Simulator
from scoracle_core.store import GameQuery, open_store

# Two finished NBA games of 2024 (the simulator, on the real clock, has them over).
ROWS = ["2024-11-12,19:30,Celtics,Hawks", "2024-11-12,22:00,Lakers,Grizzlies"]


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A fresh SQLite store with two ingested games."""
    url = f"sqlite:///{tmp_path}/cli.db"
    path = tmp_path / "nba.csv"
    path.write_text("\n".join(["date,time,home_team,away_team", *ROWS]) + "\n", encoding="utf-8")
    code, _, err = run(
        url,
        "ingest-schedule",
        "--file",
        str(path),
        "--sport",
        "nba",
        "--season",
        "2024",
        "--timezone",
        "America/New_York",
    )
    assert code == 0, err
    return url


@pytest.fixture
def simulator(store_url: str) -> Iterator[tuple[BlockingPortal, Simulator]]:
    """The simulator on a loopback port, in a thread of its own, knowing the stored games."""
    with start_blocking_portal() as portal:
        sim = Simulator(SimConfig(seed=3))
        portal.call(sim.start)

        async def add_games() -> None:
            store = await open_store(store_url)
            try:
                sim.world.add_games(await store.find_games(GameQuery(sport="nba")))
            finally:
                await store.close()

        portal.call(add_games)
        try:
            yield portal, sim
        finally:
            portal.call(sim.close)


def run(store_url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--store", store_url, *args], catch_exceptions=False, env={"API_SPORTS_KEY": "demo"}
    )
    return result.exit_code, result.stdout, result.stderr


def test_plan_is_a_dry_run_by_default(store_url: str) -> None:
    """`plan` shows the strategy and estimates without writing tasks."""
    code, out, _ = run(store_url, "plan", "--sport", "nba", "--season", "2024", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["tasks"] == 2
    assert data["sports"][0]["strategy"] == "game"
    assert data["written"] is None
    _, out, _ = run(store_url, "list-tasks", "--json")
    assert json.loads(out) == []


def test_compare_strategies_prints_the_reduction_table(store_url: str) -> None:
    """--compare-strategies gives calls per strategy, game cheapest, blanket the baseline."""
    code, out, _ = run(
        store_url, "plan", "--sport", "nba", "--season", "2024", "--compare-strategies", "--json"
    )
    assert code == 0
    rows = {r["strategy"]: r for r in json.loads(out)}
    assert set(rows) == {"game", "boxscore", "roster", "blanket"}
    assert rows["game"]["calls"] == 1 + 2 * 2  # one shared listing + 2 calls per game
    assert rows["game"]["calls"] < rows["boxscore"]["calls"] < rows["blanket"]["calls"]
    assert rows["blanket"]["reduction_vs_blanket"] == 0


def test_generate_tasks_is_idempotent(store_url: str) -> None:
    """generate-tasks writes one task per game once."""
    _, out, _ = run(store_url, "generate-tasks", "--sport", "nba", "--season", "2024", "--json")
    assert json.loads(out)["written"]["inserted"] == 2
    _, out, _ = run(store_url, "generate-tasks", "--sport", "nba", "--season", "2024", "--json")
    assert json.loads(out)["written"]["inserted"] == 0
    _, out, _ = run(store_url, "list-tasks", "--status", "pending", "--json")
    assert len(json.loads(out)) == 2


def test_seed_game_seeds_exactly_that_game(
    store_url: str, simulator: tuple[BlockingPortal, Simulator]
) -> None:
    """seed-game plans, claims and seeds one game over HTTP; the other game is left alone."""
    _, sim = simulator
    _, out, _ = run(store_url, "query", "games", "--sport", "nba", "--json")
    first, second = (g["id"] for g in json.loads(out))
    code, out, err = run(
        store_url, "seed-game", "--game-id", str(first), "--api-base", f"nba={sim.base_urls['nba']}"
    )
    assert code == 0, err
    assert "done 1" in out
    _, out, _ = run(store_url, "list-tasks", "--json")
    status = {t["game_id"]: t["status"] for t in json.loads(out)}
    assert status[first] == "completed"
    assert status.get(second) != "completed"
    assert sim.log.total(sport="nba", endpoint="players/statistics") == 1


def test_seed_games_seeds_a_whole_day(store_url: str, simulator: tuple[BlockingPortal, Simulator]) -> None:
    """seed-games seeds every game of the UTC day."""
    _, sim = simulator
    code, out, err = run(
        store_url,
        "seed-games",
        "--date",
        "2024-11-13",
        "--sport",
        "nba",
        "--api-base",
        f"nba={sim.base_urls['nba']}",
    )
    assert code == 0, err
    assert "done 2" in out


def test_resolve_json_keeps_input_order_and_fails_on_a_bad_name(store_url: str) -> None:
    """teams resolve --json: one object per name in order; exit 1 when any fails."""
    code, out, _ = run(
        store_url, "teams", "resolve", "--sport", "nba", "--json", "Sixers", "Nope Nope", "LAL"
    )
    assert code == 1
    rows = json.loads(out)
    assert [r["input"] for r in rows] == ["Sixers", "Nope Nope", "LAL"]
    assert rows[0]["team_id"] == "nba:phi"
    assert rows[1]["ok"] is False
    assert rows[1]["candidates"]
    assert rows[2]["match"] == "abbreviation"


def test_add_alias_then_resolve(store_url: str) -> None:
    """teams add-alias stores an override that resolve then uses."""
    code, _, _ = run(store_url, "teams", "add-alias", "--sport", "nba", "Lakeshow", "Los Angeles Lakers")
    assert code == 0
    _, out, _ = run(store_url, "teams", "resolve", "--sport", "nba", "--json", "lakeshow")
    assert json.loads(out)[0] | {"score": None} == {
        "input": "lakeshow",
        "ok": True,
        "team_id": "nba:lal",
        "name": "Los Angeles Lakers",
        "match": "override",
        "score": None,
    }


def test_teams_list_by_league_and_season(store_url: str) -> None:
    """teams list --league --season lists exactly that league-season's clubs."""
    _, out, _ = run(
        store_url,
        "teams",
        "list",
        "--sport",
        "football",
        "--league",
        "premier-league",
        "--season",
        "2025",
        "--json",
    )
    names = {t["name"] for t in json.loads(out)}
    assert len(names) == 20
    assert "Sunderland" in names
    assert "Leicester City" not in names


def test_plugins_lists_the_three_sports(store_url: str) -> None:
    """scoracle plugins --json names the installed distributions and their sports."""
    _, out, _ = run(store_url, "plugins", "--json")
    assert {(p["distribution"], p["sport"]) for p in json.loads(out)} >= {
        ("scoracle-nba", "nba"),
        ("scoracle-nfl", "nfl"),
        ("scoracle-football", "football"),
    }
