"""The foundation's generic read routes over incidents: /api/incident/..."""

from __future__ import annotations

from fastapi import APIRouter

from api.routers.generic import add_generic_reads
from application.access import READ_INCIDENT

router = APIRouter(prefix="/api/incident", tags=["Incident (generic)"])
add_generic_reads(router, lambda svc: svc.incidents.listing, READ_INCIDENT)
