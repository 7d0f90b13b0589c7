"""The page in a real browser (Debian's chromium through playwright), against the real app and store.

Pins down: a seed question gets a streamed answer with [n] markers; clicking a marker opens the passage
in its document, highlighted and scrolled into view; follow-ups and New chat work; lookup and corpus
management work from the page; hostile documents (script tags, event handlers, javascript: links,
markdown images, template syntax, a hostile file name) show as text and run nothing; the page loads
nothing from outside 127.0.0.1; no file outside the app is served. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from evals.servers import ServerNotReady, answers, wait_until_ready
from tests.ui_fixtures import ARTIFACTS

pytestmark = pytest.mark.browser

SEED = "What are UNESCO's three comparative advantages in science diplomacy?"
TIMINGS = ARTIFACTS / "ui_timings.txt"

HOSTILE_TXT = """Zorblax protocol field notes

The Zorblax protocol requires <script>window.__xss=1</script> in every field report.

The Zorblax protocol also lists <img src=x onerror="window.__xss=1"> and <svg onload="window.__xss=1"></svg> as markers.

Zorblax auditors link to [the audit](javascript:window.__xss=1) and show ![tracker](http://example.com/pixel.png) images.

Zorblax templates use ${window.__xss=1} and {{constructor.constructor('window.__xss=1')()}} placeholders.
"""

HOSTILE_HTML = """<!doctype html><html><head><title>Zorblax &lt;img src=x onerror="window.__xss=1"&gt; brief</title>
<script>window.__xss = 1</script></head><body onload="window.__xss=1">
<h1>Zorblax brief</h1>
<p>The Zorblax brief quotes &lt;script&gt;window.__xss=1&lt;/script&gt; verbatim for the auditors.</p>
<p>The Zorblax brief ends with <a href="javascript:window.__xss=1">a link</a> and an
<img src="http://example.com/tracker.png" onerror="window.__xss=1"> image.</p>
</body></html>
"""


def record(name: str, seconds: float) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with TIMINGS.open("a", encoding="utf-8") as f:
        f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {name}: {seconds:.2f} s\n")


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def bot_texts(page) -> list[str]:
    """The text of each answer bubble (the Sources / Related panels left out)."""
    texts = page.eval_on_selector_all('#ua-chat [data-testid="bot"]', "els => els.map(e => e.innerText)")
    return [t for t in texts if not t.lstrip().startswith(("Sources ·", "Related passages"))]


# How long a test waits for the app's work (an answer streamed, a deletion done) before calling it hung: a guard,
# not a speed check (speed lives in benchmarks). Under load the first answer after an upload took over 60 s in CI.
ANSWER_WAIT_MS = 600_000
PANEL_WAITS = 6  # waits of 10 s for a panel's contents, each after clicking it open if it was drawn closed


def ask(page, question: str) -> tuple[float, float]:
    """Type and send a question; (seconds to first streamed text, seconds to the finished answer)."""
    users_before = page.locator('#ua-chat [data-testid="user"]').count()
    page.fill("#ua-question textarea", question)
    t0 = time.perf_counter()
    page.click("#ua-ask")
    page.wait_for_function(
        """n => { const users = document.querySelectorAll('#ua-chat [data-testid="user"]');
                  const bots = document.querySelectorAll('#ua-chat [data-testid="bot"]');
                  return users.length > n && bots.length > 0 &&
                         bots[bots.length - 1].innerText.replace('▍', '').trim().length > 0; }""",
        arg=users_before, timeout=ANSWER_WAIT_MS, polling=20)
    first = time.perf_counter() - t0
    page.wait_for_function("() => !document.querySelector('#ua-chat .cursor')", timeout=ANSWER_WAIT_MS, polling=20)
    return first, time.perf_counter() - t0


def open_panel(page, title, inside: str) -> None:
    """Click a Sources panel's title until `inside` shows. Under load (a CI run at load 20+) the chat's last
    re-render after the streamed answer can land after the click and draw the panel closed again: a click that
    opened nothing is repeated. A guard against a hang, not a speed check."""
    title.click()
    for _ in range(PANEL_WAITS):
        try:
            page.wait_for_selector(inside, state="visible", timeout=10_000)
            return
        except PlaywrightTimeout:
            if "expanded" not in (title.get_attribute("class") or ""):
                title.click()  # drawn closed again: open it (not when open and still drawing: that would close it)
    page.wait_for_selector(inside, state="visible", timeout=10_000)  # fails with the selector that never showed


def xss_fired(page) -> bool:
    return page.evaluate("() => window.__xss !== undefined")


def test_seed_question_cited_and_opened_in_context(ui_page, ui_app):
    page = ui_page
    record("launch() to page ready (store already open)", ui_app.seconds_to_ready)
    shot(page, "01_chat_empty")
    assert page.get_by_text("Which bridge did UNESCO help rebuild?").count() >= 1, "example questions on load"

    first, final = ask(page, SEED)
    record("seed question: first streamed text", first)
    record("seed question: finished answer", final)
    answer = bot_texts(page)[0]
    for word in ("Legitimacy", "Credibility", "Universality", "[1]"):
        assert word in answer
    markers = page.locator("#ua-chat button.cite")
    assert markers.count() >= 2
    # The first source opens by itself; clicking [2] opens it in the viewer.
    page.wait_for_selector("#ua-viewer .ua-passage-in-doc mark")
    marker2 = page.locator("#ua-chat button.cite-k-0-2").first
    marker2.click()
    page.wait_for_function("() => document.querySelector('#ua-viewer .ua-viewer-label')?.innerText.includes('[2]')",
                           timeout=15_000)
    viewer = page.locator("#ua-viewer")
    assert "Science Diplomacy" in viewer.inner_text()
    highlighted = page.locator("#ua-viewer .ua-passage-in-doc mark").first.inner_text()
    assert highlighted.strip() and highlighted.strip() in answer.replace("\n", " ") or "Credibility" in highlighted
    page.wait_for_timeout(300)
    visible = page.evaluate("""() => { const box = document.querySelector('#ua-viewer .ua-doc-text');
        const p = document.querySelector('#ua-viewer .ua-passage-in-doc');
        const b = box.getBoundingClientRect(), r = p.getBoundingClientRect();
        return r.top >= b.top - 1 && r.top < b.bottom; }""")
    assert visible, "the cited passage is scrolled into view inside the document"
    assert page.input_value("#ua-ref-id textarea, #ua-ref-id input").startswith("000_ba9ac47ce8679b22:")
    open_panel(page, page.locator("#ua-chat .thought-group .title", has_text="Sources · 2 passages").first,
               "#ua-chat .ua-src mark")
    assert page.locator("#ua-chat .ua-src").count() == 2
    assert "Citation id: 000_ba9ac47ce8679b22:" in page.locator("#ua-chat .ua-src").first.inner_text()
    page.locator("#ua-chat .ua-src").first.scroll_into_view_if_needed()
    shot(page, "02_chat_answer_sources_viewer")
    assert not xss_fired(page)
    assert page.external_requests == [], page.external_requests


def test_followup_then_new_chat(ui_page):
    page = ui_page
    ask(page, "Which bridge in Bosnia and Herzegovina did UNESCO help reconstruct?")
    ask(page, "In which year was it rebuilt?")
    texts = bot_texts(page)
    assert "Mostar" in texts[0]
    assert "2004" in texts[-1]
    shot(page, "03_chat_followup")
    page.click("#ua-new-chat")
    page.wait_for_function("() => document.querySelectorAll('#ua-chat [data-testid=\"user\"]').length === 0")
    assert "Source viewer" in page.locator("#ua-viewer").inner_text()


def test_example_question_runs_on_click(ui_page):
    page = ui_page
    page.get_by_text("Which bridge did UNESCO help rebuild?").first.click()
    page.wait_for_function("() => document.querySelector('#ua-chat button.cite')", timeout=ANSWER_WAIT_MS)
    assert "Mostar" in bot_texts(page)[0]


def test_lookup_tab_shows_ranked_highlighted_hits(ui_page):
    page = ui_page
    page.get_by_role("tab", name="Lookup").click()
    page.fill("#ua-lookup-q textarea", "the cradle of modern science diplomacy")
    page.click("#ua-lookup-go")
    page.wait_for_selector("#ua-lookup-results .ua-hit mark", timeout=30_000)
    first = page.locator("#ua-lookup-results .ua-hit").first
    assert "Science Diplomacy" in first.inner_text() and "exact match" in first.inner_text()
    assert first.locator("mark").inner_text() == "the cradle of modern science diplomacy"
    shot(page, "04_lookup")


def test_hostile_documents_render_inert_everywhere(ui_page, ui_app, tmp_path):
    page, assistant = ui_page, ui_app.assistant
    before = {d.id for d in assistant.documents()}
    hostile_name = tmp_path / 'zorblax<img src=x onerror="window.__xss=1">.txt'
    hostile_name.write_text(HOSTILE_TXT, encoding="utf-8")
    (tmp_path / "zorblax_brief.html").write_text(HOSTILE_HTML, encoding="utf-8")
    try:
        page.get_by_role("tab", name="Corpus").click()
        page.set_input_files("#ua-upload input[type=file]", [str(hostile_name), str(tmp_path / "zorblax_brief.html")])
        page.wait_for_timeout(800)
        page.click("#ua-ingest")
        page.wait_for_function(
            "() => document.querySelector('#ua-corpus-status')?.innerText.includes('Ingest finished')",
            timeout=120_000)
        added = {d.id for d in assistant.documents()} - before
        assert len(added) == 2, page.locator("#ua-corpus-status").inner_text()
        table = page.locator("#ua-docs").inner_text()
        assert 'onerror="window.__xss=1"' in table or "onerror=" in table, "hostile titles show as text"
        shot(page, "05_corpus_after_hostile_upload")
        assert not xss_fired(page)

        page.get_by_role("tab", name="Chat").click()
        ask(page, "What does the Zorblax protocol require in every field report?")
        answer = bot_texts(page)[-1]
        assert "<script>window.__xss=1</script>" in answer, answer
        for panel in page.locator("#ua-chat .thought-group .title").all():
            panel.click()
        page.wait_for_timeout(500)
        chat = page.locator("#ua-chat").inner_text()
        assert "<script>" in chat
        for marker in page.locator("#ua-chat button.cite").all()[:4]:
            marker.click()
            page.wait_for_timeout(400)
        ask(page, "What do Zorblax auditors link to and show, and what do Zorblax templates use?")
        page.locator("#ua-chat button.cite").last.click()
        page.wait_for_timeout(600)
        viewer = page.locator("#ua-viewer").inner_text()
        assert "Zorblax" in viewer
        assert page.locator("#ua-chat img, #ua-viewer img, #ua-chat svg[onload], #ua-chat a[href^=javascript]").count() == 0
        shot(page, "06_chat_hostile_document")

        page.get_by_role("tab", name="Lookup").click()
        page.fill("#ua-lookup-q textarea", '<img src=x onerror="window.__xss=1">')
        page.click("#ua-lookup-go")
        page.wait_for_selector("#ua-lookup-results .ua-hit, #ua-lookup-results .ua-lookup-none", timeout=30_000)
        assert "onerror" in page.locator("#ua-lookup-results").inner_text()
        shot(page, "07_lookup_hostile")
        assert not xss_fired(page), "no script from a document ran"
        assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0

        page.get_by_role("tab", name="Corpus").click()
        for doc_id in sorted(added):
            page.click("#ua-delete-pick input")
            page.fill("#ua-delete-pick input", "")
            page.keyboard.type("Zorblax")
            title = next(d.title for d in assistant.documents() if d.id == doc_id)
            page.get_by_role("option").filter(has_text=title[:20]).first.click()
            page.click("#ua-delete")
            page.wait_for_function("() => document.querySelector('#ua-corpus-status')?.innerText.includes('Deleted')",
                                   timeout=30_000)
            page.wait_for_timeout(300)
        assert not ({d.id for d in assistant.documents()} & added), "deleted from the page"
        assert "Zorblax" not in page.locator("#ua-docs").inner_text()
        assert not xss_fired(page)
        assert not [u for u in page.external_requests if "example.com" in u], page.external_requests
        assert page.external_requests == []
    finally:
        for doc_id in {d.id for d in assistant.documents()} - before:
            assistant.delete_document(doc_id)


def test_files_outside_the_app_are_not_served_to_a_browser(ui_page, ui_app):
    page = ui_page
    for path in ("gradio_api/file=/etc/passwd", "gradio_api/file=..%2F..%2F..%2F..%2Fetc%2Fpasswd",
                 "gradio_api/file=%2Fetc%2Fpasswd"):
        response = page.goto(ui_app.url + path)
        assert response.status in (403, 404)
        assert "root:" not in page.content()


def test_time_from_launch_to_page_ready_cold(ui_settings, ui_browser):
    """The user's view of `unesco-assistant ui`: a new process imports, opens the store (model load
    included), serves, and the page renders in the browser."""
    import subprocess
    import sys

    from tests.ui_fixtures import free_port

    port = free_port()
    code = ("import sys; from pathlib import Path; from core.settings import Settings; from ui.app import launch; "
            f"launch(Settings(store_dir=Path(sys.argv[1])), port={port}, quiet=True)")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(Path(ui_settings.store_dir).parent / "store-cold")],
                            cwd=Path(__file__).resolve().parents[2],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/"
        try:  # a wait that only a hang exhausts (one CI run under load 29 took 442 s to start)
            wait_until_ready(lambda: answers(url, timeout_s=1), timeout_s=850, process=proc, what="the UI")
        except ServerNotReady as exc:
            raise AssertionError(f"{exc}: {proc.stderr.read().decode()[-2000:]}") from None
        served = time.perf_counter() - t0
        page = ui_browser.new_page()
        page.goto(url)
        page.wait_for_selector("#ua-question textarea")
        rendered = time.perf_counter() - t0
        page.close()
        record("cold start: new process to server answering (imports, model, store)", served)
        record("cold start: new process to page rendered in chromium", rendered)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_evals_tab_runs_gold_and_shows_metrics_and_plots(ui_page):
    page = ui_page
    page.get_by_role("tab", name="Evals").click()
    page.click("#ua-eval-run")
    page.wait_for_function("() => document.querySelector('#ua-eval-floors')?.innerText.includes('floors')",
                           timeout=600_000)
    table = page.locator("#ua-eval-table").inner_text()
    for label in ("Hit@5 (retrieval)", "Answer correct", "Citation precision", "Split: test"):
        assert label in table
    page.wait_for_selector("#ua-eval-plots img")
    assert page.locator("#ua-eval-plots img").count() >= 2
    shot(page, "08_evals")
