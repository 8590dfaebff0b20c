"""Running wrk against one address and reading its answer.

wrk's ``--latency`` report gives requests per second, the 50th, 75th, 90th and 99th
percentiles, socket errors and the count of answers that were neither 2xx nor 3xx. A
small Lua ``done`` hook adds one line of JSON with the exact 95th percentile (and the
same figures in microseconds), so no percentile is interpolated.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

WRK = "/usr/bin/wrk"
JSON_MARKER = "BENCH-JSON "

DONE_HOOK = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d, "p50_us": %.0f, ' ..
    '"p90_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, "max_us": %.0f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max))
end
"""

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"


@dataclass
class WrkResult:
    requests: int = 0
    requests_per_second: float = 0.0
    # Latency percentiles in milliseconds; p95 comes from the Lua hook when it ran.
    percentiles_ms: dict[str, float] = field(default_factory=dict)
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values())

    def latency(self, percentile: int) -> float | None:
        return self.percentiles_ms.get(f"p{percentile}")

    def as_dict(self) -> dict:
        return asdict(self) | {"errors": self.errors}


def _milliseconds(number: str, unit: str) -> float:
    return float(number) * _UNITS_MS[unit]


def parse_wrk_output(text: str) -> WrkResult:
    """Read wrk's ``--latency`` report (and the hook's JSON line if present)."""
    result = WrkResult()
    if match := re.search(r"^Requests/sec:\s+([\d.]+)", text, re.MULTILINE):
        result.requests_per_second = float(match.group(1))
    if match := re.search(r"^\s*(\d+) requests in ", text, re.MULTILINE):
        result.requests = int(match.group(1))
    distribution = text.split("Latency Distribution", 1)
    if len(distribution) == 2:
        for percent, number, unit in re.findall(
            r"^\s+(\d+)%\s+" + _DURATION + r"\s*$", distribution[1], re.MULTILINE
        ):
            result.percentiles_ms[f"p{percent}"] = _milliseconds(number, unit)
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    ):
        result.socket_errors = dict(
            zip(("connect", "read", "write", "timeout"), map(int, match.groups()), strict=True)
        )
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        result.non_2xx_3xx = int(match.group(1))
    for line in text.splitlines():
        if line.startswith(JSON_MARKER):
            hook = json.loads(line[len(JSON_MARKER) :])
            for percent in (50, 90, 95, 99):
                result.percentiles_ms[f"p{percent}"] = hook[f"p{percent}_us"] / 1000
            result.requests = hook["requests"]
    if not result.requests:
        # No answer arrived within the run: wrk prints zeros, which are not latencies.
        result.percentiles_ms = {}
    return result


def run_wrk(
    url: str,
    *,
    duration: int,
    connections: int,
    threads: int = 2,
    headers: dict[str, str] | None = None,
    timeout_seconds: int = 30,
) -> tuple[WrkResult, str]:
    """One wrk run; returns the parsed result and wrk's own output."""
    with tempfile.TemporaryDirectory(prefix="scrutiny-wrk-") as temp:
        script = Path(temp) / "done.lua"
        script.write_text(DONE_HOOK)
        command = [
            WRK,
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{duration}s",
            f"--timeout={timeout_seconds}s",
            "--latency",
            "-s",
            str(script),
        ]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        command.append(url)
        finished = subprocess.run(
            command,
            capture_output=True,
            text=True,
            # wrk stops itself after the duration; allow for the slowest answers to arrive.
            timeout=duration + timeout_seconds + 30,
        )
    if finished.returncode:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr.strip()}")
    return parse_wrk_output(finished.stdout), finished.stdout
