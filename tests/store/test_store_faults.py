"""Faults with real processes: kill mid-ingest and rerun, a held store, a corrupt or foreign store, another model."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.errors import ModelMismatchError, StoreCorruptError, StoreLockedError
from core.settings import Settings
from tests.conftest import LEGAL, ROOT, run_cli

# The real CLI, with a trace of where it is (tests/store/traced_ingest.py): the kill points below are read from it.
INGEST = [sys.executable, "-m", "tests.store.traced_ingest", "ingest"]
ARTIFACTS = ROOT / "test-artifacts" / "reliability"


def store_state(store_dir: Path) -> tuple[list[str], list[str], dict]:
    """(chroma chunk ids, keyword index ids, doc hashes) of a store, opened fresh."""
    from assistant.api import Assistant

    with Assistant.open(Settings(store_dir=store_dir)) as a:
        chroma = sorted(a.store.chunk_ids())
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


# -- kill points -------------------------------------------------------------------------------------------
def read_trace(path: Path) -> list[tuple[float, str]]:
    """(seconds since the process started, event) lines of a trace written by tests/store/traced_ingest.py."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        t, _, event = line.partition(" ")
        try:
            out.append((float(t), event))
        except ValueError:  # a line cut by the kill
            pass
    return out


def kill_point(events: list[tuple[float, str]]) -> str:
    """Where a process was when it died, from the last line of its trace."""
    group, in_repair, last = 0, False, "start"
    for _, e in events:
        if e.startswith("hold "):
            continue
        if e == "begin repair":
            in_repair = True
        elif e.startswith("end repair"):
            in_repair = False
        elif m := re.match(r"begin group (\d+)", e):
            group = int(m.group(1))
        last = e
    if in_repair:
        return {"begin repair/chunks.delete": "repair: deleting chunks of an uncommitted write",
                "begin repair/docs.delete": "repair: dropping an incomplete record"}.get(last, "repair: reading the store")
    if last.startswith("end repair") or last == "begin ingest":
        return "reading, cleaning and chunking the files"
    g = f"group {group}"
    return {
        "start": "starting: imports, embedding model, opening the store",
        "begin chunks.upsert": f"{g}: writing its chunks, before the commit records",
        "end chunks.upsert": f"{g}: chunks written, commit records not yet",
        "begin docs.upsert": f"{g}: writing the commit records",
        "end docs.upsert": f"{g}: committed, stale chunks not yet deleted",
        "begin chunks.delete": f"{g}: deleting stale chunks",
        "begin bm25.build": "building the BM25 index", "end bm25.build": "saving the BM25 index",
        "begin bm25.save": "saving the BM25 index", "end bm25.save": "BM25 index saved, finishing",
        "end ingest": "ingest done, printing the report",
    }.get(last, f"{g}: embedding" if last.startswith("begin group") else f"after {last}")


def step_seconds(events: list[tuple[float, str]]) -> dict[str, dict]:
    """Calls and total time per traced step of a run (begin .. end), e.g. {"chunks.upsert": {"calls": 5, ...}}."""
    open_at: dict[str, float] = {}
    total: dict[str, dict] = {}
    for t, e in events:
        kind, _, what = e.partition(" ")
        what = re.sub(r" \d+ \(.*| -> .*", "", what)
        if kind == "begin":
            open_at[what] = t
        elif kind == "end" and what in open_at:
            entry = total.setdefault(what, {"calls": 0, "seconds": 0.0})
            entry["calls"] += 1
            entry["seconds"] = round(entry["seconds"] + t - open_at.pop(what), 3)
    return total


def traced_ingest(corpus: Path, store: Path, trace: Path, plan: tuple = ("none",)) -> dict:
    """Run the CLI ingest; kill it with SIGKILL as `plan` says:
    ("time", s): s seconds after it started; ("during", step, s): s seconds after the step began;
    ("at", event): while it holds right after `event` (see tests/store/traced_ingest.py); ("none",): never."""
    env = dict(os.environ, UNESCO_ASSISTANT_STORE_DIR=str(store), UNESCO_ASSISTANT_TEST_TRACE=str(trace))
    if plan[0] == "at":
        env["UNESCO_ASSISTANT_TEST_HOLD_AT"] = plan[1]
    err = trace.with_suffix(".stderr")
    with open(err, "wb") as err_file:
        proc = subprocess.Popen([*INGEST, str(corpus)], env=env, stdout=subprocess.DEVNULL, stderr=err_file, cwd=ROOT)
        t0 = time.monotonic()
        fire_at = plan[1] if plan[0] == "time" else None
        while proc.poll() is None:
            now = time.monotonic() - t0
            if fire_at is None and plan[0] in ("during", "at"):
                events = {e for _, e in read_trace(trace)}
                if plan[0] == "at" and f"hold {plan[1]}" in events:
                    fire_at = now
                elif plan[0] == "during" and f"begin {plan[1]}" in events:
                    fire_at = now + plan[2]
            if fire_at is not None and now >= fire_at:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                break
            if now > 1800:
                proc.kill()
                pytest.fail(f"ingest of {corpus} ran for 30 minutes")
            time.sleep(0.005)
        seconds = time.monotonic() - t0
    events = read_trace(trace)
    killed = proc.returncode == -signal.SIGKILL
    if not killed:
        assert proc.returncode == 0, err.read_text(errors="replace")[-3000:]
    return {"plan": " ".join(f"{p:.3f}" if isinstance(p, float) else str(p) for p in plan), "killed": killed,
            "seconds": round(seconds, 2), "point": kill_point(events) if killed else "ran to the end",
            "last_event": events[-1][1] if events else "", "events": events}


