"""Incidents, their numbers, comments and history survive closing and reopening the store."""

from __future__ import annotations

import pytest

from domain.errors import NotFound
from tests.integration.incident_support import (
    change,
    file_incident,
    listed,
    open_filing,
    read,
)
from tests.integration.support import new_owner, opened


def test_incidents_survive_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        incident = file_incident(services, filing, description="kept")
        services.incidents.comment(filing.who, str(incident["id"]), {"comment": "c", "internal": 1})
        before = read(services, filing, incident["id"])
    with opened(fresh_url) as services:
        assert read(services, filing, incident["id"]) == before
        assert before["comments"][0]["internal"] is True


def test_status_and_dates_survive_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        incident = file_incident(services, filing)
        change(services, filing, incident, status="resolved", resolve_date="2024-03-02T00:00")
        before = read(services, filing, incident["id"])
    with opened(fresh_url) as services:
        after = read(services, filing, incident["id"])
    assert (after["status"], after["resolve_date"]) == ("resolved", before["resolve_date"])


def test_numbers_continue_after_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        first = [file_incident(services, filing)["id"] for _ in range(3)]
    with opened(fresh_url) as services:
        later = [file_incident(services, filing)["id"] for _ in range(3)]
    assert len(set(first + later)) == 6
    assert min(later) > max(first)


def test_a_deleted_incidents_number_is_not_reused_after_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        gone = file_incident(services, filing)["id"]
        services.incidents.delete(filing.who, str(gone))
    with opened(fresh_url) as services:
        assert file_incident(services, filing)["id"] > gone
        with pytest.raises(NotFound):
            read(services, filing, gone)
        assert [e.type for e in services.incidents.history(filing.who, str(gone))][-1].endswith(
            "Deleted"
        )


def test_scope_and_service_ids_continue_after_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        before = open_filing(services, new_owner(services).who)
    with opened(fresh_url) as services:
        after = open_filing(services, before.who)
    assert after.scope != before.scope
    assert after.service != before.service


def test_history_and_timeline_survive_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        incident = file_incident(services, filing)
        change(
            services,
            filing,
            incident,
            status="investigating",
            investigation_date="2024-03-01T11:00",
        )
        number = str(incident["id"])
        history = services.incidents.history(filing.who, number)
        timeline = services.incidents.timeline(filing.who, number)
    with opened(fresh_url) as services:
        assert services.incidents.history(filing.who, number) == history
        assert services.incidents.timeline(filing.who, number) == timeline
    assert [e.version for e in history] == [1, 2, 3]


def test_the_list_order_survives_a_restart(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        made = [file_incident(services, filing)["id"] for _ in range(4)]
    with opened(fresh_url) as services:
        assert listed(services, filing.who) == made[::-1]


def test_updates_across_restarts_all_keep(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        filing = open_filing(services, new_owner(services).who)
        incident = file_incident(services, filing)
    for n in range(3):
        with opened(fresh_url) as services:
            change(services, filing, incident, description=f"round {n}")
    with opened(fresh_url) as services:
        entries = services.incidents.history(filing.who, str(incident["id"]))
        assert [e.changes["description"]["after"] for e in entries[1:]] == [
            "round 0",
            "round 1",
            "round 2",
        ]
        assert read(services, filing, incident["id"])["description"] == "round 2"
