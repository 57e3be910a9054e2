"""The HTTP scenarios, declared once and rendered for wrk (Lua) or Python.

Templates may hold three placeholders: `{sid}`, an id from the scenario's pool
of pre-created ids; `{uniq}`, unique per request in the run; `{transition}`,
the status part of an incident update, which alternates per visit to an id
(investigating, then back to active: a reopen, then investigating again...).
The pool's ids are dealt out to the load's lanes (wrk threads, or Python
connections) like cards, and each lane cycles through its own: two lanes never
change one record at once, so the updates measure throughput, not optimistic
concurrency conflicts between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"(\{sid\}|\{uniq\}|\{transition\})")
# The incidents the update and comment scenarios use are seeded with these values.
POOL_NAME = "bench pool incident"
POOL_SEVERITY = "moderate"
POOL_START = "2025-06-01T00:00"
FORWARD = '"status": "investigating", "investigation_date": "2025-06-01T00:10"'
BACK = '"status": "active"'
BASELINE = "baseline-insert"


@dataclass(frozen=True)
class Scenario:
    """One kind of request, repeated for the scenario's duration."""

    name: str
    method: str
    path: str
    body: str
    write: bool
    pool: str = "states"  # which of Target.ids {sid} comes from

    def render(
        self, ids: list[str], tag: str, lane: int, lanes: int, n: int
    ) -> tuple[str, str, str]:
        """Method, path and body of the lane's n-th request (lane in 0..lanes-1, n from 0)."""
        per = _per(ids, lanes)
        values = {
            "{sid}": pick(ids, lane, lanes, n),
            "{uniq}": f"{tag}-{lane}-{n}",
            "{transition}": FORWARD if (n // per) % 2 == 0 else BACK,
        }

        def fill(template: str) -> str:
            return _PLACEHOLDER.sub(lambda m: values[m.group(0)], template)

        return self.method, fill(self.path), fill(self.body)

    def lua_request(self) -> str:
        """A wrk `request()` building the same requests.

        Globals: ids, tag, lanes (wrk threads), id (this thread, 1-based), counter (from 0).
        """
        return (
            f"local forward, back = {lua_concat(FORWARD)}, {lua_concat(BACK)}\n"
            "function request()\n"
            "  local n = counter\n"
            "  counter = counter + 1\n"
            "  local per = math.max(math.floor(#ids / lanes), 1)\n"
            '  local sid = ids[(id - 1) + lanes * (n % per) + 1] or ids[1] or ""\n'
            '  local uniq = tag .. "-" .. id .. "-" .. n\n'
            "  local transition = back\n"
            "  if math.floor(n / per) % 2 == 0 then transition = forward end\n"
            f'  return wrk.format("{self.method}", {lua_concat(self.path)}, nil, '
            f"{lua_concat(self.body)})\n"
            "end\n"
        )


def _per(ids: list[str], lanes: int) -> int:
    return max(len(ids) // lanes, 1)


def pick(ids: list[str], lane: int, lanes: int, n: int) -> str:
    """The id for the lane's n-th request: ids[lane], ids[lane + lanes], ... in turn."""
    if not ids:
        return ""
    return ids[(lane + lanes * (n % _per(ids, lanes))) % len(ids)]


def lua_concat(template: str) -> str:
    """A Lua expression for the template: long-string literals joined with `..`."""
    parts = []
    for part in _PLACEHOLDER.split(template):
        if part in ("{sid}", "{uniq}", "{transition}"):
            parts.append(part[1:-1])
        elif part:
            parts.append(f"[==[{part}]==]")
    return " .. ".join(parts) or '""'


SCENARIOS = (
    Scenario(
        "create",
        "POST",
        "/api/incident-state",
        '{"data": {"name": "b{uniq}", "color": "#3498db"}}',
        write=True,
    ),
    Scenario(
        "update",
        "PUT",
        "/api/incident-state/{sid}",
        '{"data": {"description": "revision {uniq}"}}',
        write=True,
    ),
    Scenario(
        "get-item",
        "POST",
        "/api/incident-state/{sid}/get-item",
        '{"select": {"name": true, "color": true}}',
        write=False,
    ),
    Scenario(
        "get-list",
        "POST",
        "/api/incident-state/get-list?skip=0&limit=10",
        '{"select": {"name": true}, "sort": {"createdAt": -1}}',
        write=False,
    ),
)

# The plain CRUD reference: FastAPI plus one INSERT (bench/baseline_app.py).
BASELINE_SCENARIO = Scenario(
    BASELINE, "POST", "/items", '{"name": "item {uniq}"}', write=True, pool="none"
)
INCIDENT_NAMES = (
    "incident-create",
    "incident-update",
    "incident-comment",
    "incident-get",
    "incident-list",
)


def incident_scenarios(scope: int, service: int) -> tuple[Scenario, ...]:
    """The Incident API scenarios for the seeded scope and service.

    Pools: "pool" are seeded incidents with the POOL_* values (update, comment);
    "spread" is a sample across every seeded incident (get).
    """
    refs = f'"scope": {scope}, "service": {service}'
    pool_fields = (
        f'{refs}, "name": "{POOL_NAME}", "severity": "{POOL_SEVERITY}", '
        f'"start_impact_date": "{POOL_START}"'
    )
    create = (
        f'{{{refs}, "name": "bench {{uniq}}", "severity": "high", '
        '"start_impact_date": "2026-11-01T08:00", "description": "Created by the benchmark"}'
    )
    return (
        Scenario("incident-create", "POST", "/incident/create", create, write=True, pool="none"),
        Scenario(
            "incident-update",
            "POST",
            "/incident/{sid}/update",
            f"{{{pool_fields}, {{transition}}}}",
            write=True,
            pool="pool",
        ),
        Scenario(
            "incident-comment",
            "POST",
            "/incident/{sid}/comment",
            '{"comment": "Still looking: {uniq}"}',
            write=True,
            pool="pool",
        ),
        Scenario("incident-get", "GET", "/incident/{sid}", "", write=False, pool="spread"),
        Scenario(
            "incident-list",
            "GET",
            "/incident?severity=critical&status=active&per_page=20",
            "",
            write=False,
            pool="none",
        ),
    )
