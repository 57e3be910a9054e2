"""Running counts of a table's rows per group of its filter columns.

The seed's incident list answers with X-Total, the number of every matching
incident, and COUNT(*) reads each match: a tenth of a 100,000-incident store for
one severity, on every page. The database therefore keeps a count per (project,
state, severity, scope, service) itself, by triggers on the incidents table,
in the same transaction as every change of a row; a count whose conditions
name only those columns sums a few group rows instead. Incident states are
counted per project, for the get-list without a query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from application.query import Condition, Resource
from application.resources import INCIDENT, INCIDENT_STATE
from infrastructure.databases import Cursor, Database

BUILT = "tally:{counts}"  # its projection_tracking row: the counts exist and are current


@dataclass(frozen=True)
class Tally:
    """Counts of `table`'s rows per distinct `key`; `derived` columns follow the key."""

    resource: Resource
    counts: str
    key: tuple[str, ...]
    derived: tuple[str, ...]

    @property
    def table(self) -> str:
        """The counted table."""
        return self.resource.table

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column a group row holds besides its count."""
        return (*self.key, *self.derived)

    def covers(self, conditions: Sequence[Condition]) -> bool:
        """Whether the groups answer a count with these conditions exactly."""
        return all(c.column in self.columns for c in conditions)

    def ensure(self, cur: Cursor, db: Database) -> None:
        """Create the counts and their triggers; count every row the first time."""
        cur.execute(self._table_ddl(db))
        for statement in _TRIGGERS[db.dialect](self):
            cur.execute(statement)
        marker = BUILT.format(counts=self.counts)
        cur.execute(f"SELECT 1 FROM projection_tracking WHERE name = {db.mark}", (marker,))
        if cur.fetchone() is None:  # a new store, or one from before the counts
            self._rebuild(cur)
            cur.execute(
                f"INSERT INTO projection_tracking (name, position) VALUES ({db.mark}, 0)",
                (marker,),
            )

    def _table_ddl(self, db: Database) -> str:
        columns = ", ".join(
            f'"{c}" {db.types[self.resource.by_column(c).kind.value]} NOT NULL'
            for c in self.columns
        )
        return (
            f"CREATE TABLE IF NOT EXISTS {self.counts} ({columns}, n BIGINT NOT NULL, "
            f"PRIMARY KEY ({_names(self.key)}))"
        )

    def _rebuild(self, cur: Cursor) -> None:
        cur.execute(f"DELETE FROM {self.counts}")
        cur.execute(
            f"INSERT INTO {self.counts} ({_names(self.columns)}, n) "
            f"SELECT {_names(self.columns)}, COUNT(*) FROM {self.table} "
            f"GROUP BY {_names(self.columns)}"
        )

    def leave_sql(self, row: str) -> str:
        """The statement taking row (OLD) out of its group."""
        match = " AND ".join(f'"{c}" = {row}."{c}"' for c in self.key)
        return f"UPDATE {self.counts} SET n = n - 1 WHERE {match}"

    def join_sql(self, row: str) -> str:
        """The statement adding row (NEW) to its group, creating the group if new."""
        values = ", ".join(f'{row}."{c}"' for c in self.columns)
        follow = "".join(f', "{c}" = excluded."{c}"' for c in self.derived)
        return (
            f"INSERT INTO {self.counts} ({_names(self.columns)}, n) VALUES ({values}, 1) "
            f"ON CONFLICT ({_names(self.key)}) DO UPDATE SET n = {self.counts}.n + 1{follow}"
        )


def _postgres_triggers(tally: Tally) -> list[str]:
    function = f"{tally.counts}_follow"
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {tally.leave_sql('OLD')}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN {tally.join_sql('NEW')}; END IF; "
        "RETURN NULL; END $$ LANGUAGE plpgsql",
        f"CREATE OR REPLACE TRIGGER {function} AFTER INSERT OR DELETE OR UPDATE OF "
        f"{_names(tally.columns)} ON {tally.table} FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]


def _sqlite_triggers(tally: Tally) -> list[str]:
    name = f"{tally.counts}_follow"
    on = tally.table
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON {on} "
        f"BEGIN {tally.join_sql('NEW')}; END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON {on} "
        f"BEGIN {tally.leave_sql('OLD')}; END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE OF {_names(tally.columns)} "
        f"ON {on} BEGIN {tally.leave_sql('OLD')}; {tally.join_sql('NEW')}; END",
    ]


_TRIGGERS = {"postgres": _postgres_triggers, "sqlite": _sqlite_triggers}


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


# An incident's status is its state's name: the state id decides it, and a
# rename changes it for every incident (and group) in that state at once.
TALLIES = {
    "incident_states": Tally(INCIDENT_STATE, "incident_state_counts", ("project_id",), ()),
    "incidents": Tally(
        INCIDENT,
        "incident_counts",
        key=("project_id", "current_state_id", "severity", "scope_id", "service_id"),
        derived=("status",),
    ),
}
