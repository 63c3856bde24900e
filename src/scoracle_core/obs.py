"""Observability: structured logs (structlog over stdlib logging).

Library code logs through ``logging.getLogger(__name__)`` or :func:`get_logger` with an event
name and fields (``seed.completed game=12 calls=2``); only hosts call :func:`configure_logging`.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

__all__ = ["configure_logging", "get_logger"]


def get_logger(name: str) -> Any:
    """A structlog logger bound to ``name`` (events with key-value fields)."""
    return structlog.get_logger(name)


def configure_logging(*, level: int = logging.INFO, json: bool = False) -> None:
    """Route stdlib and structlog records to stderr, as key=value text or JSON lines.

    Called by hosts (the CLI, a service); the library never configures handlers itself.
    """
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
