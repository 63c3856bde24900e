"""Fixtures for the NBA plugin's tests: the installed plugins, the real shared schedules, parsing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from scoracle_core.ingest.formats import Problem, RawGame, ScheduleFormat
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.teams import TeamResolver

#: ``shared/`` sits beside the repository clone (here and in CI).
REAL_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "real"

Parsed = tuple[list[RawGame], list[Problem]]


@pytest.fixture(scope="session")
def sports() -> Sports:
    """Every installed plugin, loaded once."""
    return load_plugins()


@pytest.fixture(scope="session")
def formats(sports: Sports) -> dict[str, ScheduleFormat]:
    """Every registered schedule format of every installed plugin, by name."""
    return {fmt.name: fmt for fmt in sports.schedule_formats()}


@pytest.fixture(scope="session")
def resolver(sports: Sports) -> TeamResolver:
    """The real NBA resolver, with no overrides."""
    return TeamResolver(sports.get("nba").catalog())


@pytest.fixture(scope="session")
def real_data() -> Path:
    """``shared/data/real``; the test is skipped when the shared folder is not beside the repo."""
    if not (REAL_DATA / "nba").is_dir():
        pytest.skip(f"real schedules not found at {REAL_DATA} (clone 'shared' beside the repository)")
    return REAL_DATA


@pytest.fixture(scope="session")
def parse_file(formats: dict[str, ScheduleFormat]) -> Callable[[str, Path], Parsed]:
    """Parse a file with a named format (each file parsed once per session)."""
    cache: dict[tuple[str, Path], Parsed] = {}

    def parse(name: str, path: Path) -> Parsed:
        key = (name, path)
        if key not in cache:
            rows = list(formats[name].parse(path.read_text(encoding="utf-8"), source=path.name))
            cache[key] = (
                [row for row in rows if isinstance(row, RawGame)],
                [row for row in rows if isinstance(row, Problem)],
            )
        return cache[key]

    return parse


# -- seeding (test_stats*.py): anyio, the shared example bodies, a fake Fetch ------------------

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "api-sports" / "examples"


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio."""
    return "asyncio"


@pytest.fixture(scope="session")
def api_example() -> Callable[[str], Any]:
    """The ``response`` of a shared example body (a fresh copy each time); skip when absent."""
    if not EXAMPLES.is_dir():
        pytest.skip(f"API examples not found at {EXAMPLES} (clone 'shared' beside the repository)")
    bodies: dict[str, Any] = {}

    def load(name: str) -> Any:
        if name not in bodies:
            bodies[name] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))["response"]
        return copy.deepcopy(bodies[name])

    return load


def request_key(endpoint: str, params: Mapping[str, object]) -> str:
    """``endpoint?a=1&b=2``: parameters sorted and compared as strings, as the API echoes them."""
    return endpoint + "?" + "&".join(f"{k}={v}" for k, v in sorted(params.items()))


class FakeFetch:
    """A :class:`~scoracle_core.seeding.Fetch` serving canned answers by request; records every call.

    An answer is a value (returned as a deep copy) or an exception (raised). A request without an
    answer fails the test.
    """

    def __init__(self, answers: Mapping[str, object] | None = None) -> None:
        self.answers: dict[str, object] = dict(answers or {})
        self.calls: list[str] = []
        self.ttls: dict[str, timedelta | None] = {}

    def answer(self, endpoint: str, params: Mapping[str, object], value: object) -> None:
        """Serve ``value`` (or raise it, if an exception) for this request."""
        self.answers[request_key(endpoint, params)] = value

    async def __call__(
        self, endpoint: str, params: Mapping[str, str | int], *, cache_ttl: timedelta | None = None
    ) -> Any:
        key = request_key(endpoint, params)
        self.calls.append(key)
        self.ttls[key] = cache_ttl
        if key not in self.answers:
            raise AssertionError(f"unexpected request {key}")
        value = self.answers[key]
        if isinstance(value, BaseException):
            raise value
        return copy.deepcopy(value)

    async def pages(self, endpoint: str, params: Mapping[str, str | int]) -> list[Any]:
        raise AssertionError(f"{endpoint} is not paged on this API")


@pytest.fixture
def fake_fetch() -> type[FakeFetch]:
    """The :class:`FakeFetch` class (test modules cannot import conftest under importlib mode)."""
    return FakeFetch
