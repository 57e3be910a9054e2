"""Very large numbers: valid by the rules, and never allowed to break the service."""

from __future__ import annotations

from contextlib import suppress

import pytest

from application.access import Principal
from application.errors import InvalidRequest
from application.services import Services
from domain.errors import InvalidValue
from domain.state_rules import ORDER_MAX
from tests.application.support import create, item, page

HUGE = 10**20  # beyond a 64-bit integer column on every store


def test_the_largest_allowed_order_is_stored(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "Far", order=ORDER_MAX)
    assert item(memory_services, who, state_id)["order"] == ORDER_MAX


def test_an_order_above_the_maximum_is_refused_naming_order(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidValue) as refused:
        create(memory_services, who, "Far", order=ORDER_MAX + 1)
    assert refused.value.field == "order"


def test_an_order_too_large_to_store_does_not_stop_later_writes(
    memory_services: Services, who: Principal
) -> None:
    with suppress(InvalidValue):
        create(memory_services, who, "Huge", order=HUGE)
    state_id = create(memory_services, who, "Later")
    assert item(memory_services, who, state_id)["name"] == "Later"


def test_an_order_too_large_to_store_is_refused_or_readable(
    memory_services: Services, who: Principal
) -> None:
    try:
        state_id = create(memory_services, who, "Huge", order=HUGE)
    except InvalidValue as refused:
        assert refused.field == "order"
    else:
        assert item(memory_services, who, state_id)["order"] == HUGE


def test_a_skip_beyond_any_stores_range_is_refused_naming_skip(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidRequest, match="skip"):
        page(memory_services, who, skip=HUGE)


def test_a_skip_far_past_the_end_gives_an_empty_page(
    memory_services: Services, who: Principal
) -> None:
    result = page(memory_services, who, skip=10**9)
    assert (result.count, result.items) == (4, ())


def test_a_query_value_beyond_64_bits_is_refused_naming_the_field(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidRequest, match=r"query\.order"):
        page(memory_services, who, query={"order": HUGE})


def test_a_comparison_value_beyond_64_bits_is_refused(
    memory_services: Services, who: Principal
) -> None:
    query = {"order": {"_type": "GreaterThan", "value": -HUGE}}
    with pytest.raises(InvalidRequest, match=r"query\.order"):
        page(memory_services, who, query=query)
