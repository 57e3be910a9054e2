"""Running counts of a table's rows per group of its filter columns.

The seed's incident list answers with X-Total, the number of every matching
incident, and COUNT(*) reads each match: a tenth of a 100,000-incident store for
one severity, on every page. The database therefore keeps a count per (project,
state, status, severity, scope, service) itself, by triggers on the incidents
table, in the same transaction as every change of a row; a count whose
conditions name only those columns sums a few group rows instead. Incident
states are counted per project, for the get-list without a query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from application.query import Condition, Resource
from application.resources import INCIDENT, INCIDENT_STATE
from infrastructure.databases import Cursor, Database


@dataclass(frozen=True)
class Tally:
    """Counts of `table`'s rows per distinct value of the `key` columns."""

    resource: Resource
    counts: str
    key: tuple[str, ...]

    @property
    def table(self) -> str:
        """The counted table."""
        return self.resource.table

    @property
    def marker(self) -> str:
        """Its projection_tracking row: these counts, with this key, are built."""
        return f"tally:{self.counts}:{','.join(self.key)}"

    def covers(self, conditions: Sequence[Condition], audience: str | None) -> bool:
        """Whether the groups answer a count with these conditions and audience exactly."""
        # The audience is the column choosing the rows a reader may see.
        columns = [c.column for c in conditions] + ([audience] if audience else [])
        return all(column in self.key for column in columns)

    def ensure(self, cur: Cursor, db: Database) -> None:
        """Build the counts and their triggers unless this store has them, with this key."""
        cur.execute(f"SELECT 1 FROM projection_tracking WHERE name = {db.mark}", (self.marker,))
        if cur.fetchone() is not None and _table_exists(cur, db, self.counts):
            return
        for statement in _DROP_TRIGGERS[db.dialect](self):
            cur.execute(statement)
        cur.execute(f"DROP TABLE IF EXISTS {self.counts}")
        cur.execute(self._table_ddl(db))
        for statement in _TRIGGERS[db.dialect](self):
            cur.execute(statement)
        cur.execute(
            f"INSERT INTO {self.counts} ({_names(self.key)}, n) "
            f"SELECT {_names(self.key)}, COUNT(*) FROM {self.table} GROUP BY {_names(self.key)}"
        )
        cur.execute(  # this tally's markers of other keys (and of the first, keyless one)
            f"DELETE FROM projection_tracking WHERE name = {db.mark} OR name LIKE {db.mark}",
            (f"tally:{self.counts}", f"tally:{self.counts}:%"),
        )
        cur.execute(
            f"INSERT INTO projection_tracking (name, position) VALUES ({db.mark}, 0)",
            (self.marker,),
        )

    def _table_ddl(self, db: Database) -> str:
        columns = ", ".join(
            f'"{c}" {db.types[self.resource.by_column(c).kind.value]} NOT NULL' for c in self.key
        )
        return (
            f"CREATE TABLE {self.counts} ({columns}, n BIGINT NOT NULL, "
            f"PRIMARY KEY ({_names(self.key)}))"
        )

    def leave_sql(self, row: str) -> str:
        """The statement taking row (OLD) out of its group."""
        match = " AND ".join(f'"{c}" = {row}."{c}"' for c in self.key)
        return f"UPDATE {self.counts} SET n = n - 1 WHERE {match}"

    def join_sql(self, row: str) -> str:
        """The statement adding row (NEW) to its group, creating the group if new."""
        values = ", ".join(f'{row}."{c}"' for c in self.key)
        return (
            f"INSERT INTO {self.counts} ({_names(self.key)}, n) VALUES ({values}, 1) "
            f"ON CONFLICT ({_names(self.key)}) DO UPDATE SET n = {self.counts}.n + 1"
        )

    @property
    def trigger(self) -> str:
        """The name its triggers (and the Postgres function) start with."""
        return f"{self.counts}_follow"


def _table_exists(cur: Cursor, db: Database, table: str) -> bool:
    if db.dialect == "postgres":
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", (table,))
    else:
        cur.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        )
    return bool(cur.fetchone()[0])


def _postgres_triggers(tally: Tally) -> list[str]:
    name = tally.trigger
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {tally.leave_sql('OLD')}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN {tally.join_sql('NEW')}; END IF; "
        "RETURN NULL; END $$ LANGUAGE plpgsql",
        f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {_names(tally.key)} "
        f"ON {tally.table} FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def _sqlite_triggers(tally: Tally) -> list[str]:
    name, on = tally.trigger, tally.table
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {on} BEGIN {tally.join_sql('NEW')}; END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {on} BEGIN {tally.leave_sql('OLD')}; END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {_names(tally.key)} ON {on} "
        f"BEGIN {tally.leave_sql('OLD')}; {tally.join_sql('NEW')}; END",
    ]


def _drop_postgres_triggers(tally: Tally) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {tally.trigger} ON {tally.table}"]


def _drop_sqlite_triggers(tally: Tally) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {tally.trigger}_{op}" for op in ("insert", "delete", "update")]


_TRIGGERS = {"postgres": _postgres_triggers, "sqlite": _sqlite_triggers}
_DROP_TRIGGERS = {"postgres": _drop_postgres_triggers, "sqlite": _drop_sqlite_triggers}


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


# A state's id decides an incident's status (its name), so counting by both
# adds no groups; a rename moves each incident of the state to its new group.
TALLIES = {
    "incident_states": Tally(INCIDENT_STATE, "incident_state_counts", ("project_id",)),
    "incidents": Tally(
        INCIDENT,
        "incident_counts",
        ("project_id", "current_state_id", "status", "severity", "scope_id", "service_id"),
    ),
}
