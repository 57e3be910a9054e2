"""The writers' gate on Postgres: an advisory lock on a connection of its own."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest

from application.errors import StoreUnavailable
from infrastructure import gates
from infrastructure.gates import WRITER_LOCK, PostgresGate
from infrastructure.settings import parse


def end_sessions(pg_admin: psycopg.Connection[Any], url: str) -> None:
    """End every open connection to the store's database, as a server restart does."""
    pg_admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
        (urlsplit(url).path.lstrip("/"),),
    )


def gate_after_lost_session(pg_url: str, pg_admin: psycopg.Connection[Any]) -> PostgresGate:
    """A gate that was held once, whose session the server has ended since."""
    gate = PostgresGate(parse(pg_url).conninfo)
    with gate.hold():
        pass
    end_sessions(pg_admin, pg_url)
    return gate


def test_a_gate_whose_idle_session_the_server_ended_opens_on_a_new_one(
    pg_url: str, pg_admin: psycopg.Connection[Any]
) -> None:
    gate = gate_after_lost_session(pg_url, pg_admin)
    entered = []
    with gate.hold():  # the first write after a restart, not a 503
        entered.append(True)
    gate.close()
    assert entered == [True]


def test_a_kept_session_found_ended_only_when_asked_is_replaced_once(
    pg_url: str, pg_admin: psycopg.Connection[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The server's message not yet read when the turn begins: the idle check
    # passes, and taking the lock is what fails.
    monkeypatch.setattr(gates, "check_idle", lambda conn: None)
    gate = gate_after_lost_session(pg_url, pg_admin)
    entered = []
    with gate.hold():
        entered.append(True)
    gate.close()
    assert entered == [True]


def test_a_timeout_on_a_live_session_is_a_503_without_a_second_try(
    pg_url: str, pg_admin: psycopg.Connection[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    conninfo = parse(pg_url).conninfo + " options='-c statement_timeout=200'"
    gate = PostgresGate(conninfo)
    with gate.hold():
        pass
    connects = []
    connect = psycopg.connect
    with connect(parse(pg_url).conninfo, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", (WRITER_LOCK,))
        monkeypatch.setattr(
            psycopg, "connect", lambda *a, **k: connects.append(1) or connect(*a, **k)
        )
        with pytest.raises(StoreUnavailable, match="statement timeout"), gate.hold():
            pass
    gate.close()
    assert connects == []


def test_a_gate_that_cannot_reach_the_server_reports_the_store_unavailable() -> None:
    gate = PostgresGate("host=127.0.0.1 port=1 user=postgres dbname=none")
    with pytest.raises(StoreUnavailable, match="database unavailable"), gate.hold():
        pass
    gate.close()


class FailingReader:
    """A turn reader whose query fails once the lock is granted."""

    def __init__(self) -> None:
        self.over = 0

    def turn_query(self) -> str:
        return "SELECT 1 / 0"

    def turn_rows(self, rows: list[tuple[Any, ...]]) -> None:
        raise AssertionError("no rows expected")

    def turn_over(self) -> None:
        self.over += 1


def test_a_reader_failing_after_the_lock_opens_the_gate_again(
    pg_url: str, pg_admin: psycopg.Connection[Any]
) -> None:
    reader = FailingReader()
    gate = PostgresGate(parse(pg_url).conninfo, readers=(reader,))
    with pytest.raises(psycopg.errors.DivisionByZero), gate.hold():
        pass
    plain = PostgresGate(parse(pg_url).conninfo)
    entered = []
    with plain.hold():  # would wait for ever if the lock were still held
        entered.append(True)
    plain.close()
    gate.close()
    assert entered == [True]
    assert reader.over == 1


class SettingsReader:
    """Reads the gate's own session settings as its turn begins."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []

    def turn_query(self) -> str:
        return (
            "SELECT current_setting('tcp_keepalives_idle'), "
            "current_setting('tcp_keepalives_interval'), current_setting('tcp_keepalives_count')"
        )

    def turn_rows(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows

    def turn_over(self) -> None:
        """Nothing to forget."""


def test_the_server_gives_up_on_a_silent_gate_holder_within_a_minute(pg_url: str) -> None:
    # Over TCP (the tests' server is 127.0.0.1): a holder that vanished is
    # probed after 30 s idle, 3 times 10 s apart, and its session ended.
    reader = SettingsReader()
    gate = PostgresGate(parse(pg_url).conninfo, readers=(reader,))
    with gate.hold():
        pass
    gate.close()
    assert reader.rows == [("30", "10", "3")]
