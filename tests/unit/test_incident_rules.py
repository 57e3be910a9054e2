"""Rules of an incident's status and business dates: the ladder of states,
severities, which dates may be given, which are needed, and their order."""

from __future__ import annotations

import pytest

from domain.errors import InvalidValue
from domain.incident_rules import (
    SEVERITIES,
    Ladder,
    StateRef,
    check_dates_allowed,
    check_dates_in_order,
    check_entry_date,
    check_severity,
    cleared_on_reopen,
)

ACTIVE = StateRef("s1", "active", 1)
INVESTIGATING = StateRef("s2", "investigating", 2, "investigation_date")
STABLE = StateRef("s3", "stable", 3, "stable_date")
RESOLVED = StateRef("s4", "resolved", 4, "resolve_date")
DEFAULTS = Ladder((ACTIVE, INVESTIGATING, STABLE, RESOLVED), "s1")
T1, T2, T3, T4 = (f"2026-01-01T1{h}:00:00.000000Z" for h in range(1, 5))
T0 = "2026-01-01T10:00:00.000000Z"


def field_of(error: pytest.ExceptionInfo[InvalidValue]) -> str:
    """The field an InvalidValue names."""
    return error.value.field


def test_the_ladder_finds_a_state_by_status() -> None:
    assert DEFAULTS.by_status("stable") is STABLE


def test_an_unknown_status_is_refused_listing_the_valid_ones() -> None:
    with pytest.raises(InvalidValue) as refused:
        DEFAULTS.by_status("closed")
    assert field_of(refused) == "status"
    assert "active, investigating, stable, resolved" in str(refused.value)


def test_the_ladder_finds_a_state_by_id() -> None:
    assert DEFAULTS.by_id("s3") is STABLE


def test_a_state_id_not_on_the_ladder_is_none() -> None:
    assert DEFAULTS.by_id("gone") is None


def test_the_created_state_is_the_one_the_ladder_names() -> None:
    assert DEFAULTS.created() is ACTIVE
    assert Ladder(DEFAULTS.states, "s2").created() is INVESTIGATING


def test_the_ladder_finds_the_state_that_takes_a_date() -> None:
    assert DEFAULTS.by_date("resolve_date") is RESOLVED


def test_a_date_no_state_takes_has_no_state() -> None:
    assert Ladder((ACTIVE, RESOLVED), "s1").by_date("stable_date") is None


MITIGATED = StateRef("s3", "mitigated", 3, "stable_date")  # Stable, renamed
RENAMED = Ladder((ACTIVE, INVESTIGATING, MITIGATED, RESOLVED), "s1")


def test_a_renamed_state_keeps_allowing_its_date_in_later_states() -> None:
    check_dates_allowed(RESOLVED, {"stable_date": T2, "resolve_date": T3}, RENAMED)


def test_a_renamed_state_still_needs_its_date_on_entry() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_entry_date(ACTIVE, MITIGATED, {})
    assert field_of(refused) == "stable_date"
    assert "entering mitigated" in str(refused.value)


def test_a_renamed_states_date_is_refused_before_it_naming_it_as_now() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_dates_allowed(INVESTIGATING, {"stable_date": T2}, RENAMED)
    assert "when the incident is mitigated or in a later state" in str(refused.value)


def test_reopening_before_a_renamed_state_clears_its_date() -> None:
    assert "stable_date" in cleared_on_reopen(ACTIVE, RENAMED)


@pytest.mark.parametrize("severity", ["critical", "high", "moderate", "low", "minor"])
def test_every_seed_severity_is_accepted(severity: str) -> None:
    assert check_severity(severity) == severity


def test_the_severities_are_the_five_of_the_seed_in_order() -> None:
    assert SEVERITIES == ("critical", "high", "moderate", "low", "minor")


