"""Commands on incident states, run by the writer inside one batch scope.

Each command loads what it needs, asks the project's StateCatalog for the side
effects on the other states, and stages every changed aggregate, so that the
change and its consequences are saved in one atomic write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import CanMutateAggregate

from application.jobs import Hint
from application.ports import ReadModel
from application.scope import Scope
from domain.errors import Conflict, InvalidValue, NotFound
from domain.incident_state import IncidentState, IncidentStateNotFound
from domain.slug_claim import SlugClaim
from domain.state_catalog import FLAGS, Effects, StateCatalog
from domain.state_rules import (
    check_color,
    check_created_by_user,
    check_description,
    check_name,
    check_order,
    check_slug,
    numbered_slug,
    slugify,
)

MAX_SLUG_TRIES = 10_000


def create_state(
    scope: Scope, project_id: str, values: Mapping[str, Any], actor: str
) -> CanMutateAggregate[UUID]:
    """Create a state in the project; return its Created event."""
    checked = check_values(values, creating=True)
    catalog = load_catalog(scope, project_id)
    state_id = uuid4()
    effects = catalog.admit(
        str(state_id), checked["name"], checked.get("order"), _flags(checked), actor
    )
    slug = checked.get("slug") or free_slug(scope, slugify(checked["name"]))
    claim_slug(scope, slug, str(state_id))
    state = IncidentState(
        id=state_id,
        project_id=project_id,
        actor=actor,
        name=checked["name"],
        slug=slug,
        description=checked.get("description"),
        color=checked["color"],
        created_by_user_id=checked.get("created_by_user_id"),
        created_by_user=checked.get("created_by_user"),
        **{flag: checked.get(flag, False) for flag in FLAGS},
        order=effects.order,
    )
    scope.add(state)
    apply_effects(scope, effects, str(state_id), actor)
    # Events are immutable: the caller's thread may read this one after the save.
    return state.pending_events[0]


def create_hints(values: Mapping[str, Any]) -> list[Hint]:
    """The slug claim create_state() will look for first (best effort: the values are
    not checked yet, and a bad one gives no hint; the command refuses it)."""
    slug, name = values.get("slug"), values.get("name")
    if isinstance(slug, str):
        try:
            slug = check_slug(slug)
        except InvalidValue:
            return []
    else:
        slug = slugify(name.strip()) if isinstance(name, str) else None
    return [(SlugClaim.create_id(slug), SlugClaim)] if slug else []


def update_state(
    scope: Scope, project_id: str, state_id: UUID, values: Mapping[str, Any], actor: str
) -> None:
    """Change some fields of a state, moving orders and flags of others as needed."""
    state = load_state(scope, project_id, state_id)
    checked = check_values(values, creating=False)
    catalog = load_catalog(scope, project_id)
    effects = catalog.amend(
        str(state_id), checked.get("name"), checked.get("order"), _flags(checked), actor
    )
    if "slug" in checked and checked["slug"] != state.slug:
        claim_slug(scope, checked["slug"], str(state_id))
        release_slug(scope, state.slug)
    state.revise({**checked, "order": effects.order}, actor)
    apply_effects(scope, effects, str(state_id), actor)


def delete_state(
    scope: Scope, reads: ReadModel, project_id: str, state_id: UUID, actor: str
) -> None:
    """Delete a state unless it holds the created or resolved flag or a live incident
    is in it (run exclusive, so the read model holds every earlier write)."""
    state = load_state(scope, project_id, state_id)
    if reads.in_use("incidents", "current_state_id", str(state_id)):
        raise StateInUse(f"incident state {state_id} is the status of a live incident")
    load_catalog(scope, project_id).remove(str(state_id), actor)
    release_slug(scope, state.slug)
    state.delete(actor)


def check_values(values: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check each given value against the state's rules; trims the name."""
    checked = _as_created(values) if creating else dict(values)
    if checked.get("description") is not None:
        checked["description"] = check_description(checked["description"])
    if checked.get("created_by_user") is not None:
        checked["created_by_user"] = check_created_by_user(checked["created_by_user"])
    for field, check in (("name", check_name), ("color", check_color), ("order", check_order)):
        if field in checked:
            if checked[field] is None:
                raise InvalidValue(field, "must not be null")
            checked[field] = check(checked[field])
    if checked.get("slug") is not None:
        checked["slug"] = check_slug(checked["slug"])
    elif "slug" in checked:
        raise InvalidValue("slug", "must not be null")
    for flag in FLAGS:
        if flag in checked and checked[flag] is None:
            checked[flag] = False
    return checked


def _as_created(values: Mapping[str, Any]) -> dict[str, Any]:
    """A create's values: name and colour required; a null slug or order left out,
    so it gets its default (a typed client sends every optional field, null when unset)."""
    given = {k: v for k, v in values.items() if not (k in ("slug", "order") and v is None)}
    for required in ("name", "color"):
        if given.get(required) is None:
            raise InvalidValue(required, "is required")
    return given


def load_state(scope: Scope, project_id: str, state_id: UUID) -> IncidentState:
    """The live state with this id in the project, else not found."""
    state = scope.find(state_id, IncidentState)
    if state is None or state.deleted or state.project_id != project_id:
        raise IncidentStateNotFound(str(state_id))
    return state


def load_catalog(scope: Scope, project_id: str) -> StateCatalog:
    """The project's catalog; a project without one does not exist."""
    catalog = scope.find(StateCatalog.create_id(project_id), StateCatalog)
    if catalog is None:
        raise NotFound(f"project {project_id} not found")
    return catalog


def free_slug(scope: Scope, base: str) -> str:
    """The first of base, base-2, base-3... that no live state holds."""
    for number in range(1, MAX_SLUG_TRIES):
        candidate = numbered_slug(base, number)
        claim = scope.find(SlugClaim.create_id(candidate), SlugClaim)
        if claim is None or claim.owner_id is None:
            return candidate
    raise InvalidValue("slug", "no free slug near this name; give one")


def claim_slug(scope: Scope, slug: str, owner_id: str) -> None:
    """Take the slug for the owner, or raise SlugTaken."""
    claim = scope.find(SlugClaim.create_id(slug), SlugClaim)
    if claim is None:
        scope.add(SlugClaim(slug=slug, owner_id=owner_id))
    else:
        claim.claim(owner_id)


def release_slug(scope: Scope, slug: str) -> None:
    """Free a slug for other states."""
    claim = scope.find(SlugClaim.create_id(slug), SlugClaim)
    if claim is not None:
        claim.release()


def apply_effects(scope: Scope, effects: Effects, cause_id: str, actor: str) -> None:
    """Shift the orders and clear the flags the catalog moved off other states."""
    for other_id in set(effects.shifts) | set(effects.flag_losses):
        other = scope.find(UUID(other_id), IncidentState)
        if other is None:  # the catalog only lists live states of this project
            raise NotFound(f"incident state {other_id} not found")
        if other_id in effects.flag_losses:
            other.lose_flags(effects.flag_losses[other_id], actor, caused_by=cause_id)
        if other_id in effects.shifts:
            other.move(effects.shifts[other_id], actor, caused_by=cause_id)


def _flags(checked: Mapping[str, Any]) -> dict[str, bool]:
    return {flag: bool(checked[flag]) for flag in FLAGS if flag in checked}


class StateInUse(Conflict):
    """A live incident is in this state."""
