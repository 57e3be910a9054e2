"""The Project aggregate: the tenant that owns incident states and API keys."""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidValue
from domain.text import check_text

PROJECT_NAME_MAX = 100


class Project(Aggregate):
    """A project; every resource and key belongs to exactly one."""

    @event("Created")
    def __init__(self, name: str, actor: str) -> None:
        self.name = name

    @classmethod
    def start(cls, name: str, actor: str) -> Project:
        """A new project; the event records the checked, trimmed name."""
        return cls(check_project_name(name), actor)


def check_project_name(name: str) -> str:
    """Return the trimmed name if it is 1-100 characters."""
    trimmed = check_text("name", name, 10 * PROJECT_NAME_MAX, stated=PROJECT_NAME_MAX).strip()
    if not 1 <= len(trimmed) <= PROJECT_NAME_MAX:
        raise InvalidValue("name", f"must be 1-{PROJECT_NAME_MAX} characters")
    return trimmed
