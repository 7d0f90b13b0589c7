"""How answers, sources, the viewer and uploads are rendered: escaped, marked, located, contained.

Pure functions on hand-made objects (no store, no server), so these run in milliseconds.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from core.types import Answer, AnswerSentence, Chunk, Citation, Document, LookupHit, Passage
from ui import chat_render, sources, viewer
from ui.corpus_tab import safe_name, stage_uploads
from ui.escape import html_text, md_text

HOSTILE = ('<script>window.__xss=1</script> <img src=x onerror="window.__xss=1"> ![x](http://example.com/a.png) '
           "[link](javascript:alert(1)) **bold** $$x$$ ${window.__xss=1} {{x}} www.example.com")
DOC_TEXT = "Intro line.\n\nUNESCO helped rebuild the Mostar Bridge in 2004. It reopened that year.\n\nThe end."


def citation(marker: int = 1, passage: str = "UNESCO helped rebuild the Mostar Bridge in 2004.", start: int = 13,
             spans=((0, 48),)) -> Citation:
    return Citation(marker=marker, citation_id=f"doc:abc@{start}-{start + len(passage)}", document_id="doc",
                    title="Bridges <b>", section="Rebuilding", source="doc.txt", passage=passage,
                    passage_start=start, passage_end=start + len(passage), support_spans=spans, support_score=0.9)


def answer(text: str, cits=(), sentences=(), refused=False, related=(), notice="") -> Answer:
    return Answer(question="q", text=text, citations=tuple(cits), refused=refused, sentences=tuple(sentences),
                  related=tuple(related), notice=notice)


def visible_tags(markup: str) -> set[str]:
    return set(re.findall(r"<([a-zA-Z]+)", markup))


def test_md_text_leaves_no_markup_or_markdown_syntax():
    out = md_text(HOSTILE)
    assert not re.search(r"[<>\[\]()*$`!{}]", out), out
    assert html_text("<a href='x'>") == "&lt;a href=&#x27;x&#x27;&gt;"


def test_answer_markers_become_buttons_and_hostile_text_stays_text():
    a = answer(f"The bridge is Mostar [1]. {HOSTILE} [2] [9]", [citation(1), citation(2)])
    body = chat_render.answer_messages(3, a)[0].content
    assert body.count('class="cite ') == 2, "known markers only; [9] cites nothing and stays text"
    assert 'class="cite cite-k-3-1"' in body and 'class="cite cite-k-3-2"' in body
    answer_part, _, copy_part = body.partition('<div class="ua-actions">')
    assert visible_tags(answer_part) <= {"button", "br"}
    assert visible_tags(copy_part) == {"button", "span"} and "<script" not in copy_part
    assert "&#10;" in copy_part and "\n" not in copy_part, "the copy text keeps its lines as references"
    assert "&#91;9&#93;" in body


def test_sources_panel_marks_the_supporting_sentence():
    c = citation(spans=((0, 13),), passage="UNESCO helped <rebuild> the bridge.")
    msgs = chat_render.answer_messages(0, answer("x [1]", [c]))
    panel = msgs[1]
    assert panel.metadata == {"title": "Sources · 1 passage", "status": "done"}
    assert "<mark>UNESCO helped</mark>" in panel.content
    assert "&#60;rebuild&#62;" in panel.content and "Bridges &#60;b&#62;" in panel.content
    assert "<code>doc:abc@13-48</code>" in html.unescape(panel.content), "the citation id is shown"


def test_unsupported_sentences_are_marked_and_explained():
    a = answer("Supported [1]. Invented claim.", [citation()],
               [AnswerSentence("Supported [1].", (1,), True, 0.9), AnswerSentence("Invented claim.", (), False, 0.1)])
    body = chat_render.answer_messages(0, a)[0].content
    assert re.search(r'<span class="ua-unsupported"[^>]*>Invented claim&#46;</span>', body)
    assert "not supported by the cited passages" in body


def test_refusal_reads_as_refusal_with_related_passages_apart():
    chunk = Chunk(id="doc:r1", document_id="doc", text="Something near <i>it</i>.", start=0, end=25, ordinal=0,
                  section="S", title="T", source="doc.txt")
    a = answer("I could not find this in the documents.", refused=True, related=[Passage(chunk, 0.2, rank=1)],
               notice="Your question was long.")
    msgs = chat_render.answer_messages(1, a)
    assert "Not answered from the documents" in msgs[0].content and "ua-notice" in msgs[0].content
    assert len(msgs) == 2 and msgs[1].metadata["title"].startswith("Related passages")
    assert 'class="cite cite-k-1-r1"' in msgs[1].content and "&#60;i&#62;" in msgs[1].content


def test_picker_lists_latest_answer_first_and_finds_sources():
    answers = [answer("a [1]", [citation(1)]), answer("b [1] [2]", [citation(1), citation(2)])]
    keys = [key for _, key in sources.picker_choices(answers)]
    assert keys == ["1:1", "1:2", "0:1"]
    assert sources.find(answers, "0:1").ref_id.startswith("doc:abc")
    assert sources.find(answers, "7:1") is None and sources.find(answers, "x") is None


def test_viewer_shows_passage_in_context_highlighted():
    doc = Document(id="doc", title="T", source="doc.txt", format="txt", text=DOC_TEXT, content_hash="h")
    ref = sources.from_citation(0, citation(spans=((0, 13),)))
    out = viewer.viewer_html(ref, doc)
    assert "Intro line." in out and "The end." in out, "text around the passage is shown"
    assert '<span class="ua-passage-in-doc"><mark>UNESCO helped</mark> rebuild the Mostar Bridge in 2004.</span>' \
        in out
    moved = Document(id="doc", title="T", source="doc.txt", format="txt", text="Preface. " + DOC_TEXT,
                     content_hash="h")
    assert "ua-passage-in-doc" in viewer.viewer_html(ref, moved), "a shifted span is found again"
    assert "passage is shown on its own" in viewer.viewer_html(ref, None)


def test_viewer_and_lookup_escape_document_text():
    doc = Document(id="doc", title=HOSTILE, source="doc.txt", format="txt", text=HOSTILE + " " + DOC_TEXT,
                   content_hash="h")
    ref = sources.from_citation(0, citation(start=len(HOSTILE) + 1 + 13))
    out = viewer.viewer_html(ref, doc)
    assert "<script" not in out and "<img" not in out and "&lt;script&gt;" in out
    hit = LookupHit(document_id="doc", title=HOSTILE, source="d", section="", start=0, end=5, score=1.0,
                    context_before=HOSTILE, match="<svg onload=alert(1)>", context_after=HOSTILE)
    out = viewer.lookup_html(HOSTILE, [hit])
    assert visible_tags(out) <= {"div", "span", "strong", "mark"}
    assert visible_tags(viewer.lookup_html(HOSTILE, [])) <= {"div", "q"}


def test_uploaded_names_cannot_escape_the_upload_folder(tmp_path):
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\win.ini") == "win.ini"
    assert safe_name(".hidden.txt") == "hidden.txt"
    assert safe_name("a\x00b\nc.txt") == "a_b_c.txt"
    assert safe_name("..") == "upload"
    src = tmp_path / "src"
    src.mkdir()
    (src / "notes.txt").write_text("hello")
    folder = tmp_path / "uploads"
    folder.mkdir()
    staged = stage_uploads([str(src / "notes.txt"), str(src / "notes.txt")], folder)
    assert [p.name for p in staged] == ["notes.txt", "notes-1.txt"]
    assert all(p.parent == folder for p in staged)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["notes-1.txt", "notes.txt", "notes.txt"]
    assert not Path("/etc/passwd.staged").exists()
