"""Errors the application raises besides the domain's own."""

from __future__ import annotations

from domain.errors import Conflict, DomainError


class Unauthenticated(DomainError):
    """No key, or an unknown or revoked one."""


class Forbidden(DomainError):
    """The key lacks the permission, or names another project."""


class InvalidRequest(DomainError):
    """A query, select, sort, paging value or payload the service cannot accept."""


class TooLarge(DomainError):
    """A request body past the size the service takes."""


class BodyTimedOut(DomainError):
    """A request body that did not arrive whole in the time the service waits for one."""


class UnsupportedEncoding(DomainError):
    """A request body in a content coding the service does not decode (gzip, br...)."""


class StoreUnavailable(DomainError):
    """The database did not answer."""


class ConcurrentWrite(Conflict):
    """Another writer changed the same aggregate; the client may retry."""
