"""An incident's timeline folded from its events: one period per stay in a state."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from application.timeline import Period, timeline
from domain.incident_rules import Ladder, StateRef
from tests.builders import new_incident

ACTIVE = StateRef("s1", "active", 1)
INVESTIGATING = StateRef("s2", "investigating", 2, "investigation_date")
STABLE = StateRef("s3", "stable", 3, "stable_date")
RESOLVED = StateRef("s4", "resolved", 4, "resolve_date")
LADDER = Ladder((ACTIVE, INVESTIGATING, STABLE, RESOLVED), "s1")


def t(hour: int, minute: int = 0) -> str:
    """A business date in the stored form."""
    return f"2026-01-01T{hour:02d}:{minute:02d}:00.000000Z"


class Story:
    """An incident run through its commands, keeping every event it records."""

    def __init__(self, impact: str = t(10)) -> None:
        self.incident = new_incident(state_id=ACTIVE.state_id, start_impact_date=impact)
        self.events: list[Any] = self.incident.collect_events()

    def revise(self, **values: Any) -> Story:
        """Change fields, as an update does before its transition."""
        self.incident.revise(values, "k")
        return self._collect()

    def enter(self, to: StateRef, at: str, cleared: tuple[str, ...] = ()) -> Story:
        """An update into a state giving its date: the date, then the transition dated by it."""
        if to.date_field:
            self.revise(**{to.date_field: at})
        return self.move(to, at, cleared)

    def move(self, to: StateRef, occurred_at: str, cleared: tuple[str, ...] = ()) -> Story:
        """Transition at a business time."""
        self.incident.transition(to, occurred_at, list(cleared), "k")
        return self._collect()

    def periods(self, ladder: Ladder = LADDER) -> tuple[Period, ...]:
        """The timeline of every event so far, with the project's states as in ladder."""
        return timeline(self.events, {s.state_id: s.status for s in ladder.states})

    def _collect(self) -> Story:
        self.events.extend(self.incident.collect_events())
        return self


def test_a_new_incident_has_one_open_period_from_the_impact() -> None:
    assert Story().periods() == (Period("active", t(10), None, None),)


def test_a_transition_ends_the_period_at_its_business_time() -> None:
    story = Story().enter(INVESTIGATING, t(11))
    assert story.periods() == (
        Period("active", t(10), t(11), 3600.0),
        Period("investigating", t(11), None, None),
    )


def test_the_current_period_has_no_end_and_no_duration() -> None:
    story = Story().move(RESOLVED, t(12))
    last = story.periods()[-1]
    assert (last.status, last.ended_at, last.duration_seconds) == ("resolved", None, None)


def test_the_whole_lifecycle_gives_four_periods_end_to_start() -> None:
    story = Story().enter(INVESTIGATING, t(11)).enter(STABLE, t(12, 30)).enter(RESOLVED, t(14))
    periods = story.periods()
    assert [p.status for p in periods] == ["active", "investigating", "stable", "resolved"]
    assert [p.duration_seconds for p in periods] == [3600.0, 5400.0, 5400.0, None]
    for before, after in pairwise(periods):
        assert before.ended_at == after.started_at


def test_skipping_states_gives_no_period_for_the_skipped_ones() -> None:
    story = Story().enter(RESOLVED, t(13))
    assert [p.status for p in story.periods()] == ["active", "resolved"]


def test_reopening_adds_a_new_period_of_the_earlier_state() -> None:
    story = (
        Story()
        .enter(INVESTIGATING, t(11))
        .enter(RESOLVED, t(12))
        .move(INVESTIGATING, t(13), ("resolve_date",))
    )
    periods = story.periods()
    assert [p.status for p in periods] == ["active", "investigating", "resolved", "investigating"]
    assert periods[2] == Period("resolved", t(12), t(13), 3600.0)
    assert periods[3] == Period("investigating", t(13), None, None)


def test_a_reopen_dated_before_the_resolution_starts_when_the_resolution_did() -> None:
    story = Story().enter(RESOLVED, t(15)).move(INVESTIGATING, t(11), ("resolve_date",))
    assert story.periods() == (
        Period("active", t(10), t(15), 18000.0),
        Period("resolved", t(15), t(15), 0.0),
        Period("investigating", t(15), None, None),
    )


def test_reentering_a_state_with_a_new_date_keeps_the_first_stay_in_it() -> None:
    story = (
        Story()
        .enter(INVESTIGATING, t(11))
        .enter(STABLE, t(12))
        .enter(RESOLVED, t(13))
        .enter(INVESTIGATING, t(16), ("stable_date", "resolve_date"))
    )
    assert [(p.status, p.started_at, p.ended_at) for p in story.periods()] == [
        ("active", t(10), t(11)),
        ("investigating", t(11), t(12)),
        ("stable", t(12), t(13)),
        ("resolved", t(13), t(16)),
        ("investigating", t(16), None),
    ]


