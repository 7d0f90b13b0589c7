"""Follow-up questions without an LLM: pronouns, ellipsis and "the second one" resolved from earlier turns.

"Which bridge did UNESCO help rebuild?" then "In which year?" retrieves with
"In which year? Which bridge did UNESCO help rebuild? Mostar Bridge": the earlier question, plus the names the
earlier answer gave, travel with a question that cannot stand alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from core.textutil import ENUMERATOR, strip_markers, terms
from core.types import Turn

_PRONOUNS = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|he|she|his|her|this|these|those|there|such|that one|the latter|"
    r"the former|the same)\b", re.IGNORECASE)
_TRAILING_THAT = re.compile(r"\bthat\s*\??$", re.IGNORECASE)
_CONTINUATION = re.compile(r"^\s*(and|also|but|so|then|what about|how about|and what|why|when|where|how come|"
                           r"in which|in what|which year|what year)\b", re.IGNORECASE)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "last": -1, "1st": 1,
             "2nd": 2, "3rd": 3, "4th": 4}
_ORDINAL_REF = re.compile(r"\bthe\s+(first|second|third|fourth|fifth|sixth|last|1st|2nd|3rd|4th)"
                          r"(\s+(one|item|point|advantage|area|example|way))?\b", re.IGNORECASE)
# "Tell me more about the financial ones": after a list ("Civic engagement tools ...", "Financial tools ..."), "the X
# one(s)" is the item whose head holds X; False: only ordinals ("the second one") point at an item
NAMED_ITEMS = True
_NAMED_REF = re.compile(r"\bthe\s+([a-z][a-z-]{3,})\s+ones?\b", re.IGNORECASE)
_LIST_LINE = re.compile(ENUMERATOR.pattern.replace("^\\s*", "^[ \\t]*") + r"(.+)$", re.IGNORECASE | re.MULTILINE)
_ENTITY = re.compile(r"\b(?:[A-Z][\w’'-]+|of|the|for|and|de)(?:\s+(?:[A-Z][\w’'-]+|of|the|for|and|de))*")


# Words that ask for a kind of answer but name no subject: "Since which year?", "In what country?"
_GENERIC = set(terms("year years date time day place country city number amount reason example detail details "
                     "more since start began begin happen happened mean means first second last exactly "
                     "else other another cost long"))


# A capitalised word after the first ("When is International Jazz Day?", "What is CERN?"): the question names
# its own subject, so it stands alone unless a pronoun or "the second one" points back.
_OWN_NAME = re.compile(r"(?<=\s)(?!UNESCO\b|I\b)[A-Z][\w’'-]*")
# "How can a State withdraw from it?" after a turn on the Ramsar Convention: "State" is a role the instruments write
# capitalised (as "Member State", "Contracting Party"), no name the pronoun could stand for; False: any capital
ROLES_NO_NAMES = True
_ROLE_NAME = re.compile(r"(?:State|States|Party|Parties|Member|Members|Contracting|High|Government|Governments)\b")


def _own_name(question: str) -> re.Match | None:
    """The question's first name of its own (a capitalised word inside it, not a role word)."""
    for m in _OWN_NAME.finditer(question):
        if not (ROLES_NO_NAMES and _ROLE_NAME.fullmatch(m.group(0))):
            return m
    return None


def is_followup(question: str) -> bool:
    if _ORDINAL_REF.search(question) or _PRONOUNS.search(question) or _TRAILING_THAT.search(question):
        return True
    if _own_name(question):
        return False
    own = [t for t in terms(question) if t not in _GENERIC]
    if _CONTINUATION.match(question) and len(own) <= 2:
        return True
    return len(own) <= 1


def names_before_pointing_back(question: str) -> bool:
    """Does the question name its own subject before its first pronoun ("How many Member States sit on UNESCO's
    Executive Board, and can its members be re-elected?")? The pronoun may then point at that name, not at an
    earlier turn."""
    pronoun = _PRONOUNS.search(question)
    name = _own_name(question)
    return bool(pronoun and name and name.start() < pronoun.start() and not _ORDINAL_REF.search(question))


_PLURAL_PRONOUNS = re.compile(r"\b(they|them|their|theirs|each|both)\b", re.IGNORECASE)