@pytest.mark.parametrize("severity", ["urgent", "", None, 1, "HIGH"])
def test_other_severities_are_refused_naming_severity(severity: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_severity(severity)
    assert field_of(refused) == "severity"


def test_a_states_date_may_be_given_when_the_incident_ends_in_it() -> None:
    check_dates_allowed(INVESTIGATING, {"investigation_date": T1}, DEFAULTS)
    check_dates_allowed(STABLE, {"stable_date": T2}, DEFAULTS)
    check_dates_allowed(RESOLVED, {"resolve_date": T3}, DEFAULTS)


def test_earlier_states_dates_may_be_given_in_a_later_state() -> None:
    dates = {"investigation_date": T1, "stable_date": T2, "resolve_date": T3}
    check_dates_allowed(RESOLVED, dates, DEFAULTS)


@pytest.mark.parametrize(
    ("target", "field"),
    [
        (ACTIVE, "investigation_date"),
        (ACTIVE, "resolve_date"),
        (INVESTIGATING, "stable_date"),
        (STABLE, "resolve_date"),
    ],
)
def test_a_later_states_date_is_refused_naming_it(target: StateRef, field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_dates_allowed(target, {field: T1}, DEFAULTS)
    assert field_of(refused) == field


def test_an_empty_date_is_always_allowed() -> None:
    check_dates_allowed(ACTIVE, {"stable_date": None, "resolve_date": ""}, DEFAULTS)


def test_a_dated_states_date_is_refused_when_the_project_lacks_that_state() -> None:
    ladder = Ladder((ACTIVE, RESOLVED), "s1")
    with pytest.raises(InvalidValue) as refused:
        check_dates_allowed(RESOLVED, {"stable_date": T1}, ladder)
    assert field_of(refused) == "stable_date"


def test_a_custom_state_after_resolved_allows_every_date() -> None:
    monitoring = StateRef("s5", "monitoring", 5)
    ladder = Ladder((*DEFAULTS.states, monitoring), "s1")
    check_dates_allowed(monitoring, {"resolve_date": T3, "stable_date": T2}, ladder)


def test_a_custom_state_before_stable_refuses_the_stable_date() -> None:
    triage = StateRef("s5", "triage", 2)
    investigating = StateRef("s2", "investigating", 3, "investigation_date")
    ladder = Ladder((ACTIVE, triage, investigating, STABLE), "s1")
    with pytest.raises(InvalidValue) as refused:
        check_dates_allowed(triage, {"stable_date": T2}, ladder)
    assert field_of(refused) == "stable_date"


@pytest.mark.parametrize(
    ("target", "field"),
    [
        (INVESTIGATING, "investigation_date"),
        (STABLE, "stable_date"),
        (RESOLVED, "resolve_date"),
    ],
)
def test_entering_a_dated_state_without_its_date_is_refused(target: StateRef, field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_entry_date(ACTIVE, target, {})
    assert field_of(refused) == field
    assert "entering" in str(refused.value)


def test_entering_a_dated_state_with_its_date_is_accepted() -> None:
    check_entry_date(ACTIVE, STABLE, {"stable_date": T2})
    check_entry_date(None, RESOLVED, {"resolve_date": T3})


def test_entering_an_undated_state_needs_no_date() -> None:
    monitoring = StateRef("s5", "monitoring", 5)
    check_entry_date(RESOLVED, ACTIVE, {})
    check_entry_date(ACTIVE, monitoring, {})


def test_staying_in_a_dated_state_while_clearing_its_date_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_entry_date(STABLE, STABLE, {"stable_date": None})
    assert field_of(refused) == "stable_date"
    assert "being stable" in str(refused.value)


def test_dates_in_order_are_accepted() -> None:
    check_dates_in_order(
        {"start_impact_date": T0, "investigation_date": T1, "stable_date": T2, "resolve_date": T3}
    )


def test_equal_dates_are_in_order() -> None:
    check_dates_in_order(
        {"start_impact_date": T1, "investigation_date": T1, "stable_date": T1, "resolve_date": T1}
    )


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"start_impact_date": T2, "investigation_date": T1}, "investigation_date"),
        ({"investigation_date": T2, "stable_date": T1}, "stable_date"),
        ({"stable_date": T3, "resolve_date": T2}, "resolve_date"),
        ({"start_impact_date": T3, "resolve_date": T2}, "resolve_date"),
    ],
)
def test_a_date_before_an_earlier_states_date_is_refused_naming_it(
    dates: dict[str, str | None], field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_dates_in_order(dates)
    assert field_of(refused) == field


def test_missing_dates_are_skipped_when_checking_the_order() -> None:
    check_dates_in_order({"start_impact_date": T0, "investigation_date": None, "resolve_date": T4})
    with pytest.raises(InvalidValue):
        check_dates_in_order({"start_impact_date": T4, "stable_date": None, "resolve_date": T0})


def test_the_order_error_names_the_earlier_field() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_dates_in_order({"start_impact_date": T2, "stable_date": T1})
    assert "start_impact_date" in str(refused.value)


def test_reopening_to_the_created_state_clears_every_later_date() -> None:
    assert cleared_on_reopen(ACTIVE, DEFAULTS) == [
        "investigation_date",
        "stable_date",
        "resolve_date",
    ]


def test_reopening_to_investigating_keeps_its_own_date() -> None:
    assert cleared_on_reopen(INVESTIGATING, DEFAULTS) == ["stable_date", "resolve_date"]


def test_reopening_to_stable_clears_only_the_resolve_date() -> None:
    assert cleared_on_reopen(STABLE, DEFAULTS) == ["resolve_date"]


def test_a_custom_state_before_resolved_clears_only_the_resolve_date() -> None:
    monitoring = StateRef("s5", "monitoring", 4)
    ladder = Ladder(
        (ACTIVE, INVESTIGATING, STABLE, monitoring, StateRef("s4", "resolved", 5, "resolve_date")),
        "s1",
    )
    assert cleared_on_reopen(monitoring, ladder) == ["resolve_date"]
