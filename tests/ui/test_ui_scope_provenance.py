"""The chat's limits (type and year filters, library only), "Ask again", and provenance in what the UI shows:
sources, picker, viewer, lookup hits, copy text and the export.

Pure functions on hand-made objects first; then the chat handlers on a real store (the embedding model, Chroma
in tmp_path) holding three legal instruments and an upload.
"""

from __future__ import annotations

from html import unescape

import pytest

from core.provenance import Upload, today
from core.types import Answer, Citation, Document, DocumentInfo, LookupHit, Scope
from ui import chat_render, scope_filters, sources
from ui.conversation_state import Exchange, load
from ui.doc_labels import DocMeta
from ui.export import answer_plain, bibtex, conversation_markdown, ris
from ui.viewer import lookup_html, viewer_html

from tests.ui_fixtures import DOCUMENTARY_2015, INSTRUMENTS, MUSEUMS_1960, MUSEUMS_2015, WORLD_HERITAGE



def info(doc_id: str, doc_type: str = "", year: int = 0, origin: str = "library", title: str = "T",
         added: str = "") -> DocumentInfo:
    return DocumentInfo(id=doc_id, title=title, source=f"{doc_id}.txt", format="txt", chunks=1, ingested_at="",
                        doc_type=doc_type, year=year, origin=origin, added=added)


# -- the limits ---------------------------------------------------------------------------------------------

def test_parse_years_reads_years_ranges_and_lists():
    assert scope_filters.parse_years("") == ()
    assert scope_filters.parse_years(" 2015 ") == (2015,)
    assert scope_filters.parse_years("1970-1972") == (1970, 1971, 1972)
    assert scope_filters.parse_years("1972–1970") == (1970, 1971, 1972)
    assert scope_filters.parse_years("1960, 1976 to 1978; 2015 2019") == (1960, 1976, 1977, 1978, 2015, 2019)
    for bad in ("fifteen", "15", "1970-", "1000-3000", "2015 and 2019"):
        with pytest.raises(ValueError):
            scope_filters.parse_years(bad)


def test_build_scope_and_matching_follow_the_resolver_rules():
    assert scope_filters.build_scope([], [], "", False) is None
    scope = scope_filters.build_scope(["a"], ["Recommendation"], "2015", library_only=True)
    assert scope == Scope(documents=("a",), types=("Recommendation",), years=(2015,), origin="library")
    docs = [info("r15", "Recommendation", 2015), info("r60", "Recommendation", 1960),
            info("c15", "Convention", 2015), info("u", "", 0, origin="upload")]
    only = scope_filters.build_scope(None, ["recommendation"], "2010-2020")
    assert [d.id for d in scope_filters.matching(docs, only)] == ["r15"]
    assert [d.id for d in scope_filters.matching(docs, Scope(origin="library"))] == ["r15", "r60", "c15"]
    assert scope_filters.matching(docs, Scope(types=("Charter",))) == []
    assert [d.id for d in scope_filters.matching(docs, Scope(documents=("r60",)))] == ["r60"]
    named = Scope(documents=("the 1960 Recommendation",), years=(1960,))  # a name: left to the assistant to resolve
    assert [d.id for d in scope_filters.matching(docs, named)] == ["r60"]
    assert scope_filters.type_choices(docs + [info("c2", "convention", 1970), info("w", "web page")]) == [
        ("Convention", "Convention"), ("Recommendation", "Recommendation"), ("Web page", "web page")]
    assert scope_filters.year_span(docs) == (1960, 2015)


def test_scope_notice_names_documents_types_years_and_origin():
    titles = {"a": "Science Diplomacy"}
    assert scope_filters.scope_notice(Scope(documents=("a",)), titles) == "Searched only: Science Diplomacy."
    assert (scope_filters.scope_notice(Scope(types=("Recommendation",), years=(1970, 1971, 1972, 2015)), titles)
            == "Searched only: Recommendations of 1970–1972, 2015.")
    assert scope_filters.scope_notice(Scope(years=(2015,), origin="library"), titles) == \
        "Searched only: documents of 2015; the UNESCO library (no uploads)."


