"""Cold start: `unesco-assistant ask` and `unesco-assistant ui` from a fresh process, and where the time goes.

"Cold process" means a new Python process; files are in the page cache (a laptop that ran it once).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from evals.bench.common import hwm_mb, loadavg, log, median

VENV_BIN = Path(sys.executable).parent
QUESTION = "Which bridge did UNESCO help rebuild?"


def _env(store: Path, collection: str) -> dict:
    return {**os.environ, "UNESCO_ASSISTANT_STORE_DIR": str(store), "UNESCO_ASSISTANT_COLLECTION": collection,
            "PYTHONDONTWRITEBYTECODE": "1"}


def time_ask(store: Path, collection: str) -> dict:
    t = time.perf_counter()
    p = subprocess.run([str(VENV_BIN / "unesco-assistant"), "ask", QUESTION, "--json"], env=_env(store, collection),
                       capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - t
    ok = p.returncode == 0 and '"text"' in p.stdout
    return {"wall_s": wall, "ok": ok, "loadavg": loadavg(), "stderr": "" if ok else p.stderr[-500:]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_ui(store: Path, collection: str, timeout: float = 300) -> dict:
    port = _free_port()
    t = time.perf_counter()
    p = subprocess.Popen([str(VENV_BIN / "unesco-assistant"), "ui", "--no-ingest", "--port", str(port)],
                         env=_env(store, collection), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ready = None
    try:
        while time.perf_counter() - t < timeout and p.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    if r.status == 200:
                        ready = time.perf_counter() - t
                        break
            except OSError:
                time.sleep(0.1)
        rss = hwm_mb(p.pid)
    finally:
        p.terminate()
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
    return {"ready_s": ready, "ok": ready is not None, "peak_rss_mb": rss, "loadavg": loadavg()}


PHASES = r"""
import json, sys, time, os
t0 = time.perf_counter(); out = {}
def mark(k):
    global t0
    now = time.perf_counter(); out[k] = now - t0; t0 = now
import assistant.cli; mark("import_cli")
from assistant.settings import Settings; s = Settings(); mark("settings")
import torch; mark("import_torch")
import sentence_transformers; mark("import_sentence_transformers")
from ingest.embedder import load_embedder; e = load_embedder(s.model, s.embed_batch_size); mark("load_model")
import chromadb; mark("import_chromadb")
from ingest.store import open_store; st = open_store(s, e); mark("open_store")
from assistant.api import Assistant; a = Assistant(s, st, e); mark("assistant")
a.retriever._keyword_index(); mark("bm25_index")
a.ask(sys.argv[1]); mark("first_answer")
a.ask(sys.argv[1]); mark("second_answer")
a.close()
print("PHASES" + json.dumps(out))
"""


def phases(store: Path, collection: str) -> dict:
    p = subprocess.run([sys.executable, "-c", PHASES, QUESTION], env=_env(store, collection), capture_output=True,
                       text=True, timeout=600)
    m = re.search(r"PHASES(\{.*\})", p.stdout)
    return json.loads(m.group(1)) if m else {"error": p.stderr[-800:]}


def import_profile(module: str, top: int = 12) -> list[dict]:
    """`python -X importtime -c "import MODULE"`: the slowest packages (cumulative), the entry's own modules
    excluded. First row: the whole import."""
    p = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True,
                       timeout=300, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
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
    return [{"module": module, "total_s": total / 1e6}] + rows[:top]


def run_coldstart(store: Path, collection: str, repeats: int = 3) -> dict:
    asks = []
    for i in range(repeats):
        asks.append(time_ask(store, collection))
        log(f"cold ask {i + 1}: {asks[-1]['wall_s']:.1f} s ok={asks[-1]['ok']}")
    uis = []
    for i in range(repeats):
        uis.append(time_ui(store, collection))
        log(f"ui ready {i + 1}: {uis[-1]['ready_s']} s")
    ph = phases(store, collection)
    log(f"phases: {ph}")
    return {
        "store": str(store), "ask": asks, "ask_median_s": median([x["wall_s"] for x in asks if x["ok"]]),
        "ui": uis, "ui_median_s": median([x["ready_s"] for x in uis if x["ok"]]), "phases": ph,
        "imports_cli": import_profile("assistant.cli"), "imports_ask_path": import_profile(
            "assistant.cli, ingest.embedder, ingest.store, assistant.api, assistant.retrieval, assistant.compose; "
            "import sentence_transformers, chromadb"),
        "imports_ui": import_profile("ui.app"),
    }
