"""Importing the package, or starting the CLI, loads no HTTP client, driver or simulator.

The packages load their public names on first use (lazy_loader, from each ``__init__.pyi``), and
the CLI imports the client only in the commands that call the API, so ``scoracle --help`` or
``scoracle teams resolve`` do not pay for aiohttp, asyncpg or aiosqlite.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

HEAVY = ("aiohttp", "asyncpg", "aiosqlite", "stamina")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_importing_the_package_and_the_cli_loads_none_of_the_heavy_modules() -> None:
    assert _loaded_after("import scoracle_core, scoracle_core.cli.app") == []


def test_a_public_name_loads_what_it_needs_on_first_use() -> None:
    assert "aiohttp" in _loaded_after("from scoracle_core import run_seeds")


@pytest.mark.parametrize(
    "package", ["scoracle_core", "scoracle_core.client", "scoracle_core.ingest", "scoracle_core.sim"]
)
def test_every_public_name_of_a_lazy_package_resolves(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__all__
    for name in module.__all__:
        assert getattr(module, name) is not None, name
        assert name in dir(module)
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018 - the attribute access is the test
