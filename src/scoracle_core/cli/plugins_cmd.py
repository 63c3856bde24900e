"""``scoracle plugins``: what is installed."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table

from scoracle_core.cli.app import Context


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def plugins(obj: Context, as_json: bool) -> None:
    """List installed sport plugins with their versions, sports and leagues."""
    sports = obj.sports
    rows: list[dict[str, Any]] = []
    for info in sports.plugins():
        for key in info.sports or ("",):
            leagues = list(sports.get(key).leagues) if key else []
            rows.append(
                {
                    "plugin": info.name,
                    "distribution": info.distribution,
                    "version": info.version,
                    "sport": key,
                    "leagues": leagues,
                }
            )
    if as_json:
        obj.print_json(rows)
        return
    table = Table(title="Scoracle plugins")
    for col in ("plugin", "distribution", "version", "sport", "leagues"):
        table.add_column(col)
    for row in rows:
        table.add_row(
            row["plugin"], row["distribution"], row["version"], row["sport"], ", ".join(row["leagues"])
        )
    obj.out.print(table)
