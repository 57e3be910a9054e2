"""Deleting scopes and services: gone when unused, a conflict while a live
incident uses them."""

from __future__ import annotations

import pytest

from application.access import Principal
from application.catalog import CatalogItems
from application.services import Services
from domain.errors import Conflict, InvalidValue, NotFound
from tests.application.incident_support import open_incident, refs, update
from tests.application.support import new_principal

KINDS = ("scope", "service")


def catalog(services: Services, kind: str) -> CatalogItems:
    """The scopes or the services."""
    return services.scopes if kind == "scope" else services.services


def unused(services: Services, who: Principal, kind: str) -> str:
    """The id of a new item no incident uses."""
    return str(catalog(services, kind).create(who, {"name": "Spare"})["id"])


@pytest.mark.parametrize("kind", KINDS)
def test_an_unused_item_can_be_deleted(
    memory_services: Services, who: Principal, kind: str
) -> None:
    number = unused(memory_services, who, kind)
    catalog(memory_services, kind).delete(who, number)
    with pytest.raises(NotFound):
        catalog(memory_services, kind).get(who, number)
    assert catalog(memory_services, kind).list(who, None, None).total == 0


@pytest.mark.parametrize("kind", KINDS)
def test_an_item_used_by_a_live_incident_cannot_be_deleted(
    memory_services: Services, who: Principal, kind: str
) -> None:
    ids = refs(memory_services, who)
    open_incident(memory_services, who, ids)
    number = str(getattr(ids, kind))
    with pytest.raises(Conflict):
        catalog(memory_services, kind).delete(who, number)
    assert catalog(memory_services, kind).get(who, number)["id"] == int(number)


@pytest.mark.parametrize("kind", KINDS)
def test_an_item_used_only_by_a_deleted_incident_can_be_deleted(
    memory_services: Services, who: Principal, kind: str
) -> None:
    ids = refs(memory_services, who)
    incident = open_incident(memory_services, who, ids)
    memory_services.incidents.delete(who, incident)
    catalog(memory_services, kind).delete(who, str(getattr(ids, kind)))
    with pytest.raises(NotFound):
        catalog(memory_services, kind).get(who, getattr(ids, kind))


@pytest.mark.parametrize("kind", KINDS)
def test_an_item_is_free_once_its_incident_points_elsewhere(
    memory_services: Services, who: Principal, kind: str
) -> None:
    ids = refs(memory_services, who)
    incident = open_incident(memory_services, who, ids)
    other = refs(memory_services, who)
    update(memory_services, who, incident, **{kind: getattr(other, kind)})
    catalog(memory_services, kind).delete(who, str(getattr(ids, kind)))
    with pytest.raises(NotFound):
        catalog(memory_services, kind).get(who, getattr(ids, kind))


@pytest.mark.parametrize("kind", KINDS)
def test_an_item_used_by_any_of_several_incidents_stays(
    memory_services: Services, who: Principal, kind: str
) -> None:
    ids = refs(memory_services, who)
    first = open_incident(memory_services, who, ids)
    open_incident(memory_services, who, ids)
    memory_services.incidents.delete(who, first)
    with pytest.raises(Conflict):
        catalog(memory_services, kind).delete(who, str(getattr(ids, kind)))


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_twice_is_not_found(memory_services: Services, who: Principal, kind: str) -> None:
    number = unused(memory_services, who, kind)
    catalog(memory_services, kind).delete(who, number)
    with pytest.raises(NotFound):
        catalog(memory_services, kind).delete(who, number)


@pytest.mark.parametrize("kind", KINDS)
def test_updating_a_deleted_item_is_not_found(
    memory_services: Services, who: Principal, kind: str
) -> None:
    number = unused(memory_services, who, kind)
    catalog(memory_services, kind).delete(who, number)
    with pytest.raises(NotFound):
        catalog(memory_services, kind).update(who, number, {"name": "Back"})


@pytest.mark.parametrize("kind", KINDS)
def test_another_project_cannot_delete_the_item(
    memory_services: Services, who: Principal, kind: str
) -> None:
    number = unused(memory_services, who, kind)
    with pytest.raises(NotFound):
        catalog(memory_services, kind).delete(new_principal(memory_services, "Other"), number)
    assert catalog(memory_services, kind).get(who, number)["name"] == "Spare"


@pytest.mark.parametrize("kind", KINDS)
def test_a_deleted_items_id_is_never_given_again(
    memory_services: Services, who: Principal, kind: str
) -> None:
    number = unused(memory_services, who, kind)
    catalog(memory_services, kind).delete(who, number)
    assert int(unused(memory_services, who, kind)) > int(number)


def test_a_deleted_service_cannot_be_given_to_an_incident(
    memory_services: Services, who: Principal
) -> None:
    ids = refs(memory_services, who)
    incident = open_incident(memory_services, who, ids)
    spare = unused(memory_services, who, "service")
    memory_services.services.delete(who, spare)
    with pytest.raises(InvalidValue) as refused:
        update(memory_services, who, incident, service=spare)
    assert refused.value.field == "service"
