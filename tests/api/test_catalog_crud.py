"""Scopes and services: the five routes of each, their fields and their checks."""

from __future__ import annotations

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    KINDS,
    SCOPE_FIELDS,
    SERVICE_FIELDS,
    at,
    make_item,
    unique,
)
from tests.conftest import Api, Tenant, make_tenant

FIELDS = {"scope": SCOPE_FIELDS, "service": SERVICE_FIELDS}


@pytest.mark.parametrize("kind", KINDS)
def test_create_answers_201_with_every_field(api: Api, tenant: Tenant, kind: str) -> None:
    name = unique(kind)
    response = api.client.post(
        f"/{kind}/create", json={"name": name, "description": "d"}, headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    item = response.json()
    assert set(item) == FIELDS[kind]
    assert isinstance(item["id"], int)
    assert (item["name"], item["description"]) == (name, "d")
    assert at(item["created_at"]) == at(item["updated_at"])


def test_a_new_scope_is_private_unless_asked(api: Api, tenant: Tenant) -> None:
    assert make_item(api, tenant.headers, "scope")["public"] is False
    assert make_item(api, tenant.headers, "scope", public=True)["public"] is True


@pytest.mark.parametrize("kind", KINDS)
def test_get_returns_the_created_object(api: Api, tenant: Tenant, kind: str) -> None:
    item = make_item(api, tenant.headers, kind, description="read me")
    response = api.client.get(f"/{kind}/{item['id']}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    assert response.json() == item


@pytest.mark.parametrize("kind", KINDS)
def test_update_answers_200_with_the_changed_object(api: Api, tenant: Tenant, kind: str) -> None:
    item = make_item(api, tenant.headers, kind)
    name = unique("Renamed")
    response = api.client.post(
        f"/{kind}/{item['id']}/update",
        json={"name": name, "description": "new"},
        headers=tenant.headers,
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["id"], updated["name"], updated["description"]) == (item["id"], name, "new")
    assert updated["created_at"] == item["created_at"]
    assert at(updated["updated_at"]) > at(item["updated_at"])
    assert api.client.get(f"/{kind}/{item['id']}", headers=tenant.headers).json() == updated


def test_update_can_make_a_scope_public(api: Api, tenant: Tenant) -> None:
    scope = make_item(api, tenant.headers, "scope")
    response = api.client.post(
        f"/scope/{scope['id']}/update",
        json={"name": scope["name"], "public": True},
        headers=tenant.headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["public"] is True


@pytest.mark.parametrize("kind", KINDS)
def test_delete_answers_204_and_the_object_is_gone(api: Api, tenant: Tenant, kind: str) -> None:
    item = make_item(api, tenant.headers, kind)
    response = api.client.post(f"/{kind}/{item['id']}/delete", headers=tenant.headers)
    assert response.status_code == 204, response.text
    assert response.content == b""
    error(api.client.get(f"/{kind}/{item['id']}", headers=tenant.headers), 404)


@pytest.mark.parametrize("kind", KINDS)
def test_a_deleted_object_cannot_be_updated_or_deleted_again(
    api: Api, tenant: Tenant, kind: str
) -> None:
    item = make_item(api, tenant.headers, kind)
    api.client.post(f"/{kind}/{item['id']}/delete", headers=tenant.headers)
    path = f"/{kind}/{item['id']}"
    error(api.client.post(f"{path}/update", json={"name": "x"}, headers=tenant.headers), 404)
    error(api.client.post(f"{path}/delete", headers=tenant.headers), 404)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "   "}, {"description": "only"}])
def test_create_without_a_name_is_a_400_naming_it(
    api: Api, tenant: Tenant, kind: str, body: dict[str, str]
) -> None:
    response = api.client.post(f"/{kind}/create", json=body, headers=tenant.headers)
    assert "name" in error(response, 400)


