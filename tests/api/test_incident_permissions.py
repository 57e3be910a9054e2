"""The full permission matrix of the Incident API: every route against every kind of key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from tests.api.helpers import Headers, error
from tests.api.incident_helpers import (
    Desk,
    create_incident,
    history,
    incident_body,
    send,
    unique,
    update_body,
)


@dataclass(frozen=True)
class Operation:
    """One route, sent against an existing incident, and its success status."""

    needs: str  # the permission that allows it
    ok: int
    call: Callable[[Desk, Headers, int], httpx.Response]


def _read(path: str, method: str = "GET") -> Callable[[Desk, Headers, int], httpx.Response]:
    return lambda d, h, n: send(d, method, path.format(n=n, uuid=_uuid(d, n)), headers=h)


def _uuid(desk: Desk, number: int) -> str:
    """The incident's UUID, read with the owner key."""
    return str(send(desk, "GET", f"/incident/{number}").json()["uuid"])


OPERATIONS: dict[str, Operation] = {
    "list": Operation("ReadIncident", 200, _read("/incident")),
    "get": Operation("ReadIncident", 200, _read("/incident/{n}")),
    "comments": Operation("ReadIncident", 200, _read("/incident/{n}/comments")),
    "history": Operation("ReadIncident", 200, _read("/incident/{n}/history")),
    "timeline": Operation("ReadIncident", 200, _read("/incident/{n}/timeline")),
    "generic list": Operation("ReadIncident", 200, _read("/api/incident/get-list", "POST")),
    "generic count": Operation("ReadIncident", 200, _read("/api/incident/count", "POST")),
    "generic item": Operation("ReadIncident", 200, _read("/api/incident/{uuid}/get-item", "POST")),
    "create": Operation(
        "CreateIncident",
        201,
        lambda d, h, _: send(d, "POST", "/incident/create", incident_body(d), h),
    ),
    "update": Operation(
        "EditIncident",
        200,
        lambda d, h, n: send(
            d,
            "POST",
            f"/incident/{n}/update",
            update_body(send(d, "GET", f"/incident/{n}").json(), name=unique()),
            h,
        ),
    ),
    "comment": Operation(
        "CommentIncident",
        201,
        lambda d, h, n: send(d, "POST", f"/incident/{n}/comment", {"comment": "hi"}, h),
    ),
    "delete": Operation(
        "DeleteIncident", 204, lambda d, h, n: send(d, "POST", f"/incident/{n}/delete", headers=h)
    ),
}
READS = [name for name, op in OPERATIONS.items() if op.needs == "ReadIncident"]
WRITES = [name for name in OPERATIONS if name not in READS]
ROLES = ("owner", "admin", "member")
PERMISSIONS = (
    "ReadIncident",
    "CreateIncident",
    "EditIncident",
    "CommentIncident",
    "DeleteIncident",
)
UNRELATED = ("ReadCatalog", "ManageCatalog", "ReadIncidentState", "EditIncidentState")


def _run(desk: Desk, operation: str, headers: Headers) -> httpx.Response:
    incident = create_incident(desk)
    return OPERATIONS[operation].call(desk, headers, incident["id"])


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_owner_admin_and_member_may_do_everything(desk: Desk, role: str, operation: str) -> None:
    response = _run(desk, operation, desk.tenant.key(role))
    assert response.status_code == OPERATIONS[operation].ok, response.text


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("permission", PERMISSIONS)
def test_each_permission_allows_exactly_its_routes(
    desk: Desk, permission: str, operation: str
) -> None:
    response = _run(desk, operation, desk.tenant.key(None, permission))
    if OPERATIONS[operation].needs == permission:
        assert response.status_code == OPERATIONS[operation].ok, response.text
    else:
        error(response, 403)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_read_all_project_resources_allows_every_read_and_no_write(
    desk: Desk, operation: str
) -> None:
    response = _run(desk, operation, desk.tenant.key(None, "ReadAllProjectResources"))
    if operation in READS:
        assert response.status_code == 200, response.text
    else:
        error(response, 403)


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("permission", UNRELATED)
def test_unrelated_permissions_allow_nothing(desk: Desk, permission: str, operation: str) -> None:
    error(_run(desk, operation, desk.tenant.key(None, permission)), 403)


@pytest.mark.parametrize("operation", WRITES)
def test_a_forbidden_write_leaves_no_trace(desk: Desk, operation: str) -> None:
    incident = create_incident(desk)
    before = history(desk, incident["id"])
    headers = desk.tenant.key(None, "ReadAllProjectResources")
    error(OPERATIONS[operation].call(desk, headers, incident["id"]), 403)
    assert history(desk, incident["id"]) == before
    assert [i["id"] for i in send(desk, "GET", "/incident").json()] == [incident["id"]]


def test_the_403_names_the_permission_needed(desk: Desk) -> None:
    response = _run(desk, "delete", desk.tenant.key(None, "ReadIncident"))
    assert "DeleteIncident" in error(response, 403)


def test_permissions_add_up(desk: Desk) -> None:
    headers = desk.tenant.key(None, "CreateIncident", "CommentIncident")
    assert _run(desk, "create", headers).status_code == 201
    assert _run(desk, "comment", headers).status_code == 201
    error(_run(desk, "update", headers), 403)
