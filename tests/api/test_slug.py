"""Slugs: generated from the name, globally unique with -2, -3..., client slugs checked."""

from __future__ import annotations

import json
import re
from uuid import uuid4

import pytest

from tests.api.helpers import create, delete, error, get, try_create, try_update, update
from tests.conftest import Api, Tenant, make_tenant

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def token() -> str:
    """A lowercase alphanumeric word no other test uses."""
    return uuid4().hex[:10]


def test_slug_is_generated_from_the_name(api: Api, tenant: Tenant) -> None:
    word = token()
    assert (
        create(api, tenant.headers, name=f"Needs Review {word}")["slug"] == f"needs-review-{word}"
    )


def test_generated_slug_joins_non_alphanumeric_runs_with_one_dash(api: Api, tenant: Tenant) -> None:
    word = token()
    created = create(api, tenant.headers, name=f"Fix -- In / Prod!! {word}")
    assert created["slug"] == f"fix-in-prod-{word}"


def test_generated_slug_has_no_leading_or_trailing_dash(api: Api, tenant: Tenant) -> None:
    word = token()
    assert create(api, tenant.headers, name=f"**{word} done!**")["slug"] == f"{word}-done"


def test_generated_slug_is_lowercase(api: Api, tenant: Tenant) -> None:
    word = token()
    assert create(api, tenant.headers, name=f"LOUD {word.upper()}")["slug"] == f"loud-{word}"


def test_generated_slug_is_at_most_100_characters(api: Api, tenant: Tenant) -> None:
    name = (token() + " ") * 9 + "x" * 12
    slug = create(api, tenant.headers, name=name[:100])["slug"]
    assert len(slug) <= 100
    assert SLUG.match(slug)


def test_numbered_slug_of_a_100_character_name_stays_within_100(api: Api, tenant: Tenant) -> None:
    name = token().ljust(100, "w")
    first = create(api, tenant.headers, name=name)["slug"]
    second = create(api, make_tenant(api.services).headers, name=name)["slug"]
    assert first == name
    assert len(second) <= 100
    assert second.endswith("-2")
    assert second != first


def test_generated_slugs_always_have_the_slug_shape(api: Api, tenant: Tenant) -> None:
    for name in (f"Ünïcode {token()}", f"tab\there {token()}", f"a_b.c {token()}"):
        assert SLUG.match(create(api, tenant.headers, name=name)["slug"]), name


def test_taken_slug_gets_numbered_suffixes(api: Api, tenant: Tenant) -> None:
    word = token()
    slugs = [
        create(api, tenant.headers, name=name)["slug"]
        for name in (f"Deploy {word}", f"deploy-{word}", f"Deploy  {word}!")
    ]
    assert slugs == [f"deploy-{word}", f"deploy-{word}-2", f"deploy-{word}-3"]


def test_slugs_are_unique_across_projects(api: Api, tenant: Tenant) -> None:
    name = f"Shared {token()}"
    first = create(api, tenant.headers, name=name)["slug"]
    second = create(api, make_tenant(api.services).headers, name=name)["slug"]
    assert second == f"{first}-2"


def test_default_states_of_new_projects_get_distinct_slugs(api: Api) -> None:
    projects = [make_tenant(api.services) for _ in range(3)]
    slugs = [create_slug for p in projects for create_slug in _slugs(api, p)]
    assert len(slugs) == len(set(slugs)) == 12


def _slugs(api: Api, tenant: Tenant) -> list[str]:
    body = {"select": {"slug": True}}
    response = api.client.post("/api/incident-state/get-list", json=body, headers=tenant.headers)
    return [item["slug"] for item in response.json()["data"]]


def test_suffix_skips_a_number_a_client_slug_holds(api: Api, tenant: Tenant) -> None:
    word = token()
    create(api, tenant.headers, slug=f"skip-{word}-2")
    create(api, tenant.headers, name=f"Skip {word}")
    assert create(api, tenant.headers, name=f"skip {word}!")["slug"] == f"skip-{word}-3"


