"""Two service instances on one store (like two worker processes) stay consistent."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest

from application.errors import Unauthenticated
from application.services import Services
from domain.errors import Conflict
from infrastructure.wiring import build_services
from tests.integration.support import (
    Owner,
    add_state,
    count,
    history_afters,
    names,
    new_owner,
    read,
    states,
    unique,
)

T = TypeVar("T")
Pair = tuple[Services, Services]


@pytest.fixture
def pair(fresh_url: str) -> Iterator[Pair]:
    """Two shared-mode service instances on one new store."""
    first = build_services(fresh_url, shared=True)
    second = build_services(fresh_url, shared=True)
    yield first, second
    first.close()
    second.close()


def on_both(
    pair: Pair, task: Callable[[Services, int], T], per_side: int = 10
) -> list[T | Exception]:
    """Run task on 2 x per_side threads released together, half on each instance."""
    gate = threading.Barrier(2 * per_side)

    def run(i: int) -> T | Exception:
        gate.wait(timeout=30)
        try:
            return task(pair[i % 2], i)
        except Exception as error:  # noqa: BLE001 - returned for the test to inspect
            return error

    with ThreadPoolExecutor(max_workers=2 * per_side) as pool:
        return list(pool.map(run, range(2 * per_side)))


def assert_only_conflicts(results: Sequence[object]) -> None:
    """Every failure is a Conflict (a 409), never anything else."""
    failures = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(f, Conflict) for f in failures), failures


def test_a_write_on_one_instance_is_readable_on_the_other_at_once(pair: Pair) -> None:
    first, second = pair
    owner = new_owner(first)
    for n in range(15):
        state_id = add_state(first, owner.who, description=f"n{n}")
        assert read(second, owner.who, state_id)["description"] == f"n{n}"
        assert count(second, owner.who) == 5 + n


def test_alternating_updates_from_both_instances_all_apply(pair: Pair) -> None:
    first, second = pair
    owner = new_owner(first)
    state_id = add_state(first, owner.who)
    for n in range(10):
        pair[n % 2].incident_states.update(owner.who, state_id, {"description": f"v{n}"})
    assert history_afters(first, owner.who, state_id, "description")[1:] == [
        f"v{n}" for n in range(10)
    ]
    assert read(first, owner.who, state_id) == read(second, owner.who, state_id)


def test_updates_keep_fields_changed_by_the_other_instance(pair: Pair) -> None:
    first, second = pair
    owner = new_owner(first)
    state_id = add_state(first, owner.who)
    second.incident_states.update(owner.who, state_id, {"description": "from second"})
    first.incident_states.update(owner.who, state_id, {"color": "#abcdef"})
    state = read(second, owner.who, state_id)
    assert (state["description"], state["color"]) == ("from second", "#abcdef")


def test_concurrent_updates_from_both_are_applied_or_conflict(pair: Pair) -> None:
    first, second = pair
    owner = new_owner(first)
    state_id = add_state(first, owner.who)

    def change(services: Services, i: int) -> str:
        services.incident_states.update(owner.who, state_id, {"description": f"t{i}"})
        return f"t{i}"

    results = on_both(pair, change)
    assert_only_conflicts(results)
    applied = sorted(r for r in results if isinstance(r, str))
    recorded = history_afters(first, owner.who, state_id, "description")[1:]
    assert sorted(recorded) == applied
    assert read(first, owner.who, state_id)["description"] == recorded[-1]
    assert read(second, owner.who, state_id)["description"] == recorded[-1]


def test_concurrent_flag_moves_from_both_leave_one_holder(pair: Pair) -> None:
    first = pair[0]
    owner = new_owner(first)
    ids = [add_state(first, owner.who) for _ in range(10)]

    def take(services: Services, i: int) -> None:
        services.incident_states.update(owner.who, ids[i // 2], {"is_created_state": True})

    assert_only_conflicts(on_both(pair, take))
    for services in pair:
        assert len(names(services, owner.who, {"isCreatedState": True})) == 1


def test_concurrent_order_takes_from_both_keep_orders_unique(pair: Pair) -> None:
    first = pair[0]
    owner = new_owner(first)
    ids = [add_state(first, owner.who) for _ in range(20)]

    def take(services: Services, i: int) -> None:
        services.incident_states.update(owner.who, ids[i], {"order": 1})

    assert_only_conflicts(on_both(pair, take))
    for services in pair:
        orders = [s["order"] for s in states(services, owner.who)]
        assert len(orders) == len(set(orders)) == 24


def test_concurrent_creates_of_one_name_admit_one(pair: Pair) -> None:
    first, _ = pair
    owner = new_owner(first)
    name = unique()
    results = on_both(pair, lambda services, _: add_state(services, owner.who, name=name))
    assert_only_conflicts(results)
    assert sum(isinstance(r, str) for r in results) == 1
    assert names(first, owner.who, {"name": name}) == [name]


def test_concurrent_creates_across_projects_get_distinct_slugs(pair: Pair) -> None:
    first, _ = pair
    owners: list[Owner] = [new_owner(first) for _ in range(20)]
    name = unique("Clash")

    def make(services: Services, i: int) -> str:
        return add_state(services, owners[i].who, name=name)

    results = on_both(pair, make)
    assert_only_conflicts(results)
    made = [(owners[i], r) for i, r in enumerate(results) if isinstance(r, str)]
    slugs = [read(first, owner.who, state_id)["slug"] for owner, state_id in made]
    assert len(slugs) == len(set(slugs))


def test_a_key_revoked_on_one_instance_is_refused_by_the_other(pair: Pair) -> None:
    first, second = pair
    owner = new_owner(first)
    assert second.auth.authenticate(owner.secret).key_id == owner.key_id
    first.projects.revoke_key(owner.key_id)
    with pytest.raises(Unauthenticated):
        second.auth.authenticate(owner.secret)


def test_a_project_made_on_one_instance_takes_keys_and_states_on_the_other(pair: Pair) -> None:
    first, second = pair
    project = first.projects.create("Made on first")
    issued = second.projects.issue_key(project.project_id, "owner", [])
    who = second.auth.authenticate(issued.api_key)
    state_id = add_state(second, who, order=1)
    assert names(first, who)[0] == read(first, who, state_id)["name"]


def test_both_read_models_agree_after_mixed_writes(pair: Pair) -> None:
    first, second = pair
    owner = new_owner(first)

    def work(services: Services, i: int) -> str:
        state_id = add_state(services, owner.who)
        services.incident_states.update(owner.who, state_id, {"order": 1 + i % 3})
        return state_id

    assert_only_conflicts(on_both(pair, work, per_side=5))
    assert states(first, owner.who) == states(second, owner.who)
