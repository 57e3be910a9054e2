"""The ApiKey aggregate and the grants a key may carry."""

from __future__ import annotations

import pytest

from domain.api_key import PERMISSIONS, ROLES, ApiKey, check_grants
from domain.errors import InvalidValue

PROJECT = "7d1c1a4e-2f3b-4c5d-8e9f-0a1b2c3d4e5f"


def test_a_key_with_a_known_role_is_issued() -> None:
    key = ApiKey.issue(PROJECT, "hash", "member", [], "cli")
    assert (key.project_id, key.key_hash, key.role, key.revoked) == (
        PROJECT,
        "hash",
        "member",
        False,
    )


def test_issuing_records_an_issued_event_with_the_actor() -> None:
    key = ApiKey.issue(PROJECT, "hash", "owner", [], "bootstrap")
    (issued,) = key.collect_events()
    assert type(issued).__qualname__ == "ApiKey.Issued"
    assert issued.actor == "bootstrap"  # type: ignore[attr-defined]
    assert issued.project_id == PROJECT  # type: ignore[attr-defined]


def test_the_issued_event_holds_the_hash_and_never_a_secret() -> None:
    key = ApiKey.issue(PROJECT, "digest-only", "owner", [], "cli")
    (issued,) = key.collect_events()
    assert issued.key_hash == "digest-only"  # type: ignore[attr-defined]


def test_a_key_with_only_permissions_is_issued() -> None:
    key = ApiKey.issue(PROJECT, "h", None, ["ReadIncidentState"], "cli")
    assert key.role is None
    assert key.permissions == ["ReadIncidentState"]


def test_permissions_are_stored_once_each_and_sorted() -> None:
    key = ApiKey.issue(
        PROJECT, "h", None, ["EditIncidentState", "CreateIncidentState", "EditIncidentState"], "c"
    )
    assert key.permissions == ["CreateIncidentState", "EditIncidentState"]


@pytest.mark.parametrize("role", ROLES)
def test_every_known_role_is_accepted(role: str) -> None:
    check_grants(role, [])
    assert ApiKey.issue(PROJECT, "h", role, [], "c").role == role


def test_every_known_permission_is_accepted() -> None:
    key = ApiKey.issue(PROJECT, "h", None, list(PERMISSIONS), "c")
    assert key.permissions == sorted(PERMISSIONS)


def test_an_unknown_role_is_invalid() -> None:
    with pytest.raises(InvalidValue) as caught:
        ApiKey.issue(PROJECT, "h", "superuser", [], "c")
    assert caught.value.field == "role"


def test_an_unknown_permission_is_invalid_and_named() -> None:
    with pytest.raises(InvalidValue) as caught:
        check_grants(None, ["ReadIncidentState", "DropTables"])
    assert caught.value.field == "permission"
    assert "DropTables" in str(caught.value)


def test_a_key_without_role_or_permissions_is_invalid() -> None:
    with pytest.raises(InvalidValue):
        check_grants(None, [])


def test_revoking_stops_the_key() -> None:
    key = ApiKey.issue(PROJECT, "h", "owner", [], "cli")
    key.collect_events()
    key.revoke("cli")
    assert key.revoked is True
    (revoked,) = key.collect_events()
    assert type(revoked).__qualname__ == "ApiKey.Revoked"
    assert revoked.actor == "cli"  # type: ignore[attr-defined]


def test_revoking_twice_records_one_event() -> None:
    key = ApiKey.issue(PROJECT, "h", "owner", [], "cli")
    key.collect_events()
    key.revoke("cli")
    key.revoke("cli")
    assert len(key.collect_events()) == 1
