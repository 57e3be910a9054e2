"""Opening incidents: ids, fields as returned, the created state, and refusals."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from application.access import Principal
from application.services import Services
from domain.errors import InvalidValue, NotFound
from domain.incident import Incident
from tests.application.incident_support import (
    at,
    current,
    fields,
    history,
    open_incident,
    refs,
    stored,
)
from tests.application.support import new_principal, state_named

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
SEED_FIELDS = {
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


def refused_field(services: Services, who: Principal, **values: object) -> str:
    """The field named when creating with these values is refused."""
    ids = refs(services, who)
    with pytest.raises(InvalidValue) as refused:
        services.incidents.create(who, fields(ids, **values))
    return refused.value.field


def test_a_new_incident_has_every_seed_field(memory_services: Services, who: Principal) -> None:
    incident = memory_services.incidents.create(who, fields(refs(memory_services, who)))
    assert set(incident) >= SEED_FIELDS


def test_a_new_incident_starts_in_the_created_state(
    memory_services: Services, who: Principal
) -> None:
    number = open_incident(memory_services, who, refs(memory_services, who))
    assert current(memory_services, who, number)["status"] == "active"


def test_a_new_incident_starts_in_whichever_state_holds_the_created_flag(
    memory_services: Services, who: Principal
) -> None:
    triage = str(state_named(memory_services, who, "Investigating")["_id"])
    memory_services.incident_states.update(who, triage, {"is_created_state": True})
    number = open_incident(memory_services, who, refs(memory_services, who))
    assert current(memory_services, who, number)["status"] == "investigating"


def test_the_created_state_of_a_custom_name_gives_its_lowercased_name(
    memory_services: Services, who: Principal
) -> None:
    memory_services.incident_states.create(
        who, {"name": "Reported", "color": "#123456", "is_created_state": True}
    )
    number = open_incident(memory_services, who, refs(memory_services, who))
    assert current(memory_services, who, number)["status"] == "reported"


def test_the_fields_come_back_as_given(memory_services: Services, who: Principal) -> None:
    ids = refs(memory_services, who)
    incident = memory_services.incidents.create(
        who,
        fields(
            ids,
            description="Payments fail",
            external_reference="JIRA-7",
            external_link="https://jira.example/JIRA-7",
            severity="critical",
        ),
    )
    assert (incident["scope"], incident["service"]) == (ids.scope, ids.service)
    assert incident["name"] == "Checkout down"
    assert incident["description"] == "Payments fail"
    assert incident["external_reference"] == "JIRA-7"
    assert incident["external_link"] == "https://jira.example/JIRA-7"
    assert incident["severity"] == "critical"
    assert incident["project_id"] == who.project_id


def test_a_new_incident_has_only_its_impact_date(memory_services: Services, who: Principal) -> None:
    incident = memory_services.incidents.create(who, fields(refs(memory_services, who)))
    assert incident["start_impact_date"] == stored(10)
    dates = (incident["investigation_date"], incident["stable_date"], incident["resolve_date"])
    assert dates == (None, None, None)


def test_dates_and_times_are_returned_as_iso_utc(memory_services: Services, who: Principal) -> None:
    ids = refs(memory_services, who)
    incident = memory_services.incidents.create(
        who, fields(ids, start_impact_date="2026-01-01T12:30:15+02:00")
    )
    assert incident["start_impact_date"] == "2026-01-01T10:30:15.000000Z"
    assert ISO.match(incident["created_at"])
    assert incident["created_at"] == incident["updated_at"]


def test_ids_are_integers_increasing_across_projects(
    memory_services: Services, who: Principal
) -> None:
    other = new_principal(memory_services, "Other")
    first = int(open_incident(memory_services, who, refs(memory_services, who)))
    second = int(open_incident(memory_services, other, refs(memory_services, other)))
    third = int(open_incident(memory_services, who, refs(memory_services, who)))
    assert first < second < third


def test_the_uuid_is_the_one_the_id_gives(memory_services: Services, who: Principal) -> None:
    incident = memory_services.incidents.create(who, fields(refs(memory_services, who)))
    assert UUID(incident["uuid"]) == Incident.create_id(incident["id"])


def test_an_id_is_never_given_twice_even_after_deletion(
    memory_services: Services, who: Principal
) -> None:
    ids = refs(memory_services, who)
    first = open_incident(memory_services, who, ids)
    memory_services.incidents.delete(who, first)
    second = open_incident(memory_services, who, ids)
    assert int(second) > int(first)
    assert history(memory_services, who, first)[0].changes["number"]["after"] == int(first)


def test_form_values_as_strings_are_accepted(memory_services: Services, who: Principal) -> None:
    ids = refs(memory_services, who)
    incident = memory_services.incidents.create(
        who, fields(ids, scope=str(ids.scope), service=f" {ids.service} ", severity="LOW")
    )
    assert (incident["scope"], incident["service"], incident["severity"]) == (
        ids.scope,
        ids.service,
        "low",
    )


def test_the_creation_is_recorded_with_the_key_as_actor(
    memory_services: Services, who: Principal
) -> None:
    number = open_incident(memory_services, who, refs(memory_services, who))
    (created,) = history(memory_services, who, number)
    assert (created.type, created.actor) == ("Incident.Created", who.key_id)
    assert created.changes["project_id"]["after"] == who.project_id


@pytest.mark.parametrize("missing", ["scope", "service", "name", "severity", "start_impact_date"])
def test_a_missing_required_field_is_refused_naming_it(
    memory_services: Services, who: Principal, missing: str
) -> None:
    assert refused_field(memory_services, who, **{missing: ""}) == missing


def test_a_scope_that_does_not_exist_is_refused(memory_services: Services, who: Principal) -> None:
    assert refused_field(memory_services, who, scope=999) == "scope"


def test_a_service_of_another_project_is_refused(memory_services: Services, who: Principal) -> None:
    other = new_principal(memory_services, "Other")
    foreign = refs(memory_services, other)
    assert refused_field(memory_services, who, service=foreign.service) == "service"


def test_a_deleted_scope_is_refused(memory_services: Services, who: Principal) -> None:
    ids = refs(memory_services, who)
    memory_services.scopes.delete(who, str(ids.scope))
    with pytest.raises(InvalidValue) as refused:
        memory_services.incidents.create(who, fields(ids))
    assert refused.value.field == "scope"


def test_an_out_of_range_scope_is_refused_naming_scope(
    memory_services: Services, who: Principal
) -> None:
    assert refused_field(memory_services, who, scope=2**63) == "scope"


def test_a_nul_in_the_name_is_refused_naming_name(
    memory_services: Services, who: Principal
) -> None:
    assert refused_field(memory_services, who, name="Down\x00") == "name"


def test_a_link_that_is_not_http_is_refused(memory_services: Services, who: Principal) -> None:
    assert refused_field(memory_services, who, external_link="ftp://x.example") == "external_link"


def test_an_unknown_severity_is_refused(memory_services: Services, who: Principal) -> None:
    assert refused_field(memory_services, who, severity="urgent") == "severity"


def test_a_malformed_impact_date_is_refused(memory_services: Services, who: Principal) -> None:
    assert refused_field(memory_services, who, start_impact_date="2026-01-01") == (
        "start_impact_date"
    )


def test_an_impact_date_out_of_range_in_utc_is_refused_naming_it(
    memory_services: Services, who: Principal
) -> None:
    assert refused_field(memory_services, who, start_impact_date="9999-12-31T23:59-05:00") == (
        "start_impact_date"
    )


def test_a_later_states_date_is_refused_on_create(
    memory_services: Services, who: Principal
) -> None:
    assert refused_field(memory_services, who, investigation_date=at(11)) == "investigation_date"


def test_a_created_states_own_date_is_refused_not_dropped(
    memory_services: Services, who: Principal
) -> None:
    investigating = str(state_named(memory_services, who, "Investigating")["_id"])
    memory_services.incident_states.update(who, investigating, {"is_created_state": True})
    assert refused_field(memory_services, who, investigation_date=at(11)) == "investigation_date"


def test_a_refused_create_leaves_no_incident(memory_services: Services, who: Principal) -> None:
    ids = refs(memory_services, who)
    with pytest.raises(InvalidValue):
        memory_services.incidents.create(who, fields(ids, severity="urgent"))
    assert memory_services.incidents.list(who, {}, None, None).total == 0


def test_an_incident_of_another_project_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    number = open_incident(memory_services, who, refs(memory_services, who))
    other = new_principal(memory_services, "Other")
    with pytest.raises(NotFound):
        memory_services.incidents.get(other, number)


def test_an_unknown_id_is_not_found(memory_services: Services, who: Principal) -> None:
    with pytest.raises(NotFound):
        memory_services.incidents.get(who, "424242")


def test_an_id_that_is_not_an_integer_is_refused_naming_id(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidValue) as refused:
        memory_services.incidents.get(who, "abc")
    assert refused.value.field == "id"


def test_the_created_incident_with_every_field_equals_a_later_read_key_for_key(
    memory_services: Services, who: Principal
) -> None:
    extra = {
        "description": "Payments fail",
        "external_reference": "PD-17",
        "external_link": "https://status.example.com/incidents/17",
    }
    created = memory_services.incidents.create(who, fields(refs(memory_services, who), **extra))
    read = current(memory_services, who, str(created["id"]))
    assert list(created.items()) == list(read.items())
