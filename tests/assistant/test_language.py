"""Questions in other languages (`assistant.language`, `assistant.crosslingual`; docs/languages.md).

Pins down: the language of a question (scripts, py3langid for Latin script, short or unsure -> English); what the
English-only checks may read of a foreign question (numbers, "How many"/"When", never its capitalised words);
the localised notice and unsupported-language message; and, on the seeded store, that French, Spanish and Arabic
questions are answered by quoting the English passage with its citation, a Hebrew one gets the localised message,
English questions are unchanged, and Scope filters apply.
"""

from __future__ import annotations

import pytest

from assistant.answerability import missing_names
from assistant.language import checkable_question, detect_language, notice, question_form, unsupported_message
from core.types import Scope

SCIENCE_DOC = "000_ba9ac47ce8679b22"


@pytest.mark.parametrize("text,language", [
    ("Qu'est-ce que la diplomatie scientifique ?", "fr"),
    ("¿Cuántos Estados Partes integran el Comité del Patrimonio Mundial?", "es"),
    ("ما هي الدبلوماسية العلمية؟", "ar"),
    ("Что такое толерантность?", "ru"),
    ("什么是宽容？", "zh"),
    ("科学外交とは何ですか？", "ja"),
    ("מהי דיפלומטיה מדעית?", "he"),
    ("What is science diplomacy?", "en"),
    ("Which bridge did UNESCO reconstruct in Bosnia and Herzegovina in 2004?", "en"),
    ("Patrimoine mondial ?", "en"),  # two words: too short to leave the English index
    ("Tell me more", "en"),
    ("", "en"),
])
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_checkable_question_keeps_numbers_and_kind_never_foreign_names():
    q = "Selon la Convention du patrimoine mondial, quel est le plafond de la contribution au Fonds ?"
    assert checkable_question(q, "fr") == "the maximum"  # "plafond": a limit is asked for
    assert missing_names(checkable_question(q, "fr"), "The World Heritage Fund ...") == []
    assert missing_names(q, "The World Heritage Fund ...")  # what the English check did: "Fonds" is a name
    assert checkable_question("Combien de membres compte la Commission créée par le Protocole de 1962 ?",
                              "fr") == "How many 1962"
    assert checkable_question("¿Cuándo se aprobó la Convención de 1972?", "es") == "When adopted 1972"
    assert checkable_question("كم عدد أعضاء اللجنة؟", "ar") == "How many"
    assert checkable_question("Which Fund?", "en") == "Which Fund?"


@pytest.mark.parametrize("question, language, checkable", [
    # a duration is a measure ("cuánto dura" is not "how many"): the answer holds "twenty years", not a count
    ("¿Cuánto dura como mínimo la protección según el Convenio de Ginebra de 1971?", "es", "How long the minimum 1971"),
    # a limit: "plafond", "tope", "máxima" ask for the sentence that sets it
    ("¿Cuál es el tope de la contribución obligatoria de los Estados Partes?", "es", "the maximum"),
    ("Combien de temps dure la protection ?", "fr", "How long"),
    # how often: "cada cuánto tiempo" asks neither how long nor how many
    ("Según la Constitución de la UNESCO, ¿cada cuánto tiempo se reúne la Conferencia General?", "es", "How often"),
    ("À quelle fréquence le Comité se réunit-il ?", "fr", "How often"),
    # what a thing looks like: "ressemble", "¿Cómo es el ...?", "выглядит" ask for the sentence that describes it
    ("À quoi ressemble l'emblème distinctif de la Convention de La Haye de 1954 ?", "fr", "look like 1954"),
    ("¿Cómo es el emblema distintivo?", "es", "look like"),
    ("¿Cómo es elegido el Director General?", "es", ""),
    # when and where it was adopted: the English rules then look for the dating formula ("Done at Lisbon on ...")
    ("Когда и где была принята Конвенция?", "ru", "When and where adopted"),
    ("Où la Convention de 1972 a-t-elle été adoptée ?", "fr", "where adopted 1972"),
    # which date asks when ("quelle date ... porte-t-elle ?" was answered with the Convention's definitions article)
    ("La Convention de 1978 a été faite à Paris : quelle date du calendrier de l'hégire porte-t-elle ?", "fr",
     "When 1978"),
    ("¿En qué fecha se firmó la Convención?", "es", "When adopted"),
    ("An welchem Datum tritt das Übereinkommen in Kraft?", "de", "When does it enter into force"),
    ("Какого числа была принята Конвенция?", "ru", "When adopted"),
    ("Quelles données la Convention exige-t-elle ?", "fr", ""),  # "données" is no date
    # the date of a document is when it was done, as "What is the date of the Ramsar Convention?" (formulas)
    ("Quelle est la date de la Convention de Ramsar ?", "fr", "When adopted"),
    ("¿Cuál es la fecha de la Convención de 1970?", "es", "When adopted 1970"),
    # one thing of several: no list
    ("¿Cuál fue uno de los primeros éxitos de la UNESCO en diplomacia científica?", "es", "one of"),
    # "where" opens the question, as in English; inside it asks for no place ("in the minds of men")
    ("Selon l'Acte constitutif de l'UNESCO, où doivent être élevées les défenses de la paix ?", "fr", ""),
])
def test_checkable_question_reads_the_kind_of_answer_in_other_languages(question, language, checkable):
    assert checkable_question(question, language) == checkable


