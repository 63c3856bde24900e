"""The migration runner shared by the SQL stores.

Migrations are numbered ``.sql`` files per dialect (``migrations/<dialect>/NNNN_name.sql``),
read with :mod:`importlib.resources` so they work from an installed wheel. A database records
what it has in ``schema_migrations(version, name, applied_at)``; each file is applied in its
own transaction, in order. A database whose version is newer than the newest file this code
knows is refused with :class:`~scoracle_core.errors.MigrationError`: old code must not write to
a schema it does not understand.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from functools import cache
from importlib import resources

import attrs

from scoracle_core.errors import MigrationError

__all__ = ["Migration", "load_migrations", "run_migrations"]

logger = logging.getLogger(__name__)

_FILE_NAME = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")


@attrs.frozen(kw_only=True)
class Migration:
    """One schema change: its version, name and SQL script."""

    version: int
    name: str
    sql: str


@cache
def load_migrations(dialect: str) -> tuple[Migration, ...]:
    """The migrations of ``dialect`` (``"sqlite"`` or ``"postgresql"``), oldest first."""
    root = resources.files("scoracle_core.store.migrations").joinpath(dialect)
    found = []
    for entry in root.iterdir():
        match = _FILE_NAME.fullmatch(entry.name)
        if match is not None:
            found.append(Migration(version=int(match[1]), name=match[2], sql=entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(
            f"{dialect} migrations must be numbered 1, 2, 3 … without gaps; found {versions}"
        )
    return tuple(found)


async def run_migrations(
    *,
    dialect: str,
    url: str,
    read_version: Callable[[], Awaitable[int]],
    apply: Callable[[Migration], Awaitable[bool]],
) -> int:
    """Apply the pending migrations of ``dialect``; return the schema version.

    ``read_version`` gives the database's current version (0 when empty); ``apply`` runs one
    migration in a transaction, re-checking inside it that no one else applied it meanwhile
    (it returns ``False`` then). ``url`` (masked) is only used in messages.
    """
    migrations = load_migrations(dialect)
    known = migrations[-1].version if migrations else 0
    current = await read_version()
    if current > known:
        raise MigrationError(
            f"the database at {url} has schema version {current}, newer than this scoracle-core knows "
            f"(up to {known}); upgrade scoracle-core to use it"
        )
    for migration in migrations:
        if migration.version > current and await apply(migration):
            logger.info("store.migrated url=%s version=%d name=%s", url, migration.version, migration.name)
    return max(current, known)
