"""Uploads in a bounded, cancellable worker (issue 16, finding 3's remaining part).

The real app on 127.0.0.1 over its own store (the seed pages), driven with gradio_client and chromium; the
crafted files are generated in tmp_path: a 179 kB PDF of 12 pages with 5 MB content streams each (its reader
works until the PDF worker's own limit, 120 s), and CJK text without spaces (slow to cut into passages). Waits are
bounded (`wait_until_ready`) and fail only on a hang; no time is asserted. After every cancel the store is
checked consistent: chunks = the sum of the document records, `repair()` finds nothing, the documents as
before, and the next small upload is ingested.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evals.servers import free_port, wait_until_ready
from tests.conftest import CORPUS
from tests.system.probe import cjk_text, pdf_distinct_streams, run_probe
from tests.system.test_security_limits import record

HANG_S = 300  # a bounded wait: far above what each step needs, reached only when something hangs


@pytest.fixture(scope="module")
def upload_app(tmp_path_factory):
    from assistant.api import Assistant
    from core.settings import Settings
    from ui.app import launch

    old = os.environ.get("UNESCO_ASSISTANT_UPLOAD_SECONDS")
    os.environ["UNESCO_ASSISTANT_UPLOAD_SECONDS"] = "900"  # the stalls below are stopped by a cancel, not the clock
    a = Assistant.open(Settings(store_dir=tmp_path_factory.mktemp("upload-worker") / "store"))
    a.ingest([CORPUS])
    running = launch(a.settings, port=free_port(), block=False, assistant=a, quiet=True)
    try:
        yield running
    finally:
        running.close()
        a.close()
        if old is None:
            os.environ.pop("UNESCO_ASSISTANT_UPLOAD_SECONDS", None)
        else:
            os.environ["UNESCO_ASSISTANT_UPLOAD_SECONDS"] = old


def consistent(a) -> dict:
    """The store's own consistency: chunks = sum of the records, nothing for repair() to remove."""
    docs = a.documents()
    figures = {"chunks": a.store.count(), "records": sum(d.chunks for d in docs), "documents": len(docs)}
    figures["repaired"] = a.store.repair()
    assert figures["chunks"] == figures["records"] and figures["repaired"] == 0, figures
    return figures


def stalled_pdf(folder: Path) -> Path:
    """179 kB: 12 pages of 5 MB content streams each; its reader works until the PDF worker's limit (120 s)."""
    return pdf_distinct_streams(folder / "stall.pdf")


def small_text(folder: Path, name: str, fact: str) -> Path:
    p = folder / name
    p.write_text(f"Ferry records\n\n{fact} The archive is kept in the town library.\n", encoding="utf-8")
    return p


