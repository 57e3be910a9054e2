"""Integer ids from the database: a SEQUENCE on Postgres, a counter row on SQLite.

Numbers are taken before the save that records them; a failed save leaves a
gap, never a duplicate.
"""

from __future__ import annotations

import re
import threading

from infrastructure.databases import Database
from infrastructure.postgres_db import PostgresDatabase

_NAME = re.compile(r"[a-z_]+")


BLOCK = 50


class SqlSequences:
    """The NumberSequence port.

    A single process takes numbers in blocks (one round trip per 50) and hands
    them out in order, so they still increase. With several processes, blocks
    would interleave, so each number is taken alone (block=1).
    """

    def __init__(self, db: Database, *, block: int = BLOCK) -> None:
        self._db = db
        self._postgres = isinstance(db, PostgresDatabase)
        self._block = block
        self._reserved: dict[str, list[int]] = {}
        self._lock = threading.Lock()

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
        with self._lock:
            reserved = self._reserved.setdefault(name, [])
            if not reserved:
                reserved.extend(self._take(name))
            return reserved.pop(0)

    def _take(self, name: str) -> list[int]:
        if self._postgres:
            with self._db.reading() as cur:
                cur.execute(
                    f"SELECT nextval('{_checked(name)}_numbers') FROM generate_series(1, %s)",
                    (self._block,),
                )
                return sorted(int(row[0]) for row in cur.fetchall())
        with self._db.writing() as cur:
            cur.execute(
                "UPDATE sequences SET value = value + ? WHERE name = ? RETURNING value",
                (self._block, name),
            )
            last = int(cur.fetchone()[0])
            return list(range(last - self._block + 1, last + 1))


def _checked(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"bad sequence name {name!r}")
    return name
