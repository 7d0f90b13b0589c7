"""Shared fixtures: the real embedding model, real Chroma stores in tmp folders, a real `chroma run` server.

Helpers' fixture modules (UI, LLM) are loaded as plugins so every test sees one set of fixtures.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from evals.servers import ServerNotReady, answers, free_port, wait_until_ready

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

pytest_plugins = ["tests.ui_fixtures", "tests.llm_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "corpus"  # the bundled library: seeds + legal instruments
CORPUS = LIBRARY / "seeds"  # the two seed pages: the small store most tests use
SHARED = ROOT.parent / "shared"
LEGAL = SHARED / "datasets" / "unesco-legal-instruments"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def embedder():
    from store.embedder import load_embedder

    return load_embedder("all-MiniLM-L6-v2")


@pytest.fixture
def settings(tmp_path):
    from core.settings import Settings

    return Settings(store_dir=tmp_path / "store")


@pytest.fixture
def assistant(settings, embedder):
    """A fresh, empty store in tmp_path."""
    from assistant.api import Assistant

    a = Assistant.open(settings)
    yield a
    a.close()


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, embedder):
    """A store holding the two seed pages (read-only use: tests must not change it)."""
    from assistant.api import Assistant
    from core.settings import Settings

    a = Assistant.open(Settings(store_dir=tmp_path_factory.mktemp("seeded") / "store"))
    report = a.ingest([CORPUS])
    assert len(report.added) == 2, report
    yield a
    a.close()


@pytest.fixture(scope="session")
def library(tmp_path_factory, embedder):
    """A store holding the whole bundled library (seeds + legal instruments), built once per test session
    (read-only use). The gold floors of CI run on it: what users of `make run` get."""
    from assistant.api import Assistant
    from core.settings import Settings

    store = tmp_path_factory.mktemp("library") / "store"
    built = os.environ.get("UA_TEST_LIBRARY_STORE")  # a developer's store of the same corpus, copied (not in CI)
    if built:
        import shutil

        shutil.copytree(built, store, ignore=shutil.ignore_patterns("*.lock", ".lock"))
    a = Assistant.open(Settings(store_dir=store))
    # with a copied store: nothing to add, every document unchanged (or updated, when ingest changed since it was built)
    report = a.ingest([LIBRARY])
    assert len(report.added) + len(report.unchanged) + len(report.updated) >= 81 and not report.skipped, report
    yield a
    a.close()


def start_chroma_server(path: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
    proc = subprocess.Popen([str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_until_ready(lambda: answers(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout_s=1), timeout_s=60,
                         process=proc, interval_s=0.3, what="chroma run")
    except ServerNotReady:
        proc.kill()
        proc.wait()
        raise
    return proc


@pytest.fixture
def chroma_server(tmp_path):
    """A real `chroma run` on 127.0.0.1; yields (url, restart) where restart() stops and starts it again."""
    port = free_port()
    path = tmp_path / "chroma-server"
    state = {"proc": start_chroma_server(path, port)}

    def stop() -> None:
        state["proc"].terminate()
        state["proc"].wait(timeout=30)

    def start() -> None:
        state["proc"] = start_chroma_server(path, port)

    yield f"http://127.0.0.1:{port}", stop, start
    if state["proc"].poll() is None:
        stop()


def run_cli(*args: str, env: dict | None = None, timeout: float = 300, input: str | None = None):
    """Run the installed `unesco-assistant` command in a subprocess."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run([str(BIN / "unesco-assistant"), *args], capture_output=True, text=True, env=full_env,
                          timeout=timeout, input=input)
