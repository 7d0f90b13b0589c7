"""The formulas that date and place an instrument, and the questions they answer.

A UNESCO instrument says where and when it was adopted in set phrases, not in its articles: an opening
("The General Conference ..., meeting in Belgrade from 23 September to 28 October 1980, at its twenty-first
session,"), a closing ("Done at The Hague, this fourteenth day of May, 1954, ...", "Adopts this Convention on 20
October 2005.") or a line under the title ("Adopted in London on 16 November 1945"). They share few words with a
question ("When was the Hague Convention done, and where?" has none once the document's name is set aside), so
retrieval does not find them, and an opening formula ends in "," like a recital, so the answerer would not quote
it. A question about a named document's adoption (`asks_about_adoption`) gets those chunks of the document
(`formula_chunks`) among its passages, and `is_formula` lets the answerer quote the formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.documents import INSTRUMENT_TYPES
from core.textutil import asked_sentences, strip_enumerator
from core.types import Chunk

# "When/where/on which date/at which session was X adopted/done/signed/concluded/proclaimed?"
_ADOPTION_VERB = re.compile(r"\b(?:adopt(?:ed|ion)?|done|signed|sign(?:ing|ature)|conclud(?:ed|e)|proclaimed|"
                            r"approved|revised|drawn up|held|took place)\b", re.IGNORECASE)
# "which/what" asks for a date, place or session when that noun is its own, within two words ("on what date", "at which
# session of ..."), not any such word after it: "By what vote did the General Conference adopt ...?" asks for a vote
# (its "Conference" is a name); False: such a noun up to 40 characters on
NOUN_ASKED = True
_OLD_WH_NOUN = r"\b(?:when|where|which|what)\b[^?]{0,40}\b(?:date|day|year|city|place|session|conference|meeting)s?\b"
_WH_NOUN = re.compile(r"\b(?:when|where|which|what)\b\s+(?:[\w'’-]+\s+){0,2}(?:date|day|year|city|place|session|"
                      r"conference|meeting)s?\b", re.IGNORECASE)
_WHEN_WHERE = re.compile(r"(?:^|[.?!]\s+)\s*(?:and\s+)?(?:when|where)\b|\b(?:when|where)\s+and\s+(?:when|where)\b|"
                         r"\b(?:and|,)\s+(?:when|where)\s*\??\s*$|\b(?:in|at)\s+(?:which|what)\s+(?:city|place|"
                         r"session|year)\b", re.IGNORECASE)
_SESSION = re.compile(r"\bsession\b", re.IGNORECASE)
# A session is asked for ("at which session", "what session"), not named in a description ("the Convention ...
# adopted at the same session, do States pay ...?"); False: any session the question names
SESSION_ASKED = True
_SESSION_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}sessions?\b|\bsession\s*\??\s*$", re.IGNORECASE)
# The set phrases themselves (a sentence that starts so, or an opening formula's "meeting in ... session").
_FORMULA = re.compile(
    r"^\s*(?:Done\s+at|Done\s+in|Adopted\s+(?:in|at|on|by)|Adopts\b|Proclaims\b|Solemnly\s+(?:adopts|proclaims)\b|"
    r"Made\s+at|Signed\s+at|Approved\s+(?:in|at|on|by))"
    r"|\bmeeting\s+in\s+[A-Z][\w' -]{1,40}?\s+from\s+\d{1,2}\s+\w+\s+(?:\d{4}\s+)?to\s+\d{1,2}\s+\w+\s+\d{4}"
    r"|\bmeeting\s+in\s+[A-Z][\w' -]{1,40}?,?\s+at\s+(?:its|the)\s+\w+(?:-\w+)?\s+session\b", re.MULTILINE)


# "What is the date of the Ramsar Convention?": the date of a document, named right after "date of" (up to five words
# and a type word; not "the date of entry into force of the Convention"), is the date it was done
_DOCUMENT_TYPES = "(?:" + "|".join(sorted(INSTRUMENT_TYPES)) + ")"
_DATE_OF_DOCUMENT = re.compile(r"\bdates?\s+of\s+(?:the\s+|this\s+|its\s+|unesco['’]s\s+)?(?:\d{4}\s+)?"
                               r"(?:(?!(?:entry|into|force|deposit|ratification|accession|signature|denunciation|"
                               r"notification|receipt|withdrawal|reservation|next|meeting|session|conference|election)\b)[\w'’-]+\s+){0,5}" + _DOCUMENT_TYPES +
                               r"\b", re.IGNORECASE)
DOCUMENT_DATES = True

# "Which is older, the Hague Convention or the World Heritage Convention?", "Which came first, A or B?", "Was A adopted
# before the B?": which of the documents named was adopted first is told by each one's dating formula, as "when was it
# adopted?" is (a comparative between two things joined by "or", not "What is the oldest ...?", which asks for a
# thing); False: such a question is scored by its words ("older" is in no article)
SEQUENCE_ASKED = True
_SEQUENCE = re.compile(r"\b(?:which|what)\b[^?]{0,40}?\b(?:is|was|are|were)\s+(?:the\s+)?(?:older|newer|more\s+recent|"
                       r"earlier)\b[^?]*\bor\s+(?:the|its)\b|\b(?:which|what)\b[^?]{0,40}?\b(?:came|comes|come)\s+first\b[^?]*"
                       r"\bor\s+(?:the|its)\b|"
                       r"\b(?:was|were)\b[^?]{0,80}?\b(?:adopted|signed|done|concluded)\s+(?:before|after)\s+(?:the|its|that)\b",
                       re.IGNORECASE)

# What a question asks is read from its question sentences, not from a statement that opens it ("The two exchange
# conventions adopted by UNESCO in December 1958 cover different exchanges. Who exchanges what under ...?" asks nothing
# about adoption); False: from all of it
ASKED_SENTENCES = True


def asks_document_date(question: str) -> bool:
    """"What is the date of the Ramsar Convention?": the date of a document named right after "date of"."""
    return DOCUMENT_DATES and bool(_DATE_OF_DOCUMENT.search(question)) and bool(
        re.search(r"\b(?:what|which)\b", question, re.IGNORECASE))


def asks_about_adoption(question: str) -> bool:
    """Does the question ask when, where or at which session a document was adopted (done, signed, ...)?"""
    if ASKED_SENTENCES:
        question = asked_sentences(question)
    if asks_document_date(question):
        return True
    if SEQUENCE_ASKED and _SEQUENCE.search(question):
        return True
    session = _SESSION_ASKED if SESSION_ASKED else _SESSION
    asks = _WHEN_WHERE.search(question) or (_WH_NOUN.search(question) if NOUN_ASKED else
                                            re.search(_OLD_WH_NOUN, question, re.IGNORECASE))
    return bool(_ADOPTION_VERB.search(question) and (asks or session.search(question)))


def is_formula(sentence: str) -> bool:
    """Is the sentence one of the set phrases that date and place an instrument? Read after a leading enumerator:
    four Recommendations number theirs ("1.\tAdopts the present Recommendation ...")."""
    return bool(_FORMULA.search(strip_enumerator(sentence)))


def formula_chunks(chunks: Sequence[Chunk], limit: int = 3) -> list[Chunk]:
    """The chunks of one document (in reading order) that hold its dating formulas: the last first (the
    closing "Done at" is the authoritative one), then the opening; at most `limit`."""
    found = [c for c in chunks if any(is_formula(line) for line in c.text.split("\n"))]
    return list(reversed(found))[:limit]
