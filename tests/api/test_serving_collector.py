"""A serving process tunes Python's collector once started; other apps leave it alone."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.collector import SERVING_GC_THRESHOLDS


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector's settings put back after the test."""
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_a_serving_app_raises_the_thresholds_and_freezes_the_startup_objects(
    collector: None, tmp_path: Path
) -> None:
    app = create_app(f"sqlite:///{tmp_path}/serving.db", serving=True)
    with TestClient(app):
        assert gc.get_threshold() == SERVING_GC_THRESHOLDS
        assert gc.get_freeze_count() > 0


def test_an_app_that_is_not_serving_leaves_the_collector_as_it_was(
    collector: None, tmp_path: Path
) -> None:
    before = gc.get_threshold()
    with TestClient(create_app(f"sqlite:///{tmp_path}/plain.db")):
        assert gc.get_threshold() == before
