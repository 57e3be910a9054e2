"""Values a store column cannot hold must never stop the read model: each test has its own store.

A write the read model cannot project would leave every later write answering
503; these inputs must be refused (400) or stored so that later writes still work.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.helpers import BASE, create, get, unique
from tests.conftest import STORES, Api, Tenant, drop_store, make_tenant, new_store_url

TOP = 2**63 - 1


@pytest.fixture(params=STORES)
def own(
    request: pytest.FixtureRequest, tmp_path: Path, pg_admin: psycopg.Connection[Any]
) -> Iterator[tuple[Api, Tenant]]:
    """An app on a store of its own, and a project in it."""
    url = new_store_url(request.param, tmp_path, pg_admin)
    app = create_app(url)
    with TestClient(app, raise_server_exceptions=False) as client:
        api = Api(client, app.state.services)
        yield api, make_tenant(api.services)
    drop_store(url, pg_admin)


def assert_still_writable(api: Api, tenant: Tenant) -> None:
    """A plain create and update still succeed and read back."""
    state = create(api, tenant.headers)
    response = api.client.put(
        f"{BASE}/{state['_id']}", json={"data": {"description": "after"}}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    assert get(api, tenant.headers, state["_id"])["description"] == "after"


def assert_refused_or_readable(api: Api, tenant: Tenant, response: Any) -> None:
    """The odd write was refused as a client error, or its result can be read."""
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200 and "_id" in response.json():
        get(api, tenant.headers, response.json()["_id"])


@pytest.mark.parametrize("order", [10**20, 2**63])
def test_order_beyond_the_store_range_never_blocks_later_writes(
    own: tuple[Api, Tenant], order: int
) -> None:
    api, tenant = own
    body = {"data": {"name": unique(), "color": "#123", "order": order}}
    assert_refused_or_readable(
        api, tenant, api.client.post(BASE, json=body, headers=tenant.headers)
    )
    assert_still_writable(api, tenant)


def test_shifting_a_state_past_the_top_order_never_blocks_later_writes(
    own: tuple[Api, Tenant],
) -> None:
    api, tenant = own
    first = api.client.post(
        BASE,
        json={"data": {"name": unique(), "color": "#123", "order": TOP}},
        headers=tenant.headers,
    )
    assert_refused_or_readable(api, tenant, first)
    second = api.client.post(
        BASE,
        json={"data": {"name": unique(), "color": "#123", "order": TOP}},
        headers=tenant.headers,
    )
    assert_refused_or_readable(api, tenant, second)
    assert_still_writable(api, tenant)


def test_update_to_a_huge_order_never_blocks_later_writes(own: tuple[Api, Tenant]) -> None:
    api, tenant = own
    state = create(api, tenant.headers)
    response = api.client.put(
        f"{BASE}/{state['_id']}", json={"data": {"order": 10**30}}, headers=tenant.headers
    )
    assert_refused_or_readable(api, tenant, response)
    assert_still_writable(api, tenant)


@pytest.mark.parametrize("field", ["name", "description"])
def test_nul_character_in_text_never_blocks_later_writes(
    own: tuple[Api, Tenant], field: str
) -> None:
    api, tenant = own
    data = {"name": unique(), "color": "#123", field: f"bad\u0000{field}"}
    response = api.client.post(BASE, json={"data": data}, headers=tenant.headers)
    assert_refused_or_readable(api, tenant, response)
    assert_still_writable(api, tenant)


def test_nul_character_in_created_by_user_is_kept(own: tuple[Api, Tenant]) -> None:
    api, tenant = own
    state = create(api, tenant.headers, createdByUser={"name": "a\u0000b"})
    assert get(api, tenant.headers, state["_id"])["createdByUser"] == {"name": "a\u0000b"}
    assert_still_writable(api, tenant)
