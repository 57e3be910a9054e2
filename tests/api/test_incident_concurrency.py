"""Concurrent writes on one incident: every comment kept, every update applied or 409."""

from __future__ import annotations

import httpx

from tests.api.incident_helpers import (
    Desk,
    at_once,
    comments,
    create_incident,
    get_incident,
    history,
    incident_body,
    listed_ids,
    send,
    try_comment,
    try_create,
    try_update,
    update_body,
)

COMMENTS = 50
UPDATES = 20


def test_50_concurrent_comments_are_all_kept_with_distinct_ids(desk: Desk) -> None:
    incident = create_incident(desk)
    texts = [f"comment {i}" for i in range(COMMENTS)]
    responses = at_once(
        lambda i: try_comment(desk, incident["id"], {"comment": texts[i]}), COMMENTS
    )
    assert [r.status_code for r in responses] == [201] * COMMENTS, [r.text for r in responses]
    ids = [r.json()["id"] for r in responses]
    assert len(set(ids)) == COMMENTS
    stored = comments(desk, incident["id"])
    assert sorted(c["comment"] for c in stored) == sorted(texts)
    assert sorted(c["id"] for c in stored) == sorted(ids)


def test_each_concurrent_comment_answer_matches_what_is_stored(desk: Desk) -> None:
    incident = create_incident(desk)
    responses = at_once(
        lambda i: try_comment(desk, incident["id"], {"comment": f"n{i}", "internal": i % 2}),
        COMMENTS,
    )
    stored = {c["id"]: c for c in comments(desk, incident["id"])}
    assert all(stored[r.json()["id"]] == r.json() for r in responses)
    assert len(get_incident(desk, incident["id"])["comments"]) == COMMENTS


def test_concurrent_comments_are_each_one_history_entry(desk: Desk) -> None:
    incident = create_incident(desk)
    at_once(lambda i: try_comment(desk, incident["id"], {"comment": f"h{i}"}), COMMENTS)
    entries = history(desk, incident["id"])
    assert len(entries) == COMMENTS + 1
    assert [e["version"] for e in entries] == list(range(1, COMMENTS + 2))


def _rename(desk: Desk, number: int, base: dict[str, object], i: int) -> httpx.Response:
    return try_update(desk, number, {**base, "name": f"name {i}"})


def test_20_concurrent_updates_are_each_applied_or_409(desk: Desk) -> None:
    incident = create_incident(desk)
    base = update_body(incident)
    responses = at_once(lambda i: _rename(desk, incident["id"], base, i), UPDATES)
    assert {r.status_code for r in responses} <= {200, 409}, [r.text for r in responses]
    applied = sorted(f"name {i}" for i, r in enumerate(responses) if r.status_code == 200)
    assert applied
    recorded = [e["changes"]["name"]["after"] for e in history(desk, incident["id"])[1:]]
    assert sorted(recorded) == applied
    assert get_incident(desk, incident["id"])["name"] == recorded[-1]


def test_concurrent_updates_chain_their_before_values(desk: Desk) -> None:
    incident = create_incident(desk)
    base = update_body(incident)
    at_once(lambda i: _rename(desk, incident["id"], base, i), UPDATES)
    changes = [e["changes"]["name"] for e in history(desk, incident["id"])[1:]]
    befores = [c["before"] for c in changes]
    assert befores == [incident["name"], *(c["after"] for c in changes)][:-1]


def test_a_409_answer_is_an_error_object(desk: Desk) -> None:
    incident = create_incident(desk)
    base = update_body(incident)
    responses = at_once(lambda i: _rename(desk, incident["id"], base, i), UPDATES)
    refused = [r for r in responses if r.status_code == 409]
    assert all(list(r.json()) == ["error"] for r in refused)


def test_concurrent_status_changes_leave_a_consistent_incident(desk: Desk) -> None:
    incident = create_incident(desk)

    def move(i: int) -> httpx.Response:
        status = ("investigating", "active")[i % 2]
        extra = {"investigation_date": "2024-03-01T11:00"} if i % 2 == 0 else {}
        return try_update(desk, incident["id"], update_body(incident, status=status, **extra))

    responses = at_once(move, UPDATES)
    assert {r.status_code for r in responses} <= {200, 409}, [r.text for r in responses]
    final = get_incident(desk, incident["id"])
    moves = [e for e in history(desk, incident["id"]) if "status" in e["changes"]]
    assert moves[-1]["changes"]["status"]["after"] == final["status"]
    assert (final["investigation_date"] is None) == (final["status"] == "active")


def test_concurrent_creates_get_distinct_ids(desk: Desk) -> None:
    responses = at_once(lambda _: try_create(desk, incident_body(desk)), UPDATES)
    assert [r.status_code for r in responses] == [201] * UPDATES
    ids = sorted(r.json()["id"] for r in responses)
    assert len(set(ids)) == UPDATES
    assert sorted(listed_ids(desk)) == ids


def test_reads_during_concurrent_writes_never_fail(desk: Desk) -> None:
    incident = create_incident(desk)

    def mixed(i: int) -> httpx.Response:
        if i % 2:
            return try_comment(desk, incident["id"], {"comment": f"m{i}"})
        return send(desk, "GET", f"/incident/{incident['id']}")

    responses = at_once(mixed, UPDATES)
    assert {r.status_code for r in responses} <= {200, 201}, [r.text for r in responses]
