"""POST /incident/<id>/comment and GET /incident/<id>/comments; comments on GET /incident/<id>."""

from __future__ import annotations

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    COMMENT_FIELDS,
    Desk,
    at,
    comment,
    comments,
    create_incident,
    delete_incident,
    get_incident,
    history,
    try_comment,
)


def test_comment_answers_201_with_the_comment(desk: Desk) -> None:
    incident = create_incident(desk)
    response = try_comment(desk, incident["id"], {"comment": "Looking into it"})
    assert response.status_code == 201, response.text
    added = response.json()
    assert set(added) == COMMENT_FIELDS
    assert (added["comment"], added["internal"]) == ("Looking into it", False)
    assert isinstance(added["id"], int)
    at(added["created_at"])


def test_the_author_is_the_commenting_key(desk: Desk) -> None:
    incident = create_incident(desk)
    member = desk.tenant.key("member")
    response = try_comment(desk, incident["id"], {"comment": "by member"}, member)
    assert response.status_code == 201, response.text
    assert response.json()["author"] == desk.tenant.keys[-1].api_key_id
    assert comment(desk, incident["id"])["author"] == desk.tenant.owner.api_key_id


@pytest.mark.parametrize(
    ("internal", "expected"),
    [(True, True), (False, False), (1, True), (0, False), ("true", True), ("0", False)],
)
def test_internal_takes_0_1_true_or_false(desk: Desk, internal: object, expected: bool) -> None:
    incident = create_incident(desk)
    assert comment(desk, incident["id"], internal=internal)["internal"] is expected


@pytest.mark.parametrize("internal", ["yes", 2, -1, [1], {"a": 1}, "internal"])
def test_any_other_internal_value_is_a_400(desk: Desk, internal: object) -> None:
    incident = create_incident(desk)
    response = try_comment(desk, incident["id"], {"comment": "x", "internal": internal})
    assert "internal" in error(response, 400)


@pytest.mark.parametrize("body", [{}, {"internal": 1}, {"comment": None}])
def test_a_missing_comment_is_a_400_naming_it(desk: Desk, body: dict[str, object]) -> None:
    incident = create_incident(desk)
    assert "comment" in error(try_comment(desk, incident["id"], body), 400)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_comment_is_a_400(desk: Desk, text: str) -> None:
    incident = create_incident(desk)
    assert "comment" in error(try_comment(desk, incident["id"], {"comment": text}), 400)


@pytest.mark.parametrize("text", [42, ["a"], {"a": "b"}, True])
def test_a_comment_that_is_not_text_is_a_400(desk: Desk, text: object) -> None:
    incident = create_incident(desk)
    assert "comment" in error(try_comment(desk, incident["id"], {"comment": text}), 400)


def test_a_comment_of_10000_characters_is_kept_whole(desk: Desk) -> None:
    incident = create_incident(desk)
    text = "x" * 9_999 + "é"
    assert comment(desk, incident["id"], text)["comment"] == text
    assert comments(desk, incident["id"])[-1]["comment"] == text


def test_a_comment_over_10000_characters_is_a_400(desk: Desk) -> None:
    incident = create_incident(desk)
    response = try_comment(desk, incident["id"], {"comment": "x" * 10_001})
    assert "comment" in error(response, 400)
    assert comments(desk, incident["id"]) == []


def test_comments_are_listed_oldest_first(desk: Desk) -> None:
    incident = create_incident(desk)
    added = [comment(desk, incident["id"], f"c{n}") for n in range(4)]
    assert comments(desk, incident["id"]) == added


@pytest.mark.parametrize("internal", [True, False])
def test_a_comments_answer_is_what_the_list_and_the_incident_then_read(
    desk: Desk, internal: bool
) -> None:
    incident = create_incident(desk)
    response = try_comment(desk, incident["id"], {"comment": "é ünïcode", "internal": internal})
    assert response.status_code == 201, response.text
    added = response.json()
    assert comments(desk, incident["id"]) == [added]
    assert get_incident(desk, incident["id"])["comments"] == [added]


def test_comment_ids_are_distinct_within_an_incident(desk: Desk) -> None:
    incident = create_incident(desk)
    ids = [comment(desk, incident["id"])["id"] for _ in range(5)]
    assert len(set(ids)) == 5


def test_the_comment_list_holds_internal_comments_for_a_key(desk: Desk) -> None:
    incident = create_incident(desk)
    secret = comment(desk, incident["id"], "secret", internal=1)
    assert secret in comments(desk, incident["id"])


def test_get_incident_includes_every_comment_for_a_key(desk: Desk) -> None:
    incident = create_incident(desk)
    shown = comment(desk, incident["id"], "public note")
    secret = comment(desk, incident["id"], "internal note", internal=True)
    assert get_incident(desk, incident["id"])["comments"] == [shown, secret]


def test_get_incident_shows_its_comments_oldest_first_as_the_comment_list_does(
    desk: Desk,
) -> None:
    incident = create_incident(desk)
    for n in range(12):
        comment(desk, incident["id"], f"note {n}", internal=n % 3 == 0)
    shown = get_incident(desk, incident["id"])["comments"]
    assert [c["comment"] for c in shown] == [f"note {n}" for n in range(12)]
    assert shown == comments(desk, incident["id"])


def test_a_new_incident_has_no_comments(desk: Desk) -> None:
    incident = create_incident(desk)
    assert comments(desk, incident["id"]) == []
    assert get_incident(desk, incident["id"])["comments"] == []


def test_comments_are_kept_per_incident(desk: Desk) -> None:
    first, second = create_incident(desk), create_incident(desk)
    one = comment(desk, first["id"], "on first")
    assert comments(desk, first["id"]) == [one]
    assert comments(desk, second["id"]) == []


def test_a_comment_is_recorded_in_the_history(desk: Desk) -> None:
    incident = create_incident(desk)
    comment(desk, incident["id"], "noted", internal=True)
    last = history(desk, incident["id"])[-1]
    assert last["changes"]["comment"]["after"] == "noted"
    assert last["actor"] == desk.tenant.owner.api_key_id


def test_a_comment_keeps_the_incident_as_it_was(desk: Desk) -> None:
    incident = create_incident(desk)
    comment(desk, incident["id"])
    after = get_incident(desk, incident["id"])
    assert (after["status"], after["name"]) == (incident["status"], incident["name"])


def test_commenting_a_deleted_incident_is_a_404(desk: Desk) -> None:
    incident = create_incident(desk)
    assert delete_incident(desk, incident["id"]).status_code == 204
    error(try_comment(desk, incident["id"], {"comment": "late"}), 404)


def test_commenting_an_unknown_incident_is_a_404(desk: Desk) -> None:
    error(try_comment(desk, 999_999_999, {"comment": "nobody"}), 404)


def test_the_comments_of_an_unknown_incident_are_a_404(desk: Desk) -> None:
    response = desk.client.get("/incident/999999999/comments", headers=desk.headers)
    error(response, 404)
