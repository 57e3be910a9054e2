"""The StateCatalog aggregate: a project's rules across its incident states.

Names unique per project, orders unique, exactly one created and one resolved
state, at most one acknowledged state. It is saved in the same atomic write as
the states it changes, so concurrent writers cannot break these rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import Conflict
from domain.state_rules import name_key

FLAGS = ("is_created_state", "is_acknowledged_state", "is_resolved_state")
REQUIRED_FLAGS = ("is_created_state", "is_resolved_state")


@dataclass
class Effects:
    """What a catalog change does to the other states of the project."""

    order: int
    shifts: dict[str, int] = field(default_factory=dict)
    flag_losses: dict[str, list[str]] = field(default_factory=dict)


class StateCatalog(Aggregate):
    """Index of one project's incident states: name key, order and flags."""

    @staticmethod
    def create_id(project_id: str) -> UUID:
        """One catalog per project, found from the project id alone."""
        return uuid5(NAMESPACE_URL, f"/projects/{project_id}/incident-states")

    @event("Opened")
    def __init__(self, project_id: str, actor: str) -> None:
        self.project_id = project_id
        self.entries: dict[str, dict[str, Any]] = {}

    def admit(
        self, state_id: str, name: str, order: int | None, flags: dict[str, bool], actor: str
    ) -> Effects:
        """Add a new state; return the order it gets and what moves aside for it."""
        self.check_name_free(name, state_id)
        entry: dict[str, Any] = {"name": name_key(name), "order": 0}
        entry.update({flag: bool(flags.get(flag)) for flag in FLAGS})
        return self._apply(state_id, entry, order, actor)

    def amend(
        self,
        state_id: str,
        name: str | None,
        order: int | None,
        flags: dict[str, bool],
        actor: str,
    ) -> Effects:
        """Change a known state's name, order or flags; return the side effects."""
        entry = dict(self.entries[state_id])
        if name is not None:
            self.check_name_free(name, state_id)
            entry["name"] = name_key(name)
        for flag, value in flags.items():
            if entry[flag] and not value:
                self.check_flag_can_be_cleared(flag)
            entry[flag] = value
        return self._apply(state_id, entry, order, actor)

    def remove(self, state_id: str, actor: str) -> None:
        """Drop a state, unless it holds the created or resolved flag."""
        for flag in REQUIRED_FLAGS:
            if self.entries[state_id][flag]:
                raise StateRequired(
                    f"the state holds {_camel(flag)}; give the flag to another "
                    "state before deleting this one"
                )
        self._revised(entries={state_id: None}, actor=actor, project_id=self.project_id)

    def state_ids(self) -> list[str]:
        """The live states, in order."""
        return sorted(self.entries, key=lambda sid: int(self.entries[sid]["order"]))

    def check_name_free(self, name: str, state_id: str) -> None:
        """No other state of the project may have this name, in any case."""
        key = name_key(name)
        for other_id, entry in self.entries.items():
            if other_id != state_id and entry["name"] == key:
                raise NameTaken(f"name: an incident state named {name.strip()!r} exists")

    @staticmethod
    def check_flag_can_be_cleared(flag: str) -> None:
        """The created and resolved flags move by being set elsewhere, never cleared."""
        if flag in REQUIRED_FLAGS:
            raise StateRequired(
                f"{_camel(flag)}: a project needs exactly one; set it on another "
                "state instead of clearing it"
            )

    def _apply(
        self, state_id: str, entry: dict[str, Any], order: int | None, actor: str
    ) -> Effects:
        others = {sid: e for sid, e in self.entries.items() if sid != state_id}
        current = self.entries.get(state_id, {}).get("order")
        target = order or current or max((e["order"] for e in others.values()), default=0) + 1
        effects = Effects(order=target)
        if target != current and any(e["order"] == target for e in others.values()):
            effects.shifts = {
                sid: e["order"] + 1 for sid, e in others.items() if e["order"] >= target
            }
        for flag in FLAGS:
            if entry[flag]:
                for sid, other in others.items():
                    if other[flag]:
                        effects.flag_losses.setdefault(sid, []).append(flag)
        changed: dict[str, dict[str, Any] | None] = {state_id: {**entry, "order": target}}
        for sid in set(effects.shifts) | set(effects.flag_losses):
            revised = dict(others[sid])
            revised["order"] = effects.shifts.get(sid, revised["order"])
            revised.update({flag: False for flag in effects.flag_losses.get(sid, [])})
            changed[sid] = revised
        self._revised(entries=changed, actor=actor, project_id=self.project_id)
        return effects

    @event("Revised")
    def _revised(
        self, entries: dict[str, dict[str, Any] | None], actor: str, project_id: str
    ) -> None:
        for state_id, entry in entries.items():
            if entry is None:
                self.entries.pop(state_id, None)
            else:
                self.entries[state_id] = entry


def _camel(flag: str) -> str:
    head, *rest = flag.split("_")
    return head + "".join(part.title() for part in rest)


class NameTaken(Conflict):
    """Another state of the project already has this name."""


class StateRequired(Conflict):
    """The change would leave the project without a created or resolved state."""
