"""Faults with real processes: kill mid-ingest and rerun, a held store, a corrupt or foreign store, another model."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import ModelMismatchError, StoreCorruptError, StoreLockedError
from assistant.settings import Settings
from tests.conftest import LEGAL, ROOT, run_cli

INGEST = [sys.executable, "-c", "from assistant.cli import main; main()", "ingest"]


def store_state(store_dir: Path) -> tuple[list[str], list[str], dict]:
    """(chroma chunk ids, keyword index ids, doc hashes) of a store, opened fresh."""
    from assistant.api import Assistant

    with Assistant.open(Settings(store_dir=store_dir)) as a:
        chroma = sorted(a.store._all_ids())
        a.store.invalidate_keyword_cache()
        kw = sorted(a.store.keyword_index().ids)
        return chroma, kw, a.store.document_hashes()


def legal_subset(tmp_path: Path, n: int) -> Path:
    if not LEGAL.exists():
        pytest.skip(f"{LEGAL} is missing (CI has ../shared beside the project)")
    folder = tmp_path / "legal"
    folder.mkdir()
    for f in sorted(LEGAL.glob("*.txt"))[:n]:
        (folder / f.name).write_bytes(f.read_bytes())
    return folder


def kill_and_rerun(corpus: Path, store: Path, kills: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    env = dict(os.environ, UNESCO_ASSISTANT_STORE_DIR=str(store))
    delays = []
    for _ in range(kills):
        delay = rng.uniform(4.0, 14.0)  # model load takes ~4-8 s; kills land in loading, embedding and writing
        proc = subprocess.Popen([*INGEST, str(corpus)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                cwd=ROOT)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            delays.append(delay)
        proc.wait()
    done = subprocess.run([*INGEST, str(corpus)], env=env, capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert done.returncode == 0, done.stderr
    return delays


def test_kill_mid_ingest_then_rerun_equals_clean_ingest(tmp_path):
    corpus = legal_subset(tmp_path, 12)
    clean = run_cli("ingest", str(corpus), "--store", str(tmp_path / "clean"))
    assert clean.returncode == 0, clean.stderr
    expected = store_state(tmp_path / "clean")
    kills = kill_and_rerun(corpus, tmp_path / "killed", kills=3, seed=7)
    got = store_state(tmp_path / "killed")
    assert kills, "no run was killed mid-way: the corpus ingested faster than the kill delays"
    assert got[0] == expected[0]  # same chunk ids, no duplicates, none missing
    assert got[1] == got[0]  # the keyword index agrees with Chroma
    assert got[2] == expected[2]


@pytest.mark.slow
def test_twenty_kills_on_the_legal_instruments(tmp_path):
    """Issue 7: 20 SIGKILLs at random points on the whole legal-instruments corpus, then a rerun."""
    if not LEGAL.exists():
        pytest.skip("needs ../shared")
    clean = run_cli("ingest", str(LEGAL), "--store", str(tmp_path / "clean"), timeout=1800)
    assert clean.returncode == 0, clean.stderr
    expected = store_state(tmp_path / "clean")
    kill_and_rerun(LEGAL, tmp_path / "killed", kills=20, seed=11)
    got = store_state(tmp_path / "killed")
    assert got[0] == expected[0] and got[1] == got[0] and got[2] == expected[2]


def test_second_process_gets_a_clear_message_not_a_hang(tmp_path, assistant, settings):
    code = ("from assistant.api import Assistant; from assistant.settings import Settings; import pathlib, sys;"
            f"Assistant.open(Settings(store_dir=pathlib.Path({str(settings.store_dir)!r})))")
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode != 0 and time.monotonic() - t0 < 60
    assert "StoreLockedError" in r.stderr and "chroma run" in r.stderr
    with pytest.raises(StoreLockedError, match=str(os.getpid())):
        from assistant.api import Assistant

        Assistant.open(settings)  # same process, second handle: also refused, naming the holder


def test_cli_reports_a_held_store_in_one_line(tmp_path, assistant, settings):
    r = run_cli("documents", "--store", str(settings.store_dir))
    assert r.returncode == 1 and "in use by another process" in r.stderr and "Traceback" not in r.stderr


def test_foreign_folder_and_old_layout(tmp_path, embedder):
    from ingest.store import ChromaStore

    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("my files")
    with pytest.raises(StoreCorruptError, match="not a unesco-assistant store"):
        ChromaStore(Settings(store_dir=foreign), embedder.name, embedder.dim)
    old = tmp_path / "old"
    old.mkdir()
    (old / "store.json").write_text(json.dumps({"layout": 0}))
    with pytest.raises(StoreCorruptError, match="--rebuild"):
        ChromaStore(Settings(store_dir=old), embedder.name, embedder.dim)
    assert (foreign / "notes.txt").read_text() == "my files"  # nothing of the user's was touched


def test_corrupt_store_names_the_fix(tmp_path, embedder):
    from ingest.store import ChromaStore

    s = Settings(store_dir=tmp_path / "st")
    ChromaStore(s, embedder.name, embedder.dim).close()
    sqlite = next((tmp_path / "st" / "chroma").glob("*.sqlite3"))
    sqlite.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreCorruptError, match="ingest --rebuild"):
        ChromaStore(s, embedder.name, embedder.dim)
    fixed = ChromaStore(s, embedder.name, embedder.dim, rebuild=True)  # the named fix works
    assert fixed.count() == 0
    fixed.close()


def test_store_built_with_another_model_is_refused(tmp_path, embedder):
    from ingest.store import ChromaStore

    s = Settings(store_dir=tmp_path / "st")
    ChromaStore(s, "some-other-model", embedder.dim).close()
    with pytest.raises(ModelMismatchError, match="some-other-model"):
        ChromaStore(s, embedder.name, embedder.dim)
    ChromaStore(s, embedder.name, embedder.dim, rebuild=True).close()  # the named fix works


def test_repair_removes_chunks_of_an_interrupted_write(assistant, tmp_path):
    """A write killed after its chunks but before its commit record leaves garbage that repair removes."""
    from tests.conftest import CORPUS

    assistant.ingest([CORPUS])
    before = sorted(assistant.store._all_ids())
    assistant.store.chunks.upsert(ids=["ghost:0123456789abcdef"], embeddings=[[0.1] * 384], documents=["ghost"],
                                  metadatas=[{"doc_id": "ghost", "doc_hash": "x"}])
    assert assistant.store.repair() == 1
    assert sorted(assistant.store._all_ids()) == before
