"""In chromium, against the app as `make run` starts it (its own process, the store under a temporary HOME) over the
seed pages and four legal instruments (two Recommendations of 2015, one of 1960, the 1972 Convention):

- "Ask again" answers the last question again in place of its answer (same length of conversation), with the
  limits set now, and the new answer is what a reload shows;
- the type and year filters keep an answer to Recommendations of one year (then of a range);
- an upload made in the test is labelled "uploaded <date>" in the sources panel, the picker, the viewer, lookup
  hits and the export (footnote, BibTeX note, RIS N1), a library document "UNESCO library"; an upload that has a
  library document's title is told apart by origin and file name; "UNESCO library only" leaves the upload out.

Screenshots go to test-artifacts/. Waits are bounded so a hang fails; nothing asserts on elapsed time.
"""

from __future__ import annotations

import re

import pytest

from tests.system.test_ui_browser import ANSWER_WAIT_MS, ask, bot_texts, open_panel
from tests.ui_fixtures import (ARTIFACTS, CORPUS, DOCUMENTARY_2015, INSTRUMENTS, LOCAL_PREFIXES, MUSEUMS_1960,
                               MUSEUMS_2015, WORLD_HERITAGE, made_run_app)

pytestmark = pytest.mark.browser

SCIENCE = "000_ba9ac47ce8679b22"
CULTURE = "002_9ad71af9260e04b4"
SEED = "What are UNESCO's three comparative advantages in science diplomacy?"
MUSEUMS = "What should Member States do to protect and promote museums and their collections?"
REEF = "When was the Quorvane reef station founded?"
OVERLAYS = '[data-testid="status-tracker"] .error, .toast-body.error'


@pytest.fixture(scope="module")
def lib_app(tmp_path_factory):
    """`unesco-assistant ingest` of the seeds and four instruments, then `unesco-assistant ui --no-ingest`, with
    `make run`'s default store location under a temporary HOME."""
    files = [INSTRUMENTS / f"{d}.txt" for d in (MUSEUMS_2015, DOCUMENTARY_2015, MUSEUMS_1960, WORLD_HERITAGE)]
    with made_run_app(tmp_path_factory.mktemp("home-prov"), tmp_path_factory.mktemp("server-tmp-prov"),
                      [CORPUS, *files]) as app:
        yield app.url


@pytest.fixture
def page(ui_browser, lib_app):
    ARTIFACTS.mkdir(exist_ok=True)
    context = ui_browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.external_requests = []
    page.on("request", lambda r: None if r.url.startswith(LOCAL_PREFIXES) else page.external_requests.append(r.url))
    page.goto(lib_app)
    page.wait_for_selector("#ua-question textarea", timeout=60_000)
    yield page
    context.close()


def shot(page, name: str, full_page: bool = False) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def pick(page, dropdown: str, text: str) -> None:
    page.click(f"{dropdown} input")
    page.get_by_role("option").filter(has_text=text).first.click()
    page.keyboard.press("Escape")


def user_count(page) -> int:
    return page.locator('#ua-chat [data-testid="user"]').count()


def ask_again(page) -> None:
    """Click "Ask again" and wait until the new answer has streamed (a streaming cursor appeared, then left)."""
    page.evaluate("""() => { window.__sawCursor = false;
        const seen = () => { if (document.querySelector('#ua-chat .cursor')) window.__sawCursor = true; };
        window.__cursorWatch?.disconnect();
        window.__cursorWatch = new MutationObserver(seen);
        window.__cursorWatch.observe(document.body, { subtree: true, childList: true, characterData: true }); }""")
    page.click("#ua-ask-again")
    page.wait_for_function("() => window.__sawCursor && !document.querySelector('#ua-chat .cursor')",
                           timeout=ANSWER_WAIT_MS, polling=20)


def copy_texts(page) -> list[str]:
    return page.eval_on_selector_all("#ua-chat .ua-copy-text", "els => els.map(e => e.textContent)")


def cited_docs(copy_text: str) -> set[str]:
    return {i.split(":")[0] for i in re.findall(r"\(citation id (\S+)\)", copy_text)}


def open_limits(page) -> None:
    if not page.locator("#ua-scope-types").is_visible():
        page.locator("#ua-scope-box").get_by_text("Answer only from chosen documents").click()
    page.wait_for_selector("#ua-scope-types", state="visible", timeout=10_000)


def overlays(page) -> list[str]:
    return page.eval_on_selector_all(OVERLAYS, "els => els.map(e => e.innerText)")


# -- Ask again -------------------------------------------------------------------------------------------------

