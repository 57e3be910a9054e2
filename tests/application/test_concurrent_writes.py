"""Concurrent requests through the services: batches keep every rule and isolate failures."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from application.access import Principal
from application.services import Services
from domain.errors import Conflict
from tests.application.support import (
    create,
    holders,
    names_by_order,
    new_principal,
    state_named,
)

WAIT = 5.0


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Start the calls at the same moment; each result or raised error, in call order."""
    barrier = threading.Barrier(len(calls))

    def attempt(call: Callable[[], Any]) -> Any:
        barrier.wait(WAIT)
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - returned for the test to inspect
            return error

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(attempt, calls))


def creating(services: Services, who: Principal, name: str, **values: Any) -> Callable[[], Any]:
    """A deferred create of a state."""
    return lambda: create(services, who, name, **values)


def test_concurrent_creates_all_succeed_with_unique_orders(
    memory_services: Services, who: Principal
) -> None:
    results = run_together([creating(memory_services, who, f"S{n}") for n in range(8)])
    assert all(isinstance(r, str) for r in results)
    orders = [order for _, order in names_by_order(memory_services, who)]
    assert orders == list(range(1, 13))


def test_a_failing_create_among_concurrent_ones_fails_alone(
    memory_services: Services, who: Principal
) -> None:
    calls = [creating(memory_services, who, f"S{n}") for n in range(6)]
    calls.insert(3, creating(memory_services, who, "stable"))
    results = run_together(calls)
    assert isinstance(results[3], Conflict)
    assert sum(isinstance(r, str) for r in results) == 6
    assert len(names_by_order(memory_services, who)) == 10


def test_only_one_of_concurrent_creates_of_one_name_succeeds(
    memory_services: Services, who: Principal
) -> None:
    results = run_together([creating(memory_services, who, "Paged") for _ in range(5)])
    assert sum(isinstance(r, str) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, str))


def test_concurrent_creates_of_one_name_in_many_projects_get_distinct_slugs(
    memory_services: Services,
) -> None:
    principals = [new_principal(memory_services, f"P{n}") for n in range(5)]
    run_together([creating(memory_services, p, "Paged") for p in principals])
    slugs = sorted(state_named(memory_services, p, "Paged")["slug"] for p in principals)
    assert slugs == ["paged", "paged-2", "paged-3", "paged-4", "paged-5"]


def test_only_one_of_concurrent_claims_of_one_slug_succeeds(memory_services: Services) -> None:
    principals = [new_principal(memory_services, f"P{n}") for n in range(4)]
    results = run_together([creating(memory_services, p, "X", slug="sev-1") for p in principals])
    assert sum(isinstance(r, str) for r in results) == 1
    assert sum(isinstance(r, Conflict) for r in results) == 3


def test_concurrent_flag_moves_leave_exactly_one_created_state(
    memory_services: Services, who: Principal
) -> None:
    ids = [create(memory_services, who, f"S{n}") for n in range(5)]
    run_together(
        [
            lambda sid=sid: memory_services.incident_states.update(
                who, sid, {"is_created_state": True}
            )
            for sid in ids
        ]
    )
    assert len(holders(memory_services, who, "isCreatedState")) == 1


def test_concurrent_moves_to_one_order_keep_orders_unique(
    memory_services: Services, who: Principal
) -> None:
    ids = [str(state_named(memory_services, who, n)["_id"]) for n in ("Stable", "Resolved")]
    ids += [create(memory_services, who, f"S{n}") for n in range(4)]
    run_together(
        [
            lambda sid=sid: memory_services.incident_states.update(who, sid, {"order": 1})
            for sid in ids
        ]
    )
    orders = [order for _, order in names_by_order(memory_services, who)]
    assert len(orders) == len(set(orders)) == 8


def test_a_state_that_cannot_be_stored_fails_alone_and_writes_go_on(
    memory_services: Services, who: Principal
) -> None:
    outcome: dict[str, object] = {}

    def attempt(key: str, name: str) -> threading.Thread:
        def body() -> None:
            try:
                outcome[key] = create(memory_services, who, name)
            except Exception as error:  # noqa: BLE001 - recorded for the test
                outcome[key] = error

        thread = threading.Thread(target=body, daemon=True)
        thread.start()
        thread.join(WAIT)
        return thread

    attempt("bad", "Bad \ud800 name")
    attempt("good", "Good")
    assert isinstance(outcome.get("bad"), Exception)
    assert isinstance(outcome.get("good"), str)
