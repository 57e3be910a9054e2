"""POST /incident/<id>/delete: 204, hidden from list and get, history kept."""

from __future__ import annotations

from tests.api.helpers import error
from tests.api.incident_helpers import (
    Desk,
    comment,
    create_incident,
    delete_incident,
    fetch,
    history,
    listed_ids,
    new_in,
    send,
    timeline,
)


def test_delete_answers_204_with_no_body(desk: Desk) -> None:
    incident = create_incident(desk)
    response = delete_incident(desk, incident["id"])
    assert response.status_code == 204, response.text
    assert response.content == b""


def test_a_deleted_incident_is_a_404_on_get(desk: Desk) -> None:
    incident = create_incident(desk)
    delete_incident(desk, incident["id"])
    error(fetch(desk, incident["id"]), 404)


def test_a_deleted_incident_leaves_the_list_and_its_total(desk: Desk) -> None:
    kept = create_incident(desk)["id"]
    gone = create_incident(desk)["id"]
    delete_incident(desk, gone)
    response = send(desk, "GET", "/incident")
    assert [i["id"] for i in response.json()] == [kept]
    assert response.headers["X-Total"] == "1"


def test_a_deleted_incident_leaves_its_filtered_lists(desk: Desk) -> None:
    gone = new_in(desk, "resolved", external_reference="GONE")["id"]
    delete_incident(desk, gone)
    assert listed_ids(desk, status="resolved") == []
    assert listed_ids(desk, external_reference="GONE") == []


def test_deleting_twice_is_a_404(desk: Desk) -> None:
    incident = create_incident(desk)
    delete_incident(desk, incident["id"])
    error(delete_incident(desk, incident["id"]), 404)


def test_deleting_an_unknown_incident_is_a_404(desk: Desk) -> None:
    error(delete_incident(desk, 999_999_999), 404)


def test_the_history_of_a_deleted_incident_stays_readable(desk: Desk) -> None:
    incident = new_in(desk, "stable")
    comment(desk, incident["id"], "kept in history")
    before = history(desk, incident["id"])
    delete_incident(desk, incident["id"])
    after = history(desk, incident["id"])
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1
    assert "Deleted" in after[-1]["type"]
    assert after[-1]["actor"] == desk.tenant.owner.api_key_id


def test_the_timeline_of_a_deleted_incident_stays_readable(desk: Desk) -> None:
    incident = new_in(desk, "investigating")
    before = timeline(desk, incident["id"])
    delete_incident(desk, incident["id"])
    assert timeline(desk, incident["id"]) == before


def test_deleting_keeps_other_incidents_alone(desk: Desk) -> None:
    first, second = create_incident(desk), create_incident(desk)
    delete_incident(desk, first["id"])
    assert fetch(desk, second["id"]).json()["name"] == second["name"]


def test_a_deleted_incidents_id_is_never_reused(desk: Desk) -> None:
    gone = create_incident(desk)["id"]
    delete_incident(desk, gone)
    assert create_incident(desk)["id"] > gone
