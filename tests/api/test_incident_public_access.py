"""Without a key: public-scope incidents only, no internal comments, every write 401."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    Desk,
    comment,
    create_incident,
    delete_incident,
    fetch,
    get_incident,
    incident_body,
    listed_ids,
    make_item,
    send,
    try_comment,
    try_create,
    try_update,
    unique,
    update_body,
    update_incident,
)

ANON: dict[str, str] = {}
Write = Callable[[Desk, int], httpx.Response]

WRITES: dict[str, Write] = {
    "create": lambda d, _: try_create(d, incident_body(d), ANON),
    "update": lambda d, n: try_update(d, n, update_body(get_incident(d, n), name=unique()), ANON),
    "delete": lambda d, n: delete_incident(d, n, ANON),
    "comment": lambda d, n: try_comment(d, n, {"comment": "anonymous"}, ANON),
}


def test_a_public_incident_can_be_read_without_a_key(public_desk: Desk) -> None:
    incident = create_incident(public_desk)
    got = get_incident(public_desk, incident["id"], ANON)
    assert {k: got[k] for k in incident if k != "comments"} == {
        k: incident[k] for k in incident if k != "comments"
    }


def test_a_private_incident_does_not_exist_without_a_key(desk: Desk) -> None:
    incident = create_incident(desk)
    error(fetch(desk, incident["id"], ANON), 404)


def test_the_list_without_a_key_holds_public_incidents_only(api_desks: tuple[Desk, Desk]) -> None:
    public, private = api_desks
    ref = unique("MIX")
    shown = create_incident(public, external_reference=ref)["id"]
    create_incident(private, external_reference=ref)
    assert listed_ids(public, ANON, external_reference=ref) == [shown]


def test_public_and_private_scopes_of_one_project_are_told_apart(desk: Desk) -> None:
    public = make_item(desk.api, desk.headers, "scope", public=True)["id"]
    ref = unique("ONE")
    shown = create_incident(desk, scope=public, external_reference=ref)["id"]
    hidden = create_incident(desk, external_reference=ref)["id"]
    assert listed_ids(desk, ANON, external_reference=ref) == [shown]
    error(fetch(desk, hidden, ANON), 404)
    assert listed_ids(desk, external_reference=ref) == [hidden, shown]


def test_internal_comments_are_hidden_without_a_key(public_desk: Desk) -> None:
    incident = create_incident(public_desk)
    shown = comment(public_desk, incident["id"], "we are on it")
    comment(public_desk, incident["id"], "root cause: a typo", internal=True)
    assert get_incident(public_desk, incident["id"], ANON)["comments"] == [shown]


def test_listed_incidents_without_a_key_carry_no_internal_comment(public_desk: Desk) -> None:
    ref = unique("LIST")
    incident = create_incident(public_desk, external_reference=ref)
    comment(public_desk, incident["id"], "internal only", internal=True)
    listed = public_desk.client.get("/incident", params={"external_reference": ref}).json()
    assert [i["id"] for i in listed] == [incident["id"]]
    assert "internal only" not in str(listed)


def test_moving_an_incident_to_a_private_scope_hides_it(public_desk: Desk) -> None:
    incident = create_incident(public_desk)
    private = make_item(public_desk.api, public_desk.headers, "scope")["id"]
    update_incident(public_desk, incident, scope=private)
    error(fetch(public_desk, incident["id"], ANON), 404)


def test_making_the_scope_private_hides_its_incidents(public_desk: Desk) -> None:
    incident = create_incident(public_desk)
    public_desk.client.post(
        f"/scope/{public_desk.scope}/update",
        json={"name": unique(), "public": False},
        headers=public_desk.headers,
    )
    error(fetch(public_desk, incident["id"], ANON), 404)


def test_making_the_scope_public_shows_its_incidents(desk: Desk) -> None:
    incident = create_incident(desk)
    desk.client.post(
        f"/scope/{desk.scope}/update", json={"name": unique(), "public": 1}, headers=desk.headers
    )
    assert get_incident(desk, incident["id"], ANON)["id"] == incident["id"]


def test_a_deleted_public_incident_is_gone_without_a_key(public_desk: Desk) -> None:
    incident = create_incident(public_desk)
    delete_incident(public_desk, incident["id"])
    error(fetch(public_desk, incident["id"], ANON), 404)


@pytest.mark.parametrize("write", WRITES)
def test_every_write_without_a_key_is_a_401(public_desk: Desk, write: str) -> None:
    incident = create_incident(public_desk)
    error(WRITES[write](public_desk, incident["id"]), 401)
    assert listed_ids(public_desk) == [incident["id"]]


@pytest.mark.parametrize("write", ["update", "delete", "comment"])
def test_a_refused_anonymous_write_changes_nothing(public_desk: Desk, write: str) -> None:
    incident = create_incident(public_desk)
    before = get_incident(public_desk, incident["id"])
    WRITES[write](public_desk, incident["id"])
    assert get_incident(public_desk, incident["id"]) == before


@pytest.mark.parametrize("what", ["comments", "history", "timeline"])
def test_comments_history_and_timeline_need_a_key(public_desk: Desk, what: str) -> None:
    incident = create_incident(public_desk)
    error(send(public_desk, "GET", f"/incident/{incident['id']}/{what}", headers=ANON), 401)


@pytest.mark.parametrize(
    "headers",
    [{"ApiKey": "not-a-key"}, {"Authorization": "Bearer not-a-key"}],
)
def test_an_unknown_key_is_a_401_even_on_public_reads(
    public_desk: Desk, headers: dict[str, str]
) -> None:
    incident = create_incident(public_desk)
    error(fetch(public_desk, incident["id"], headers), 401)
    error(public_desk.client.get("/incident", headers=headers), 401)


def test_a_bearer_token_may_write_and_read(desk: Desk) -> None:
    bearer = {"Authorization": f"Bearer {desk.tenant.owner.api_key}"}
    response = try_create(desk, incident_body(desk), bearer)
    assert response.status_code == 201, response.text
    assert get_incident(desk, response.json()["id"], bearer)["id"] == response.json()["id"]
    assert listed_ids(desk, bearer) == [response.json()["id"]]


def test_a_revoked_key_is_a_401(desk: Desk) -> None:
    headers = desk.tenant.key("admin")
    incident = create_incident(desk, headers)
    desk.api.services.projects.revoke_key(desk.tenant.keys[-1].api_key_id)
    error(fetch(desk, incident["id"], headers), 401)
    error(try_create(desk, incident_body(desk), headers), 401)


@pytest.fixture
def api_desks(public_desk: Desk) -> tuple[Desk, Desk]:
    """Two desks of one project: a public scope and a private one."""
    private = make_item(public_desk.api, public_desk.headers, "scope")["id"]
    return public_desk, Desk(public_desk.api, public_desk.tenant, private, public_desk.service)
