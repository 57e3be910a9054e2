"""DATABASE_URL for Postgres: libpq reads it whole, and every connection gets it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from infrastructure.settings import parse
from infrastructure.wiring import build_services
from tests.integration.support import names, new_owner
from tests.integration.test_cli import cli


def conninfo_of(url: str) -> dict[str, Any]:
    """The connection keywords the service uses for url."""
    return conninfo_to_dict(parse(url).conninfo)


def test_the_urls_query_parameters_reach_the_connections() -> None:
    given = conninfo_of("postgresql://u@db.example:6543/ledger?sslmode=require&application_name=a")
    assert (given["sslmode"], given["application_name"]) == ("require", "a")
    assert (given["host"], given["port"], given["dbname"]) == ("db.example", "6543", "ledger")


def test_connections_notice_a_silent_server_unless_the_url_says_otherwise() -> None:
    given = conninfo_of("postgresql://u@h/db?keepalives_idle=5")
    assert (given["keepalives"], given["keepalives_idle"]) == ("1", "5")
    assert (given["keepalives_count"], given["tcp_user_timeout"]) == ("3", "30000")


def test_a_url_that_leaves_parts_out_gets_the_documented_defaults() -> None:
    given = conninfo_of("postgresql://")
    assert (given["host"], given["port"], given["user"], given["dbname"]) == (
        "127.0.0.1",
        "5432",
        "postgres",
        "postgres",
    )


def test_a_password_with_quotes_and_backslashes_is_passed_as_it_is() -> None:
    settings = parse("postgresql://u:it%27s%5Cmine@h/db")
    assert conninfo_to_dict(settings.conninfo)["password"] == "it's\\mine"
    assert settings.event_store_env["POSTGRES_PASSWORD"] == "it's\\mine"


def test_a_service_file_gives_what_the_url_leaves_out() -> None:
    given = conninfo_of("postgresql:///?service=ledger")
    assert given["service"] == "ledger"
    assert not {"host", "port", "user", "dbname"} & set(given)


def test_a_hostaddr_gets_no_host_name_beside_it() -> None:
    given = conninfo_of("postgresql://u@/db?hostaddr=10.0.0.1")
    assert (given["hostaddr"], "host" in given) == ("10.0.0.1", False)


def test_several_hosts_may_leave_a_port_to_its_default() -> None:
    assert conninfo_of("postgresql://h1,h2:5433/db")["port"] == ",5433"


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("postgresql://h/db?sslmod=require", "sslmod"),
        ("postgresql://h:abc/db", "abc"),
        ("postgresql://u:p@ss@h/db", "%40"),
        ("postgresql://u:a#b@h/db", "%23"),
    ],
)
def test_a_url_libpq_cannot_use_is_refused_naming_the_part(url: str, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        parse(url)


def test_a_password_libpq_cannot_read_is_not_repeated_in_the_error() -> None:
    with pytest.raises(ValueError, match="percent-encoded") as refused:
        parse("postgresql://u:50%off@h/db")
    assert "50%off" not in str(refused.value)


def test_the_command_line_refuses_such_a_url_in_one_line() -> None:
    done = cli("postgresql://h/db?sslmod=require", "projects", "list")
    assert done.returncode == 1
    assert done.stderr.startswith("error: DATABASE_URL:")
    assert "Traceback" not in done.stderr


def application_names(url: str, pg_url: str) -> list[tuple[str]]:
    """The application names of the connections a service on url holds in
    pg_url's database once it has written and read."""
    services = build_services(url)
    try:
        owner = new_owner(services)  # events, the writer's gate and the read model
        assert names(services, owner.who)[:1] == ["Active"]
        with psycopg.connect(pg_url, autocommit=True) as probe:
            rows: list[tuple[str]] = probe.execute(
                "SELECT DISTINCT application_name FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (conninfo_to_dict(pg_url)["dbname"],),
            ).fetchall()
    finally:
        services.close()
    return rows


def test_every_connection_of_the_service_carries_the_urls_parameters(pg_url: str) -> None:
    joined = "&" if "?" in pg_url else "?"
    assert application_names(f"{pg_url}{joined}application_name=ledger-probe", pg_url) == [
        ("ledger-probe",)
    ]


def test_every_connection_follows_a_service_file(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = conninfo_to_dict(pg_url)
    lines = [f"{k}={v}" for k, v in given.items() if k in ("host", "port", "user", "dbname")]
    (tmp_path / "services.conf").write_text("\n".join(["[ledger]", *lines]) + "\n")
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "services.conf"))
    url = "postgresql:///?service=ledger&application_name=ledger-by-service"
    assert application_names(url, pg_url) == [("ledger-by-service",)]
