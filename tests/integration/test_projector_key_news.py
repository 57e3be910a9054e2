"""The projector tells the key cache of key changes this process saved, even
when another process projected them first."""

from __future__ import annotations

from typing import Any

from application.ledger import Ledger
from application.projections import row_changes
from infrastructure.databases import Database
from infrastructure.postgres_db import PostgresDatabase
from infrastructure.projector import SqlProjector
from infrastructure.settings import parse
from infrastructure.sqlite_db import SQLiteDatabase
from tests.conftest import make_tenant
from tests.integration.support import opened


def key_events(ledger: Ledger) -> list[tuple[int, Any]]:
    """(notification id, event) of every API-key event in the log."""
    notes = ledger.recorder.select_notifications(start=1, limit=1000)
    events = [(n.id, ledger.mapper.to_domain_event(n)) for n in notes]
    return [(i, e) for i, e in events if type(e).__qualname__.startswith("ApiKey.")]


def read_model_db(url: str) -> Database:
    settings = parse(url)
    if settings.kind == "postgres":
        return PostgresDatabase(settings.conninfo)
    return SQLiteDatabase(settings.conninfo)


def test_key_events_projected_elsewhere_still_reach_this_process_key_cache(fresh_url: str) -> None:
    with opened(fresh_url) as services:  # the other process: saves and projects the key
        tenant = make_tenant(services)
        services.projects.revoke_key(tenant.owner.api_key_id)
    ledger, db = Ledger(env=parse(fresh_url).event_store_env), read_model_db(fresh_url)
    told: list[bool] = []
    try:
        projector = SqlProjector(db, ledger, row_changes, lambda: told.append(True))
        projector.catch_up(key_events(ledger))  # as if this process had saved them
    finally:
        db.close()
        ledger.close()
    assert told


def test_other_events_projected_elsewhere_say_nothing_of_keys(fresh_url: str) -> None:
    with opened(fresh_url) as services:
        make_tenant(services)
    ledger, db = Ledger(env=parse(fresh_url).event_store_env), read_model_db(fresh_url)
    told: list[bool] = []
    try:
        notes = ledger.recorder.select_notifications(start=1, limit=1000)
        others = [
            (n.id, e)
            for n in notes
            if not type(e := ledger.mapper.to_domain_event(n)).__qualname__.startswith("ApiKey.")
        ]
        SqlProjector(db, ledger, row_changes, lambda: told.append(True)).catch_up(others)
    finally:
        db.close()
        ledger.close()
    assert not told
