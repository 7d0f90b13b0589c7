"""Concurrent chats against the real UI process through `gradio_client` (the page's own /chat endpoint).

The UI runs as `unesco-assistant ui --no-ingest` in its own process (so its RSS is its own); N client
threads each hold one gradio_client session and ask questions back to back. Time to first token: from
submit to the first streamed update whose answer text is non-empty; total: to the job's end. A soak
keeps 10 chats going for a while and samples the UI's RSS.
"""

from __future__ import annotations

import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.coldstart import VENV_BIN, _env
from benchmarks.common import hwm_mb, loadavg, log, rss_mb, summary_ms
from evals.servers import answers, free_port, stop, wait_until_ready


def start_ui(store: Path, collection: str, timeout: float = 600):
    port = free_port()
    p = subprocess.Popen([str(VENV_BIN / "unesco-assistant"), "ui", "--no-ingest", "--port", str(port)],
                         env=_env(store, collection), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        ready = wait_until_ready(lambda: answers(url), timeout_s=timeout, process=p, what="the UI")
    except BaseException:  # ServerNotReady, or interrupted while waiting
        p.kill()
        p.wait()
        raise
    return p, url, ready


def _answer_text(chatbot) -> str:
    if not chatbot:
        return ""
    last = chatbot[-1]
    content = last.get("content") if isinstance(last, dict) else last
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content or "")


def one_chat(client, question: str) -> dict:
    t = time.perf_counter()
    ttft = None
    try:
        job = client.submit(question, api_name="/chat")
        for out in job:
            if ttft is None and len(out) > 1 and _answer_text(out[1]).strip():
                ttft = time.perf_counter() - t
        result = job.result()
        total = time.perf_counter() - t
        ok = bool(result and _answer_text(result[1]).strip())
        return {"ttft": ttft if ttft is not None else total, "total": total, "ok": ok, "error": None if ok else "empty answer"}
    except Exception as e:  # noqa: BLE001 - counted as an error
        return {"ttft": None, "total": time.perf_counter() - t, "ok": False, "error": f"{type(e).__name__}: {e}"[:200]}


def make_clients(url: str, n: int) -> list:
    from gradio_client import Client

    with ThreadPoolExecutor(min(n, 8)) as ex:
        return list(ex.map(lambda _: Client(url, verbose=False, download_files=False), range(n)))


def run_level(url: str, users: int, chats_per_user: int, questions: list[str]) -> dict:
    clients = make_clients(url, users)
    results: list[dict] = []
    lock = threading.Lock()

    def user(i: int) -> None:
        for j in range(chats_per_user):
            r = one_chat(clients[i], questions[(i * chats_per_user + j) % len(questions)])
            with lock:
                results.append(r)

    l0 = loadavg()
    t = time.perf_counter()
    with ThreadPoolExecutor(users) as ex:
        list(ex.map(user, range(users)))
    wall = time.perf_counter() - t
    good = [r for r in results if r["ok"]]
    errors = [r["error"] for r in results if not r["ok"]]
    out = {"users": users, "chats": len(results), "errors": len(errors), "error_samples": errors[:3],
           "ttft": summary_ms([r["ttft"] for r in good]), "total": summary_ms([r["total"] for r in good]),
           "wall_s": wall, "chats_per_s": len(results) / wall, "loadavg": [l0, loadavg()]}
    log(f"[load {users}] {len(results)} chats, {len(errors)} errors: ttft p50 {out['ttft']['p50_ms']:.0f} ms "
        f"p95 {out['ttft']['p95_ms']:.0f} ms, total p95 {out['total']['p95_ms']:.0f} ms, {out['chats_per_s']:.2f} chats/s")
    return out


def soak(url: str, pid: int, seconds: float, users: int, questions: list[str], sample_s: float = 15.0,
         chats_per_session: int | None = 10) -> dict:
    """`users` chats at a time for `seconds`; each user starts a new session (a new conversation) every
    `chats_per_session` chats (None: one conversation per user for the whole soak)."""
    from gradio_client import Client

    clients = make_clients(url, users)
    stop = time.monotonic() + seconds
    counts = {"chats": 0, "errors": 0}
    lock = threading.Lock()
    totals: list[float] = []

    def user(i: int) -> None:
        j = 0
        while time.monotonic() < stop:
            if chats_per_session and j and j % chats_per_session == 0:
                clients[i] = Client(url, verbose=False, download_files=False)
            r = one_chat(clients[i], questions[(i * 7 + j) % len(questions)])
            j += 1
            with lock:
                counts["chats"] += 1
                counts["errors"] += 0 if r["ok"] else 1
                if r["ok"]:
                    totals.append(r["total"])

    samples = [{"t_s": 0.0, "rss_mb": rss_mb(pid), "chats": 0}]
    t0 = time.monotonic()
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for th in threads:
        th.start()
    while any(th.is_alive() for th in threads):
        time.sleep(sample_s)
        samples.append({"t_s": round(time.monotonic() - t0, 1), "rss_mb": rss_mb(pid), "chats": counts["chats"],
                        "loadavg": loadavg()})
    for th in threads:
        th.join()
    half = len(totals) // 2
    out = {"seconds": seconds, "users": users, "chats_per_session": chats_per_session, **counts, "rss_samples": samples,
           "rss_start_mb": samples[1]["rss_mb"] if len(samples) > 1 else samples[0]["rss_mb"],
           "rss_end_mb": samples[-1]["rss_mb"], "peak_rss_mb": hwm_mb(pid),
           "total_first_half": summary_ms(totals[:half]), "total_second_half": summary_ms(totals[half:])}
    log(f"[soak] {seconds:.0f} s x {users} users: {counts['chats']} chats, {counts['errors']} errors; RSS "
        f"{out['rss_start_mb']:.0f} -> {out['rss_end_mb']:.0f} MB (peak {out['peak_rss_mb']:.0f})")
    return out


def run_load(store: Path, collection: str, questions: list[str], levels=((1, 8), (10, 3), (25, 2)),
             soak_s: float = 600.0) -> dict:
    p, url, ready = start_ui(store, collection)
    try:
        log(f"UI at {url} ready after {ready:.1f} s (RSS {rss_mb(p.pid):.0f} MB)")
        rss_ready = rss_mb(p.pid)
        make_clients(url, 1)[0].predict(questions[0], api_name="/chat")  # warm
        out = {"store": str(store), "ui_ready_s": ready, "rss_ready_mb": rss_ready, "levels": []}
        for users, per in levels:
            out["levels"].append(run_level(url, users, per, questions))
            out["levels"][-1]["rss_mb"] = rss_mb(p.pid)
        if soak_s > 0:
            out["soak"] = soak(url, p.pid, soak_s, 10, questions)
        out["peak_rss_mb"] = hwm_mb(p.pid)
        return out
    finally:
        stop(p)
