"""The CLI in real subprocesses: every command, its help, and its errors (one line, no traceback)."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import CORPUS, run_cli


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli") / "store"
    r = run_cli("ingest", str(CORPUS), "--store", str(d))  # the seed pages: a small store
    assert r.returncode == 0, r.stderr
    assert "added" in r.stdout and "chunks written" in r.stdout
    return str(d)


def test_help_lists_every_command():
    out = run_cli("--help").stdout
    for cmd in ("ingest", "documents", "ask", "chat", "search", "lookup", "ui", "eval"):
        assert cmd in out
    for cmd in ("ingest", "ask", "lookup", "search", "documents", "chat", "ui"):
        assert run_cli(cmd, "--help").returncode == 0


def test_ingest_again_is_unchanged_and_documents_lists(store):
    r = run_cli("ingest", str(CORPUS), "--store", store)
    assert r.returncode == 0 and re.search(r"unchanged\s+│ 2 ", r.stdout)
    docs = run_cli("documents", "--store", store)
    assert docs.returncode == 0 and "Science Diplomacy" in docs.stdout


def test_ask_json(store):
    r = run_cli("ask", "Which bridge did UNESCO help rebuild?", "--json", "--store", store)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert "Mostar" in data["text"] and data["citations"][0]["marker"] == 1 and data["refused"] is False


def test_ask_pretty_and_refusal(store):
    r = run_cli("ask", "What was SESAME's budget in 2020?", "--store", store)
    assert r.returncode == 0 and ("don't say" in r.stdout or "found no passage" in r.stdout)
    assert "Related reading" in r.stdout


def test_search_and_lookup(store):
    r = run_cli("search", "Mostar", "--store", store, "--top-k", "2")
    assert r.returncode == 0 and "Mostar" in r.stdout
    r = run_cli("lookup", "cradle of modern science diplomacy", "--store", store)
    assert r.returncode == 0 and "Science Diplomacy" in r.stdout and "exact" in r.stdout
    r = run_cli("lookup", "nothing like this is in there at all, xylophone zebra", "--store", store)
    assert r.returncode == 1 and "Not found" in r.stdout
    assert "xylophone zebra" in r.stdout and "unesco-assistant ask" in r.stdout  # what was sought, and what to do


def test_chat_follow_up(store):
    r = run_cli("chat", "--store", store, input="Which bridge did UNESCO help rebuild?\nIn which year?\n\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("2004") >= 2


def test_errors_are_one_line(tmp_path, store):
    r = run_cli("ingest", str(tmp_path / "nope"), "--store", str(tmp_path / "s"))
    assert r.returncode == 1 and "No such file or folder" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("ask", "   ", "--store", store)
    assert r.returncode == 1 and "empty" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("ask", "What is science diplomacy?", "--store", str(tmp_path / "empty"))
    assert r.returncode == 1 and "unesco-assistant ingest" in r.stderr
    r = run_cli("ask", "x", "--top-k", "0", "--store", store)
    assert r.returncode == 2 and "Invalid setting" in r.stderr
    r = run_cli("ingest", "--delete", "no-such-doc", "--store", store)
    assert r.returncode == 1 and "not found" in r.stdout
