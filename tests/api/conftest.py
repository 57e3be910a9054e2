"""Fixtures of the Incident API tests: a tenant with a scope and a service."""

from __future__ import annotations

import pytest

from tests.api.incident_helpers import Desk, open_desk
from tests.conftest import Api, Tenant


@pytest.fixture
def desk(api: Api, tenant: Tenant) -> Desk:
    """A fresh project with a private scope and a service, on the module's store."""
    return open_desk(api, tenant)


@pytest.fixture
def public_desk(api: Api, tenant: Tenant) -> Desk:
    """A fresh project with a public scope and a service, on the module's store."""
    return open_desk(api, tenant, public=True)
