"""Snapshots are taken from the aggregate in memory when it passes its interval."""

from __future__ import annotations

import threading
from itertools import pairwise
from typing import Any
from uuid import UUID

import pytest

from application.ledger import Ledger
from application.scope import Command, Scope
from application.writer import Writer
from domain.state_catalog import StateCatalog

PROJECT = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b"
INTERVAL = Ledger.snapshot_every[StateCatalog]


def catalog_at(ledger: Ledger, version: int, *, step: int = 1) -> StateCatalog:
    """A catalog recorded in saves of `step` events each until it reaches `version`."""
    catalog = StateCatalog(project_id=PROJECT, actor="cli")
    ledger.record(catalog)
    n = 0
    while catalog.version < version:
        for _ in range(min(step, version - catalog.version)):
            catalog.admit(f"s{n}", f"State {n}", None, {}, "k")
            n += 1
        ledger.record(catalog)
    return catalog


def admitting(catalog: StateCatalog, n: int) -> Command:
    """A writer command that admits state number n to the catalog."""

    def command(scope: Scope) -> None:
        found = scope.find(catalog.id, StateCatalog)
        assert found is not None
        found.admit(f"s{n}", f"State {n}", None, {}, "k")

    return command


def snapshot_versions(ledger: Ledger, aggregate_id: UUID) -> list[int]:
    """The versions of the aggregate's stored snapshots."""
    assert ledger.snapshots is not None
    return [s.originator_version for s in ledger.snapshots.get(aggregate_id)]


def test_no_snapshot_is_stored_before_the_interval(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL - 1)
    assert snapshot_versions(ledger, catalog.id) == []


def test_a_snapshot_is_stored_at_the_interval(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL + 5)
    assert snapshot_versions(ledger, catalog.id) == [INTERVAL]


def test_a_save_passing_the_interval_snapshots_its_last_version_once(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL + 2, step=7)
    passed = [v for v in snapshot_versions(ledger, catalog.id) if v >= INTERVAL]
    assert len(passed) == 1
    assert passed[0] in range(INTERVAL, INTERVAL + 7)


def test_a_catalog_loaded_from_its_snapshot_equals_the_one_in_memory(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL + 3)
    loaded = ledger.repository.get(catalog.id)
    assert loaded.version == catalog.version
    assert loaded.state_ids() == catalog.state_ids()


def test_the_library_takes_no_snapshots_of_its_own(ledger: Ledger) -> None:
    catalog = StateCatalog(project_id=PROJECT, actor="cli")
    for n in range(INTERVAL + 1):
        catalog.admit(f"s{n}", f"State {n}", None, {}, "k")
    ledger.save(catalog)
    assert snapshot_versions(ledger, catalog.id) == []


