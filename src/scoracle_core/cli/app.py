"""The root command group, shared options and error handling."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
import click
from rich.console import Console

from scoracle_core import __version__
from scoracle_core.errors import ScoracleError
from scoracle_core.obs import configure_logging
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.store import Store, default_store_url, open_store

__all__ = ["Context", "cli", "main", "run_async"]

T = TypeVar("T")


class Context:
    """What every command gets: the store URL, plugins (loaded on demand), consoles."""

    def __init__(self, store_url: str) -> None:
        self.store_url = store_url
        self._sports: Sports | None = None
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False)

    @property
    def sports(self) -> Sports:
        """Installed sport plugins."""
        if self._sports is None:
            self._sports = load_plugins()
        return self._sports

    async def open_store(self) -> Store:
        """Open the configured store (migrations applied)."""
        return await open_store(self.store_url)

    def print_json(self, data: Any) -> None:
        """Write ``data`` as JSON to stdout."""
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def run_async(fn: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine function from a synchronous click command."""
    return anyio.run(fn)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="scoracle")
@click.option(
    "--store",
    "store_url",
    envvar="SCORACLE_STORE",
    default=None,
    metavar="URL",
    help="Store URL: sqlite:///file.db, sqlite:///:memory:, postgresql://… [env SCORACLE_STORE; "
    "default sqlite:///scoracle.db]",
)
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.option("--log-json", is_flag=True, help="Logs as JSON lines on stderr.")
@click.pass_context
def cli(ctx: click.Context, store_url: str | None, verbose: int, log_json: bool) -> None:
    """Scoracle: fetch sports stats only for the teams and players who played, after each game."""
    level = logging.WARNING - 10 * min(verbose, 2)
    configure_logging(level=level, json=log_json)
    ctx.obj = Context(store_url or default_store_url())


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: library errors become one clear line and exit status 1."""
    try:
        cli.main(args=argv, prog_name="scoracle", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ScoracleError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)


def _register_commands() -> None:
    from scoracle_core.cli import (
        db,
        demo_cmd,
        ingest_cmd,
        plugins_cmd,
        query_cmd,
        seed_cmd,
        sim_cmd,
        teams_cmd,
    )

    cli.add_command(db.db)
    cli.add_command(demo_cmd.demo)
    cli.add_command(ingest_cmd.ingest_schedule)
    cli.add_command(ingest_cmd.formats)
    cli.add_command(plugins_cmd.plugins)
    cli.add_command(query_cmd.query)
    cli.add_command(sim_cmd.sim)
    cli.add_command(teams_cmd.teams)
    seed_cmd.register(cli)


_register_commands()
