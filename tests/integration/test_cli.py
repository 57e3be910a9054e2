"""The command line, run as a subprocess with DATABASE_URL set, on both stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from application.errors import Unauthenticated
from application.services import Services
from infrastructure.wiring import build_services
from tests.integration.support import names

ROOT = Path(__file__).resolve().parents[2]


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m api.cli ARGS` against the store at url."""
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def ok_json(url: str, *args: str) -> Any:
    """Run a --json command that must succeed; return its parsed output."""
    done = cli(url, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def running(store_url: str) -> Iterator[Services]:
    """A service instance on the same store, as a running server would have."""
    services = build_services(store_url)
    yield services
    services.close()


def test_projects_create_prints_the_new_project_as_json(store_url: str) -> None:
    created = ok_json(store_url, "projects", "create", "From CLI")
    assert set(created) == {"projectId", "name"}
    assert created["name"] == "From CLI"


def test_projects_create_without_json_prints_a_sentence(store_url: str) -> None:
    done = cli(store_url, "projects", "create", "Plain")
    assert done.returncode == 0, done.stderr
    assert "Plain" in done.stdout


def test_projects_list_shows_created_projects_as_json_lines(store_url: str) -> None:
    created = ok_json(store_url, "projects", "create", "Listed")
    done = cli(store_url, "projects", "list", "--json")
    assert done.returncode == 0, done.stderr
    listed = [json.loads(line) for line in done.stdout.splitlines()]
    assert {"projectId": created["projectId"], "name": "Listed"} in [
        {k: p[k] for k in ("projectId", "name")} for p in listed
    ]


def test_keys_create_issues_a_working_owner_key(store_url: str, running: Services) -> None:
    project = ok_json(store_url, "projects", "create", "Keyed")
    key = ok_json(store_url, "keys", "create", "--project", project["projectId"], "--role", "owner")
    who = running.auth.authenticate(key["apiKey"])
    assert (who.key_id, who.project_id, who.role) == (
        key["apiKeyId"],
        project["projectId"],
        "owner",
    )


def test_project_made_by_the_cli_has_the_default_states(store_url: str, running: Services) -> None:
    project = ok_json(store_url, "projects", "create", "Defaults")
    key = ok_json(
        store_url, "keys", "create", "--project", project["projectId"], "--role", "member"
    )
    who = running.auth.authenticate(key["apiKey"])
    assert names(running, who) == ["Active", "Investigating", "Stable", "Resolved"]


def test_keys_create_with_permissions_issues_a_permission_only_key(
    store_url: str, running: Services
) -> None:
    project = ok_json(store_url, "projects", "create", "Perms")
    key = ok_json(
        store_url,
        "keys",
        "create",
        "--project",
        project["projectId"],
        "--permission",
        "ReadIncidentState",
        "--permission",
        "EditIncidentState",
    )
    who = running.auth.authenticate(key["apiKey"])
    assert who.role is None
    assert who.permissions == {"ReadIncidentState", "EditIncidentState"}


def test_keys_revoke_stops_the_key(store_url: str, running: Services) -> None:
    project = ok_json(store_url, "projects", "create", "Revoked")
    key = ok_json(store_url, "keys", "create", "--project", project["projectId"], "--role", "admin")
    running.auth.authenticate(key["apiKey"])
    done = cli(store_url, "keys", "revoke", key["apiKeyId"])
    assert done.returncode == 0, done.stderr
    with pytest.raises(Unauthenticated):
        running.auth.authenticate(key["apiKey"])


def test_a_project_made_in_process_is_listed_by_the_cli(store_url: str, running: Services) -> None:
    project = running.projects.create("In process")
    done = cli(store_url, "projects", "list", "--json")
    assert done.returncode == 0, done.stderr
    listed = [json.loads(line)["projectId"] for line in done.stdout.splitlines()]
    assert project.project_id in listed


@pytest.mark.parametrize(
    "args",
    [
        ("keys", "create", "--project", "00000000-0000-0000-0000-000000000000", "--role", "owner"),
        ("keys", "create", "--project", "not-an-id", "--role", "owner"),
        ("keys", "revoke", "not-a-key"),
        ("projects", "create", " "),
    ],
)
def test_refused_commands_exit_1_with_an_error_line(store_url: str, args: tuple[str, ...]) -> None:
    done = cli(store_url, *args)
    assert done.returncode == 1, done.stdout
    assert done.stderr.startswith("error:")
    assert "Traceback" not in done.stderr


def test_unknown_permission_is_refused(store_url: str) -> None:
    project = ok_json(store_url, "projects", "create", "Bad permission")
    done = cli(
        store_url, "keys", "create", "--project", project["projectId"], "--permission", "Nope"
    )
    assert done.returncode == 1
    assert "Nope" in done.stderr


def test_unknown_role_is_a_usage_error(store_url: str) -> None:
    done = cli(store_url, "keys", "create", "--project", "x", "--role", "root")
    assert done.returncode == 2
    assert "root" in done.stderr
