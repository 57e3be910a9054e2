"""The ApiKey aggregate: a project's credential, stored only as a hash."""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidValue

ROLES = ("owner", "admin", "member")
PERMISSIONS = (
    "ReadIncidentState",
    "CreateIncidentState",
    "EditIncidentState",
    "DeleteIncidentState",
    "ReadAllProjectResources",
    "ReadIncident",
    "CreateIncident",
    "EditIncident",
    "CommentIncident",
    "DeleteIncident",
    "ReadCatalog",
    "ManageCatalog",
)


class ApiKey(Aggregate):
    """A key with a role and/or explicit permissions in one project."""

    @event("Issued")
    def __init__(
        self,
        project_id: str,
        key_hash: str,
        role: str | None,
        permissions: list[str],
        actor: str,
    ) -> None:
        self.project_id = project_id
        self.key_hash = key_hash
        self.role = role
        self.permissions = permissions
        self.revoked = False

    @classmethod
    def issue(
        cls, project_id: str, key_hash: str, role: str | None, permissions: list[str], actor: str
    ) -> ApiKey:
        """Issue a key after checking its role and permissions."""
        check_grants(role, permissions)
        return cls(project_id, key_hash, role, sorted(set(permissions)), actor)

    def revoke(self, actor: str) -> None:
        """Stop the key working; revoking twice records nothing more."""
        if not self.revoked:
            self._revoked(actor=actor)

    @event("Revoked")
    def _revoked(self, actor: str) -> None:
        self.revoked = True


def check_grants(role: str | None, permissions: list[str]) -> None:
    """A key needs a known role or at least one known permission."""
    if role is not None and role not in ROLES:
        raise InvalidValue("role", f"must be one of {', '.join(ROLES)}")
    unknown = sorted(set(permissions) - set(PERMISSIONS))
    if unknown:
        raise InvalidValue("permission", f"unknown: {', '.join(unknown)}")
    if role is None and not permissions:
        raise InvalidValue("role", "give a role or at least one permission")
