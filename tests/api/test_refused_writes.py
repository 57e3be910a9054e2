"""A refused write changes nothing: orders, flags, names and slugs stay as they were,
also when it fails after the project's rules were consulted, and also inside a busy batch."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.api.helpers import (
    BASE,
    DEFAULT_STATES,
    Json,
    by_order,
    create,
    delete,
    error,
    holder,
    names,
    try_create,
    try_update,
    unique,
)
from tests.conftest import Api, Tenant


def taken_slug(api: Api, tenant: Tenant) -> str:
    """A slug some live state holds."""
    slug: str = create(api, tenant.headers)["slug"]
    return slug


def snapshot(api: Api, tenant: Tenant) -> list[Json]:
    """Every state with every field, in order."""
    return by_order(api, tenant.headers)


def test_refused_create_shifts_no_order(api: Api, tenant: Tenant) -> None:
    slug = taken_slug(api, tenant)
    before = snapshot(api, tenant)
    error(try_create(api, tenant.headers, name=unique(), color="#123", order=1, slug=slug), 409)
    assert snapshot(api, tenant) == before


def test_refused_create_keeps_the_created_flag_where_it_was(api: Api, tenant: Tenant) -> None:
    slug = taken_slug(api, tenant)
    data = {"name": unique(), "color": "#123", "isCreatedState": True, "slug": slug}
    error(try_create(api, tenant.headers, **data), 409)
    assert holder(api, tenant.headers, "isCreatedState") == ["Active"]
    active = by_order(api, tenant.headers)[0]
    error(delete(api, tenant.headers, active["_id"]), 409)


def test_refused_create_leaves_its_name_free(api: Api, tenant: Tenant) -> None:
    slug = taken_slug(api, tenant)
    name = unique()
    error(try_create(api, tenant.headers, name=name, color="#123", slug=slug), 409)
    assert create(api, tenant.headers, name=name)["name"] == name


def test_orders_after_a_refused_create_follow_the_real_states(api: Api, tenant: Tenant) -> None:
    slug = taken_slug(api, tenant)
    error(try_create(api, tenant.headers, name=unique(), color="#123", order=1, slug=slug), 409)
    create(api, tenant.headers, name="Second", order=2)
    states = by_order(api, tenant.headers)
    assert [s["name"] for s in states][:5] == ["Active", "Second", *DEFAULT_STATES[1:]]
    assert [s["order"] for s in states] == list(range(1, len(states) + 1))


def test_refused_update_moves_no_flag_and_no_order(api: Api, tenant: Tenant) -> None:
    slug = taken_slug(api, tenant)
    state = create(api, tenant.headers)
    before = snapshot(api, tenant)
    data = {"order": 1, "isResolvedState": True, "slug": slug}
    error(try_update(api, tenant.headers, state["_id"], **data), 409)
    assert snapshot(api, tenant) == before
    resolved = next(s for s in before if s["name"] == "Resolved")
    error(delete(api, tenant.headers, resolved["_id"]), 409)


def test_refused_rename_leaves_the_old_name_taken(api: Api, tenant: Tenant) -> None:
    slug = taken_slug(api, tenant)
    state = create(api, tenant.headers)
    error(try_update(api, tenant.headers, state["_id"], name=unique(), slug=slug), 409)
    error(try_create(api, tenant.headers, name=state["name"], color="#123"), 409)


def test_refused_writes_in_a_busy_batch_leave_the_others_intact(api: Api, tenant: Tenant) -> None:
    slug_holder = create(api, tenant.headers)
    gate = threading.Barrier(20)

    def write(i: int) -> httpx.Response:
        data: Json = {"name": unique(), "color": "#123", "order": 1}
        if i % 2:
            data |= {"slug": slug_holder["slug"], "isCreatedState": True}
        gate.wait(timeout=30)
        return api.client.post(BASE, json={"data": data}, headers=tenant.headers)

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = [r.status_code for r in pool.map(write, range(20))]
    assert codes == [200, 409] * 10
    states = by_order(api, tenant.headers)
    assert [s["order"] for s in states] == list(range(1, 16))
    assert holder(api, tenant.headers, "isCreatedState") == ["Active"]
    assert names(api, tenant.headers)[-5:] == [*DEFAULT_STATES, slug_holder["name"]]
