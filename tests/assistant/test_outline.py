"""A document's outline (`assistant.outline`): which lines are headings, which heading groups which, and which
heading a list question names. Pure logic on hand-made chunks; the answers it gives on the real library are in
tests/assistant/test_library_answers.py."""

from __future__ import annotations

import pytest

from assistant.outline import Heading, asked_noun, children, headings, matching, style_of, subject_terms
from core.types import Chunk

DECLARATION = """Proclaims the principles that follow.

General provisions

Article 1 – Scope

1. This Declaration addresses ethical issues related to medicine and life sciences, as applied to human beings, \
and it goes on for a while so that this section has a body of its own, longer than a heading's reach. It says \
to whom it is addressed, and what it covers, in several sentences, each of them a full sentence that ends with \
a full stop. Nothing in this body is a heading. Another sentence follows here. And a last one, to make the body \
longer than four hundred characters, which is the reach of a group heading.

Principles

Within the scope of this Declaration, the following principles are to be respected.

Article 3 – Human dignity and human rights

1. Human dignity is to be fully respected.

Article 4 – Benefit and harm

Direct and indirect benefits should be maximized.

Article 5 – Autonomy and individual responsibility

The autonomy of persons is to be respected.

Application of the principles

Article 18 – Decision-making

Professionalism should be promoted.
"""

MUSEUMS = """II. PRIMARY FUNCTIONS OF MUSEUMS

Preservation

7. The preservation of heritage comprises activities related to acquisition.

Research

9. Research, including the study of collections, is another primary function.

Education

12. Education is another primary function of museums.

III. ISSUES FOR MUSEUMS IN SOCIETY

Globalization

13. Globalization has permitted greater mobility.
"""


def chunks_of(text: str, size: int = 300) -> list[Chunk]:
    """The text cut into overlapping chunks at line breaks, as the chunker would (offsets into the text)."""
    out, start, n = [], 0, 0
    while start < len(text):
        end = min(len(text), start + size)
        end = text.rfind("\n", start + 1, end) + 1 if end < len(text) and text.rfind("\n", start + 1, end) > 0 else end
        out.append(Chunk(f"c{n}", "doc", text[start:end], start, end, n))
        n += 1
        nxt = text.rfind("\n\n", start, end - 40)
        start = end if nxt <= start else nxt + 2
    return out


@pytest.mark.parametrize("line, style", [
    ("Article 3 – Human dignity and human rights", "article"),
    ("Principles", "plain"),
    ("PRINCIPLES", "caps"),
    ("II. PRIMARY FUNCTIONS OF MUSEUMS", "roman"),
    ("VIII – Cooperation for the protection of cultural heritage", "roman"),
    ("CHAPTER II", "part"),
    ("(a) cultural property", ""),  # a list item
    ("2. museums as spaces", ""),
    ("2.\tPrinciple of sovereignty", "numbered"),  # short, capitalised, unpunctuated: a numbered heading
    ("3. Museums", ""),  # one word: an item
    ("The Committee shall meet annually.", ""),  # a sentence
    ("Such cooperation should entail at least:", ""),
    ("_________", ""),
])
def test_style_of(line, style):
    assert style_of(line) == style


def test_a_group_heading_groups_the_headings_in_the_style_of_its_first_child():
    outline = headings(chunks_of(DECLARATION))
    texts = [h.text for h in outline]
    assert texts.count("Article 3 – Human dignity and human rights") == 1  # once, however the chunks overlap
    i = texts.index("Principles")
    assert [h.text for h in children(outline, i)] == [
        "Article 3 – Human dignity and human rights", "Article 4 – Benefit and harm",
        "Article 5 – Autonomy and individual responsibility"]
    # "Article 1 – Scope" has a body of its own: a leaf, not the group of "Principles"
    assert children(outline, texts.index("Article 1 – Scope")) == []
    for h in outline:  # every heading's span holds its text in its chunk
        assert h.chunk.text[h.span[0]:h.span[1]] == h.text


def test_roman_sections_group_plain_headings():
    outline = headings(chunks_of(MUSEUMS))
    i = matching(outline, "What are the primary functions of museums according to the 2015 Recommendation?")
    assert outline[i].text == "II. PRIMARY FUNCTIONS OF MUSEUMS"
    assert [h.text for h in children(outline, i)] == ["Preservation", "Research", "Education"]


