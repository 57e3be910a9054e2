"""The store's schema: indexes named by their columns, none on the incident number
alone; several processes may open one store at the same moment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import psycopg

from tests.integration.support import opened

OPENERS = 6


def incident_indexes(url: str) -> dict[str, str]:
    """The incidents table's indexes: name -> definition."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'incidents'"
        ).fetchall()
    return {name: definition for name, definition in rows}


def test_no_index_covers_the_incident_number_alone(pg_url: str) -> None:
    with opened(pg_url):
        pass
    definitions = incident_indexes(pg_url).values()
    assert not [d for d in definitions if d.endswith("(number)")]
    assert [d for d in definitions if d.endswith("(project_id, severity, status, number)")]


def test_an_index_named_by_an_earlier_version_is_dropped_on_opening(pg_url: str) -> None:
    with opened(pg_url):
        pass
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE INDEX incidents_ix1 ON incidents (number)")
    with opened(pg_url):
        pass
    assert "incidents_ix1" not in incident_indexes(pg_url)


def test_processes_opening_an_existing_store_at_once_all_start(fresh_url: str) -> None:
    # What `serve --workers N` does: the store is prepared, then every worker
    # opens it at the same moment and re-runs the idempotent DDL.
    with opened(fresh_url):
        pass
    with ThreadPoolExecutor(OPENERS) as pool:
        started = list(pool.map(lambda _: _open_and_close(fresh_url), range(OPENERS)))
    assert started == [True] * OPENERS


def test_processes_opening_a_new_store_at_once_all_start(fresh_url: str) -> None:
    with ThreadPoolExecutor(OPENERS) as pool:
        started = list(pool.map(lambda _: _open_and_close(fresh_url), range(OPENERS)))
    assert started == [True] * OPENERS


def _open_and_close(url: str) -> bool:
    with opened(url):
        return True
