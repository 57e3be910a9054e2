"""Tables of the read model, made from the resource definitions."""

from __future__ import annotations

import logging

from application.query import Kind, Resource
from application.resources import INCIDENT, INCIDENT_STATE, SCOPE, SERVICE
from infrastructure import key_changes
from infrastructure.databases import Cursor, Database
from infrastructure.sql_conditions import FOLD_DDL, ICU_FOLD_POSSIBLE, LOCALE_FOLD_DDL
from infrastructure.tally import TALLIES

log = logging.getLogger(__name__)
RESOURCES: tuple[Resource, ...] = (INCIDENT_STATE, INCIDENT, SCOPE, SERVICE)

FIXED_TABLES = (
    "CREATE TABLE IF NOT EXISTS projects (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "created_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS api_keys (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, "
    "key_hash TEXT NOT NULL UNIQUE, role TEXT, permissions TEXT NOT NULL, "
    "revoked {bool} NOT NULL, created_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS projection_tracking (name TEXT PRIMARY KEY, "
    "position BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS comments (id TEXT PRIMARY KEY, incident_id TEXT NOT NULL, "
    "comment_id BIGINT NOT NULL, comment TEXT NOT NULL, internal {bool} NOT NULL, "
    "created_at TEXT NOT NULL, author TEXT)",
    "CREATE INDEX IF NOT EXISTS comments_by_incident ON comments (incident_id, comment_id)",
)

# Extra indexes for the filters and lookups each resource serves, named by
# their columns. No index on the incident number alone: for "newest first
# with these filters" the planner would walk it backwards and skip every
# recent incident that does not match, thousands when they cluster.
INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "incidents": (
        # Shaped like the seed's list: equality filters, then newest (number) first.
        ("project_id", "number"),
        ("project_id", "status", "number"),
        ("project_id", "severity", "number"),
        ("project_id", "severity", "status", "number"),
        ("project_id", "scope_id", "number"),
        ("project_id", "service_id", "number"),
        ("project_id", "external_reference", "number"),
        ("project_id", "start_impact_date"),
        ("project_id", "current_state_id"),
        ("scope_id", "number"),  # public reads: incidents of public scopes
    ),
    "scopes": (("number",), ("public", "created_at")),
    "services": (("number",),),
    "incident_states": (),
}
# Earlier versions named indexes by position (incidents_ix1 was the number alone).
LEGACY_INDEXES = 11


def create_tables(db: Database) -> None:
    """Create every read-model table and index that is missing."""
    with db.writing() as cur:
        for statement in FIXED_TABLES:
            cur.execute(statement.format(bool=db.types["bool"]))
        for resource in RESOURCES:
            for statement in resource_ddl(db, resource):
                cur.execute(statement)
        for tally in TALLIES.values():
            tally.ensure(cur, db)
        if db.dialect == "postgres":
            for statement in key_changes.TRIGGER_DDL:
                cur.execute(statement)
            cur.execute(_fold_ddl(cur))


def _fold_ddl(cur: Cursor) -> str:
    """Search's ledger_fold on Postgres: in ICU's root locale when it can be."""
    cur.execute(ICU_FOLD_POSSIBLE)
    if cur.fetchone()[0]:
        return FOLD_DDL
    log.warning(
        "Search folds case as the database's locale does: "
        "the same fold as on SQLite needs a UTF8 database on a Postgres with ICU"
    )
    return LOCALE_FOLD_DDL


def resource_ddl(db: Database, resource: Resource) -> list[str]:
    """CREATE statements for a resource's table and its scoped indexes."""
    columns = ", ".join(
        f'"{f.column}" {db.types[f.kind.value]}' + (" PRIMARY KEY" if f.column == "id" else "")
        for f in resource.fields
        if f.kind is not Kind.RELATION
    )
    table = resource.table
    statements = [
        f"CREATE TABLE IF NOT EXISTS {table} ({columns})",
        f"CREATE INDEX IF NOT EXISTS {table}_by_created ON {table} (project_id, created_at, id)",
    ]
    statements += [f"DROP INDEX IF EXISTS {table}_ix{n}" for n in range(1, LEGACY_INDEXES + 1)]
    for columns_of_index in INDEXES.get(table, ()):
        name = f"{table}_by_{'_'.join(columns_of_index)}"
        quoted = ", ".join(f'"{c}"' for c in columns_of_index)
        statements.append(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({quoted})")
    return statements
