"""Domain errors shared by the aggregates; each names the field or rule it breaks."""

from __future__ import annotations


class DomainError(Exception):
    """A command broke a rule of the domain."""


class InvalidValue(DomainError):
    """A value is malformed or out of range (a client error)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


class Conflict(DomainError):
    """A command clashes with the current state of the domain."""


class NotFound(DomainError):
    """The aggregate does not exist or was deleted."""