def test_the_limits_title_says_what_is_set():
    assert scope_filters.limits_title() == scope_filters.LIMITS_TITLE
    assert scope_filters.limits_title(["a", "b"], ["Recommendation"], " 2015 ", True) == \
        f"{scope_filters.LIMITS_TITLE} · set: 2 documents, Recommendation, 2015, library only"


# -- provenance in what the UI shows -----------------------------------------------------------------------

PASSAGE = "The Quorvane reef station was founded in 1987. It watches the lagoon."


def cite(marker: int, doc: str, origin: str, added: str = "", title: str = "Science Diplomacy") -> Citation:
    return Citation(marker=marker, citation_id=f"{doc}:c{marker}@0-46", document_id=doc, title=title, section="",
                    source=f"{doc}.txt", passage=PASSAGE, passage_start=0, passage_end=len(PASSAGE),
                    support_spans=((0, 46),), support_score=0.9, origin=origin, added=added)


def two_same_titles() -> Answer:
    return Answer(question="q", text="It was founded in 1987. [1] It is a science body. [2]", refused=False,
                  citations=(cite(1, "upload-abc-notes", "upload", "2026-11-30T09:00:00+00:00"),
                             cite(2, "000_ba9ac47ce8679b22", "library")))


def test_the_chat_history_carries_the_documents_each_answer_cited():
    """A follow-up that names no document carries on with the one the last answer cited (`Turn.documents`): the
    UI's history must pass them, after a reload too (the conversation is restored from its saved answers)."""
    from dataclasses import replace

    from ui.chat_tab import history
    from ui.conversation_state import Exchange, dump, load

    answer = two_same_titles()
    refused = replace(answer, refused=True)
    turns = history([Exchange("q", answer), Exchange("r", refused)])
    assert [t.documents for t in turns] == [("upload-abc-notes", "000_ba9ac47ce8679b22"), ()]
    restored = load(dump([Exchange("q", answer)]))
    assert history(restored)[0].documents == ("upload-abc-notes", "000_ba9ac47ce8679b22")


def test_sources_and_picker_show_the_origin_and_tell_same_titles_apart():
    answer = two_same_titles()
    refs = sources.refs_of(0, answer)
    assert [r.origin_label for r in refs] == ["uploaded 2026-11-30", "UNESCO library"]
    html = unescape(chat_render.sources_html(refs))
    assert 'class="ua-origin ua-origin-upload">uploaded 2026-11-30<' in html
    assert 'class="ua-origin ua-origin-library">UNESCO library<' in html
    assert "<strong>Science Diplomacy</strong>" in html and " · upload-abc-notes.txt</span>" in html
    labels = [label for label, _ in sources.picker_choices([answer])]
    assert labels[0].startswith("[1] Science Diplomacy (uploaded 2026-11-30, upload-abc-notes.txt)")
    assert labels[1].startswith("[2] Science Diplomacy (UNESCO library, 000_ba9ac47ce8679b22.txt)")
    # a lone upload says it is one; a lone library document stays short
    alone = Answer(question="q", text="x [1] y [2]", refused=False,
                   citations=(cite(1, "u1", "upload", "2026-11-30", title="Notes"), cite(2, "lib", "library")))
    labels = [label for label, _ in sources.picker_choices([alone])]
    assert labels[0].startswith("[1] Notes (uploaded 2026-11-30) · ") and labels[1].startswith("[2] Science Diplomacy · ")
    copy = answer_plain(answer)
    assert "[1] Science Diplomacy (uploaded 2026-11-30):" in copy and "[2] Science Diplomacy (UNESCO library):" in copy