def test_localised_texts():
    assert "anglais" in notice("fr") and "inglés" in notice("es") and notice("en") == ""
    assert "English" in notice("ko")  # served without a translation: the English notice
    message = unsupported_message("he")
    assert "עברית" in message and "Hebrew" in message and "don't say" not in message


@pytest.mark.parametrize("question,word", [
    ("Qu'est-ce que la diplomatie scientifique ?", "science"),
    ("¿Qué es la diplomacia científica?", "science"),
    ("ما هي الدبلوماسية العلمية؟", "science"),
])
def test_other_language_answered_from_the_english_passage(seeded, question, word):
    answer = seeded.ask(question)
    assert not answer.refused, (answer.text, answer.signals)
    assert answer.language == detect_language(question) != "en"
    assert word in answer.text.lower() and "[1]" in answer.text
    assert answer.citations[0].document_id == SCIENCE_DOC
    assert notice(answer.language) in answer.notice


def test_english_question_unchanged(seeded):
    answer = seeded.ask("What is science diplomacy?")
    assert not answer.refused and answer.language == "en" and "anglais" not in answer.notice


def test_unsupported_language_gets_the_localised_message(seeded):
    answer = seeded.ask("מהי דיפלומטיה מדעית?")
    assert answer.refused and answer.language == "he"
    assert "עברית" in answer.text and "documents don't say" not in answer.text


def test_scope_applies_to_other_languages(seeded):
    other = next(d.id for d in seeded.documents() if d.id != SCIENCE_DOC)
    passages = seeded.search("Qu'est-ce que la diplomatie scientifique ?", top_k=3, scope=Scope(documents=(other,)))
    assert passages and {p.chunk.document_id for p in passages} == {other}
    passages = seeded.search("Qu'est-ce que la diplomatie scientifique ?", top_k=3)
    # BM25 reads only the question's pseudo-English words ("diplomatie" -> "diplomacy"), within the scope too
    assert passages[0].chunk.document_id == SCIENCE_DOC


@pytest.mark.parametrize("question, language, form", [
    ("Quel est le but de la Convention internationale contre le dopage dans le sport ?", "fr", ("purpose", "")),
    ("¿Cuál es el objetivo de la Convención?", "es", ("purpose", "")),
    ("¿Cuáles son los principios rectores de la Convención de 2005?", "es", ("list", "principios rectores")),
    ("Quelles obligations la Convention impose-t-elle ?", "fr", ("list", "obligations la")),
    ("Какие цели ставит Конвенция?", "ru", ("list", "цели")),
    ("Qu'entend la Convention de La Haye de 1954 par « biens culturels » ?", "fr", ("define", "biens culturels")),
    ("¿Cómo define el folclore la Recomendación de 1989?", "es", ("define", "folclore")),
    # the reflexive "se" of the usual Spanish form
    ("¿Qué se entiende por «intercambio internacional»?", "es", ("define", "intercambio internacional")),
    # an indefinite article is no term ("un" was read as the term asked for)
    ("¿Cómo define un museo la Recomendación de 2015?", "es", ("define", "museo")),
    ("Comment la Recommandation de 2015 définit-elle un musée ?", "fr", ("define", "musée")),
    ("ما هو تعريف التراث الثقافي المغمور بالمياه في اتفاقية عام 2001؟", "ar",
     ("define", "التراث الثقافي المغمور بالمياه")),
    # no form: a verb or a singular noun after "qué", "what is X" (not a list), an English question
    ("¿Qué dice la Convención sobre los museos?", "es", None),
    ("¿Qué tipo de iniciativas ha lanzado la UNESCO?", "es", None),
    # "what are X?" and "what is X made of?" ask what X is: where it is defined
    ("Que sont les ressources éducatives libres ?", "fr", ("define", "ressources éducatives libres")),
    ("¿Qué son los recursos educativos abiertos?", "es", ("define", "recursos educativos abiertos")),
    ("De quoi se compose le patrimoine numérique ?", "fr", ("define", "patrimoine numérique")),
    ("ما هو هدف الاتفاقية؟", "ar", ("purpose", "")),
    ("What are the principles of the Convention?", "en", None),
    # "how many": the noun it counts; "combien de temps" asks how long
    ("Combien de membres compte la Commission créée par le Protocole de 1962 ?", "fr", ("count", "membres")),
    ("Combien d'États parties composent le Comité du patrimoine mondial ?", "fr", ("count", "États")),
    ("¿Cuántos Estados Partes componen el Comité del Patrimonio Mundial?", "es", ("count", "Estados")),
    ("Depuis combien de temps des traces doivent-elles être immergées ?", "fr", None),
])
def test_question_forms_the_english_answerer_has_a_mechanism_for(question, language, form):
    assert question_form(question, language) == form


