"""pytest plugin (entry point ``pytest11``): fixtures shared by the core's and the plugins' tests.

Loaded automatically wherever ``scoracle-core`` is installed; a ``conftest.py`` fixture of the
same name overrides one of these.

* ``sports`` — every installed plugin, loaded once;
* ``formats`` — every registered schedule format, by name;
* ``parse_file`` — parse a file with a named format (cached per session);
* ``shared_dir`` — the project's ``shared/`` folder beside the repository (skips when absent);
* ``api_example`` — the ``response`` of an example body in ``shared/api-sports/examples``;
* ``fake_fetch`` — the :class:`~scoracle_core.testing.fetch.ScriptedFetch` class.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scoracle_core.ingest.formats import Problem, RawGame, ScheduleFormat
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.testing.fetch import ScriptedFetch

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


@pytest.fixture(scope="session")
def shared_dir(pytestconfig: pytest.Config) -> Path:
    """``shared/`` beside the repository clone (as in CI); the test is skipped when it is absent."""
    path = pytestconfig.rootpath.parent / "shared"
    if not path.is_dir():
        pytest.skip(f"shared material not found at {path} (clone 'shared' beside the repository)")
    return path


@pytest.fixture(scope="session")
def api_example(shared_dir: Path) -> Callable[[str], Any]:
    """The ``response`` of a shared example body (a fresh copy each time)."""
    examples = shared_dir / "api-sports" / "examples"
    bodies: dict[str, Any] = {}

    def load(name: str) -> Any:
        if name not in bodies:
            bodies[name] = json.loads((examples / name).read_text(encoding="utf-8"))["response"]
        return copy.deepcopy(bodies[name])

    return load


@pytest.fixture
def fake_fetch() -> type[ScriptedFetch]:
    """The :class:`ScriptedFetch` class (test modules cannot import conftest under importlib mode)."""
    return ScriptedFetch
