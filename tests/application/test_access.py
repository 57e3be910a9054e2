"""Who may do what: authentication of secrets and the permission table."""

from __future__ import annotations

import pytest

from application.access import (
    CREATE_INCIDENT_STATE,
    DELETE_INCIDENT_STATE,
    EDIT_INCIDENT_STATE,
    READ_INCIDENT_STATE,
    Grant,
    Principal,
)
from application.errors import Forbidden, Unauthenticated
from application.services import Services
from tests.application.support import key_of

ALL_GRANTS = (
    READ_INCIDENT_STATE,
    CREATE_INCIDENT_STATE,
    EDIT_INCIDENT_STATE,
    DELETE_INCIDENT_STATE,
)


def test_a_missing_secret_is_unauthenticated(memory_services: Services) -> None:
    with pytest.raises(Unauthenticated):
        memory_services.auth.authenticate(None)


def test_an_empty_secret_is_unauthenticated(memory_services: Services) -> None:
    with pytest.raises(Unauthenticated):
        memory_services.auth.authenticate("")


def test_an_unknown_secret_is_unauthenticated(memory_services: Services, who: Principal) -> None:
    with pytest.raises(Unauthenticated):
        memory_services.auth.authenticate("not-a-key-anyone-was-given")


def test_the_principal_carries_the_keys_permissions(
    memory_services: Services, who: Principal
) -> None:
    reader = key_of(memory_services, who.project_id, None, "ReadIncidentState")
    assert reader.role is None
    assert reader.permissions == frozenset({"ReadIncidentState"})
    assert reader.project_id == who.project_id


@pytest.mark.parametrize("role", ["owner", "admin", "member"])
@pytest.mark.parametrize("grant", ALL_GRANTS, ids=lambda g: g.action)
def test_every_role_may_do_everything_with_incident_states(
    memory_services: Services, who: Principal, role: str, grant: Grant
) -> None:
    principal = key_of(memory_services, who.project_id, role)
    principal.require(grant)
    assert principal.role == role


@pytest.mark.parametrize(
    ("permission", "grant"),
    [
        ("ReadIncidentState", READ_INCIDENT_STATE),
        ("ReadAllProjectResources", READ_INCIDENT_STATE),
        ("CreateIncidentState", CREATE_INCIDENT_STATE),
        ("EditIncidentState", EDIT_INCIDENT_STATE),
        ("DeleteIncidentState", DELETE_INCIDENT_STATE),
    ],
)
def test_a_matching_permission_allows_the_action(
    memory_services: Services, who: Principal, permission: str, grant: Grant
) -> None:
    principal = key_of(memory_services, who.project_id, None, permission)
    principal.require(grant)
    assert permission in principal.permissions


@pytest.mark.parametrize(
    "grant", [CREATE_INCIDENT_STATE, EDIT_INCIDENT_STATE, DELETE_INCIDENT_STATE]
)
def test_a_read_only_key_may_not_change_states(
    memory_services: Services, who: Principal, grant: Grant
) -> None:
    reader = key_of(memory_services, who.project_id, None, "ReadIncidentState")
    with pytest.raises(Forbidden):
        reader.require(grant)


def test_a_create_only_key_may_not_read(memory_services: Services, who: Principal) -> None:
    creator = key_of(memory_services, who.project_id, None, "CreateIncidentState")
    with pytest.raises(Forbidden) as caught:
        creator.require(READ_INCIDENT_STATE)
    assert "ReadIncidentState" in str(caught.value)


def test_read_all_project_resources_does_not_allow_deleting(
    memory_services: Services, who: Principal
) -> None:
    reader = key_of(memory_services, who.project_id, None, "ReadAllProjectResources")
    with pytest.raises(Forbidden):
        reader.require(DELETE_INCIDENT_STATE)
