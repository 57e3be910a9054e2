"""Fixtures of the application tests: an owner principal, and a bare writer on a ledger."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.access import Principal
from application.ledger import Ledger
from application.services import Services
from application.writer import Writer
from tests.application.support import new_principal
from tests.application.writing import FakeProjector


@pytest.fixture
def who(memory_services: Services) -> Principal:
    """The owner key of a fresh project with the four default states."""
    return new_principal(memory_services)


@pytest.fixture
def ledger() -> Iterator[Ledger]:
    """An event store in memory, without a read model."""
    app = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


@pytest.fixture
def projector(ledger: Ledger) -> FakeProjector:
    """A projector that only notes what it was asked to catch up with."""
    return FakeProjector(ledger)


@pytest.fixture
def writer(ledger: Ledger, projector: FakeProjector) -> Iterator[Writer]:
    """A running writer on the ledger."""
    running = Writer(ledger, projector)
    yield running
    running.close()