def test_ask_again_replaces_the_last_answer_and_survives_a_reload(page):
    ask(page, "Which laboratory did UNESCO help create in the 1950s?")
    ask(page, "Which bridge did UNESCO help rebuild?")
    before = bot_texts(page)
    assert "Mostar" in before[-1]
    ask_again(page)
    assert user_count(page) == 2, "asked again in place: no new question"
    assert bot_texts(page) == before, "the same question with the same limits: the same answers"

    # With a limit set, Ask again answers from those documents only, in place of the old answer; the viewer
    # follows (it showed the old answer's source [1], which has the same key as the new one's).
    page.locator("#ua-chat button.cite-k-1-1").first.click()
    page.wait_for_function("() => document.querySelector('#ua-viewer .ua-viewer-title')?.innerText.includes('Cultural')",
                           timeout=30_000)
    open_limits(page)
    page.wait_for_function("() => document.querySelector('#ua-scope-years')?.innerText.includes('1960–2015')",
                           timeout=30_000)  # the page-load updates have run: the pickers are stable
    pick(page, "#ua-scope", "Science Diplomacy")
    ask_again(page)
    assert user_count(page) == 2
    after = bot_texts(page)
    assert after[0] == before[0], "the earlier exchange is kept"
    assert "Searched only: Science Diplomacy" in after[-1] and "Mostar" not in after[-1]
    page.wait_for_function("() => document.querySelector('#ua-viewer .ua-viewer-title')?.innerText.startsWith('Science Diplomacy')",
                           timeout=30_000)
    shot(page, "20_ask_again_scoped")

    page.reload()
    page.wait_for_selector("#ua-question textarea")
    page.wait_for_function("() => document.querySelectorAll('#ua-chat [data-testid=\"user\"]').length === 2",
                           timeout=30_000)
    page.wait_for_function("() => [...document.querySelectorAll('#ua-chat [data-testid=\"bot\"]')]"
                           ".some(b => b.innerText.includes('Searched only: Science Diplomacy'))", timeout=30_000)
    assert "Mostar" not in bot_texts(page)[-1], "the reload shows the new answer, not the replaced one"
    # after the reload (no limit chosen any more) Ask again works on the restored conversation
    ask_again(page)
    assert user_count(page) == 2 and "Mostar" in bot_texts(page)[-1]
    assert overlays(page) == [] and page.external_requests == []


# -- type and year filters ---------------------------------------------------------------------------------------

def test_type_and_year_filters_keep_the_answer_to_those_documents(page):
    open_limits(page)
    # the page-load event fills the type choices and names the span of years in the label (same update)
    page.wait_for_function("() => document.querySelector('#ua-scope-years')?.innerText.includes('1960–2015')",
                           timeout=30_000)
    page.click("#ua-scope-types input")
    offered = page.eval_on_selector_all("[role=option]", "els => els.map(e => e.innerText.replace('✓', '').trim())")
    assert {"Recommendation", "Convention", "Web page"} <= set(offered), offered
    page.get_by_role("option").filter(has_text="Recommendation").first.click()
    page.keyboard.press("Escape")
    page.fill("#ua-scope-years textarea, #ua-scope-years input", "2015")
    page.wait_for_function("() => document.querySelector('#ua-scope-box')?.innerText.includes('set: Recommendation, 2015')",
                           timeout=10_000)  # the box's title says what is set, also when it is closed
    ask(page, MUSEUMS)
    answer = bot_texts(page)[-1]
    assert "Searched only: Recommendations of 2015." in answer, answer
    docs = cited_docs(copy_texts(page)[-1])
    assert docs and docs <= {MUSEUMS_2015, DOCUMENTARY_2015}, docs
    open_panel(page, page.locator("#ua-chat .thought-group .title").last, "#ua-chat .ua-src .ua-origin")
    shot(page, "21_filters_recommendations_2015")

    page.fill("#ua-scope-years textarea, #ua-scope-years input", "1955-1965")
    ask_again(page)
    answer = bot_texts(page)[-1]
    assert "Searched only: Recommendations of 1955–1965." in answer, answer
    assert cited_docs(copy_texts(page)[-1]) == {MUSEUMS_1960}

    page.fill("#ua-scope-years textarea, #ua-scope-years input", "2015 or so")
    users = user_count(page)
    page.click("#ua-ask-again")
    page.wait_for_selector(".toast-body", timeout=10_000)
    assert "not a year" in page.locator(".toast-body").last.inner_text()
    assert user_count(page) == users and overlays(page) == []


# -- provenance -------------------------------------------------------------------------------------------------

