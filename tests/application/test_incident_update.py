"""Updating incidents: required fields, optional ones kept or cleared, and what
the history records for each update."""

from __future__ import annotations

import pytest

from application.access import Principal
from application.services import Services
from domain.errors import InvalidValue, NotFound
from tests.application.incident_support import (
    UPDATE_REQUIRED,
    Refs,
    current,
    full_update,
    history,
    open_incident,
    refs,
    types,
    update,
)
from tests.application.support import new_principal

OPTIONAL = {
    "description": "Payments fail",
    "external_reference": "JIRA-7",
    "external_link": "https://jira.example/JIRA-7",
}


def opened(services: Services, who: Principal) -> tuple[Refs, str]:
    """A scope and service and an incident with every optional text field set."""
    ids = refs(services, who)
    return ids, open_incident(services, who, ids, **OPTIONAL)


@pytest.mark.parametrize("missing", UPDATE_REQUIRED)
def test_a_missing_required_field_is_refused_naming_it(
    memory_services: Services, who: Principal, missing: str
) -> None:
    _, number = opened(memory_services, who)
    values = full_update(memory_services, who, number)
    del values[missing]
    with pytest.raises(InvalidValue) as refused:
        memory_services.incidents.update(who, number, values)
    assert refused.value.field == missing


def test_left_out_optional_fields_stay(memory_services: Services, who: Principal) -> None:
    _, number = opened(memory_services, who)
    incident = update(memory_services, who, number, name="Checkout slow")
    assert {k: incident[k] for k in OPTIONAL} == OPTIONAL
    assert incident["name"] == "Checkout slow"


@pytest.mark.parametrize("field", sorted(OPTIONAL))
def test_an_empty_string_clears_an_optional_field(
    memory_services: Services, who: Principal, field: str
) -> None:
    _, number = opened(memory_services, who)
    assert update(memory_services, who, number, **{field: ""})[field] is None


def test_every_field_can_be_changed(memory_services: Services, who: Principal) -> None:
    ids, number = opened(memory_services, who)
    other = refs(memory_services, who)
    incident = update(
        memory_services,
        who,
        number,
        scope=other.scope,
        service=other.service,
        name="Renamed",
        severity="minor",
        start_impact_date="2026-01-01T09:15",
        description="d2",
        external_reference="R2",
        external_link="http://r2.example",
    )
    assert (incident["scope"], incident["service"]) == (other.scope, other.service)
    assert (incident["scope"], incident["service"]) != (ids.scope, ids.service)
    assert (incident["name"], incident["severity"]) == ("Renamed", "minor")
    assert incident["start_impact_date"] == "2026-01-01T09:15:00.000000Z"
    assert (incident["description"], incident["external_reference"]) == ("d2", "R2")
    assert incident["external_link"] == "http://r2.example"


def test_an_update_records_changed_fields_with_before_and_after(
    memory_services: Services, who: Principal
) -> None:
    ids, number = opened(memory_services, who)
    other = refs(memory_services, who)
    update(memory_services, who, number, scope=other.scope, severity="low", description="")
    last = history(memory_services, who, number)[-1]
    assert last.type == "Incident.Updated"
    assert dict(last.changes) == {
        "scope": {"before": ids.scope, "after": other.scope},
        "severity": {"before": "high", "after": "low"},
        "description": {"before": "Payments fail", "after": None},
    }


def test_the_update_records_the_key_as_actor(memory_services: Services, who: Principal) -> None:
    _, number = opened(memory_services, who)
    update(memory_services, who, number, name="Renamed")
    assert history(memory_services, who, number)[-1].actor == who.key_id


def test_an_update_that_changes_nothing_records_no_event(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    before = current(memory_services, who, number)
    update(memory_services, who, number, **OPTIONAL)
    assert types(history(memory_services, who, number)) == ["Incident.Created"]
    assert current(memory_services, who, number)["updated_at"] == before["updated_at"]


def test_the_same_date_in_another_form_changes_nothing(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    update(memory_services, who, number, start_impact_date="2026-01-01T11:00+01:00")
    assert len(history(memory_services, who, number)) == 1


def test_an_update_moves_updated_at_but_not_created_at(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    before = current(memory_services, who, number)
    after = update(memory_services, who, number, name="Renamed")
    assert after["created_at"] == before["created_at"]
    assert after["updated_at"] > before["updated_at"]


def test_form_strings_are_accepted_on_update(memory_services: Services, who: Principal) -> None:
    ids, number = opened(memory_services, who)
    incident = update(memory_services, who, number, scope=str(ids.scope), status="Active")
    assert (incident["scope"], incident["status"]) == (ids.scope, "active")


def test_an_update_to_a_scope_of_another_project_is_refused(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    foreign = refs(memory_services, new_principal(memory_services, "Other"))
    with pytest.raises(InvalidValue) as refused:
        update(memory_services, who, number, scope=foreign.scope)
    assert refused.value.field == "scope"


def test_an_unknown_status_is_refused_naming_status(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    with pytest.raises(InvalidValue) as refused:
        update(memory_services, who, number, status="closed")
    assert refused.value.field == "status"


def test_a_refused_update_changes_nothing(memory_services: Services, who: Principal) -> None:
    _, number = opened(memory_services, who)
    with pytest.raises(InvalidValue):
        update(memory_services, who, number, name="Renamed", status="closed")
    assert current(memory_services, who, number)["name"] == "Checkout down"
    assert len(history(memory_services, who, number)) == 1


def test_a_nul_in_the_reference_is_refused_naming_it(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    with pytest.raises(InvalidValue) as refused:
        update(memory_services, who, number, external_reference="R\x00")
    assert refused.value.field == "external_reference"


def test_an_out_of_range_service_is_refused_naming_service(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    with pytest.raises(InvalidValue) as refused:
        update(memory_services, who, number, service="99999999999999999999")
    assert refused.value.field == "service"


def test_updating_an_incident_of_another_project_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    other = new_principal(memory_services, "Other")
    values = full_update(memory_services, who, number, name="Hijacked")
    with pytest.raises(NotFound):
        memory_services.incidents.update(other, number, values)
    assert current(memory_services, who, number)["name"] == "Checkout down"


def test_updating_an_unknown_incident_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    values = full_update(memory_services, who, number)
    with pytest.raises(NotFound):
        memory_services.incidents.update(who, "424242", values)


@pytest.mark.parametrize("field", sorted(OPTIONAL))
def test_a_json_null_clears_an_optional_field(
    memory_services: Services, who: Principal, field: str
) -> None:
    _, number = opened(memory_services, who)
    assert update(memory_services, who, number, **{field: None})[field] is None


def test_an_update_answers_with_the_comments_it_had_not_later_ones(
    memory_services: Services, who: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, number = opened(memory_services, who)
    incidents = memory_services.incidents
    incidents.comment(who, number, {"comment": "before"})
    reads = incidents._reads
    read_comments = reads.comments

    def after_another_comment(*args: object, **kwargs: bool) -> list[dict[str, object]]:
        incidents.comment(who, number, {"comment": "recorded after the update"})
        return read_comments(*args, **kwargs)  # type: ignore[arg-type]

    body = full_update(memory_services, who, number, name="Renamed")
    monkeypatch.setattr(reads, "comments", after_another_comment)
    answer = incidents.update(who, number, body)
    assert [c["comment"] for c in answer["comments"]] == ["before"]
