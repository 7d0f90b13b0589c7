"""Cold start: `unesco-assistant ask` and `unesco-assistant ui` from a fresh process, and where the time goes.

"Cold process" means a new Python process; files are in the page cache (a laptop that ran it once). Each
measurement runs twice per repeat, alternating: with the user cache's verified ONNX export of the model
(the normal case once anything has ingested; see `store/onnx_embedder.py`), and with a cache that
declines the export, so the model loads through sentence-transformers and torch (the path every start
took before the export existed).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import hwm_mb, loadavg, log, median
from evals.servers import ServerNotReady, answers, free_port, stop, wait_until_ready

VENV_BIN = Path(sys.executable).parent
QUESTION = "Which bridge did UNESCO help rebuild?"


def _env(store: Path, collection: str, extra: dict | None = None) -> dict:
    return {**os.environ, "UNESCO_ASSISTANT_STORE_DIR": str(store), "UNESCO_ASSISTANT_COLLECTION": collection,
            "PYTHONDONTWRITEBYTECODE": "1", **(extra or {})}


def engine_envs() -> dict[str, dict]:
    """Environment additions per engine: `onnx` (the user cache, holding the verified export, made now if
    missing) and `torch` (a scratch cache that records the export as declined, so nothing is exported)."""
    from core.settings import Settings
    from store import onnx_embedder
    from store.embedder import load_embedder, resolve_model_path

    embedder = load_embedder(Settings().model)
    onnx_embedder.export(embedder.model, embedder.path)  # no-op when it exists
    scratch = tempfile.mkdtemp(prefix="ua-bench-torch-cache-")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = scratch
    try:
        onnx_embedder.decline(resolve_model_path(Settings().model), "the cold-start benchmark's torch path")
    finally:
        if old is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = old
    return {"onnx": {}, "torch": {"XDG_CACHE_HOME": scratch}}


def time_ask(store: Path, collection: str, extra_env: dict | None = None) -> dict:
    t = time.perf_counter()
    c = os.times()
    p = subprocess.run([str(VENV_BIN / "unesco-assistant"), "ask", QUESTION, "--json"],
                       env=_env(store, collection, extra_env), capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - t
    c2 = os.times()
    ok = p.returncode == 0 and '"text"' in p.stdout
    return {"wall_s": wall, "cpu_s": (c2.children_user - c.children_user) + (c2.children_system - c.children_system),
            "ok": ok, "loadavg": loadavg(), "stderr": "" if ok else p.stderr[-500:]}


def time_ui(store: Path, collection: str, timeout: float = 300, extra_env: dict | None = None) -> dict:
    port = free_port()
    t = time.perf_counter()
    p = subprocess.Popen([str(VENV_BIN / "unesco-assistant"), "ui", "--no-ingest", "--port", str(port)],
                         env=_env(store, collection, extra_env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ready = None
    try:
        wait_until_ready(lambda: answers(f"http://127.0.0.1:{port}/"), timeout_s=timeout, process=p, interval_s=0.1,
                         what="the UI")
        ready = time.perf_counter() - t
    except ServerNotReady as e:
        log(f"ui: {e}")
    finally:
        rss = hwm_mb(p.pid)
        stop(p, timeout_s=20)
    return {"ready_s": ready, "ok": ready is not None, "peak_rss_mb": rss, "loadavg": loadavg()}


PHASES = r"""
import json, sys, time, os
t0 = time.perf_counter(); out = {}
def mark(k):
    global t0
    now = time.perf_counter(); out[k] = now - t0; t0 = now
