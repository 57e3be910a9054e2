"""A response to a write is visible to every read issued after it."""

from __future__ import annotations

from tests.api.helpers import Json
from tests.api.incident_helpers import (
    Desk,
    comment,
    comments,
    create_incident,
    delete_incident,
    fetch,
    get_incident,
    history,
    listed_ids,
    send,
    timeline,
    unique,
    update_incident,
)

ROUNDS = 10


def generic_status(desk: Desk, incident: Json) -> str:
    """The status as the generic get-item reads it."""
    response = send(
        desk, "POST", f"/api/incident/{incident['uuid']}/get-item", {"select": {"status": True}}
    )
    status: str = response.json()["status"]
    return status


def test_a_created_incident_is_at_once_in_every_read(desk: Desk) -> None:
    seen: list[int] = []
    for _ in range(ROUNDS):
        incident = create_incident(desk)
        seen.insert(0, incident["id"])
        assert get_incident(desk, incident["id"])["name"] == incident["name"]
        assert listed_ids(desk) == seen
        assert send(desk, "POST", "/api/incident/count").json() == {"count": len(seen)}
        assert generic_status(desk, incident) == "active"


def test_each_update_is_at_once_in_get_list_and_history(desk: Desk) -> None:
    incident = create_incident(desk)
    for n in range(ROUNDS):
        name = unique(f"Round {n}")
        update_incident(desk, incident, name=name)
        assert get_incident(desk, incident["id"])["name"] == name
        assert send(desk, "GET", "/incident").json()[0]["name"] == name
        assert history(desk, incident["id"])[-1]["changes"]["name"]["after"] == name


def test_each_status_change_is_at_once_in_every_read(desk: Desk) -> None:
    incident = create_incident(desk)
    for _ in range(ROUNDS // 2):
        for status, extra in (
            ("investigating", {"investigation_date": "2024-03-01T11:00"}),
            ("active", {}),
        ):
            update_incident(desk, incident, status=status, **extra)
            assert get_incident(desk, incident["id"])["status"] == status
            assert listed_ids(desk, status=status) == [incident["id"]]
            assert generic_status(desk, incident) == status
            assert timeline(desk, incident["id"])[-1]["status"] == status


def test_each_comment_is_at_once_in_the_comment_reads(desk: Desk) -> None:
    incident = create_incident(desk)
    for n in range(ROUNDS):
        added = comment(desk, incident["id"], f"c{n}")
        assert comments(desk, incident["id"])[-1] == added
        assert get_incident(desk, incident["id"])["comments"][-1] == added
        assert len(comments(desk, incident["id"])) == n + 1


def test_a_deleted_incident_is_at_once_gone(desk: Desk) -> None:
    for _ in range(ROUNDS // 2):
        incident = create_incident(desk)
        assert delete_incident(desk, incident["id"]).status_code == 204
        assert fetch(desk, incident["id"]).status_code == 404
        assert incident["id"] not in listed_ids(desk)
        assert send(desk, "POST", "/api/incident/count").json() == {"count": 0}


def test_a_write_by_one_key_is_at_once_seen_by_another(desk: Desk) -> None:
    reader = desk.tenant.key(None, "ReadIncident")
    for n in range(ROUNDS):
        incident = create_incident(desk, severity="low" if n % 2 else "high")
        assert get_incident(desk, incident["id"], reader)["severity"] == incident["severity"]


def test_a_public_write_is_at_once_seen_without_a_key(public_desk: Desk) -> None:
    ref = unique("RYW")
    for n in range(ROUNDS // 2):
        incident = create_incident(public_desk, external_reference=ref)
        assert get_incident(public_desk, incident["id"], {})["id"] == incident["id"]
        assert len(listed_ids(public_desk, {}, external_reference=ref)) == n + 1