def test_a_failed_snapshot_leaves_the_write_recorded(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ledger.snapshots is not None

    def refuse(*_: object, **__: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(ledger.snapshots, "put", refuse)
    catalog = catalog_at(ledger, INTERVAL + 1)
    assert len(ledger.events_of(catalog.id)) == INTERVAL + 1


def test_a_large_catalog_waits_half_as_many_events_as_it_has_states_between_snapshots(
    ledger: Ledger,
) -> None:
    step = INTERVAL // 4
    catalog = catalog_at(ledger, 6 * INTERVAL, step=step)
    versions = snapshot_versions(ledger, catalog.id)
    assert versions[0] in range(INTERVAL, INTERVAL + step)
    # At version v the catalog holds v - 1 states: it waits max(INTERVAL, (v - 1) // 2).
    gaps = [(b - a, max(INTERVAL, (b - 1) // 2)) for a, b in pairwise(versions)]
    assert len(gaps) >= 2
    assert all(gap >= wait for gap, wait in gaps)
    assert any(gap > INTERVAL for gap, _ in gaps)


def test_a_refused_snapshot_is_not_asked_for_again_before_the_next_interval(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = catalog_at(ledger, INTERVAL + 1)  # snapshotted once, at INTERVAL
    assert ledger.snapshots is not None
    asked: list[int] = []

    def refuse(snapshots: list[Any], **_: object) -> None:
        asked.append(snapshots[0].originator_version)
        raise OSError("disk full")

    monkeypatch.setattr(ledger.snapshots, "put", refuse)
    for n in range(2 * INTERVAL):  # one save per event
        catalog.admit(f"t{n}", f"Later {n}", None, {}, "k")
        ledger.record(catalog)
    assert asked == [2 * INTERVAL]  # not again at every later save


def test_a_deferred_snapshot_is_stored_only_when_taken(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL - 1)
    catalog.admit("late", "Late", None, {}, "k")
    ledger.record(catalog, defer_snapshots=True)
    assert snapshot_versions(ledger, catalog.id) == []
    ledger.take_snapshots()
    assert snapshot_versions(ledger, catalog.id) == [INTERVAL]


def test_a_deferred_snapshot_holds_the_recorded_state(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL - 1)
    catalog.admit("late", "Late", None, {}, "k")
    ledger.record(catalog, defer_snapshots=True)
    ledger.take_snapshots()
    loaded = ledger.repository.get(catalog.id)
    assert (loaded.version, loaded.state_ids()) == (catalog.version, catalog.state_ids())


def test_the_writer_stores_a_due_snapshot_by_the_time_it_closes(
    writer: Writer, ledger: Ledger
) -> None:
    catalog = StateCatalog(project_id=PROJECT, actor="cli")
    writer.run(lambda scope: scope.add(catalog))
    for n in range(INTERVAL):
        writer.run(admitting(catalog, n))
    writer.close()
    assert snapshot_versions(ledger, catalog.id) == [INTERVAL]


def test_a_slow_snapshot_store_holds_up_no_batch(
    writer: Writer, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ledger.snapshots is not None
    release = threading.Event()
    real_put = ledger.snapshots.put

    def slow(snapshots: list[Any], **kwargs: Any) -> None:
        assert release.wait(10)
        real_put(snapshots, **kwargs)

    monkeypatch.setattr(ledger.snapshots, "put", slow)
    catalog = StateCatalog(project_id=PROJECT, actor="cli")
    writer.run(lambda scope: scope.add(catalog))
    for n in range(INTERVAL + 3):  # the snapshot at INTERVAL waits in the store
        writer.run(admitting(catalog, n))
    assert snapshot_versions(ledger, catalog.id) == []
    release.set()
    writer.close()
    assert snapshot_versions(ledger, catalog.id) == [INTERVAL]


def test_a_detached_snapshot_keeps_the_saved_state_while_the_catalog_changes(
    ledger: Ledger,
) -> None:
    catalog = catalog_at(ledger, INTERVAL - 1)
    catalog.admit("due", "Due", None, {}, "k")
    ledger.record(catalog, defer_snapshots=True)
    detached = ledger.detach_snapshots()
    catalog.admit("later", "Later", None, {}, "k")  # stored by the next save, not in this one
    catalog.amend("due", "Renamed", 1, {}, "k")
    ledger.store_snapshots(detached)
    loaded = ledger.repository.get(catalog.id, version=INTERVAL)
    assert loaded.names.get("due") == "due"
    assert loaded.names.get("renamed") is None
    assert "later" not in loaded.entries


def test_a_deferred_snapshot_is_not_taken_of_changes_made_after_the_save(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL - 1)
    catalog.admit("due", "Due", None, {}, "k")
    ledger.record(catalog, defer_snapshots=True)
    catalog.admit("unsaved", "Unsaved", None, {}, "k")  # e.g. a later command that then failed
    ledger.take_snapshots()
    assert snapshot_versions(ledger, catalog.id) == []
    assert ledger.repository.get(catalog.id).names.get("unsaved") is None


def test_a_deferred_snapshot_is_not_taken_of_an_aggregate_whose_later_save_failed(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = catalog_at(ledger, INTERVAL - 1)
    catalog.admit("due", "Due", None, {}, "k")
    ledger.record(catalog, defer_snapshots=True)

    def refuse(*_: object, **__: object) -> None:
        raise OSError("store full")

    monkeypatch.setattr(ledger.recorder, "insert_events", refuse)
    catalog.admit("lost", "Lost", None, {}, "k")
    with pytest.raises(OSError, match="store full"):
        ledger.record(catalog, defer_snapshots=True)
    monkeypatch.undo()
    ledger.take_snapshots()
    assert snapshot_versions(ledger, catalog.id) == []
    assert ledger.repository.get(catalog.id).version == INTERVAL


def test_a_deferred_snapshot_follows_a_later_save_of_the_same_aggregate(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL - 1)
    catalog.admit("due", "Due", None, {}, "k")
    ledger.record(catalog, defer_snapshots=True)
    catalog.admit("next", "Next", None, {}, "k")
    ledger.record(catalog, defer_snapshots=True)
    ledger.take_snapshots()
    assert snapshot_versions(ledger, catalog.id) == [INTERVAL + 1]
