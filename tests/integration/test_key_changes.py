"""Following API-key changes on Postgres: any process's change reaches every listener.

The listener runs on an event loop this test drives by hand, so it can look at
the generation while a notification is still unread on the socket.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import psycopg
import pytest

from application.services import Services
from infrastructure.key_changes import PostgresKeyChanges
from infrastructure.settings import parse
from tests.conftest import Tenant, make_tenant
from tests.integration.support import opened

DEADLINE_S = 5.0


@pytest.fixture
def other(pg_url: str) -> Iterator[Services]:
    """Another process's services on the same store (e.g. the command line)."""
    with opened(pg_url) as services:
        yield services


@pytest.fixture
def listening(
    pg_url: str, other: Services
) -> Iterator[tuple[PostgresKeyChanges, Callable[[], None]]]:
    """A started listener, and a way to let its loop run for a moment."""
    loop = asyncio.new_event_loop()
    changes = PostgresKeyChanges(parse(pg_url).conninfo)
    loop.run_until_complete(changes.start())

    def turn() -> None:
        loop.run_until_complete(asyncio.sleep(0.3))

    yield changes, turn
    loop.run_until_complete(changes.stop())
    loop.close()


def eventually(check: Callable[[], bool]) -> bool:
    """Whether check() became true before the deadline."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.01)
    return False


def test_a_started_listener_has_a_generation(
    listening: tuple[PostgresKeyChanges, Callable[[], None]],
) -> None:
    changes, _ = listening
    assert changes.generation() is not None


def test_a_listener_that_never_started_trusts_nothing(pg_url: str) -> None:
    assert PostgresKeyChanges(parse(pg_url).conninfo).generation() is None


KEY_CHANGES: dict[str, Callable[[Services, Tenant], object]] = {
    "revoked": lambda s, t: s.projects.revoke_key(t.owner.api_key_id),
    "issued": lambda s, t: s.projects.issue_key(t.project_id, "member", []),
}


@pytest.mark.parametrize("change", KEY_CHANGES.values(), ids=KEY_CHANGES.keys())
def test_a_key_changed_by_another_process_moves_the_generation(
    listening: tuple[PostgresKeyChanges, Callable[[], None]],
    other: Services,
    change: Callable[[Services, Tenant], object],
) -> None:
    changes, turn = listening
    tenant = make_tenant(other)
    turn()
    before = changes.generation()
    change(other, tenant)
    turn()
    assert changes.generation() not in (before, None)


def test_while_a_notification_is_unread_nothing_is_trusted(
    listening: tuple[PostgresKeyChanges, Callable[[], None]], other: Services
) -> None:
    changes, turn = listening
    tenant = make_tenant(other)
    turn()
    other.projects.revoke_key(tenant.owner.api_key_id)  # the loop is not running: unread
    assert eventually(lambda: changes.generation() is None)
    turn()
    assert changes.generation() is not None


def test_a_lost_listening_connection_trusts_nothing_until_it_is_back(
    listening: tuple[PostgresKeyChanges, Callable[[], None]], pg_url: str
) -> None:
    changes, turn = listening
    before = changes.generation()
    conninfo = parse(pg_url).conninfo
    dbname = psycopg.conninfo.conninfo_to_dict(conninfo)["dbname"]
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND query LIKE 'LISTEN%%'",
            (dbname,),
        )
    assert eventually(lambda: changes.generation() is None)
    assert eventually(lambda: (turn(), changes.generation())[1] is not None)
    assert changes.generation() != before
