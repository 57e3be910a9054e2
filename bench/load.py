"""Load generators: wrk with a generated Lua script, or a Python asyncio fallback."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from scenarios import Scenario

WRK_THREADS = 2
TIMEOUT_S = 10
_LUA_COMMON = """
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  counter, bad, sample = 0, 0, ""
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if sample == "" then sample = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local bad, sample = 0, ""
  for _, t in ipairs(threads) do
    bad = bad + t:get("bad")
    if sample == "" then sample = t:get("sample") end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "non2xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p99_us": %d, "mean_us": %d}\\n',
    summary.requests, summary.duration, bad, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50.0), latency:percentile(99.0), latency.mean))
  io.write("BENCH_SAMPLE " .. string.gsub(sample, "[\\r\\n]", " ") .. "\\n")
end
"""


@dataclass
class LoadResult:
    """What one scenario achieved."""

    scenario: str
    tool: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    mean_ms: float
    non2xx: int
    socket_errors: int
    error_sample: str = ""
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        """Non-2xx responses plus connect/read/write/timeout errors."""
        return self.non2xx + self.socket_errors


@dataclass(frozen=True)
class Target:
    """Where and how hard to push: the server, its key and the load's shape."""

    base_url: str
    api_key: str
    ids: dict[str, list[str]]  # pools of ids by name (Scenario.pool)
    tag: str
    connections: int
    seconds: int


def headers(api_key: str) -> dict[str, str]:
    """The headers every request carries."""
    return {"Content-Type": "application/json", "ApiKey": api_key}


def find_wrk() -> str | None:
    """wrk's path, installing it with apt-get (as root) when missing; None if unavailable."""
    if os.environ.get("BENCH_LOADGEN") == "python":
        return None
    found = shutil.which("wrk")
    apt = shutil.which("apt-get")
    if found or not apt or os.geteuid() != 0:
        return found
    print("wrk not found: installing it with apt-get", flush=True)
    if not _apt(apt, "install", "-y", "-qq", "wrk"):
        _apt(apt, "update", "-qq")
        _apt(apt, "install", "-y", "-qq", "wrk")
    return shutil.which("wrk")


def _apt(apt: str, *args: str) -> bool:
    done = subprocess.run(  # noqa: S603 - apt-get with fixed arguments
        [apt, *args], capture_output=True, timeout=600, check=False
    )
    return done.returncode == 0


def run_scenario(wrk: str | None, sc: Scenario, target: Target, workdir: Path) -> LoadResult:
    """Drive one scenario with wrk if there is one, else with the Python generator."""
    if wrk:
        return _run_wrk(wrk, sc, target, workdir)
    return asyncio.run(_run_python(sc, target))


def _lua_script(sc: Scenario, target: Target) -> str:
    ids = ", ".join(json.dumps(i) for i in target.ids.get(sc.pool, []))
    setup = [
        f"ids = {{{ids}}}",
        f"lanes = {_wrk_threads(target)}",
        f'tag = "{target.tag}"',
        'wrk.headers["Content-Type"] = "application/json"',
        f'wrk.headers["ApiKey"] = "{target.api_key}"',
    ]
    return "\n".join(setup) + "\n" + _LUA_COMMON + "\n" + sc.lua_request()


def _wrk_threads(target: Target) -> int:
    return min(WRK_THREADS, target.connections)


def _run_wrk(wrk: str, sc: Scenario, target: Target, workdir: Path) -> LoadResult:
    script = workdir / f"{sc.name}.lua"
    script.write_text(_lua_script(sc, target))
    threads = str(_wrk_threads(target))
    cmd = [wrk, "-t", threads, "-c", str(target.connections), "-d", f"{target.seconds}s"]
    cmd += ["--timeout", f"{TIMEOUT_S}s", "-s", str(script), target.base_url]
    done = subprocess.run(  # noqa: S603 - wrk with our own arguments
        cmd, capture_output=True, text=True, timeout=target.seconds + 60, check=False
    )
    return _parse_wrk(sc.name, done.stdout, done.stderr)


def _parse_wrk(name: str, stdout: str, stderr: str) -> LoadResult:
    lines = stdout.splitlines()
    stats = next((ln for ln in lines if ln.startswith("BENCH_JSON ")), None)
    if stats is None:
        raise RuntimeError(f"wrk gave no result for {name}:\n{stdout}\n{stderr}")
    raw: dict[str, Any] = json.loads(stats.removeprefix("BENCH_JSON "))
    sample = next(
        (ln[len("BENCH_SAMPLE ") :] for ln in lines if ln.startswith("BENCH_SAMPLE ")), ""
    )
    return LoadResult(
        scenario=name,
        tool="wrk",
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        p50_ms=raw["p50_us"] / 1e3,
        p99_ms=raw["p99_us"] / 1e3,
        mean_ms=raw["mean_us"] / 1e3,
        non2xx=raw["non2xx"],
        socket_errors=raw["socket_errors"],
        error_sample=sample.strip(),
    )


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    non2xx: int = 0
    socket_errors: int = 0
    sample: str = ""

    def result(self, name: str, seconds: float) -> LoadResult:
        lat = sorted(self.latencies) or [0.0]

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] * 1e3

        return LoadResult(
            name,
            "python",
            len(self.latencies),
            seconds,
            pct(0.50),
            pct(0.99),
            sum(lat) / len(lat) * 1e3,
            self.non2xx,
            self.socket_errors,
            self.sample,
        )


async def _run_python(sc: Scenario, target: Target) -> LoadResult:
    n = target.connections
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    tally = _Tally()
    async with httpx.AsyncClient(
        base_url=target.base_url, headers=headers(target.api_key), limits=limits, timeout=TIMEOUT_S
    ) as client:
        start = time.perf_counter()
        deadline = start + target.seconds
        await asyncio.gather(*(_worker(client, sc, target, w, deadline, tally) for w in range(n)))
        elapsed = time.perf_counter() - start
    return tally.result(sc.name, elapsed)


async def _worker(
    client: httpx.AsyncClient, sc: Scenario, target: Target, w: int, deadline: float, tally: _Tally
) -> None:
    ids = target.ids.get(sc.pool, [])
    n = 0
    while time.perf_counter() < deadline:
        method, path, body = sc.render(ids, target.tag, w, target.connections, n)
        n += 1
        t0 = time.perf_counter()
        try:
            reply = await client.request(method, path, content=body)
        except httpx.HTTPError as error:
            tally.socket_errors += 1
            tally.sample = tally.sample or repr(error)
            continue
        tally.latencies.append(time.perf_counter() - t0)
        if not 200 <= reply.status_code < 300:
            tally.non2xx += 1
            tally.sample = tally.sample or f"{reply.status_code} {reply.text[:300]}"
