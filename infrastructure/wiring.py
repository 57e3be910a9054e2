"""The composition root: the one place that picks adapters and builds the services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from application.access import Authenticator
from application.catalog import CatalogItems
from application.incident_states import IncidentStates
from application.incidents import Incidents
from application.key_cache import KeyCache
from application.ledger import Ledger
from application.projections import row_changes
from application.projects import Projects
from application.resources import SCOPE, SERVICE
from application.services import Services
from application.writer import Writer
from infrastructure import bridge
from infrastructure.databases import Database
from infrastructure.dispatch import BridgedDispatch, ThreadDispatch
from infrastructure.gates import SCHEMA_LOCK, FileGate, PostgresGate
from infrastructure.key_changes import PostgresKeyChanges
from infrastructure.keys import Sha256KeyHasher
from infrastructure.postgres_db import PostgresDatabase, check_idle
from infrastructure.projector import SqlProjector
from infrastructure.read_model import SqlReadModel
from infrastructure.schema import create_tables
from infrastructure.sequences import SqlSequences
from infrastructure.settings import StoreSettings, database_url, parse
from infrastructure.sqlite_db import SQLiteDatabase


def build_services(url: str | None = None, *, shared: bool = False) -> Services:
    """Open the store named by url (default: DATABASE_URL) and build the services.

    shared: other processes write to the same store (several workers), so
    writers take turns through a gate and catch up with the log on each turn.
    """
    settings = parse(url or database_url())
    # Both libraries' DDL (CREATE OR REPLACE FUNCTION, above all) fails with
    # "tuple concurrently updated" when workers starting together run it at once.
    # What is open is closed again if a later step fails (the store is down).
    with ExitStack() as opened, _preparing(settings):
        ledger = Ledger(env=settings.event_store_env)
        opened.callback(ledger.close)
        if settings.kind == "postgres":
            _check_idle_connections(ledger)
        db = _read_model_db(settings)
        opened.callback(db.close)
        create_tables(db)
        # With several workers on Postgres, the sequences ride the writers'
        # round trips: read as the gate is taken, moved in the save.
        numbers = SqlSequences(db, gated=shared, alongside=settings.kind == "postgres")
        numbers.create(("incident", "scope", "service"))
        changes = PostgresKeyChanges(settings.conninfo) if settings.kind == "postgres" else None
        moved = None if changes is None else changes.moved
        # The Postgres recorder writes each save's rows itself (event_recorder).
        alongside = settings.kind == "postgres"
        projector = SqlProjector(db, ledger, row_changes, moved, alongside=alongside)
        projector.catch_up()
        opened.pop_all()
    gate = _gate(settings, numbers) if shared else None
    writer = Writer(
        ledger,
        projector,
        shared=shared,
        gate=gate,
        participants=(numbers,),
        wait=bridge.wait_future,
    )
    reads = SqlReadModel(db)

    def close() -> None:
        writer.close()
        if gate is not None:
            gate.close()
        db.close()
        ledger.close()

    return Services(
        # SQLite's lookups stay in-process and cheap; Postgres keys are cached
        # while the listener follows their changes.
        auth=Authenticator(
            reads if changes is None else KeyCache(reads, changes), Sha256KeyHasher()
        ),
        projects=Projects(writer, reads, Sha256KeyHasher()),
        incident_states=IncidentStates(ledger, writer, reads),
        incidents=Incidents(ledger, writer, reads, numbers),
        scopes=CatalogItems(SCOPE, writer, reads, numbers),
        services=CatalogItems(SERVICE, writer, reads, numbers),
        dispatch=_dispatch(db),
        close=close,
        background=() if changes is None else (changes,),
    )


def _check_idle_connections(ledger: Ledger) -> None:
    """After a database restart a pooled connection is dead, and a batch saved
    on it would fail: the event store's pool checks each connection it hands
    out, as the library's POSTGRES_PRE_PING does but without its round trip.
    The library offers no hook for the check, so it is set on its pool."""
    pool = ledger.recorder.datastore.pool  # type: ignore[attr-defined]
    pool._check = check_idle


@contextmanager
def _preparing(settings: StoreSettings) -> Iterator[None]:
    """One process at a time creates or checks the schema.

    SQLite too: its busy timeout does not cover the library's switch of a new
    file to WAL mode, and processes opening a new store at once failed with
    "database is locked".
    """
    if settings.kind == "memory":
        yield
        return
    gate: PostgresGate | FileGate
    if settings.kind == "postgres":
        gate = PostgresGate(settings.conninfo, key=SCHEMA_LOCK)
    else:
        gate = FileGate(settings.conninfo + ".schema-lock")
    try:
        with gate.hold():
            yield
    finally:
        gate.close()


def _gate(settings: StoreSettings, numbers: SqlSequences) -> PostgresGate | FileGate | None:
    if settings.kind == "postgres":
        return PostgresGate(settings.conninfo, readers=(numbers,))
    if settings.kind == "sqlite":
        return FileGate(settings.conninfo + ".writer-lock")
    return None  # memory: one process by definition


def _dispatch(db: Database) -> BridgedDispatch | ThreadDispatch:
    # Only psycopg has an asyncio API; SQLite's calls stay on threads.
    if isinstance(db, PostgresDatabase):
        return BridgedDispatch(db)
    return ThreadDispatch(db.session)


def _read_model_db(settings: StoreSettings) -> Database:
    if settings.kind == "postgres":
        return PostgresDatabase(settings.conninfo)
    if settings.kind == "sqlite":
        return SQLiteDatabase(settings.conninfo)
    return SQLiteDatabase(":memory:")
