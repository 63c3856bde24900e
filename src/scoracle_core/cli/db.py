"""``scoracle db``: schema migrations and store status."""

from __future__ import annotations

import click

from scoracle_core.cli.app import Context, run_async
from scoracle_core.store import mask_url


@click.group()
def db() -> None:
    """The store's schema."""


@db.command()
@click.pass_obj
def upgrade(obj: Context) -> None:
    """Apply pending migrations (also done automatically on open)."""

    async def go() -> int:
        store = await obj.open_store()
        try:
            return await store.migrate()
        finally:
            await store.close()

    version = run_async(go)
    click.echo(f"{mask_url(obj.store_url)}: schema version {version}")
