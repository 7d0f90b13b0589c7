"""Scopes and document focus on a real store: a small library (library.json with titles, types, years and
aliases) ingested by the real pipeline into tmp_path, searched through the real Chroma and BM25 index."""

from __future__ import annotations

import json

import pytest

from core.errors import NotFoundError
from core.types import Scope

DOCS = {
    "illicit.txt": (
        {"title": "Convention on the Means of Prohibiting and Preventing the Illicit Import, Export and Transfer of "
                  "Ownership of Cultural Property", "short_title": "1970 Convention",
         "aliases": ["1970 UNESCO Convention"], "type": "Convention", "year": 1970},
        "Article 6\n\nThe States Parties to this Convention undertake: (a) to introduce an appropriate certificate "
        "in which the exporting State would specify that the export of the cultural property in question is "
        "authorized; (b) to prohibit the exportation of cultural property from their territory unless accompanied "
        "by the above-mentioned export certificate; (c) to publicize this prohibition by appropriate means, "
        "particularly among persons likely to export or import cultural property.\n\nArticle 17\n\nThe States "
        "Parties may call on the technical assistance of the Organization, particularly as regards information "
        "and education, consultation and expert advice, and coordination and good offices. The expenses of such "
        "assistance are borne by the requesting State."),
    "hague.txt": (
        {"title": "Convention for the Protection of Cultural Property in the Event of Armed Conflict",
         "short_title": "Hague Convention", "aliases": ["1954 Hague Convention"], "type": "Convention",
         "year": 1954},
        "Article 4\n\nThe High Contracting Parties undertake to respect cultural property situated within their "
        "own territory as well as within the territory of other High Contracting Parties by refraining from any "
        "use of the property for purposes which are likely to expose it to destruction or damage in the event "
        "of armed conflict. The expenses of protective measures in armed conflict are borne by each Party."),
    "declaration.txt": (
        {"title": "Declaration on the Return of Cultural Property", "short_title": "1978 Declaration",
         "type": "Declaration", "year": 1978},
        "Preamble\n\nRecalling the 1970 Convention on the illicit import, export and transfer of ownership of "
        "cultural property, and its provisions on export certificates and on the expenses of assistance, the "
        "General Conference declares that the export of cultural property without a certificate is to be "
        "condemned.\n\nArticle 1\n\nMuseums shall cooperate in returning cultural property to its country of "
        "origin, by bilateral agreements and exchanges of information."),
    "brief.txt": (
        {"title": "Fighting the illicit trade in cultural objects", "type": "policy brief"},
        "Training\n\nUnder the 1970 Convention, UNESCO trains customs officers and police every year in "
        "regional workshops on spotting stolen objects at borders."),
    "note.txt": (
        None,
        "Field note\n\nA visit to the museum archives showed that export certificates for cultural property "
        "are often missing in older acquisitions, and that nobody knows who pays the expenses."),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory, embedder):
    from assistant.api import Assistant
    from core.settings import Settings

    root = tmp_path_factory.mktemp("library")
    folder = root / "docs"
    folder.mkdir()
    meta = {}
    for name, (entry, text) in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
        if entry:
            meta[name] = {**entry, "publisher": "UNESCO", "origin": "library"}
    (folder / "library.json").write_text(json.dumps(meta), encoding="utf-8")
    a = Assistant.open(Settings(store_dir=root / "store"))
    report = a.ingest([folder])
    assert sorted(report.added) == ["brief", "declaration", "hague", "illicit", "note"], report
    yield a
    a.close()


def doc_ids(passages) -> set[str]:
    return {p.chunk.document_id for p in passages}


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_scope_by_alias_keeps_only_that_document_in_every_mode(library, mode):
    passages = library.search("export certificate of cultural property", 5, mode=mode,
                              scope=Scope(documents=("the 1970 Convention",)))
    assert passages and doc_ids(passages) == {"illicit"}
    unscoped = library.search("export certificate of cultural property", 5, mode=mode)
    assert len(doc_ids(unscoped)) > 1  # the filter is what kept the others out


def test_scope_by_type_year_and_origin(library):
    q = "expenses of assistance and cultural property"
    assert doc_ids(library.search(q, 8, scope=Scope(types=("Declaration",)))) == {"declaration"}
    assert doc_ids(library.search(q, 8, scope=Scope(years=(1954,)))) == {"hague"}
    assert doc_ids(library.search(q, 8, scope=Scope(types=("convention",), years=(1954, 1970)))) == {"hague", "illicit"}
    assert "note" not in doc_ids(library.search(q, 8, scope=Scope(origin="library")))
    assert library.search(q, 8, scope=Scope(types=("Charter",))) == []


