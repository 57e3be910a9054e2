"""A get, list or count issued after a write's response always sees that write."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from tests.api.helpers import BASE, count, create, get_list, unique, update
from tests.conftest import Api, Tenant

ROUNDS = 40


def test_created_state_is_readable_at_once(api: Api, tenant: Tenant) -> None:
    for _ in range(ROUNDS):
        state = create(api, tenant.headers)
        response = api.client.get(f"{BASE}/{state['_id']}/get-item", headers=tenant.headers)
        assert response.status_code == 200, response.text


def test_created_state_is_counted_at_once(api: Api, tenant: Tenant) -> None:
    for n in range(1, ROUNDS + 1):
        create(api, tenant.headers)
        assert count(api, tenant.headers) == 4 + n


def test_created_state_is_listed_at_once(api: Api, tenant: Tenant) -> None:
    for _ in range(ROUNDS):
        state = create(api, tenant.headers)
        page = get_list(api, tenant.headers, None, {"limit": 1})
        assert page["data"] == [{"_id": state["_id"]}]


def test_update_is_visible_at_once(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    for n in range(ROUNDS):
        update(api, tenant.headers, state["_id"], description=f"rev {n}")
        body = {"select": {"description": True}}
        response = api.client.post(
            f"{BASE}/{state['_id']}/get-item", json=body, headers=tenant.headers
        )
        assert response.json()["description"] == f"rev {n}"


def test_rename_is_visible_to_a_query_at_once(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    for _ in range(ROUNDS):
        name = unique()
        update(api, tenant.headers, state["_id"], name=name)
        assert count(api, tenant.headers, {"name": name}) == 1


def test_order_shift_is_visible_at_once(api: Api, tenant: Tenant) -> None:
    for n in range(1, ROUNDS // 2 + 1):
        state = create(api, tenant.headers, order=1)
        page = get_list(api, tenant.headers, {"sort": {"order": 1}, "select": {"order": True}})
        assert page["data"][0] == {"_id": state["_id"], "order": 1}
        assert page["count"] == 4 + n


def test_delete_is_visible_at_once(api: Api, tenant: Tenant) -> None:
    for _ in range(ROUNDS // 2):
        state = create(api, tenant.headers)
        assert (
            api.client.delete(f"{BASE}/{state['_id']}", headers=tenant.headers).status_code == 200
        )
        response = api.client.get(f"{BASE}/{state['_id']}/get-item", headers=tenant.headers)
        assert response.status_code == 404, response.text
        assert count(api, tenant.headers) == 4


def test_each_writer_reads_its_own_write_under_concurrency(api: Api, tenant: Tenant) -> None:
    gate = threading.Barrier(8)

    def writer(i: int) -> list[str]:
        gate.wait(timeout=30)
        misses = []
        for n in range(10):
            name = f"w{i}-{n}-{unique()}"
            create(api, tenant.headers, name=name)
            if count(api, tenant.headers, {"name": name}) != 1:
                misses.append(name)
        return misses

    with ThreadPoolExecutor(max_workers=8) as pool:
        misses = [m for found in pool.map(writer, range(8)) for m in found]
    assert misses == []
