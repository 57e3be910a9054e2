"""Scope and Service aggregates: integer numbers, names, revisions and deletion."""

from __future__ import annotations

from typing import Any

import pytest

from domain.catalog_item import (
    NAME_MAX,
    CatalogItemNotFound,
    Scope,
    Service,
    check_item_name,
)
from domain.errors import InvalidValue, NotFound

PROJECT = "5b4a3c1e-8a1f-4f5e-9a55-0f7d6a1d2c3b"


def new_scope(number: int = 1, **values: Any) -> Scope:
    """A scope started from client values; its Created event is still pending."""
    return Scope.start(number, PROJECT, "key-1", {"name": "Europe", **values})


def new_service(number: int = 1, **values: Any) -> Service:
    """A service started from client values; its Created event is still pending."""
    return Service.start(number, PROJECT, "key-1", {"name": "Checkout", **values})


def settled_scope(**values: Any) -> Scope:
    """A scope whose Created event is already collected."""
    scope = new_scope(**values)
    scope.collect_events()
    return scope


def test_starting_a_scope_records_one_created_event() -> None:
    events = new_scope().collect_events()
    assert [type(e).__qualname__ for e in events] == ["Scope.Created"]


def test_starting_a_service_records_one_created_event() -> None:
    events = new_service().collect_events()
    assert [type(e).__qualname__ for e in events] == ["Service.Created"]


def test_the_created_event_records_number_actor_and_project() -> None:
    created = new_scope(number=12).collect_events()[0]
    assert created.number == 12  # type: ignore[attr-defined]
    assert created.actor == "key-1"  # type: ignore[attr-defined]
    assert created.project_id == PROJECT  # type: ignore[attr-defined]


def test_the_uuid_follows_from_kind_and_number() -> None:
    assert new_scope(number=5).id == Scope.create_id(5)
    assert new_service(number=5).id == Service.create_id(5)


def test_a_scope_and_a_service_with_the_same_number_have_different_uuids() -> None:
    assert Scope.create_id(5) != Service.create_id(5)


def test_the_name_is_recorded_trimmed() -> None:
    scope = new_scope(name="  Europe  ")
    assert scope.name == "Europe"
    assert scope.collect_events()[0].name == "Europe"  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_scope_needs_a_name(name: str | None) -> None:
    with pytest.raises(InvalidValue) as refused:
        new_scope(name=name)
    assert refused.value.field == "name"


def test_a_service_needs_a_name() -> None:
    with pytest.raises(InvalidValue) as refused:
        Service.start(1, PROJECT, "key-1", {})
    assert refused.value.field == "name"


def test_a_name_of_the_maximum_length_is_accepted() -> None:
    assert check_item_name("n" * NAME_MAX) == "n" * NAME_MAX


def test_a_name_one_character_too_long_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_item_name("n" * (NAME_MAX + 1))
    assert refused.value.field == "name"


def test_a_name_with_a_nul_character_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_item_name("Eu\x00rope")
    assert refused.value.field == "name"


def test_a_scope_is_not_public_unless_asked() -> None:
    assert new_scope().public is False
    assert new_scope(public=True).public is True


def test_a_scope_keeps_its_description() -> None:
    assert new_scope(description="EU region").description == "EU region"
    assert new_scope().description is None


def test_a_service_has_no_public_flag() -> None:
    assert not hasattr(new_service(), "public")


def test_revise_records_only_the_fields_that_change() -> None:
    scope = settled_scope(description="old")
    changes = scope.revise({"name": "Europe", "description": "new"}, "key-2")
    assert changes == {"description": {"before": "old", "after": "new"}}
    assert scope.description == "new"


def test_revise_records_an_updated_event_with_kind_actor_and_project() -> None:
    scope = settled_scope()
    scope.revise({"public": True}, "key-2")
    (updated,) = scope.collect_events()
    assert type(updated).__qualname__ == "CatalogItem.Updated"
    assert updated.kind == "scope"  # type: ignore[attr-defined]
    assert updated.actor == "key-2"  # type: ignore[attr-defined]
    assert updated.project_id == PROJECT  # type: ignore[attr-defined]


def test_revise_without_a_change_records_nothing() -> None:
    scope = settled_scope()
    assert scope.revise({"name": "Europe"}, "key-2") == {}
    assert scope.collect_events() == []


def test_revise_never_changes_the_number_or_the_project() -> None:
    scope = settled_scope()
    assert scope.revise({"number": 99, "project_id": "other"}, "key-2") == {}
    assert (scope.number, scope.project_id) == (1, PROJECT)


def test_revise_ignores_fields_the_item_does_not_have() -> None:
    service = new_service()
    service.collect_events()
    assert service.revise({"public": True}, "key-2") == {}


def test_deleting_records_a_deleted_event_with_kind_actor_and_project() -> None:
    service = new_service()
    service.collect_events()
    service.delete("key-3")
    (deleted,) = service.collect_events()
    assert type(deleted).__qualname__ == "CatalogItem.Deleted"
    assert deleted.kind == "service"  # type: ignore[attr-defined]
    assert (deleted.actor, deleted.project_id) == ("key-3", PROJECT)  # type: ignore[attr-defined]
    assert service.deleted is True


def test_a_deleted_item_cannot_be_revised() -> None:
    scope = settled_scope()
    scope.delete("key-3")
    with pytest.raises(CatalogItemNotFound) as missing:
        scope.revise({"name": "Asia"}, "key-3")
    assert "scope 1" in str(missing.value)


def test_a_deleted_item_cannot_be_deleted_again() -> None:
    scope = settled_scope()
    scope.delete("key-3")
    scope.collect_events()
    with pytest.raises(NotFound):
        scope.delete("key-3")
    assert scope.collect_events() == []