import cli; mark("import_cli")
from core.settings import Settings; s = Settings(); mark("settings")
from store.embedder import load_embedder; e = load_embedder(s.model, s.embed_batch_size); mark("load_model")
import chromadb; mark("import_chromadb")
from store.chroma import open_store; st = open_store(s, e); mark("open_store")
from assistant.api import Assistant; a = Assistant(s, st, e); mark("assistant")
a.store.keyword_index(); mark("bm25_index")
from core.textutil import sentence_spans; sentence_spans("One. Two."); mark("import_nltk_punkt")
a.ask(sys.argv[1]); mark("first_answer")
a.ask(sys.argv[1]); mark("second_answer")
a.close()
out["engine"] = "onnx" if e.onnx is not None else "torch"
print("PHASES" + json.dumps(out))
"""


def phases(store: Path, collection: str, extra_env: dict | None = None) -> dict:
    p = subprocess.run([sys.executable, "-c", PHASES, QUESTION], env=_env(store, collection, extra_env),
                       capture_output=True, text=True, timeout=600)
    m = re.search(r"PHASES(\{.*\})", p.stdout)
    return json.loads(m.group(1)) if m else {"error": p.stderr[-800:]}


def import_profile(module: str, top: int = 12, args: tuple[str, ...] = (), env: dict | None = None,
                   label: str | None = None) -> list[dict]:
    """`python -X importtime -c "import MODULE"` (with `args`, MODULE's `main()` runs as a command: everything a
    real run imports): the slowest packages (cumulative), the entry's own modules excluded. First row: the
    whole import."""
    code = f"from {module} import main; main()" if args else f"import {module}"
    p = subprocess.run([sys.executable, "-X", "importtime", "-c", code, *args], capture_output=True, text=True,
                       timeout=600, env={**(env or os.environ), "PYTHONDONTWRITEBYTECODE": "1"})
    mine = {m.strip() for m in re.split(r"[,;]|\bimport\b", module) if m.strip()}
    rows, total = [], 0
    for line in p.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if not m:
            continue
        cum, depth, name = int(m.group(2)), len(m.group(3)), m.group(4)
        if depth <= 1:
            total += cum
        if name in mine or name.split(".")[0] in ("assistant", "ingest", "ui", "evals", "site", "encodings"):
            continue
        if "." not in name and not name.startswith("_"):  # top-level packages, wherever they are first imported
            rows.append({"module": name, "cumulative_s": cum / 1e6})
    rows.sort(key=lambda r: -r["cumulative_s"])
    return [{"module": label or module, "total_s": total / 1e6}] + rows[:top]


def run_coldstart(store: Path, collection: str, repeats: int = 3) -> dict:
    envs = engine_envs()
    runs: dict[str, list] = {"ask": [], "ask_torch": [], "ui": [], "ui_torch": []}
    for i in range(repeats):  # alternating, so both engines see the same load
        for engine in ("onnx", "torch"):
            key = "ask" if engine == "onnx" else "ask_torch"
            runs[key].append(time_ask(store, collection, envs[engine]))
            log(f"cold ask {i + 1} ({engine}): {runs[key][-1]['wall_s']:.1f} s, CPU {runs[key][-1]['cpu_s']:.1f} s "
                f"ok={runs[key][-1]['ok']}")
    for i in range(repeats):
        for engine in ("onnx", "torch"):
            key = "ui" if engine == "onnx" else "ui_torch"
            runs[key].append(time_ui(store, collection, extra_env=envs[engine]))
            log(f"ui ready {i + 1} ({engine}): {runs[key][-1]['ready_s']} s")
    ph = phases(store, collection, envs["onnx"])
    log(f"phases (onnx): {ph}")
    ph_torch = phases(store, collection, envs["torch"])
    log(f"phases (torch): {ph_torch}")
    pairs = [a["wall_s"] / b["wall_s"] for a, b in zip(runs["ask"], runs["ask_torch"]) if a["ok"] and b["ok"]]
    ask_env = _env(store, collection)
    return {
        "store": str(store), **runs,
        "ask_median_s": median([x["wall_s"] for x in runs["ask"] if x["ok"]]),
        "ask_torch_median_s": median([x["wall_s"] for x in runs["ask_torch"] if x["ok"]]),
        "ask_cpu_median_s": median([x["cpu_s"] for x in runs["ask"] if x["ok"]]),
        "ask_torch_cpu_median_s": median([x["cpu_s"] for x in runs["ask_torch"] if x["ok"]]),
        "ask_paired_ratio": median(pairs),
        "ui_median_s": median([x["ready_s"] for x in runs["ui"] if x["ok"]]),
        "ui_torch_median_s": median([x["ready_s"] for x in runs["ui_torch"] if x["ok"]]),
        "phases": ph, "phases_torch": ph_torch,
        "imports_cli": import_profile("cli"),
        "imports_ask_path": import_profile("cli", args=("ask", QUESTION, "--json"), env=ask_env,
                                           label="unesco-assistant ask (whole run)"),
        "imports_ui": import_profile("ui.app"),
    }
