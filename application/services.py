"""The service objects the interfaces (HTTP, command line) call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from application.access import Authenticator
from application.catalog import CatalogItems
from application.incident_states import IncidentStates
from application.incidents import Incidents
from application.ports import Background, Dispatch
from application.projects import Projects


@dataclass(frozen=True)
class Services:
    """Everything an interface needs, built once by the wiring."""

    auth: Authenticator
    projects: Projects
    incident_states: IncidentStates
    incidents: Incidents
    scopes: CatalogItems
    services: CatalogItems
    # Where the interfaces' calls run (a thread pool, or the event loop itself).
    dispatch: Dispatch
    close: Callable[[], None]
    # What runs beside the requests on the server's loop (e.g. following key changes).
    background: tuple[Background, ...] = ()
