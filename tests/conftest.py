"""Shared fixtures: fresh stores (SQLite file, Postgres database, memory) and API clients.

Each Postgres store is a database created for it and dropped afterwards, on the
server named by TEST_DATABASE_URL, so runs never see each other's data. A
missing Postgres server fails the run: the Postgres tests are never skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from application.projects import IssuedKey
from application.services import Services
from infrastructure.wiring import build_services

ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
STORES = ("sqlite", "postgres")


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[psycopg.Connection[Any]]:
    """An autocommit connection to the test server, or a failed run."""
    try:
        conn = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at TEST_DATABASE_URL={ADMIN_URL} is needed: {error}")
    yield conn
    conn.close()


def new_store_url(
    kind: str, tmp_path: Path, pg_admin: psycopg.Connection[Any], pg_options: str = ""
) -> str:
    """A URL of a new, empty store of the given kind (pg_options: CREATE DATABASE's)."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / f'store-{uuid4().hex[:8]}.db'}"
    name = f"il_test_{uuid4().hex[:12]}"
    pg_admin.execute(f'CREATE DATABASE "{name}" {pg_options}')
    parts = urlsplit(ADMIN_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_store(url: str, pg_admin: psycopg.Connection[Any]) -> None:
    """Drop a Postgres test database (SQLite files go with tmp_path)."""
    if url.startswith("postgres"):
        name = urlsplit(url).path.lstrip("/")
        pg_admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module", params=STORES)
def store_url(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    pg_admin: psycopg.Connection[Any],
) -> Iterator[str]:
    """A fresh store per test module, once on SQLite and once on Postgres."""
    url = new_store_url(request.param, tmp_path_factory.mktemp("store"), pg_admin)
    yield url
    drop_store(url, pg_admin)


@dataclass
class Api:
    """A running app over one store, and the services to build test data with."""

    client: TestClient
    services: Services


@pytest.fixture(scope="module")
def api(store_url: str) -> Iterator[Api]:
    """The HTTP app on the module's store."""
    app = create_app(store_url)
    with TestClient(app) as client:
        yield Api(client, app.state.services)


@dataclass
class Tenant:
    """A fresh project with an owner key; more keys on demand."""

    services: Services
    project_id: str
    owner: IssuedKey
    keys: list[IssuedKey] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        """The owner key's ApiKey header."""
        return {"ApiKey": self.owner.api_key}

    def key(self, role: str | None = None, *permissions: str) -> dict[str, str]:
        """Headers of a new key with this role or these permissions."""
        issued = self.services.projects.issue_key(self.project_id, role, list(permissions))
        self.keys.append(issued)
        return {"ApiKey": issued.api_key}


def make_tenant(services: Services, name: str = "Test project") -> Tenant:
    """A new project with its default states and an owner key, made through the application."""
    project = services.projects.create(name)
    owner = services.projects.issue_key(project.project_id, "owner", [])
    return Tenant(services, project.project_id, owner)


@pytest.fixture
def tenant(api: Api) -> Tenant:
    """A fresh project on the module's store."""
    return make_tenant(api.services)


@pytest.fixture
def memory_services() -> Iterator[Services]:
    """Services on the in-memory store (events in memory, read model in memory)."""
    services = build_services("memory:")
    yield services
    services.close()
