"""DATABASE_URL -> the event store's environment and the read model's connection."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

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
    given = _given(url)
    params = {**TCP_DEFAULTS, **_defaults(given), **given}
    if not all(p.strip().isdigit() for p in params.get("port", "").split(",") if p.strip()):
        raise ValueError(f"DATABASE_URL: port {params['port']!r} is not a number")
    conninfo = make_conninfo("", **params)
    env = {
        **base,
        # The library's Postgres factory, with our event and snapshot recorders.
        "PERSISTENCE_MODULE": "infrastructure.event_recorder:LedgerFactory",
        # The library insists on these five, but connects with CONNINFO_KEY alone.
        **{f"POSTGRES_{k.upper()}": params.get(k, "") for k in _LIBRARY_KEYS},
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


_LIBRARY_KEYS = ("dbname", "host", "port", "user", "password")


def _given(url: str) -> dict[str, str]:
    """The URL as libpq reads it (query parameters too: sslmode, application_name...)."""
    parts = urlsplit(url)
    if parts.netloc.count("@") > 1:
        raise ValueError("DATABASE_URL: percent-encode an @ in the user or password (%40)")
    if parts.fragment:
        raise ValueError("DATABASE_URL: a #fragment means nothing here; percent-encode # (%23)")
    try:
        return {k: str(v) for k, v in conninfo_to_dict(url).items()}
    except ProgrammingError as error:
        message = str(error).strip()
        if parts.password:  # libpq quotes the token it could not read
            message = message.replace(parts.password, "***")
        raise ValueError(f"DATABASE_URL: {message}") from None


def _defaults(given: dict[str, str]) -> dict[str, str]:
    """The README's defaults for what the URL leaves out; none when a service file
    gives them, and no host beside a hostaddr (TLS would check that name)."""
    if "service" in given:
        return {}
    if "hostaddr" in given:
        return {k: v for k, v in PG_DEFAULTS.items() if k != "host"}
    return PG_DEFAULTS
