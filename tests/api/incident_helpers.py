"""Typed helpers for the Incident API tests (seed 001): catalog, incidents, comments, reads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from uuid import uuid4

import httpx

from tests.api.helpers import Headers, Json
from tests.conftest import Api, Tenant

T = TypeVar("T")

INCIDENT_FIELDS = {
    "id",
    "uuid",
    "project_id",
    "scope",
    "service",
    "name",
    "description",
    "external_reference",
    "external_link",
    "severity",
    "status",
    "start_impact_date",
    "investigation_date",
    "stable_date",
    "resolve_date",
    "created_at",
    "updated_at",
}
SCOPE_FIELDS = {"id", "name", "description", "public", "created_at", "updated_at"}
SERVICE_FIELDS = {"id", "name", "description", "created_at", "updated_at"}
COMMENT_FIELDS = {"id", "comment", "internal", "created_at", "author"}
KINDS = ("scope", "service")
SEVERITIES = ("critical", "high", "moderate", "low", "minor")
CREATE_REQUIRED = ("scope", "service", "name", "severity", "start_impact_date")
UPDATE_REQUIRED = ("scope", "service", "name", "severity", "status", "start_impact_date")
OPTIONAL_TEXT = ("description", "external_reference", "external_link")
DATE_FIELDS = ("start_impact_date", "investigation_date", "stable_date", "resolve_date")

START = "2024-03-01T10:00"
INVESTIGATED = "2024-03-01T11:00"
STABLE = "2024-03-01T12:00"
RESOLVED = "2024-03-01T13:00"
# The date each dated status needs, and a body that reaches that status from active.
ENTRY_DATE = {
    "investigating": "investigation_date",
    "stable": "stable_date",
    "resolved": "resolve_date",
}
WALK = {
    "active": {},
    "investigating": {"investigation_date": INVESTIGATED},
    "stable": {"investigation_date": INVESTIGATED, "stable_date": STABLE},
    "resolved": {
        "investigation_date": INVESTIGATED,
        "stable_date": STABLE,
        "resolve_date": RESOLVED,
    },
}


def unique(prefix: str = "Incident") -> str:
    """A name or reference no other test uses."""
    return f"{prefix} {uuid4().hex[:10]}"


def at(value: str) -> datetime:
    """A returned instant, which must be ISO 8601 in UTC."""
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset() == timedelta(0), value
    return moment


def utc(text: str) -> datetime:
    """The instant a YYYY-MM-DDTHH:MM (UTC) text names."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass(frozen=True)
class Desk:
    """A tenant with one scope and one service to file incidents under."""

    api: Api
    tenant: Tenant
    scope: int
    service: int

    @property
    def headers(self) -> Headers:
        """The owner key's headers."""
        return self.tenant.headers

    @property
    def client(self) -> Any:
        """The test client."""
        return self.api.client


def open_desk(api: Api, tenant: Tenant, *, public: bool = False) -> Desk:
    """A scope (public or not) and a service in the tenant's project."""
    scope = make_item(api, tenant.headers, "scope", public=public)
    service = make_item(api, tenant.headers, "service")
    return Desk(api, tenant, scope["id"], service["id"])


def make_item(api: Api, headers: Headers, kind: str, **data: Any) -> Json:
    """Create a scope or service (a unique name unless given); return it."""
    data.setdefault("name", unique(kind.title()))
    response = api.client.post(f"/{kind}/create", json=data, headers=headers)
    assert response.status_code == 201, response.text
    item: Json = response.json()
    return item


def send(
    desk: Desk,
    method: str,
    path: str,
    body: Json | None = None,
    headers: Headers | None = None,
    *,
    form: bool = False,
    params: Json | None = None,
) -> httpx.Response:
    """A request with a JSON (or form) body; headers default to the owner key's."""
    chosen = desk.headers if headers is None else headers
    if form and body is not None:
        fields = {k: v if isinstance(v, str) else str(v) for k, v in body.items()}
        return desk.client.request(method, path, data=fields, headers=chosen, params=params)
    return desk.client.request(method, path, json=body, headers=chosen, params=params)


def incident_body(desk: Desk, **over: Any) -> Json:
    """A valid create body on the desk's scope and service, with these changes."""
    body: Json = {
        "scope": desk.scope,
        "service": desk.service,
        "name": unique(),
        "severity": "high",
        "start_impact_date": START,
    }
    body.update(over)
    return body


