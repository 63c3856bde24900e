"""Every exception Scoracle raises, in one tree.

::

    ScoracleError
    ├── ConfigError                 bad settings, unknown store URL, bad time zone name
    ├── ModelError                  a value that breaks the model (naive datetime, bad enum)
    ├── PayloadError                a document that does not decode (carries the JSON path)
    ├── PluginError
    │   ├── PluginLoadError         an entry point that fails to import or register
    │   └── DuplicateSportError     two distributions claim the same sport key
    ├── UnknownSportError / UnknownLeagueError
    ├── TeamResolutionError         a name that resolves to no team, or to several
    ├── ScheduleError               a schedule file with problems (carries every problem)
    ├── StoreError
    │   ├── StoreUnavailable        the database cannot be reached
    │   ├── MigrationError
    │   └── NotFound
    ├── ApiError                    a call to API-Sports (or the simulator) that failed
    │   ├── PermanentApiError       bad key, plan, bad parameter: do not retry
    │   │   ├── AuthError
    │   │   └── PlanError
    │   ├── TransientApiError       429/5xx/499/204/time-out/malformed body: retry
    │   │   └── RateLimited         per-minute limit hit: wait, then retry
    │   └── QuotaExhausted          daily quota spent: stop until the reset
    └── SeedError                   a seed that cannot complete

Third-party exceptions are translated at the boundary (``raise ... from exc``), so a caller
only ever needs ``except ScoracleError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

__all__ = [
    "ApiError",
    "AuthError",
    "ConfigError",
    "DuplicateSportError",
    "MigrationError",
    "ModelError",
    "NotFound",
    "PayloadError",
    "PermanentApiError",
    "PlanError",
    "PluginError",
    "PluginLoadError",
    "QuotaExhausted",
    "RateLimited",
    "ScheduleError",
    "ScoracleError",
    "SeedError",
    "StoreError",
    "StoreUnavailable",
    "TeamResolutionError",
    "TransientApiError",
    "UnknownLeagueError",
    "UnknownSportError",
]


class ScoracleError(Exception):
    """Base of every error Scoracle raises."""


class ConfigError(ScoracleError):
    """A setting is missing or wrong (store URL, time zone, plugin option)."""


class ModelError(ScoracleError, ValueError):
    """A value does not satisfy the domain model (e.g. a naive datetime)."""


class PayloadError(ScoracleError, ValueError):
    """A document could not be decoded; ``path`` says where (``$.games[3].date``)."""

    def __init__(self, message: str, *, path: str = "$") -> None:
        super().__init__(f"{path}: {message}" if path != "$" else message)
        self.path = path


class PluginError(ScoracleError):
    """A sport plugin is broken or misconfigured."""


class PluginLoadError(PluginError):
    """An entry point in the ``scoracle`` group failed to load; the message names it."""


class DuplicateSportError(PluginError):
    """Two plugins registered the same sport key."""


class UnknownSportError(ScoracleError, KeyError):
    """No installed plugin provides this sport."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown sport"


class UnknownLeagueError(ScoracleError, KeyError):
    """The sport has no league with this key."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown league"


class TeamResolutionError(ScoracleError, LookupError):
    """A team name could not be resolved, or resolved ambiguously.

    ``candidates`` holds the closest catalog names (best first) with their scores.
    """

    def __init__(
        self,
        message: str,
        *,
        name: str,
        sport: str,
        league: str | None = None,
        candidates: Sequence[tuple[str, str, float]] = (),
    ) -> None:
        super().__init__(message)
        self.name = name
        self.sport = sport
        self.league = league
        #: ``(team_id, canonical name, score 0-100)``, best first.
        self.candidates = tuple(candidates)


class ScheduleError(ScoracleError):
    """A schedule has problems; ``problems`` lists every one (file, line, what)."""

    def __init__(self, message: str, problems: Sequence[object] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class StoreError(ScoracleError):
    """The store failed."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or opened."""


class MigrationError(StoreError):
    """A schema migration failed or the database is newer than this code."""


class NotFound(StoreError, LookupError):
    """A row that was asked for by id does not exist."""


class ApiError(ScoracleError):
    """A call to an API-Sports host failed.

    Messages never contain the API key: requests are described by sport, endpoint and
    parameters only.
    """

    def __init__(
        self,
        message: str,
        *,
        sport: str | None = None,
        endpoint: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.sport = sport
        self.endpoint = endpoint
        self.status = status


class PermanentApiError(ApiError):
    """Retrying will not help: bad key, plan restriction, bad parameter."""


class AuthError(PermanentApiError):
    """The key is missing, wrong or expired."""


class PlanError(PermanentApiError):
    """The subscription plan does not allow this request."""


class TransientApiError(ApiError):
    """A failure that may pass: 429, 5xx, 499, 204, time-out, malformed body."""

    def __init__(
        self,
        message: str,
        *,
        sport: str | None = None,
        endpoint: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, sport=sport, endpoint=endpoint, status=status)
        self.retry_after = retry_after


class RateLimited(TransientApiError):
    """The per-minute (or per-second) limit was hit; wait ``retry_after`` seconds."""


class QuotaExhausted(ApiError):
    """The daily request quota of the key is spent; nothing more until ``resets_at``."""

    def __init__(
        self,
        message: str,
        *,
        sport: str | None = None,
        endpoint: str | None = None,
        status: int | None = None,
        resets_at: datetime | None = None,
    ) -> None:
        super().__init__(message, sport=sport, endpoint=endpoint, status=status)
        self.resets_at = resets_at


class SeedError(ScoracleError):
    """A seed task could not be completed."""
