"""The pseudo-English query of a question in another language (assistant/pseudo_query.py, docs/languages.md):
its content words, their English translations among the library's words by the real multilingual model, and the
IDF-weighted match of a sentence."""

from __future__ import annotations

import pytest

from assistant.pseudo_query import EnglishVocabulary, PseudoQuery, QuestionWord, content_words


def test_content_words_drop_stopwords_elisions_and_question_words():
    words = content_words("Comment la Déclaration de principes sur la tolérance définit-elle la tolérance ?", "fr")
    assert words == {"déclaration": 1, "principes": 1, "tolérance": 2, "définit": 1}
    assert list(content_words("¿Qué puente reconstruyó la UNESCO en Bosnia y Herzegovina en 2004?", "es")) == [
        "puente", "reconstruyó", "unesco", "bosnia", "herzegovina"]
    assert "emblème" in content_words("À quoi ressemble l'emblème distinctif ?", "fr")
    assert content_words("人类生存的遗迹必须在水下存在多长时间", "zh") == {}  # no spaces: no words to translate


def test_match_weighs_distinctive_words_and_discounts_the_title():
    pq = PseudoQuery([QuestionWord("enseignement", {"educ": 0.9}), QuestionWord("primaire", {"primari": 0.88})])
    idf = {"educ": 0.2, "primari": 2.0}
    assert pq.match({"primari"}, idf) == pytest.approx(2.0 / 2.2)
    assert pq.match({"educ"}, idf) == pytest.approx(0.2 / 2.2)
    assert pq.match(set(), idf) == 0.0
    # "enseignement" names the document ("... dans le domaine de l'enseignement"): it weighs a third as much
    half = {"educ": 1.0, "primari": 1.0}
    assert pq.match({"primari"}, half, frozenset({"educ"}), 1 / 3) == pytest.approx(1.0 / (1 + 1 / 3))
    # said twice, it is also what is asked about: no discount
    twice = PseudoQuery([QuestionWord("enseignement", {"educ": 0.9}, count=2), QuestionWord("primaire", {"primari": 0.88})])
    assert twice.match({"primari"}, half, frozenset({"educ"}), 1 / 3) == pytest.approx(0.5)


def test_english_as_written_takes_the_nearest_translation_the_document_writes():
    # "obligatoire" is nearest to "mandatory"; the World Heritage Convention writes "compulsory"
    pq = PseudoQuery([QuestionWord("contribution", {"contribut": 1.0}, english="contribution"),
                      QuestionWord("obligatoire", {"mandatori": 0.90, "compulsori": 0.88, "obligatori": 0.83},
                                   english="mandatory"),
                      QuestionWord("plafond", {"ceil": 0.92}, english="ceiling")])
    texts = ["In no case shall the compulsory contribution exceed 1 %.", "Compulsory contributions are paid.",
             "The obligatory ones too."]
    # the nearest translation the texts write ("compulsory", not "obligatory"), in the form they write most often;
    # a word whose translations the texts never write keeps its nearest English word
    assert pq.english_as_written(texts) == "contribution compulsory ceiling"
    assert pq.english == "contribution mandatory ceiling"
    assert PseudoQuery().english_as_written(texts) == ""


@pytest.fixture(scope="module")
def vocabulary(seeded):
    store = seeded.store
    return EnglishVocabulary(store.multilingual_embedder, store)


def test_french_and_spanish_words_find_their_english_translations(vocabulary):
    fr = vocabulary.pseudo_query("Quel a été l'un des premiers succès de l'UNESCO en matière de diplomatie "
                                 "scientifique ?", "fr")
    stems = {w.word: set(w.stems) for w in fr.words}
    assert "success" in stems["succès"]
    assert stems["diplomatie"] & {"diplomaci", "diplomat"}
    assert stems["scientifique"] & {"scientif", "scienc"}
    es = vocabulary.pseudo_query("¿Qué ha hecho la UNESCO por la paz y la diversidad cultural?", "es")
    assert "peac" in {s for w in es.words if w.word == "paz" for s in w.stems}
    assert "cultur" in es.stems() and "divers" in es.stems()
    assert "peace" in es.english.split()


def test_a_word_nearest_to_an_english_stopword_has_no_translation(vocabulary):
    pq = vocabulary.pseudo_query("Dans quelle mesure la paix dépend-elle de la culture ?", "fr")
    from core.textutil import STOPWORDS

    assert "peac" in pq.stems()
    assert not any(w.english in STOPWORDS for w in pq.words if w.english)
    assert "" not in pq.stems()  # an English stopword has no stem: never a translation


def _candidates(texts, *, year=1970, title="Convention on the Means of Prohibiting Illicit Export 1970"):
    from types import SimpleNamespace

    from core.types import Chunk, Passage

    out = []
    for n, text in enumerate(texts, 1):
        chunk = Chunk(id=f"c{n}", document_id="doc", text=text, start=0, end=len(text), ordinal=n, title=title,
                      year=year)
        out.append(SimpleNamespace(passage=Passage(chunk, 0.0, rank=n), text=text, about=text, score=0.0))
    return out


def test_rescore_lifts_the_sentence_that_translates_the_question_and_drops_the_naming_year():
    from assistant.compose import NUMBER_BONUS
    from assistant.crosslingual import PSEUDO_WEIGHT, rescore

    pq = PseudoQuery([QuestionWord("certificat", {"certif": 0.9}), QuestionWord("exportation", {"export": 0.99})])
    cands = _candidates(["Adopts this Convention on the fourteenth day of November 1970.",
                         "To introduce an appropriate certificate in which the exporting State would specify that "
                         "the export of the cultural property is authorized.",
                         "The export of cultural property is regulated."])
    rescore(cands, pq, question="1970")
    adopted, certificate, export = cands
    # "export" is in the title: it names the document, so the sentence with the certificate wins
    assert certificate.score > export.score > 0
    assert certificate.score > adopted.score
    # the first passage loses its prior and the year that names the document earns no bonus
    assert adopted.score == pytest.approx(-0.1 - NUMBER_BONUS)
    assert certificate.score <= PSEUDO_WEIGHT


@pytest.mark.parametrize("question, fact", [
    # the multilingual cosine alone quoted "Any theory which involves the claim that racial or ethnic groups ..."
    ("Selon la Déclaration sur la race et les préjugés raciaux, à quoi appartiennent tous les êtres humains ?",
     "single species"),
    # "de 1970" names the Convention: it no longer picks "Adopts this Convention on the fourteenth day of November 1970"
    ("Quel document doit accompagner l'exportation de biens culturels selon la Convention de 1970 sur le trafic "
     "illicite ?", "certificate"),
])
def test_french_questions_quote_the_sentence_that_translates_them(library, question, fact):
    a = library.ask(question)
    assert a.language == "fr" and not a.refused
    assert fact in a.text
    assert "November 1970" not in a.text