def try_create(
    desk: Desk, body: Json, headers: Headers | None = None, *, form: bool = False
) -> httpx.Response:
    """POST /incident/create with exactly this body."""
    return send(desk, "POST", "/incident/create", body, headers, form=form)


def create_incident(desk: Desk, headers: Headers | None = None, **over: Any) -> Json:
    """Create an incident that must succeed; return it."""
    response = try_create(desk, incident_body(desk, **over), headers)
    assert response.status_code == 201, response.text
    created: Json = response.json()
    return created


def update_body(incident: Json, **over: Any) -> Json:
    """The required update fields as the incident has them, with these changes."""
    body: Json = {field: incident[field] for field in UPDATE_REQUIRED}
    body.update(over)
    return body


def try_update(
    desk: Desk, number: int | str, body: Json, headers: Headers | None = None, *, form: bool = False
) -> httpx.Response:
    """POST /incident/<id>/update with exactly this body."""
    return send(desk, "POST", f"/incident/{number}/update", body, headers, form=form)


def update_incident(desk: Desk, incident: Json, **over: Any) -> Json:
    """An update of the required fields plus these changes that must succeed."""
    response = try_update(desk, incident["id"], update_body(incident, **over))
    assert response.status_code == 200, response.text
    updated: Json = response.json()
    return updated


def move_to(desk: Desk, incident: Json, status: str) -> Json:
    """Move an incident to a default status with the seed's example dates."""
    return update_incident(desk, incident, status=status, **WALK[status])


def new_in(desk: Desk, status: str, **over: Any) -> Json:
    """A new incident moved to a default status."""
    return move_to(desk, create_incident(desk, **over), status)


def fetch(desk: Desk, number: int | str, headers: Headers | None = None) -> httpx.Response:
    """GET /incident/<id>."""
    return send(desk, "GET", f"/incident/{number}", headers=headers)


def get_incident(desk: Desk, number: int | str, headers: Headers | None = None) -> Json:
    """GET /incident/<id> that must succeed."""
    response = fetch(desk, number, headers)
    assert response.status_code == 200, response.text
    found: Json = response.json()
    return found


def delete_incident(
    desk: Desk, number: int | str, headers: Headers | None = None
) -> httpx.Response:
    """POST /incident/<id>/delete."""
    return send(desk, "POST", f"/incident/{number}/delete", headers=headers)


def try_comment(
    desk: Desk, number: int | str, body: Json, headers: Headers | None = None, *, form: bool = False
) -> httpx.Response:
    """POST /incident/<id>/comment with exactly this body."""
    return send(desk, "POST", f"/incident/{number}/comment", body, headers, form=form)


def comment(desk: Desk, number: int | str, text: str = "", **extra: Any) -> Json:
    """Add a comment that must succeed; return it."""
    response = try_comment(desk, number, {"comment": text or unique("Comment"), **extra})
    assert response.status_code == 201, response.text
    added: Json = response.json()
    return added


def read_list(
    desk: Desk, number: int | str, what: str, headers: Headers | None = None
) -> list[Json]:
    """GET /incident/<id>/<what> (comments, history, timeline) that must succeed."""
    response = send(desk, "GET", f"/incident/{number}/{what}", headers=headers)
    assert response.status_code == 200, response.text
    rows: list[Json] = response.json()
    return rows


def history(desk: Desk, number: int | str) -> list[Json]:
    """The incident's history entries."""
    return read_list(desk, number, "history")


def timeline(desk: Desk, number: int | str) -> list[Json]:
    """The incident's timeline periods."""
    return read_list(desk, number, "timeline")


def comments(desk: Desk, number: int | str) -> list[Json]:
    """The incident's comments."""
    return read_list(desk, number, "comments")


def listing(desk: Desk, headers: Headers | None = None, **params: Any) -> httpx.Response:
    """GET /incident with these query parameters."""
    return send(desk, "GET", "/incident", headers=headers, params=params)


def listed_ids(desk: Desk, headers: Headers | None = None, **params: Any) -> list[int]:
    """Ids of the listed incidents, in the order given (per_page 100 unless given)."""
    params.setdefault("per_page", 100)
    response = listing(desk, headers, **params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()]


def at_once(task: Callable[[int], T], n: int) -> list[T]:
    """Run task(0..n-1) on n threads released together; results in index order."""
    gate = threading.Barrier(n)

    def run(i: int) -> T:
        gate.wait(timeout=30)
        return task(i)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))
