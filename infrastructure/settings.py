"""DATABASE_URL -> the event store's environment and the read model's connection."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from psycopg import ProgrammingError
from psycopg.conninfo import conninfo_to_dict, make_conninfo

DEFAULT_URL = "sqlite:///./incident-ledger.db"
# What a postgresql:// URL may leave out, as the README documents it.
PG_DEFAULTS = {"host": "127.0.0.1", "port": "5432", "user": "postgres", "dbname": "postgres"}
# A connection to a server gone without a word (a failover, a cut link) would
# wait on the kernel's retransmissions, about 15 minutes on Linux, and an idle
# pooled connection checked without a round trip (check_idle) looks alive.
# Keepalives find a silent peer in about a minute, tcp_user_timeout unanswered
# sends in 30 s. A URL's own values win.
TCP_DEFAULTS = {
    "keepalives": "1",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
    "tcp_user_timeout": "30000",
}
# The whole conninfo, for the event store's pool (see event_recorder.LedgerFactory).
CONNINFO_KEY = "LEDGER_POSTGRES_CONNINFO"


@dataclass(frozen=True)
class StoreSettings:
    """Where events and read models live."""

    url: str
    kind: str  # "postgres", "sqlite" or "memory"
    event_store_env: dict[str, str] = field(default_factory=dict)
    conninfo: str = ""  # postgres: libpq conninfo; sqlite: file path


def database_url() -> str:
    """The configured DATABASE_URL, or the embedded default."""
    return os.environ.get("DATABASE_URL", "").strip() or DEFAULT_URL


def parse(url: str) -> StoreSettings:
    """Settings for a postgresql://, sqlite:/// or memory: URL."""
    # The writer keeps its own aggregate cache; the library's would copy on every get.
    base: dict[str, str] = {}
    if url.startswith(("postgresql://", "postgres://")):
        return _postgres(url, base)
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if not path:
            raise ValueError("DATABASE_URL: sqlite:/// needs a file path")
        env = {
            **base,
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "30",
        }
        return StoreSettings(url, "sqlite", env, path)
    if url in ("memory:", "memory://"):
        return StoreSettings(url, "memory", {**base, "PERSISTENCE_MODULE": "eventsourcing.popo"})
    raise ValueError("DATABASE_URL must start with postgresql://, sqlite:/// or be memory:")


def _postgres(url: str, base: dict[str, str]) -> StoreSettings:
    # libpq reads the URL, query parameters (sslmode, application_name...) too.
    try:
        given = {k: str(v) for k, v in conninfo_to_dict(url).items()}
    except ProgrammingError as error:
        raise ValueError(f"DATABASE_URL: {str(error).strip()}") from None
    params = {**PG_DEFAULTS, **TCP_DEFAULTS, **given}
    if not all(p.strip().isdigit() for p in params["port"].split(",")):
        raise ValueError(f"DATABASE_URL: port {params['port']!r} is not a number")
    conninfo = make_conninfo("", **params)
    env = {
        **base,
        # The library's Postgres factory, with our event and snapshot recorders.
        "PERSISTENCE_MODULE": "infrastructure.event_recorder:LedgerFactory",
        "POSTGRES_DBNAME": params["dbname"],
        "POSTGRES_HOST": params["host"],
        "POSTGRES_PORT": params["port"],
        "POSTGRES_USER": params["user"],
        "POSTGRES_PASSWORD": params.get("password", ""),
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": "7",
        "POSTGRES_CONNECT_TIMEOUT": "5",
        "POSTGRES_LOCK_TIMEOUT": "10",  # seconds (the library writes '{n}s')
        # No POSTGRES_PRE_PING: its round trip per checkout would run inside
        # the writer's critical section; the wiring gives the pool a check
        # without one (postgres_db.check_idle).
        CONNINFO_KEY: conninfo,
    }
    return StoreSettings(url, "postgres", env, conninfo)
