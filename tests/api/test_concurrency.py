"""Concurrent requests: each is applied (and visible in history) or refused with 409."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx

from tests.api.helpers import BASE, by_order, count, create, get, history, holder, unique
from tests.conftest import Api, Tenant

THREADS = 20
T = TypeVar("T")


def at_once(task: Callable[[int], T], n: int = THREADS) -> list[T]:
    """Run task(0..n-1) on n threads released together; results in index order."""
    gate = threading.Barrier(n)

    def run(i: int) -> T:
        gate.wait(timeout=30)
        return task(i)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def put(api: Api, tenant: Tenant, state_id: str, data: dict[str, Any]) -> httpx.Response:
    """PUT an update."""
    return api.client.put(f"{BASE}/{state_id}", json={"data": data}, headers=tenant.headers)


def test_concurrent_updates_of_one_state_are_each_applied_or_refused(
    api: Api, tenant: Tenant
) -> None:
    state = create(api, tenant.headers)
    responses = at_once(lambda i: put(api, tenant, state["_id"], {"description": f"d{i}"}))
    assert {r.status_code for r in responses} <= {200, 409}, [r.text for r in responses]
    applied = {f"d{i}" for i, r in enumerate(responses) if r.status_code == 200}
    updates = history(api, tenant.headers, state["_id"])[1:]
    recorded = [e["changes"]["description"]["after"] for e in updates]
    assert sorted(recorded) == sorted(applied)
    assert get(api, tenant.headers, state["_id"])["description"] == recorded[-1]


def test_concurrent_updates_chain_before_and_after_values(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    at_once(lambda i: put(api, tenant, state["_id"], {"description": f"c{i}"}))
    updates = history(api, tenant.headers, state["_id"])[1:]
    befores = [e["changes"]["description"]["before"] for e in updates]
    afters = [None, *(e["changes"]["description"]["after"] for e in updates)][:-1]
    assert befores == afters
    assert [e["version"] for e in updates] == list(range(2, len(updates) + 2))


def test_concurrent_renames_to_distinct_names_keep_one_name(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    names = [unique() for _ in range(THREADS)]
    responses = at_once(lambda i: put(api, tenant, state["_id"], {"name": names[i]}))
    assert {r.status_code for r in responses} <= {200, 409}
    final = get(api, tenant.headers, state["_id"])["name"]
    assert history(api, tenant.headers, state["_id"])[-1]["changes"]["name"]["after"] == final
    assert count(api, tenant.headers, {"name": names}) == 1


def test_concurrent_creates_of_one_name_admit_exactly_one(api: Api, tenant: Tenant) -> None:
    name = unique()
    body = {"data": {"name": name, "color": "#123"}}
    responses = at_once(lambda _: api.client.post(BASE, json=body, headers=tenant.headers))
    assert sorted(r.status_code for r in responses) == [200] + [409] * (THREADS - 1)
    assert count(api, tenant.headers, {"name": name}) == 1


def test_concurrent_creates_get_distinct_orders(api: Api, tenant: Tenant) -> None:
    def make(_: int) -> httpx.Response:
        return api.client.post(
            BASE, json={"data": {"name": unique(), "color": "#123"}}, headers=tenant.headers
        )

    responses = at_once(make)
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    orders = [s["order"] for s in by_order(api, tenant.headers)]
    assert sorted(orders) == list(range(1, THREADS + 5))


def test_concurrent_creates_of_one_slug_base_get_distinct_slugs(api: Api, tenant: Tenant) -> None:
    base = unique("Same").lower()

    def make(i: int) -> httpx.Response:
        data = {"name": f"{base}{'!' * (i + 1)}", "color": "#123"}
        return api.client.post(BASE, json={"data": data}, headers=tenant.headers)

    responses = at_once(make)
    slugs = [r.json()["slug"] for r in responses if r.status_code == 200]
    assert len(slugs) == THREADS
    assert len(set(slugs)) == THREADS


def test_concurrent_takes_of_order_one_keep_orders_unique(api: Api, tenant: Tenant) -> None:
    ids = [create(api, tenant.headers)["_id"] for _ in range(THREADS)]
    responses = at_once(lambda i: put(api, tenant, ids[i], {"order": 1}))
    assert {r.status_code for r in responses} <= {200, 409}
    orders = [s["order"] for s in by_order(api, tenant.headers)]
    assert len(orders) == len(set(orders)) == THREADS + 4


def test_concurrent_moves_of_the_created_flag_leave_one_holder(api: Api, tenant: Tenant) -> None:
    ids = [create(api, tenant.headers)["_id"] for _ in range(THREADS)]
    responses = at_once(lambda i: put(api, tenant, ids[i], {"isCreatedState": True}))
    assert {r.status_code for r in responses} <= {200, 409}
    assert len(holder(api, tenant.headers, "isCreatedState")) == 1


def test_concurrent_deletes_of_one_state_succeed_once(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    responses = at_once(
        lambda _: api.client.delete(f"{BASE}/{state['_id']}", headers=tenant.headers)
    )
    assert sorted(r.status_code for r in responses) == [200] + [404] * (THREADS - 1)
    assert "Deleted" in history(api, tenant.headers, state["_id"])[-1]["type"]


def test_reads_during_concurrent_writes_never_fail(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)

    def mixed(i: int) -> httpx.Response:
        if i % 2:
            return put(api, tenant, state["_id"], {"description": f"m{i}"})
        return api.client.post(
            f"{BASE}/get-list", json={"select": {"name": True}}, headers=tenant.headers
        )

    responses = at_once(mixed)
    assert {r.status_code for r in responses} <= {200, 409}
