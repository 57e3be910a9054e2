"""Projects: their four default states, listing, keys and the bootstrap."""

from __future__ import annotations

import pytest

from application.access import Principal
from application.errors import Unauthenticated
from application.services import Services
from domain.errors import InvalidValue, NotFound
from tests.application.support import holders, names_by_order, new_principal, states


def test_a_new_project_gets_the_four_default_states_in_order(
    memory_services: Services, who: Principal
) -> None:
    assert names_by_order(memory_services, who) == [
        ("Active", 1),
        ("Investigating", 2),
        ("Stable", 3),
        ("Resolved", 4),
    ]


def test_the_default_active_state_is_the_created_state(
    memory_services: Services, who: Principal
) -> None:
    assert holders(memory_services, who, "isCreatedState") == ["Active"]


def test_the_default_investigating_state_is_the_acknowledged_state(
    memory_services: Services, who: Principal
) -> None:
    assert holders(memory_services, who, "isAcknowledgedState") == ["Investigating"]


def test_the_default_resolved_state_is_the_resolved_state(
    memory_services: Services, who: Principal
) -> None:
    assert holders(memory_services, who, "isResolvedState") == ["Resolved"]


def test_the_default_states_get_slugs_from_their_names(
    memory_services: Services, who: Principal
) -> None:
    slugs = [s["slug"] for s in states(memory_services, who)]
    assert slugs == ["active", "investigating", "stable", "resolved"]


def test_a_second_project_gets_numbered_default_slugs(memory_services: Services) -> None:
    new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    slugs = [s["slug"] for s in states(memory_services, second)]
    assert slugs == ["active-2", "investigating-2", "stable-2", "resolved-2"]


def test_each_project_sees_only_its_own_states(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    first_ids = {s["_id"] for s in states(memory_services, first)}
    second_ids = {s["_id"] for s in states(memory_services, second)}
    assert len(first_ids) == len(second_ids) == 4
    assert first_ids.isdisjoint(second_ids)


def test_a_project_name_is_trimmed(memory_services: Services) -> None:
    assert memory_services.projects.create("  Payments ").name == "Payments"


def test_a_blank_project_name_is_invalid(memory_services: Services) -> None:
    with pytest.raises(InvalidValue):
        memory_services.projects.create("   ")
    assert memory_services.projects.list() == []


def test_projects_are_listed_oldest_first(memory_services: Services) -> None:
    for name in ("One", "Two", "Three"):
        memory_services.projects.create(name)
    assert [p.name for p in memory_services.projects.list()] == ["One", "Two", "Three"]


def test_bootstrap_on_an_empty_store_creates_default_and_an_owner_key(
    memory_services: Services,
) -> None:
    issued = memory_services.projects.bootstrap()
    assert issued is not None
    who = memory_services.auth.authenticate(issued.api_key)
    assert who.role == "owner"
    assert [p.name for p in memory_services.projects.list()] == ["Default"]
    assert len(states(memory_services, who)) == 4


def test_bootstrap_does_nothing_when_a_project_exists(memory_services: Services) -> None:
    memory_services.projects.create("Existing")
    assert memory_services.projects.bootstrap() is None
    assert [p.name for p in memory_services.projects.list()] == ["Existing"]


def test_an_issued_key_authenticates_as_its_project(memory_services: Services) -> None:
    project = memory_services.projects.create("P")
    issued = memory_services.projects.issue_key(project.project_id, "admin", [])
    who = memory_services.auth.authenticate(issued.api_key)
    assert (who.key_id, who.project_id, who.role) == (
        issued.api_key_id,
        project.project_id,
        "admin",
    )


def test_each_issued_key_has_its_own_secret(memory_services: Services) -> None:
    project = memory_services.projects.create("P")
    first = memory_services.projects.issue_key(project.project_id, "owner", [])
    second = memory_services.projects.issue_key(project.project_id, "owner", [])
    assert first.api_key != second.api_key
    assert first.api_key_id != second.api_key_id


def test_a_key_for_an_unknown_project_is_not_issued(memory_services: Services) -> None:
    with pytest.raises(NotFound):
        memory_services.projects.issue_key("9f1b7c1e-0000-4000-8000-000000000000", "owner", [])


def test_a_key_for_a_malformed_project_id_is_not_issued(memory_services: Services) -> None:
    with pytest.raises(NotFound):
        memory_services.projects.issue_key("not-an-id", "owner", [])


def test_a_key_with_an_unknown_role_is_not_issued(memory_services: Services) -> None:
    project = memory_services.projects.create("P")
    with pytest.raises(InvalidValue):
        memory_services.projects.issue_key(project.project_id, "root", [])


def test_a_revoked_key_no_longer_authenticates(memory_services: Services) -> None:
    project = memory_services.projects.create("P")
    issued = memory_services.projects.issue_key(project.project_id, "owner", [])
    memory_services.projects.revoke_key(issued.api_key_id)
    with pytest.raises(Unauthenticated):
        memory_services.auth.authenticate(issued.api_key)


def test_revoking_one_key_leaves_the_others_working(memory_services: Services) -> None:
    project = memory_services.projects.create("P")
    revoked = memory_services.projects.issue_key(project.project_id, "owner", [])
    kept = memory_services.projects.issue_key(project.project_id, "owner", [])
    memory_services.projects.revoke_key(revoked.api_key_id)
    assert memory_services.auth.authenticate(kept.api_key).key_id == kept.api_key_id


def test_revoking_an_unknown_key_is_not_found(memory_services: Services) -> None:
    with pytest.raises(NotFound):
        memory_services.projects.revoke_key("9f1b7c1e-0000-4000-8000-000000000000")


def test_a_key_for_an_id_that_is_not_a_projects_is_not_issued(
    memory_services: Services, who: Principal
) -> None:
    state_id = str(states(memory_services, who)[0]["_id"])
    with pytest.raises(NotFound):
        memory_services.projects.issue_key(state_id, "owner", [])


def test_revoking_a_project_id_as_a_key_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(NotFound):
        memory_services.projects.revoke_key(who.project_id)