def test_valid_free_client_slug_is_used(api: Api, tenant: Tenant) -> None:
    slug = f"my-own-{token()}"
    created = create(api, tenant.headers, slug=slug)
    assert created["slug"] == slug
    assert get(api, tenant.headers, created["_id"])["slug"] == slug


@pytest.mark.parametrize(
    "slug",
    ["Upper", "a--b", "-a", "a-", "a b", "a_b", "", "é", "a.b", "x" * 101],
)
def test_client_slug_without_the_slug_shape_is_rejected(
    api: Api, tenant: Tenant, slug: str
) -> None:
    response = try_create(api, tenant.headers, name=token(), color="#123", slug=slug)
    assert "slug" in error(response, 400)


@pytest.mark.parametrize("field", ["slug", "name"])
def test_a_lone_surrogate_in_a_slug_or_name_is_a_400(api: Api, tenant: Tenant, field: str) -> None:
    data = {"name": token(), "color": "#123", field: "a\ud800"}
    body = json.dumps({"data": data})  # escaped: httpx cannot encode a lone surrogate
    headers = {**tenant.headers, "Content-Type": "application/json"}
    response = api.client.post("/api/incident-state", content=body, headers=headers)
    assert field in error(response, 400)


def test_client_slug_of_100_characters_is_accepted(api: Api, tenant: Tenant) -> None:
    slug = token().ljust(100, "z")
    assert create(api, tenant.headers, slug=slug)["slug"] == slug


def test_client_slug_taken_in_the_project_is_a_conflict(api: Api, tenant: Tenant) -> None:
    taken = create(api, tenant.headers)["slug"]
    assert "slug" in error(
        try_create(api, tenant.headers, name=token(), color="#123", slug=taken), 409
    )


def test_client_slug_taken_in_another_project_is_a_conflict(api: Api, tenant: Tenant) -> None:
    taken = create(api, make_tenant(api.services).headers)["slug"]
    error(try_create(api, tenant.headers, name=token(), color="#123", slug=taken), 409)


def test_renaming_keeps_the_slug(api: Api, tenant: Tenant) -> None:
    created = create(api, tenant.headers)
    update(api, tenant.headers, created["_id"], name=f"Renamed {token()}")
    assert get(api, tenant.headers, created["_id"])["slug"] == created["slug"]


def test_slug_can_be_changed_to_a_free_one(api: Api, tenant: Tenant) -> None:
    created = create(api, tenant.headers)
    slug = f"changed-{token()}"
    update(api, tenant.headers, created["_id"], slug=slug)
    assert get(api, tenant.headers, created["_id"])["slug"] == slug


def test_slug_can_be_set_to_its_current_value(api: Api, tenant: Tenant) -> None:
    created = create(api, tenant.headers)
    update(api, tenant.headers, created["_id"], slug=created["slug"])
    assert get(api, tenant.headers, created["_id"])["slug"] == created["slug"]


def test_changing_to_a_taken_slug_is_a_conflict(api: Api, tenant: Tenant) -> None:
    taken = create(api, tenant.headers)["slug"]
    state = create(api, tenant.headers)
    error(try_update(api, tenant.headers, state["_id"], slug=taken), 409)
    assert get(api, tenant.headers, state["_id"])["slug"] == state["slug"]


def test_changing_to_a_malformed_slug_is_rejected(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    error(try_update(api, tenant.headers, state["_id"], slug="Not A Slug"), 400)


def test_slug_given_up_by_a_change_can_be_taken(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    update(api, tenant.headers, state["_id"], slug=f"next-{token()}")
    assert create(api, tenant.headers, slug=state["slug"])["slug"] == state["slug"]


def test_slug_of_a_deleted_state_can_be_taken(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    assert delete(api, tenant.headers, state["_id"]).status_code == 200
    other = make_tenant(api.services)
    assert create(api, other.headers, slug=state["slug"])["slug"] == state["slug"]
