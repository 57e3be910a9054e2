"""The listable resources and their fields, as the seed names them."""

from __future__ import annotations

from application.query import Field, Kind, Resource

INCIDENT_STATE = Resource(
    name="incident-state",
    table="incident_states",
    fields=(
        Field("_id", "id", Kind.ID),
        Field("createdAt", "created_at", Kind.INSTANT),
        Field("updatedAt", "updated_at", Kind.INSTANT),
        Field("projectId", "project_id", Kind.ID),
        Field("project", "project", Kind.RELATION),
        Field("name", "name", Kind.TEXT),
        Field("slug", "slug", Kind.TEXT),
        Field("description", "description", Kind.TEXT),
        Field("createdByUserId", "created_by_user_id", Kind.ID),
        Field("createdByUser", "created_by_user", Kind.JSON),
        Field("color", "color", Kind.TEXT),
        Field("isCreatedState", "is_created_state", Kind.BOOL),
        Field("isAcknowledgedState", "is_acknowledged_state", Kind.BOOL),
        Field("isResolvedState", "is_resolved_state", Kind.BOOL),
        Field("order", "order_no", Kind.INT),
    ),
)

# Domain attribute -> client field name, for history and error messages.
STATE_FIELD_NAMES = {
    "project_id": "projectId",
    "name": "name",
    "slug": "slug",
    "description": "description",
    "created_by_user_id": "createdByUserId",
    "created_by_user": "createdByUser",
    "color": "color",
    "is_created_state": "isCreatedState",
    "is_acknowledged_state": "isAcknowledgedState",
    "is_resolved_state": "isResolvedState",
    "order": "order",
}
