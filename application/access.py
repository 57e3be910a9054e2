"""Who may do what: API-key principals and the seed's permission table."""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import Forbidden, Unauthenticated
from application.ports import KeyHasher, KeyKeeper


@dataclass(frozen=True)
class Grant:
    """An action and the roles or permissions that allow it."""

    action: str
    roles: frozenset[str]
    permissions: frozenset[str]


def _grant(action: str, *permissions: str) -> Grant:
    return Grant(action, frozenset({"owner", "admin", "member"}), frozenset(permissions))


READ_INCIDENT_STATE = _grant("read incident states", "ReadIncidentState", "ReadAllProjectResources")
CREATE_INCIDENT_STATE = _grant("create incident states", "CreateIncidentState")
EDIT_INCIDENT_STATE = _grant("update incident states", "EditIncidentState")
DELETE_INCIDENT_STATE = _grant("delete incident states", "DeleteIncidentState")
READ_INCIDENT = _grant("read incidents", "ReadIncident", "ReadAllProjectResources")
CREATE_INCIDENT = _grant("create incidents", "CreateIncident")
EDIT_INCIDENT = _grant("update incidents", "EditIncident")
COMMENT_INCIDENT = _grant("comment on incidents", "CommentIncident")
DELETE_INCIDENT = _grant("delete incidents", "DeleteIncident")
READ_CATALOG = _grant("read scopes and services", "ReadCatalog", "ReadAllProjectResources")
MANAGE_CATALOG = Grant(
    "change scopes and services", frozenset({"owner", "admin"}), frozenset({"ManageCatalog"})
)


@dataclass(frozen=True)
class Principal:
    """The caller: an API key of one project."""

    key_id: str
    project_id: str
    role: str | None
    permissions: frozenset[str]

    def require(self, grant: Grant) -> None:
        """Raise Forbidden unless the key's role or permissions allow the action."""
        if self.role in grant.roles or self.permissions & grant.permissions:
            return
        needed = sorted(grant.permissions) + [r.title() for r in sorted(grant.roles)]
        raise Forbidden(
            f"this API key may not {grant.action}; it needs one of: {', '.join(needed)}"
        )


class Authenticator:
    """Turns a presented secret into a principal."""

    def __init__(self, keys: KeyKeeper, hasher: KeyHasher) -> None:
        self._keys = keys
        self._hasher = hasher

    def authenticate(self, secret: str | None) -> Principal:
        """The key's principal; unknown and revoked keys are refused alike."""
        if not secret:
            raise Unauthenticated(
                "missing API key: send it in the ApiKey header or as Authorization: Bearer <key>"
            )
        record = self._keys.find_key(self._hasher.hash(secret))
        if record is None:
            raise Unauthenticated("unknown or revoked API key")
        return Principal(
            record.key_id, record.project_id, record.role, frozenset(record.permissions)
        )