@pytest.mark.parametrize("kind", KINDS)
def test_update_without_a_name_is_a_400_and_changes_nothing(
    api: Api, tenant: Tenant, kind: str
) -> None:
    item = make_item(api, tenant.headers, kind)
    response = api.client.post(
        f"/{kind}/{item['id']}/update", json={"description": "x"}, headers=tenant.headers
    )
    assert "name" in error(response, 400)
    assert api.client.get(f"/{kind}/{item['id']}", headers=tenant.headers).json() == item


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", [42, None, ["a"], {"a": 1}])
def test_a_name_that_is_not_text_is_a_400(
    api: Api, tenant: Tenant, kind: str, name: object
) -> None:
    response = api.client.post(f"/{kind}/create", json={"name": name}, headers=tenant.headers)
    error(response, 400)


@pytest.mark.parametrize("public", ["yes", 2, [1], "maybe"])
def test_a_public_flag_that_is_not_0_1_true_false_is_a_400(
    api: Api, tenant: Tenant, public: object
) -> None:
    response = api.client.post(
        "/scope/create", json={"name": unique(), "public": public}, headers=tenant.headers
    )
    assert "public" in error(response, 400)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("item_id", ["999999999", "abc", "-1", "1.5"])
def test_an_unknown_or_malformed_id_is_a_client_error(
    api: Api, tenant: Tenant, kind: str, item_id: str
) -> None:
    response = api.client.get(f"/{kind}/{item_id}", headers=tenant.headers)
    assert response.status_code in (400, 404), response.text
    error(response, response.status_code)


@pytest.mark.parametrize("kind", KINDS)
def test_ids_are_unique_across_projects(api: Api, kind: str) -> None:
    tenants = [make_tenant(api.services) for _ in range(3)]
    ids = [make_item(api, t.headers, kind)["id"] for t in tenants for _ in range(2)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


@pytest.mark.parametrize("kind", KINDS)
def test_list_is_a_json_array_newest_first(api: Api, tenant: Tenant, kind: str) -> None:
    made = [make_item(api, tenant.headers, kind)["id"] for _ in range(3)]
    response = api.client.get(f"/{kind}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    assert [item["id"] for item in response.json()] == made[::-1]
    assert all(set(item) == FIELDS[kind] for item in response.json())


@pytest.mark.parametrize("kind", KINDS)
def test_list_carries_the_pagination_headers(api: Api, tenant: Tenant, kind: str) -> None:
    made = [make_item(api, tenant.headers, kind)["id"] for _ in range(3)]
    response = api.client.get(f"/{kind}", params={"per_page": 2}, headers=tenant.headers)
    assert response.status_code == 200, response.text
    h = response.headers
    assert (h["X-Total"], h["X-Total-Pages"], h["X-Per-Page"], h["X-Page"]) == ("3", "2", "2", "1")
    assert (h["X-Next-Page"], h["X-Prev-Page"]) == ("2", "")
    assert all(f'rel="{rel}"' in h["Link"] for rel in ("next", "first", "last"))
    second = api.client.get(f"/{kind}", params={"per_page": 2, "page": 2}, headers=tenant.headers)
    assert [item["id"] for item in second.json()] == made[:1]
    assert second.headers["X-Prev-Page"] == "1"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("params", [{"per_page": 0}, {"per_page": 101}, {"page": 0}])
def test_list_refuses_bad_paging(
    api: Api, tenant: Tenant, kind: str, params: dict[str, int]
) -> None:
    error(api.client.get(f"/{kind}", params=params, headers=tenant.headers), 400)


@pytest.mark.parametrize("kind", KINDS)
def test_list_shows_only_the_keys_project(api: Api, tenant: Tenant, kind: str) -> None:
    other = make_tenant(api.services)
    theirs = make_item(api, other.headers, kind)["id"]
    mine = make_item(api, tenant.headers, kind)["id"]
    listed = [i["id"] for i in api.client.get(f"/{kind}", headers=tenant.headers).json()]
    assert listed == [mine]
    assert theirs not in listed


@pytest.mark.parametrize("kind", KINDS)
def test_another_projects_object_does_not_exist_for_the_key(
    api: Api, tenant: Tenant, kind: str
) -> None:
    theirs = make_item(api, make_tenant(api.services).headers, kind)
    path = f"/{kind}/{theirs['id']}"
    error(api.client.get(path, headers=tenant.headers), 404)
    error(api.client.post(f"{path}/update", json={"name": "x"}, headers=tenant.headers), 404)
    error(api.client.post(f"{path}/delete", headers=tenant.headers), 404)