def test_uploads_and_library_documents_show_their_origin(page, tmp_path):
    from core.provenance import today

    uploaded = f"uploaded {today()}"
    notes = tmp_path / "reef_notes.txt"  # the title of a library document, other content
    notes.write_text("Science Diplomacy\n\nThe Quorvane reef station was founded in 1987 by marine scientists from "
                     "four countries. It monitors coral bleaching in the Quorvane lagoon every spring.\n",
                     encoding="utf-8")
    page.get_by_role("tab", name="Corpus").click()
    page.set_input_files("#ua-upload input[type=file]", [str(notes)])
    page.wait_for_selector("#ua-upload .file-preview, #ua-upload table", timeout=30_000)
    page.click("#ua-ingest")
    page.wait_for_function("() => document.querySelector('#ua-corpus-status')?.innerText.includes('Ingest finished')",
                           timeout=300_000)
    page.get_by_role("tab", name="Chat").click()

    ask(page, SEED)
    ask(page, REEF)
    assert "1987" in bot_texts(page)[-1]
    assert "(uploaded" in copy_texts(page)[-1] and "(UNESCO library)" in copy_texts(page)[0]
    panels = page.locator("#ua-chat .thought-group .title")
    panels.first.click()
    open_panel(page, panels.last, "#ua-chat .ua-src .ua-origin-upload")
    badges = page.eval_on_selector_all("#ua-chat .ua-src .ua-origin", "els => els.map(e => e.innerText.trim())")
    assert uploaded in badges and "UNESCO library" in badges, badges

    # the picker tells the two "Science Diplomacy" documents apart
    page.click("#ua-picker input")
    options = page.eval_on_selector_all("[role=option]", "els => els.map(e => e.innerText.replace('✓', '').trim())")
    page.keyboard.press("Escape")
    assert any(f"Science Diplomacy ({uploaded}, reef_notes.txt)" in o for o in options), options
    assert any(f"Science Diplomacy (UNESCO library, {SCIENCE}.txt)" in o for o in options), options

    # the viewer
    page.locator("#ua-chat button.cite-k-1-1").first.click()
    page.wait_for_function("u => document.querySelector('#ua-viewer .ua-viewer-head')?.innerText.includes(u)",
                           arg=uploaded, timeout=30_000)
    assert "reef_notes.txt" in page.locator("#ua-viewer .ua-viewer-head").inner_text()
    shot(page, "22_provenance_upload_viewer")
    page.locator("#ua-chat button.cite-k-0-1").first.click()
    page.wait_for_function("() => document.querySelector('#ua-viewer .ua-viewer-head')?.innerText.includes('UNESCO library')",
                           timeout=30_000)

    # the export
    page.click("#ua-export")
    link = page.wait_for_selector("#ua-export-file a[href]", timeout=30_000)
    text = page.request.get(link.get_attribute("href")).text()
    assert re.search(rf"\[\^\d+\]: Science Diplomacy \({uploaded}, file reef_notes\.txt, not part of the UNESCO "
                     r"library\)\. “.*1987", text), text
    assert re.search(r"\[\^1\]: Science Diplomacy \(UNESCO library\)\.", text), text
    assert f"note = {{Uploaded {today()}, file reef\\_notes.txt, not part of the UNESCO library." in text, text
    assert f"N1  - Uploaded {today()}, file reef_notes.txt" in text
    page.locator("#ua-export-text").scroll_into_view_if_needed()
    shot(page, "23_provenance_export")

    # "UNESCO library only": asked again, the answer no longer comes from the upload
    open_limits(page)
    assert page.locator("#ua-library-only").is_visible()
    page.locator("#ua-library-only input").check()
    ask_again(page)
    assert user_count(page) == 2
    last = bot_texts(page)[-1]
    assert "UNESCO library (no uploads)" in last and "1987" not in last, last
    assert "(uploaded" not in copy_texts(page)[-1]
    page.locator("#ua-library-only input").uncheck()

    # lookup hits
    page.get_by_role("tab", name="Lookup").click()
    page.fill("#ua-lookup-q textarea", "The Quorvane reef station was founded in 1987")
    page.click("#ua-lookup-go")
    page.wait_for_selector("#ua-lookup-results .ua-hit", timeout=30_000)
    first = page.locator("#ua-lookup-results .ua-hit").first.inner_text()
    assert uploaded in first and "reef_notes.txt" in first, first
    page.fill("#ua-lookup-q textarea", "the cradle of modern science diplomacy")
    page.click("#ua-lookup-go")
    page.wait_for_function("() => document.querySelector('#ua-lookup-results .ua-hit')?.innerText.includes('UNESCO library')",
                           timeout=30_000)
    shot(page, "24_provenance_lookup")
    assert overlays(page) == [] and page.external_requests == []
