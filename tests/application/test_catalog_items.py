"""Scopes and services: fields, integer ids, names, updates and who sees them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from application.access import Principal
from application.catalog import CatalogItems
from application.errors import InvalidRequest
from application.services import Services
from domain.catalog_item import CatalogItemNotFound
from domain.errors import InvalidValue, NotFound
from tests.application.support import new_principal


def kinds(services: Services) -> dict[str, CatalogItems]:
    """Both catalogs by kind."""
    return {"scope": services.scopes, "service": services.services}


@pytest.fixture(params=["scope", "service"])
def items(request: pytest.FixtureRequest, memory_services: Services) -> CatalogItems:
    """The scopes, then the services."""
    return kinds(memory_services)[request.param]


@pytest.fixture
def stranger(memory_services: Services) -> Principal:
    """The owner key of another project on the same store."""
    return new_principal(memory_services, "Other")


def made(
    items: CatalogItems, who: Principal, name: str = "Europe", **values: Any
) -> Mapping[str, Any]:
    """A new item with this name."""
    return items.create(who, {"name": name, **values})


def test_a_scope_has_the_seed_fields(memory_services: Services, who: Principal) -> None:
    scope = made(memory_services.scopes, who)
    assert set(scope) == {"id", "name", "description", "public", "created_at", "updated_at"}


def test_a_service_has_the_seed_fields(memory_services: Services, who: Principal) -> None:
    service = made(memory_services.services, who)
    assert set(service) == {"id", "name", "description", "created_at", "updated_at"}


def test_ids_are_integers_unique_across_projects(
    items: CatalogItems, who: Principal, stranger: Principal
) -> None:
    first = made(items, who)["id"]
    second = made(items, stranger)["id"]
    assert isinstance(first, int)
    assert second > first


def test_a_new_item_keeps_name_and_description(items: CatalogItems, who: Principal) -> None:
    item = made(items, who, "  Checkout  ", description="Payments")
    assert (item["name"], item["description"]) == ("Checkout", "Payments")
    assert item["created_at"] == item["updated_at"]


def test_a_scope_is_private_unless_asked(memory_services: Services, who: Principal) -> None:
    assert made(memory_services.scopes, who)["public"] is False
    assert made(memory_services.scopes, who, public="1")["public"] is True


@pytest.mark.parametrize("name", [None, "", "   "])
def test_a_name_is_required(items: CatalogItems, who: Principal, name: object) -> None:
    with pytest.raises((InvalidRequest, InvalidValue)) as refused:
        items.create(who, {"name": name} if name is not None else {})
    assert "name" in str(refused.value)


def test_a_name_over_100_characters_is_refused(items: CatalogItems, who: Principal) -> None:
    with pytest.raises(InvalidValue) as refused:
        made(items, who, "n" * 101)
    assert refused.value.field == "name"


def test_a_nul_in_the_name_is_refused_naming_name(items: CatalogItems, who: Principal) -> None:
    with pytest.raises(InvalidValue) as refused:
        made(items, who, "Eu\x00rope")
    assert refused.value.field == "name"


def test_a_nul_in_the_description_is_refused(items: CatalogItems, who: Principal) -> None:
    with pytest.raises(InvalidValue) as refused:
        made(items, who, description="a\x00b")
    assert refused.value.field == "description"


def test_an_unknown_field_is_refused(items: CatalogItems, who: Principal) -> None:
    with pytest.raises(InvalidRequest) as refused:
        made(items, who, color="#fff")
    assert "color" in str(refused.value)


def test_a_service_takes_no_public_flag(memory_services: Services, who: Principal) -> None:
    with pytest.raises(InvalidRequest):
        made(memory_services.services, who, public=True)


def test_a_public_flag_that_is_not_0_1_true_false_is_refused(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidValue) as refused:
        made(memory_services.scopes, who, public="yes")
    assert refused.value.field == "public"


def test_an_item_is_read_back_by_its_id_as_text(items: CatalogItems, who: Principal) -> None:
    item = made(items, who)
    assert dict(items.get(who, str(item["id"]))) == dict(item)


def test_an_item_of_another_project_is_not_found(
    items: CatalogItems, who: Principal, stranger: Principal
) -> None:
    item = made(items, who)
    with pytest.raises(NotFound):
        items.get(stranger, item["id"])


def test_an_update_changes_the_given_fields(items: CatalogItems, who: Principal) -> None:
    item = made(items, who, description="old")
    changed = items.update(who, str(item["id"]), {"name": "Asia", "description": "new"})
    assert (changed["name"], changed["description"]) == ("Asia", "new")
    assert changed["updated_at"] > item["updated_at"]
    assert changed["created_at"] == item["created_at"]


def test_an_empty_description_clears_it(items: CatalogItems, who: Principal) -> None:
    item = made(items, who, description="old")
    assert (
        items.update(who, str(item["id"]), {"name": "Europe", "description": ""})["description"]
        is None
    )


def test_an_update_keeps_a_left_out_description(items: CatalogItems, who: Principal) -> None:
    item = made(items, who, description="kept")
    assert items.update(who, str(item["id"]), {"name": "Asia"})["description"] == "kept"


def test_an_update_needs_a_name(items: CatalogItems, who: Principal) -> None:
    item = made(items, who)
    with pytest.raises(InvalidRequest):
        items.update(who, str(item["id"]), {"name": " "})
    assert items.get(who, item["id"])["name"] == "Europe"


def test_a_scope_can_be_made_public(memory_services: Services, who: Principal) -> None:
    scope = made(memory_services.scopes, who)
    changed = memory_services.scopes.update(
        who, str(scope["id"]), {"name": "Europe", "public": "true"}
    )
    assert changed["public"] is True


def test_updating_another_projects_item_is_not_found(
    items: CatalogItems, who: Principal, stranger: Principal
) -> None:
    item = made(items, who)
    with pytest.raises(NotFound):
        items.update(stranger, str(item["id"]), {"name": "Mine"})
    assert items.get(who, item["id"])["name"] == "Europe"


def test_the_list_is_newest_first_and_counted(items: CatalogItems, who: Principal) -> None:
    names = ["a", "b", "c"]
    for name in names:
        made(items, who, name)
    page = items.list(who, None, None)
    assert [i["name"] for i in page.items] == names[::-1]
    assert (page.total, page.page, page.per_page) == (3, 1, 20)


def test_the_list_pages(items: CatalogItems, who: Principal) -> None:
    for name in ["a", "b", "c"]:
        made(items, who, name)
    assert [i["name"] for i in items.list(who, "2", "2").items] == ["a"]


def test_a_reader_without_a_key_sees_only_public_scopes(
    memory_services: Services, who: Principal
) -> None:
    public = made(memory_services.scopes, who, "Open", public=True)
    hidden = made(memory_services.scopes, who, "Closed")
    assert [s["id"] for s in memory_services.scopes.list(None, None, None).items] == [public["id"]]
    with pytest.raises(NotFound):
        memory_services.scopes.get(None, hidden["id"])


def test_a_reader_without_a_key_sees_no_services(memory_services: Services, who: Principal) -> None:
    service = made(memory_services.services, who)
    assert memory_services.services.list(None, None, None).total == 0
    with pytest.raises(NotFound):
        memory_services.services.get(None, service["id"])


@pytest.mark.parametrize("number", [str(2**63), "-1", "9" * 25])
def test_an_id_no_item_can_have_is_not_found(
    items: CatalogItems, who: Principal, number: str
) -> None:
    with pytest.raises(CatalogItemNotFound):
        items.get(who, number)


def test_an_id_that_is_no_integer_is_refused_naming_id(items: CatalogItems, who: Principal) -> None:
    with pytest.raises(InvalidValue) as refused:
        items.get(who, "1.5")
    assert refused.value.field == "id"
