"""A list's total (X-Total, or get-list's count) comes from running counts the
database keeps; on both stores it always equals what the same filters list."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg

from application.access import Principal
from application.query import ListSpec, parse_query
from application.services import Services
from tests.integration.incident_support import Filing, change, file_incident, open_filing
from tests.integration.support import add_state, count, listing, new_owner, opened, states

FILTERS: tuple[dict[str, str], ...] = (
    {},
    {"severity": "high"},
    {"severity": "critical"},
    {"status": "active"},
    {"status": "investigating"},
    {"status": "resolved", "severity": "low"},
    {"impact_after": "2024-03-01T00:00"},  # not a counted column: counted row by row
)


def listed_and_total(
    services: Services, who: Principal | None, filters: dict[str, str]
) -> tuple[int, int]:
    """How many incidents the filters list (all on one page), and the page's total."""
    page = services.incidents.list(who, filters, 1, 100)
    return len(page.items), page.total


def assert_totals_match(services: Services, filing: Filing, *more: dict[str, str]) -> None:
    """Every filter's total equals the number of incidents it lists."""
    for filters in (*FILTERS, *more):
        count, total = listed_and_total(services, filing.who, filters)
        assert total == count, filters


def busy_history(services: Services, filing: Filing) -> list[dict[str, Any]]:
    """Incidents created, changed, moved between states, reopened and deleted."""
    made = [file_incident(services, filing, severity=s) for s in ("high", "low", "critical") * 3]
    change(services, filing, made[0], severity="critical")
    change(services, filing, made[1], status="investigating", investigation_date="2024-03-01T11:00")
    change(services, filing, made[2], status="resolved", resolve_date="2024-03-02T00:00")
    change(services, filing, made[2], status="active")  # reopened
    change(services, filing, made[4], status="resolved", resolve_date="2024-03-02T00:00")
    services.incidents.delete(filing.who, str(made[5]["id"]))
    return made


def test_totals_equal_the_listed_incidents_after_every_kind_of_change(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        busy_history(services, filing)
        assert_totals_match(services, filing)


def test_moving_an_incident_to_another_scope_moves_it_between_scope_totals(
    fresh_url: str,
) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        other = services.scopes.create(filing.who, {"name": "Other scope"})["id"]
        incident = file_incident(services, filing)
        change(services, filing, incident, scope=other)
        totals = [
            listed_and_total(services, filing.who, {"scope": str(n)}) for n in (filing.scope, other)
        ]
        assert totals == [(0, 0), (1, 1)]


def test_renaming_a_state_moves_its_incidents_total_to_the_new_status(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        for _ in range(3):
            file_incident(services, filing)
        active = next(s for s in states(services, filing.who) if s["name"] == "Active")
        services.incident_states.update(filing.who, str(active["_id"]), {"name": "Ongoing"})
        assert listed_and_total(services, filing.who, {"status": "ongoing"}) == (3, 3)
        both = {"status": "ongoing", "severity": "high"}
        assert listed_and_total(services, filing.who, both) == (3, 3)


def test_public_totals_count_only_incidents_in_public_scopes(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        public = services.scopes.create(filing.who, {"name": "Status page", "public": True})
        file_incident(services, filing)
        file_incident(services, filing, scope=public["id"], severity="critical")
        assert listed_and_total(services, None, {}) == (1, 1)
        assert listed_and_total(services, None, {"severity": "critical"}) == (1, 1)


def test_the_generic_count_agrees_with_and_without_counted_columns(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        made = busy_history(services, filing)
        listing = services.incidents.listing
        for query, expected in (
            ({"severity": "critical"}, 3),  # made[5] was deleted
            ({"severity": "critical", "name": made[0]["name"]}, 1),
        ):
            conditions = parse_query(listing.resource, query)
            assert listing.count(filing.who, conditions) == expected


def test_operators_on_counted_columns_count_what_they_list(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        busy_history(services, filing)
        listing = services.incidents.listing
        for query in (
            {"severity": {"_type": "NotEqual", "value": "high"}},
            {"severity": {"_type": "Includes", "value": ["low", "critical"]}},
            {"status": {"_type": "Search", "value": "OLV"}},
            {"status": {"_type": "StartsWith", "value": "act"}},
            {"scopeId": {"_type": "GreaterThan", "value": 0}},
        ):
            conditions = parse_query(listing.resource, query)
            spec = ListSpec(conditions, ("_id",), (("number", True),), 0, 100)
            page = listing.list(filing.who, spec)
            assert page.count == len(page.items) > 0, query


def test_a_store_counted_before_the_counts_existed_is_counted_when_opened(
    fresh_url: str,
) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        busy_history(services, filing)
    _forget_counts(fresh_url)  # as a store written by an earlier version
    with opened(fresh_url) as services:
        assert_totals_match(services, filing)


def test_a_projects_state_count_follows_creates_and_deletes(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        who = new_owner(services).who
        added = [add_state(services, who) for _ in range(3)]
        services.incident_states.delete(who, added[1])
        total, items = listing(services, who)
        assert (total, len(items), count(services, who)) == (6, 6, 6)  # 4 defaults + 2


def test_a_state_count_with_a_query_counts_the_matching_states(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        who = new_owner(services).who
        add_state(services, who, color="#abcdef")
        assert count(services, who, {"color": "#abcdef"}) == 1


def test_a_store_without_state_counts_counts_its_states_when_opened(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        owner = new_owner(services)
        add_state(services, owner.who)
    _forget_counts(fresh_url)
    with opened(fresh_url) as services:
        assert count(services, owner.who) == 5


def test_counts_whose_table_was_lost_are_rebuilt_when_opened(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        busy_history(services, filing)
    _run(fresh_url, ("DROP TABLE incident_counts",))  # its marker stays
    with opened(fresh_url) as services:
        assert_totals_match(services, filing)


def _forget_counts(url: str) -> None:
    """Drop the counts tables and their markers, as an older version left the store."""
    statements = (
        "DROP TABLE incident_counts",
        "DROP TABLE incident_state_counts",
        "DELETE FROM projection_tracking WHERE name LIKE 'tally:%'",
    )
    _run(url, statements)


def _run(url: str, statements: tuple[str, ...]) -> None:
    """Run raw statements on the store (to make it look like another version's)."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            for statement in statements:
                conn.execute(statement)
        return
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def test_a_page_tells_the_whole_total_not_its_own_length(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        for _ in range(3):
            file_incident(services, filing)
        page = services.incidents.list(filing.who, {}, 1, 2)
        assert (len(page.items), page.total) == (2, 3)


def test_a_page_past_the_last_is_empty_but_still_tells_the_total(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        for _ in range(3):
            file_incident(services, filing)
        page = services.incidents.list(filing.who, {"severity": "high"}, 5, 2)
        assert (len(page.items), page.total) == (0, 3)


def test_filters_that_match_nothing_total_zero(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        file_incident(services, filing, severity="high")
        page = services.incidents.list(filing.who, {"severity": "minor"}, 1, 20)
        assert (len(page.items), page.total) == (0, 0)
