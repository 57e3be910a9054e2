"""The Incident State use cases on real SQLite and Postgres stores, without HTTP."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.access import CREATE_INCIDENT_STATE, READ_INCIDENT_STATE
from application.errors import Forbidden, InvalidRequest, Unauthenticated
from application.services import Services
from domain.errors import Conflict, InvalidValue, NotFound
from tests.integration.support import (
    add_state,
    count,
    history_afters,
    listing,
    names,
    new_owner,
    read,
    states,
    unique,
)

DEFAULTS = ["Active", "Investigating", "Stable", "Resolved"]


def test_new_project_has_the_default_states(services: Services) -> None:
    owner = new_owner(services)
    listed = states(services, owner.who)
    assert [s["name"] for s in listed] == DEFAULTS
    assert [s["order"] for s in listed] == [1, 2, 3, 4]
    assert [s["isCreatedState"] for s in listed] == [True, False, False, False]
    assert [s["isResolvedState"] for s in listed] == [False, False, False, True]


def test_created_state_is_read_back_with_its_values(services: Services) -> None:
    owner = new_owner(services)
    name = unique()
    state_id = add_state(services, owner.who, name=f" {name} ", description="d", color="#abc")
    state = read(services, owner.who, state_id)
    assert (state["name"], state["description"], state["color"]) == (name, "d", "#abc")
    assert state["projectId"] == owner.project_id
    assert state["order"] == 5


def test_duplicate_name_in_any_case_is_a_conflict(services: Services) -> None:
    owner = new_owner(services)
    with pytest.raises(Conflict):
        add_state(services, owner.who, name="STABLE")


@pytest.mark.parametrize(("field", "value"), [("color", "red"), ("name", " "), ("order", 0)])
def test_invalid_values_are_refused(services: Services, field: str, value: object) -> None:
    owner = new_owner(services)
    with pytest.raises(InvalidValue):
        add_state(services, owner.who, **{field: value})


def test_taking_a_held_order_shifts_the_later_states(services: Services) -> None:
    owner = new_owner(services)
    add_state(services, owner.who, name="Second", order=2)
    assert names(services, owner.who) == ["Active", "Second", *DEFAULTS[1:]]
    assert [s["order"] for s in states(services, owner.who)] == [1, 2, 3, 4, 5]


def test_setting_a_flag_moves_it(services: Services) -> None:
    owner = new_owner(services)
    state_id = add_state(services, owner.who)
    services.incident_states.update(owner.who, state_id, {"is_resolved_state": True})
    assert names(services, owner.who, {"isResolvedState": True}) == [
        read(services, owner.who, state_id)["name"]
    ]


def test_clearing_or_deleting_the_created_holder_is_a_conflict(services: Services) -> None:
    owner = new_owner(services)
    active = states(services, owner.who)[0]["_id"]
    with pytest.raises(Conflict):
        services.incident_states.update(owner.who, active, {"is_created_state": False})
    with pytest.raises(Conflict):
        services.incident_states.delete(owner.who, active)


def test_slugs_are_numbered_across_projects(services: Services) -> None:
    name = unique("Slug")
    first = add_state(services, new_owner(services).who, name=name)
    other = new_owner(services)
    second = add_state(services, other.who, name=name)
    base = name.lower().replace(" ", "-")
    assert read(services, other.who, second)["slug"] == f"{base}-2"
    assert first != second


def test_client_slug_taken_is_a_conflict(services: Services) -> None:
    owner = new_owner(services)
    taken = states(services, owner.who)[0]["slug"]
    with pytest.raises(Conflict):
        add_state(services, owner.who, slug=taken)


def test_update_changes_only_the_given_fields(services: Services) -> None:
    owner = new_owner(services)
    state_id = add_state(services, owner.who, description="keep")
    before = read(services, owner.who, state_id)
    services.incident_states.update(owner.who, state_id, {"color": "#fff"})
    after = read(services, owner.who, state_id)
    assert after["color"] == "#fff"
    assert {k: after[k] for k in ("name", "slug", "description", "order")} == {
        k: before[k] for k in ("name", "slug", "description", "order")
    }


def test_empty_update_is_refused(services: Services) -> None:
    owner = new_owner(services)
    with pytest.raises(InvalidRequest):
        services.incident_states.update(owner.who, add_state(services, owner.who), {})


def test_deleted_state_is_gone_but_keeps_its_history(services: Services) -> None:
    owner = new_owner(services)
    state_id = add_state(services, owner.who)
    services.incident_states.update(owner.who, state_id, {"description": "last"})
    services.incident_states.delete(owner.who, state_id)
    with pytest.raises(NotFound):
        read(services, owner.who, state_id)
    entries = services.incident_states.history(owner.who, state_id)
    assert [e.version for e in entries] == [1, 2, 3]
    assert entries[-1].type.endswith("Deleted")


def test_another_projects_state_is_not_found(services: Services) -> None:
    mine, theirs = new_owner(services), new_owner(services)
    state_id = add_state(services, theirs.who)
    with pytest.raises(NotFound):
        read(services, mine.who, state_id)
    with pytest.raises(NotFound):
        services.incident_states.update(mine.who, state_id, {"name": "x"})
    with pytest.raises(NotFound):
        services.incident_states.history(mine.who, state_id)
    assert count(services, mine.who, {"_id": state_id}) == 0


def test_list_pages_count_the_total_and_break_ties_by_id(services: Services) -> None:
    owner = new_owner(services)
    for _ in range(5):
        add_state(services, owner.who, color="#0a0a0a")
    seen: list[str] = []
    for skip in (0, 2, 4):
        total, items = listing(
            services, owner.who, query={"color": "#0a0a0a"}, sort={"color": 1}, skip=skip, limit=2
        )
        assert total == 5
        seen += [i["_id"] for i in items]
    assert seen == sorted(seen)
    assert len(set(seen)) == 5


def test_operator_queries_run_on_the_store(services: Services) -> None:
    owner = new_owner(services)
    assert names(services, owner.who, {"name": {"_type": "Search", "value": "STIG"}}) == [
        "Investigating"
    ]
    between = {"order": {"_type": "InBetween", "startValue": 2, "endValue": 3}}
    assert names(services, owner.who, between) == ["Investigating", "Stable"]
    assert count(services, owner.who, {"description": {"_type": "NotNull"}}) == 4


def test_updates_are_readable_at_once(services: Services) -> None:
    owner = new_owner(services)
    state_id = add_state(services, owner.who)
    for n in range(30):
        services.incident_states.update(owner.who, state_id, {"description": f"n{n}"})
        assert read(services, owner.who, state_id)["description"] == f"n{n}"
    assert history_afters(services, owner.who, state_id, "description")[-1] == "n29"


def test_unknown_and_revoked_keys_do_not_authenticate(services: Services) -> None:
    owner = new_owner(services)
    with pytest.raises(Unauthenticated):
        services.auth.authenticate("nope")
    services.projects.revoke_key(owner.key_id)
    with pytest.raises(Unauthenticated):
        services.auth.authenticate(owner.secret)


def test_permission_only_keys_hold_only_their_grant(services: Services) -> None:
    owner = new_owner(services)
    issued = services.projects.issue_key(owner.project_id, None, ["ReadIncidentState"])
    reader = services.auth.authenticate(issued.api_key)
    reader.require(READ_INCIDENT_STATE)
    with pytest.raises(Forbidden):
        reader.require(CREATE_INCIDENT_STATE)


def test_key_for_an_unknown_project_is_refused(services: Services) -> None:
    with pytest.raises(NotFound):
        services.projects.issue_key(str(uuid4()), "owner", [])
