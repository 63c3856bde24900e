"""The notebook entry points: sync twins work from scripts and inside a running event loop."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import scoracle_core
from scoracle_core.api import arun_seeds, plan_seeds, run_seeds
from scoracle_core.clock import VirtualClock
from scoracle_core.ingest import ingest_schedule

CSV = "date,time,home_team,away_team\n2024-11-12,19:30,Celtics,Hawks\n2024-11-12,22:00,Lakers,Grizzlies\n"


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A SQLite file with two ingested NBA games."""
    (tmp_path / "games.csv").write_text(CSV, encoding="utf-8")
    url = f"sqlite:///{tmp_path}/api.db"
    ingest_schedule(url, tmp_path / "games.csv", sport="nba", season=2024, timezone="America/New_York")
    return url


def test_plan_seeds_from_a_script(store_url: str) -> None:
    """plan_seeds() (sync) writes one task per game and returns an inspectable Plan."""
    plan = plan_seeds(store_url, sport="nba")
    assert len(plan.tasks) == 2
    assert plan.written is not None
    assert plan.written.inserted == 2
    assert "<table>" in plan._repr_html_()


@pytest.mark.anyio
async def test_sync_twins_work_inside_a_running_loop(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Called from a coroutine (as in a Jupyter cell), the sync functions run on a loop of their own."""
    monkeypatch.setenv("API_SPORTS_KEY", "demo")
    plan = plan_seeds(store_url, sport="nba", dry_run=True)
    assert len(plan.tasks) == 2
    report = run_seeds(store_url, once=True, clock=VirtualClock(datetime(2024, 11, 1, tzinfo=UTC)))
    assert report.results == ()  # nothing is due on 1 November


@pytest.mark.anyio
async def test_arun_seeds_needs_a_key_for_the_real_api(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a client or API_SPORTS_KEY the run fails with one clear configuration error."""
    monkeypatch.delenv("API_SPORTS_KEY", raising=False)
    with pytest.raises(scoracle_core.ScoracleError, match="API_SPORTS_KEY"):
        await arun_seeds(store_url, clock=VirtualClock(datetime(2024, 11, 20, tzinfo=UTC)))


def test_public_api_names_are_documented() -> None:
    """Everything in scoracle_core.__all__ exists and has a docstring."""
    for name in scoracle_core.__all__:
        value = getattr(scoracle_core, name)
        if name.startswith("__"):
            continue
        assert getattr(value, "__doc__", None), name


def test_all_lists_every_public_name_once() -> None:
    """__all__ names each public name once, and each is importable from the package."""
    names = scoracle_core.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(scoracle_core, name), name