def plural_points_at_own_names(question: str, named: int) -> bool:
    """Does a question that names `named` documents (two or more) point at them with a plural pronoun after the names
    ("What is the difference between the Rome Convention and the Phonograms Convention on who they protect?")? Only a
    plural one: "What does the World Heritage Convention say about it?" points back at an earlier subject."""
    if named < 2 or _ORDINAL_REF.search(question) or _TRAILING_THAT.search(question):
        return False
    pronouns = list(_PRONOUNS.finditer(question))
    name = _own_name(question)
    return bool(pronouns and name and name.start() < pronouns[0].start()
                and all(_PLURAL_PRONOUNS.fullmatch(p.group(0)) for p in pronouns))


def points_back(question: str) -> bool:
    """Does a pronoun of the question stand for something of an earlier turn ("What does it look like?")? Not when
    the question names its own subject before the pronoun."""
    return bool(_PRONOUNS.search(question)) and not names_before_pointing_back(question)


# An opening "and"/"so"/"what about" or a pronoun, in English and the other languages served ("Et pour combien de temps sont-ils
# élus ?", "¿Y cuántos miembros tiene?"); English pronouns are `_PRONOUNS`. Not an opening "When"/"Where" (which
# `_CONTINUATION` counts for completing a query): "When was the Quorvane reef station founded?" is a question of its own
_CARRY_ON = re.compile(r"^\s*[¿¡]?\s*(?:and|also|but|so|then|what about|how about|et|mais|alors|y|pero|entonces|"
                           r"und|e)\b|(?<!\w)(?:ils|elles|eux|leur|leurs|"
                           r"ellos|ellas|sus|sie|ihre)(?!\w)|-(?:ils?|elles?)\b", re.IGNORECASE)


def carries_on(question: str) -> bool:
    """Does the question carry on the conversation by pointing back ("And for how long are they elected?", "Et
    pour combien de temps sont-ils élus ?"), not only by being short ("Which bridge did UNESCO help rebuild?" is a
    question of its own)?"""
    return points_back(question) or bool(_CARRY_ON.search(question))


# "What does it say about solidarity?", "What do they provide for disputes?": a pronoun that says, states, provides
# ... stands for the document, which is what says things, not for the earlier question's subject
_DOCUMENT_SPEAKS = re.compile(r"\b(?:does|do|did)\s+(?:it|they)\s+(?:say|state|provide|stipulate|mention|require|"
                              r"recommend|declare|proclaim|set\s+out|lay\s+down)\b|\b(?:it|they)\s+(?:says|states|"
                              r"provides|stipulates|mentions|requires|recommends|declares|proclaims)\b", re.IGNORECASE)


# "Can a State withdraw from it?", "Who may join it?", "How is it amended?": what is joined, ratified, denounced, left or
# amended is a document, so the pronoun is the document too, not the earlier question's subject ("export
# certificates", whose words chose the certificate article for "Can a State withdraw from it?" after a turn on the 1970
# Convention's certificates); False: only a pronoun that says something (`_DOCUMENT_SPEAKS`)
DOCUMENT_ACTED_ON = True
_ACTS = (r"join|ratify|accede\s+to|sign|denounce|leave|quit|withdraw\s+from|pull\s+out\s+of|get\s+out\s+of|amend|"
         r"revise|suspend|terminate|implement|register|deposit")
_DOCUMENT_ACTED = re.compile(rf"\b(?:{_ACTS})\s+(?:it|them)\b|\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:it|they)\s+"
                             rf"(?:joined|ratified|signed|denounced|amended|revised|suspended|terminated|implemented|"
                             rf"registered|deposited)\b|\b(?:it|they)\s+(?:is|are|was|were|be|been|get|gets)\s+"
                             rf"(?:joined|ratified|signed|denounced|amended|revised|suspended|terminated|implemented|"
                             rf"registered|deposited)\b", re.IGNORECASE)


def speaks_of_document(question: str) -> bool:
    """Is the question's pronoun the document that says something ("And what does it say about solidarity?"), or
    that is joined, denounced or amended ("Can a State withdraw from it?")?"""
    return bool(_DOCUMENT_SPEAKS.search(question)) or (DOCUMENT_ACTED_ON and bool(_DOCUMENT_ACTED.search(question)))


# "And a pamphlet?", "What about the Executive Board?": a noun phrase and nothing else (no verb, no question word)
_ELLIPSIS = re.compile(r"^\s*(?:and|but|what about|how about|and what about|and how about|same for)\s+"
                       r"(?P<phrase>[^?.!;:]{1,60}?)\s*[?.!]*\s*$", re.IGNORECASE)
