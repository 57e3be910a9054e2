"""The SlugClaim aggregate: one holder per slug, across every project."""

from __future__ import annotations

import pytest

from domain.errors import Conflict
from domain.slug_claim import SlugClaim, SlugTaken


def new_claim(slug: str = "active", owner: str = "state-1") -> SlugClaim:
    """A claim held by owner, its Claimed event collected."""
    claim = SlugClaim(slug=slug, owner_id=owner)
    claim.collect_events()
    return claim


def test_the_claim_id_comes_from_the_slug_alone() -> None:
    assert SlugClaim.create_id("active") == SlugClaim.create_id("active")
    assert SlugClaim(slug="active", owner_id="x").id == SlugClaim.create_id("active")


def test_different_slugs_have_different_claim_ids() -> None:
    assert SlugClaim.create_id("active") != SlugClaim.create_id("active-2")


def test_a_new_claim_is_held_by_its_owner() -> None:
    claim = SlugClaim(slug="active", owner_id="state-1")
    assert (claim.slug, claim.owner_id) == ("active", "state-1")
    assert [type(e).__qualname__ for e in claim.collect_events()] == ["SlugClaim.Claimed"]


def test_another_owner_cannot_take_a_held_slug() -> None:
    claim = new_claim()
    with pytest.raises(SlugTaken):
        claim.claim("state-2")
    assert claim.owner_id == "state-1"


def test_slug_taken_is_a_domain_conflict() -> None:
    assert issubclass(SlugTaken, Conflict)


def test_the_holder_claiming_again_records_nothing() -> None:
    claim = new_claim()
    claim.claim("state-1")
    assert claim.collect_events() == []


def test_releasing_frees_the_slug() -> None:
    claim = new_claim()
    claim.release()
    assert claim.owner_id is None
    assert [type(e).__qualname__ for e in claim.collect_events()] == ["SlugClaim.Released"]


def test_releasing_a_free_slug_records_nothing() -> None:
    claim = new_claim()
    claim.release()
    claim.collect_events()
    claim.release()
    assert claim.collect_events() == []


def test_a_released_slug_can_be_claimed_by_another_owner() -> None:
    claim = new_claim()
    claim.release()
    claim.claim("state-2")
    assert claim.owner_id == "state-2"
    assert [type(e).__qualname__ for e in claim.collect_events()] == [
        "SlugClaim.Released",
        "SlugClaim.Reclaimed",
    ]


def test_a_free_slug_is_free_for_anyone() -> None:
    claim = new_claim()
    claim.release()
    claim.check_free_for("state-9")
    assert claim.owner_id is None


def test_a_held_slug_is_free_only_for_its_holder() -> None:
    claim = new_claim()
    claim.check_free_for("state-1")
    with pytest.raises(SlugTaken):
        claim.check_free_for("state-2")
