"""Integer ids from the database: a SEQUENCE on Postgres, a counter row on SQLite.

Numbers are taken before the save that records them; a failed save leaves a
gap, never a duplicate.
"""

from __future__ import annotations

import re

from infrastructure.databases import Database, PostgresDatabase

_NAME = re.compile(r"[a-z_]+")


class SqlSequences:
    """The NumberSequence port."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._postgres = isinstance(db, PostgresDatabase)

    def create(self, names: tuple[str, ...]) -> None:
        """Make the named sequences if missing."""
        with self._db.writing() as cur:
            for name in names:
                if self._postgres:
                    cur.execute(f"CREATE SEQUENCE IF NOT EXISTS {_checked(name)}_numbers")
                else:
                    cur.execute(
                        "CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, "
                        "value INTEGER NOT NULL)"
                    )
                    cur.execute(
                        "INSERT INTO sequences (name, value) VALUES (?, 0) "
                        "ON CONFLICT (name) DO NOTHING",
                        (name,),
                    )

    def next_number(self, name: str) -> int:
        """The next number of the sequence."""
        if self._postgres:
            with self._db.reading() as cur:
                cur.execute(f"SELECT nextval('{_checked(name)}_numbers')")
                return int(cur.fetchone()[0])
        with self._db.writing() as cur:
            cur.execute(
                "UPDATE sequences SET value = value + 1 WHERE name = ? RETURNING value", (name,)
            )
            return int(cur.fetchone()[0])


def _checked(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"bad sequence name {name!r}")
    return name
