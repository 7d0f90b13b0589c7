"""Definitions (`assistant.definitions`): the term a question asks the meaning of, and the clause that defines it.
Pure logic; the library answer it fixes is in tests/assistant/test_library_answers.py."""

from __future__ import annotations

import pytest

from assistant.definitions import (defined_term, defined_terms, definition_chunks, defines, described_term,
                                   document_terms, is_definition, term_as_defined)
from core.types import Chunk


@pytest.mark.parametrize("question, term", [
    ("How does it define an artist?", "artist"),
    ("What counts as an anti-doping rule violation under the International Convention against Doping in Sport?",
     "anti-doping rule violation"),
    ("What does the World Heritage Convention consider as cultural heritage?", "cultural heritage"),
    ("Do the two 1960 instruments define 'discrimination' differently?", "discrimination"),
    ("What does the 1956 Recommendation mean by 'archaeological excavations'?", "archaeological excavations"),
    ("What is the definition of intangible cultural heritage?", "intangible cultural heritage"),
    ("What does the Declaration of Principles on Tolerance say tolerance is?", "tolerance"),
    ("What does the 2015 Recommendation say a museum is?", "museum"),
    ("What does the Convention say about museums?", ""),
    ("What is a wetland?", ""),  # any sentence about the subject may answer a plain "what is"
    ("When was it adopted?", ""),
    # session 32: the term before "defined" (PASSIVE_DEFINED), and "defined in/by ..." names no term
    ("How is a book defined in the 1964 Recommendation?", "book"),
    ("Did the 1985 Recommendation change how a book is defined compared with the 1964 one?", "book"),
    ("How is the term 'artist' defined?", "artist"),
    ("What is the historic urban landscape, as defined by the 2011 Recommendation?", ""),
    # session 34: "is considered a ..." asks what counts as one; "considered important" asks no term
    ("Who is considered a teacher under the 1966 Recommendation?", "teacher"),
    ("Are teachers considered important?", ""),
])
def test_defined_term(question, term):
    assert defined_term(question) == term


def test_without_passive_reading_the_words_after_defined_are_the_term(monkeypatch):
    from assistant import definitions

    monkeypatch.setattr(definitions, "PASSIVE_DEFINED", False)
    assert defined_term("How is a book defined in the 1964 Recommendation?") == "in the 1964 recommendation"
    assert defined_term("How does it define an artist?") == "artist"


@pytest.mark.parametrize("sentence, term, defines", [
    ("“Anti-doping rule violation” in sport means one or more of the following:", "anti-doping rule violation", True),
    ('For the purposes of this Convention, the following shall be considered as "cultural heritage":',
     "cultural heritage", True),
    ("For the purpose of this Convention waterfowl are birds ecologically dependent on wetlands.", "waterfowl", True),
    ("'Artist' is taken to mean any person who creates or gives creative expression to works of art", "artists", True),
    ("For the purposes of this Convention, the term `discrimination' includes any distinction", "discrimination", True),
    ("For the purposes of the present Convention, the term `cultural property' shall cover, irrespective of origin "
     "or ownership:", "cultural property", True),
    ("Member States should strive to extend the status of the artist.", "artist", False),
    ("The States Parties shall protect the cultural heritage situated on their territory.", "cultural heritage", False),
    ("The digital heritage consists of unique resources of human knowledge and expression.", "digital heritage",
     True),
    ("For the purposes of this Recommendation, a document is an object comprising analogue or digital "
     "informational content", "document", True),
    ("Tolerance is harmony in difference.", "tolerance", False),  # not a set clause: it scores as any sentence
    ("Anything at all.", "", False),
])
def test_is_definition(sentence, term, defines):
    assert is_definition(sentence, term) is defines


