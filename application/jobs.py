"""A command queued for the writer, and the answer its caller waits for."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

log = logging.getLogger(__name__)

# An aggregate a command will likely look for: its id and kind (Writer.submit).
Hint = tuple[UUID, type[Aggregate]]


@dataclass(eq=False)
class Job:
    """A command queued for the writer; its caller waits on the future."""

    command: Callable[[Any], Any]
    exclusive: bool = False
    prefetch: Sequence[Hint] = ()
    future: Future[Any] = field(default_factory=Future)
    attempts: int = 0
    # The answer, given to the future once the batch's turn is over (see _run).
    reply: tuple[bool, Any] | None = None

    def answer(self, result: Any) -> None:
        """Note the result, handed over by deliver()."""
        self.reply = (True, result)

    def refuse(self, error: BaseException) -> None:
        """Note the error, raised to the caller by deliver()."""
        self.reply = (False, error)

    def deliver(self) -> None:
        """Give the caller the noted answer (after the batch's turn is over)."""
        ok, value = self.reply or (False, RuntimeError("the writer gave no answer"))
        if self.future.cancelled():  # its caller gave up before the batch began
            return
        try:
            if ok:
                self.future.set_result(value)
            else:
                self.future.set_exception(value)
        except InvalidStateError:  # never expected; it must not stop the batch-mates' answers
            log.exception("writer could not answer a job")
