"""Running counts of a table's rows per group of its filter columns.

The seed's incident list answers with X-Total, the number of every matching
incident, and COUNT(*) reads each match: a tenth of a 100,000-incident store for
one severity, on every page. The projection therefore keeps, in the same
transaction as the rows, a count per (project, state, severity, scope, service);
a count whose conditions name only those columns sums a few group rows instead.
Incident states are counted per project, for the get-list without a query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from application.query import Condition, Resource
from application.resources import INCIDENT, INCIDENT_STATE
from infrastructure.databases import Cursor, Database

BUILT = "tally:{counts}"  # its projection_tracking row: the tally exists and is current


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

    def ddl(self, db: Database) -> str:
        """CREATE TABLE of the counts."""
        columns = ", ".join(
            f'"{c}" {db.types[self.resource.by_column(c).kind.value]} NOT NULL'
            for c in self.columns
        )
        return (
            f"CREATE TABLE IF NOT EXISTS {self.counts} ({columns}, n BIGINT NOT NULL, "
            f"PRIMARY KEY ({_names(self.key)}))"
        )

    def leave(self, cur: Cursor, mark: str, row_id: str) -> None:
        """Take the row out of its group's count (nothing if there is no such row)."""
        cur.execute(
            f"UPDATE {self.counts} SET n = n - 1 WHERE ({_names(self.key)}) = "
            f"(SELECT {_names(self.key)} FROM {self.table} WHERE id = {mark})",
            (row_id,),
        )

    def join(self, cur: Cursor, mark: str, row_id: str) -> None:
        """Add the row to its group's count (nothing if there is no such row)."""
        cur.execute(
            f"INSERT INTO {self.counts} ({_names(self.columns)}, n) "
            f"SELECT {_names(self.columns)}, 1 FROM {self.table} WHERE id = {mark} "
            f"ON CONFLICT ({_names(self.key)}) DO UPDATE SET n = {self.counts}.n + 1",
            (row_id,),
        )

    def follow(
        self, cur: Cursor, mark: str, column: str, value: Any, values: Mapping[str, Any]
    ) -> None:
        """Mirror an UPDATE of every row whose `column` is `value` on the groups."""
        if column in self.key and set(values) <= set(self.derived):
            sets = ", ".join(f'"{c}" = {mark}' for c in values)
            cur.execute(
                f'UPDATE {self.counts} SET {sets} WHERE "{column}" = {mark}',
                [*values.values(), value],
            )
        else:  # not a change the groups can follow row by row
            self.rebuild(cur)

    def ensure(self, cur: Cursor, db: Database) -> None:
        """Create the counts; count every row if this store has not been counted yet."""
        cur.execute(self.ddl(db))
        marker = BUILT.format(counts=self.counts)
        cur.execute(f"SELECT 1 FROM projection_tracking WHERE name = {db.mark}", (marker,))
        if cur.fetchone() is None:
            self.rebuild(cur)
            cur.execute(
                f"INSERT INTO projection_tracking (name, position) VALUES ({db.mark}, 0)",
                (marker,),
            )

    def rebuild(self, cur: Cursor) -> None:
        """Count every row again (a store that had no tally yet)."""
        cur.execute(f"DELETE FROM {self.counts}")
        cur.execute(
            f"INSERT INTO {self.counts} ({_names(self.columns)}, n) "
            f"SELECT {_names(self.columns)}, COUNT(*) FROM {self.table} "
            f"GROUP BY {_names(self.columns)}"
        )


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


# A project's states: the get-list of incident states counts them all on every page.
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