@pytest.mark.parametrize("sentence, term, defines", [
    # a term introduced with its short form in brackets, then said to be something, defines both
    ("1. Open Educational Resources (OER) are learning, teaching and research materials in any format.", "oer", True),
    ("1. Open Educational Resources (OER) are learning, teaching and research materials in any format.",
     "open educational resources", True),
    ("Intangible cultural heritage (ICH) means the practices, representations and expressions.", "ich", True),
    # said to do something, not to be something
    ("Member States (MS) are encouraged to support the creation of OER.", "ms", False),
    ("The World Heritage Committee (WHC) is composed of 21 States Parties.", "whc", False),
    ("Open Educational Resources (OER) are not protected by copyright.", "oer", False),
])
def test_a_term_with_its_short_form_in_brackets_is_defined(sentence, term, defines, monkeypatch):
    from assistant import definitions

    assert is_definition(sentence, term) is defines
    monkeypatch.setattr(definitions, "ACRONYM_DEFINITIONS", False)
    assert not is_definition(sentence, term)


def test_definition_chunks_finds_the_defining_clause_in_reading_order():
    chunks = [Chunk("a", "d", "Article 5\n\nMember States should support artists.", 0, 40, 0),
              Chunk("b", "d", "Article 1\n\n'Artist' is taken to mean any person who creates works of art.", 42, 110, 1),
              Chunk("c", "d", "Article 9\n\nArtists should be free.", 112, 140, 2)]
    assert [c.id for c in definition_chunks(chunks, "artist")] == ["b"]
    assert definition_chunks(chunks, "museum") == []


TOLERANCE = ("Article 1 - Meaning of tolerance\n1.1 Tolerance is respect, acceptance and appreciation of the rich "
             "diversity of our world's cultures. It is fostered by knowledge. Tolerance is harmony in difference.")
FOLKLORE = ("A. Definition of folklore\nFolklore (or traditional and popular culture) is the totality of "
            "tradition-based creations of a cultural community.")


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


@pytest.mark.parametrize("text, section, sentence, term, expected", [
    # under a heading that says it defines, the first sentence that says what the term is
    (TOLERANCE, "Article 1 - Meaning of tolerance", "1.1 Tolerance is respect, acceptance and appreciation of the "
     "rich diversity of our world's cultures.", "tolerance", True),
    # ... not a later one of the same section
    (TOLERANCE, "Article 1 - Meaning of tolerance", "Tolerance is harmony in difference.", "tolerance", False),
    # the heading read from the text when the chunker recorded no section
    (FOLKLORE, "", "Folklore (or traditional and popular culture) is the totality of tradition-based creations of a "
     "cultural community.", "folklore", True),
    # a heading that defines another term
    (FOLKLORE, "", "Folklore (or traditional and popular culture) is the totality of tradition-based creations of a "
     "cultural community.", "culture", False),
    # no defining heading: "X is ..." is said of X, it does not define it
    ("Article 3 - Social dimensions\nTolerance is necessary between individuals.", "Article 3 - Social dimensions",
     "Tolerance is necessary between individuals.", "tolerance", False),
])
def test_a_defining_section_opens_with_its_definition(text, section, sentence, term, expected):
    assert defines(text, _span(text, sentence), section, term) is expected


def test_a_term_is_read_as_the_document_defines_it():
    text = ("“Open Educational Resources” means learning, teaching and research materials in any format. "
            "Educational resources of all kinds are shared by the open educational resources community. "
            "“Open license” refers to a copyright license that respects the intellectual property rights.")
    chunks = [Chunk("oer:0000000000000001", "oer", text, 0, len(text), 0, "PREAMBLE", "OER", "oer.txt")]
    # a word of the document's own term missing ("libres" read as "free"): the longer term it defines
    assert term_as_defined(chunks, "educational resources") == "open educational resources"
    assert term_as_defined(chunks, "open educational resources") == "open educational resources"
    assert term_as_defined(chunks, "license") == "open license"
    assert term_as_defined(chunks, "research materials") == ""  # written, defined nowhere


