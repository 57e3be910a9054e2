"""GET /api/incident-state/{id}/history: every event in order, also after delete."""

from __future__ import annotations

from uuid import uuid4

from tests.api.helpers import BASE, Json, by_order, create, delete, error, history, update
from tests.conftest import Api, Tenant, make_tenant


def of_type(entries: list[Json], word: str) -> list[Json]:
    """Entries whose type names this kind of event."""
    return [e for e in entries if word in e["type"]]


def test_history_starts_with_the_creation(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers, description="first")
    entries = history(api, tenant.headers, state["_id"])
    assert len(entries) == 1
    first = entries[0]
    assert first["version"] == 1
    assert "Created" in first["type"]
    assert first["changes"]["name"] == {"before": None, "after": state["name"]}
    assert first["changes"]["description"] == {"before": None, "after": "first"}


def test_history_entries_have_every_documented_key(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    entry = history(api, tenant.headers, state["_id"])[0]
    assert set(entry) == {"version", "type", "recordedAt", "actor", "changes", "causedBy"}


def test_creation_records_the_creating_keys_id_as_actor(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    assert history(api, tenant.headers, state["_id"])[0]["actor"] == tenant.owner.api_key_id


def test_creation_records_the_project_and_the_initial_fields(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers, color="#010203")
    changes = history(api, tenant.headers, state["_id"])[0]["changes"]
    assert changes["projectId"]["after"] == tenant.project_id
    assert changes["color"]["after"] == "#010203"
    assert changes["slug"]["after"] == state["slug"]
    assert changes["order"]["after"] == state["order"]


def test_update_appends_an_entry_with_before_and_after(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers, color="#111111")
    update(api, tenant.headers, state["_id"], color="#222222")
    entries = history(api, tenant.headers, state["_id"])
    assert [e["version"] for e in entries] == [1, 2]
    assert entries[1]["changes"] == {"color": {"before": "#111111", "after": "#222222"}}


def test_update_records_only_fields_whose_value_changed(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers, color="#111111")
    update(api, tenant.headers, state["_id"], color="#111111", description="new")
    changes = history(api, tenant.headers, state["_id"])[-1]["changes"]
    assert changes == {"description": {"before": None, "after": "new"}}


def test_update_that_changes_nothing_records_nothing(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    update(api, tenant.headers, state["_id"], name=state["name"], color=state["color"])
    assert len(history(api, tenant.headers, state["_id"])) == 1


def test_update_records_the_updating_keys_id(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    editor = tenant.key(None, "EditIncidentState")
    update(api, editor, state["_id"], description="by editor")
    assert history(api, tenant.headers, state["_id"])[-1]["actor"] == tenant.keys[-1].api_key_id


def test_versions_count_up_and_times_never_go_back(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    for n in range(4):
        update(api, tenant.headers, state["_id"], description=f"v{n}")
    entries = history(api, tenant.headers, state["_id"])
    assert [e["version"] for e in entries] == [1, 2, 3, 4, 5]
    stamps = [e["recordedAt"] for e in entries]
    assert stamps == sorted(stamps)
    assert [e["changes"]["description"]["after"] for e in entries[1:]] == ["v0", "v1", "v2", "v3"]


def test_last_update_time_is_the_updated_at(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    update(api, tenant.headers, state["_id"], description="x")
    entries = history(api, tenant.headers, state["_id"])
    listed = next(s for s in by_order(api, tenant.headers) if s["_id"] == state["_id"])
    assert listed["updatedAt"] == entries[-1]["recordedAt"]
    assert listed["createdAt"] == entries[0]["recordedAt"]


def test_history_still_answers_after_delete(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    update(api, tenant.headers, state["_id"], description="before delete")
    assert delete(api, tenant.headers, state["_id"]).status_code == 200
    entries = history(api, tenant.headers, state["_id"])
    assert [e["version"] for e in entries] == [1, 2, 3]
    assert "Deleted" in entries[-1]["type"]


def test_shifted_state_records_its_order_change(api: Api, tenant: Tenant) -> None:
    stable = next(s for s in by_order(api, tenant.headers) if s["name"] == "Stable")
    create(api, tenant.headers, order=3)
    last = history(api, tenant.headers, stable["_id"])[-1]
    assert last["changes"] == {"order": {"before": 3, "after": 4}}


def test_former_flag_holder_records_losing_the_flag(api: Api, tenant: Tenant) -> None:
    active = next(s for s in by_order(api, tenant.headers) if s["name"] == "Active")
    triage = create(api, tenant.headers, isCreatedState=True)
    last = history(api, tenant.headers, active["_id"])[-1]
    assert last["changes"]["isCreatedState"] == {"before": True, "after": False}
    assert (last["type"], last["causedBy"]) == ("IncidentState.Updated", triage["_id"])


def test_default_states_have_a_history(api: Api, tenant: Tenant) -> None:
    active = by_order(api, tenant.headers)[0]
    entries = history(api, tenant.headers, active["_id"])
    assert "Created" in entries[0]["type"]
    assert entries[0]["changes"]["isCreatedState"]["after"] is True


def test_history_of_a_missing_state_is_not_found(api: Api, tenant: Tenant) -> None:
    error(api.client.get(f"{BASE}/{uuid4()}/history", headers=tenant.headers), 404)


def test_history_with_a_malformed_id_is_rejected(api: Api, tenant: Tenant) -> None:
    error(api.client.get(f"{BASE}/xyz/history", headers=tenant.headers), 400)


def test_history_of_another_projects_state_is_not_found(api: Api, tenant: Tenant) -> None:
    foreign = create(api, make_tenant(api.services).headers)
    error(api.client.get(f"{BASE}/{foreign['_id']}/history", headers=tenant.headers), 404)


def test_history_of_another_projects_deleted_state_is_not_found(api: Api, tenant: Tenant) -> None:
    other = make_tenant(api.services)
    foreign = create(api, other.headers)
    delete(api, other.headers, foreign["_id"])
    error(api.client.get(f"{BASE}/{foreign['_id']}/history", headers=tenant.headers), 404)


def test_history_of_an_id_that_is_not_a_state_is_not_found(api: Api, tenant: Tenant) -> None:
    for other_id in (tenant.project_id, tenant.owner.api_key_id):
        error(api.client.get(f"{BASE}/{other_id}/history", headers=tenant.headers), 404)
