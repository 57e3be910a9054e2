"""Who may read and write scopes and services; public scopes without a key; forms."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.api.helpers import Headers, error
from tests.api.incident_helpers import KINDS, make_item, unique
from tests.conftest import Api, Tenant

WRITERS = (("owner",), ("admin",), (None, "ManageCatalog"))
NON_WRITERS = (
    ("member",),
    (None, "ReadCatalog"),
    (None, "ReadAllProjectResources"),
    (None, "CreateIncident", "EditIncident", "DeleteIncident"),
)
READERS = (
    ("owner",),
    ("admin",),
    ("member",),
    (None, "ReadCatalog"),
    (None, "ReadAllProjectResources"),
)
NON_READERS = ((None, "ReadIncident"), (None, "CreateIncident"), (None, "ReadIncidentState"))

Write = Callable[[Api, Headers, str, int], httpx.Response]


def _create(api: Api, headers: Headers, kind: str, _: int) -> httpx.Response:
    return api.client.post(f"/{kind}/create", json={"name": unique()}, headers=headers)


def _update(api: Api, headers: Headers, kind: str, item_id: int) -> httpx.Response:
    body = {"name": unique()}
    return api.client.post(f"/{kind}/{item_id}/update", json=body, headers=headers)


def _delete(api: Api, headers: Headers, kind: str, item_id: int) -> httpx.Response:
    return api.client.post(f"/{kind}/{item_id}/delete", headers=headers)


WRITES: dict[str, tuple[Write, int]] = {
    "create": (_create, 201),
    "update": (_update, 200),
    "delete": (_delete, 204),
}


def _reads(kind: str, item_id: int) -> tuple[str, str]:
    return (f"/{kind}", f"/{kind}/{item_id}")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("credential", WRITERS)
def test_owner_admin_and_manage_catalog_may_write(
    api: Api, tenant: Tenant, kind: str, write: str, credential: tuple[str | None, ...]
) -> None:
    item = make_item(api, tenant.headers, kind)
    send, status = WRITES[write]
    response = send(api, tenant.key(*credential), kind, item["id"])
    assert response.status_code == status, response.text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("credential", NON_WRITERS)
def test_other_keys_may_not_write_and_change_nothing(
    api: Api, tenant: Tenant, kind: str, write: str, credential: tuple[str | None, ...]
) -> None:
    item = make_item(api, tenant.headers, kind)
    send, _ = WRITES[write]
    error(send(api, tenant.key(*credential), kind, item["id"]), 403)
    assert api.client.get(f"/{kind}/{item['id']}", headers=tenant.headers).json() == item
    assert len(api.client.get(f"/{kind}", headers=tenant.headers).json()) == 1


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("credential", READERS)
def test_any_role_and_the_read_permissions_may_read(
    api: Api, tenant: Tenant, kind: str, credential: tuple[str | None, ...]
) -> None:
    item = make_item(api, tenant.headers, kind)
    headers = tenant.key(*credential)
    for path in _reads(kind, item["id"]):
        response = api.client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.text)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("credential", NON_READERS)
def test_keys_without_a_read_grant_may_not_read(
    api: Api, tenant: Tenant, kind: str, credential: tuple[str | None, ...]
) -> None:
    item = make_item(api, tenant.headers, kind)
    headers = tenant.key(*credential)
    for path in _reads(kind, item["id"]):
        error(api.client.get(path, headers=headers), 403)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("write", WRITES)
def test_writes_without_a_key_are_401(api: Api, tenant: Tenant, kind: str, write: str) -> None:
    extra = {"public": True} if kind == "scope" else {}
    item = make_item(api, tenant.headers, kind, **extra)
    send, _ = WRITES[write]
    error(send(api, {}, kind, item["id"]), 401)


def test_scope_list_without_a_key_shows_public_scopes_only(api: Api, tenant: Tenant) -> None:
    public = make_item(api, tenant.headers, "scope", public=True)
    private = make_item(api, tenant.headers, "scope")
    response = api.client.get("/scope", params={"per_page": 100})
    assert response.status_code == 200, response.text
    listed = response.json()
    assert public in listed
    assert private["id"] not in [s["id"] for s in listed]
    assert all(s["public"] is True for s in listed)


def test_a_public_scope_can_be_read_without_a_key(api: Api, tenant: Tenant) -> None:
    public = make_item(api, tenant.headers, "scope", public=True)
    response = api.client.get(f"/scope/{public['id']}")
    assert response.status_code == 200, response.text
    assert response.json() == public


def test_a_private_scope_does_not_exist_without_a_key(api: Api, tenant: Tenant) -> None:
    private = make_item(api, tenant.headers, "scope")
    error(api.client.get(f"/scope/{private['id']}"), 404)


def test_a_scope_made_private_leaves_the_public_list(api: Api, tenant: Tenant) -> None:
    scope = make_item(api, tenant.headers, "scope", public=True)
    api.client.post(
        f"/scope/{scope['id']}/update",
        json={"name": scope["name"], "public": 0},
        headers=tenant.headers,
    )
    listed = api.client.get("/scope", params={"per_page": 100}).json()
    assert scope["id"] not in [s["id"] for s in listed]
    error(api.client.get(f"/scope/{scope['id']}"), 404)


def test_a_bearer_token_works_like_the_apikey_header(api: Api, tenant: Tenant) -> None:
    bearer = {"Authorization": f"Bearer {tenant.owner.api_key}"}
    response = api.client.post("/service/create", json={"name": unique()}, headers=bearer)
    assert response.status_code == 201, response.text
    assert api.client.get(f"/service/{response.json()['id']}", headers=bearer).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_create_accepts_a_form_body(api: Api, tenant: Tenant, kind: str) -> None:
    name = unique()
    response = api.client.post(
        f"/{kind}/create", data={"name": name, "description": "via form"}, headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    assert (response.json()["name"], response.json()["description"]) == (name, "via form")


@pytest.mark.parametrize(("text", "expected"), [("1", True), ("true", True), ("0", False)])
def test_a_scope_form_takes_public_as_text(
    api: Api, tenant: Tenant, text: str, expected: bool
) -> None:
    response = api.client.post(
        "/scope/create", data={"name": unique(), "public": text}, headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["public"] is expected


@pytest.mark.parametrize("kind", KINDS)
def test_update_accepts_a_form_body(api: Api, tenant: Tenant, kind: str) -> None:
    item = make_item(api, tenant.headers, kind)
    name = unique()
    response = api.client.post(
        f"/{kind}/{item['id']}/update", data={"name": name}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == name


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"name"'])
def test_a_malformed_json_body_is_a_400(api: Api, tenant: Tenant, kind: str, body: bytes) -> None:
    headers = {**tenant.headers, "Content-Type": "application/json"}
    error(api.client.post(f"/{kind}/create", content=body, headers=headers), 400)