def test_the_terms_a_document_defines_are_its_quoted_defined_terms():
    text = ("Article 1\n\nFor the purposes of the present Convention, the term `cultural property' shall cover, "
            "irrespective of origin or ownership: (a) movable property. Article 2\n\nThe “Committee” shall meet "
            "once a year. “Museum” means a permanent institution. The museum and its cultural property are kept.")
    chunks = [Chunk("h:0000000000000001", "h", text, 0, len(text), 0, "", "Hague", "h.txt")]
    # "Committee" is quoted but not defined; each defined term with how often the document writes it
    assert defined_terms(chunks) == {"cultural property": 2, "museum": 2}


RAMSAR = ("Article 1\n\n1. For the purpose of this Convention wetlands are areas of marsh, fen, peatland or water. "
          "2. For the purpose of this Convention waterfowl are birds ecologically dependent on wetlands.")
GENETIC = ("Article 2 – Use of terms\n\nFor the purposes of this Declaration, the terms used have the following "
           "meanings:\n\n(iii) Consent: Any freely given specific, informed and express agreement of an individual.")
LATER = "Article 9\n\nThe content may comprise signs or codes. It provides the means for understanding."


def _chunk(n: int, text: str, section: str = "") -> Chunk:
    return Chunk(f"d:{n:016d}", "d", text, 0, len(text), n, section)


def test_a_document_defines_unquoted_terms_where_it_opens_or_under_a_defining_heading():
    filler = [_chunk(n, f"Article {n}\n\nStates shall co-operate.") for n in range(2, 6)]
    terms = document_terms([_chunk(0, RAMSAR), _chunk(1, LATER), *filler, _chunk(6, GENETIC, "Article 2 – Use of terms"),
                            _chunk(7, "The digital heritage consists of unique resources.")])
    assert list(terms) == ["wetlands", "waterfowl", "consent"]
    assert terms["consent"].startswith("(iii) Consent: Any freely given")
    # far from the opening and under no defining heading, "The digital heritage consists of" is said, not defined;
    # a modal ("may comprise") or a pronoun ("It provides") is no term
    assert is_definition("(iii) Consent: Any freely given agreement.", "consent")
    assert not is_definition("(iii) Consent must be given.", "consent")


class _Embed:
    """Unit vectors by the words they hold: a question about places is close to the sentence on areas."""

    def __call__(self, texts):
        import numpy as np

        rows = []
        for t in texts:
            t = t.lower()
            v = np.array([float(any(w in t for w in words)) for words in
                          (("areas", "places"), ("birds", "animals"), ("agreement", "consent"))]) + 0.01
            rows.append(v / np.linalg.norm(v))
        return np.array(rows)


def test_the_term_a_question_describes_is_the_one_whose_defining_sentence_is_closest():
    chunks = [_chunk(0, RAMSAR)]
    assert described_term("how do they define the natural places they protect", chunks, _Embed()) == "wetlands"
    assert described_term("how does it define the animals it protects", chunks, _Embed()) == "waterfowl"
    assert described_term("what places does it protect", chunks, _Embed()) == ""  # no definition asked
    assert described_term("how does it define waterfowl", chunks, _Embed()) == ""  # named: defined_term's
    assert described_term("how does it describe consent", chunks, _Embed()) == ""  # nothing close enough


def test_a_term_the_question_names_and_the_document_writes_is_not_swapped_for_a_labelled_one(monkeypatch):
    from assistant import definitions

    # the document labels "waterfowl" and "wetlands"; the question names "birds", which it writes unlabelled
    chunks = [_chunk(0, RAMSAR)]
    assert described_term("how does it define birds", chunks, _Embed()) == ""
    monkeypatch.setattr(definitions, "NAMED_TERM_WRITTEN", False)
    assert described_term("how does it define birds", chunks, _Embed()) == "waterfowl"


def test_an_unnumbered_label_defines_its_term(monkeypatch):
    """"Displaced persons: persons or group of persons who ..." (the 2019 Buenos Aires Convention's Article I) defines
    "displaced person" as "(iii) Consent: ..." defines consent; a heading-like "Article 3: Consent ..." does not."""
    import assistant.definitions as definitions

    sentence = "Displaced persons: persons or group of persons who have been forced or obliged to flee their homes"
    assert is_definition(sentence, "displaced person")
    assert not is_definition("Article 3: Consent shall be given freely.", "consent")
    assert not is_definition("Displaced persons should be assisted: States shall help them.", "displaced person")
    monkeypatch.setattr(definitions, "UNNUMBERED_LABELS", False)
    assert not is_definition(sentence, "displaced person")


