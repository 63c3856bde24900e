"""nox sessions: tests, lint, typecheck, each plugin alone beside the core, benchmarks, demo."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "tests"]

PLUGINS = ("plugins/scoracle_nba", "plugins/scoracle_nfl", "plugins/scoracle_football")


def install_all(session: nox.Session) -> None:
    session.install("-e", ".[dev]", *(arg for p in PLUGINS for arg in ("-e", p)))


@nox.session(python="3.11")
def tests(session: nox.Session) -> None:
    """The full test suite."""
    install_all(session)
    session.run("pytest", "-q", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff (lint + format) and the import-linter contracts."""
    install_all(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the core and the plugins."""
    install_all(session)
    session.run("mypy")


@nox.session(python="3.11")
@nox.parametrize("plugin", PLUGINS)
def plugin_alone(session: nox.Session, plugin: str) -> None:
    """A plugin installs and passes its own tests with only the core beside it."""
    session.install("-e", ".[test]", "-e", plugin)
    session.run("pytest", "-q", f"{plugin}/tests", "-p", "no:cacheprovider")


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    """Benchmarks (quick mode)."""
    install_all(session)
    for script in ("benchmarks/ingest.py", "benchmarks/ratelimit.py", "benchmarks/seeding.py"):
        session.run("python", script, "--quick")


@nox.session(python="3.11")
def demo(session: nox.Session) -> None:
    """The demo on the embedded store."""
    install_all(session)
    session.run("scoracle", "demo")