def readers() -> list[int]:
    """This process's descendants that read a file (`ingest.isolated` children and their PDF workers)."""
    parent, command = {}, {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                command[int(d.name)] = (d / "cmdline").read_bytes()
                parent[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue

    def mine(pid: int) -> bool:
        while pid > 1:
            pid = parent.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    return [pid for pid, cmd in command.items()
            if (b"ingest.isolated" in cmd or b"ingest.limits" in cmd) and mine(pid)]


def test_a_stalled_upload_never_blocks_a_chat_answer_and_cancel_leaves_the_store_consistent(upload_app, tmp_path):
    from gradio_client import Client, handle_file

    a, queue = upload_app.assistant, upload_app.demo.upload_queue
    before = {d.id for d in a.documents()}
    uploader = Client(upload_app.url, verbose=False)
    job = uploader.submit([handle_file(str(stalled_pdf(tmp_path)))], api_name="/ingest")
    wait_until_ready(lambda: queue.current is not None and queue.current.state == "running" and readers(),
                     timeout_s=HANG_S, what="the upload worker")
    task = queue.current
    answer = Client(upload_app.url, verbose=False).predict("Which bridge did UNESCO help rebuild?", [],
                                                           api_name="/ask")
    assert "Mostar" in answer["text"]
    assert not task.finished and task.state == "running", "the answer came while the stalled file was in work"
    status = uploader.predict(api_name="/cancel_upload")
    # the cancelled upload ending within the Cancel handler's wait is said as its own status says it (CANCEL_WAIT_S)
    assert "Cancelling" in status or ("Cancelled" in status and "not added" in status), status
    stopped_s = wait_until_ready(lambda: task.finished, timeout_s=HANG_S, what="the cancelled upload")
    shown = job.result(timeout=HANG_S)[0]
    assert task.state == "cancelled" and "Cancelled" in shown and "not added" in shown, shown
    wait_until_ready(lambda: not readers(), timeout_s=60, what="the reader processes to be gone")
    figures = consistent(a)
    assert {d.id for d in a.documents()} == before
    ok = uploader.predict([handle_file(str(small_text(tmp_path, "ferry.txt", "The Mostar ferry ran in 1957.")))],
                          api_name="/ingest")[0]
    assert "1 added" in ok, ok
    assert len(a.documents()) == len(before) + 1
    consistent(a)
    record("upload_cancel", {**figures, "stopped_after_cancel_s": round(stopped_s, 2),
                             "answer_during_stall": answer["text"][:80]})


def test_the_upload_queue_is_bounded_with_a_message(upload_app, tmp_path):
    from gradio_client import Client, handle_file

    a, queue = upload_app.assistant, upload_app.demo.upload_queue
    client = Client(upload_app.url, verbose=False)
    jobs = [client.submit([handle_file(str(stalled_pdf(tmp_path)))], api_name="/ingest")]
    wait_until_ready(lambda: queue.current is not None and queue.current.state == "running", timeout_s=HANG_S)
    for i in range(queue.max_waiting):
        jobs.append(client.submit([handle_file(str(small_text(tmp_path, f"wait{i}.txt", f"Ferry {i} ran.")))],
                                  api_name="/ingest"))
        wait_until_ready(lambda i=i: queue.position(queue._waiting[-1]) == i + 1 if queue._waiting else False,
                         timeout_s=HANG_S, what=f"upload {i + 1} to wait")
    full = client.predict([handle_file(str(small_text(tmp_path, "late.txt", "A late ferry.")))], api_name="/ingest")
    assert "already waiting" in full[0], full[0]
    assert client.predict(api_name="/cancel_upload")  # this session's uploads: all five
    results = [j.result(timeout=HANG_S)[0] for j in jobs]
    assert all("ancelled" in r for r in results), results
    wait_until_ready(lambda: queue.current is None and not queue._waiting, timeout_s=HANG_S)
    record("upload_queue_full", {"refused": full[0][:200], **consistent(a)})


def test_a_file_over_its_budget_is_skipped_and_the_next_one_ingested(assistant, tmp_path):
    """Budget of 3 s per file: the stalled PDF (reading) and 1,000,000 CJK characters (cutting into passages:
    about 20 s; 300,000 took 6 s once chunking counted tokens with the ONNX export's tokenizer, too close to the
    budget) are skipped with the reason; the small file after them is ingested; a file that needs
    more memory than the reader's budget is refused."""
    from assistant.upload_queue import UploadQueue

    assistant.ingest([CORPUS])
    big_html = tmp_path / "big.html"
    big_html.write_text("<html><body>" + "<div><p><b>heritage</b></p></div>" * 400_000 + "</body></html>")
    files = [stalled_pdf(tmp_path), cjk_text(tmp_path / "cjk.txt", 1_000_000), small_text(tmp_path, "ok.txt",
                                                                                         "The ferry ran in 1957.")]
    task = UploadQueue(assistant, budget=(3, 2048 << 20)).submit(files)
    assert task.wait(HANG_S)
    reasons = {Path(s.path).name: s.reason for s in task.report.skipped}
    assert "longer than 3 s" in reasons.get("stall.pdf", ""), reasons
    assert "longer than 3 s" in reasons.get("cjk.txt", ""), reasons
    assert task.state == "done" and len(task.report.added) == 1, task.report
    memory = UploadQueue(assistant, budget=(600, 300 << 20)).submit([big_html])
    assert memory.wait(HANG_S)
    assert "memory" in memory.report.skipped[0].reason, memory.report
    record("upload_budget", {**reasons, "big.html": memory.report.skipped[0].reason, **consistent(assistant)})


UPLOAD_RSS_MB = 1200  # the process holding the store and the model while the hostile files are refused


def test_probe_upload_worker_memory(tmp_path):
    """The worker's process, running the three hostile files under a 5 s budget, stays under UPLOAD_RSS_MB;
    each reader child is limited to 2 GB of address space."""
    r = run_probe("upload_worker", tmp_path, kill_above_mb=UPLOAD_RSS_MB * 2, timeout_s=900)
    record("upload_worker_probe", r)
    assert r["killed"] is None and r["rc"] == 0, r
    assert r["added"] == 1 and {"stall.pdf", "cjk.txt"} <= set(r["skipped"]), r
    assert r["chunks"] == r["records"], r
    assert r["peak_rss_mb"] < UPLOAD_RSS_MB, r


@pytest.mark.browser
def test_cancel_button_and_closing_the_page_stop_the_upload(ui_browser, upload_app, tmp_path):
    a, queue = upload_app.assistant, upload_app.demo.upload_queue
    pdf = stalled_pdf(tmp_path)
    before = {d.id for d in a.documents()}
    outcomes = {}
    for how in ("button", "close"):
        context = ui_browser.new_context()
        page = context.new_page()
        page.goto(upload_app.url)
        page.wait_for_selector("#ua-question textarea", timeout=HANG_S * 1000)
        page.get_by_role("tab", name="Corpus").click()
        page.set_input_files("#ua-upload input[type=file]", [str(pdf)])
        page.wait_for_function("() => document.querySelector('#ua-upload')?.innerText.includes('stall')",
                               timeout=HANG_S * 1000)
        page.click("#ua-ingest")
        wait_until_ready(lambda: queue.current is not None and queue.current.state == "running",
                         timeout_s=HANG_S, what="the upload to start")
        task = queue.current
        if how == "button":
            page.click("#ua-upload-cancel")
            page.wait_for_function(
                "() => document.querySelector('#ua-corpus-status')?.innerText.includes('not added')",
                timeout=HANG_S * 1000)
            context.close()
        else:
            context.close()  # the page goes away: Gradio's unload event cancels its uploads
        wait_until_ready(lambda: task.finished, timeout_s=HANG_S, what=f"the upload cancelled by {how}")
        assert task.state == "cancelled", (how, task.state, task.stage)
        outcomes[how] = task.stage
    wait_until_ready(lambda: not readers(), timeout_s=60, what="the reader processes to be gone")
    assert {d.id for d in a.documents()} == before
    record("upload_cancel_browser", {**outcomes, **consistent(a)})


def test_a_file_with_too_much_text_is_refused_before_the_parent_reads_it(assistant, tmp_path):
    """The reader refuses text over UPLOAD_TEXT_CHARS (the parent's memory for cleaning and cutting grows with
    the text: 12 PDF pages giving 19 million characters took it to 3.5 GB before this limit)."""
    from assistant.upload_queue import UploadQueue
    from ingest.isolated import UPLOAD_TEXT_CHARS

    assistant.ingest([CORPUS])
    big = tmp_path / "long.txt"
    big.write_text("Long\n\n" + ("The ferry crossed the river again. " * (UPLOAD_TEXT_CHARS // 34 + 10)), encoding="utf-8")
    task = UploadQueue(assistant).submit([big, small_text(tmp_path, "ok.txt", "The ferry ran in 1957.")])
    assert task.wait(HANG_S)
    (skipped,) = task.report.skipped
    assert "characters of text (limit" in skipped.reason and len(task.report.added) == 1, task.report
    record("upload_text_cap", {"reason": skipped.reason, **consistent(assistant)})


def test_probe_text_at_the_cap_memory(tmp_path):
    """Cleaning and cutting 3,000,000 characters (just under the cap) in a fresh process with the model loaded:
    under UPLOAD_RSS_MB."""
    r = run_probe("upload_text_at_cap", tmp_path, kill_above_mb=UPLOAD_RSS_MB * 2, timeout_s=900)
    record("upload_text_at_cap", r)
    assert r["killed"] is None and r["rc"] == 0 and r["chunks"] > 1000, r
    assert r["peak_rss_mb"] < UPLOAD_RSS_MB, r
