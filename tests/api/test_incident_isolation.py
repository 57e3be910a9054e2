"""With a key, only the key's project exists: another project's incident is a 404."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.api.helpers import Json, error
from tests.api.incident_helpers import (
    Desk,
    comment,
    create_incident,
    delete_incident,
    fetch,
    get_incident,
    history,
    incident_body,
    listed_ids,
    make_item,
    open_desk,
    send,
    try_comment,
    try_create,
    try_update,
    update_body,
)
from tests.conftest import make_tenant

Attempt = Callable[[Desk, Json], httpx.Response]

ATTEMPTS: dict[str, Attempt] = {
    "get": lambda me, i: fetch(me, i["id"]),
    "update": lambda me, i: try_update(
        me, i["id"], update_body(i, scope=me.scope, service=me.service, name="hijack")
    ),
    "delete": lambda me, i: delete_incident(me, i["id"]),
    "comment": lambda me, i: try_comment(me, i["id"], {"comment": "hello"}),
    "comments": lambda me, i: send(me, "GET", f"/incident/{i['id']}/comments"),
    "history": lambda me, i: send(me, "GET", f"/incident/{i['id']}/history"),
    "timeline": lambda me, i: send(me, "GET", f"/incident/{i['id']}/timeline"),
    "generic item": lambda me, i: send(me, "POST", f"/api/incident/{i['uuid']}/get-item"),
}


@pytest.fixture
def other(desk: Desk) -> Desk:
    """A second project on the same store, with its own scope and service."""
    return open_desk(desk.api, make_tenant(desk.api.services, "Other project"))


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_another_projects_incident_is_a_404(desk: Desk, other: Desk, attempt: str) -> None:
    theirs = create_incident(other)
    error(ATTEMPTS[attempt](desk, theirs), 404)


@pytest.mark.parametrize("attempt", ["update", "delete", "comment"])
def test_a_refused_foreign_write_leaves_the_incident_alone(
    desk: Desk, other: Desk, attempt: str
) -> None:
    theirs = create_incident(other)
    before = history(other, theirs["id"])
    ATTEMPTS[attempt](desk, theirs)
    assert history(other, theirs["id"]) == before
    assert get_incident(other, theirs["id"])["name"] == theirs["name"]


def test_the_list_holds_only_the_keys_project(desk: Desk, other: Desk) -> None:
    mine = create_incident(desk)["id"]
    theirs = create_incident(other)["id"]
    assert listed_ids(desk) == [mine]
    assert listed_ids(other) == [theirs]


def test_filters_do_not_reach_into_another_project(desk: Desk, other: Desk) -> None:
    create_incident(other, external_reference="SHARED-REF")
    assert listed_ids(desk, scope=other.scope) == []
    assert listed_ids(desk, external_reference="SHARED-REF") == []


def test_a_public_incident_of_another_project_is_still_a_404_with_a_key(
    desk: Desk, other: Desk
) -> None:
    public = make_item(other.api, other.headers, "scope", public=True)["id"]
    theirs = create_incident(other, scope=public)
    assert fetch(desk, theirs["id"], {}).status_code == 200
    error(fetch(desk, theirs["id"]), 404)


@pytest.mark.parametrize("kind", ["scope", "service"])
def test_another_projects_scope_or_service_cannot_be_used(
    desk: Desk, other: Desk, kind: str
) -> None:
    theirs = other.scope if kind == "scope" else other.service
    assert kind in error(try_create(desk, incident_body(desk, **{kind: theirs})), 400)
    mine = create_incident(desk)
    assert kind in error(try_update(desk, mine["id"], update_body(mine, **{kind: theirs})), 400)


def test_the_generic_list_and_count_hold_only_the_keys_project(desk: Desk, other: Desk) -> None:
    mine = create_incident(desk)
    create_incident(other)
    page = send(desk, "POST", "/api/incident/get-list", {"select": {"number": True}}).json()
    assert [item["number"] for item in page["data"]] == [mine["id"]]
    assert send(desk, "POST", "/api/incident/count").json() == {"count": 1}


def test_comments_of_another_projects_incident_stay_hidden(desk: Desk, other: Desk) -> None:
    theirs = create_incident(other)
    comment(other, theirs["id"], "their secret", internal=True)
    assert "their secret" not in send(desk, "GET", "/incident").text
    error(send(desk, "GET", f"/incident/{theirs['id']}/comments"), 404)


def test_the_same_id_is_never_used_by_two_projects(desk: Desk, other: Desk) -> None:
    mine = create_incident(desk)["id"]
    theirs = create_incident(other)["id"]
    assert mine != theirs
    error(fetch(desk, theirs), 404)
    assert get_incident(desk, mine)["id"] == mine
