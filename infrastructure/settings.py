"""DATABASE_URL -> the event store's environment and the read model's connection."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

DEFAULT_URL = "sqlite:///./incident-ledger.db"


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
    parts = urlsplit(url)
    dbname = unquote(parts.path.lstrip("/")) or "postgres"
    user = unquote(parts.username or "postgres")
    password = unquote(parts.password or "")
    host = parts.hostname or "127.0.0.1"
    port = str(parts.port or 5432)
    env = {
        **base,
        # The library's Postgres factory, with our event and snapshot recorders.
        "PERSISTENCE_MODULE": "infrastructure.event_recorder:LedgerFactory",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": host,
        "POSTGRES_PORT": port,
        "POSTGRES_USER": user,
        "POSTGRES_PASSWORD": password,
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": "7",
        "POSTGRES_CONNECT_TIMEOUT": "5",
        "POSTGRES_LOCK_TIMEOUT": "10",  # seconds (the library writes '{n}s')
        # No POSTGRES_PRE_PING: its round trip per checkout would run inside
        # the writer's critical section; the wiring gives the pool a check
        # without one (postgres_db.check_idle).
    }
    conninfo = f"dbname={dbname!r} user={user!r} password={password!r} host={host!r} port={port}"
    return StoreSettings(url, "postgres", env, conninfo)
