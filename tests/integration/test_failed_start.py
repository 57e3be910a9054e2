"""A start that fails halfway (e.g. the store goes away while it prepares)
closes what it had opened: no pool is left behind."""

from __future__ import annotations

from typing import Any

import pytest

from application.ledger import Ledger
from infrastructure import wiring
from infrastructure.databases import Database


def test_a_failed_start_closes_the_event_store_and_the_read_model(
    fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[str] = []
    open_db = wiring._read_model_db

    class NotedLedger(Ledger):
        def close(self) -> None:
            closed.append("event store")
            super().close()

    def noted_db(settings: Any) -> Database:
        db = open_db(settings)
        close = db.close
        monkeypatch.setattr(db, "close", lambda: (closed.append("read model"), close()))
        return db

    def failing_sequences(self: Any, names: tuple[str, ...]) -> None:
        raise RuntimeError("the store went away")

    monkeypatch.setattr(wiring, "Ledger", NotedLedger)
    monkeypatch.setattr(wiring, "_read_model_db", noted_db)
    monkeypatch.setattr(wiring.SqlSequences, "create", failing_sequences)
    with pytest.raises(RuntimeError, match="went away"):
        wiring.build_services(fresh_url)
    assert set(closed) == {"event store", "read model"}
