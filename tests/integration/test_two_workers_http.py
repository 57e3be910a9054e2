"""Two apps in shared-store mode on one store, as `serve --workers 2` runs them, over HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import make_tenant

BASE = "/api/incident-state"
REVOCATIONS = 20
MOMENT_S = 1.0
Clients = tuple[TestClient, TestClient, dict[str, str]]


@pytest.fixture
def workers(fresh_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Clients]:
    """Two running apps on one store and an owner key's headers."""
    monkeypatch.setenv("INCIDENT_LEDGER_SHARED_STORE", "1")
    first_app, second_app = create_app(fresh_url), create_app(fresh_url)
    with TestClient(first_app) as first, TestClient(second_app) as second:
        tenant = make_tenant(first_app.state.services)
        yield first, second, tenant.headers


def test_a_create_on_one_worker_is_readable_on_the_other_at_once(workers: Clients) -> None:
    first, second, headers = workers
    for n in range(10):
        body = {"data": {"name": f"Worker state {n}", "color": "#123"}}
        created = first.post(BASE, json=body, headers=headers)
        assert created.status_code == 200, created.text
        read = second.get(f"{BASE}/{created.json()['_id']}/get-item", headers=headers)
        assert read.status_code == 200, read.text
        counted = second.post(f"{BASE}/count", headers=headers)
        assert counted.json() == {"count": 5 + n}


def test_concurrent_updates_through_both_workers_are_applied_or_refused(
    workers: Clients,
) -> None:
    first, second, headers = workers
    body = {"data": {"name": "Contended", "color": "#123"}}
    state_id = first.post(BASE, json=body, headers=headers).json()["_id"]
    gate = threading.Barrier(20)

    def put(i: int) -> httpx.Response:
        client = (first, second)[i % 2]
        gate.wait(timeout=30)
        return client.put(
            f"{BASE}/{state_id}", json={"data": {"description": f"w{i}"}}, headers=headers
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(put, range(20)))
    assert {r.status_code for r in responses} <= {200, 409}, [r.text for r in responses]
    applied = sorted(f"w{i}" for i, r in enumerate(responses) if r.status_code == 200)
    entries = second.get(f"{BASE}/{state_id}/history", headers=headers).json()
    recorded = [e["changes"]["description"]["after"] for e in entries[1:]]
    assert sorted(recorded) == applied
    select = {"select": {"description": True}}
    for client in (first, second):
        item = client.post(f"{BASE}/{state_id}/get-item", json=select, headers=headers).json()
        assert item["description"] == recorded[-1]


def test_a_key_revoked_through_one_worker_is_refused_by_the_other_within_moments(
    workers: Clients,
) -> None:
    # The other worker has the key cached and hears of the revocation from
    # Postgres (NOTIFY), which can trail the revoking response by a moment;
    # without that it would trust its cache for a minute.
    first, second, _ = workers
    services = first.app.state.services  # type: ignore[attr-defined]
    waited = []
    for _ in range(REVOCATIONS):
        tenant = make_tenant(services)
        assert second.post(f"{BASE}/count", headers=tenant.headers).status_code == 200
        services.projects.revoke_key(tenant.owner.api_key_id)
        started = time.monotonic()
        while second.post(f"{BASE}/count", headers=tenant.headers).status_code != 401:
            assert time.monotonic() - started < MOMENT_S, "the revoked key still works"
            time.sleep(0.005)
        waited.append(time.monotonic() - started)
    assert max(waited) < MOMENT_S


def test_a_key_revoked_through_a_worker_is_refused_by_that_worker_at_once(
    workers: Clients,
) -> None:
    first, _, _ = workers
    services = first.app.state.services  # type: ignore[attr-defined]
    refused = []
    for _ in range(REVOCATIONS):
        tenant = make_tenant(services)
        assert first.post(f"{BASE}/count", headers=tenant.headers).status_code == 200
        services.projects.revoke_key(tenant.owner.api_key_id)
        refused.append(first.post(f"{BASE}/count", headers=tenant.headers).status_code)
    assert refused == [401] * REVOCATIONS
