"""Questions in French and Arabic in a real browser (Debian's chromium through playwright; docs/languages.md).

Pins down: the question shows as typed, Arabic right-to-left (the computed direction of its paragraph); the
answer quotes the English passage with a clickable [1] marker; the notice is in the question's language and reads
in its direction; nothing is loaded from outside 127.0.0.1. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import pytest

from tests.system.test_ui_browser import ask, bot_texts, shot

pytestmark = pytest.mark.browser

FRENCH = "Qu'est-ce que la diplomatie scientifique ?"
ARABIC = "ما هي الدبلوماسية العلمية؟"


def test_french_and_arabic_questions(ui_page):
    page = ui_page
    ask(page, FRENCH)
    french = bot_texts(page)[-1]
    assert "anglais" in french, french  # the notice, in French
    assert "science" in french.lower() and "[1]" in french, french
    assert page.locator("#ua-chat button.cite").count() >= 1

    ask(page, ARABIC)
    arabic = bot_texts(page)[-1]
    assert "الإنجليزية" in arabic, arabic  # the notice, in Arabic
    assert "science" in arabic.lower() and "[1]" in arabic, arabic
    shot(page, "languages_fr_ar")
    users = page.eval_on_selector_all('#ua-chat [data-testid="user"]', "els => els.map(e => e.innerText.trim())")
    assert users[-2:] == [FRENCH, ARABIC], users
    # The Arabic question and notice read right-to-left; the English answer stays left-to-right.
    bidi = page.evaluate("""(text) => {
        const p = [...document.querySelectorAll('#ua-chat [data-testid="user"] p')]
            .filter(e => e.innerText.trim() === text)[0];
        if (!p) return 'missing';
        const box = p.getBoundingClientRect(), range = document.createRange(); range.selectNodeContents(p);
        const ink = range.getBoundingClientRect();  // right-to-left text hugs the right edge of its paragraph
        return getComputedStyle(p).unicodeBidi + '|' + (box.right - ink.right < 2 ? 'right' : 'left'); }""", ARABIC)
    assert bidi == "plaintext|right", bidi
    notice_dir = page.evaluate("""() => { const n = [...document.querySelectorAll('#ua-chat .ua-notice')].pop();
        return n ? n.getAttribute('dir') + '|' + n.getAttribute('lang') : 'missing'; }""")
    assert notice_dir == "auto|ar", notice_dir
    notice_side = page.evaluate("""() => { const n = [...document.querySelectorAll('#ua-chat .ua-notice')].pop();
        const box = n.getBoundingClientRect(), range = document.createRange(); range.selectNodeContents(n);
        const ink = range.getBoundingClientRect();  // the text's own box (the icon is the theme's ::before)
        return (box.right - ink.right) < (ink.left - box.left) ? 'right' : 'left'; }""")
    assert notice_side == "right", notice_side  # the Arabic notice sits against the right edge
    assert page.external_requests == [], page.external_requests
