"""Load, only against 127.0.0.1: concurrent chat sessions through `gradio_client`, with an upload-and-ingest
in the middle.

Each session is a `gradio_client.Client` (its own Gradio session, so follow-ups use the conversation kept on
the server) that plays short conversations of seed questions and follow-ups ("Which bridge did UNESCO help
rebuild?" then "In which year?") back to back, without pause, and starts a fresh session every two
conversations, as a user who opens a new page would. Halfway through, another client uploads a document through
the Corpus tab's `/ingest` endpoint and then asks about it. Pins down: every request is answered correctly
(the expected facts are in the answer) or refused with a clear "queue is full" message, nothing else; the
uploaded document is answerable; p50/p95/max latency and the server's RSS (sampled each second from
/proc/PID/status) are reported, and RSS is flat at the end.

- default run: 10 sessions for 20 s against the in-process app of the UI tests (`ui_app`);
- `-m slow`: 50 sessions for 5 minutes against a real `unesco-assistant ui` server process, once its first-run
  ingest of the bundled library is done (its time and RSS are recorded as `first_run`).

Figures go to test-artifacts/reliability/load_*.json; docs/reliability.md quotes them.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from evals.servers import ServerNotReady, answers, free_port, wait_until_ready
from tests.conftest import BIN, ROOT

ARTIFACTS = ROOT / "test-artifacts" / "reliability"
CONVERSATIONS = [
    [("Which bridge did UNESCO help rebuild?", ["Mostar"]), ("In which year?", ["2004"])],
    [("What are UNESCO's three comparative advantages in science diplomacy?", ["Legitimacy", "Credibility",
                                                                               "Universality"]),
     ("What about the third one?", ["network of partners"])],
    [("Which laboratory did UNESCO help create in the 1950s?", ["CERN"])],
    [("On what is UNESCO's legitimacy in science diplomacy based?", ["Legitimacy"]), ("Since which year?", ["1946"])],
    [("Which mausoleums did UNESCO help reconstruct?", ["Timbuktu"]),
     ("In which year were they destroyed?", ["2012"])],
    [("When is International Jazz Day?", ["30 April"]), ("Who does it bring together?", ["students"])],
]
UPLOAD_NAME = "quillon_ledger_load_test.txt"
UPLOAD_TEXT = ("The Quillon heritage ledger\n\nThe Quillon heritage ledger records that the Quillon observatory was "
               "restored by a team of forty-two volunteers in 1987.\n")
UPLOAD_QUESTION = ("How many volunteers restored the Quillon observatory according to the Quillon heritage ledger?",
                   ["forty-two"])
BUSY = re.compile(r"queue is full", re.IGNORECASE)


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size in MB, from /proc (no psutil needed)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS line")


def last_answer(messages: list[dict]) -> str:
    """The text of the last answer bubble (not its Sources / Related panels)."""
    answers = [m for m in messages if m["role"] == "assistant" and not (m.get("metadata") or {}).get("title")]
    content = answers[-1]["content"] if answers else ""
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"chat": [], "ingest": [], "session": []})
    answered: int = 0
    busy: int = 0
    errors: list[str] = field(default_factory=list)
    rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds since start, MB)
    upload: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def session_loop(url: str, n: int, deadline: float, results: Results) -> None:
    from gradio_client import Client

    rng = random.Random(n)
    client, played = None, 0
    while time.monotonic() < deadline:
        if client is None or played >= 2:  # a fresh page: a new Gradio session
            if client is not None:
                client.close()
            t0 = time.perf_counter()
            try:
                client = Client(url, verbose=False, download_files=False)
            except Exception as exc:  # noqa: BLE001 - recorded as a failure of the run
                with results.lock:
                    results.errors.append(f"session {n}: could not connect: {type(exc).__name__}: {exc}")
                return
            results.record("session", time.perf_counter() - t0)
            played = 0
        conversation = CONVERSATIONS[rng.randrange(len(CONVERSATIONS))]
        state: list = []  # the browser-side conversation the /chat endpoint takes and returns
        for question, facts in conversation:
            if time.monotonic() >= deadline:
                break
            t0 = time.perf_counter()
            try:
                textbox, messages, state, _picker = client.predict(question, state, api_name="/chat")
            except Exception as exc:  # noqa: BLE001 - classified: busy or error
                with results.lock:
                    if BUSY.search(str(exc)):
                        results.busy += 1
                    else:
                        results.errors.append(f"{question!r}: {type(exc).__name__}: {str(exc)[:200]}")
                break  # the conversation lost its thread; start the next one
            results.record("chat", time.perf_counter() - t0)
            answer = last_answer(messages)
            missing = [f for f in facts if f not in answer]
            with results.lock:
                if missing or textbox != "":
                    results.errors.append(f"{question!r}: missing {missing} in {answer[:160]!r}")
                else:
                    results.answered += 1
        played += 1
    if client is not None:
        client.close()


def upload_and_ask(url: str, folder: Path, results: Results) -> None:
    from gradio_client import Client, handle_file

    path = folder / UPLOAD_NAME
    path.write_text(UPLOAD_TEXT, encoding="utf-8")
    client = Client(url, verbose=False, download_files=False)
    try:
        t0 = time.perf_counter()
        # the status first; then the table, the pickers, the header and the cleared file list (their number follows
        # the components the Corpus tab refreshes)
        status = client.predict([handle_file(str(path))], api_name="/ingest")[0]
        results.record("ingest", time.perf_counter() - t0)
        results.upload["ingest_s"] = round(time.perf_counter() - t0, 3)
        results.upload["status"] = re.sub(r"<[^>]+>", "", status)[:200]
        if "1 added" not in status:
            results.errors.append(f"upload: {status[:300]}")
            return
        t0 = time.perf_counter()
        answer = client.predict(UPLOAD_QUESTION[0], [], api_name="/ask")
        results.upload["ask_s"] = round(time.perf_counter() - t0, 3)
        if not all(f in answer["text"] for f in UPLOAD_QUESTION[1]):
            results.errors.append(f"the uploaded document is not answered from: {answer['text'][:200]}")
        else:
            results.upload["answered"] = True
    except Exception as exc:  # noqa: BLE001 - recorded
        results.errors.append(f"upload: {type(exc).__name__}: {str(exc)[:300]}")
    finally:
        client.close()


def run_load(url: str, pid: int | str, sessions: int, seconds: float, folder: Path, idle_after: float = 5.0) -> dict:
    results = Results()
    t_start = time.monotonic()
    deadline = t_start + seconds
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            results.rss.append((round(time.monotonic() - t_start, 1), round(rss_mb(pid), 1)))
            stop.wait(1.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    threads = []
    for n in range(sessions):
        threads.append(threading.Thread(target=session_loop, args=(url, n, deadline, results), daemon=True))
        threads[-1].start()
        time.sleep(min(0.1, 2.0 / sessions))  # everyone arrives within ~2 s
    time.sleep(max(0.0, seconds / 2 - (time.monotonic() - t_start)))
    uploader = threading.Thread(target=upload_and_ask, args=(url, folder, results), daemon=True)
    uploader.start()
    for t in [*threads, uploader]:
        t.join(timeout=seconds + 600)
    hung = [t for t in [*threads, uploader] if t.is_alive()]
    busy_end = time.monotonic()
    time.sleep(idle_after)  # RSS once the load is over
    stop.set()
    sampler.join()

    chat = results.latencies["chat"]
    load_rss = [mb for t, mb in results.rss if t <= busy_end - t_start]
    third = max(1, len(load_rss) // 3)
    figures = {
        "sessions": sessions, "seconds": seconds, "requests": results.answered + results.busy + len(results.errors),
        "answered": results.answered, "busy": results.busy, "errors": len(results.errors),
        "error_samples": results.errors[:10], "hung_threads": len(hung),
        "throughput_per_s": round(results.answered / max(busy_end - t_start, 1e-9), 2),
        "chat_latency_s": {"p50": round(percentile(chat, 0.5), 3), "p95": round(percentile(chat, 0.95), 3),
                           "max": round(max(chat, default=0.0), 3),
                           "mean": round(statistics.fmean(chat), 3) if chat else 0.0},
        "new_session_s": {"p95": round(percentile(results.latencies["session"], 0.95), 3)},
        "upload": results.upload,
        "rss_mb": {"start": results.rss[0][1], "end_of_first_third_max": max(load_rss[:third]),
                   "last_third_max": max(load_rss[-third:]), "peak": max(mb for _, mb in results.rss),
                   "after_load": results.rss[-1][1]},
        "rss_samples": results.rss,
    }
    rss = figures["rss_mb"]
    rss["growth_after_warmup"] = round(rss["last_third_max"] - rss["end_of_first_third_max"], 1)
    return figures


def save(name: str, figures: dict) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.json").write_text(json.dumps(figures, indent=1))
    shown = {k: v for k, v in figures.items() if k != "rss_samples"}
    print(f"\n{name}: {json.dumps(shown, indent=1)}")


def check(figures: dict, rss_growth_mb: float) -> None:
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["hung_threads"] == 0
    assert figures["answered"] > figures["sessions"], "every session was answered at least once"
    assert figures["upload"].get("answered"), figures["upload"]
    rss = figures["rss_mb"]
    # Flat: once warm (end of the first third), the resident set grows by less than the bound until the end.
    assert rss["last_third_max"] <= rss["end_of_first_third_max"] + rss_growth_mb, rss
    assert rss["after_load"] <= rss["last_third_max"] + rss_growth_mb / 2, rss


def test_ten_sessions_for_twenty_seconds_with_an_upload(ui_app, tmp_path):
    try:
        figures = run_load(ui_app.url, "self", sessions=10, seconds=20, folder=tmp_path, idle_after=2.0)
    finally:
        for doc in ui_app.assistant.documents():  # the UI tests share this store: leave it as it was
            if doc.source.startswith("quillon_ledger_load_test"):
                ui_app.assistant.delete_document(doc.id)
    save("load_short", figures)
    # In-process: the test's own threads share the RSS; a short run is mostly warm-up, so the bound is loose.
    check(figures, rss_growth_mb=250)


@pytest.fixture
def server(tmp_path):
    """A real `unesco-assistant ui` process on 127.0.0.1 over a fresh store. On a first run the server ingests the
    seed pages before it answers and the 79 legal instruments in a background thread after; the fixture waits for
    that ingest to finish (the store's `library-ingested.json` marker), so the load meets a server whose library
    is all in: the store growing from 2 to 81 documents is data, not a leak, and its memory is recorded apart
    (`first_run` in the figures)."""
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False")
    proc = subprocess.Popen([str(BIN / "unesco-assistant"), "ui", "--host", "127.0.0.1", "--port", str(port),
                             "--store", str(tmp_path / "store")], stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_ready(lambda: answers(url + "config"), timeout_s=300, process=proc, what="the ui server")
        first_run = {"rss_mb_when_ready": round(rss_mb(proc.pid), 1)}
        marker = tmp_path / "store" / "library-ingested.json"
        first_run["library_ingest_s"] = round(wait_until_ready(marker.exists, timeout_s=1200, process=proc,
                                                               interval_s=1.0, what="the library ingest"), 1)
        first_run["rss_mb_library_in"] = round(rss_mb(proc.pid), 1)
    except ServerNotReady as exc:
        proc.kill()
        pytest.fail(f"{exc}:\n{(tmp_path / 'server.log').read_text()[-3000:]}")
    yield url, proc.pid, first_run
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    log.close()


LOAD_SECONDS = float(os.environ.get("UNESCO_ASSISTANT_LOAD_SECONDS", "300"))


@pytest.mark.slow
@pytest.mark.timeout(LOAD_SECONDS + 2100)  # the library ingest first (up to 20 minutes), then the load
def test_fifty_sessions_for_five_minutes_with_an_upload(server, tmp_path):
    url, pid, first_run = server
    seconds = LOAD_SECONDS
    figures = run_load(url, pid, sessions=50, seconds=seconds, folder=tmp_path, idle_after=10.0)
    figures["first_run"] = first_run
    save("load_5min", figures)
    check(figures, rss_growth_mb=100)
