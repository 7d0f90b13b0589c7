"""What a reader takes away and what survives: the export (footnotes, BibTeX, RIS), the copy text, the
conversation kept in the browser, greetings, the header and the picker labels.

Pure functions on hand-made objects (no store, no server).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from core.types import Answer, AnswerSentence, Chunk, Citation, Passage
from ui import sources
from ui.conversation_state import Exchange, dump, load
from ui.doc_labels import DocMeta, full_label
from ui.export import answer_plain, bibtex, conversation_markdown, ris
from ui.header import library_summary
from ui.smalltalk import smalltalk_reply
from ui.viewer import lookup_html

PASSAGE = "The Convention was adopted in Paris in 1972. It protects the world heritage."


def cite(marker: int, doc: str = "CONVENTION_1972", start: int = 0, end: int = 44) -> Citation:
    return Citation(marker=marker, citation_id=f"{doc}:c{marker}@{start}-{end}", document_id=doc,
                    title="Convention concerning the Protection of the World Cultural and Natural Heritage",
                    section="", source=f"{doc}.txt", passage=PASSAGE, passage_start=100, passage_end=100 + len(PASSAGE),
                    support_spans=((start, end),), support_score=0.9)


def meta_of(doc_id: str, title: str) -> DocMeta:
    if doc_id == "CONVENTION_1972":
        return DocMeta(id=doc_id, title=title, short_title="World Heritage Convention", doc_type="Convention",
                       year=1972, city="Paris", date="1972-11-16")
    return DocMeta(id=doc_id, title=title)


def conversation() -> list[Exchange]:
    a1 = Answer(question="When was it adopted?", text="It was adopted in Paris in 1972. [1] It protects heritage. [2]",
                citations=(cite(1), cite(2, start=45, end=len(PASSAGE))), refused=False,
                sentences=(AnswerSentence("It was adopted in Paris in 1972. [1]", (1,), True, 0.9),))
    a2 = Answer(question="Who is the Galata bridge's architect?", text="The documents don't say.", citations=(),
                refused=True, related=(Passage(Chunk("c9", "other", "Some text.", 0, 10, 0, "", "Other", "o.txt"), 0.2),))
    return [Exchange("When was it adopted?", a1), Exchange("Who is the Galata bridge's architect?", a2),
            Exchange("?", error="The server is busy.")]


def test_export_has_numbered_footnotes_with_label_sentence_and_id():
    md = conversation_markdown(conversation(), meta_of, now=datetime(2025, 1, 2, 3, 4, tzinfo=UTC))
    assert "It was adopted in Paris in 1972.[^1] It protects heritage.[^2]" in md
    assert ("[^1]: Convention concerning the Protection of the World Cultural and Natural Heritage (Paris, "
            "1972). “The Convention was adopted in Paris in 1972.” Citation id: `CONVENTION_1972:c1@0-44`") in md
    assert "[^2]:" in md and "“It protects the world heritage.”" in md and "`CONVENTION_1972:c2@45-" in md
    assert "**Not answered from the documents.** The documents don't say." in md
    assert "*No answer: The server is busy.*" in md
    assert md.count("@misc{") == 1 and md.count("TY  - GEN") == 1, "one reference per cited document"


def test_bibtex_and_ris_name_title_unesco_year_city():
    m = meta_of("CONVENTION_1972", "Convention concerning the Protection of the World Cultural & Natural Heritage")
    b = bibtex(m)
    assert b.startswith("@misc{unesco1972world_") and "title = {{Convention concerning" in b
    assert "author = {{UNESCO}}" in b and "year = {1972}" in b and "address = {Paris}" in b and "\\&" in b
    r = ris(m).splitlines()
    assert r[0] == "TY  - GEN" and "AU  - UNESCO" in r and "PY  - 1972" in r and "CY  - Paris" in r and r[-1] == "ER  - "
    assert full_label(DocMeta(id="x", title="A page")) == "A page"
    assert full_label(m, "Article 11 – World Heritage List").endswith("(Paris, 1972), Article 11")


def test_copy_text_is_the_answer_with_its_sources():
    text = answer_plain(conversation()[0].answer)
    assert text.startswith("It was adopted in Paris in 1972. [1]")
    assert "[1] Convention concerning the Protection" in text and "(citation id CONVENTION_1972:c1@0-44)" in text


def test_conversation_survives_a_round_trip_through_json():
    exchanges = conversation()
    data = json.loads(json.dumps(dump(exchanges)))  # what the browser stores
    again = load(data)
    assert again == exchanges
    assert load([{"nonsense": 1}, "x", None]) == [], "malformed items are dropped, not raised"
    assert load("not a list") == []


def test_greetings_get_a_friendly_reply_and_questions_do_not():
    for text in ("hello", "Hi there!", "thanks", "Thank you so much.", "good morning", "bye"):
        assert smalltalk_reply(text), text
    for text in ("hello, what is science diplomacy?", "Which bridge did UNESCO help rebuild?", "thanks to whom?",
                 ""):
        assert smalltalk_reply(text) is None, text


class Info:
    def __init__(self, doc_type: str = "", origin: str = "library"):
        self.doc_type, self.origin = doc_type, origin


def test_header_says_what_the_library_holds():
    docs = [Info("Convention")] * 27 + [Info("Recommendation")] * 52 + [Info("web page")] * 2
    assert library_summary(docs) == "81 UNESCO documents · 79 legal instruments, 2 web pages"
    assert library_summary(docs + [Info("", "upload")]) == \
        "81 UNESCO documents · 79 legal instruments, 2 web pages, 1 uploaded file"
    assert library_summary([object(), object()]) == "2 documents", "no metadata: a plain count"
    assert library_summary([]) == "no documents yet"


def test_picker_entries_of_one_document_are_told_apart():
    a = conversation()[0].answer
    labels = [label for label, _ in sources.picker_choices([a])]
    assert len(set(labels)) == 2, labels
    assert "“The Convention was adopted in Paris in 1972.”" in labels[0]


def test_not_found_message_ends_in_one_period():
    html = lookup_html("…adopted in 1981.", [])
    assert "1981.</q></div>" in html and ".." not in html.replace("…", "")
    assert lookup_html("made-up", []).endswith("</q>.</div>")
