"""The seed's create call works verbatim on every store."""

from __future__ import annotations

from tests.conftest import Api, Tenant


def test_create_accepts_the_seed_example_body(api: Api, tenant: Tenant) -> None:
    body = {
        "data": {
            "name": "Acknowledged",
            "projectId": tenant.project_id,
            "description": "The incident has been acknowledged by the on-call engineer",
            "color": "#3498db",
            "createdByUser": "Example created by user",
        }
    }
    response = api.client.post("/api/incident-state", json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Acknowledged"
    assert response.json()["createdByUser"] == "Example created by user"
