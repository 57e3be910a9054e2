"""The Project aggregate and its name rule."""

from __future__ import annotations

import pytest

from domain.errors import InvalidValue
from domain.project import Project, check_project_name


def test_a_project_name_is_trimmed() -> None:
    assert Project.start("  Payments  ", "cli").name == "Payments"


def test_creating_a_project_records_a_created_event_with_the_actor() -> None:
    project = Project.start("Payments", "bootstrap")
    (created,) = project.collect_events()
    assert type(created).__qualname__ == "Project.Created"
    assert created.actor == "bootstrap"  # type: ignore[attr-defined]


def test_projects_get_distinct_ids() -> None:
    assert Project.start("A", "cli").id != Project.start("A", "cli").id


def test_a_blank_project_name_is_invalid() -> None:
    with pytest.raises(InvalidValue) as caught:
        check_project_name("   ")
    assert caught.value.field == "name"


def test_a_project_name_of_100_characters_is_accepted() -> None:
    assert check_project_name("p" * 100) == "p" * 100


def test_a_project_name_of_101_characters_is_invalid() -> None:
    with pytest.raises(InvalidValue):
        Project.start("p" * 101, "cli")


def test_the_created_event_records_the_trimmed_name() -> None:
    project = Project.start("  Payments  ", "cli")
    (created,) = project.collect_events()
    assert created.name == "Payments"  # type: ignore[attr-defined]
