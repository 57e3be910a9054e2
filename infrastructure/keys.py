"""API key secrets: random, shown once, stored as a SHA-256 digest.

The secrets carry 256 random bits, so a fast digest is safe; a slow password
hash would only slow every request down.
"""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "il_"


class Sha256KeyHasher:
    """Makes secrets and their stored digests."""

    def new_secret(self) -> str:
        """A fresh secret with 256 bits of randomness."""
        return PREFIX + secrets.token_urlsafe(32)

    def hash(self, secret: str) -> str:
        """The hex SHA-256 digest of the secret."""
        return hashlib.sha256(secret.encode()).hexdigest()
