"""The SlugClaim aggregate: makes an incident state's slug globally unique."""

from __future__ import annotations

from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import Conflict

ID_CACHE = 4_096


class SlugClaim(Aggregate):
    """Who holds a slug. Its id comes from the slug, so two claims collide on save."""

    @staticmethod
    @lru_cache(maxsize=ID_CACHE)  # uuid5 costs 7 us; commands derive these ids again and again
    def create_id(slug: str) -> UUID:
        """The claim's id, derived from the slug alone."""
        return uuid5(NAMESPACE_URL, f"/incident-state-slugs/{slug}")

    @event("Claimed")
    def __init__(self, slug: str, owner_id: str) -> None:
        self.slug = slug
        self.owner_id: str | None = owner_id

    def claim(self, owner_id: str) -> None:
        """Take a released slug."""
        self.check_free_for(owner_id)
        if self.owner_id != owner_id:
            self._reclaimed(owner_id=owner_id)

    def release(self) -> None:
        """Give the slug up, e.g. when its state is renamed or deleted."""
        if self.owner_id is not None:
            self._released()

    def check_free_for(self, owner_id: str) -> None:
        """A slug held by another owner cannot be taken."""
        if self.owner_id not in (None, owner_id):
            raise SlugTaken(f"slug: {self.slug!r} is taken")

    @event("Reclaimed")
    def _reclaimed(self, owner_id: str) -> None:
        self.owner_id = owner_id

    @event("Released")
    def _released(self) -> None:
        self.owner_id = None


class SlugTaken(Conflict):
    """Another incident state holds the slug."""
