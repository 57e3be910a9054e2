"""The command line is unaffected by incidents: it runs on stores that hold them, and
its projects and keys work with the Incident API's use cases."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from application.errors import Unauthenticated
from application.services import Services
from infrastructure.wiring import build_services
from tests.integration.incident_support import file_incident, listed, open_filing, read
from tests.integration.support import new_owner
from tests.integration.test_cli import cli, ok_json


@pytest.fixture(scope="module")
def running(store_url: str) -> Iterator[Services]:
    """A service instance on the same store, as a running server would have."""
    services = build_services(store_url, shared=True)
    yield services
    services.close()


def test_projects_list_works_on_a_store_with_incidents(store_url: str, running: Services) -> None:
    owner = new_owner(running, "With incidents")
    file_incident(running, open_filing(running, owner.who))
    done = cli(store_url, "projects", "list", "--json")
    assert done.returncode == 0, done.stderr
    listed_ids = [json.loads(line)["projectId"] for line in done.stdout.splitlines()]
    assert owner.project_id in listed_ids


def test_a_cli_project_and_key_can_file_incidents(store_url: str, running: Services) -> None:
    project = ok_json(store_url, "projects", "create", "CLI incidents")
    key = ok_json(
        store_url, "keys", "create", "--project", project["projectId"], "--role", "member"
    )
    who = running.auth.authenticate(key["apiKey"])
    filing = open_filing(running, running.auth.authenticate(_owner_key(store_url, project)))
    incident = file_incident(running, filing)
    assert incident["project_id"] == project["projectId"]
    assert listed(running, who) == [incident["id"]]
    assert incident["status"] == "active"


def test_a_key_revoked_by_the_cli_can_no_longer_file(store_url: str, running: Services) -> None:
    project = ok_json(store_url, "projects", "create", "Revoked filer")
    secret = _owner_key(store_url, project)
    filing = open_filing(running, running.auth.authenticate(secret))
    key = ok_json(store_url, "keys", "create", "--project", project["projectId"], "--role", "owner")
    done = cli(store_url, "keys", "revoke", key["apiKeyId"])
    assert done.returncode == 0, done.stderr
    with pytest.raises(Unauthenticated):
        running.auth.authenticate(key["apiKey"])
    assert file_incident(running, filing)["project_id"] == project["projectId"]


def test_creating_projects_by_cli_leaves_incident_numbers_unique(
    store_url: str, running: Services
) -> None:
    filing = open_filing(running, new_owner(running).who)
    before = file_incident(running, filing)["id"]
    ok_json(store_url, "projects", "create", "Between")
    after = file_incident(running, filing)["id"]
    assert after > before
    assert read(running, filing, before)["id"] == before


def test_refused_cli_commands_still_exit_1_on_a_store_with_incidents(
    store_url: str, running: Services
) -> None:
    file_incident(running, open_filing(running, new_owner(running).who))
    done = cli(store_url, "keys", "revoke", "not-a-key")
    assert done.returncode == 1
    assert done.stderr.startswith("error:")


def _owner_key(store_url: str, project: dict[str, str]) -> str:
    key = ok_json(store_url, "keys", "create", "--project", project["projectId"], "--role", "owner")
    secret: str = key["apiKey"]
    return secret
