"""Small helpers shared by the benchmark modules: timing, percentiles, load, memory, JSON results."""

from __future__ import annotations

import json
import os
import resource
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

DEFAULT_WORK = Path(os.environ.get("UA_BENCH_WORK", "/tmp/ua-bench"))  # cached stores, outside the repo


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


def cpu_count() -> int:
    return os.cpu_count() or 1


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb(pid: int | None = None) -> float:
    """Current resident set size of a process (this one by default)."""
    try:
        with open(f"/proc/{pid or 'self'}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def hwm_mb(pid: int) -> float:
    """Peak RSS (VmHWM) of another process."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100), as numpy's default."""
    if not values:
        return float("nan")
    v = sorted(values)
    pos = (len(v) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def summary_ms(values_s: list[float]) -> dict:
    ms = [x * 1000 for x in values_s]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"), "max_ms": round(max(ms), 2) if ms else float("nan")}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@contextmanager
def timer(out: dict, key: str):
    t = time.perf_counter()
    try:
        yield
    finally:
        out[key] = time.perf_counter() - t


def save_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**data, "loadavg_end": loadavg(), "cpus": cpu_count(), "saved_at": time.strftime("%Y-%m-%d %H:%M:%S")}
    path.write_text(json.dumps(data, indent=2, default=str))


def load_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} load {loadavg():.1f}] {msg}", flush=True)
