"""Listing incidents: filters joined by AND, paging, newest first, and refusals."""

from __future__ import annotations

from typing import Any

import pytest

from application.access import Principal
from application.errors import InvalidRequest
from application.incidents import IncidentPage
from application.services import Services
from domain.errors import InvalidValue, NotFound
from tests.application.incident_support import Refs, at, move, open_incident, refs
from tests.application.support import new_principal


def listed(
    services: Services,
    who: Principal | None,
    page: Any = None,
    per_page: Any = None,
    **filters: str,
) -> IncidentPage:
    """A list read with these filters."""
    return services.incidents.list(who, filters, page, per_page)


def ids(page: IncidentPage) -> list[str]:
    """The ids of the listed incidents, as path text."""
    return [str(i["id"]) for i in page.items]


def several(services: Services, who: Principal, count: int) -> tuple[Refs, list[str]]:
    """Refs and count incidents opened in order."""
    ref = refs(services, who)
    return ref, [open_incident(services, who, ref) for _ in range(count)]


def test_the_list_is_newest_first(memory_services: Services, who: Principal) -> None:
    _, numbers = several(memory_services, who, 3)
    assert ids(listed(memory_services, who)) == numbers[::-1]


def test_the_list_shows_only_the_keys_project(memory_services: Services, who: Principal) -> None:
    _, mine = several(memory_services, who, 1)
    other = new_principal(memory_services, "Other")
    several(memory_services, other, 2)
    page = listed(memory_services, who)
    assert (ids(page), page.total) == (mine, 1)


def test_paging_defaults_to_the_first_twenty(memory_services: Services, who: Principal) -> None:
    _, numbers = several(memory_services, who, 21)
    page = listed(memory_services, who)
    assert (page.page, page.per_page, page.total) == (1, 20, 21)
    assert ids(page) == numbers[::-1][:20]


def test_a_later_page_continues_the_list(memory_services: Services, who: Principal) -> None:
    _, numbers = several(memory_services, who, 5)
    page = listed(memory_services, who, page="2", per_page="2")
    assert ids(page) == numbers[::-1][2:4]
    assert (page.page, page.per_page, page.total) == (2, 2, 5)


def test_a_page_past_the_end_is_empty(memory_services: Services, who: Principal) -> None:
    several(memory_services, who, 2)
    page = listed(memory_services, who, page=3, per_page=1)
    assert (page.items, page.total) == ((), 2)


@pytest.mark.parametrize(("page", "per_page"), [(0, None), (None, 0), (None, 101), ("-1", None)])
def test_paging_out_of_bounds_is_refused(
    memory_services: Services, who: Principal, page: Any, per_page: Any
) -> None:
    with pytest.raises((InvalidRequest, InvalidValue)):
        listed(memory_services, who, page=page, per_page=per_page)


def test_per_page_of_a_hundred_is_allowed(memory_services: Services, who: Principal) -> None:
    assert listed(memory_services, who, per_page=100).per_page == 100


def test_paging_out_of_range_is_refused_naming_the_field(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidValue) as refused:
        listed(memory_services, who, page=2**63)
    assert refused.value.field == "page"


def test_the_status_filter_takes_any_case(memory_services: Services, who: Principal) -> None:
    _, (first, second) = several(memory_services, who, 2)
    move(memory_services, who, second, "investigating", investigation_date=at(11))
    assert ids(listed(memory_services, who, status="Investigating")) == [second]
    assert ids(listed(memory_services, who, status="active")) == [first]


def test_the_severity_filter(memory_services: Services, who: Principal) -> None:
    ref = refs(memory_services, who)
    low = open_incident(memory_services, who, ref, severity="low")
    open_incident(memory_services, who, ref, severity="critical")
    assert ids(listed(memory_services, who, severity="low")) == [low]


def test_the_scope_and_service_filters_take_form_text(
    memory_services: Services, who: Principal
) -> None:
    first, second = refs(memory_services, who), refs(memory_services, who)
    a = open_incident(memory_services, who, first)
    b = open_incident(memory_services, who, second)
    assert ids(listed(memory_services, who, scope=str(first.scope))) == [a]
    assert ids(listed(memory_services, who, service=str(second.service))) == [b]


