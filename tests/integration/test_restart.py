"""Data survives closing the services and building them again on the same store URL."""

from __future__ import annotations

import pytest

from application.errors import Unauthenticated
from domain.errors import Conflict, NotFound
from tests.integration.support import (
    add_state,
    count,
    names,
    new_owner,
    opened,
    read,
    states,
    unique,
)


def test_states_survive_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        owner = new_owner(services)
        state_id = add_state(services, owner.who, description="kept", created_by_user={"a": [1]})
        before = states(services, owner.who)
    with opened(fresh_url) as services:
        who = services.auth.authenticate(owner.secret)
        assert states(services, who) == before
        assert read(services, who, state_id)["createdByUser"] == {"a": [1]}


def test_updates_and_deletes_survive_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        owner = new_owner(services)
        kept = add_state(services, owner.who)
        gone = add_state(services, owner.who)
        services.incident_states.update(owner.who, kept, {"description": "changed"})
        services.incident_states.delete(owner.who, gone)
    with opened(fresh_url) as services:
        who = services.auth.authenticate(owner.secret)
        assert read(services, who, kept)["description"] == "changed"
        with pytest.raises(NotFound):
            read(services, who, gone)
        assert count(services, who) == 5


def test_history_survives_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        owner = new_owner(services)
        state_id = add_state(services, owner.who)
        services.incident_states.update(owner.who, state_id, {"color": "#000"})
        before = services.incident_states.history(owner.who, state_id)
    with opened(fresh_url) as services:
        after = services.incident_states.history(owner.who, state_id)
    assert after == before
    assert [e.version for e in after] == [1, 2]


def test_keys_survive_and_revoked_keys_stay_revoked(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        owner = new_owner(services)
        revoked = services.projects.issue_key(owner.project_id, "member", [])
        services.projects.revoke_key(revoked.api_key_id)
    with opened(fresh_url) as services:
        assert services.auth.authenticate(owner.secret).project_id == owner.project_id
        with pytest.raises(Unauthenticated):
            services.auth.authenticate(revoked.api_key)


def test_projects_survive_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        owner = new_owner(services, "Survivor")
    with opened(fresh_url) as services:
        listed = {p.project_id: p.name for p in services.projects.list()}
    assert listed == {owner.project_id: "Survivor"}


def test_order_continues_after_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        owner = new_owner(services)
        add_state(services, owner.who, order=7)
    with opened(fresh_url) as services:
        state_id = add_state(services, owner.who)
        assert read(services, owner.who, state_id)["order"] == 8
        add_state(services, owner.who, name="Front", order=1)
        assert names(services, owner.who)[:2] == ["Front", "Active"]


def test_name_and_slug_uniqueness_hold_after_a_restart(fresh_url: str) -> None:
    name = unique("Restart")
    with opened(fresh_url) as services:
        owner = new_owner(services)
        first = add_state(services, owner.who, name=name)
        slug = read(services, owner.who, first)["slug"]
    with opened(fresh_url) as services:
        with pytest.raises(Conflict):
            add_state(services, owner.who, name=name.upper())
        with pytest.raises(Conflict):
            add_state(services, owner.who, slug=slug)
        other = new_owner(services)
        second = add_state(services, other.who, name=name)
        assert read(services, other.who, second)["slug"] == f"{slug}-2"


def test_flags_hold_after_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        owner = new_owner(services)
        holder = add_state(services, owner.who, is_created_state=True)
    with opened(fresh_url) as services:
        with pytest.raises(Conflict):
            services.incident_states.delete(owner.who, holder)
        replacement = add_state(services, owner.who, is_created_state=True)
        assert names(services, owner.who, {"isCreatedState": True}) == [
            read(services, owner.who, replacement)["name"]
        ]


def test_many_restarts_keep_every_write(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        owner = new_owner(services)
        state_id = add_state(services, owner.who)
    for n in range(3):
        with opened(fresh_url) as services:
            services.incident_states.update(owner.who, state_id, {"description": f"round {n}"})
    with opened(fresh_url) as services:
        entries = services.incident_states.history(owner.who, state_id)
        assert [e.version for e in entries] == [1, 2, 3, 4]
        assert read(services, owner.who, state_id)["description"] == "round 2"


def test_bootstrap_runs_only_on_an_empty_store(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        issued = services.projects.bootstrap()
        assert issued is not None
    with opened(fresh_url) as services:
        assert services.projects.bootstrap() is None
        who = services.auth.authenticate(issued.api_key)
        assert names(services, who) == ["Active", "Investigating", "Stable", "Resolved"]