def kill_and_rerun(corpus: Path, store: Path, plans: list[tuple], trace_dir: Path) -> dict:
    """Run the ingest once per plan, each killed at its point (a run that ends first is not a kill and is
    followed by a kill at a random time instead), then once to the end. Returns the figures of every run."""
    trace_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(len(plans))
    runs: list[dict] = []
    todo = list(plans)
    while todo and len(runs) < len(plans) + 10:
        plan = todo.pop(0)
        run = traced_ingest(corpus, store, trace_dir / f"run-{len(runs) + 1:02d}.log", plan)
        runs.append({k: v for k, v in run.items() if k != "events"})
        if not run["killed"]:  # nothing left to write for that point: kill while it reads, at a random moment
            todo.insert(0, ("time", round(rng.uniform(0.5, 0.9) * run["seconds"], 3)))
    final = traced_ingest(corpus, store, trace_dir / "final.log")
    repaired = [e for _, e in final["events"] if e.startswith("end repair ->")]
    return {"runs": runs, "kills": sum(r["killed"] for r in runs),
            "final_rerun": {"seconds": final["seconds"], "repair": repaired[0] if repaired else "",
                            "groups_written": sum(e.startswith("end group") for _, e in final["events"])}}


def compare(expected: tuple, got: tuple) -> dict:
    return {"chroma_chunks": len(got[0]), "bm25_chunks": len(got[1]), "documents": len(got[2]),
            "clean_chroma_chunks": len(expected[0]), "clean_bm25_chunks": len(expected[1]),
            "clean_documents": len(expected[2]), "duplicate_ids": len(got[0]) - len(set(got[0])),
            "missing_ids": len(set(expected[0]) - set(got[0])), "extra_ids": len(set(got[0]) - set(expected[0]))}


def report(name: str, figures: dict) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.json").write_text(json.dumps(figures, indent=1))
    print(f"\n{name}: {figures['kills']} kills, {figures['seconds']:.0f} s in all")
    for n, r in enumerate(figures["runs"], 1):
        print(f"  run {n:2d} [{r['plan']}] {'killed' if r['killed'] else 'not killed'} after {r['seconds']:.2f} s: "
              f"{r['point']}")
    print(f"  final rerun: {figures['final_rerun']}")
    print(f"  store: {figures['store']}")


def clean_ingest(corpus: Path, tmp_path: Path) -> tuple[tuple, dict]:
    clean = traced_ingest(corpus, tmp_path / "clean", tmp_path / "clean-trace.log")
    groups = sum(e.startswith("end group") for _, e in clean["events"])
    first_write = next(t for t, e in clean["events"] if e == "begin chunks.upsert")
    return store_state(tmp_path / "clean"), {"seconds": clean["seconds"], "groups": groups,
                                              "first_write_after_s": first_write,
                                              "step_seconds": step_seconds(clean["events"])}


def test_kill_mid_ingest_then_rerun_equals_clean_ingest(tmp_path):
    """3 kills: 2 at random times (4-14 s: loading the model, reading, embedding), then one with the chunks
    written and their commit records not (the next run's repair removes them), then a rerun."""
    t0 = time.monotonic()
    corpus = legal_subset(tmp_path, 12)
    expected, clean = clean_ingest(corpus, tmp_path)
    rng = random.Random(7)
    plans = [("time", round(rng.uniform(4.0, 14.0), 3)) for _ in range(2)] + [("at", "end chunks.upsert")]
    figures = kill_and_rerun(corpus, tmp_path / "killed", plans, tmp_path / "traces")
    got = store_state(tmp_path / "killed")
    figures.update(corpus=f"{len(list(corpus.iterdir()))} files of {LEGAL.name}", clean=clean,
                   store=compare(expected, got), seconds=round(time.monotonic() - t0, 1))
    report("kills_3", figures)
    assert figures["kills"] == 3, "a run ended before its kill: the corpus ingested faster than the kill delays"
    assert got[0] == expected[0]  # same chunk ids, no duplicates, none missing
    assert got[1] == got[0]  # the keyword index agrees with Chroma
    assert got[2] == expected[2]