def test_the_external_reference_filter(memory_services: Services, who: Principal) -> None:
    ref = refs(memory_services, who)
    tagged = open_incident(memory_services, who, ref, external_reference="JIRA-1")
    open_incident(memory_services, who, ref, external_reference="JIRA-2")
    assert ids(listed(memory_services, who, external_reference="JIRA-1")) == [tagged]


def test_the_impact_filters_are_strictly_before_and_after(
    memory_services: Services, who: Principal
) -> None:
    ref = refs(memory_services, who)
    early = open_incident(memory_services, who, ref, start_impact_date=at(8))
    mid = open_incident(memory_services, who, ref, start_impact_date=at(10))
    late = open_incident(memory_services, who, ref, start_impact_date=at(12))
    assert ids(listed(memory_services, who, impact_before=at(10))) == [early]
    assert ids(listed(memory_services, who, impact_after=at(10))) == [late]
    between = listed(memory_services, who, impact_after=at(7), impact_before=at(11))
    assert ids(between) == [mid, early]


def test_the_impact_filters_read_offsets(memory_services: Services, who: Principal) -> None:
    ref = refs(memory_services, who)
    number = open_incident(memory_services, who, ref, start_impact_date=at(10))
    assert ids(listed(memory_services, who, impact_after="2026-01-01T11:59+02:00")) == [number]


def test_filters_are_joined_by_and(memory_services: Services, who: Principal) -> None:
    ref = refs(memory_services, who)
    both = open_incident(memory_services, who, ref, severity="low", external_reference="R")
    open_incident(memory_services, who, ref, severity="low", external_reference="S")
    open_incident(memory_services, who, ref, severity="high", external_reference="R")
    page = listed(memory_services, who, severity="low", external_reference="R")
    assert (ids(page), page.total) == ([both], 1)


def test_the_total_counts_every_match_not_just_the_page(
    memory_services: Services, who: Principal
) -> None:
    several(memory_services, who, 3)
    assert listed(memory_services, who, per_page=1, severity="high").total == 3


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("severity", "urgent"),
        ("status", "  "),
        ("scope", "abc"),
        ("service", "-1"),
        ("impact_before", "yesterday"),
        ("impact_after", "2026-01-01"),
    ],
)
def test_an_invalid_filter_value_is_refused(
    memory_services: Services, who: Principal, name: str, value: str
) -> None:
    with pytest.raises((InvalidRequest, InvalidValue)) as refused:
        listed(memory_services, who, **{name: value})
    assert name in str(refused.value)


def test_an_unknown_filter_is_refused_naming_it(memory_services: Services, who: Principal) -> None:
    with pytest.raises(InvalidRequest) as refused:
        listed(memory_services, who, priority="p1")
    assert "priority" in str(refused.value)


def test_a_scope_filter_out_of_range_is_refused_naming_scope(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidValue) as refused:
        listed(memory_services, who, scope=str(2**63))
    assert refused.value.field == "scope"


def test_an_impact_filter_out_of_range_in_utc_is_refused(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises((InvalidRequest, InvalidValue)) as refused:
        listed(memory_services, who, impact_before="9999-12-31T23:59-05:00")
    assert "impact_before" in str(refused.value)


def test_a_reader_without_a_key_sees_only_public_scopes(
    memory_services: Services, who: Principal
) -> None:
    public = open_incident(memory_services, who, refs(memory_services, who, public=True))
    open_incident(memory_services, who, refs(memory_services, who))
    page = listed(memory_services, None)
    assert (ids(page), page.total) == ([public], 1)


def test_a_reader_without_a_key_cannot_get_a_private_incident(
    memory_services: Services, who: Principal
) -> None:
    hidden = open_incident(memory_services, who, refs(memory_services, who))
    with pytest.raises(NotFound):
        memory_services.incidents.get(None, hidden)
