"""Two service instances on one store (shared=True), like two workers: incidents stay
consistent and numbers stay unique."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest

from application.services import Services
from domain.errors import Conflict
from infrastructure.wiring import build_services
from tests.integration.incident_support import (
    Filing,
    change,
    file_incident,
    listed,
    open_filing,
    read,
)
from tests.integration.support import new_owner

T = TypeVar("T")
Pair = tuple[Services, Services]
PER_SIDE = 10


@pytest.fixture
def pair(fresh_url: str) -> Iterator[Pair]:
    """Two shared-mode service instances on one new store."""
    first = build_services(fresh_url, shared=True)
    second = build_services(fresh_url, shared=True)
    yield first, second
    first.close()
    second.close()


@pytest.fixture
def filing(pair: Pair) -> Filing:
    """A project with a scope and a service, made on the first instance."""
    return open_filing(pair[0], new_owner(pair[0]).who)


def on_both(pair: Pair, task: Callable[[Services, int], T]) -> list[T | Exception]:
    """Run task on 2 x PER_SIDE threads released together, half on each instance."""
    gate = threading.Barrier(2 * PER_SIDE)

    def run(i: int) -> T | Exception:
        gate.wait(timeout=30)
        try:
            return task(pair[i % 2], i)
        except Exception as error:  # noqa: BLE001 - returned for the test to inspect
            return error

    with ThreadPoolExecutor(max_workers=2 * PER_SIDE) as pool:
        return list(pool.map(run, range(2 * PER_SIDE)))


def test_an_incident_filed_on_one_instance_is_read_on_the_other_at_once(
    pair: Pair, filing: Filing
) -> None:
    first, second = pair
    for n in range(5):
        incident = file_incident(first, filing, description=f"n{n}")
        assert read(second, filing, incident["id"])["description"] == f"n{n}"
        assert len(listed(second, filing.who)) == n + 1


def test_alternate_filing_on_both_gives_increasing_unique_numbers(
    pair: Pair, filing: Filing
) -> None:
    numbers = [file_incident(pair[n % 2], filing)["id"] for n in range(10)]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == 10


def test_concurrent_filing_on_both_instances_gives_unique_numbers(
    pair: Pair, filing: Filing
) -> None:
    results = on_both(pair, lambda services, _: file_incident(services, filing)["id"])
    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = [r for r in results if isinstance(r, int)]
    assert len(set(numbers)) == 2 * PER_SIDE
    assert sorted(listed(pair[1], filing.who)) == sorted(numbers)


def test_concurrent_scope_creation_on_both_gives_unique_ids(pair: Pair, filing: Filing) -> None:
    results = on_both(
        pair, lambda services, i: services.scopes.create(filing.who, {"name": f"s{i}"})["id"]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 2 * PER_SIDE


def test_concurrent_comments_from_both_are_all_kept(pair: Pair, filing: Filing) -> None:
    incident = file_incident(pair[0], filing)
    number = str(incident["id"])
    results = on_both(
        pair,
        lambda services, i: services.incidents.comment(filing.who, number, {"comment": f"c{i}"})[
            "id"
        ],
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    stored = pair[1].incidents.comments(filing.who, number)
    assert sorted(c["comment"] for c in stored) == sorted(f"c{i}" for i in range(2 * PER_SIDE))
    assert len({c["id"] for c in stored}) == 2 * PER_SIDE


def test_concurrent_updates_from_both_are_applied_or_conflict(pair: Pair, filing: Filing) -> None:
    incident = file_incident(pair[0], filing)

    def rename(services: Services, i: int) -> str:
        change(services, filing, incident, name=f"name {i}")
        return f"name {i}"

    results = on_both(pair, rename)
    failures = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(f, Conflict) for f in failures), failures
    applied = sorted(r for r in results if isinstance(r, str))
    entries = pair[0].incidents.history(filing.who, str(incident["id"]))[1:]
    recorded = [e.changes["name"]["after"] for e in entries]
    assert sorted(recorded) == applied
    assert read(pair[0], filing, incident["id"])["name"] == recorded[-1]
    assert read(pair[1], filing, incident["id"])["name"] == recorded[-1]


def test_alternating_status_changes_from_both_all_apply(pair: Pair, filing: Filing) -> None:
    incident = file_incident(pair[0], filing)
    moves = [("investigating", {"investigation_date": "2024-03-01T11:00"}), ("active", {})]
    for n in range(6):
        status, extra = moves[n % 2]
        change(pair[n % 2], filing, incident, status=status, **extra)
        assert read(pair[(n + 1) % 2], filing, incident["id"])["status"] == status
    entries = pair[1].incidents.history(filing.who, str(incident["id"]))
    assert [e.changes["status"]["after"] for e in entries if e.occurred_at] == [
        "investigating",
        "active",
    ] * 3


def test_a_delete_on_one_instance_hides_the_incident_on_the_other(
    pair: Pair, filing: Filing
) -> None:
    incident = file_incident(pair[0], filing)
    pair[1].incidents.delete(filing.who, str(incident["id"]))
    assert listed(pair[0], filing.who) == []
    assert file_incident(pair[0], filing)["id"] > incident["id"]