@pytest.mark.parametrize("flag, question, language, form", [
    # where to look first ("Selon ..., ", "Según ..., "), then the question's own form
    ("OPENING_SOURCES", "Selon la Recommandation de 1978 concernant la normalisation internationale des statistiques "
     "relatives à la science et à la technologie, qu'est-ce que la recherche fondamentale ?", "fr",
     ("define", "recherche fondamentale")),
    # what "the term X" covers asks what X is
    ("TERM_FORMS", "¿Qué abarca el término educación según la Recomendación de 1974?", "es", ("define", "educación")),
    # the kinds of a thing list the thing
    ("KINDS_OF", "Quels types d'outils l'approche du paysage urbain historique peut-elle mobiliser ?", "fr",
     ("list", "outils l")),
    # when an instrument enters into force is asked of its entry-into-force article
    ("ENTRY_FORMS", "Quand la Convention de 1972 entre-t-elle en vigueur ?", "fr", ("entry", "")),
    ("ENTRY_FORMS", "¿Cuándo entra en vigor la Convención de Ramsar?", "es", ("entry", "")),
    ("ENTRY_FORMS", "Wann tritt das Übereinkommen von 1970 in Kraft?", "de", ("entry", "")),
])
def test_question_forms_behind_a_source_a_term_or_kinds_of(flag, question, language, form, monkeypatch):
    from assistant import language as language_module

    assert question_form(question, language) == form
    monkeypatch.setattr(language_module, flag, False)
    assert question_form(question, language) != form


@pytest.mark.parametrize("question, language, term", [
    ("Was versteht man unter „Kulturerbe“?", "de", "Kulturerbe"),
    ("O que se entende por património cultural?", "pt", "património cultural"),
    ("Cosa si intende per patrimonio culturale?", "it", "patrimonio culturale"),
    ("Come la Convenzione definisce il patrimonio culturale?", "it", "patrimonio"),
])
def test_german_portuguese_and_italian_define_forms(question, language, term, monkeypatch):
    from assistant import language as language_module

    assert language_module.question_form(question, language) == ("define", term)
    monkeypatch.setattr(language_module, "OTHER_DEFINE_FORMS", False)
    assert language_module.question_form(question, language) != ("define", term)


@pytest.mark.parametrize("question, language, term", [
    # session 38, asking as a user: the verb, the document, then the term; "Convención" was read as the term and the
    # 2001 Convention's definition of "State vessels and aircraft" was quoted at 0.73
    ("¿Cómo define la Convención de 2001 el patrimonio cultural subacuático?", "es", "patrimonio"),
    ("¿Cómo define la Convención de Ramsar los humedales?", "es", "humedales"),
    ("Come definisce la Convenzione del 1972 il patrimonio naturale?", "it", "patrimonio"),
])
def test_a_document_named_between_the_verb_and_the_term_is_not_the_term(question, language, term, monkeypatch):
    from assistant import language as language_module

    assert language_module.question_form(question, language) == ("define", term)
    # the term written before the document, as before
    assert language_module.question_form("¿Cómo define el patrimonio cultural subacuático la Convención de 2001?",
                                         "es") == ("define", "patrimonio")
    monkeypatch.setattr(language_module, "DOCUMENT_BEFORE_TERM", False)
    assert language_module.question_form(question, language)[1] in ("Convención", "Convenzione")


@pytest.mark.parametrize("question, language", [
    ("¿Cuándo entra en vigor el Convenio Regional de 1974?", "es"),
    ("Quand la Convention de 1970 entre-t-elle en vigueur ?", "fr"),
    ("Когда вступает в силу Конвенция 1972 года?", "ru"),
])
def test_entry_into_force_is_a_cue(question, language, monkeypatch):
    from assistant import language as language_module

    assert checkable_question(question, language).startswith("When does it enter into force")
    monkeypatch.setattr(language_module, "ENTRY_INTO_FORCE", False)
    assert "force" not in checkable_question(question, language)

