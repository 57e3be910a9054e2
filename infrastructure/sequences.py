"""Integer ids from the database: a SEQUENCE on Postgres, a counter row on SQLite.

Numbers are taken before the save that records them; a failed save leaves a
gap, never a duplicate (and an aggregate's id follows from its number, so a
duplicate could not be saved anyway).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from infrastructure.databases import Database
from infrastructure.postgres_db import PostgresDatabase

_NAME = re.compile(r"[a-z_]+")


BLOCK = 50


class SqlSequences:
    """The NumberSequence port, and a BatchParticipant of the writer.

    A single process takes numbers in blocks (one round trip per 50) and hands
    them out in order, so they still increase. With several processes
    (gated=True) blocks would interleave; but their writers take turns, one
    batch at a time, so a batch takes the sequence's next number once, counts
    on from it, and before its save moves the sequence past the last number it
    used: two round trips per batch instead of one per number.

    On Postgres with alongside=True, neither is a round trip of its own: the
    writer gate reads where each sequence stands in its lock's round trip (a
    TurnReader, see infrastructure.gates), and the move is handed to the save,
    which the event recorder writes in the events' own transaction. Nothing is
    reserved before the save, so every process taking numbers from these
    sequences must take them inside the gate (as every writer of a shared
    store does); a number taken outside is refused on save (an id follows
    from it) and the batch retried. A save that fails leaves the sequence
    where it was, and its numbers are handed out again; a rerun in the same
    turn (after a lost race) moves the sequence itself first, so a sequence
    found behind the stored numbers (a restored backup) moves on past them.
    """

    def __init__(
        self, db: Database, *, gated: bool = False, block: int = BLOCK, alongside: bool = False
    ) -> None:
        self._db = db
        self._postgres = isinstance(db, PostgresDatabase)
        self._block = 1 if gated else block
        self._gated = gated
        self._alongside = alongside and gated and self._postgres
        self._names: tuple[str, ...] = ()
        self._reserved: dict[str, list[int]] = {}
        # name: (the last number the store has accounted for, the last used)
        self._batch: dict[str, tuple[int, int]] = {}
        # name: the next free number, as the writer's turn began (alongside only;
        # empty outside a turn); and whether a batch of this turn settled already.
        self._turn: dict[str, int] = {}
        self._settled = False
        self._lock = threading.Lock()

    def create(self, names: tuple[str, ...]) -> None:
        """Make the named sequences if missing."""
        self._names = tuple(dict.fromkeys((*self._names, *names)))
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
            if self._gated:
                return self._next_in_batch(name)
            reserved = self._reserved.setdefault(name, [])
            if not reserved:
                reserved.extend(self._take(name))
            return reserved.pop(0)

    def begin_batch(self) -> None:
        """Forget the last batch's count: another process may have moved on since."""
        with self._lock:
            self._batch.clear()

    def settle_batch(self) -> list[Any]:
        """Move each sequence the batch counted on past its last number; with
        alongside, what the save is to write instead (a SequenceMoves)."""
        with self._lock:
            counted = {n: last for n, (covered, last) in self._batch.items() if last > covered}
            self._batch.clear()
            # A later batch of the same turn (a rerun) goes on after these,
            # saved or not: a number is never handed out twice in a turn.
            for name, last in counted.items():
                if name in self._turn:
                    self._turn[name] = last + 1
            rerun, self._settled = self._settled, True
        if self._alongside and not rerun:
            return [SequenceMoves(counted)] if counted else []
        # A rerun follows a save that failed, maybe on numbers stored already:
        # the move must hold whether or not this save succeeds.
        for name, last in counted.items():
            self._move_past(name, last)
        return []

    def turn_query(self) -> str | None:
        """Where each sequence stands (TurnReader of the writer gate; alongside only)."""
        if not self._alongside or not self._names:
            return None
        return " UNION ALL ".join(
            f"SELECT '{name}', last_value, is_called FROM {_checked(name)}_numbers"
            for name in self._names
        )

    def turn_rows(self, rows: list[tuple[Any, ...]]) -> None:
        """The next free number of each sequence, as the writer's turn begins."""
        with self._lock:
            self._turn = {
                str(name): int(last) + 1 if called else int(last) for name, last, called in rows
            }
            self._settled = False

    def turn_over(self) -> None:
        """The turn ended: what it read no longer holds (numbers come from nextval again)."""
        with self._lock:
            self._turn = {}
            self._settled = False

    def _next_in_batch(self, name: str) -> int:
        covered, last = self._batch.get(name, (0, 0))
        if not last:
            start = self._turn.get(name)
            if start is None:
                covered = last = self._take(name)[0]
            else:
                covered, last = start - 1, start
        else:
            last += 1
        self._batch[name] = (covered, last)
        return last

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

    def _move_past(self, name: str, last: int) -> None:
        # Not backwards past numbers taken meanwhile. (Without the gate, a
        # nextval between the read and the set could still be repeated; the
        # save refuses a repeated number, an id follows from it, and retries.)
        if self._postgres:
            seq = f"{_checked(name)}_numbers"
            with self._db.reading() as cur:
                cur.execute(f"SELECT setval('{seq}', greatest(%s, last_value)) FROM {seq}", (last,))
            return
        with self._db.writing() as cur:
            cur.execute("UPDATE sequences SET value = max(value, ?) WHERE name = ?", (last, name))


class SequenceMoves:
    """A batch's sequence moves, for the event recorder to write before its COMMIT
    (a RowsWriter of infrastructure.event_recorder)."""

    def __init__(self, moves: dict[str, int]) -> None:
        self.moves = dict(moves)

    def write(self, conn: Any, events_table: Any, count: int) -> None:
        """Queue a setval per sequence on conn, never moving one back."""
        for name, last in self.moves.items():
            seq = f"{_checked(name)}_numbers"
            conn.execute(f"SELECT setval('{seq}', greatest(%s, last_value)) FROM {seq}", (last,))


def _checked(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"bad sequence name {name!r}")
    return name
