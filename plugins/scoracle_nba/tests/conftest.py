"""Fixtures for the NBA plugin's tests; the generic ones (``sports``, ``formats``, ``parse_file``,
``api_example``, ``fake_fetch``) come from ``scoracle_core.testing.pytest_plugin``."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoracle_core.plugins import Sports
from scoracle_core.teams import TeamResolver


@pytest.fixture(scope="session")
def resolver(sports: Sports) -> TeamResolver:
    """The real NBA resolver, with no overrides."""
    return TeamResolver(sports.get("nba").catalog())


@pytest.fixture(scope="session")
def real_data(shared_dir: Path) -> Path:
    """``shared/data/real``; the test is skipped when the NBA schedules are not there."""
    path = shared_dir / "data" / "real"
    if not (path / "nba").is_dir():
        pytest.skip(f"real schedules not found at {path}")
    return path


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio."""
    return "asyncio"