def test_viewer_and_lookup_hits_show_the_origin():
    ref = sources.refs_of(0, two_same_titles())[0]
    doc = Document(id=ref.document_id, title="Science Diplomacy", source="notes.txt", format="txt", text=PASSAGE,
                   content_hash="h", metadata={"origin": "upload", "added": "2026-11-30T09:00:00+00:00",
                                               "original_name": "my notes.txt"})
    html = viewer_html(ref, doc)
    assert "uploaded 2026-11-30" in html and "my notes.txt" in html
    lib = sources.refs_of(0, two_same_titles())[1]
    assert "UNESCO library" in viewer_html(lib, None)
    hits = [LookupHit(document_id="u", title="Notes", source="notes.txt", section="", start=0, end=4, score=1.0,
                      context_before="", match="The", context_after=" reef", origin="upload", added="2026-11-30"),
            LookupHit(document_id="l", title="Notes", source="lib.txt", section="", start=0, end=4, score=1.0,
                      context_before="", match="The", context_after=" reef", origin="library")]
    html = lookup_html("The", hits)
    assert "uploaded 2026-11-30" in html and "UNESCO library" in html and "notes.txt" in html and "lib.txt" in html


def test_export_footnotes_and_references_carry_the_origin_of_uploads():
    upload = DocMeta(id="upload-abc-notes", title="Science Diplomacy", publisher="", origin="upload",
                     added="2026-11-30T09:00:00+00:00", source="notes.txt", original_name="my notes.txt")
    library = DocMeta(id="000_ba9ac47ce8679b22", title="Science Diplomacy", origin="library")
    metas = {m.id: m for m in (upload, library)}
    text = conversation_markdown([Exchange("q", two_same_titles())], lambda doc_id, title: metas[doc_id])
    assert "[^1]: Science Diplomacy (uploaded 2026-11-30, file my notes.txt, not part of the UNESCO library)." in text
    assert "[^2]: Science Diplomacy (UNESCO library)." in text
    bib = bibtex(upload)
    assert "note = {Uploaded 2026-11-30, file my notes.txt, not part of the UNESCO library. Document id" in bib
    assert "author" not in bib and "publisher" not in bib, "an upload is not attributed to UNESCO"
    assert "author = {{UNESCO}}" in bibtex(library) and "UNESCO library" in bibtex(library)
    entry = ris(upload)
    assert "N1  - Uploaded 2026-11-30, file my notes.txt" in entry and "AU  - " not in entry
    # a cited document deleted since: the citation's own origin is used
    gone = conversation_markdown([Exchange("q", two_same_titles())], lambda doc_id, title: DocMeta(doc_id, title))
    assert "(uploaded 2026-11-30, file upload-abc-notes.txt, not part of the UNESCO library)" in gone and "(UNESCO library)" in gone


# -- the chat handlers on a real store -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_library(tmp_path_factory, embedder):
    """Three Recommendations (two of 2015, one of 1960), the World Heritage Convention, and one upload."""
    from assistant.api import Assistant
    from core.settings import Settings

    a = Assistant.open(Settings(store_dir=tmp_path_factory.mktemp("scope-ui") / "store"))
    report = a.ingest([INSTRUMENTS / f"{d}.txt" for d in (MUSEUMS_2015, DOCUMENTARY_2015, MUSEUMS_1960, WORLD_HERITAGE)])
    assert len(report.added) == 4, report
    notes = tmp_path_factory.mktemp("upload") / "reef_notes.txt"
    notes.write_text("Quorvane reef notes\n\nThe Quorvane reef station was founded in 1987 by marine scientists "
                     "from four countries. It monitors coral bleaching in the Quorvane lagoon every spring.\n",
                     encoding="utf-8")
    report = a.ingest([notes], upload=Upload(by="ana", names={str(notes): "reef notes.txt"}))
    assert len(report.added) == 1, report
    yield a
    a.close()


def last(gen) -> tuple:
    out = None
    for out in gen:
        pass
    return out


def cited(stored) -> set[str]:
    answer = load(stored)[-1].answer
    assert answer is not None and not answer.refused, answer
    return {c.document_id for c in answer.citations}