def test_a_thing_said_to_be_one_of_a_kind_is_defined(monkeypatch):
    """"(b) A pamphlet is a non-periodical printed publication ..." (the 1964 Recommendation's Definitions) defines a
    pamphlet; "Tolerance is harmony in difference" is said of tolerance, and "A State is not ..." is no definition."""
    import assistant.definitions as definitions

    sentence = "(b) A pamphlet is a non-periodical printed publication of at least 5 but not more than 48 pages"
    assert is_definition(sentence, "pamphlet")
    assert not is_definition("Tolerance is harmony in difference.", "tolerance")
    assert not is_definition("A State is not bound by this article.", "state")
    monkeypatch.setattr(definitions, "GENUS_DEFINITIONS", False)
    assert not is_definition(sentence, "pamphlet")


def test_a_lettered_label_defines_its_term(monkeypatch):
    from assistant import definitions

    sentence = "(m) Programme: a self-contained item, either with a title or otherwise indicated, broadcast during a period."
    assert is_definition(sentence, "programme")
    assert not is_definition("(n) Broadcasting time: time during which programmes are broadcast.", "programme")
    chunks = [Chunk("a", "d", f"Definitions\n\n{sentence}", 0, 140, 0)]
    assert "programme" in document_terms(chunks)
    monkeypatch.setattr(definitions, "LETTER_LABELS", False)
    assert not is_definition(sentence, "programme")
    assert "programme" not in document_terms(chunks)


def test_a_term_in_apposition_is_defined(monkeypatch):
    """"... entitled to the maintaining of academic freedom, that is to say, the right, without constriction by
    prescribed doctrine, to freedom of teaching ..." (the 1997 Recommendation, para. 27) defines academic freedom; "What
    is academic freedom according to the 1997 Recommendation ...?" quoted two sentences on its duties before it."""
    import assistant.definitions as definitions

    sentence = ("Higher-education teaching personnel are entitled to the maintaining of academic freedom, that is to "
                "say, the right, without constriction by prescribed doctrine, to freedom of teaching and discussion")
    assert is_definition(sentence, "academic freedom")
    assert is_definition("(c) Offprints, i.e., reprints of a part of a book or a periodical already published", "offprints")
    assert not is_definition("Academic freedom carries with it the duty to use that freedom ...", "academic freedom")
    monkeypatch.setattr(definitions, "APPOSITIVE_DEFINITIONS", False)
    assert not is_definition(sentence, "academic freedom")


def test_what_a_document_says_about_a_term_asks_for_the_term(monkeypatch):
    # only where a passage defines it (`ExtractiveAnswerer._asked_term` checks); "the role of ..." is no term
    import assistant.definitions as definitions
    from assistant.definitions import plain_term

    assert plain_term("What does the 1972 Convention say about natural heritage?") == "natural heritage"
    assert plain_term("What does the Convention say about the role of museums in society?") == ""
    assert plain_term("What does it say about it?") == ""
    monkeypatch.setattr(definitions, "SAYS_ABOUT_TERMS", False)
    assert plain_term("What does the 1972 Convention say about natural heritage?") == ""


def test_a_clause_after_define_is_no_term(monkeypatch):
    # "define what they protect" describes what is defined; the scope answer takes it (compose.SCOPE_DEFINED)
    import assistant.definitions as definitions

    question = "How do the 1970 and the 1972 Conventions each define what they protect?"
    assert defined_term(question) == ""
    assert defined_term("How does it define an artist?") == "artist"
    monkeypatch.setattr(definitions, "CLAUSES_NO_TERMS", False)
    assert defined_term(question) == "what they protect"