_VERB_OR_QUESTION = re.compile(r"\b(?:is|are|was|were|be|been|do|does|did|can|could|may|might|shall|should|will|would|"
                               r"must|has|have|had|means?|counts?|includes?|says?|defines?|who|what|when|where|why|how|"
                               r"which|it|they|them|one)\b", re.IGNORECASE)
# A noun phrase of an earlier question: a determiner, up to four words, then a preposition, a relative word, a verb, a
# participle ("the 1970 Convention adopted") or the end ("a book" in "What counts as a book under the 1964
# Recommendation on ...?")
_NOUN_PHRASE = re.compile(r"\b(?:a|an|the)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+(?=\s+(?:under|of|in|by|for|according|from|"
                          r"to|with|on|at|as|that|which|who|whose|and|or|be|been|is|are|was|were|do|does|did|has|have|"
                          r"had|can|could|will|would|shall|should|must|may|might|means?|meets?|says?|defines?|"
                          r"includes?|protects?|requires?|enters?|appl(?:y|ies)|counts?)\b|\s+(?-i:[a-z]+ed)\b|"
                          r"\s*[?,.;:]|\s*$)", re.IGNORECASE)


def elliptical_phrase(question: str) -> str:
    """The noun phrase an elliptical follow-up consists of ("And a pamphlet?" -> "a pamphlet"); "" for a question
    with a verb, a question word or a pronoun of its own ("And how does it define waterfowl?", "What about the third
    one?")."""
    m = _ELLIPSIS.match(question)
    if not m or _VERB_OR_QUESTION.search(m.group("phrase")) or points_to_item(question):
        return ""
    return m.group("phrase").strip()


# "How does the 2005 Convention define cultural expressions?" then "And cultural industries?": the term a defining verb
# asks about has no determiner, so the follow-up found no phrase to stand for and was asked alone ("And cultural
# industries?" quoted three sentences that only use the words). The bare object of such a verb is a noun phrase too;
# False: only phrases with a determiner
BARE_DEFINED_TERMS = True
_BARE_DEFINED = re.compile(r"\b(?:define[sd]?|mean[st]?\s+by|understood\s+by|understand\s+by|counts?\s+as|"
                           r"(?:regarded|considered|treated)\s+as)\s+(?P<term>(?!(?:a|an|the|it|they|this|that)\b)"
                           r"[\w’'-]+(?:\s+(?!(?:under|in|according|by|for|of|to)\b)[\w’'-]+){0,3})"
                           r"(?=\s*[?,.;:]|\s*$|\s+(?:under|in|according|by|for)\b)", re.IGNORECASE)


def noun_phrases(question: str) -> list[tuple[int, int]]:
    """Where the noun phrases of a question are (`_NOUN_PHRASE`, and the bare term a defining verb asks about:
    `BARE_DEFINED_TERMS`), as spans."""
    spans = [m.span() for m in _NOUN_PHRASE.finditer(question)]
    if BARE_DEFINED_TERMS:
        spans += [m.span("term") for m in _BARE_DEFINED.finditer(question)
                  if not any(a <= m.start("term") < b for a, b in spans)]
    return sorted(spans)


def fill_ellipsis(question: str, earlier: str, similarities: Callable[[str, list[str]], Sequence[float]],
                  floor: float, alike: Callable[[str, str], bool] = lambda phrase, candidate: True) -> str:
    """The earlier question with the elliptical follow-up's noun phrase in place of its most similar one: "And a
    pamphlet?" after "What counts as a book under the 1964 Recommendation ...?" -> "What counts as a pamphlet under
    the 1964 Recommendation ...?". `similarities(phrase, candidates)` scores each candidate (cosine); only those
    `alike(phrase, candidate)` may be replaced (a document's name by a document's name); "" when the question is not
    elliptical or no phrase of the earlier question scores `floor` or more."""
    phrase = elliptical_phrase(question)
    spans = [(a, b) for a, b in noun_phrases(earlier) if alike(phrase, earlier[a:b])] if phrase else []
    if not spans:
        return ""
    scores = list(similarities(phrase, [earlier[a:b] for a, b in spans]))
    best = max(range(len(spans)), key=scores.__getitem__)
    if scores[best] < floor:
        return ""
    a, b = spans[best]
    return f"{earlier[:a]}{phrase}{earlier[b:]}"


