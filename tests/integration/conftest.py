"""Fixtures of the integration tests: services built on real SQLite and Postgres stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from application.services import Services
from infrastructure.wiring import build_services
from tests.conftest import STORES, drop_store, new_store_url


@pytest.fixture(params=STORES)
def fresh_url(
    request: pytest.FixtureRequest, tmp_path: Path, pg_admin: psycopg.Connection[Any]
) -> Iterator[str]:
    """A new, empty store for one test, once on SQLite and once on Postgres."""
    url = new_store_url(request.param, tmp_path, pg_admin)
    yield url
    drop_store(url, pg_admin)


@pytest.fixture(scope="module")
def services(store_url: str) -> Iterator[Services]:
    """Services on the module's store (see tests/conftest.py: store_url)."""
    built = build_services(store_url)
    yield built
    built.close()


@pytest.fixture
def pg_url(tmp_path: Path, pg_admin: psycopg.Connection[Any]) -> Iterator[str]:
    """A fresh Postgres store, for behaviour only Postgres has."""
    url = new_store_url("postgres", tmp_path, pg_admin)
    yield url
    drop_store(url, pg_admin)