def test_no_period_ends_before_it_starts_and_every_transition_keeps_its_row() -> None:
    story = (
        Story()
        .enter(RESOLVED, t(15))
        .enter(INVESTIGATING, t(11), ("resolve_date",))
        .enter(STABLE, t(16))
        .move(ACTIVE, t(10, 20), ("investigation_date", "stable_date"))
    )
    periods = story.periods()
    statuses = ["active", "resolved", "investigating", "stable", "active"]
    assert [p.status for p in periods] == statuses
    assert all(p.duration_seconds is None or p.duration_seconds >= 0 for p in periods)
    for before, after in pairwise(periods):
        assert before.ended_at == after.started_at


def test_correcting_the_impact_in_the_created_state_moves_the_first_start() -> None:
    story = Story().revise(start_impact_date=t(9))
    assert story.periods() == (Period("active", t(9), None, None),)


def test_correcting_the_current_states_date_moves_its_start() -> None:
    story = Story().enter(INVESTIGATING, t(12)).revise(investigation_date=t(11))
    assert story.periods() == (
        Period("active", t(10), t(11), 3600.0),
        Period("investigating", t(11), None, None),
    )


def test_correcting_the_impact_after_moving_on_moves_the_first_start() -> None:
    story = Story().enter(INVESTIGATING, t(11)).revise(start_impact_date=t(9))
    assert story.periods()[0] == Period("active", t(9), t(11), 7200.0)


def test_correcting_another_field_moves_no_period() -> None:
    story = Story().enter(INVESTIGATING, t(11))
    before = story.periods()
    story.revise(name="Checkout slow", severity="low")
    assert story.periods() == before


def test_clearing_a_date_moves_no_period() -> None:
    story = Story().enter(RESOLVED, t(12))
    before = story.periods()
    story.revise(investigation_date=None)
    assert story.periods() == before


def test_comments_and_deletion_add_no_period() -> None:
    story = Story()
    story.incident.comment("looking", False, "k")
    story.incident.delete("k")
    story.events.extend(story.incident.collect_events())
    assert story.periods() == (Period("active", t(10), None, None),)


def test_durations_come_from_dates_with_seconds() -> None:
    story = Story(impact="2026-01-01T10:00:00.000000Z").move(
        RESOLVED, "2026-01-01T10:00:01.500000Z"
    )
    assert story.periods()[0].duration_seconds == 1.5


def test_a_period_spanning_days_counts_every_second() -> None:
    story = Story().move(RESOLVED, "2026-01-03T10:00:00.000000Z")
    assert story.periods()[0].duration_seconds == 2 * 86_400.0


def stabilised() -> Story:
    """Active at 10:00, stable at 12:00."""
    return Story().enter(STABLE, t(12))


def test_a_renamed_states_periods_carry_its_name_as_now() -> None:
    renamed = Ladder((ACTIVE, StateRef("s3", "mitigated", 3, "stable_date")), "s1")
    assert [p.status for p in stabilised().periods(renamed)] == ["active", "mitigated"]


def test_a_deleted_states_periods_keep_its_name_as_entered() -> None:
    without_stable = Ladder((ACTIVE, INVESTIGATING, RESOLVED), "s1")
    assert [p.status for p in stabilised().periods(without_stable)] == ["active", "stable"]


def test_correcting_a_renamed_states_date_moves_its_start() -> None:
    renamed = Ladder((ACTIVE, StateRef("s3", "mitigated", 3, "stable_date")), "s1")
    story = stabilised().revise(stable_date=t(13))
    assert story.periods(renamed)[-1] == Period("mitigated", t(13), None, None)


def corrected_after_resolving() -> Story:
    """Stable at 12:00, resolved at 14:00, then the stable date corrected to 13:00."""
    story = stabilised().enter(RESOLVED, t(14))
    return story.revise(stable_date=t(13))


def test_a_deleted_states_corrected_date_still_moves_its_period() -> None:
    without_stable = Ladder((ACTIVE, INVESTIGATING, RESOLVED), "s1")
    assert corrected_after_resolving().periods(without_stable)[1] == Period(
        "stable", t(13), t(14), 3600.0
    )


def test_a_deleted_states_date_taken_by_a_new_state_still_corrects_the_old_period() -> None:
    new_stable = StateRef("s9", "stable", 5, "stable_date")
    ladder = Ladder((ACTIVE, INVESTIGATING, RESOLVED, new_stable), "s1")
    assert corrected_after_resolving().periods(ladder)[1].started_at == t(13)


def test_a_correction_moves_the_period_that_took_the_date_whatever_takes_it_now() -> None:
    custom_stable = StateRef("s9", "stable", 4, None)  # took no date when entered
    mitigated = StateRef("s3", "mitigated", 3, "stable_date")
    story = Story().move(custom_stable, t(11)).revise(stable_date=t(12)).move(mitigated, t(12))
    story.enter(RESOLVED, t(14)).revise(stable_date=t(13))
    # Mitigated deleted since: the catalog gave stable_date to the custom Stable.
    now = Ladder((ACTIVE, StateRef("s9", "stable", 4, "stable_date"), RESOLVED), "s1")
    periods = story.periods(now)
    assert [p.status for p in periods] == ["active", "stable", "mitigated", "resolved"]
    assert [p.started_at for p in periods] == [t(10), t(11), t(13), t(14)]