def points_to_item(question: str) -> bool:
    """Does the question refer to an item of the previous answer ("the first one", "the second of those", "the
    financial ones")?"""
    return bool(_ORDINAL_REF.search(question)) or (NAMED_ITEMS and bool(_NAMED_REF.search(question)))


def named_item(question: str, answer_text: str) -> tuple[re.Match, str] | None:
    """"the financial ones" and the one item of the earlier answer's list whose head holds "financial"
    (`NAMED_ITEMS`), or None."""
    m = _NAMED_REF.search(question) if NAMED_ITEMS else None
    if not m:
        return None
    wanted = set(terms(m.group(1)))
    found = [item for item in list_items(answer_text) if wanted & set(terms(_item_head(item)))]
    return (m, found[0]) if len(found) == 1 else None


def list_items(answer_text: str) -> list[str]:
    """The items of a list in an earlier answer (bulleted or numbered lines)."""
    return [strip_markers(m.group(1)).strip() for m in _LIST_LINE.finditer(answer_text)]


def _item_head(item: str) -> str:
    """'Credibility; UNESCO has ...' -> 'Credibility'; 'Supporting post-conflict reconstruction. For...' -> first."""
    head = re.split(r"[;:.]\s", item, maxsplit=1)[0]
    return head if len(head.split()) <= 8 else " ".join(head.split()[:8])


MAX_NAME_WORDS = 5  # an earlier answer's longer capitalised runs are titles, not what "it" refers to
_UNESCO = frozenset(terms("United Nations Educational, Scientific and Cultural Organization"))


def _entities(answer_text: str, prev_question: str, limit: int = 4) -> list[str]:
    """Proper names of an earlier answer ("Mostar Bridge", "CERN"), from its sentence closest to the earlier
    question first: that is what a following "it" most likely means."""
    text = strip_markers(answer_text)
    sentences = [s for s in re.split(r"(?<=[.!?:])\s+|\n", text) if s.strip()]
    qterms = set(terms(prev_question))
    sentences.sort(key=lambda s: -len(qterms & set(terms(s))))
    names: list[str] = []
    for sentence in sentences:
        for m in _ENTITY.finditer(sentence):
            name = re.sub(r"^(?:(?:of|the|for|and|de)\s+)+|(?:\s+(?:of|the|for|and|de))+$", "", m.group().strip())
            if not name or name.lower() in ("of", "the", "for", "and", "de") or name in ("UNESCO", "The", "It"):
                continue
            if set(terms(name)) <= qterms | _UNESCO or len(name.split()) > MAX_NAME_WORDS:
                continue  # the earlier question named it already, UNESCO, or a long title whose words match everything
            if name not in names and (len(name.split()) > 1 or name.isupper() or m.start() > 0):
                names.append(name)
        if len(names) >= limit:
            break
    return names[:limit]


# An earlier answer that is a refusal: its words (and the names of its related passages) are no context.
_REFUSED = re.compile(r"^\s*(the documents don.t say|i found no passage|i could not find|not answered)",
                      re.IGNORECASE)


def was_refused(answer_text: str) -> bool:
    return not answer_text.strip() or bool(_REFUSED.match(answer_text))


def resolve_followup(question: str, turns: list[Turn], *, force: bool = False) -> str:
    """A standalone retrieval query for `question` given the earlier turns (oldest first). With `force`, the
    earlier turns are added even when the question looks self-contained (the caller then tries both)."""
    if not turns or not (force or is_followup(question)):
        return question
    prev = turns[-1]
    prev_query = resolve_followup(prev.question, turns[:-1])
    m = _ORDINAL_REF.search(question)
    if m:
        items = list_items(prev.answer)
        n = _ORDINALS[m.group(1).lower()]
        if items and (n == -1 or n <= len(items)):
            item = items[n - 1] if n > 0 else items[-1]
            # The item's own words find its passage better than the earlier question does.
            return f"{question[:m.start()]}{_item_head(item)}{question[m.end():]} {' '.join(item.split()[:30])}"
    if (named := named_item(question, prev.answer)) is not None:
        m, item = named
        return f"{question[:m.start()]}{_item_head(item)}{question[m.end():]} {' '.join(item.split()[:30])}"
    context = "" if was_refused(prev.answer) else " ".join(_entities(prev.answer, prev_query))
    return " ".join(part for part in (question, prev_query, context) if part)