@pytest.mark.parametrize("question, noun", [
    ("Which ethical principles does the 2017 Declaration set out?", "principl"),
    ("What are the primary functions of museums?", "function"),
    ("List the objectives of the Convention", "object"),
    ("What does the Convention protect?", ""),
    ("When was it adopted?", ""),
])
def test_asked_noun(question, noun):
    assert asked_noun(question) == noun


def test_a_preposition_or_verb_ends_the_question_words_phrase(monkeypatch):
    # "what age by statistics": "age" is asked; "statistics" belongs to another phrase (the outline's heading
    # "II. STATISTICS ON THE EDUCATIONAL ATTAINMENT ..." was given as the answer)
    question = "From what age is the population counted, and from what age by statistics on attainment?"
    assert asked_noun(question) == ""
    assert asked_noun("Which two main functions does it name?") == "function"
    # "what" before its own verb: the noun after the verb is its subject, still the thing asked about
    assert asked_noun("What must States Parties do under it?") == "state"
    from assistant import outline as outline_module

    monkeypatch.setattr(outline_module, "WH_PHRASE_ENDS", False)
    assert asked_noun(question) == "statist"


def test_a_heading_matches_only_when_it_names_what_is_asked_for():
    outline = headings(chunks_of(DECLARATION))
    texts = [h.text for h in outline]
    assert texts[matching(outline, "Which principles does the Declaration set out?")] == "Principles"
    # every word of "Application of the principles" must be in the question
    assert texts[matching(outline, "How is the application of the principles set out? Which principles apply?")] \
        == "Application of the principles"
    assert matching(outline, "What does the Declaration say about benefit and harm?") is None  # no noun asked for
    assert matching(outline, "Which rights does the Declaration set out?") is None


CONVENTION = """Article 1 – Objectives

The objectives of this Convention are: to protect and promote the diversity of cultural expressions, and a body of
its own, long enough to be more than a heading's reach away from the next heading, which it is now, surely, since
it goes on and on about the objectives in several sentences. It says what the Convention is for. It ends here, after
more than four hundred characters of text, so that the article is a leaf with a body and not a group heading.

Article 2 – Guiding principles

1.	Principle of respect for human rights and fundamental freedoms

Cultural diversity can be protected and promoted only if human rights are guaranteed.

2.	Principle of sovereignty

States have the sovereign right to adopt measures.

Article 3 – Scope of application

This Convention shall apply to the policies and measures adopted by the Parties.
"""


def test_numbered_headings_are_the_children_of_the_article_that_groups_them():
    """"What are the principles ...?" (a French or Spanish question asked in English has lost "guiding"): the group
    heading with the noun and one word more, and its numbered headings."""
    outline = headings(chunks_of(CONVENTION))
    i = matching(outline, "What are the principles of the 2005 Convention?")
    assert outline[i].text == "Article 2 – Guiding principles"
    assert [h.text for h in children(outline, i)] == [
        "1.\tPrinciple of respect for human rights and fundamental freedoms", "2.\tPrinciple of sovereignty"]
    # only a group heading may have the word more: "Scope of application" is a leaf
    assert matching(outline, "What are the applications of the Convention?") is None


def test_a_group_heading_one_word_short_must_end_with_the_plural_asked_for():
    """"Which conventions encourage transboundary nominations?" is no question about the group heading "VI. Organs
    of the Convention" (it was answered with its articles, seed t12 on the library store)."""
    text = ("VI. Organs of the Convention\n\nArticle 22 – Conference of Parties\n\nThe Conference meets.\n\n"
            "Article 23 – Intergovernmental Committee\n\nThe Committee meets.\n")
    outline = headings(chunks_of(text))
    assert matching(outline, "Which conventions encourage transboundary and multi-country nominations?") is None
    assert outline[matching(outline, "Which organs does the Convention set up?")].text == "VI. Organs of the Convention"


@pytest.mark.parametrize("text, words", [
    ("Chapter II. Special protection", {"special", "protect"}),
    ("PART IV – Financial provisions", {"financi", "provis"}),
    ("Section 3: Fund", {"fund"}),
    ("Article 2 – Aims", {"aim"}),
    ("Principles", {"principl"}),
])
def test_a_parts_number_is_no_subject_word(text, words):
    chunk = Chunk(id="c", document_id="d", text=text, start=0, end=len(text), ordinal=0)
    assert subject_terms(Heading(text, chunk, (0, len(text)), "part")) == words


