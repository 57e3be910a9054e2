"""Search folds case alike on every store and under every database locale."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest

from application.services import Services
from infrastructure import schema
from infrastructure.wiring import build_services
from tests.conftest import drop_store, new_store_url
from tests.integration.support import add_state, names, new_owner

C_LOCALE = "TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
LATIN1 = "TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"


def search(services: Services, stored: str, typed: str) -> list[str]:
    """The names a new project's Search for typed finds, with a state named stored."""
    owner = new_owner(services)
    add_state(services, owner.who, name=stored)
    return names(services, owner.who, {"name": {"_type": "Search", "value": typed}})


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("İstanbul DC", "İst"),
        ("İstanbul DC", "İSTANBUL"),
        ("ΟΔΟΣ outage", "ΟΔΟΣ"),
        ("ΟΔΟΣ outage", "Σ"),
        ("ΟΔΟΣ outage", "οδος"),
        ("Élan outage", "éLAN"),
    ],
)
def test_search_finds_a_name_by_any_exact_part_in_any_case(
    services: Services, stored: str, typed: str
) -> None:
    assert search(services, stored, typed) == [stored]


def test_search_tells_a_dotted_capital_i_from_a_plain_i(services: Services) -> None:
    assert search(services, "İstanbul DC", "istanbul") == []


@contextmanager
def services_on_database(
    tmp_path: Path, pg_admin: psycopg.Connection[Any], options: str
) -> Iterator[Services]:
    """Services on a new Postgres database made with these CREATE DATABASE options."""
    url = new_store_url("postgres", tmp_path, pg_admin, options)
    built = build_services(url)
    try:
        yield built
    finally:
        built.close()
        drop_store(url, pg_admin)


def test_search_folds_accents_in_a_database_of_the_c_locale(
    tmp_path: Path, pg_admin: psycopg.Connection[Any]
) -> None:
    # The database's own lower() folds ASCII only there.
    with services_on_database(tmp_path, pg_admin, C_LOCALE) as services:
        assert search(services, "Élan outage", "élan") == ["Élan outage"]


class NoIcu:
    """A cursor on a Postgres without ICU or a database not in UTF8."""

    def execute(self, sql: str, params: Any = None) -> None:
        """Nothing runs."""

    def fetchone(self) -> tuple[bool]:
        return (False,)

    def fetchall(self) -> list[Any]:
        return []


def test_without_icu_search_folds_by_the_database_locale_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        ddl = schema._fold_ddl(NoIcu())
    assert "SELECT lower($1)" in ddl
    assert "folds case as the database's locale does" in caplog.text


def test_a_database_in_latin1_starts_and_searches_ascii_alike(
    tmp_path: Path, pg_admin: psycopg.Connection[Any]
) -> None:
    with services_on_database(tmp_path, pg_admin, LATIN1) as services:
        assert search(services, "Database Outage", "OUTAGE") == ["Database Outage"]
