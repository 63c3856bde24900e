"""Which transaction the current task holds on a store (shared by the SQL stores).

``async with store.transaction():`` binds a :class:`TaskTransaction` to the store in a context
variable; every call the *same task* then makes on that store joins it. Context variables are
copied into child tasks, so the binding also records its owner task: a child task spawned inside
the block does not join (it runs outside the transaction, as the contract says), rather than
sharing a connection it must not use concurrently.

A call that fails inside a transaction marks its innermost scope as failed. PostgreSQL aborts
a transaction after any error and would answer a later ``COMMIT`` with a silent rollback, so a
block that swallowed the error must not appear to commit: leaving it raises instead, in both
stores alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import anyio
import attrs

from scoracle_core.errors import StoreError

__all__ = ["TaskTransaction", "TransactionSlot", "poisoned"]

C = TypeVar("C")

_BOUND: ContextVar[Mapping[int, TaskTransaction[Any]]] = ContextVar(
    "scoracle_store_transactions", default=MappingProxyType({})
)


@attrs.define(eq=False)
class TaskTransaction(Generic[C]):
    """A transaction one task holds on one store: its connection and its open scopes."""

    conn: C
    owner: int  # anyio task id
    failures: list[BaseException | None] = attrs.Factory(list)  # one per open scope, innermost last

    @property
    def depth(self) -> int:
        """How many scopes are open (1 = the outer transaction, more = savepoints)."""
        return len(self.failures)

    def open_scope(self) -> None:
        self.failures.append(None)

    def close_scope(self) -> BaseException | None:
        """Close the innermost scope; return the failure that poisoned it, if any."""
        return self.failures.pop()

    def note_failure(self, exc: BaseException) -> None:
        """Record that a call failed inside the innermost scope (the first failure is kept)."""
        if self.failures and self.failures[-1] is None:
            self.failures[-1] = exc


def poisoned(failure: BaseException) -> StoreError:
    """The error raised when a block exits normally after a call inside it failed."""
    return StoreError(
        f"transaction rolled back: a call inside it failed ({failure}); "
        "let the error propagate, or wrap the call in a nested store.transaction() to recover from it"
    )


class TransactionSlot(Generic[C]):
    """Per store: the transaction the current task holds on it, if any."""

    def current(self) -> TaskTransaction[C] | None:
        """The transaction of the current task on this store, or ``None``."""
        tx = _BOUND.get().get(id(self))
        if tx is None or tx.owner != anyio.get_current_task().id:
            return None
        return tx

    @contextmanager
    def bind(self, conn: C) -> Iterator[TaskTransaction[C]]:
        """Bind a new transaction on ``conn`` to the current task for the ``with`` block."""
        tx = TaskTransaction(conn=conn, owner=anyio.get_current_task().id)
        token = _BOUND.set(MappingProxyType({**_BOUND.get(), id(self): tx}))
        try:
            yield tx
        finally:
            _BOUND.reset(token)