def test_a_parts_number_is_a_subject_word_without_part_numbers(monkeypatch):
    from assistant import outline

    monkeypatch.setattr(outline, "PART_NUMBERS", False)
    text = "Chapter II. Special protection"
    chunk = Chunk(id="c", document_id="d", text=text, start=0, end=len(text), ordinal=0)
    assert "ii" in subject_terms(Heading(text, chunk, (0, len(text)), "part"))


SIGNED = """III. Measures recommended

Educational action

19. Each Member State should take steps to stimulate interest in the cultural heritage of all nations.

Publicity

20. The disappearance of any cultural object should be brought to the knowledge of the public.

The foregoing is the authentic text of the Recommendation duly adopted by the General Conference.

IN FAITH WHEREOF we have appended our signatures this twenty-first day of November 1964.

The President of the General Conference
The Director-General"""


def test_the_signatures_after_a_texts_authentication_are_no_headings(monkeypatch):
    from assistant import outline

    texts = [h.text for h in headings(chunks_of(SIGNED))]
    assert "Publicity" in texts and "The Director-General" not in texts
    assert "The President of the General Conference" not in texts
    monkeypatch.setattr(outline, "SIGNATURES_END_OUTLINE", False)
    assert "The Director-General" in [h.text for h in headings(chunks_of(SIGNED))]


CONSTITUTION = """Article IV

The General Conference

A. Composition

1. The General Conference shall consist of the representatives of the States Members of the Organization.

B. Functions

2. The General Conference shall determine the policies and the main lines of work of the Organization.

3. The General Conference shall elect the members of the Executive Board.

C. Voting

8. Each Member State shall have one vote in the General Conference.

Article V

Executive Board

A. Composition

1. The Executive Board shall be elected by the General Conference.

B. Functions

2. The Executive Board shall prepare the agenda for the General Conference.

3. The Executive Board shall recommend the admission of new Members to the Organization.
"""


def test_lettered_sections_are_headings_grouped_by_what_they_are_part_of(monkeypatch):
    from assistant import outline

    found = headings(chunks_of(CONSTITUTION))
    texts = [h.text for h in found]
    assert style_of("A. Composition") == style_of("C. Voting") == "lettered"
    assert style_of("I. General provisions") == "roman"  # a roman numeral stays one
    board = texts.index("Executive Board")
    assert [h.text for h in children(found, board)] == ["A. Composition", "B. Functions"]
    # of the two "B. Functions", the question names the one under the Executive Board
    i = matching(found, "What are the functions of the Executive Board of UNESCO?")
    assert i is not None and i > board, (i, texts)
    assert matching(found, "What are the functions of the General Conference?") < board
    monkeypatch.setattr(outline, "PARENT_WORDS", False)
    assert matching(found, "What are the functions of the Executive Board of UNESCO?") < board  # the first one
    monkeypatch.setattr(outline, "LETTERED_HEADINGS", False)
    assert style_of("A. Composition") == ""


def test_a_heading_that_joins_the_noun_asked_for_with_another_names_it(monkeypatch):
    """"What are the obligations of Parties?" is answered by "IV. Rights and obligations of Parties" (session 32: the
    2005 Convention's federal clause was quoted); "rights" is what the heading joins to "obligations", not a subject
    the question lacks."""
    from assistant import outline as outline_module

    text = ("IV. Rights and obligations of Parties\n\nArticle 5 – General rule\n\nThe Parties reaffirm.\n\n"
            "Article 6 – Rights of parties at the national level\n\nEach Party may adopt measures.\n\n"
            "V. Relationship to other instruments\n\nArticle 20 – Relationship to other treaties\n\nParties shall.\n")
    outline = headings(chunks_of(text))
    i = matching(outline, "What are the obligations of States Parties under the Convention?")
    assert outline[i].text == "IV. Rights and obligations of Parties"
    assert matching(outline, "What are the obligations of the Convention?") is None  # "Parties" is no joined word
    monkeypatch.setattr(outline_module, "COORDINATED_HEADINGS", False)
    assert matching(outline, "What are the obligations of States Parties under the Convention?") is None