def test_document_names_resolve_case_insensitively_without_the(library):
    r = library.resolver
    for name in ("illicit", "the 1970 Convention", "1970 CONVENTION", "The Hague Convention", "hague convention",
                 "the 1954 Hague Convention", "Convention for the Protection of Cultural Property in the Event of "
                 "Armed Conflict", "the 1978 Declaration"):
        assert r.resolve(name) in {"illicit", "hague", "declaration"}, name
    assert r.resolve("the Hague Convention") == "hague"
    assert r.resolve("Declaration of 1978") == "declaration"  # generated from type and year


def test_an_unknown_name_is_an_error_naming_close_matches(library):
    with pytest.raises(NotFoundError) as e:
        library.search("expenses", 5, scope=Scope(documents=("the Hauge Convention",)))
    assert "Hague Convention (hague)" in str(e.value) and "documents" in str(e.value)
    with pytest.raises(NotFoundError):
        library.ask("Who pays?", scope=Scope(documents=("no such thing at all",)))


def test_focus_comes_from_the_question_or_the_conversation(library):
    r = library.resolver
    assert r.focus("Who pays the expenses of assistance under the 1970 Convention?") == ("illicit",)
    assert r.focus("Compare the Hague Convention with the 1970 UNESCO Convention") == ("hague", "illicit")
    assert r.focus("Who pays the expenses?") == ()
    assert r.focus("And what does its Article 4 say?", ["What is the Hague Convention about?"]) == ("hague",)
    assert r.focus("What do museums do with returned property in practice nowadays in Europe?",
                   ["What is the Hague Convention about?"]) == ()  # a new subject, no reference back


def test_focus_puts_the_named_document_first_and_mentions_of_it_last(library):
    q = "Who pays the expenses of assistance under the 1970 Convention?"
    focus = library.resolver.focus(q)
    passages = library.retriever.retrieve(q, 3, focus=focus)
    assert [p.rank for p in passages] == [1, 2, 3]
    assert passages[0].chunk.document_id == "illicit"
    assert "borne by the requesting State" in " ".join(p.chunk.text for p in passages if p.chunk.document_id == "illicit")
    rest = [p for p in passages if p.chunk.document_id != "illicit"]
    assert rest and all("Recalling the 1970 Convention" not in p.chunk.text for p in rest[:1]), \
        "a passage that only mentions the focus document must rank after those that do not"


@pytest.mark.parametrize("slot", [True, False])
def test_a_page_that_says_what_is_done_under_the_focus_document_keeps_a_place(library, monkeypatch, slot):
    # The brief is no instrument: "Under the 1970 Convention, UNESCO trains ..." says what is done under it, where
    # the Declaration's preamble only cites it. With DESCRIBED_SLOT off it came last, behind the Hague Convention.
    from assistant import retrieval

    monkeypatch.setattr(retrieval, "DESCRIBED_SLOT", slot)
    q = "Whom does UNESCO train every year under the 1970 Convention?"
    focus = library.resolver.focus(q)
    assert focus == ("illicit",)
    passages = library.retriever.retrieve(q, 3, focus=focus)
    assert passages[0].chunk.document_id == "illicit"
    assert ("brief" in doc_ids(passages)) is slot
    assert not any("Recalling the 1970 Convention" in p.chunk.text for p in passages)  # a citing preamble stays last
    # a brief that holds none of the words the question asks with, besides the names, keeps no place
    other = "Which certificate must accompany exports under the 1970 Convention?"
    assert "brief" not in doc_ids(library.retriever.retrieve(other, 3, focus=library.resolver.focus(other)))


def test_an_answer_reports_its_focus_documents(library):
    answer = library.ask("Who pays the expenses of assistance under the 1970 Convention?")
    assert answer.focus_documents == ("illicit",)
    assert library.ask("Who pays the expenses?").focus_documents == ()


@pytest.mark.parametrize("top_k", [1, 2, 3, 4])
def test_the_described_slot_never_lengthens_the_top_k(library, top_k):
    # the brief naming the focus document takes one place of the top k, never one more; a top k of one or two
    # keeps the focus document's passages
    q = "Whom does UNESCO train every year under the 1970 Convention?"
    passages = library.retriever.retrieve(q, top_k, focus=library.resolver.focus(q))
    assert len(passages) == top_k and [p.rank for p in passages] == list(range(1, top_k + 1))
    assert passages[0].chunk.document_id == "illicit"
    assert ("brief" in doc_ids(passages)) is (top_k >= 3)
