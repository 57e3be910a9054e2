"""The StateCatalog aggregate: a project's rules across its incident states.

Names unique per project, orders unique, exactly one created and one resolved
state, at most one acknowledged state. It also knows which states take the
three business dates (investigation, stable, resolve): a state named like the
default status (investigating, stable, resolved) takes its date when it is free
and keeps it when renamed; a date is freed only when its state is deleted, and
a state takes at most one. Each change records the result. It is saved in the same atomic write as
the states it changes, so concurrent writers cannot break these rules. Indexes
by name, order and flag keep each check O(1) however many states there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import Conflict
from domain.incident_rules import DATE_OF_STATUS
from domain.state_rules import ORDER_MAX, name_key

FLAGS = ("is_created_state", "is_acknowledged_state", "is_resolved_state")
REQUIRED_FLAGS = ("is_created_state", "is_resolved_state")
Entry = dict[str, Any]


@dataclass
class Effects:
    """What a catalog change does to the other states of the project."""

    order: int
    shifts: dict[str, int] = field(default_factory=dict)
    flag_losses: dict[str, list[str]] = field(default_factory=dict)


ID_CACHE = 4_096


class StateCatalog(Aggregate):
    """Index of one project's incident states: name key, order, flags and dates."""

    # 2: snapshots hold `dated`; older ones get it by name, as their events gave it.
    class_version = 2

    @staticmethod
    @lru_cache(maxsize=ID_CACHE)  # uuid5 costs 7 us; commands derive these ids again and again
    def create_id(project_id: str) -> UUID:
        """One catalog per project, found from the project id alone."""
        return uuid5(NAMESPACE_URL, f"/projects/{project_id}/incident-states")

    @event("Opened")
    def __init__(self, project_id: str, actor: str) -> None:
        self.project_id = project_id
        self.entries: dict[str, Entry] = {}
        self.names: dict[str, str] = {}
        # Keyed by str(order): snapshots are JSON, whose object keys are strings.
        self.orders: dict[str, str] = {}
        self.holders: dict[str, str] = {}
        # Date field -> the state that takes it (see _dates_after).
        self.dated: dict[str, str] = {}
        self.last_order = 0

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot from before `dated`: each date goes to the state of its name."""
        state["dated"] = _dates_by_name(state["names"])

    def admit(
        self, state_id: str, name: str, order: int | None, flags: dict[str, bool], actor: str
    ) -> Effects:
        """Add a new state; return the order it gets and what moves aside for it."""
        self.check_name_free(name, state_id)
        entry: Entry = {"name": name_key(name), "order": 0}
        entry.update({flag: bool(flags.get(flag)) for flag in FLAGS})
        return self._apply(state_id, entry, order or self.last_order + 1, actor)

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
        return self._apply(state_id, entry, order or entry["order"], actor)

    def remove(self, state_id: str, actor: str) -> None:
        """Drop a state, unless it holds the created or resolved flag."""
        for flag in REQUIRED_FLAGS:
            if self.entries[state_id][flag]:
                raise StateRequired(
                    f"the state holds {_camel(flag)}; give the flag to another "
                    "state before deleting this one"
                )
        gone: dict[str, Entry | None] = {state_id: None}
        dated = self._dates_after(gone)
        self._revised(entries=gone, actor=actor, project_id=self.project_id, dated=dated)

    def snapshot_size(self) -> int:
        """How many entries a snapshot of the catalog holds (it grows with the states)."""
        return len(self.entries)

    def state_ids(self) -> list[str]:
        """The live states, in order."""
        return [self.orders[order] for order in sorted(self.orders, key=int)]

    def check_name_free(self, name: str, state_id: str) -> None:
        """No other state of the project may have this name, in any case."""
        holder = self.names.get(name_key(name))
        if holder is not None and holder != state_id:
            raise NameTaken(f"name: an incident state named {name.strip()!r} exists")

    @staticmethod
    def check_order_room(target: int, shifts: dict[str, int]) -> None:
        """No order the catalog gives (a new one, or a shift) passes what a client may send."""
        # Else a state read back could not be written back as it is.
        if target > ORDER_MAX:
            raise NoRoomForOrder(
                f"order: the last state holds order {ORDER_MAX}; give this one a free order"
            )
        if any(order > ORDER_MAX for order in shifts.values()):
            raise NoRoomForOrder(
                f"order: taking order {target} would move a later state past {ORDER_MAX}; "
                "give a free order"
            )

    @staticmethod
    def check_flag_can_be_cleared(flag: str) -> None:
        """The created and resolved flags move by being set elsewhere, never cleared."""
        if flag in REQUIRED_FLAGS:
            raise StateRequired(
                f"{_camel(flag)}: a project needs exactly one; set it on another "
                "state instead of clearing it"
            )

    def _apply(self, state_id: str, entry: Entry, target: int, actor: str) -> Effects:
        effects = Effects(order=target)
        holder = self.orders.get(str(target))
        if holder is not None and holder != state_id:
            # Taking a held order moves that state and every later one down by one.
            effects.shifts = {
                sid: e["order"] + 1
                for sid, e in self.entries.items()
                if sid != state_id and e["order"] >= target
            }
        if target != self.entries.get(state_id, {}).get("order"):
            # A state keeping its order (one stored past the cap before this
            # rule) can still be renamed; a kept order shifts nothing.
            self.check_order_room(target, effects.shifts)
        for flag in FLAGS:
            other = self.holders.get(flag)
            if entry[flag] and other is not None and other != state_id:
                effects.flag_losses.setdefault(other, []).append(flag)
        revised_entry = {**entry, "order": target}
        if self.entries.get(state_id) == revised_entry and not effects.flag_losses:
            return effects  # nothing changes: record nothing
        changed: dict[str, Entry | None] = {state_id: revised_entry}
        for sid in set(effects.shifts) | set(effects.flag_losses):
            revised = dict(self.entries[sid])
            revised["order"] = effects.shifts.get(sid, revised["order"])
            revised.update({flag: False for flag in effects.flag_losses.get(sid, [])})
            changed[sid] = revised
        dated = self._dates_after(changed)
        self._revised(entries=changed, actor=actor, project_id=self.project_id, dated=dated)
        return effects

    @event("Revised")
    def _revised(
        self,
        entries: dict[str, Entry | None],
        actor: str,
        project_id: str,
        dated: dict[str, str] | None = None,
    ) -> None:
        old_orders = [self._unindex(state_id) for state_id in entries]
        for state_id, entry in entries.items():
            if entry is not None:
                self._index(state_id, entry)
        if self.last_order in old_orders:
            # The last state moved or left: find the new last (rare, O(states)).
            self.last_order = max((int(order) for order in self.orders), default=0)
        # Events from before dates followed their states carry none: dates then
        # went by name, and replaying them must give what they gave.
        self.dated = dict(dated) if dated is not None else _dates_by_name(self.names)

    def _dates_after(self, changed: dict[str, Entry | None]) -> dict[str, str]:
        """Which state takes each date once changed is applied: the one that did, if it
        stays (renamed or not); else the state then named like the date's default
        status, unless that one takes another date."""
        dated = {f: sid for f, sid in self.dated.items() if changed.get(sid, True) is not None}
        for status, date_field in DATE_OF_STATUS.items():
            taker = self._named_after(status, changed)
            if date_field not in dated and taker is not None and taker not in dated.values():
                dated[date_field] = taker
        return dated

    def _named_after(self, key: str, changed: dict[str, Entry | None]) -> str | None:
        for state_id, entry in changed.items():
            if entry is not None and entry["name"] == key:
                return state_id
        holder = self.names.get(key)
        return holder if holder not in changed else None

    def _unindex(self, state_id: str) -> int | None:
        old = self.entries.pop(state_id, None)
        if old is None:
            return None
        if self.names.get(old["name"]) == state_id:
            del self.names[old["name"]]
        if self.orders.get(str(old["order"])) == state_id:
            del self.orders[str(old["order"])]
        for flag in FLAGS:
            if self.holders.get(flag) == state_id:
                del self.holders[flag]
        return int(old["order"])

    def _index(self, state_id: str, entry: Entry) -> None:
        self.entries[state_id] = entry
        self.names[entry["name"]] = state_id
        self.orders[str(entry["order"])] = state_id
        self.last_order = max(self.last_order, entry["order"])
        for flag in FLAGS:
            if entry[flag]:
                self.holders[flag] = state_id


def _dates_by_name(names: dict[str, str]) -> dict[str, str]:
    """Each date with the state named like its default status, as before dates
    followed their states."""
    return {field: names[status] for status, field in DATE_OF_STATUS.items() if status in names}


def _camel(flag: str) -> str:
    head, *rest = flag.split("_")
    return head + "".join(part.title() for part in rest)


class NameTaken(Conflict):
    """Another state of the project already has this name."""


class StateRequired(Conflict):
    """The change would leave the project without a created or resolved state."""


class NoRoomForOrder(Conflict):
    """The order the change needs would push a state past the highest order."""
