"""Use cases of projects and API keys (the command line's and the bootstrap's)."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from uuid import UUID

from application import state_commands
from application.ports import KeyHasher, ProjectRecord, ReadModel
from application.scope import Scope
from application.writer import Writer
from domain.api_key import ApiKey, check_grants
from domain.errors import NotFound
from domain.project import Project, check_project_name
from domain.state_catalog import StateCatalog

DEFAULT_STATES = (
    {
        "name": "Active",
        "color": "#e74c3c",
        "description": "The incident is open and has not been acknowledged yet.",
        "is_created_state": True,
    },
    {
        "name": "Investigating",
        "color": "#f39c12",
        "description": "The incident has been acknowledged and is being investigated.",
        "is_acknowledged_state": True,
    },
    {
        "name": "Stable",
        "color": "#3498db",
        "description": "The impact is contained; the incident is being monitored.",
    },
    {
        "name": "Resolved",
        "color": "#2ecc71",
        "description": "The incident is over.",
        "is_resolved_state": True,
    },
)


@dataclass(frozen=True)
class IssuedKey:
    """A new key: the secret is shown once and never stored."""

    api_key: str
    api_key_id: str
    project_id: str


class Projects:
    """Create projects with their default states; issue and revoke keys."""

    def __init__(self, writer: Writer, reads: ReadModel, hasher: KeyHasher) -> None:
        self._writer = writer
        self._reads = reads
        self._hasher = hasher

    def create(self, name: str, actor: str = "cli") -> ProjectRecord:
        """Create a project and its four default incident states atomically."""
        check_project_name(name)
        project_id: str = self._writer.run(lambda s: _create_project(s, name, actor))
        return next(p for p in self._reads.projects() if p.project_id == project_id)

    def list(self) -> builtins.list[ProjectRecord]:
        """Every project, oldest first."""
        return self._reads.projects()

    def issue_key(
        self,
        project_id: str,
        role: str | None,
        permissions: builtins.list[str],
        actor: str = "cli",
    ) -> IssuedKey:
        """Issue a key for a project; only its hash is stored."""
        check_grants(role, permissions)
        secret = self._hasher.new_secret()
        digest = self._hasher.hash(secret)
        key_id = self._writer.run(
            lambda s: _issue_key(s, project_id, digest, role, permissions, actor)
        )
        return IssuedKey(api_key=secret, api_key_id=key_id, project_id=project_id)

    def revoke_key(self, key_id: str, actor: str = "cli") -> None:
        """Stop a key working at once."""
        self._writer.run(lambda s: _revoke_key(s, key_id, actor))

    def bootstrap(self) -> IssuedKey | None:
        """On an empty store, create project "Default" and an owner key."""
        if self._reads.projects():
            return None
        project = self.create("Default", actor="bootstrap")
        return self.issue_key(project.project_id, "owner", [], actor="bootstrap")


def _create_project(scope: Scope, name: str, actor: str) -> str:
    project = Project.start(name, actor)
    project_id = str(project.id)
    scope.add(project, StateCatalog(project_id=project_id, actor=actor))
    for values in DEFAULT_STATES:
        state_commands.create_state(scope, project_id, values, actor)
    return project_id


def _issue_key(
    scope: Scope, project_id: str, digest: str, role: str | None, permissions: list[str], actor: str
) -> str:
    if scope.find(_uuid(project_id, "project"), Project) is None:
        raise NotFound(f"project {project_id} not found")
    key = ApiKey.issue(project_id, digest, role, permissions, actor)
    scope.add(key)
    return str(key.id)


def _revoke_key(scope: Scope, key_id: str, actor: str) -> None:
    key = scope.find(_uuid(key_id, "API key"), ApiKey)
    if key is None:
        raise NotFound(f"API key {key_id} not found")
    key.revoke(actor)


def _uuid(value: str, what: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise NotFound(f"{what} {value} not found") from None
