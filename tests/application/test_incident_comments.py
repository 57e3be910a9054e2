"""Comments on incidents: required text, the internal flag, who sees what."""

from __future__ import annotations

from typing import Any

import pytest

from application.access import Principal
from application.errors import InvalidRequest
from application.services import Services
from domain.errors import InvalidValue, NotFound
from tests.application.incident_support import history, open_incident, refs
from tests.application.support import new_principal


def public_incident(services: Services, who: Principal) -> str:
    """An incident in a public scope, so that readers without a key see it."""
    return open_incident(services, who, refs(services, who, public=True))


def say(services: Services, who: Principal, number: str, text: str, internal: Any = 0) -> int:
    """Comment; return the comment's id."""
    return int(
        services.incidents.comment(who, number, {"comment": text, "internal": internal})["id"]
    )


def refusal(services: Services, who: Principal, raw: dict[str, Any]) -> str:
    """The message of a refused comment."""
    number = public_incident(services, who)
    with pytest.raises((InvalidValue, InvalidRequest)) as refused:
        services.incidents.comment(who, number, raw)
    return str(refused.value)


def test_a_comment_is_returned_with_its_id_text_and_flag(
    memory_services: Services, who: Principal
) -> None:
    number = public_incident(memory_services, who)
    comment = memory_services.incidents.comment(who, number, {"comment": "Looking into it"})
    assert (comment["id"], comment["comment"], comment["internal"]) == (1, "Looking into it", False)
    assert comment["author"] == who.key_id


def test_a_later_comment_is_returned_itself_not_an_earlier_one(
    memory_services: Services, who: Principal
) -> None:
    number = public_incident(memory_services, who)
    for text in ("first", "second"):
        say(memory_services, who, number, text, internal=1)
    third = memory_services.incidents.comment(who, number, {"comment": "third"})
    assert (third["id"], third["comment"], third["internal"]) == (3, "third", False)


def test_comment_ids_count_up_within_each_incident(
    memory_services: Services, who: Principal
) -> None:
    first = public_incident(memory_services, who)
    second = public_incident(memory_services, who)
    ids = [say(memory_services, who, first, "a"), say(memory_services, who, first, "b")]
    assert ids == [1, 2]
    assert say(memory_services, who, second, "c") == 1


def test_comments_are_listed_oldest_first(memory_services: Services, who: Principal) -> None:
    number = public_incident(memory_services, who)
    for text in ("one", "two", "three"):
        say(memory_services, who, number, text)
    texts = [c["comment"] for c in memory_services.incidents.comments(who, number)]
    assert texts == ["one", "two", "three"]


def test_the_incident_carries_its_comments(memory_services: Services, who: Principal) -> None:
    number = public_incident(memory_services, who)
    say(memory_services, who, number, "hello")
    comments = memory_services.incidents.get(who, number)["comments"]
    assert [c["comment"] for c in comments] == ["hello"]


@pytest.mark.parametrize(("value", "internal"), [(1, True), ("true", True), ("0", False)])
def test_internal_takes_0_1_true_and_false(
    memory_services: Services, who: Principal, value: object, internal: bool
) -> None:
    number = public_incident(memory_services, who)
    comment = memory_services.incidents.comment(who, number, {"comment": "x", "internal": value})
    assert comment["internal"] is internal


def test_another_internal_value_is_refused_naming_internal(
    memory_services: Services, who: Principal
) -> None:
    number = public_incident(memory_services, who)
    with pytest.raises(InvalidValue) as refused:
        memory_services.incidents.comment(who, number, {"comment": "x", "internal": "maybe"})
    assert refused.value.field == "internal"


def test_a_key_holder_sees_internal_comments(memory_services: Services, who: Principal) -> None:
    number = public_incident(memory_services, who)
    say(memory_services, who, number, "public note")
    say(memory_services, who, number, "db password rotated", internal=1)
    comments = memory_services.incidents.get(who, number)["comments"]
    assert [c["comment"] for c in comments] == ["public note", "db password rotated"]


def test_a_reader_without_a_key_never_sees_internal_comments(
    memory_services: Services, who: Principal
) -> None:
    number = public_incident(memory_services, who)
    say(memory_services, who, number, "public note")
    say(memory_services, who, number, "db password rotated", internal="true")
    comments = memory_services.incidents.get(None, number)["comments"]
    assert [c["comment"] for c in comments] == ["public note"]


def test_a_comment_is_recorded_with_its_text_flag_and_actor(
    memory_services: Services, who: Principal
) -> None:
    number = public_incident(memory_services, who)
    say(memory_services, who, number, "secret", internal=True)
    last = history(memory_services, who, number)[-1]
    assert last.type == "Incident.Commented"
    assert last.actor == who.key_id
    assert last.changes["comment"]["after"] == "secret"
    assert last.changes["internal"]["after"] is True


def test_a_missing_comment_is_refused(memory_services: Services, who: Principal) -> None:
    assert "comment" in refusal(memory_services, who, {"internal": 0})


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_an_empty_comment_is_refused(memory_services: Services, who: Principal, text: str) -> None:
    assert "comment" in refusal(memory_services, who, {"comment": text})


def test_a_comment_that_is_not_text_is_refused(memory_services: Services, who: Principal) -> None:
    assert "comment" in refusal(memory_services, who, {"comment": 42})


def test_a_comment_of_ten_thousand_characters_is_accepted(
    memory_services: Services, who: Principal
) -> None:
    number = public_incident(memory_services, who)
    comment = memory_services.incidents.comment(who, number, {"comment": "x" * 10_000})
    assert len(comment["comment"]) == 10_000


def test_a_comment_over_ten_thousand_characters_is_refused(
    memory_services: Services, who: Principal
) -> None:
    assert "comment" in refusal(memory_services, who, {"comment": "x" * 10_001})


def test_a_comment_with_a_nul_character_is_refused(
    memory_services: Services, who: Principal
) -> None:
    assert "comment" in refusal(memory_services, who, {"comment": "a\x00b"})


def test_a_refused_comment_is_not_stored(memory_services: Services, who: Principal) -> None:
    number = public_incident(memory_services, who)
    with pytest.raises(InvalidValue):
        memory_services.incidents.comment(who, number, {"comment": " "})
    assert memory_services.incidents.comments(who, number) == ()


def test_commenting_on_a_deleted_incident_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    number = public_incident(memory_services, who)
    memory_services.incidents.delete(who, number)
    with pytest.raises(NotFound):
        say(memory_services, who, number, "too late")


def test_commenting_on_another_projects_incident_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    number = public_incident(memory_services, who)
    with pytest.raises(NotFound):
        say(memory_services, new_principal(memory_services, "Other"), number, "hi")
    assert memory_services.incidents.comments(who, number) == ()