def test_type_and_year_limits_keep_the_answer_to_those_documents(small_library):
    from ui.chat_tab import make_respond, scope_filters as sf

    respond = make_respond(small_library)
    question = "What should Member States do to protect and promote museums and their collections?"
    _, _, everything, _ = last(respond(question, []))
    _, _, stored, _ = last(respond(question, [], [], False, ["Recommendation"], "2015"))
    assert cited(stored) <= {MUSEUMS_2015, DOCUMENTARY_2015}
    assert load(stored)[-1].answer.notice.startswith("Searched only: Recommendations of 2015.")
    _, _, stored, _ = last(respond(question, [], [], False, ["Recommendation"], "1955-1965"))
    assert cited(stored) == {MUSEUMS_1960}
    _, _, stored, _ = last(respond(question, [], [], False, ["Convention"], ""))
    answer = load(stored)[-1].answer  # answered or refused, only the Convention is offered
    assert {c.document_id for c in answer.citations} | {p.chunk.document_id for p in answer.related} == {WORLD_HERITAGE}
    assert everything  # the unlimited question was answered too
    assert [t for _, t in sf.type_choices(small_library.documents())] == ["Convention", "Recommendation"]


def test_limits_that_match_nothing_or_cannot_be_read_ask_nothing(small_library):
    import gradio as gr

    from ui.chat_tab import make_respond

    respond = make_respond(small_library)
    for types, years in ((["Convention"], "2015"), ([], "nineteen")):
        updates = list(respond("What about museums?", [], [], False, types, years))
        assert updates == [(gr.skip(),) * 4], updates


def test_library_only_leaves_the_upload_out(small_library):
    from ui.chat_tab import make_respond

    respond = make_respond(small_library)
    question = "When was the Quorvane reef station founded?"
    _, _, stored, _ = last(respond(question, []))
    upload_id = next(d.id for d in small_library.documents() if d.origin == "upload")
    answer = load(stored)[-1].answer
    assert {c.document_id for c in answer.citations} == {upload_id} and "1987" in answer.text
    assert all(c.origin == "upload" and c.added.startswith(today()) for c in answer.citations)
    _, _, stored, _ = last(respond(question, [], [], True))
    answer = load(stored)[-1].answer
    assert upload_id not in {c.document_id for c in answer.citations} | {p.chunk.document_id for p in answer.related}


def test_ask_again_replaces_the_last_answer_with_the_limits_set_now(small_library):
    import gradio as gr

    from ui.chat_tab import make_ask_again, make_respond

    respond, again = make_respond(small_library), make_ask_again(small_library)
    _, _, stored, _ = last(respond("When was the Quorvane reef station founded?", []))
    _, _, stored, _ = last(respond("What should Member States do to protect museums?", stored))
    first = load(stored)
    textbox, chat, stored2, picker = last(again(stored))
    second = load(stored2)
    assert len(second) == 2 and [e.question for e in second] == [e.question for e in first]
    assert second[-1].answer.text == first[-1].answer.text, "the same question, the same limits: the same answer"
    assert second[0] == first[0], "earlier exchanges are kept as they were"
    _, _, stored3, _ = last(again(stored2, [], False, ["Recommendation"], "1960"))
    third = load(stored3)
    assert len(third) == 2 and {c.document_id for c in third[-1].answer.citations} == {MUSEUMS_1960}
    assert third[-1].answer.notice.startswith("Searched only: Recommendations of 1960.")
    updates = list(again([]))
    assert updates == [(gr.skip(),) * 4], "nothing to ask again: a message, no change"
    # while the new answer streams, the picker is cleared (its keys are the replaced answer's), then set again
    streamed = list(again(stored3))
    assert streamed[0][3] == {"__type__": "update", "choices": sources.picker_choices(
        [e.answer for e in third[:-1]]), "value": None}
    assert streamed[-1][3]["value"] == "1:1" and all(u[0] == gr.skip() for u in streamed)