def twenty_kill_plans(clean: dict, seed: int) -> list[tuple]:
    """6 kills at random times before the first write of a clean run (model loading, reading, embedding),
    3 a random moment after the repair starts, and 11 inside the commit order: during a Chroma write (a
    random moment within as long as the step took in the clean run), or exactly between two steps (the
    process holds there). Each run takes over where the last one died."""
    rng = random.Random(seed)
    steps = clean["step_seconds"]

    def during(step: str, at_least: float) -> tuple:
        per_call = steps[step]["seconds"] / steps[step]["calls"] if step in steps else 0.0
        return ("during", step, round(rng.uniform(0.0, max(per_call, at_least)), 3))

    def at_random_time() -> tuple:
        return ("time", round(rng.uniform(1.0, clean["first_write_after_s"]), 3))

    return [at_random_time(), during("chunks.upsert", 0.05), ("at", "end chunks.upsert"), during("repair", 0.3),
            at_random_time(), during("docs.upsert", 0.02), ("at", "end docs.upsert"), at_random_time(),
            ("at", "end chunks.upsert"), during("repair", 0.3), during("chunks.upsert", 0.05), at_random_time(),
            during("docs.upsert", 0.02), during("chunks.delete", 0.02), at_random_time(),
            ("at", "end chunks.upsert"), during("repair", 0.3), during("chunks.upsert", 0.05), at_random_time(),
            ("at", "end docs.upsert")]


@pytest.mark.slow
@pytest.mark.timeout(3600)  # ~25 minutes on 2 busy cores; the default per-test limit is 15
def test_twenty_kills_on_the_legal_instruments(tmp_path):
    """Issue 7: 20 SIGKILLs in a row on the whole legal-instruments corpus, then a rerun."""
    if not LEGAL.exists():
        pytest.skip("needs ../shared")
    t0 = time.monotonic()
    expected, clean = clean_ingest(LEGAL, tmp_path)
    figures = kill_and_rerun(LEGAL, tmp_path / "killed", twenty_kill_plans(clean, seed=11), tmp_path / "traces")
    got = store_state(tmp_path / "killed")
    figures.update(corpus=f"{LEGAL.name} ({len(list(LEGAL.glob('*.txt')))} files)", clean=clean,
                   store=compare(expected, got), seconds=round(time.monotonic() - t0, 1))
    report("kills_20", figures)
    assert figures["kills"] == 20
    assert got[0] == expected[0] and got[1] == got[0] and got[2] == expected[2]


def test_second_process_gets_a_clear_message_not_a_hang(tmp_path, assistant, settings):
    code = ("from assistant.api import Assistant; from core.settings import Settings; import pathlib, sys;"
            f"Assistant.open(Settings(store_dir=pathlib.Path({str(settings.store_dir)!r})))")
    # a hang (waiting for the lock instead of refusing) fails on the subprocess timeout
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode != 0
    assert "StoreLockedError" in r.stderr and "chroma run" in r.stderr
    with pytest.raises(StoreLockedError, match=str(os.getpid())):
        from assistant.api import Assistant

        Assistant.open(settings)  # same process, second handle: also refused, naming the holder


def test_cli_reports_a_held_store_in_one_line(tmp_path, assistant, settings):
    r = run_cli("documents", "--store", str(settings.store_dir))
    assert r.returncode == 1 and "in use by another process" in r.stderr and "Traceback" not in r.stderr


def test_foreign_folder_and_old_layout(tmp_path, embedder):
    from store.chroma import ChromaStore

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
    from store.chroma import ChromaStore

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
    from store.chroma import ChromaStore

    s = Settings(store_dir=tmp_path / "st")
    ChromaStore(s, "some-other-model", embedder.dim).close()
    with pytest.raises(ModelMismatchError, match="some-other-model"):
        ChromaStore(s, embedder.name, embedder.dim)
    ChromaStore(s, embedder.name, embedder.dim, rebuild=True).close()  # the named fix works


def test_repair_removes_chunks_of_an_interrupted_write(assistant, tmp_path):
    """A write killed after its chunks but before its commit record leaves garbage that repair removes."""
    from tests.conftest import CORPUS

    assistant.ingest([CORPUS])
    before = sorted(assistant.store.chunk_ids())
    assistant.store.chunks.upsert(ids=["ghost:0123456789abcdef"], embeddings=[[0.1] * 384], documents=["ghost"],
                                  metadatas=[{"doc_id": "ghost", "doc_hash": "x"}])
    assert assistant.store.repair() == 1
    assert sorted(assistant.store.chunk_ids()) == before
