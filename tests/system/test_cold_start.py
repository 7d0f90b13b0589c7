"""Cold start: what a fresh `unesco-assistant ask` process imports. Real subprocesses, real store, real model.

The first process that loads the model with sentence-transformers (here: the ingest) leaves a verified
ONNX export in the user cache; from then on the question path imports neither torch, transformers nor
sentence-transformers (10-13 s of a cold start on 2 shared cores), nor what only the UI (gradio), ingest
(llama-index) or the optional LLM answerer need.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import CORPUS, run_cli

# Runs the real CLI entry point, then writes the names of the imported modules to the file named in $1.
TRACE = """
import json, sys
out = sys.argv.pop(1)
from cli import main
try:
    main()
except SystemExit as e:
    code = e.code
else:
    code = 0
with open(out, "w") as f:
    json.dump(sorted(sys.modules), f)
sys.exit(code)
"""
NOT_ON_THE_QUESTION_PATH = ("torch", "transformers", "sentence_transformers", "gradio", "llama_index", "openai")


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    """A store with the bundled corpus, ingested by the CLI with its own (empty at first) user cache."""
    root = tmp_path_factory.mktemp("cold")
    env = {"XDG_CACHE_HOME": str(root / "cache")}
    r = run_cli("ingest", str(CORPUS), "--store", str(root / "store"), env=env)
    assert r.returncode == 0, r.stderr
    return root, env


def traced(root, env: dict, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    modules = root / "modules.json"
    p = subprocess.run([sys.executable, "-c", TRACE, str(modules), *args], capture_output=True, text=True,
                       env={**os.environ, "COLUMNS": "200", **env}, timeout=300, check=False)
    return p, set(json.loads(modules.read_text())) if modules.exists() else set()


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_ingest_leaves_a_verified_export(cold):
    root, _ = cold
    metas = list((root / "cache").rglob("meta.json"))
    assert len(metas) == 1 and json.loads(metas[0].read_text())["max_diff"] <= 1e-4


def test_ask_imports_only_what_the_question_path_needs(cold):
    root, env = cold
    p, modules = traced(root, env, "ask", "Which bridge did UNESCO help rebuild?", "--json", "--store",
                        str(root / "store"))
    assert p.returncode == 0, p.stderr
    assert "Mostar" in json.loads(p.stdout)["text"]
    assert {"onnxruntime", "chromadb", "nltk"} <= _top(modules)
    assert not _top(modules) & set(NOT_ON_THE_QUESTION_PATH), sorted(_top(modules) & set(NOT_ON_THE_QUESTION_PATH))


def test_without_an_export_the_model_loads_with_sentence_transformers(cold, tmp_path):
    root, env = cold
    empty = {**env, "XDG_CACHE_HOME": str(tmp_path / "empty-cache")}
    p, modules = traced(root, empty, "search", "Mostar", "--store", str(root / "store"), "--top-k", "1")
    assert p.returncode == 0 and "Mostar" in p.stdout, p.stderr
    assert {"torch", "sentence_transformers"} <= _top(modules)
    assert list((tmp_path / "empty-cache").rglob("meta.json"))  # exported: the next start is fast
