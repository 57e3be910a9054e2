"""When PostgreSQL stops answering, requests get 503 with the error shape, never
a 500 or a hang, and the service works again once the database is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import Tenant, drop_store, make_tenant, new_store_url

LIST = "/api/incident-state/get-list"


@pytest.fixture
def running(
    tmp_path: Path, pg_admin: psycopg.Connection[Any]
) -> Iterator[tuple[TestClient, Tenant, str]]:
    """An app on a fresh Postgres store, a tenant, and the database's name."""
    url = new_store_url("postgres", tmp_path, pg_admin)
    app = create_app(url)
    with TestClient(app) as client:
        yield client, make_tenant(app.state.services), urlsplit(url).path.lstrip("/")
    pg_admin.execute(f'ALTER DATABASE "{urlsplit(url).path.lstrip("/")}" ALLOW_CONNECTIONS true')
    drop_store(url, pg_admin)


def cut_off(pg_admin: psycopg.Connection[Any], name: str) -> None:
    """Refuse new connections to the database and end the open ones."""
    pg_admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    pg_admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
    )


def test_a_read_during_an_outage_is_a_503_with_an_error_body(
    running: tuple[TestClient, Tenant, str], pg_admin: psycopg.Connection[Any]
) -> None:
    client, tenant, name = running
    cut_off(pg_admin, name)
    response = client.post(LIST, json={}, headers=tenant.headers)
    assert response.status_code == 503
    assert "database" in response.json()["error"]


def test_a_write_during_an_outage_is_a_503(
    running: tuple[TestClient, Tenant, str], pg_admin: psycopg.Connection[Any]
) -> None:
    client, tenant, name = running
    cut_off(pg_admin, name)
    body = {"data": {"name": "During outage", "color": "#123"}}
    response = client.post("/api/incident-state", json=body, headers=tenant.headers)
    assert response.status_code == 503


def test_the_service_recovers_when_the_database_is_back(
    running: tuple[TestClient, Tenant, str], pg_admin: psycopg.Connection[Any]
) -> None:
    # Every pool checks a connection at checkout and replaces one the outage
    # ended, so the first request after the database is back succeeds.
    client, tenant, name = running
    cut_off(pg_admin, name)
    assert client.post(LIST, json={}, headers=tenant.headers).status_code == 503
    pg_admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    body = {"data": {"name": "After outage", "color": "#123"}}
    created = client.post("/api/incident-state", json=body, headers=tenant.headers)
    assert created.status_code == 200, created.text
    listed = client.post(LIST, json={"query": {"name": "After outage"}}, headers=tenant.headers)
    assert listed.json()["count"] == 1


def test_a_read_after_the_database_is_back_succeeds_at_once(
    running: tuple[TestClient, Tenant, str], pg_admin: psycopg.Connection[Any]
) -> None:
    client, tenant, name = running
    for _ in range(3):  # warm the pools: several connections, all ended below
        assert client.post(LIST, json={}, headers=tenant.headers).status_code == 200
    cut_off(pg_admin, name)
    pg_admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    statuses = [client.post(LIST, json={}, headers=tenant.headers).status_code for _ in range(5)]
    assert statuses == [200] * 5
