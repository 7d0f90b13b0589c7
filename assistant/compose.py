"""The default answerer: grounded and extractive, no LLM.

It picks the sentences of the retrieved passages that answer the question and joins them, each ending with its
citation marker. Words come from the sources only. It refuses when no sentence is close enough to the question,
when the question names a number or year no passage has, or when the answer type the question asks for (a year
for "when", a number for "how many") is missing from the best sentences.

Sentence score = 0.55 * cosine(sentence, query) + 0.35 * share of the question's terms in the sentence's passage
+ 0.10 * passage prior, plus a bonus when the sentence holds the kind of answer asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.answerability import (asked_superlatives, asks_negation, holds_superlatives, missing_names,
                                     missing_numbers, negation_unmatched, superlative_unmatched,
                                     scattered_names, states_negation)
from assistant.citations import build_answer, join_answers, refusal
from assistant.disagreement import with_disagreement
from assistant.definitions import defined_term, definition_chunks, defines, is_definition, plain_term
from assistant.documents import (INSTRUMENT_TYPES, DocumentResolver, is_instrument, is_treaty,
                                 similar_spelling)
from assistant.formulas import asks_about_adoption, asks_document_date, is_formula
from assistant.lay_terms import legal_terms
from assistant.outline import PART_NAMES, PART_NUMERAL
from assistant.word_families import with_families
from assistant.conversation import is_followup, names_before_pointing_back, points_back, resolve_followup
from core.settings import Settings
from core.candidates import addresses_reader, asks_a_question, is_answer_candidate
from core.textutil import (ENUMERATOR, addressed_to_model, asked_sentences, fold, sentence_spans, strip_enumerator,
                            strip_markers, terms)
from core.types import Answer, Part, Passage, Turn

_YEAR = re.compile(r"\b(1\d\d\d|20\d\d)s?\b")
_ORDINALS = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
             "fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first")
_ERA = re.compile(rf"\b(\d{{1,2}}(st|nd|rd|th)|{_ORDINALS})[- ]centur(y|ies)\b|\b\d[\d,]*\s*(BC|BCE|AD|CE|BP)\b"
                  r"|\b(AD|A\.D\.)\s*\d{1,4}\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_DATE = re.compile(rf"\b(\d{{1,2}}\s+({_MONTHS})|({_MONTHS})\s+\d{{1,2}})\b")
# "When may/does/shall it ...?" asks, of a rule, a time relative to an event or a condition, as often as a date:
# "twelve months after the receipt", "at any time, in case of urgent need", "after a period of five years".
_RULE_WHEN_Q = re.compile(r"\bwhen\s+(?:may|shall|should|must|can|could|might|will|does|do|is|are)\b", re.IGNORECASE)
# "And when would that take effect?": a conditional asks the rule too ("twelve months after the receipt ...")
WHEN_WOULD = True
_RULE_WHEN_WOULD = re.compile(r"\bwhen\s+would\b", re.IGNORECASE)
_RELATIVE_TIME = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety)"
    r"\s+(?:days?|weeks?|months?|years?)\s+(?:after|before|from|following|of)\b|\bat any time\b|\bin (?:the )?case "
    r"of\b|\bwhenever\b|\bafter (?:a|the) (?:period|expiry|date|end|receipt|deposit)\b|\bwithin (?:a period of )?"
    r"(?:\d+|one|two|three|four|five|six|twelve|thirty|sixty|ninety)\s+(?:days?|weeks?|months?|years?)\b|\bas soon as\b"
    r"|\bon the (?:date|day)\b|\bat the (?:end|beginning|time)\b|\bprovided that\b"
    # how often: "every two years", "at least four times during a biennium", "once a year", "annually"
    r"|\bevery\s+(?:(?:\d+|two|three|four|five|six|other)\s+)?(?:days?|weeks?|months?|years?|evenings?|biennium)\b"
    r"|\b(?:once|twice|(?:\d+|two|three|four|five|six)\s+times)\s+(?:a|per|every|during|in)\b|\b(?:daily|weekly|"
    r"monthly|annually|yearly|biennially)\b", re.IGNORECASE)
_MONEY = re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s*(million|billion|dollars?|euros?|USD|EUR)\b", re.IGNORECASE)
_MONEY_SPAN = re.compile(r"[$€£¥]\s?\d[\d,.]*(?:\s*(?:million|billion))?|\b\d[\d,.]*\s*(?:million|billion)?\s*"
                         r"(?:dollars?|euros?|USD|EUR)\b", re.IGNORECASE)
_MEASURE = re.compile(r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                      r"forty|fifty|sixty|hundred|thousand|million|billion)[\s-]*(m|km|metres?|meters?|kilomet\w+|"
                      r"feet|ft|miles?|years?|months?|days?|hours?|tonnes?|kg|hectares?|ha|%|per ?cent)\b", re.IGNORECASE)
# Units a measure may be given in besides those above: "about 300–600 nanometers in diameter", "two weeks", "3 inches"
MORE_UNITS = True
_MORE_MEASURE = re.compile(r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                           r"thirty|forty|fifty|sixty|hundred|thousand|million|billion)[\s-]*(cm|mm|nm|µm|"
                           r"(?:centi|milli|micro|nano)met\w+|inch(?:es)?|yards?|pounds?|lbs?|ounces?|grams?|"
                           r"litres?|liters?|gallons?|acres?|square\s+\w+|cubic\s+\w+|degrees?|°|mph|km/h|"
                           r"weeks?|decades?|centur(?:y|ies)|minutes?|seconds?|millennia|millennium)(?!\w)",
                           re.IGNORECASE)
# "How long has it been recognised?": "since the 1950s" says how long
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?(?:\d{4}s?|\d0s)\b", re.IGNORECASE)
_HOW_LONG_HAS = re.compile(r"\bhow long (?:has|have|had)\b", re.IGNORECASE)
# "For how long are they elected?" is answered by when the span ends as well as by its length: "The term of office
# ... shall extend ... until the end of its third subsequent ordinary session", "for the duration of the conflict"
_SPAN = re.compile(r"\b(?:until|till)\s+(?:the\s+)?(?:end|expiry|expiration|close|opening|beginning|date|conclusion)\b|"
                   r"\bfor\s+(?:the\s+)?(?:duration|lifetime|life)\s+of\b", re.IGNORECASE)
SPANS = True  # a "how long" question's measure may be such a span; False: only a length ("six years")
_SIZE_Q = re.compile(r"\b(?:how (?:tall|high|far|big|large|heavy|deep|wide)|what size|depth|height|width|distance|"
                     r"weight|area)\b", re.IGNORECASE)
_ENTITY = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w’'-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w’'-]*)*")
# A place: a name after "in", "at", "near", "from", "to" ("meeting in Belgrade", "Done at The Hague").
_PLACE = re.compile(r"\b(?:in|at|near|from|to)\s+((?:the |The )?[A-Z][\w’'-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w’'-]*)*)")
# Parts of a text and kinds of texts: "in the Preamble", "in Article 5", "in this Convention" name no place.
_NOT_PLACES = {"preamble", "article", "annex", "annexe", "appendix", "convention", "declaration", "charter",
               "recommendation", "constitution", "protocol", "agreement", "section", "chapter", "paragraph", "part",
               "list", "register", "rule", "regulation", "statute"}  # compared without a plural "s"
# "... reports from the Contracting States", "... to the Member States": the parties to an instrument are no place.
# False: any capitalised name after "in", "at", "from", "to" is a place
PARTIES_NO_PLACE = True
_PARTIES = re.compile(r"^(?:the\s+|The\s+)?(?:(?:High\s+)?Contracting|Member|Signatory|Participating|Other|All|"
                      r"Requesting|Requested|Receiving|Sending)?\s*(?:States?|Parties|Party)(?:\s+Part(?:y|ies))?$")
_GENERIC_ENTITIES = {"UNESCO", "The", "Organization", "United Nations", "Convention"} | set(_MONTHS.split("|"))
_LIST_ITEM = ENUMERATOR
# List mode comes from what the question asks for: an imperative ("List the ...", "Name three ..."), "what are the
# <plural noun>", "which <plural noun>", a count ("the four ways") -- never the word "List" inside a name
# ("the World Heritage List").
_LIST_Q = re.compile(
    r"(?:^|[.?!]\s+)(?:please\s+)?(?:list|enumerate|name)\b"
    r"|\b(?:what|which)\s+(?:are|were)\s+(?:the\s+|its\s+|their\s+)?(?:main\s+|key\s+|different\s+|various\s+|"
    r"specific\s+)?[a-z-]+(?<!ss)s\b"
    r"|\bwhat\s+(?:kinds|types|forms|categories|functions|measures|obligations|objectives|purposes|duties|rights|"
    r"ways|steps|areas)\b"
    # "the main reasons"; not "the main responsibility of present generations" (the very next word after main/key)
    r"|\b(?:main|key)\s+[a-z-]+(?<!ss)s\b", re.IGNORECASE)
# "What are UNESCO's three comparative advantages ...?", "Name three ...": a count asks for a list when it counts what
# the question asks for (the plural at most two words after the number), not a count inside what it says ("a work
# now split up among several institutions", "If two States disagree ...", "... repeated three times").
COUNTED_LIST_ASKED = True  # False: any count of a plural asks for a list
_COUNT = r"(?:two|three|four|five|six|seven|several)\s+(?:[a-z-]+\s+){0,2}[a-z-]+(?<!ss)s\b"
_COUNTED_LIST_Q = re.compile(
    r"\b(?:(?:what|which)\s+(?:are|were)\s+|(?:list|name|give|identify|describe|enumerate|cite|state)\s+(?:me\s+)?|"
    r"(?:what|which)\s+)(?:the\s+|its\s+|their\s+|[\w-]+[’']s\s+)?" + _COUNT, re.IGNORECASE)
_ANY_COUNT_Q = re.compile(r"\b" + _COUNT, re.IGNORECASE)
# "Which situations ...?", "What rights ...?": a plural noun asked for. Weaker than the forms above ("Which
# conventions encourage ...?" is answered by one sentence naming two), so it gives a list only when the best
# sentence is itself a list's lead-in or the head of an item.
_PLURAL_Q = re.compile(
    r"\b(?:what|which)\s+(?!(?:does|has|was|is|its|this|thus|us|always|alias|counts|means|makes|happens|includes|"
    r"comprises|covers|constitutes|requires|remains|applies|belongs|follows|protects|seems|looks|says|states|lies|"
    r"gives|needs|decides|elects|pays|sets|governs)\b)[a-z-]{3,}(?<!ss)(?<!us)(?<!is)s\b", re.IGNORECASE)
# A message that asks to set the documents or the rules aside, or for the assistant's own opinion.
_SET_ASIDE = re.compile(r"\b(?:forget|ignore|disregard|set aside)\b[^.?!]{0,60}\b(?:documents?|rules?|instructions?|"
                        r"sources?|context|guidelines)\b|\byour (?:own |personal )?(?:opinion|view|feelings?)\b"
                        # "answer from your own knowledge", "answer without citing any document"
                        r"|\b(?:from|with|using|on)\s+your\s+own\s+(?:knowledge|memory|training)\b"
                        r"|\bwithout\s+(?:citing|quoting|using)\s+(?:any\s+(?:documents?|sources?|passages?)|(?:the\s+)?"
                        r"(?:documents|passages))\b",
                        re.IGNORECASE)
# What something is made of or where it comes from: a list whose item is the best sentence answers it whole.
_MADE_OF = r"includ\w*|consist\w*|compris\w*|cover\w*|made\s+(?:up\s+)?of|make\s+up|comes?\s+from"
_MADE_OF_Q = re.compile(rf"\b(?:{_MADE_OF})\b", re.IGNORECASE)
# A question whose answer is what something includes (or what a term means): a list under a lead-in answers it.
_INCLUDES_Q = re.compile(rf"\b(?:{_MADE_OF}|consider\w*\s+(?:as|to\s+be)|mean\w*\s+by|defin\w*\s+as)\b", re.IGNORECASE)
_FIELD_LINE = re.compile(r"^[A-Z][\w ()'’-]{0,48}:\s+\S[^:]{0,80}\.?$")  # "Year inscribed: 2005." in a record
# "Why ...?": the reasons a preamble gives ("Desiring to strengthen the cultural bonds ...,") answer it
_WHY_Q = re.compile(r"\bwhy\b|\bfor what reasons?\b|\bwhat (?:is|was|are|were) the reasons?\b", re.IGNORECASE)
# "What is the purpose of the 1970 Convention?": what a document is for. Its definitions article ("For the purposes of
# this Convention, the term 'cultural property' means ...") shares the word and says nothing of it: the first article
# that defines nothing and states an aim (what its parties undertake, intend, recognise, declare) says what it is for
# (`_about_sentences`; PURPOSE_SKIPS_DEFINITIONS)
# ("what's the point of the 1972 Convention?" asks its purpose too)
_PURPOSE_Q = re.compile(r"\b(?:purposes?|aims?|objectives?|goals?)\s+of\b|\bwhat\s+(?:is|was|are|were)\b.{3,120}\bfor\s*\?\s*$|"
                        r"\b(?:what(?:\s+is|'s|’s|s)?|whats)\s+(?:the\s+)?point\s+of\b", re.IGNORECASE)
PURPOSE_SKIPS_DEFINITIONS = True
PURPOSE_REACH = 4
_AIM = re.compile(r"\b(?:undertakes?|intends?|aims?|resolve|recogni[sz]es?|declares?|objectives?|in order to)\b",
                  re.IGNORECASE)
_RECITAL = re.compile(r"^\s*(?:Having regard|Having|Taking note|Welcoming|Referring|Inspired|Guided|Desiring|Considering|Recogni[sz]ing|Understanding|Convinced|Being convinced|Noting|"
                      r"Aware|Bearing in mind|Recalling|Mindful|Conscious|Believing|Affirming|Reaffirming|Emphasi[sz]ing|"
                      r"Acknowledging|Stressing|Taking into account|(?:Deeply )?[Cc]oncerned|Realizing|Observing)\b")
WHY_RECITALS = True
# the sentences added to a legal instrument's best one come from that instrument: another instrument's near-best
# sentence (the 2005 Anti-Doping Convention's funding article after UNESCO's budget article) is another legal text's
# rule, not more of the answer. Prose (a brief, a web page, a SQuAD article's paragraphs) may still be completed from
# another document: on SQuAD v1.1, any document's sentences kept 4 right answers (0.800 -> 0.797 without them)
ONE_INSTRUMENT_CHOICE = True
# "What is special protection under the 1954 Hague Convention?": a thing of a named document that is the subject of
# one of its headings is answered by that section's opening (`_section_answer`); False: by the best-scored sentences
SECTION_ANSWERS = True
# "Which body monitors the implementation of the 2005 Convention?" asks for one thing, so no list is built, and its
# answer was two items, "to promote the objectives of this Convention and to encourage and monitor the implementation
# thereof; to prepare and submit ...", which do not say whose functions they are: a chosen item comes after its
# lead-in (`_with_lead_ins`); False: the items alone
ITEM_LEAD_INS = True
# A whole answer whose chosen sentences hold a lead-in ending in ":" and its items is shown as a list (bullets under the
# lead-in, `_part_answer`), as a part's answer and a list answer are; False: the sentences run on as prose
CHOSEN_LISTS_SHOWN = True
# A lead-in brought for an item that is itself an item of the list above ("(a) the strengthening of the cultural
# industries in developing countries through:") brings its own lead-in ("Parties shall endeavour ... by, inter alia, the
# following means:"); False: one level only
LEAD_INS_OF_LEAD_INS = True
# A list's items are of one enumerator kind: after "(a)"-"(e)" items, "1. The Committee shall decide ..." is the next
# paragraph, shown as a sentence, not a bullet of the letter list (`_part_answer`); False: any enumerated sentence
ITEM_KINDS_KEPT = True
_DIGIT_PARAGRAPH = re.compile(r"^\s*\(?\d{1,3}[.)]\s")  # "2. The General Conference shall ...", "(3) ..."
# "Annex II Main lines of an action plan for the implementation of the UNESCO Universal Declaration on Cultural
# Diversity": a line that opens with a part's name and ends with no stop is a heading, however long (`readable`);
# False: only one of 12 words or fewer
PART_HEADINGS = True
_PART_HEADING = re.compile(rf"^(?:{PART_NAMES}|Appendix|APPENDIX)\s+{PART_NUMERAL}")
# "Which instrument protects performers?" asks which document: the answer is headed by the title of the one document
# it quotes (`ExtractiveAnswerer._which_document`); False: the title shows on the citation card only
WHICH_DOCUMENT = True
# "Is there a UNESCO instrument on artificial intelligence?" asks which one too (`IS_THERE_ASKS_WHICH`, session 38:
# it was answered with the OER Recommendation's "... digital technologies (such as artificial intelligence)")
IS_THERE_ASKS_WHICH = True
_WHICH_DOCUMENT_Q = re.compile(r"\b(?:which|what|(?:is|are)\s+there\s+(?:an?|any)(?=\s))\s+(?:(?:UNESCO|UNESCO's|international|legal|other|standard-setting)\s+)*"
                               r"(instrument|convention|declaration|recommendation|document|treaty|agreement|charter|"
                               r"text|protocol)s?\b", re.IGNORECASE)


def asks_which_document(question: str) -> bool:
    """Does the question ask which instrument / convention / document ... ("Which instrument protects performers?")?"""
    return bool(_which_found(question))


def _which_found(question: str, pattern: re.Pattern[str] | None = None) -> list[re.Match[str]]:
    """The "which convention / is there a convention" matches of the question (`IS_THERE_ASKS_WHICH` off: "which"
    and "what" ones only)."""
    return [m for m in (pattern or _WHICH_DOCUMENT_Q).finditer(question) if _asks_which(m)]


def _asks_which(match: re.Match[str]) -> bool:
    return IS_THERE_ASKS_WHICH or match.group(0)[:1].lower() == "w"  # "which", "what", not "is there"


# "Which treaty protects performers?": the kind of document asked for says what the answer is, not what its passages
# say; as a word to search and score by, the rare "treaty" found the 2005 Convention's "Relationship to other
# treaties" article ("Parties recognize that they shall perform in good faith their obligations under ... all other
# treaties"). Asked across the library (no document named or in focus, no follow-up), it is left out of the search and
# the sentence scores (`without_kind_asked`, `_score`); False: kept
WHICH_KIND_UNASKED = True
# A query with words of its own none of which the best sentence's passage holds (title included) counts as a missing
# name for the `names_missing` signal: what it asks about is not there. The linear confidence read such an answer as
# likely ("What does UNESCO say about artificial intelligence?" quoted UNESCO's comparative advantages at 0.42):
# `coverage` weighs negatively beside `local` and `sim`, fitted on English questions that always share a word with
# their passage (a row of the training pool with coverage 0 is a question in another language, which the
# cross-lingual confidence scores); a signal of its own got no weight (`train_confidence.py extend`: 0.04) for want
# of such English questions. False: names only
UNSHARED_MISSING = True


def without_kind_asked(text: str) -> str:
    """`text` without the kind word of its "which instrument / treaty / ..." (`WHICH_KIND_UNASKED`), and without the
    words that qualify it ("Which UNESCO text is about tolerance?" was searched as "Which UNESCO is about tolerance?",
    which found the passages that cite "the UNESCO Declaration ..."; with KIND_QUALIFIERS_UNASKED off they stay)."""
    if not WHICH_KIND_UNASKED:
        return text
    if KIND_QUALIFIERS_UNASKED:
        return _KIND_AND_VERB.sub(lambda m: m.group(0).split()[0] if _asks_which(m) else m.group(0), text)
    return _WHICH_DOCUMENT_Q.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)].rstrip() if _asks_which(m)
                                 else m.group(0), text)


# ... and without the verb that only says "is about" ("Which UNESCO instrument deals with the status of teachers?"
# chose "Appropriate joint machinery should be set up to deal with the settlement of disputes between the teachers
# ..." for its "deal"); False: the qualifiers and the verb stay
KIND_QUALIFIERS_UNASKED = True
_ABOUT_VERB = r"(?:\s+(?P<verb>deals?\s+with|dealing\s+with|is\s+about|are\s+about|covers?|concerns?|relates?\s+to|" \
              r"addresses|is\s+concerned\s+with|is\s+devoted\s+to|on|about))?"
_KIND_AND_VERB = re.compile(_WHICH_DOCUMENT_Q.pattern + _ABOUT_VERB, re.IGNORECASE)


# "Which convention is about the illicit trade in cultural property?" asks for a convention: the 1976 Recommendation
# on the exchange of cultural property ("... action taken against every possible form of illicit trading in cultural
# property") was quoted, and the 1970 Convention, whose title says it, was not. The kind asked names the documents'
# type in the library metadata (`kinds_asked`); the facade prefers an answer from a document of that type
# (`Assistant._which_document`). "instrument", "document" and "text" name no type. False: the kind asked is only
# left out of the search (WHICH_KIND_UNASKED)
KIND_PREFERRED = True
_KIND_TYPES = {"convention": ("Convention",), "recommendation": ("Recommendation",), "declaration": ("Declaration",),
               "agreement": ("Agreement",), "charter": ("Charter",), "protocol": ("Protocol",),
               "treaty": ("Convention", "Agreement", "Protocol")}


def kind_word(question: str) -> str:
    """The kind of document a "which ...?" question asks for, as it writes it ("convention", "treaty"); "" if none."""
    found = next(iter(_which_found(question)), None)
    return found.group(1).lower() if found else ""


_KIND_NAMES = (*dict.fromkeys(t for types in _KIND_TYPES.values() for t in types), "Treaty")
_NOT_A_NAME = r"(?!(?:The|This|That|These|Those|Present|Such|Each|Any|Other|Said|Its|Their)\b)"


def names_a_document_of_kind(text: str, question: str) -> bool:
    """Does `text` name a document of the kind the "which ...?" `question` asks for ("Both the World Heritage
    Convention and the 2003 Intangible Heritage Convention encourage ...", "... and the Outer Space Treaty"), not
    "this Convention" or "States Parties to the Convention"? Any kind for "which instrument / document / text"."""
    kinds = kinds_asked(question)
    treaty = kinds and any(m.group(1).lower() == "treaty" for m in _which_found(question))
    words = (*kinds, "Treaty") if treaty else (kinds or _KIND_NAMES)
    kind = "(?:" + "|".join(words) + ")s?"
    named = re.compile(rf"\b{_NOT_A_NAME}[A-Z0-9][\w'’-]*(?:\s+(?:[A-Z0-9][\w'’().-]*|of|on|for|and|in))*\s+{kind}\b"
                       rf"|\b{kind}\s+(?:of|on|for|against|concerning|relating\s+to)\s+(?:the\s+)?[A-Z]")
    return bool(named.search(text))


def kinds_asked(question: str) -> tuple[str, ...]:
    """The document types (as the library metadata writes them) of the kind a "which ...?" question asks for:
    ("Convention",) for "Which convention ...?"; () when it asks for none or for any ("which instrument")."""
    if not KIND_PREFERRED:
        return ()
    found = [t for m in _which_found(question) for t in _KIND_TYPES.get(m.group(1).lower(), ())]
    return tuple(dict.fromkeys(found))


def _kinds_asked(question: str) -> set[str]:
    """The word stems of the kinds of document a question asks which of (`WHICH_KIND_UNASKED`)."""
    if not WHICH_KIND_UNASKED:
        return set()
    if not KIND_QUALIFIERS_UNASKED:
        return {t for m in _which_found(question) for t in terms(m.group(1))}
    return {t for m in _which_found(question, _KIND_AND_VERB) for t in terms(f"{m.group(1)} {m.group('verb') or ''}")}


# "Each Contracting State shall grant national treatment to performers if any of the following conditions is met:"
# quoted with the one item "(b)" that scored best read as the only condition: the best sentence, an item of a list of
# conditions (`_CONDITIONS_LEAD_IN`) of SHORT_LIST items or fewer quoted with its lead-in, brings the whole list
# (`ExtractiveAnswerer._whole_short_list`); False: the lead-in and the chosen items only. Lists of obligations or
# definitions stay as they were: "what does 'status' mean there?" asks for one item, not its siblings (dev ld067)
WHOLE_SHORT_LISTS = True
SHORT_LIST = 6
_CONDITIONS_LEAD_IN = re.compile(r"\b(?:following|these|such)\s+(?:conditions?|criteria|requirements?)\b", re.IGNORECASE)
# A lead-in at the end of a chunk is repeated at the start of the next (chunks overlap): the repeat is no item of its
# list; False: it was read as the first item, and the list ended at the lead-in's "(a)"
OVERLAPPING_LEAD_IN = True
# "III. Measures to ensure the application in practice of protection afforded translators under international
# conventions and in national laws relating to copyright": a line numbered by a Roman numeral, with no final stop, is
# a section heading however long (10 such lines of over 12 words in the bundled library, all headings); False: only
# headings of 12 words or fewer, or named parts ("Annex II ...")
NUMBERED_HEADINGS = True
_NUMBERED_HEADING = re.compile(r"^[IVXLC]{1,6}\.\s+\S")
_SECTION_ASKING = frozenset(terms("what is are was were mean meant meaning under in of the according to by"))
# "Compare the definitions of cultural heritage in the 1972 and 2003 Conventions." when the library holds no 2003
# Convention: the question also names a document it holds and joins them ("and", "compare", "each"), so it is
# answered from that one, and the notice names the one it lacks (`Assistant._answer`); False: refused as a question
# about a document the library lacks
PARTLY_HELD = True
# "Compare the Convention on Biological Diversity with the World Heritage Convention.": the title words of a document
# the library lacks (`documents.UNHELD_TITLES`) are not checked in the passages of the one it holds, as its year is
# not; False: "None of the passages found mentions “Biological Diversity”"
UNHELD_TITLE_WORDS = True
PARTLY_HELD_NOTICE = "The library holds no {}: this answer quotes only the documents it holds."
WHY_NO_FORMULA = True  # a why question's dating formula scores FORMULA_BONUS less (`ExtractiveAnswerer._score`)
# "Why did the Arab and European States ... conclude the 1976 Nice Convention ...?", "Why was the 1970 Convention
# adopted?": a why question that asks nothing of a named document but why it was made is answered from its preamble's
# recitals, the reasons it gives (`_preamble_reasons`), not from whichever article shares its words
WHY_PREAMBLE = True
WHY_PREAMBLE_RECITALS = 2  # the best-scored recital, and the first one when that is another
# recitals that say what was done before, not why ("Having decided ...", "Recalling the importance of ...")
_PROCEDURAL_RECITAL = re.compile(r"^\s*(?:Having|Recalling|Further recalling|Referring|Taking note|Welcoming)\b")
_WHY_MADE_WORDS = frozenset(terms("why adopt adopted adoption conclude concluded draw drawn sign signed create created "
                                  "establish established make made agree agreed need needed exist exists write written"))
# "Why was the Recommendation on the Historic Urban Landscape adopted?": a preamble under a heading "Preamble" ends at
# the heading after it, not at its own (none was found, and the sentence scoring quoted the procedural "Having before
# it proposals ..." first); False: at the first heading
PREAMBLE_HEADED = True
_PREAMBLE_HEADING = re.compile(r"^\s*preamble\s*$", re.IGNORECASE)
# an item of a recital's list ("Recognizing the contributions made ... at any of the following meetings: ... b) the
# second Regional Intergovernmental Consultation Meeting, held in Córdoba, ...; and") is a fragment of the recital, not
# a provision: no answer (`readable`); False: readable as any item
RECITAL_ITEMS = True
_ITEM_END = re.compile(r"[;,]\s*(?:and|or)?\s*$")
_FINITE = re.compile(r"\b(?:is|are|was|were|shall|should|will|must|may|can)\b", re.IGNORECASE)
# A recital ending in ";" is a fragment too (the library's preambles end 573 recitals in "," and 75 in ";");
# False: only those ending in "," (docs/languages.md, "Session 13")
RECITAL_SEMICOLON = True
# ... and so is any clause of a preamble (a chunk of no section, or the "Preamble") that opens with a participle and
# ends in ";" ("Taking into consideration the Recommendation on Science and Scientific Researchers of 2017; ...;",
# "Moved by the desire to ...;"): the recital openers are many more than `_RECITAL` lists; False: those it lists
PARTICIPLE_RECITALS = True
_PARTICIPLE = re.compile(r"^\s*(?:Being\s+)?[A-Z][a-z]{2,}(?:ing|ed)\b")
_EXPLAIN_Q = re.compile(r"^\s*(?:(?:and|but|so)\s+)?(?:why|how|explain|describe)\b|\bin what way", re.IGNORECASE)
OUTLINE_CACHE = 64
OUTLINE_DOCUMENTS = 2  # the retrieved documents whose headings may answer a list question (`_outline_answer`)
# Items of one list among the best-scored sentences make the answer that list (`_chosen_list`).
LIST_EVIDENCE, LIST_EVIDENCE_RATIO, LIST_EVIDENCE_WINDOW = 2, 0.75, 6
# Asks for one thing, not a list: "one of", "an example", or a singular noun after "which/what" ("Which
# laboratory did UNESCO help create?"; not "What do States undertake?", "What should it include?").
_ONE_Q = re.compile(r"\bone\s+of\b|\b(?:an?|one)\s+example\b|\b(?:which|what)\s+(?!(?:is|are|was|were|do|does|did|"
                    r"should|shall|must|may|might|can|could|would|will|has|have|had|kinds?|types?|sorts?|forms?)\b)"
                    r"[a-z-]{3,}(?<!s)\b(?!\s+(?:of|and)\b)", re.IGNORECASE)
_CONTINUED_ITEM = re.compile(r"^\s*[a-z][^\n]*[;.]\s*$")  # an unmarked item: lower case, ends the clause
_LABEL_ITEM = re.compile(r"^[a-z][\w ,'’-]{1,40}:\s+\S")  # "groups of buildings: groups of separate ..."
# A question about how things stand now ("today", "currently", "as of today"): legal instruments cannot answer it.
_PRESENT = re.compile(r"\b(?:today|currently|at present|presently|nowadays|these days|right now|as of (?:now|today|"
                      r"this year)|so far|up to now|to date)\b", re.IGNORECASE)
PRESENT_REFUSAL = ("The passages that give one are from legal instruments, which set out rules as adopted; they do not "
                   "say how things stand today, so I won't guess.")
# "How many States have ratified the 2005 Convention?", "On what date did the 1974 Brussels Satellite Convention enter
# into force?": what happened to an instrument after its adoption. Its text sets out the rule ("This Convention shall
# enter into force three months after the deposit of the fifth instrument ..."), which reads as an answer and is none
# (dev ld160, ld377 were answered so). A question in the past or perfect about ratifying, acceding, joining or entering
# into force, answered only by instruments, is refused as `_PRESENT` is (`_history_of_rules`); False: the rule answers
HISTORY_NOT_RULES = True
_NOT_MODAL = r"(?:(?!(?:could|would|can|may|might|must|shall|should|will|to)\b)[\w'’-]+\s+)"
_HISTORY = re.compile(r"\b(?:how\s+many|which|what)\s+(?:states|countries|parties|members|nations)\b[^?]{0,80}?\b(?:have|has|"
                      r"had)\s+(?:\w+\s+){0,3}?(?:ratified|acceded|joined|signed)\b"
                      # "which State deposited the fifth instrument?": an act in the past, not a rule
                      r"|\b(?:which|what|who)\s+(?:(?:states?|countr(?:y|ies)|part(?:y|ies)|members?|nations?)\s+)?"
                      r"(?:first\s+|last\s+)?(?:deposited|ratified|acceded|signed|denounced|joined|withdrew)\b"
                      r"|^\W*(?:has|have)\s+[^?]{0,120}?\b(?:ratified|acceded\s+to|joined)\b"
                      r"|\b(?:did|has|have)\s+" + _NOT_MODAL + r"{0,14}?(?:ever\s+)?(?:enter(?:ed)?|come)\s+into\s+"
                      r"(?:force|effect)\b"
                      r"|\bhow\s+many\s+(?:states|countries|parties|members)\s+(?:are|is)\s+(?:now\s+)?(?:part(?:y|ies)|"
                      r"members?)\s+(?:to|of)\b", re.IGNORECASE)
HISTORY_REFUSAL = ("The passages that give one are from legal instruments, which set out rules as adopted (who may join, "
                   "when they enter into force); they do not record what happened after, such as ratifications or the "
                   "date one entered into force, so I won't guess.")
# "Which country first proposed the Ramsar Convention?": who proposed, drafted or pushed for an instrument is its
# drafting history, which its text never records (dev ld163 was answered "Done at Ramsar this 2nd day of February
# 1971 ...", a place); refused as HISTORY_NOT_RULES refuses what came after (`_drafting_of_rules`)
DRAFTING_NOT_RULES = True
_DRAFTING = re.compile(r"\b(?:which|what|who|whose)\s+(?:(?:states?|countr(?:y|ies)|part(?:y|ies)|members?|nations?|"
                       r"governments?|delegations?|persons?|people|organi[sz]ations?)\s+)?(?:first\s+|originally\s+|"
                       r"initially\s+)?(?:proposed|suggested|initiated|drafted|sponsored|championed|pushed\s+for|"
                       r"came\s+up\s+with|thought\s+of|negotiated)\b"
                       r"|\bwho(?:se)?\s+(?:idea|proposal|initiative)\s+(?:was|were)\b", re.IGNORECASE)
DRAFTING_REFUSAL = ("The passages that could answer are from legal instruments, which set out rules as adopted; they do "
                    "not record who proposed or drafted them, so I won't guess.")
# "What is X about?": words that ask what a document is, not something of it (`_about_answer`)
_ABOUT_WORDS = frozenset(terms("about tell explain describe overview summary summarise summarize main point gist "
                               "purpose purposes aims objectives goals define defines"))
# "What does X protect / cover / apply to?": what a document is for, asked by its scope.
_SCOPE_VERBS = ("protect", "cover", "apply", "appli", "concern", "govern", "deal")
_ABOUT_Q = re.compile(r"\babout\b|^\s*(?:what\s+is|what's|explain|describe|summari[sz]e|give\s+me\s+an\s+overview)\b"
                      r"|^\s*what\s+are\s+(?:the\s+)?(?:main\s+)?(?:purposes|aims|objectives|goals)\s+of\b"
                      r"|^\s*wh?at\s+(?:does|do)\b.*\b(?:protects?|covers?|appl(?:y|ies)\s+to|concerns?|governs?|"
                      r"deals?\s+with)\s*\??\s*$",
                      re.IGNORECASE)
# "How do the 1970 and the 1972 Conventions each define what they protect?" asks each one's scope, as "What do ... each
# protect?" does (their defining articles, `_about_answer`); False: it was answered from whichever article shared the
# most words (the 1970 Convention's national services), and the 1972 Convention not at all
SCOPE_DEFINED = True
_SCOPE_DEFINED_Q = re.compile(r"\bdefine[sd]?\s+what\s+(?:it|they)\s+(?:protects?|covers?|appl(?:y|ies)\s+to|"
                              r"concerns?|governs?)\b", re.IGNORECASE)


def _asks_about(text: str) -> bool:
    """Does the question (or a part's query) ask what a document is, is for or covers (`_ABOUT_Q`, `SCOPE_DEFINED`)?"""
    return bool(_ABOUT_Q.search(text) or (SCOPE_DEFINED and _SCOPE_DEFINED_Q.search(text)))


_PURPOSE_HEADING = re.compile(r"\b(?:purposes?|objectives?|aims?|scope)\b", re.IGNORECASE)
# "What does X protect / cover / apply to?" answered by its definitions: an early article (of the first PURPOSE_REACH)
# whose sentence has that verb itself ("shall protect producers of phonograms ...", "This Convention applies to ...")
# comes before them (`_about_sentences`); False: the definitions alone
SCOPE_VERB_FIRST = True
_SCOPE_VERB_FORMS = {stem: re.compile(rf"\b{form}\b(?!\s+(?:by|from)\b)", re.IGNORECASE) for stem, form in (
    ("protect", r"protect(?:s|ed)?"), ("cover", r"cover(?:s|ed)?"), ("appli", r"appl(?:y|ies|ied)"),
    ("concern", r"concern(?:s|ed)?"), ("govern", r"govern(?:s|ed)?"), ("deal", r"deal(?:s|t)?\s+with"))}


def _scope_verb(text: str) -> re.Pattern[str] | None:
    """The verb of what a question asks a document to protect / cover / apply to, as a sentence would write it."""
    return next((_SCOPE_VERB_FORMS[stem] for stem in terms(text) if stem in _SCOPE_VERB_FORMS), None)
_SCOPE_WORDS = frozenset(terms(" ".join(_SCOPE_VERBS) + " applies wat"))
ABOUT_SENTENCES = 2
# "What does the 1972 Convention say about natural heritage?" was read as "What is the 1972 Convention about?" (its
# words "natural" and "heritage" are its title's) and answered with Article 1's cultural heritage. A word after an
# "about" that follows the span naming the document is the question's own, whether or not the title has it
# (`_words_outside_name`); False: a word of the title anywhere in the question stands for the document
TOPIC_OUTSIDE_NAME = True
ABOUT_DEFINITIONS = 2  # defining sections read for a comparison's scope part (`_about_sentences`)
_PURPOSE_CLAUSE = re.compile(r"^\s*(?:\d+\.\s*)?For the purposes? of (?:this|the present)\b", re.IGNORECASE)
DEFINITION_REACH = 8  # a defining clause among this many best sentences answers a question about the term
DEFINITION_BONUS = 0.2  # the clause that defines the term a question asks the meaning of (`assistant.definitions`)
_COMPOSED_OF = re.compile(r"\b(?:consists?\s+of|comprises?|composed\s+of|made\s+up\s+of|includes?|"
                          r"shall\s+(?:consist|comprise|include)|derived\s+from|come\s+from)\b", re.IGNORECASE)
FORMULA_BONUS = 0.3  # a dating formula's score when the question asks when or where a document was adopted
NUMBER_BONUS = 0.15  # a sentence's score for holding (all of) the question's years and numbers
_QNUM = re.compile(r"\b\d[\d,.]*\d(?:s\b)?|\b\d\b")
LIBRARY_BESIDE = 0.4  # of the best score, for the library's sentence quoted beside an upload's answer
NAMING_CITIES = True  # a document's city that names it ("the Ramsar Convention") is no word a sentence should match
CONTEXT_WEIGHT = 0.3  # of a follow-up's context words, against the question's own
_PRECISE_KINDS = ("date", "number", "measure", "money", "limit")  # kinds a sentence holds or not (names are looser)
# kinds a sentence may say in words the rule does not know ("a top speed of 100 mph" is a limit): a sentence that
# holds one is preferred; when none near the best holds one (`_typed`) the question has no kind
_LOOSE_KINDS = ("bound", "appearance", "frequency")
ANTECEDENT_ACROSS_CHUNKS = True  # "It also ..." that opens a chunk gets the sentence ending the chunk before
# a sentence an earlier part of the question quotes is not quoted again ("When and where was it done, and with whom is
# it deposited?" quoted "Done at Madrid on December 13, 1979." twice, from the dating formulas of two chunks)
PARTS_SAY_ONCE = True
# ... and a part asking the same kind of answer as an earlier one (two numbers, two dates) is answered from the other
# sentences: the earlier part's sentence gives the earlier value (`answer_parts`); False: it can be chosen again, and
# is then dropped by PARTS_SAY_ONCE, leaving the part unanswered
SAME_KIND_SAYS_ANEW = True
# An item whose lead-in ends the chunk before gets it too ("5. As a general rule, a contract governing relations
# between a translator and a user ... should:" before "(a) accord an equitable remuneration ...;", dev ld081), cited
# in that chunk (`_with_lead_ins_across`); False: only a lead-in of the item's own chunk
LEAD_INS_ACROSS_CHUNKS = True
# "(e) all other resources ..." after "(b) contributions ... made by:" and its "(i)"-"(iii)" items: the sublist is
# passed over to "3. The resources of the Fund shall consist of:"; False: the walk back stops at the sublist
SUBLISTS_PASSED = True
EARLIER_STEPS = 12  # sentences before a chunk walked back for an item's lead-in (`_earlier`)
# A list's sublist items keep their enumerators ("• (i) other States;" under "• contributions, gifts or bequests which
# may be made by:"), so they read as the items of the item before them; False: every item's enumerator is stripped
SUBLIST_ENUMERATORS = True
# The instruments' terms for a question's lay words (`assistant.lay_terms`) weigh as the question's own words when a
# sentence is scored, not as the context words of a follow-up or of another part (`_score`); False: as context
LAY_TERMS_OWN = True
# A question naming two or more documents of the library, answered (or refused) as one: the other documents' names
# and aliases count as held when the best sentence's document is checked for the question's names (`_signals`);
# False: "The documents don't say. The passages closest to your question do not mention “Florence Agreement” ..."
# for a question on the Beirut and Florence Agreements (dev ld322)
OTHER_NAMED_HELD = True
# "It shall meet at least once every year" is scored as what "It" stands for, the subject of the sentence before ("The
# Regional Committee shall meet for the first time ..."): its words and its meaning; False: as written
PRONOUN_SUBJECTS = True
# a part asked of a document the question names (`Part.document`, resolved from the whole question) has that document
# named, as a question that writes its title out has (the `doc_named` signal); False: only a title written out counts
PART_DOCUMENT_NAMED = True
# "the Convention against Doping in Sport" writes out the title "International Convention against Doping in Sport"
# but for its first word: a title whose first word is dropped (at least five words left) names the document for the
# `doc_named` signal as the whole title does; False: the whole title or the short title only
TITLE_WITHOUT_QUALIFIER = True
_TITLE_REST = 5
# "What are the objectives of the Recommendation on Open Educational Resources?" writes out the title "Recommendation on
# Open Educational Resources (OER)" but for its closing acronym, and was refused at 0.17 with `doc_named` 0: a title
# without a closing "(OER)", "(TVET)" names the document as the whole title does (session 37); False: not
TITLE_WITHOUT_ACRONYM = True
_ACRONYM_AFTER = re.compile(r"\s*\([A-Z]{2,8}\)\s*$")


def _without_qualifier(title: str) -> str:
    """The title without its first word when at least `_TITLE_REST` words are left; "" otherwise."""
    return title.split(None, 1)[1] if len(title.split()) > _TITLE_REST else ""
# the sentence before one that opens with "It"/"They", quoted so that the answer reads on its own, is the nearest one
# that does not open with a pronoun too ("The Regional Committee shall meet for the first time ...", not "It shall set
# up the technical organs ..."); False: the sentence just before
NAMED_ANTECEDENT = True
FORMULA_ONLY_WHEN_ASKED = True  # a dating formula is no answer to a question that asks no date or place
# ... whatever kind of answer the question asks but a date or a place ("Who exchanges what under ...?" is not answered
# by "Adopts, this third day of December 1958, ..."), and the words it shares are read from the question's question
# sentences, not from a statement that opens it ("The two exchange conventions adopted ... in December 1958 cover
# different exchanges."); False: questions that ask no kind of answer, all their words
FORMULA_ANY_KIND = True
# A dating formula's date answers when the document was adopted (done, signed), not when it enters into force or a
# body meets; False: any "when" question may take it
FORMULA_DATES_ADOPTION = True
ENTRY_DATES = True  # a date's kind is checked against the question's English cues too (`_kind_text`)
# A dating formula ("Done at Ramsar this 2nd day of February 1971") dates the adoption or the signature: a question
# on when a document entered into force, or was ratified, acceded to or denounced, is answered by a sentence that says
# that act, not by it; False: any sentence with a date answers "When did the Ramsar Convention enter into force?"
OTHER_ACTS_UNDATED = True
# A question no passage answers with the kind asked for, that also names a document the library lacks or a name no
# passage mentions ("On what date did the 1999 Second Protocol ... enter into force?"), is refused for what is missing,
# which says the documents lack it; False: for the kind ("I found no passage that gives a date or year")
ABSENT_BEFORE_KIND = True
# "the 1995 UNIDROIT Convention" in a comparison with a held document: the words between the lacked document's year and
# its type word are its name, in no passage, as its year is (`_without_unheld`); False: only the year is left out
UNHELD_NAME_WORDS = True
UNHELD_BEFORE_ABSENT = True  # a named document the library lacks is said before the names and numbers no passage holds
_OTHER_ACTS = (  # the acts, each as the question or the sentence may say it
    re.compile(r"\b(?:enter(?:s|ed|ing)?|entry|come|came|comes|coming)\s+into\s+force\b|\b(?:take[sn]?|took)\s+effect\b",
               re.IGNORECASE),
    re.compile(r"\bratif\w*|\baccede[ds]?\b|\baccession\b", re.IGNORECASE),
    re.compile(r"\bdenounc\w*|\bdenunciation\b|\bwithdr[ae]w\w*", re.IGNORECASE),
)


def _mentions_none(absent) -> str:
    """The refusal reason for names or numbers of the question that no passage found mentions."""
    return f"None of the passages found mentions {quoted(absent)}, so I won't guess."


def _holds_no(unheld) -> str:
    """The refusal reason for documents the question names and the library does not hold."""
    return f"The library holds no {quoted(unheld)}, so I won't answer from another document."


def _other_acts(text: str) -> set[int]:
    """Which of `_OTHER_ACTS` the text says (by index)."""
    return {n for n, act in enumerate(_OTHER_ACTS) if act.search(text)}
# A follow-up that points back ("What are the main forms of those?" after "Does it define copyright limitations and
# exceptions?", answered "Copyright limitations and exceptions are provisions in ...") asks what the text says next:
# the sentence after one the last answer quoted gets `CONTINUATION_BONUS` when it holds a word of the question ("The
# main forms of such limitations ...") or goes on about the same thing ("They should be underpinned by ... an appeals
# mechanism"); not "The emblem shall be used alone ..." for "What does it look like?", which the sentence already
# quoted answers; False: no regard to the last answer
CONTINUES_LAST_ANSWER = True
CONTINUATION_BONUS = 0.15
_GOES_ON = re.compile(r"^\s*(?:It|They|This|These|Such|Its|Their)\b")
# A list is built from items, not from a document's numbered paragraphs: a best sentence in paragraph "3.5" of the
# 2015 documentary heritage Recommendation made every paragraph from "2.4" to "4.6" an item of one list, headings
# "3. ACCESS TO DOCUMENTARY HERITAGE" among them. A decimal-numbered paragraph is an item only under a lead-in
# (`DECIMAL_PARAGRAPHS`), and a heading line (no lower-case letter) ends a list (`HEADINGS_END_LISTS`)
DECIMAL_PARAGRAPHS = True
HEADINGS_END_LISTS = True
_DECIMAL = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})+\.?\s")
# "What are the main forms of those?" is answered by "The main forms of such limitations and exceptions are compulsory
# licenses, statutory licenses and fair use;": a best sentence that lists the things itself ("are A, B and C") needs no
# list built around it (the definitions (a)-(d) it stands among were); False: list mode whatever the sentence says
INLINE_LISTS = True
_LISTS_AFTER = r"\b(?:are|include[sd]?|including|compris\w*|namely)\s+"  # what goes before things listed inline
_INLINE_LIST = re.compile(_LISTS_AFTER + r"(?:the\s+)?[^,;:.]{2,60},\s+[^,;:.]{2,60},?\s+(?:and|or)\s+[^,;:.]{2,60}")
# "Adult learning and education includes many learning opportunities for equipping adults with literacy and basic
# skills; for continuing training and professional development, and for active citizenship": items after "includes"
# set off by semicolons list the things too; False: only commas
INLINE_SEMICOLONS = True
_INLINE_SEMICOLON_LIST = re.compile(_LISTS_AFTER + r"[^;:.]{2,120};\s+[^;:.]{2,120}"
                                                   r"(?:[;,]\s+(?:and|or)\s+[^;:.]{2,120})?")
# "24. The approach ... implies the application of a range of ... tools adapted to local contexts. Some of these tools
# ... might include:": a best sentence whose paragraph ends in a lead-in is that lead-in's, and the items after it are
# the list ("Which kinds of tools does the 2011 Recommendation propose?" got no list: the numbered paragraphs before
# it were taken for the items); False: only a best sentence that is the lead-in itself
LINE_LEAD_INS = True
# A dating formula gives the place a question about adoption asks for, even the one the document's name holds
# ("Where was the Madrid Convention done?": "Done at Madrid on December 13, 1979."); False: a place the question
# does not hold
FORMULA_PLACES = True
# A part of a question asks about adoption by its own words, not by the other parts' its query carries ("With whom is
# it deposited?" after "When and where was it done"); False: by its query's too
PART_OWN_ADOPTION = True
DOCUMENT_LABELS = True  # each document's part of a comparison is headed by its title (`_document_label`)
CITED_LABELS = True  # parts asked by their words that quote different documents are headed by them, as DOCUMENT_LABELS
PART_ITEMS = True  # a part's chosen lead-in brings its items (`_with_items`), as a whole answer's does
# A part of a comparison missed for a low confidence is answered by its document's sentence that parallels an
# answered part's (`ExtractiveAnswerer._parallel_parts`); False: it is named in the notice as missed
PARALLEL_RESCUE = True
PARALLEL_MIN = 0.6
PARALLEL_CANDIDATES = 8
# "And which of them has a fund?": a question that asks which of the documents does something is answered by those
# that do. A document's part is missed when its best sentence holds none of the question's words ("The Depository
# shall inform all States ... of:" for the Ramsar Convention), and a weak part is not rescued by a sentence shaped
# like another part's (`_parallel_parts`); False: answered as any comparison
SELECTION_NEEDS_WORDS = True
_SELECTS = re.compile(r"\bwhich\s+(?:(?:one\s+)?of\s+(?:them|the\s+two|these|those|the\s+(?:two|three)\s+\w+)|one)\b",
                      re.IGNORECASE)
ABOUT_BODIES = True  # "What are the aims of UNESCO?": its Constitution's purpose section (`_about_answer`)
# "What is underwater cultural heritage?" asks what the term means, which its Convention defines; its words are all in
# the Convention's title, but the question names no document (no type word, alias or title: `DocumentResolver`), so it
# is no "What is the Convention about?" (`_about_answer`). False: the title's words alone make it one
DEFINED_NOT_ABOUT = True
# "It shall meet at least once every two years, its first meeting being held three months after ..." is read as "The
# Regional Committee shall meet ..." (`PRONOUN_SUBJECTS`), and "the 1974 Mexico City Convention" is named by its city:
# the confidence's `names_off_sentence` reads the sentence as scored and the document's city, as it does its title.
# False: the sentence's own words and its document's titles and section only
NAMES_AS_READ = True
# "What is the maximum compulsory contribution to the World Heritage Fund?": "In no case shall the compulsory
# contribution ... exceed 1 %" is paragraph 2 of the article whose paragraph 1 names the Fund; the names the article
# states before the sentence (in its chunk, under the same heading) are the sentence's too, for `names_off_sentence`
# (it was refused at 0.155). False: the sentence, titles, section and city only
NAMES_IN_ARTICLE = True


def _article_before(sentence) -> str:
    """The text of the sentence's chunk before it, when the chunk is under a section heading (an article)."""
    chunk = sentence.passage.chunk
    return chunk.text[:sentence.span[0]] if chunk.section else ""
# "What may the distinctive emblem repeated three times be used to identify?": the best sentence, "The distinctive
# emblem repeated three times may be used only as a means of identification of:", says most of what is asked in its own
# words (its IDF share of the question's words, `_Sentence.local`, >= LEAD_IN_LOCAL), and its items are the answer,
# whatever the question's form. False: a lead-in brings its items only for the forms above ("include", a definition,
# the kind asked, a condition) or a list question
LEAD_IN_STATES_ASKED = True
LEAD_IN_LOCAL = 0.6
# "How often must a newspaper appear to be counted as a daily?": "(ii) Non-dailies, i.e., newspapers published three
# times a week or less frequently." and "(i) Dailies, i.e., ... at least four times a week." score alike (0.565, 0.556)
# and both give a frequency: the words cannot tell which one is meant, so both are quoted, not the first alone.
# False: one sentence for a question that asks a kind of answer
KIND_TIES = True
KIND_TIE = 0.97  # of the best sentence's score, for the second one of the same document
TITLE_TERM_WEIGHT = 0.3  # of a question word in the sentence's document title, in its IDF share (1: off)
TITLE_ALONE_ASKED = True  # ... unless the question has no other word (besides years): then they weigh fully
NESTED_ITEMS = True  # a list goes on past the unmarked lines an item of it leads in (`_build_list`)
# A further sentence that is an enumerated item's clause ("(e) to give students from other countries ...;") from
# another passage than the sentences chosen is not quoted after the best one: without its lead-in or its neighbours it
# says nothing (a list is built with its lead-in, `_with_items`); False: it is, like any near-best sentence. Not where
# chosen items get their lead-ins (`ITEM_LEAD_INS`: a whole answer that asks no kind); English
# questions only (`ExtractiveAnswerer.orphan_items`): a foreign question's ranking is coarser, and its near-best item
# may be the answer (dev ld188: "... au sujet des langues africaines ?" is answered by the item "to provide for gradual
# adoption of the African languages as languages of instruction;")
ORPHAN_ITEMS = True
# "What does the 1997 Declaration ask present generations to do to protect the environment?": three of the four
# numbered paragraphs of "Article 5 - Protection of the environment" were chosen (three sentences at most); chosen
# numbered paragraphs of a section whose heading holds a word of the question bring its others (`_with_section_run`);
# False: the chosen sentences only
SECTION_RUNS = True
# "Who may become a member of UNESCO?" chose paragraphs 2 and 3 of "Article II - Membership" and left out paragraph 1
# ("Membership of the United Nations Organization shall carry with it the right to membership ..."): "member" is not
# "membership". A question word and a heading word that share their first SECTION_STEM letters (both that long) are
# one word for `_with_section_run`; False: only the same term
SECTION_STEMS = True
SECTION_STEM = 5
# An item that does not read alone gets its lead-in also when the question asks for a kind of answer (a number, a
# date): "how many copies of national films should go to the archives" was answered by "moving images of national
# production, ... should be deposited in at least one complete copy ...;" without the sentence saying who should see
# to it; False: only answers that ask no kind (the number or date is said by the item itself)
KIND_LEAD_INS = True
# A list that starts again at its first enumerator ("(i)", "(a)", "1.") after an item ending in ":" is that item's
# sublist, and the item is its lead-in: "(c) It is essential to recognize the right of members of national minorities
# to carry on their own educational activities, ... provided however:" then "(i) That this right is not exercised
# ...;" (dev ld299). "(c)" and "(i)" are both letters to `_enumerator_kind`, so the item was skipped as a sibling and
# "(i)" quoted alone; False: an item of the same kind is never a lead-in
NESTED_LEAD_INS = True
# The best sentence grants something on conditions its items list ("... the right of members of national minorities
# to carry on their own educational activities ..., provided however:" then "(i) ...", "(ii) ...", "(iii) That
# attendance at such schools is optional."): the right without all its conditions misstates it, so the answer is the
# lead-in with every item (`_build_list`); False: the lead-in with the items chosen on their scores
CONDITION_LISTS = True
# "What are the groups of the Convention on Technical and Vocational Education?" (dev ld190, the pseudo-English form of
# "¿a qué grupos deben prestar especial atención ...?"): the best sentence names the groups ("... the special needs of
# the handicapped and other disadvantaged groups"), a numbered paragraph that leads no list; the list built from the
# next anchor (Article 5's paragraphs on teaching staff) never says "group". A list whose lead-in and items lack the
# asked noun is skipped when the best sentence holds it (`_list_answer`); False: the first list built is the answer
LIST_HOLDS_NOUN = True
_SETS_CONDITIONS = re.compile(r"\b(?:provided(?:,)?(?: however| that)?(?: (?:they|it))?|unless(?: (?:they|it))?|"
                              r"on (?:the following )?conditions?(?: that)?|subject to the following(?: conditions)?):\s*$",
                              re.IGNORECASE)
# "... may become a party to this Convention by:" and its items "(a) signature without reservation as to ratification;
# (b) signature subject to ratification followed by ratification; (c) accession.": a lead-in that ends in "by:" gives
# the ways to do a thing, and the one item chosen for its words read as the only way; a short list of them comes whole
# (`_with_all_means`); False: the chosen items only
MEANS_LEAD_INS = True
_SETS_MEANS = re.compile(r"\bby:\s*$", re.IGNORECASE)
TITLE_ITEMS = True  # a sentence that is only a document's title is no answer (`is_title_item`)
PART_AS_QUESTION = True  # a part that asks how a document defines a term is answered as that question alone is
NAMED_PLAIN_DEFINITIONS = True  # ... also when the question names a document ("whats a document in the ... recomendation")
PLAIN_DEFINITIONS = True  # "What is X?" asks for X's definition when a passage defines X (`_asked_term`)
# "What does the Universal Declaration on Cultural Diversity say cultural diversity is?" was answered with its Article
# 12's "... to disseminate widely the “UNESCO Universal Declaration on Cultural Diversity” ...": a sentence that writes
# out its own document's title shares every name word with a question that names the document, and says nothing of
# what is asked. Such a sentence is scored as if it said the document's type instead (session 38); False: as written
OWN_TITLE_UNSCORED = True
# "Who can join the Anti-Doping Convention?" (lay words for accession, `lay_terms`) quoted only Article 33's "Once
# adopted, amendments to this Convention shall be submitted for ratification, acceptance, approval or accession ...":
# the amendments article says the act's words as often as the article on it. A sentence of an article whose heading
# names the act the question's lay words ask ("Article 36 – Ratification, acceptance, approval or accession") gets
# ACT_HEADING_BONUS, as a sentence holding the kind of answer asked does (session 38); False: headings count nothing
ACT_HEADINGS = True
ACT_HEADING_BONUS = 0.08
# A question naming several documents whose parts none answered alone is answered as one question; when that answer
# quotes some of the documents only, its notice names the others, as an answer in parts does (`_missed_notice`;
# session 38); False: nothing says a document named was not answered
WHOLE_ANSWER_SAYS_MISSED = True
# "Tell me about the 1976 Recommendation on the participation of the people at large in cultural life." and "What does
# the Beirut Agreement cover?" got their documents' scope articles (`_about_answer`) and were refused at 0.16 and 0.19:
# the first names its document loosely, so `doc_named` was 0, and "cover" was a word the scope article lacks. A
# question asking what a document it names is about (`_asks_about`) counts as naming it however it is written, and
# its scope verbs (cover, protect, apply ...) are no words to score by, as "about" is none (session 38). `_asks_about`
# reads "about" anywhere, so "What does the 1980 Recommendation say about the status of the artist?" and "What are the
# objectives of the Recommendation on Open Educational Resources?" count their loose names too. False: the title
# written out only, and every word scored
ABOUT_NAMED_LOOSELY = True
EMBEDDED_SENTENCES = 8  # candidate sentences embedded per answer (see ExtractiveAnswerer._score; ablation in docs/performance.md)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# a number written out counts for "how many" whatever follows it ("should not exceed seven."); False: only "two" to
# "six" as whole space-separated words ("seven." and "eleven" were no numbers)
NUMBER_WORDS = True
_NUMBER_WORD = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                          r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                          r"eighty|ninety|hundred|thousand|million)\b", re.IGNORECASE)
ANAPHOR = re.compile(r"^(They|It|This|These|Those|He|She|Its|Their|One of its|Such)\b")
# "Exchanges to which it gives rise shall be arranged in a spirit of broad reciprocity.": a pronoun inside the subject,
# before the sentence's first modal or copula, points back as an opening "It" does; False: only an opening pronoun
SUBJECT_PRONOUNS = True
_SUBJECT_PRONOUN_INSIDE = re.compile(r"^(?:\(?[a-z0-9]{1,3}[.)]\s*)?[A-Z][^,;:()]{0,60}?\b(?:it|they|them|its|their)\b"
                                     r"(?:(?!\b(?:shall|should|must|may|will|is|are|was|were)\b)[^,;:]){0,60}?"
                                     r"\b(?:shall|should|must|may|will|is|are|was|were)\b")


# "In this sense, it is the common heritage of humanity ...", "To this end, Member States should ...", "In such cases,
# ...": an opening phrase with a demonstrative points back to the sentence before, which says what "this" is (58 such
# openings in the bundled library); False: only a pronoun does
DEMONSTRATIVE_OPENINGS = True
_DEMONSTRATIVE_OPENING = re.compile(r"^(?:\(?[a-z0-9]{1,3}[.)]\s*)?(?:In|To|For|On|At|By|With|Under)\s+(?:this|that|these|"
                                    r"those|such)(?:\s+a)?\s+[a-z]+(?:\s+[a-z]+)?,")


def points_back_in_subject(text: str) -> bool:
    """Does the sentence open with a pronoun, or hold one in its subject (`SUBJECT_PRONOUNS`), or open with a phrase
    that points back (`DEMONSTRATIVE_OPENINGS`)?"""
    if ANAPHOR.match(text) or (DEMONSTRATIVE_OPENINGS and _DEMONSTRATIVE_OPENING.match(text)):
        return True
    m = _SUBJECT_PRONOUN_INSIDE.match(text) if SUBJECT_PRONOUNS else None
    # the pronoun must come before the first modal or copula ("States shall ... its" is the subject's own)
    return bool(m) and not re.search(r"\b(?:shall|should|must|may|will|is|are|was|were)\b",
                                     text[:re.search(r"\b(?:it|they|them|its|their)\b", text).start()])


def asks_for_list(question: str) -> bool:
    """Does the question ask for several things: an imperative ("List the ..."), "what are the <plural>", a count,
    or a plural noun asked for ("Which situations ...?", which gives a list only when the best sentence is a
    list's lead-in or item)?"""
    return _names_list(question) or bool(_PLURAL_Q.search(question))


def _names_list(question: str) -> bool:
    """The strong forms of `asks_for_list`: "List the ...", "What are the <plural>", a count of what is asked."""
    return bool(_LIST_Q.search(question) or (_COUNTED_LIST_Q if COUNTED_LIST_ASKED else _ANY_COUNT_Q).search(question))


# A question that asks for a limit ("the maximum contribution", "the cap on", "the minimum required"), not one that
# says "at a minimum" ("What should cooperation include at a minimum?"); a minimum term, age or distance is a "measure".
_BOUND_Q = re.compile(r"\b(?:maximum|minimum|maximal|minimal|ceiling|cap|upper limit|lower limit)\b")
_AT_A_BOUND = re.compile(r"\bat (?:a |the )?(?:minimum|maximum)\b")
# What a sentence that sets a limit says: "In no case shall the compulsory contribution ... exceed 1 %", "shall not
# be less than", "up to", "at most", "the maximum".
_BOUND = re.compile(r"\b(?:exceed(?:s|ed|ing)?|(?:not|no) (?:be )?(?:more|less|fewer|greater|lower|higher|longer|"
                    r"shorter) than|at (?:the )?(?:most|least)|up to|maximum|minimum|ceiling|limit(?:s|ed)?)\b",
                    re.IGNORECASE)
# "What is the maximum fine the 1970 Convention sets for antique dealers ...?": a limit on a quantity (a fine, a fee, a
# salary, a sum, a rate) is a figure; a sentence with no figure ("subject to penal or administrative sanctions") does
# not give it (dev ld348 was answered so). The kind "limit" is precise: no sentence with a limit and a figure, no
# answer. False: such a question asks a loose "bound", as "What is the minimum required to teach?" does
QUANTITY_LIMITS = True
_QUANTITY_BOUND_Q = re.compile(r"\b(?:maximum|minimum|maximal|minimal|highest|lowest|ceiling|cap|upper limit|lower limit)"
                               r"\s+(?:[a-z-]+\s+)?(?:fines?|fees?|penalt(?:y|ies)|salar(?:y|ies)|wages?|sums?|amounts?|"
                               r"rates?|percentages?|prices?|charges?|duties|dut(?:y)|taxe?s?)\b")
_LIMIT_FIGURE = re.compile(r"\d|%|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                           r"thirty|forty|fifty|hundred|thousand|half|third|quarter)\b", re.IGNORECASE)
# A list built from a well-scored sentence (`_build_list`) must hold that sentence, or start at it when it leads in
LIST_HOLDS_ANCHOR = True
LIST_ANCHOR_SHARE = 0.5  # of the best sentence's score, for a sentence a list answer is built from (0.75: docs/answers.md)
# A limit is a kind of answer (issue 14's "question structure"); False: such questions have no kind
BOUNDS = True
# A question that asks what a thing looks like ("What does the distinctive emblem look like?", "What shape ...?",
# "What colours ...?"), and what a sentence that describes one says: the form it takes, its shape and colours
# ("The distinctive emblem ... shall take the form of a shield, pointed below, per saltire blue and white").
_APPEARANCE_Q = re.compile(r"\b(?:look(?:s|ed)? like|appearance|what (?:shape|colou?rs?)|(?:what|which) form does)\b")
_APPEARANCE = re.compile(r"\b(?:(?:take|takes|taking|took|in) the (?:form|shape) of|shaped?|colou?r(?:s|ed)?|blue|white|"
                         r"red|green|yellow|black|gold|golden|silver|shield|square|triangle|triangular|circle|circular|"
                         r"rectangle|rectangular|oval|stripe[sd]?|depict(?:s|ed|ing)?|drawn|pictured)\b", re.IGNORECASE)
# What a thing looks like is a kind of answer; False: such questions have no kind
APPEARANCES = True
# "How often must the Committee meet?" asks for a frequency, and a sentence that states one says how often: "It shall
# meet at least once every year", "drawn up at regular intervals of three years", "every two years", "annually" (not
# "annual broadcasting time", a quantity per year, nor "for the first time three months after ...", a date)
_FREQUENCY_Q = re.compile(r"\bhow (?:often|frequently|regularly)\b|\bat what (?:intervals?|frequency)\b|"
                          r"\bwith what frequency\b")
_FREQUENCY = re.compile(r"\b(?:every|each)\s+(?:(?:other|second|third|\w+|\d+)\s+)?(?:years?|months?|weeks?|days?|"
                        r"sessions?|biennium)\b|\b(?:annually|yearly|biennially|triennially|quarterly|monthly|weekly|"
                        r"periodically|periodicity)\b|\b(?:once|twice|\w+ times)\s+(?:a|per|every|each|in|during)\b|"
                        r"\bintervals? of\b|\bat (?:regular|fixed|periodic) intervals\b|\bbiennial\b|\btriennial\b",
                        re.IGNORECASE)
# How often is a kind of answer; False: such questions have no kind
FREQUENCIES = True
# "Who bears the cost ...?" asks for who pays, not for an amount; False: any question naming a cost asks for money
PAYERS = True


# "When a pathogen has been eaten by a phagocyte it becomes trapped in what vesicle?": a question that opens with a
# "when"/"if"/"once" clause and asks with a later question word asks what that word asks, not when
CLAUSE_OPENERS = True
_CLAUSE_OPENER = re.compile(r"\s*(?:when|if|once|whenever)\b(?!\s*(?:,|\?|and\b|or\b|$))(?!\s+(?:did|does|do|was|were|"
                            r"is|are|will|would|had|has|have|can|could|should|must|shall|may|might)\b)")
_LATER_WH = re.compile(r"\b(?:what|which|who|whom|whose|where|how|why)\b")
# "The price of oil was stable until when?", "Since when ...?": asked when, whatever else the question names
UNTIL_WHEN_FIRST = True
_WHEN_PHRASE = re.compile(r"\b(since|until|till|by|from) when\b")


# "How is UNESCO's budget approved?" asks how it is done, not an amount (it was refused "I found no passage that gives
# an amount"); "How much does it cost?" still asks one. False: a budget or cost word asks an amount wherever it stands
HOW_DONE_NO_AMOUNT = True
_HOW_DONE = re.compile(r"\s*(?:(?:and|but|so|then)\s+)?how\s+(?:is|are|was|were|does|do|did|should|shall|must|can|may|"
                       r"will|would)\b")
# "Which body approves the budget of UNESCO?" asks for a body, as "Who ...?" does for a person: a question whose
# "which"/"what" asks for a thing that is no amount ("which body", "what organ", "what share") asks for that thing,
# however many money words follow; "What budget ...?", "What is the cost ...?" still ask an amount. False: a budget or
# cost word asks an amount after any "which"/"what"
THING_ASKED_NO_AMOUNT = True
_THING_ASKED = re.compile(r"\s*(?:(?:and|but|so|then|in|by|to|from|for|of|with|under)\s+)?(?:which|what)\s+(?!(?:is|are|was|"
                          r"were|does|do|did|will|would|should|shall|must|can|could|may|might|has|have|had|kinds?|"
                          r"sorts?|types?|total|overall|annual|yearly|approximate|estimated|amount|amounts|sum|sums|cost|"
                          r"costs|budget|budgets|price|prices|fee|fees|funding|money|expenditure|expenses)\b)[a-z-]+")


def answer_type(question: str) -> str:
    """The kind of answer a question asks for; "" when any sentence may answer it."""
    q = question.lower()
    if CLAUSE_OPENERS and _CLAUSE_OPENER.match(q):
        later = _LATER_WH.search(q)
        if later:
            return answer_type(q[later.start():])
    if UNTIL_WHEN_FIRST and _WHEN_PHRASE.search(q):
        return "date"
    if re.search(r"\b(cost|budget|price|how much money|how much funding|spent|spend|funding amount)\b", q) and not (
            PAYERS and re.search(r"\bwho(?:m)?\b", q) and not re.search(r"\bhow much\b", q)) and not (
            HOW_DONE_NO_AMOUNT and _HOW_DONE.match(q)) and not (THING_ASKED_NO_AMOUNT and _THING_ASKED.match(q)):
        return "money"  # not "Who bears the cost of transmitting the exchanges?", which asks who pays
    if re.match(r"\s*((and|but|so|then) )?when\b", q) or re.search(
            r"\b(since|until|till|by|from) when\b|\bwhen (did|does|do|was|were|is|are|will|would|had|has|have|can|"
            r"could)\b|\b(what year|which year|in what year|in which year|since which|what date|which date|what day)\b",
            q) or asks_document_date(question):
        return "date"  # "when" as the question word, not "what ... when Manning lost the ball?"
    if re.search(r"\b(how long|how tall|how high|how far|how big|how large|how old|how heavy|what size)\b", q) or \
            re.search(r"\b(minimum|maximum|minimal|shortest|longest)\s+(term|duration|period|length|distance|depth|"
                      r"height|width|size|age|speed|weight|temperature|altitude)\b", q):
        return "measure"
    if re.search(r"\b(how many|how much|what percentage|what share|what proportion)\b", q):
        return "number"
    if FREQUENCIES and _FREQUENCY_Q.search(q):
        return "frequency"  # "How often must the Committee meet?": "at least once every year"
    if BOUNDS and _BOUND_Q.search(_AT_A_BOUND.sub(" ", q)):
        if QUANTITY_LIMITS and _QUANTITY_BOUND_Q.search(q):
            return "limit"  # "What is the maximum fine ...?": a limit and its figure, or nothing to quote
        return "bound"  # "What is the maximum compulsory contribution ...?": a limit ("shall ... exceed 1 %")
    if APPEARANCES and _APPEARANCE_Q.search(q):
        return "appearance"  # "What does the emblem look like?": the sentence that describes it
    if re.search(r"\bwho (is|was|are|were) (the )?(current |first |new )?(director|head|president|founder|leader|"
                 r"chair|secretary|minister|ambassador|author)|\bwho (founded|leads|led|heads|directs|directed|"
                 r"chairs|wrote|signed|invented)\b", q):
        return "who"  # asks for a person's name (not "who does it bring together?")
    if PLACEMENT_WHERE and _PLACED_Q.match(q):
        return ""  # "Where must the emblem be displayed?": on what, not in which place ("on flags or armlets")
    if ACTING_COUNTRIES and _ACTING_COUNTRIES_Q.search(q):
        return ""  # "Which countries can join it?": which States may (the ones invited ...), not a place name
    if re.match(r"\s*where\b(?!.*\bcomes? from\b)", q) or re.search(r"\b(which|what) (country|countries|city|cities|place|region|"
                                                 r"continent|part of the world)\b", q):
        return "where"
    return ""


# A question answered by the clause that defines its term is answered from that clause's passage (`answer`). False:
# sentences of other passages near the clause's score are quoted with it
DEFINITION_OWN_PASSAGE = True
# A question that names a document is answered from that document's sentences alone when its best one scores at least
# NAMED_SHARE of the best sentence of any document (a brief or a page that speaks of the document, another instrument
# that cites it). False: the best sentence of any retrieved document, and those near it
NAMED_DOCUMENT_CHOICE = True
NAMED_SHARE = 0.9
# "Which countries can join it?", "What countries may sign the Convention?": the countries act, and the answer says which
# States may ("all States not members of ... which are invited by the General Conference"), not where; "Which country
# hosts the secretariat?" still asks a place. False: any "which country" asks a place
ACTING_COUNTRIES = True
_ACTING_COUNTRIES_Q = re.compile(r"\b(?:which|what)\s+(?:countries|country|states?|nations?)\s+(?:can|could|may|might|must|"
                                 r"should|shall|are\s+(?:allowed|entitled|eligible|able|required|obliged)\s+to|is\s+"
                                 r"(?:allowed|entitled|eligible|able|required|obliged)\s+to|have\s+to|has\s+to)\b")
# "Where must the emblem be displayed?", "Where should the copies be kept?": where a thing is put asks on or in what it
# is put, which a place name seldom says; False: such a question asks for a place name, and is refused without one
PLACEMENT_WHERE = True
_PLACED_Q = re.compile(r"\s*(?:(?:and|but|so|then)\s+)?where\b.*\b(?:be|is|are|was|were|being|been)\b.*\b(?:displayed|"
                       r"placed|put|kept|stored|affixed|painted|marked|posted|worn|carried)\b",
                       re.IGNORECASE)


# "Who is the current Director-General ...?", "Who was the first chairperson ...?": a post's holder is a person,
# whose name is no body's ("Secretariat of the Committee", "General Conference"); False: any name the question lacks
PERSONS_FOR_ROLES = True
_ROLE_Q = re.compile(r"\bwho\s+(?:is|was|are|were)\s+(?:the\s+)?(?:current\s+|first\s+|new\s+|present\s+)?"
                     r"(?:director|head|president|founder|leader|chair|secretary|minister|ambassador|author)", re.IGNORECASE)
_BODIES = {"committee", "secretariat", "conference", "board", "council", "organization", "organisation", "commission",
           "assembly", "fund", "convention", "nation", "party", "state", "government", "agency", "union", "bureau",
           "office", "court", "declaration", "recommendation", "charter", "constitution", "protocol", "agreement",
           "article", "list", "centre", "center", "institute", "session", "unesco"}


# A reference to a part of a text: "Article 9, paragraph 5", "Articles 8(2)(b)", "No. 3", "Annex A": its numbers
# count nothing.
_REFERENCE = re.compile(r"\b(?:Articles?|paragraphs?|para\.|sub-paragraphs?|Nos?\.|Sections?|Chapters?|Annex(?:es)?|"
                        r"Rules?|Parts?)\s+[\dIVXLC]+[a-z]?(?:\s*\([a-z0-9]+\))*(?:\s*(?:,|and|or|to)\s*[\dIVXLC]+[a-z]?"
                        r"(?:\s*\([a-z0-9]+\))*)*")


def has_answer_type(sentence: str, kind: str, question: str = "", counted: bool = True) -> bool:
    """Does the sentence hold the kind of answer (`answer_type`) the question asks for? With `counted` False, a
    "how many" question's number need not stand before the noun it counts (`_typed`'s second try)."""
    sentence = strip_enumerator(sentence)  # "5. The Committee ..." holds no number; "(c) 1970" is not a year
    if kind == "bound":
        return bool(_BOUND.search(sentence))
    if kind == "limit":  # a limit with its figure: "shall not exceed 1 %", "not less than twenty-five years"
        plain = _REFERENCE.sub(" ", sentence)  # "under Article 9" is no figure
        return bool(_BOUND.search(plain) and _LIMIT_FIGURE.search(plain))
    if kind == "appearance":
        return bool(_APPEARANCE.search(sentence))
    if kind == "frequency":
        return bool(_FREQUENCY.search(sentence))
    if kind in ("number", "measure", "money"):
        sentence = _REFERENCE.sub(" ", sentence)  # "under Article 9, paragraph 5" counts nothing
    if kind == "date" and OTHER_ACTS_UNDATED and (acts := _other_acts(question)) and (
            is_formula(sentence) or not acts & _other_acts(sentence)):
        # "When did the Ramsar Convention enter into force?": not "Done at Ramsar this 2nd day of February 1971", nor
        # "It shall be open until March 31, 1975, for signature": a date of the act asked about
        return False
    if kind == "date":
        return bool(_YEAR.search(sentence) or _DATE.search(sentence) or _ERA.search(sentence) or (
            (_RULE_WHEN_Q.search(question) or (WHEN_WOULD and _RULE_WHEN_WOULD.search(question))) and
            _RELATIVE_TIME.search(sentence)))
    if kind in ("money", "measure", "number"):
        return _holds_quantity(sentence, kind, question, counted) and not _quantity_of_another_clause(
            sentence, kind, question, counted)
    if kind == "where" and FORMULA_PLACES and is_formula(sentence) and asks_about_adoption(question) and \
            _PLACE.search(sentence):
        return True  # "Where was the Madrid Convention done?": "Done at Madrid ..." says it, though the name holds it
    if kind in ("who", "where"):  # a name the question does not already hold; for a place, after "in", "at" ...
        asked = fold_words(question)
        names = [n for n in _PLACE.findall(sentence) if not _NOT_PLACES & {w.removesuffix("s") for w in
                                                                                fold_words(n)}
                 and not (PARTIES_NO_PLACE and _PARTIES.match(n))] if kind == "where" \
            else _ENTITY.findall(sentence)
        if kind == "who" and PERSONS_FOR_ROLES and _ROLE_Q.search(question):
            # "Who was the first Director-General of UNESCO?" asks for the person who held the post: "the Secretariat
            # of the Committee" names a body, not a person
            names = [n for n in names if n.split()[-1].casefold().removesuffix("s") not in _BODIES]
        return any(e not in _GENERIC_ENTITIES and not fold_words(e) <= asked for e in names)
    return True


def _holds_quantity(sentence: str, kind: str, question: str, counted: bool = True) -> bool:
    if kind == "money":
        return bool(_MONEY.search(sentence))
    if kind == "measure":
        if re.search(r"\bhow old\b", question, re.IGNORECASE):  # an age is often a bare number: "aged 13", "at 39"
            return bool(_NUMBER.search(sentence) or _MEASURE.search(sentence))
        # a span for how long, not for a size or a distance (the question may be in another language: its words
        # are not English, `assistant.crosslingual`)
        if SPANS and _SPAN.search(sentence) and not _SIZE_Q.search(question):
            return True
        if MORE_UNITS and (_MORE_MEASURE.search(sentence) or (_HOW_LONG_HAS.search(question) and
                                                              _SINCE.search(sentence))):
            return True
        return bool(_MEASURE.search(sentence))
    noun = counted_noun(question) if counted else ()  # "how many member states": a number must count member states
    if noun:
        return _counts(sentence, noun)  # digits or words: "58 Member States", "fifty-eight Member States"
    if _HOW_MANY_ANY.search(question):  # "How many people died ...?": a year or a sum of money counts nothing
        sentence = _YEAR.sub(" ", _MONEY_SPAN.sub(" ", sentence))
        if FRACTIONS_COUNT_NOTHING:  # nor does a share: "by a two-thirds majority vote", "50 per cent of"
            sentence = _FRACTION_SPAN.sub(" ", sentence)
    if NUMBER_WORDS:  # "should not exceed seven.": a number written out, beside any punctuation
        return bool(_NUMBER.search(sentence) or _NUMBER_WORD.search(sentence))
    return bool(_NUMBER.search(sentence) or any(w in sentence.lower().split() for w in _NUMBER_WORDS))


# Where a sentence joins two statements: "...; ...", "..., and has launched ...", "..., while ...".
_CLAUSES = re.compile(r";\s+|,\s+(?:and|while|whereas|but)\s+(?=[a-z]+\s+[a-z])", re.IGNORECASE)


def _quantity_of_another_clause(sentence: str, kind: str, question: str, counted: bool = True) -> bool:
    """The sentence's amount or number stands in a clause that shares no word with the question, while another of
    its clauses holds the question's subject: "UNESCO supported the reconstruction of the mausoleums of Timbuktu
    ..., and has launched a new initiative to 'Revive the Spirit of Mosul', with over $50 million in funding"
    gives no cost of the Timbuktu reconstruction."""
    clauses = _CLAUSES.split(sentence)
    if len(clauses) < 2 or not question:
        return False
    asked = set(terms(question))
    typed = [c for c in clauses if _holds_quantity(c, kind, question, counted)]
    return bool(typed) and not any(asked & set(terms(c)) for c in typed) and any(asked & set(terms(c)) for c in clauses)


# A list's items share how their enumerator is written ("(a)", "(b)"; not the heading "V." after "(d)"); False: only
# its kind (letters, digits, bullets)
ENUMERATOR_STYLES = True
# "(b) Libraries of institutions of higher education: ... A distinction should be made between:" then "(i) ...",
# "(ii) ...", then "(c) ...": a lead-in after an item opens a list of its own, whose items are skipped until the
# outer list goes on with its next enumerator; False: the list ends at such a lead-in
SUB_LISTS = True  # (an item that itself ends in ":" keeps its sub-items, as items: "made by: (i) other States")
_ENUMERATOR = re.compile(r"\s*\(?([a-z]|\d{1,3})[.)]", re.IGNORECASE)


def _next_enumerator(line: str) -> str:
    """The enumerator that follows the item's own ("(b)" -> "b" gives "c", "4." gives "5"); "" when not one of
    letters or digits."""
    m = _ENUMERATOR.match(line)
    if not m:
        return ""
    e = m.group(1)
    return str(int(e) + 1) if e.isdigit() else chr(ord(e) + 1)


# A list quotes each item's first sentence: "• Legitimacy; UNESCO's universal mandate ... One of its first success
# stories was the creation of CERN" would lose the sentence that answers. A list is the answer only when it quotes
# the best sentence; False: whenever chosen sentences are items of it
LIST_QUOTES_BEST = True


def _quoted_in(built: tuple, sentence: _Sentence) -> bool:
    """Does the built list (`_build_list`'s result) quote `sentence` whole?"""
    return any(p.chunk.id == sentence.passage.chunk.id and a <= sentence.span[0] and sentence.span[1] <= b + 1
               for _, quoted, *_ in built[4][0] for p, (a, b) in quoted)


def _quotes(built: tuple, best: _Sentence) -> bool:
    """Does the built list (`_build_list`'s result) quote the best sentence whole, or leave it out only because it
    is not one of its items? False when the best sentence stands inside an item's line after the first sentence
    the list quotes of it."""
    if not LIST_QUOTES_BEST:
        return True
    spans = [(p, a, b) for _, quoted, *_ in built[4][0] for p, (a, b) in quoted if p.chunk.id == best.passage.chunk.id]
    if any(a <= best.span[0] and best.span[1] <= b + 1 for _, a, b in spans):
        return True
    for p, a, b in spans:
        line_end = p.chunk.text.find("\n", a)
        if b <= best.span[0] < (len(p.chunk.text) if line_end < 0 else line_end):
            return False  # inside the item's line, after what the list quotes of it
    return True


def _enumerator_of(line: str) -> str:
    m = _ENUMERATOR.match(line)
    return m.group(1) if m else ""
# A sentence that opens "Such <noun>" is scored as read with the sentence before it that names the noun (`_score`);
# False: on its own words
SUCH_READ_WITH_BEFORE = True
_SUCH = re.compile(r"^\s*(?:\(?[a-z0-9]{1,4}[.)]\s*)?Such\s+([a-z][\w-]+)\b")
# A chosen sentence comes with the next one when that takes up its thing by name ("Such compensation ...", "This
# compensation, which would be income-related, ..."; `_contexts`); False: only what a pronoun points back to
ELABORATIONS = True
# "How can a State withdraw from it?" chose "Denunciation shall take effect four months after ...", whose subject
# is the act the sentence before allows ("Any Contracting Party may denounce this Convention after ... by giving
# written notice ..."): that sentence, which says how, comes with it (`_contexts`); False: the chosen sentence alone
TAKES_UP_ACT = True
_ACT_SUBJECT = re.compile(r"^\s*(?:\(?[a-z0-9]{1,4}[.)]\s*)?(?:The\s+|Such\s+|This\s+)?([A-Za-z][a-z-]{4,})\s+(?:shall|should|"
                          r"may|must|will|is|are|takes?)\b")
_ALLOWED_ACT = re.compile(r"\b(?:may|shall|can|must|should)\s+(?:not\s+)?([a-z][a-z-]{3,})(?:\s+([a-z][a-z-]{3,}))?")


def _takes_up_act(text: str, before: str) -> bool:
    """Is the subject of `text` the act a modal verb of `before` allows or requires ("Denunciation ..." after "... may
    denounce ...", "Withdrawal ..." after "... may withdraw ...")?"""
    m = _ACT_SUBJECT.match(text)
    if not m:
        return False
    subject = with_families(terms(m.group(1)))
    verbs = {t for pair in _ALLOWED_ACT.findall(before) for v in pair if v for t in terms(v)}
    return bool(subject & verbs)
_TAKEN_UP = re.compile(r"^\s*(?:Such|This|These|That|Those)\s+([a-z][\w-]+)\b")
# A year of a retrieved document in a question that does not ask when names that document wherever it stands
# (`_naming_years`); False: only beside an instrument type ("the 1962 Protocol", "the Convention of 1970")
DOCUMENT_YEARS_NAME = True
# A question that asks what is not the case is answered by a sentence near the best that states a negation, before
# a better-scored one that states none (`answer`); False: the best one, and the confidence reads its lack
NEGATED_FIRST = True
NEGATION_REACH = 8
# "Who was the first Director-General ...?": a sentence near the best that says "first" (or a word of its group,
# `assistant.answerability.asked_superlatives`) answers before a better-scored one that does not; False: the best one,
# and the confidence reads its lack (`superlative_unmatched`)
SUPERLATIVE_FIRST = True
# "Who provides the funding?" after an answer that quoted the brief on Mosul: the document the last answer cited first
# is the conversation's, named as if the question named it (the `doc_named` signal); False: only a name in the words
CONVERSATION_DOCUMENT = True
# "how many" whose noun no sentence counts in words is answered by another number in a sentence near the best
# (`_typed`); False: refused
COUNTED_OR_ANY = True
_HOW_MANY_ANY = re.compile(r"\bhow many\b", re.IGNORECASE)
_HOW_MANY = re.compile(r"\bhow many\s+((?:[a-z-]+\s+){0,2}?[a-z-]+?s)\b", re.IGNORECASE)
_COUNT = re.compile(r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                    r"forty|fifty|hundred|thousand|million|several|dozens?)\b", re.IGNORECASE)


_ASKED_PLURAL = re.compile(r"\b(?:what|which)\s+(?:are|were)\s+(?:the\s+|its\s+|their\s+)?(?:main\s+|key\s+|different\s+|"
                           r"various\s+|specific\s+)?([a-z-]+(?<!ss)s)\b", re.IGNORECASE)


def _asked_plural(question: str) -> str:
    """The stem of the plural noun "What are the ...s" asks for ("What are the groups of ..." -> "group"); ""."""
    m = _ASKED_PLURAL.search(question)
    found = terms(m.group(1)) if m else []
    return found[0] if found else ""


@lru_cache(maxsize=256)
def counted_words(question: str) -> tuple[str, ...]:
    """The stemmed words of what "how many ..." counts ("member states" -> both stems)."""
    m = _HOW_MANY.search(question)
    return tuple(terms(m.group(1))) if m else ()


def counted_noun(question: str) -> tuple[str, ...]:
    """The stemmed head of what "how many ..." counts ("member states" -> stem of "states")."""
    return counted_words(question)[-1:]


# "a majority of two-thirds of its members", "one third of the members", "50 per cent of the votes": a share of what
# is counted, not how many there are ("How many members does the World Heritage Committee have?" was answered with
# the Committee's voting majority); False: a fraction's number counts
FRACTIONS_COUNT_NOTHING = True
_FRACTION = re.compile(r"^(?:halve?s?|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?|"
                       r"per|percent|%)$", re.IGNORECASE)


# "one or more Member States", "one or several States": no count ("How many States have ratified the 2005
# Convention?" was answered with "In the event that one or more Member States of such an organization is also Party
# ..."); False: "one" counts there
VAGUE_ONE_COUNTS_NOTHING = True
_VAGUE_AFTER_ONE = frozenset({"or more", "or several", "or other", "or another", "or both"})


_FRACTION_SPAN = re.compile(r"\b[\w]+[- ](?:halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|"
                            r"ninths?|tenths?)\b|\b\d[\d,.]*\s*(?:per\s*cent|percent|%)", re.IGNORECASE)


def _counts(sentence: str, counted: tuple[str, ...], window: int = 5) -> bool:
    """A number stands within a few words before the counted noun ("58 Member States", "21 States")."""
    tokens = re.findall(r"[\w'%-]+", sentence)
    stems = [terms(t)[:1] for t in tokens]

    def counts(n: int) -> bool:
        parts = tokens[n].split("-")
        if FRACTIONS_COUNT_NOTHING and (any(_FRACTION.match(p) for p in parts[1:]) or (
                n + 1 < len(tokens) and _FRACTION.match(tokens[n + 1]))):
            return False  # "two-thirds", "two thirds", "50 per cent", "10 %"
        if VAGUE_ONE_COUNTS_NOTHING and tokens[n].casefold() == "one" and \
                " ".join(tokens[n + 1:n + 3]).casefold() in _VAGUE_AFTER_ONE:
            return False  # "one or more Member States": any number of them
        return any(_COUNT.fullmatch(part) for part in parts)

    for i, st in enumerate(stems):
        if st and st[0] in counted and any(counts(n) for n in range(max(0, i - window), i)):
            return True
    return False


def fold_words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[\w’'-]+", text)}


@dataclass
class _Sentence:
    passage: Passage
    span: tuple[int, int]
    text: str
    sim: float = 0.0
    coverage: float = 0.0
    local: float = 0.0  # IDF-weighted share of the question's terms in the sentence itself
    lexical: float = 0.0  # the score's word-based part
    score: float = 0.0
    about: str = ""  # what is scored: the sentence, or for a record's field line the record's title and the line
    continues: bool = False  # it follows a sentence the last answer quoted (`CONTINUES_LAST_ANSWER`)


def _kind_text(question: str, query: str, kind: str) -> str:
    """What a sentence's kind of answer is checked against: the query; for a date, also the question when the query
    does not hold it (the cross-lingual answerer's question is its English cues, "When does it enter into force",
    and its query the French or Spanish question: "one month after the deposit" answers the cues)."""
    if ENTRY_DATES and kind == "date" and fold(question) not in fold(query):
        return f"{question} {query}"
    return query


def _typed(sentences: list[_Sentence], kind: str, query: str) -> tuple[list[_Sentence], bool]:
    """The sentences that hold the kind of answer asked for, best first, and whether the best of them scores near
    the best sentence (`type_ok`). A loose kind (`_LOOSE_KINDS`) that no sentence near the best holds is read as no
    kind: never refused for it ("What is the minimum required to teach in Canada?" is answered "... requires a
    Bachelor's Degree")."""
    typed = [x for x in sentences if has_answer_type(x.text, kind, query)]
    if not typed and kind == "number" and COUNTED_OR_ANY and counted_noun(query):
        # no sentence counts what "how many" asks for in its words ("How many companies ...?": "nine other
        # contenders"): a number that counts something else may still count it, in a sentence near the best
        # ("How many member states does UNESCO have?" is not answered by a far-off "... 97 projects in 54 countries")
        typed = [x for x in sentences if x.score >= 0.75 * sentences[0].score
                 and has_answer_type(x.text, kind, query, counted=False)]
    return typed, bool(typed) and typed[0].score >= 0.75 * sentences[0].score


NO_PASSAGE = "I found no passage that answers this, so I won't guess."
_KIND_WORDS = {"date": "a date or year", "money": "an amount", "measure": "a measurement", "number": "a number",
               "limit": "a limit with its figure",
               "who": "a name", "where": "a place",
               "frequency": "a frequency"}  # a loose kind is never refused for (`_typed`)


def _document_chunk(part: Part, document: str = ""):
    """A retrieved chunk of the document a part is asked of, or of `document` (its title and year); None when it
    has none."""
    wanted = document or part.document
    return next((p.chunk for p in part.passages if p.chunk.document_id == wanted and p.chunk.title), None)


def _document_label(part: Part, document: str = "") -> str:
    """What heads a comparison's part: its document's (or `document`'s) title, with its year when the title has
    none ("Universal Copyright Convention (1952):")."""
    chunk = _document_chunk(part, document)
    return f"{titled(chunk)}:" if chunk is not None else ""


def titled(chunk) -> str:
    """A chunk's document title, with its year when the title has none ("Universal Copyright Convention (1952)")."""
    year = str(chunk.year) if chunk.year and str(chunk.year) not in chunk.title else ""
    return f"{chunk.title} ({year})" if year else chunk.title


def _uncited_parts(question: str, parts: Sequence[Part], answer: Answer) -> list[Part]:
    """The parts asked of one of the documents a question names (the whole question each) that the answer cites no
    passage of; none when it cites none of them (it is then no comparison's answer)."""
    cited = {c.document_id for c in answer.citations}
    asked = [p for p in parts if p.document and p.question == question]
    missed = [p for p in asked if p.document not in cited]
    return missed if len(missed) < len(asked) else []


def _missed_notice(question: str, missed: Sequence[Part]) -> str:
    """What the notice of an answer in parts says of the parts no passage answers: a part asked of one of the
    documents the question names is the whole question, so the document is named as its part's label names it
    ("No passage of “Declaration on Race and Racial Prejudice (1978)” answers this.": two versions of a convention
    share a title); another part is quoted."""
    documents = [_document_label(p).removesuffix(":") or p.document for p in missed
                 if p.document and p.question == question]
    asked = [p.question for p in missed if not (p.document and p.question == question)]
    notice = [f"No passage of {' or of '.join(f'“{t}”' for t in documents)} answers this."] if documents else []
    if asked:
        notice.append("No passage answers this part: " + "; ".join(f"“{q}”" for q in asked))
    return " ".join(notice)


def _without_unheld(question: str, unheld: Sequence[str]) -> str:
    """The question without what names the documents the library lacks (`DocumentResolver.unheld`): the year of a
    "Convention of 2003", the title words of a "Convention on Biological Diversity" (they are in none of its
    passages, as the notice says)."""
    for name in unheld:
        years = _YEAR.findall(name)
        if years:
            if UNHELD_NAME_WORDS:  # "the 1995 UNIDROIT Convention": the name between the year and the type word too
                kind = name.split(" ", 1)[0]
                question = re.sub(rf"\b(?:{'|'.join(years)})\s+(?:[A-Z][\w'’-]*\s+){{1,4}}(?={re.escape(kind)}\b)", "",
                                  question)
            question = re.sub("|".join(rf"\b{y}\b" for y in years), "", question)
        elif UNHELD_TITLE_WORDS and " " in name:
            question = question.replace(name.split(" ", 1)[1], "")
    return question


class ExtractiveAnswerer:
    name = "extractive"
    orphan_items = True  # `ORPHAN_ITEMS` applies to its choice (the cross-lingual ranking keeps near-best items)

    def __init__(self, embedder, settings: Settings, store=None, embedded_sentences: int = 0) -> None:
        from assistant.confidence import load_calibrator

        self.embedder = embedder
        # Sentences embedded per answer, the best by words first; a question in another language shares no words
        # with the English sentences, so its answerer embeds them all (`assistant.crosslingual`).
        self.embedded_sentences = embedded_sentences or EMBEDDED_SENTENCES
        self.settings = settings
        self.calibrator = load_calibrator()
        self.store = store  # to follow a list into the chunks after the retrieved one
        self._cache: dict[str, object] = {}
        self._asked: tuple[tuple, str] | None = None  # the last (question, passage ids) and its term (`_asked_term`)
        import threading

        self._outlines: dict[str, tuple] = {}  # document id -> (store count, chunks, headings)
        self._outline_lock = threading.Lock()

    def resolve(self, question: str, turns: Sequence[Turn]) -> list[str]:
        """Retrieval queries to try, the likelier first: with earlier turns, every question is a candidate
        follow-up, so both the question completed from the conversation (without an LLM) and the question alone
        are tried, and the facade keeps the more confident answer. A question whose pronoun points back and that
        names nothing before it is tried completed only."""
        limit = 2 * self.settings.max_question_chars
        if not turns:
            return [question]
        completed = resolve_followup(question, list(turns), force=True)[:limit]
        if completed == question:
            return [question]
        if is_followup(question) and not names_before_pointing_back(question):
            return [completed]  # a pronoun or an ellipsis points back: the question alone means nothing
        return [question, completed]  # looks self-contained, may still carry on ("Are pipelines included?")

    def clear_cache(self) -> None:
        """Forget the sentence vectors kept between questions (benchmarks time answers without them), and the last
        question's asked term (`_asked_term`)."""
        self._cache.clear()
        self._asked = None
        with self._outline_lock:
            self._outlines.clear()

    def stream(self, question: str, query: str, passages: list[Passage], turns: list[Turn],
               parts: Sequence[Part] = ()) -> Iterator[str | Answer]:
        answer = self.answer_parts(question, passages, parts) if parts else None
        if answer is None:
            answer = self._which_document(question, passages, self.answer(question, query, passages, turns))
            if WHOLE_ANSWER_SAYS_MISSED and not answer.refused and (missed := _uncited_parts(question, parts, answer)):
                # "Compare the Ramsar Convention and the World Heritage Convention on how sites are listed.": no part
                # was answered on its own, and the whole question quoted the World Heritage Convention alone; the
                # notice says the Ramsar Convention was not answered, as an answer in parts does
                answer = replace(answer, notice=" ".join(n for n in (answer.notice, _missed_notice(question, missed))
                                                         if n))
        if answer.refused:
            yield answer.text
        else:
            pieces = answer.text.split("\n") if "\n" in answer.text else [answer.text]
            for i, piece in enumerate(pieces):
                yield ("\n" if i else "") + piece
        yield answer

    def _which_document(self, question: str, passages: list[Passage], answer: Answer) -> Answer:
        """"Which instrument protects performers?": the answer quotes "Each Contracting State shall grant national
        treatment to performers ...", which says "this Convention", not which; when the question asks which document
        (whether or not its words name one: "Under which convention are wetlands listed?") and the answer quotes one
        document, its title heads the answer on a line of its own, as it
        heads each part of a comparison (`_document_label`; the label is no sentence and cites nothing)."""
        asked = next(iter(_which_found(question)), None) if WHICH_DOCUMENT and not answer.refused else None
        if asked is None:
            return answer
        documents = list(dict.fromkeys(c.document_id for c in answer.citations))
        chunk = next((p.chunk for p in passages if documents and p.chunk.document_id == documents[0] and p.chunk.title),
                     None)
        if len(documents) != 1 or chunk is None or fold(chunk.title) in fold(answer.text):
            return answer
        kind = asked.group(1).lower().rstrip("s")
        if WHICH_KIND_UNASKED and kind == "treaty" and is_treaty(chunk.doc_type):
            kind = "instrument"  # a convention, an agreement or a protocol is a treaty, whatever its title says
        if kind not in ("instrument", "document", "text") and kind not in fold(chunk.title):
            return answer  # "which treaty does the 1972 Declaration name?" asks for another thing than the one quoted
        return replace(answer, text=f"{titled(chunk)}:\n{answer.text}")

    # -- the decision ----------------------------------------------------------------------
    def answer(self, question: str, query: str, passages: list[Passage], turns: list[Turn]) -> Answer:
        if not passages:
            return refusal(question, passages, confidence=0.0)
        if addressed_to_model(question) or _SET_ASIDE.search(question):  # not a question about the documents
            return refusal(question, passages, confidence=0.0, lacking=False, reason=(  # not "the documents don't say"
                "Your message asks me to set the documents or my rules aside; I only answer from the documents."))
        sentences = self._score(question, query, passages, last=_last_answer(question, turns))
        if not sentences:
            return refusal(question, passages, confidence=0.0)
        kind = answer_type(question)
        type_ok = True
        typed, near = _typed(sentences, kind, _kind_text(question, query, kind)) if kind else ([], True)
        if kind in _LOOSE_KINDS and not near:
            kind = ""  # no sentence near the best words a limit ("a top speed of 100 mph"): a question of no kind
        if kind:  # the best sentence that holds the kind of answer asked for, if one scores near the best
            if not typed:  # "How many ...?" and no passage gives a number: nothing to quote, whatever the score
                unheld = self._unheld(question) if ABSENT_BEFORE_KIND else ()
                if unheld:  # "... the 1999 Second Protocol ...": what the library lacks says more than the kind
                    return refusal(question, passages, confidence=0.0, reason=_holds_no(unheld))
                context = " ".join(passage_context(p) for p in passages)
                absent = missing_numbers(question, context) + missing_names(question, context, _GENERIC_ENTITIES) \
                    if ABSENT_BEFORE_KIND else []
                if absent:
                    return refusal(question, passages, confidence=0.0, reason=_mentions_none(absent))
                return refusal(question, passages, confidence=0.0, reason=(
                    f"I found no passage that gives {_KIND_WORDS.get(kind, 'that')}, so I won't guess."),
                    lacking=False)
            type_ok = near
            sentences = typed + [x for x in sentences if x not in typed]
            if _rules_for_today(question, typed):
                return refusal(question, passages, confidence=0.0, reason=PRESENT_REFUSAL)
        if _history_of_rules(question, sentences):  # whatever kind of answer is asked, or none
            return refusal(question, passages, confidence=0.0, reason=HISTORY_REFUSAL)
        if _drafting_of_rules(question, sentences):
            return refusal(question, passages, confidence=0.0, reason=DRAFTING_REFUSAL)
        if NEGATED_FIRST and asks_negation(question):
            # "What persons were not allowed to settle ...?": a sentence near the best that states a negation
            # answers it; the best one, stating none, would answer the opposite question
            sentences = _saying_first(sentences, states_negation, kind and type_ok and typed)
        if SUPERLATIVE_FIRST and asked_superlatives(question):
            sentences = _saying_first(sentences, lambda text: holds_superlatives(text, question),
                                      kind and type_ok and typed)
        reasons = self._preamble_reasons(question, passages) if not kind else []
        if not reasons and not kind and _asks_about(question) and self._constitutes(passages[0].chunk.document_id, question):
            # "What are the aims of UNESCO?" is answered from its Constitution's purpose section
            # (`_about_answer`); the confidence reads those sentences, not the best-scored one ("... fundamental
            # alterations in the aims of the Organization ..." in the amendments article)
            about = {(x.passage.chunk.id, x.span) for x in self._about_sentences(passages[0].chunk.document_id,
                                                                                  passages)}
            first = [x for x in sentences if (x.passage.chunk.id, x.span) in about]
            sentences = first + [x for x in sentences if x not in first]
        everywhere = " ".join(passage_context(p) for p in passages)
        focus = turns[-1].documents[0] if CONVERSATION_DOCUMENT and turns and turns[-1].documents else ""
        unheld = self._unheld(question)
        partly = bool(unheld) and PARTLY_HELD and self._names_documents(question) and \
            bool(set(terms(question)) & (_COMPARE_WORDS | _EACH_WORDS) or " and " in question)
        # the year of a document the library lacks is in none of its passages, as the notice says: not checked
        checked = _without_unheld(question, unheld) if partly else question
        signals = self._signals(checked, query, passages, sentences, kind, type_ok, everywhere, document=focus)
        absent = missing_numbers(checked, everywhere) + missing_names(checked, everywhere, _GENERIC_ENTITIES)
        absent += [n for n in scattered_names(checked, map(_label_and_text, passages), _GENERIC_ENTITIES)
                   if n not in absent]
        if UNHELD_BEFORE_ABSENT and unheld and not partly:  # "the 2003 Convention" when none is held: its year is
            # in no passage too, but "none of the passages mentions “2003”" hides that the library lacks the document
            return refusal(question, passages, confidence=0.0, signals=signals, reason=_holds_no(unheld))
        if absent:  # the question is about something no passage (nor its document's title) names
            return refusal(question, passages, confidence=0.0, signals=signals, reason=_mentions_none(absent))
        if unheld and not partly:  # "the 2010 Universal Declaration on Archives": not in the library
            return refusal(question, passages, confidence=0.0, signals=signals, reason=_holds_no(unheld))
        confidence = self.calibrator.probability(signals)
        if confidence < self.settings.refusal_threshold:
            reason = self._reason(question, passages, signals, kind)
            # "The documents don't say" only when confident the library lacks it: a name or number of the
            # question is nowhere in the passages, or nothing comes close.
            # (a superlative the closest passage does not say is no proof that the library lacks it)
            superlative = _superlative_reason(question) if signals.get("superlative_unmatched") else NO_PASSAGE
            lacking = reason not in (NO_PASSAGE, superlative) or confidence < self.settings.refusal_threshold / 3
            return refusal(question, passages, reason=reason, confidence=confidence, signals=signals,
                           lacking=lacking)
        answer = None
        defined = self._asked_term(question, passages)
        clause = None
        if defined and not kind:  # "What counts as X?": the clause that defines X is the answer, first
            clause = next((x for x in sentences[:DEFINITION_REACH] if _defines(x, defined)), None)
            if clause is not None:
                sentences = [clause] + [x for x in sentences if x is not clause]
        elif _MADE_OF_Q.search(question) and not kind:
            # "What resources make up the Fund?": the lead-in that says what it consists of ("The resources of the
            # Fund shall consist of:"), first, as a defining clause is for a term
            lead = next((x for x in sentences[:DEFINITION_REACH] if x.text.rstrip().endswith(":")
                         and _COMPOSED_OF.search(x.text)), None)
            if lead is not None:
                sentences = [lead] + [x for x in sentences if x is not lead]
        lead_in = sentences[0].text.rstrip().endswith(":")
        if reasons:  # "Why was X adopted?": the reasons its preamble gives, in reading order
            have = {p.chunk.id for p in passages}
            answer = build_answer(question, [(x.text, [(x.passage, x.span)], True, 1.0) for x in reasons],
                                  answerer=self.name, passages=list(passages) + list(
                                      {x.passage.chunk.id: x.passage for x in reasons
                                       if x.passage.chunk.id not in have}.values()))
        elif not kind:  # "Which principles does X set out?": the headings that name them
            answer = self._outline_answer(question, passages) or self._section_answer(question, passages) or \
                self._about_answer(checked, passages, partly)
        inline = INLINE_LISTS and not lead_in and bool(_INLINE_LIST.search(sentences[0].text) or (
            INLINE_SEMICOLONS and _INLINE_SEMICOLON_LIST.search(sentences[0].text)))
        if answer is None and _names_list(question) and not inline:
            answer = self._list_answer(question, sentences, passages)
        elif answer is None and not inline and (_PLURAL_Q.search(question) or (_MADE_OF_Q.search(question) and (
                lead_in or _enumerator_kind(sentences[0].text) != "digit"))) and (
                lead_in or _LIST_ITEM.match(sentences[0].text)):  # a numbered paragraph is no list's item
            answer = self._list_answer(question, sentences[:1], passages)
        if answer is None and lead_in and (_INCLUDES_Q.search(question) or is_definition(sentences[0].text, defined) or (
                kind in _PRECISE_KINDS and has_answer_type(sentences[0].text, kind, query)) or (
                CONDITION_LISTS and _SETS_CONDITIONS.search(sentences[0].text)) or (
                LEAD_IN_STATES_ASKED and not kind and sentences[0].local >= LEAD_IN_LOCAL)):
            # "What does X include / consider as ...?" and the best sentence leads in a list: give its items. So
            # too when the lead-in itself holds the kind of answer asked for ("... a period of twenty years
            # computed from the end of the year in which:"): it answers, and its items complete it.
            built = self._build_list(question, sentences[0], passages, None)
            answer = built[0] if built else None
        if answer is None:
            # a lead-in ("... three comparative advantages:") says nothing without its list
            stated = [x for x in sentences if not x.text.rstrip().endswith(":")] or sentences
            if DEFINITION_OWN_PASSAGE and clause is not None and stated[0] is clause:
                # "And a pamphlet?" after a question on the 1964 Recommendation's book: the clause that defines a
                # pamphlet, and what its own passage goes on to say, not a sentence of another passage that scores near
                # it ("Statistics relating to the total number of copies classified by subject ...")
                stated = [x for x in stated if x.passage.chunk.id == clause.passage.chunk.id]
            chosen = _with_rule_before_exception(self._choose(stated, kind, question,
                                                              lead_ins_follow=ITEM_LEAD_INS and (
                                                                  not kind or KIND_LEAD_INS)), sentences)
            if kind:  # "It shall be composed of 15 States Parties ...": what "It" is, is said just before
                chosen = self._with_context(chosen, sentences, query, antecedent_only=True)
            else:
                chosen = self._with_context(chosen, sentences, query, defined)
                if SECTION_RUNS:  # the article about what is asked, whole
                    chosen = _with_section_run(chosen, sentences, question)
                # a defining clause that is no lead-in is the answer itself, not items of another list near it
                if clause is None or chosen[0] is not clause:
                    answer = self._chosen_list(question, chosen, sentences, passages)
            if answer is None and ITEM_LEAD_INS and (not kind or KIND_LEAD_INS):
                before = list(chosen)
                chosen = _with_lead_ins(chosen, sentences, clause)
                if LEAD_INS_ACROSS_CHUNKS:
                    chosen = self._with_lead_ins_across(chosen, clause)
                if MEANS_LEAD_INS:
                    chosen = _with_all_means(chosen, sentences)
                if WHOLE_SHORT_LISTS:
                    answer = self._whole_short_list(question, before, chosen, passages)
        if answer is None:
            beside = _library_beside(chosen, stated, kind, query)
            chosen = chosen + beside
            # reading order; a defining clause chosen as the answer leads, with its passage; a sentence taken from
            # the chunk before ranks as the one it leads into, so its position in the document decides
            lead = clause.passage.chunk.id if clause is not None and clause in chosen else None
            chosen.sort(key=lambda s: (s.passage.chunk.id != lead, s.passage.rank, s.passage.chunk.start + s.span[0]))
            parts = [(strip_enumerator(s.text), [(s.passage, s.span)], True, s.score) for s in chosen]
            if _ASKS_ARTICLE.search(question):  # "Which article establishes the Fund?": the article, named
                parts = _with_article_headings(parts)
            if CHOSEN_LISTS_SHOWN and _leads_items(chosen):
                # "the strengthening of the cultural industries in developing countries through:" and three of its
                # items, chosen for their words: shown as a list under their lead-in, as a part's are
                answer = replace(self._part_answer(chosen, passages, bool(_ASKS_ARTICLE.search(question))),
                                 question=question)
            else:
                answer = build_answer(question, parts, answerer=self.name, passages=passages)
            if beside:
                answer = replace(answer, notice=" ".join(n for n in (answer.notice, UPLOAD_BESIDE_NOTICE) if n))
        # Two documents giving different numbers or dates for the same thing: say so, cite both.
        answer = with_disagreement(answer)
        return replace(answer, confidence=confidence, signals=signals)

    def _score(self, question: str, query: str, passages: list[Passage], own_words: bool = False,
               last: str = "") -> list[_Sentence]:
        """The candidate sentences, best first. `own_words`: whether adoption is asked is read from the question
        alone (a part's query holds the other parts' words: "With whom is it deposited? When and where was ...
        done, and ..."). `last`: the folded text of the last answer, which a follow-up that points back goes on
        from (`CONTINUES_LAST_ANSWER`)."""
        import math

        import numpy as np

        cands: list[_Sentence] = []
        why = bool(_WHY_Q.search(question)) and WHY_RECITALS
        for p in passages:
            subject = ""  # the subject of the sentence before, which "It shall ..." stands for
            before = ""  # the sentence before, whose thing "Such notice shall ..." takes up
            for s, e in sentence_spans(p.chunk.text):
                text = p.chunk.text[s:e]
                said, subject = subject, _subject(text) if PRONOUN_SUBJECTS else ""
                prior, before = before, text
                if len(text.split()) < (3 if ": " in text else 4) or (p.chunk.section and text.strip() == p.chunk.section.strip()):
                    continue
                field = bool(_FIELD_LINE.match(text))  # a record's "Field: value." says its value, not the question
                if not (is_answer_candidate(text, question) if not field else
                        not (asks_a_question(text) or addresses_reader(text))):  # a question, its echo, an order
                    continue
                # a heading, a title line or a recital fragment; but a preamble's reasons answer "why?"
                if not (readable(text, p.chunk) or (why and _RECITAL.match(text) and len(text.split()) >= 12)):
                    continue
                # a record's field line ("Year inscribed: 2005.") is about its record: read it with the title
                about = f"{p.chunk.title}. {text}" if p.chunk.title and field else text
                if SUCH_READ_WITH_BEFORE and prior and (such := _SUCH.match(text)) and \
                        set(terms(such.group(1))) & set(terms(prior)):
                    # "Such notice shall take effect on 31 December ..." after "Any Member State ... may withdraw
                    # from the Organization by notice addressed to the Director-General.": read as the two
                    about = f"{prior} {text}"
                if said and (pronoun := _SUBJECT_PRONOUN.match(text)):
                    # "It shall meet at least once every year" is read as "The Regional Committee shall meet ..."
                    about = said + text[pronoun.end():]
                    subject = said  # "It shall elect its Chairman. It shall meet ...": the same subject goes on
                if OWN_TITLE_UNSCORED and not field and is_instrument(p.chunk.doc_type):
                    about = _own_title_out(about, p.chunk)
                sentence = _Sentence(p, (s, e), text, about=about)
                if last and prior and len(prior.split()) >= 4 and fold(strip_enumerator(prior)) in last and \
                        fold(strip_enumerator(text)) not in last:
                    sentence.continues = True  # the last answer quoted the sentence before; this one goes on
                cands.append(sentence)
        if not cands:
            return []
        # "the Ramsar Convention": the city names the document, and says nothing of which of its sentences answers
        # (it favoured "Done at Ramsar this 2nd day of February 1971" for "When does it enter into force?")
        qterms = set(terms(query)) - (_naming_cities(query, passages) if NAMING_CITIES else set())
        if ABOUT_NAMED_LOOSELY and _asks_about(question) and self._names_documents(question):
            qterms -= _SCOPE_WORDS  # "What does the Beirut Agreement cover?" asks what it is about, as "about" does
        if fold(query) == fold(question) and not self._named_documents(question):  # asked across the library
            qterms -= _kinds_asked(question)
        # A follow-up's query carries the conversation's words ("How long is a member's term? What is the
        # Commission ..."): they found the passages, but the sentence must answer what is asked now, so the
        # question's own words weigh fully and the context's at CONTEXT_WEIGHT.
        own = set(terms(question)) if fold(query).startswith(fold(question)) else set()
        # the instruments' words for the question's lay ones (`assistant.lay_terms`), no context; "And how can it
        # withdraw?" of a treaty (the best passage's document) asks its denunciation
        legal = legal_terms(question, treaty=is_treaty(passages[0].chunk.doc_type)) \
            if (own and LAY_TERMS_OWN) or ACT_HEADINGS else ""
        if own and LAY_TERMS_OWN:  # "do ppl pay to get in": "free of charge" is what the question asks
            own |= set(terms(legal))
        weight = {t: 1.0 if t in own or not own & qterms else CONTEXT_WEIGHT for t in qterms}
        # the acts the question's lay words ask (joining is accession ...), and each heading's words, read once a passage
        acts = with_families(terms(legal)) if ACT_HEADINGS else set()
        headings: dict[str, set[str]] = {}
        # "entry into force" matches "shall enter into force" (`word_families`)
        sterms = [with_families(terms(c.about)) for c in cands]
        # Distinctive question words count more: "success stories" over "science diplomacy".
        n = len(cands)
        idf = {t: weight[t] * math.log(1 + n / (1 + sum(t in st for st in sterms))) for t in qterms}
        total_idf = sum(idf.values()) or 1.0
        total_weight = sum(weight.values()) or 1.0
        kind = answer_type(question)
        # "What is the Conciliation and Good Offices Commission ...?" asks what the title names: its words count
        # ("What is the minimum term ...?" asks something of it)
        what_is = _WHAT_IS.match(question)
        asks_what_is = next(iter(terms(what_is.group(1))), "") if what_is else ""
        adoption = asks_about_adoption(question) if own_words else _asks_adoption(question, query)
        defined = self._asked_term(question, passages)
        # "the 1962 Protocol", "the Convention of 1970": a document's own year names it; it is not what a sentence
        # should hold ("Adopts this Protocol on the tenth day of December 1962." for "What is the Commission set up
        # by the 1962 Protocol?"). The dating formula has its own bonus when adoption is asked about.
        naming_years = _naming_years(question, passages)
        asked = set(terms(question))  # the question's own words, not its query's earlier turns
        asked_part = asked_sentences(question) if FORMULA_ANY_KIND else question
        asked_terms = qterms & set(terms(asked_part)) if asked_part != question else qterms
        q_numbers = set(_QNUM.findall(question)) - naming_years
        kind_text = _kind_text(question, query, kind)
        for c, st in zip(cands, sterms):
            pterms = with_families(terms(c.passage.chunk.title + " " + c.passage.chunk.text))
            c.coverage = sum(weight[t] for t in qterms & pterms) / total_weight if qterms else 0.0
            # "Who pays the expenses of the Conciliation and Good Offices Commission under the 1962 Protocol?": the
            # words of the document's own title say which document, not which of its sentences (the establishing
            # article holds them all; the one on allowances none)
            own_title = title_terms(c.passage.chunk)
            titled = own_title if TITLE_TERM_WEIGHT < 1.0 and asks_what_is not in own_title else frozenset()
            if TITLE_ALONE_ASKED and titled and not {t for t in qterms if not t.isdigit()} - own_title:
                # "What does the 1980 Recommendation say about the status of the artist?": the title's words are all
                # the question asks with, so they say which sentence as well as which document
                titled = frozenset()
            c.local = sum(idf[t] * (TITLE_TERM_WEIGHT if t in titled else 1.0) for t in qterms & st) / total_idf
            prior = 1.0 / c.passage.rank
            bonus = (0.08 if has_answer_type(c.text, kind, kind_text) else (0.0 if kind in _LOOSE_KINDS else -0.12)) \
                if kind else 0.0
            if adoption and is_formula(c.text):  # "where was it adopted?": the formula that dates and places it
                bonus += FORMULA_BONUS
            elif WHY_NO_FORMULA and why and is_formula(c.text):
                # "Why was the 1970 Convention adopted?" asks the reasons, which a dating formula ("Adopts this
                # Convention on the fourteenth day of November 1970.") never gives, however many words it shares
                bonus -= FORMULA_BONUS
            elif FORMULA_DATES_ADOPTION and kind == "date" and is_formula(c.text):
                # "When does the Convention enter into force?" asks another date than the one the formula gives
                bonus -= FORMULA_BONUS
            elif FORMULA_ONLY_WHEN_ASKED and (not kind or (FORMULA_ANY_KIND and kind not in ("date", "where"))) \
                    and is_formula(c.text) and not ((asked_terms - naming_years) & (st - own_title)):
                # "Adopts this Protocol on the tenth day of December 1962." shares only the document's title and
                # year with "Who pays the expenses of the Commission under the 1962 Protocol?": a dating formula
                # answers a question that asks when or where the document was adopted, or one it shares words with
                # beyond the title and year that name it ("Besides UNESCO's archives, where is a copy deposited?")
                bonus -= FORMULA_BONUS
            if defined and _defines(c, defined):  # "How does it define an artist?": the defining clause
                bonus += DEFINITION_BONUS
            if q_numbers:  # "... in the 1950s?": a sentence that holds the question's years and numbers
                bonus += NUMBER_BONUS * len(q_numbers & set(_QNUM.findall(c.text))) / len(q_numbers)
            if c.continues and (asked & st or _GOES_ON.match(c.text)):
                # it goes on from the last answer, and speaks of what is asked now or of the same thing ("They ...")
                bonus += CONTINUATION_BONUS
            if acts and (section := c.passage.chunk.section):
                if section not in headings:
                    headings[section] = with_families(terms(section))
                if acts & headings[section]:
                    bonus += ACT_HEADING_BONUS  # ... and the article headed by that act says it ("Ratification, ...")
            c.lexical = 0.15 * c.coverage + 0.35 * c.local + 0.1 * prior + bonus
        # Embedding the sentences is most of an answer's time: only the best by words are embedded; the
        # others keep the lowest similarity seen (they stay available as context around a chosen sentence).
        order = sorted(range(n), key=lambda i: (-cands[i].lexical, cands[i].passage.rank, cands[i].span))
        picked = [cands[i] for i in order[:self.embedded_sentences]]
        vectors = self._vectors(picked)
        if own and fold(query) != fold(question):  # a follow-up: close to what is asked now, or to the whole
            q_vec, query_vec = self.embedder.embed([question, query])
            sims = np.maximum(vectors @ q_vec, vectors @ query_vec)
        else:
            sims = vectors @ self.embedder.embed([query])[0]
        floor = float(min(sims))
        for c in cands:
            c.sim = floor
        for c, sim in zip(picked, sims):
            c.sim = float(sim)
        for c in cands:
            c.score = 0.4 * c.sim + c.lexical
        return sorted(cands, key=lambda c: -c.score)

    def _asked_term(self, question: str, passages: Sequence[Passage]) -> str:
        """The term whose definition the question asks for: "How does it define an artist?", or a plain "What is a
        museum?" when one of the passages defines the term (`assistant.definitions.plain_term`; with
        NAMED_PLAIN_DEFINITIONS off, only when the question names no document). Scoring, the decision and the
        signals all ask: the last question's term is kept."""
        key = (question, tuple(p.chunk.id for p in passages))
        kept = self._asked
        if kept is not None and kept[0] == key:
            return kept[1]
        term = defined_term(question)
        if not term and PLAIN_DEFINITIONS:
            term = plain_term(question)
            if term and not NAMED_PLAIN_DEFINITIONS and self._names_documents(question):
                term = ""
            if term and not definition_chunks([p.chunk for p in passages if term in fold(p.chunk.text)], term,
                                              limit=1):
                term = ""
        self._asked = (key, term)
        return term

    def _constitutes(self, document_id: str, question: str) -> bool:
        """Is the document the constitution of the body whose purpose the question asks, and nothing else of
        ("What are the aims of UNESCO?": `DocumentResolver.constituting`)? The body's name is not in its title."""
        if self.store is None or not ABOUT_BODIES:
            return False
        from assistant.documents import DocumentResolver

        return document_id in DocumentResolver.for_store(self.store).constituting(question)

    def _unheld(self, question: str) -> tuple[str, ...]:
        if self.store is None:
            return ()
        from assistant.documents import DocumentResolver

        return DocumentResolver.for_store(self.store).unheld(question)

    def _names_documents(self, question: str) -> bool:
        return bool(self._named_documents(question))

    def _named_documents(self, question: str) -> tuple[str, ...]:
        """The ids of the documents the question names (`DocumentResolver.mentions`)."""
        if self.store is None:
            return ()
        from assistant.documents import DocumentResolver

        return tuple(DocumentResolver.for_store(self.store).mentions(question))

    def _vectors(self, cands: list[_Sentence]):
        """Sentence vectors, cached by text: warm questions over the same passages embed nothing new."""
        return cached_vectors(self._cache, self.embedder, [c.about for c in cands], 50_000)

    def answer_parts(self, question: str, passages: list[Passage], parts: Sequence[Part]) -> Answer | None:
        """One or two sentences for each part of a question with several, each part scored against its own
        passages; the parts no passage answers confidently are named in the answer's notice. None when no part
        is answered (the whole question is then answered, or refused, as one)."""
        answered: list[tuple[Part, Answer]] = []
        missed: list[Part] = []
        weak: list[tuple] = []  # parts missed for a low confidence: their sentences, passages, confidence, signals
        all_parts = " ".join(passage_context(p) for part in parts for p in part.passages)
        selects = SELECTION_NEEDS_WORDS and bool(_SELECTS.search(question)) and len(parts) >= 2
        if missing_names(question, all_parts, _GENERIC_ENTITIES) or missing_numbers(question, all_parts):
            # a name or number of the question that no part's passages hold: answered, or refused, as one question
            # ("..., and for how long are they elected?" has no name of its own to check)
            return None
        for part in parts:
            plist = list(part.passages)
            # "..., and how does the 2015 Recommendation define a museum?": a part is a question of its own, and is
            # answered as one (its definition, its list, its count), when it is confidently answered so
            whole = self.answer(part.question, part.query, plist, []) if PART_AS_QUESTION and plist \
                and defined_term(part.question) and not (part.document and _asks_scope(part.query)) else None
            if whole is not None and not whole.refused:
                answered.append((part, whole))
                continue
            sentences = self._score(part.question, part.query, plist, own_words=PART_OWN_ADOPTION) if plist else []
            kind = answer_type(part.question)
            if SAME_KIND_SAYS_ANEW and kind:
                # "How many States were to sit on the Committee at first, and to how many could it grow?": a part that
                # asks the kind an earlier part asked asks another value of it, which the sentence quoted for that part
                # ("It shall be composed of 15 States Parties ...") does not give
                said = {fold(strip_enumerator(s.text)) for p, a in answered if answer_type(p.question) == kind
                        for s in a.sentences}
                sentences = [x for x in sentences if fold(strip_enumerator(x.text)) not in said]
            if not sentences:
                missed.append(part)
                continue
            type_ok = True
            typed, near = _typed(sentences, kind, part.query) if kind else ([], True)
            if kind in _LOOSE_KINDS and not near:
                kind = ""
            if kind:
                type_ok = near
                if typed:
                    sentences = typed + [x for x in sentences if x not in typed]
                # as for a whole question: "How many ...?" and no passage gives a number is not answered
                if _rules_for_today(part.question, typed) or (not typed and kind in _PRECISE_KINDS):
                    missed.append(part)
                    continue
            if _history_of_rules(part.question, sentences) or _drafting_of_rules(part.question, sentences):
                missed.append(part)
                continue
            signals = self._signals(part.question, part.query, plist, sentences, kind, type_ok,
                                    everywhere=all_parts if part.document else None,
                                    names_context=all_parts if part.document else None, document=part.document)
            confidence = self.calibrator.probability(signals)
            # "What do the 1970 and the 1972 Conventions each protect?": each document's scope or purpose section
            # ("Compare the purposes of ...": each one's article of aims, not its definitions; PURPOSE_SKIPS_DEFINITIONS)
            purpose = PURPOSE_SKIPS_DEFINITIONS and bool(_PURPOSE_Q.search(question)) and \
                not set(terms(part.query)) & _SCOPE_WORDS
            about = self._with_items(part.question, self._about_sentences(
                part.document, plist, definitions=not purpose, purpose=purpose, asked=part.query),
                plist) if part.document and _asks_scope(part.query) else []
            if (confidence < self.settings.refusal_threshold or (selects and not signals.get("coverage"))) and \
                    not about:
                missed.append(part)
                weak.append((part, sentences, plist, confidence, signals))
                continue
            chosen = about or sorted(self._with_context(self._choose(sentences, kind)[:2], sentences, part.query,
                                                        antecedent_only=True, limit=3),
                                     key=lambda x: (x.passage.rank, x.passage.chunk.start + x.span[0]))
            if PART_ITEMS and not about:  # "... computed from the end of the year in which:" says nothing alone
                chosen = self._with_items(part.question, chosen, plist)
            if PARTS_SAY_ONCE:  # what an earlier part quotes is not quoted again, from this part's passage of it
                said = {fold(s.text.removeprefix("• ")) for _, a in answered for s in a.sentences}
                chosen = [x for x in chosen if fold(strip_enumerator(x.text)) not in said]
                if not chosen:  # "When and where was it done?": the dating formula answers both
                    continue
            answered.append((part, replace(self._part_answer(chosen, plist, _ASKS_ARTICLE.search(question)),
                                           question=part.question, confidence=confidence, signals=signals)))
        if not answered:
            return None
        if PARALLEL_RESCUE and weak and not selects:
            rescued = self._parallel_parts(weak, answered, question)
            if rescued:
                missed = [m for m in missed if m not in {part for part, _ in rescued}]
                order = {id(part): n for n, part in enumerate(parts)}
                answered = sorted(answered + rescued, key=lambda pa: order.get(id(pa[0]), len(parts)))
        documents = {part.document for part in parts if part.document}
        labels = [_document_label(part) if DOCUMENT_LABELS and len(documents) >= 2 and part.document else ""
                  for part, _ in answered]
        cited = [list(dict.fromkeys(c.document_id for c in a.citations)) for _, a in answered]
        if CITED_LABELS and not any(labels) and all(len(c) == 1 for c in cited) and len({c[0] for c in cited}) >= 2:
            # parts asked by their own words ("..., compared with the World Heritage Committee?", "Who elects X, and
            # who elects Y?") answered from different documents: each is headed by the one it quotes
            labels = [_document_label(part, c[0]) for (part, _), c in zip(answered, cited)]
        answer = join_answers(question, [a for _, a in answered], answerer=self.name, labels=labels)
        return replace(answer, notice=" ".join(n for n in (answer.notice, _missed_notice(question, missed)) if n))

    def _parallel_parts(self, weak, answered, question: str) -> list[tuple[Part, Answer]]:
        """Of the parts of a comparison missed for a low confidence, those whose document says what an answered part's
        document says in near the same words: "Adopts the present Recommendation on Adult Learning and Education,
        which supersedes the 1976 Recommendation" beside the answered "Adopts the Recommendation concerning
        Technical and Vocational Education and Training, which supersedes the 2001 Revised Recommendation". The
        question asks the same of each document, and the answered part shows the form its answer takes. A candidate
        is one of the part's PARALLEL_CANDIDATES best sentences, of the part's own document, that holds at least
        PARALLEL_MIN of the words of an answered part's first sentence from another document (each document's own
        title words aside: they are what differs)."""
        from core.textutil import terms

        def title_terms(passages) -> set[str]:
            return {t for p in passages for t in terms(f"{p.chunk.title} {p.chunk.short_title}")}

        said = []
        for part, a in answered:
            if a.sentences and a.citations:
                first = next((c for c in a.citations if c.marker in a.sentences[0].markers), a.citations[0])
                titles = title_terms([p for p in part.passages if p.chunk.document_id == first.document_id][:1])
                said.append((set(terms(a.sentences[0].text)) - titles, first.document_id))
        out = []
        for part, sentences, plist, confidence, signals in weak:
            if not part.document:
                continue
            own = [x for x in sentences[:PARALLEL_CANDIDATES] if x.passage.chunk.document_id == part.document]
            others = [words for words, doc in said if doc != part.document and len(words) >= 4]
            if not own or not others:
                continue
            titles = title_terms([own[0].passage])
            # the share of an answered sentence's words (its document's title words aside) this sentence holds
            shares = [max(len((set(terms(x.text)) - titles) & words) / len(words) for words in others) for x in own]
            best = max(range(len(own)), key=lambda n: shares[n])
            if shares[best] < PARALLEL_MIN:
                continue
            chosen = self._with_items(part.question, [own[best]], plist) if PART_ITEMS else [own[best]]
            out.append((part, replace(self._part_answer(chosen, plist, _ASKS_ARTICLE.search(question)),
                                      question=part.question, confidence=confidence, signals=signals)))
        return out

    def _part_answer(self, chosen: list[_Sentence], passages: list[Passage], articles: bool) -> Answer:
        """The chosen sentences of one part; after a lead-in ending in ":", its items, shown as a list."""
        pieces, joiner = [], []
        led_in = False
        # the items after the first lead-in are the list whose sublists keep their enumerators
        first = next((n + 1 for n, x in enumerate(chosen) if x.text.rstrip().endswith(":")), len(chosen))
        sub = [False] * first + (_sublist_items([x.text for x in chosen[first:]]) if SUBLIST_ENUMERATORS else
                                 [False] * (len(chosen) - first))
        kinds: list[str] = []  # the enumerator kind of the first item after each open lead-in
        for x, nested in zip(chosen, sub):
            text = x.text.strip() if nested else strip_enumerator(x.text)
            lead = text.rstrip().endswith(":")  # a lead-in starts a list, after any list before it
            # an item is enumerated ("(a) ...") or goes on in lower case; a sentence of its own ends the list
            enumerated = bool(_LIST_ITEM.match(x.text))
            if ITEM_KINDS_KEPT and led_in and enumerated and not x.text.lstrip()[:1].islower() and kinds and \
                    kinds[-1] and _enumerator_kind(x.text) != kinds[-1] and not nested:
                outer = [j for j, k in enumerate(kinds[:-1]) if k == _enumerator_kind(x.text)]
                if outer:  # "3. ..." after a lettered sublist of "2. ...:": back to the outer list
                    kinds = kinds[:outer[-1] + 1]
                else:  # "1. The Committee shall decide ..." after "(e) all other resources ...": the article's next
                    enumerated = False  # paragraph, not an item of the letter list
            led_in = led_in and (lead or enumerated or x.text.lstrip()[:1].islower())
            if led_in and enumerated and kinds and not kinds[-1]:  # the first enumerated item sets the list's kind
                kinds[-1] = _enumerator_kind(x.text)
            if lead:
                kinds.append("")
            if not led_in and not lead:
                kinds = []
            after_item = bool(pieces) and pieces[-1][0].startswith("• ")  # a sentence after a list: a new line
            joiner.append("\n" if led_in or after_item else " ")
            # a lead-in inside a list that is one of its items ("(g) property of artistic interest, such as:")
            item = led_in and (not lead or bool(_LIST_ITEM.match(x.text)))
            pieces.append(("• " + text if item else text, [(x.passage, x.span)], True, x.score))
            led_in = led_in or lead
        if articles:  # "..., and which Convention and article established it?": the articles, named
            pieces, joiner = _with_article_headings(pieces, joiner)
        return build_answer("", pieces, answerer=self.name, passages=passages, joiner=joiner)

    def _signals(self, question: str, query: str, passages: list[Passage], sentences: list[_Sentence], kind: str,
                 type_ok: bool, everywhere: str | None = None, names_context: str | None = None,
                 document: str = "") -> dict[str, float]:
        """What the calibrated confidence (`assistant.confidence`) reads about the best sentence. An instrument's
        articles never repeat its year or name: names and numbers are looked for in the document's title and
        metadata as well as the text, over every retrieved passage of the best sentence's document (a page's
        second name is often in its next chunk). A part of a question that names several documents passes
        `names_context`, the passages of every part: the other documents' names are then not "missing"."""
        best = sentences[0]
        same_document = [p for p in passages if p.chunk.document_id == best.passage.chunk.document_id]
        context = names_context if names_context is not None else " ".join(passage_context(p) for p in same_document)
        if OTHER_NAMED_HELD and names_context is None and self.store is not None:
            # "..., under the Beirut Agreement, and under the Florence Agreement?" asked as one question: the best
            # sentence's document cannot name the other; a document the question names and the library holds is
            # not a missing name (its own passages may not have been retrieved)
            resolver = DocumentResolver.for_store(self.store)
            named_docs = resolver.mentions(question)
            if len(named_docs) >= 2:
                entries = [e for e in map(resolver.entry, named_docs) if e is not None]
                context = " ".join([context] + [" ".join((e.title, e.short_title, *e.aliases)) for e in entries])
        if everywhere is None:
            everywhere = " ".join(passage_context(p) for p in passages)
        chunk = best.passage.chunk
        term = self._asked_term(question, passages)
        q = fold(question + " " + query)
        names = (chunk.short_title, chunk.title) + ((_without_qualifier(chunk.title),) if TITLE_WITHOUT_QUALIFIER else ()) \
            + ((_ACRONYM_AFTER.sub("", chunk.title),) if TITLE_WITHOUT_ACRONYM else ())
        named = any(n and fold(n) in q for n in names if len(n) > 6) or (
            PART_DOCUMENT_NAMED and bool(document) and chunk.document_id == document) or (
            ABOUT_NAMED_LOOSELY and _asks_about(question) and chunk.document_id in self._named_documents(question))
        # "What does UNESCO say about artificial intelligence?": no word of it in the passage quoted is what the
        # question asks about missing, as a name of it would be (`UNSHARED_MISSING`); "How do the and the differ?", a
        # comparison's part without the documents' names, and "What are the aims of UNESCO?", answered by a purpose
        # section (`_about_answer`), ask nothing of their own
        unshared = int(UNSHARED_MISSING and best.coverage == 0.0 and bool(
            set(terms(query)) - _COMPARE_WORDS - _EACH_WORDS - _ABOUT_WORDS - _SCOPE_WORDS))
        return {
            "sim": best.sim, "coverage": best.coverage, "local": best.local, "prior": 1.0 / max(1, best.passage.rank),
            "margin": best.score - (sentences[1].score if len(sentences) > 1 else 0.0),
            "asks_type": float(bool(kind)), "type_ok": float(type_ok),
            "names_missing": float(len(missing_names(question, context, _GENERIC_ENTITIES)) + unshared),
            "numbers_missing": float(len(missing_numbers(question, everywhere))),
            "negation_unmatched": float(negation_unmatched(question, best.text)),
            "superlative_unmatched": float(superlative_unmatched(question, best.text)),
            "doc_named": float(named),
            "followup": float(fold(query) != fold(question) and fold(query).startswith(fold(question))),
            "formula": float(_asks_adoption(question, query) and is_formula(best.text)),
            "names_off_sentence": float(len(missing_names(question, " ".join(
                (best.about if NAMES_AS_READ else best.text, chunk.title, chunk.short_title, chunk.section,
                 chunk.city if NAMES_AS_READ else "",
                 _article_before(best) if NAMES_IN_ARTICLE else "")), _GENERIC_ENTITIES))),
            # the clause that defines the term asked about leads the answer (`answer`), whatever its score
            "definition": float(bool(term) and any(_defines(x, term) for x in sentences[:DEFINITION_REACH])),
        }

    def _reason(self, question: str, passages: list[Passage], signals: dict[str, float], kind: str) -> str:
        """Why a low-confidence answer is refused, saying only what is true."""
        if signals["numbers_missing"]:
            numbers = missing_numbers(question, " ".join(passage_context(p) for p in passages))
            return _mentions_none(numbers)
        if signals["names_missing"]:
            best_doc = passages[0].chunk.document_id
            context = " ".join(passage_context(p) for p in passages if p.chunk.document_id == best_doc)
            names = missing_names(question, context, _GENERIC_ENTITIES) or \
                missing_names(question, " ".join(passage_context(p) for p in passages), _GENERIC_ENTITIES)
            if names:
                return (f"The passages closest to your question do not mention {quoted(names)}, "
                        "so they may be about something else; I won't guess.")
        if signals["negation_unmatched"]:
            return ("Your question asks what is not the case, and the closest passage states no such exception, "
                    "so quoting it would answer the opposite question.")
        if kind and not signals["type_ok"]:
            return f"I found no passage that gives {_KIND_WORDS.get(kind, 'that')}, so I won't guess."
        if signals.get("superlative_unmatched"):
            return _superlative_reason(question)
        return NO_PASSAGE

    def _choose(self, sentences: list[_Sentence], kind: str, question: str = "",
                lead_ins_follow: bool = False) -> list[_Sentence]:
        """The best sentence and those near it. `lead_ins_follow`: a chosen item will get its lead-in
        (`_with_lead_ins`), so an item is no orphan (`ORPHAN_ITEMS`)."""
        if NAMED_DOCUMENT_CHOICE and question and (named := self._named_documents(question)):
            # "Which countries can join the 1972 world heritage convention?": the Convention's accession article, not
            # a brief's sentence that names the Convention and scores a little better ("Both the World Heritage
            # Convention and the 2003 Intangible Heritage Convention encourage ... multi-country nominations")
            own = [s for s in sentences if s.passage.chunk.document_id in named]
            if own and own[0] is not sentences[0] and own[0].score >= NAMED_SHARE * sentences[0].score:
                sentences = own
        best = sentences[0]
        if kind:  # one sentence, and it must hold the kind of answer asked for
            tie = sentences[1] if KIND_TIES and len(sentences) > 1 else None
            if tie is not None and tie.score >= KIND_TIE * best.score and fold(tie.text) != fold(best.text) and \
                    tie.passage.chunk.document_id == best.passage.chunk.document_id and \
                    has_answer_type(tie.text, kind, question):
                return [best, tie]  # two values the document gives, scored alike: which one is meant is the user's
            return [best]
        chosen = [best]
        # "why", "how", "explain": an answer of a few sentences (the reason and its premise); otherwise up to 3.
        explain = bool(_EXPLAIN_Q.search(question)) if question else False
        limit = min(self.settings.max_answer_sentences, 4 if explain else 3)
        ratio = 0.8
        seen = {fold(best.text)}
        for s in sentences[1:]:
            if len(chosen) >= limit:
                break
            if s.score < ratio * best.score or s.sim < 0.35:
                break
            f = fold(s.text)
            if f in seen or any(_jaccard(f, x) > 0.6 for x in seen):
                continue
            clause = strip_enumerator(s.text)
            if ORPHAN_ITEMS and self.orphan_items and not lead_ins_follow and clause[:1] != s.text[:1] and \
                    clause[:1].islower() and all(c.passage.chunk.id != s.passage.chunk.id for c in chosen):
                continue  # "(e) to give students ... their institutions;": an item's clause from another passage than
                # the chosen sentences says nothing without its lead-in
            if ONE_INSTRUMENT_CHOICE and s.passage.chunk.document_id != best.passage.chunk.document_id and \
                    is_instrument(s.passage.chunk.doc_type) and is_instrument(best.passage.chunk.doc_type):
                continue  # "How is UNESCO's budget approved?": not the Anti-Doping Convention's funding article after
            seen.add(f)
            chosen.append(s)
        return chosen

    def _with_context(self, chosen: list[_Sentence], all_sentences: list[_Sentence], query: str,
                      defines: str = "", antecedent_only: bool = False, limit: int = 4) -> list[_Sentence]:
        """A sentence that only restates the question gets the next one; one that starts with "They"/"It" gets
        the one before, so the answer reads on its own (`antecedent_only`: only that). At most `limit` sentences:
        fewer chosen ones rather than one that does not read on its own."""
        for k in range(len(chosen), 0, -1):
            out = self._contexts(chosen[:k], all_sentences, query, defines, antecedent_only)
            if len(out) <= limit:
                return out
        return chosen[:limit]

    def _contexts(self, chosen: list[_Sentence], all_sentences: list[_Sentence], query: str, defines: str,
                  antecedent_only: bool) -> list[_Sentence]:
        out = list(chosen)
        qterms = set(terms(query))
        by_pos = {(s.passage.chunk.id, s.span): s for s in all_sentences}
        for s in chosen:
            spans = [sp for (cid, sp) in by_pos if cid == s.passage.chunk.id]
            spans.sort()
            i = spans.index(s.span)
            new_terms = set(terms(s.text)) - qterms
            if len(new_terms) <= 1 and i + 1 < len(spans) and not antecedent_only:
                nxt = by_pos[(s.passage.chunk.id, spans[i + 1])]
                if nxt not in out:
                    out.append(nxt)
            if TAKES_UP_ACT and i > 0 and not points_back_in_subject(s.text):
                prev = by_pos[(s.passage.chunk.id, spans[i - 1])]
                if prev not in out and _takes_up_act(s.text, prev.text):
                    out.append(prev)  # "Denunciation shall take effect ..." after "Any Party may denounce ...": the act
            if points_back_in_subject(s.text) and i > 0:
                j = i - 1
                while NAMED_ANTECEDENT and j > 0 and ANAPHOR.match(by_pos[(s.passage.chunk.id, spans[j])].text):
                    j -= 1  # "It shall elect its Chairman." names nothing "It shall meet ..." could stand for
                prev = by_pos[(s.passage.chunk.id, spans[j])]
                if prev not in out:
                    out.append(prev)
            elif ANAPHOR.match(s.text) and ANTECEDENT_ACROSS_CHUNKS:
                # the chunk starts with it: what it points back to ends the chunk before
                prev = self._sentence_before(s)
                if prev is not None and all(fold(prev.text) != fold(x.text) for x in out):
                    out.append(prev)
            if ELABORATIONS and i + 1 < len(spans):
                # "... compensation for rises in rent might be contemplated ..." goes on in "Such compensation should
                # be temporary and determined on the basis of the income of the parties concerned.": the next
                # sentence takes up the chosen one's thing by name
                nxt = by_pos[(s.passage.chunk.id, spans[i + 1])]
                taken_up = _TAKEN_UP.match(nxt.text)
                if taken_up and nxt not in out and set(terms(taken_up.group(1))) & set(terms(s.text)):
                    out.append(nxt)
            if defines and _defines(s, defines) and i + 1 < len(spans):
                # a definition goes on in the next sentence when it points back ("It embraces ...")
                nxt = by_pos[(s.passage.chunk.id, spans[i + 1])]
                if nxt not in out and ANAPHOR.match(nxt.text):
                    out.append(nxt)
        return out

    def _with_lead_ins_across(self, chosen: list[_Sentence], clause: _Sentence | None = None) -> list[_Sentence]:
        """`_with_lead_ins` for an item whose lead-in ends a chunk before its own (`LEAD_INS_ACROSS_CHUNKS`): the
        document's sentences before the item, back across chunk starts, are its list's items up to a sentence ending in
        ":" ("5. As a general rule, a contract ... should:" before "(a) accord an equitable remuneration to the
        translator ...;"), as `_lead_in_of` walks them."""
        out = list(chosen)
        led: set[str] = set()  # chunks whose items have a lead-in in the answer
        for s in sorted(chosen, key=lambda x: (x.passage.chunk.id, x.span)):
            chunk = s.passage.chunk
            if chunk.id in led or not _needs_lead_in(s, clause):
                continue
            if any(c.passage.chunk.id == chunk.id and c.span[1] <= s.span[0] and c.text.rstrip().endswith(":")
                   for c in out):
                led.add(chunk.id)
                continue
            lead = _lead_in_of(s, self._earlier(s))
            if lead is None or lead.passage.chunk.id == chunk.id or any(fold(lead.text) == fold(c.text) for c in out) \
                    or not readable(lead.text, lead.passage.chunk):
                continue  # none, or in the item's own chunk: `_with_lead_ins`
            out.insert(out.index(s), lead)
            led.add(chunk.id)
        return out

    def _earlier(self, s: _Sentence, steps: int = EARLIER_STEPS) -> Iterator[_Sentence]:
        """The sentences before `s`, nearest first: those of its chunk, then the document's before the chunk (each
        cited in a chunk that holds it, ranked as `s`'s passage), at most `steps` of those (1 with SUBLISTS_PASSED
        off: the sentence just before the chunk, `_sentence_before`)."""
        chunk = s.passage.chunk
        spans = [sp for sp in _spans_of(chunk) if sp[1] <= s.span[0]]
        for a, b in reversed(spans):
            yield _Sentence(s.passage, (a, b), chunk.text[a:b], sim=s.sim, score=s.score, about=chunk.text[a:b])
        a, b = spans[0] if spans else s.span
        first = _Sentence(s.passage, (a, b), chunk.text[a:b], sim=s.sim, score=s.score)
        if not SUBLISTS_PASSED:
            if (prev := self._sentence_before(first)) is not None:
                yield prev
            return
        doc, _ = self._outline(chunk.document_id)  # kept until the store changes
        at = chunk.start + a
        for _ in range(steps):
            ending = [(c, sp) for c in doc if c.start < at <= c.start + len(c.text) + 12 for sp in _spans_of(c)
                      if c.start + sp[1] <= at and not c.text[sp[1]:at - c.start].strip()
                      and at - (c.start + sp[1]) <= 12]  # only blank space between it and `at`
            if not ending:
                return
            c, (a, b) = max(ending, key=lambda x: (x[0].start + x[1][1], x[0].start))
            yield _Sentence(Passage(c, 0.0, rank=s.passage.rank), (a, b), c.text[a:b], sim=s.sim, score=s.score * 0.5,
                            about=c.text[a:b])
            at = c.start + a

    def _sentence_before(self, s: _Sentence) -> _Sentence | None:
        """The document's sentence just before `s` when `s` opens its chunk (chunks overlap by a few sentences at
        most, so it ends the chunk before), cited in that chunk, ranked as `s`'s passage."""
        if self.store is None:
            return None
        doc, _ = self._outline(s.passage.chunk.document_id)  # kept until the store changes
        at = s.passage.chunk.start + s.span[0]
        before = [c for c in doc if c.start < at and c.id != s.passage.chunk.id]
        if not before:
            return None
        chunk = max(before, key=lambda c: c.start)
        ends = [(a, b) for a, b in sentence_spans(chunk.text) if chunk.start + b <= at]
        if not ends or at - (chunk.start + ends[-1][1]) > 3:  # not right before it: a gap between the chunks
            return None
        a, b = ends[-1]
        text = chunk.text[a:b]
        if not readable(text, chunk):
            return None
        return _Sentence(Passage(chunk, 0.0, rank=s.passage.rank), (a, b), text, sim=s.sim, score=s.score * 0.5,
                         about=text)

    def _surrounding_chunks(self, p: Passage, passages: list[Passage], reach: int = 3) -> list[Passage]:
        """The anchor's chunk with the chunks just before and after it: a list may run across several."""
        if self.store is None:
            return [p]
        retrieved = {q.chunk.id: q for q in passages}
        doc = self.store.document_chunks(p.chunk.document_id)
        i = next((k for k, c in enumerate(doc) if c.id == p.chunk.id), None)
        if i is None:
            return [p]
        lo, hi = i, i
        while lo > 0 and i - lo < reach and doc[lo - 1].end + 2 >= doc[lo].start:
            lo -= 1
        while hi + 1 < len(doc) and hi - i < reach and doc[hi + 1].start <= doc[hi].end + 2:
            hi += 1
        return [retrieved.get(c.id) or (p if c.id == p.chunk.id else Passage(c, 0.0, rank=len(passages) + k + 1))
                for k, c in enumerate(doc[lo:hi + 1])]

    def _outline_answer(self, question: str, passages: list[Passage]) -> Answer | None:
        """The headings of a retrieved document that name what the question asks for (`assistant.outline`): a
        group heading's children as a list ("Principles": Articles 3 to 17), or a leaf heading's own list
        ("Article 1 – Objectives": "The objectives of this Convention are:" and its items)."""
        from assistant.outline import (LEAF_PARAGRAPHS, LEAF_PARAGRAPHS_MAX, children, matching, section_sentences,
                                       subject_terms)

        if self.store is None:
            return None
        for doc in list(dict.fromkeys(p.chunk.document_id for p in passages))[:OUTLINE_DOCUMENTS]:
            chunks, outline = self._outline(doc)
            i = matching(outline, question)
            if i is None:
                continue
            found = outline[i]
            kids = children(outline, i)
            if kids and not any(subject_terms(k) for k in kids):
                # "B. Rights of the persons concerned" groups "Article 5" to "Article 9", headings that name nothing:
                # each article's first sentence is the item
                firsts = [next(((c, span) for c, span in section_sentences(chunks, outline, outline.index(k))
                                if readable(c.text[span[0]:span[1]], c)), None) for k in kids]
                firsts = [f for f in firsts if f is not None]
                if len(firsts) < 2:
                    return None
                return self._bulleted(question, passages, (found.chunk, found.span),
                                      [(c, span) for c, span in firsts])
            if kids:  # the group heading quoted as it stands, its children as the items
                return self._bulleted(question, passages, (found.chunk, found.span), [(k.chunk, k.span) for k in kids])
            # a leaf: its body's lead-in and the items under it
            body = section_sentences(chunks, outline, i)
            for c, (a, b) in body:
                if c.text[a:b].rstrip().endswith(":"):
                    anchor = _Sentence(_as_passage(c, passages), (a, b), c.text[a:b], score=1.0)
                    built = self._build_list(question, anchor, passages, None)
                    if built and built[3]:
                        return built[0]
            if LEAF_PARAGRAPHS:  # no lead-in: its numbered paragraphs ("B. Functions": "2. The General
                # Conference shall determine the policies ...", "3. ...") are its items, each by its first sentence
                firsts = [(c, (a, b)) for c, (a, b) in body if _DIGIT_PARAGRAPH.match(
                    c.text[c.text.rfind("\n", 0, a) + 1:b]) and not c.text[c.text.rfind("\n", 0, a) + 1:a].strip(
                    " \t0123456789.()")]
                if len(firsts) >= 2:
                    return self._bulleted(question, passages, None, firsts[:LEAF_PARAGRAPHS_MAX])
            return None
        return None

    def _bulleted(self, question: str, passages: list[Passage], head, items) -> Answer:
        """An answer of `items` ((chunk, span) each) as bullets, after the `head` (chunk, span) quoted as it stands
        when one is given; the chunks not among `passages` are added to the answer's passages."""
        cited = {}
        parts = []
        for n, (chunk, (a, b)) in enumerate(([head] if head else []) + list(items)):
            p = cited.setdefault(chunk.id, _as_passage(chunk, passages))
            text = chunk.text[a:b]
            parts.append((text if head and n == 0 else "• " + strip_enumerator(text), [(p, (a, b))], True, 1.0))
        have = {p.chunk.id for p in passages}
        return build_answer(question, parts, answerer=self.name, joiner=[""] + ["\n"] * (len(parts) - 1),
                            passages=list(passages) + [p for cid, p in cited.items() if cid not in have])

    def _section_answer(self, question: str, passages: list[Passage]) -> Answer | None:
        """"What is special protection under the 1954 Hague Convention?": a question that asks what a thing of a
        document it names is, when the thing is the subject of one of its headings (Chapter II, "Special
        protection"), gets the opening of that section: its first article's first paragraph when the heading groups
        articles ("There may be placed under special protection a limited number of refuges ..., provided that
        they:" and its items), else the section's own first sentences. The best-scored sentences said "special
        protection" most often (Article 12, transport under special protection). None when the question asks
        anything more than the heading says, or names no document."""
        from assistant.outline import children, section_sentences, subject_terms

        if not SECTION_ANSWERS or self.store is None or not passages or not _asks_about(question):
            return None
        top = passages[0].chunk
        if top.document_id not in DocumentResolver.for_store(self.store).mentions(question):
            return None
        asked = set(terms(question))
        named = _naming_terms(top)
        chunks, outline = self._outline(top.document_id)
        # what the question asks of the document, beyond its name ("What is the 2005 Convention on the Diversity of
        # Cultural Expressions about?" asks nothing of a heading "Cultural diversity")
        rest = asked - named - _ABOUT_WORDS - _SECTION_ASKING
        best, best_n = None, 0
        for i, h in enumerate(outline):
            words = subject_terms(h)
            # every word of the heading is asked, and the question asks nothing else of the document
            # (what the document is for is its purpose or scope section: `_about_answer`, not a section "Purposes")
            if rest and rest <= words <= asked and words - _ABOUT_WORDS and len(words) > best_n:
                best, best_n = i, len(words)
        if best is None:
            return None
        kids = children(outline, best)
        # its own text, or when it has none before the first heading it groups, that heading's
        body = section_sentences(chunks, outline, best)
        if kids and not any(readable(c.text[a:b], c) for c, (a, b) in body):
            body = section_sentences(chunks, outline, outline.index(kids[0]))
        picked = [_Sentence(_as_passage(c, passages), span, c.text[span[0]:span[1]], score=1.0) for c, span in body
                  if readable(c.text[span[0]:span[1]], c)][:ABOUT_SENTENCES]
        if not picked:
            return None
        lead = next((n for n, x in enumerate(picked) if x.text.rstrip().endswith(":")), None)
        if lead is not None:  # a lead-in: its items are the answer, after the sentences before it
            built = self._build_list(question, picked[lead], passages, None, picked[:lead])
            if built:
                return built[0]
            picked = picked[:lead]  # a lead-in says nothing without its items
            if not picked:
                return None
        parts = [(strip_enumerator(x.text), [(x.passage, x.span)], True, 1.0) for x in picked]
        have = {p.chunk.id for p in passages}
        return build_answer(question, parts, answerer=self.name,
                            passages=list(passages) + [x.passage for x in picked if x.passage.chunk.id not in have])

    def _preamble_reasons(self, question: str, passages: list[Passage]) -> list[_Sentence]:
        """"Why was the 1970 Convention adopted?": the recitals of the named document's preamble (before its first
        heading) that give its reasons (not "Having decided ...", "Recalling ..."): the best-scored one and the first,
        in reading order. [] when the question is no why question, names no document,
        or asks something of its own ("Why does the Hague Convention consider damage to any people's cultural
        property a loss for everyone?")."""
        if not WHY_PREAMBLE or self.store is None or not passages or not _WHY_Q.search(question):
            return []
        top = passages[0].chunk
        named = _naming_terms(top)
        asked = set(terms(question))
        own = {w for w in asked - named - _WHY_MADE_WORDS if not any(similar_spelling(w, n) for n in named)}
        if not named & asked or own:
            return []
        chunks, outline = self._outline(top.document_id)
        if PREAMBLE_HEADED and outline and _PREAMBLE_HEADING.match(outline[0].text):
            outline = outline[1:]  # a preamble headed "Preamble" ends at the heading after it
        end = outline[0].offset if outline else None
        preamble = [_as_passage(c, passages) for c in chunks if end is None or c.start < end]
        recitals, seen = [], set()
        for x in self._score(question, question, preamble) if preamble else []:  # best first; why: recitals count
            at = x.passage.chunk.start + x.span[0]
            if (end is not None and at >= end) or fold(x.text) in seen or not _RECITAL.match(x.text) or \
                    _PROCEDURAL_RECITAL.match(x.text) or x.text.rstrip().endswith(":"):
                continue
            seen.add(fold(x.text))
            recitals.append(x)
        if not recitals:
            return []
        first = min(recitals, key=lambda x: x.passage.chunk.start + x.span[0])
        chosen = [recitals[0]] + ([first] if first is not recitals[0] else [])
        return sorted(chosen[:WHY_PREAMBLE_RECITALS], key=lambda x: x.passage.chunk.start + x.span[0])

    def _about_answer(self, question: str, passages: list[Passage], compared: bool = False) -> Answer | None:
        """"What is the Ramsar Convention about?": a question that asks nothing of a document but what it is gets
        the section that says what it is for (a heading "Purposes", "Objectives", "Aims" or "Scope"), else its first
        article, in up to ABOUT_SENTENCES sentences; not whichever article shares the most words with its name.
        `compared`: the question compares the document with one the library lacks ("Compare the 1972 Convention
        and the 2003 Convention"), and asks that of the one it holds."""
        compares = compared and bool(set(terms(question)) & _COMPARE_WORDS)
        if self.store is None or not passages or not (_asks_about(question) or compares):
            return None
        top = passages[0].chunk
        named = _naming_terms(top)
        # the question names no document, or asks something of its own (a misspelt word of the name is the name:
        # "wat does the world heritage convension protect")
        own = {w for w in set(terms(question)) - named - _ABOUT_WORDS - _SCOPE_WORDS - (_COMPARE_WORDS if compares
                                                                                          else frozenset())
               if not any(similar_spelling(w, n) for n in named)}
        if TOPIC_OUTSIDE_NAME and not own:
            own = self._words_outside_name(question, top.document_id) - _ABOUT_WORDS - _SCOPE_WORDS - (
                _COMPARE_WORDS if compares else frozenset())
        if (not named & set(terms(question)) or own) and not self._constitutes(top.document_id, question):
            return None
        if DEFINED_NOT_ABOUT and self._asked_term(question, passages) and not self._names_documents(question):
            return None  # "What is underwater cultural heritage?": the term its Convention defines, not the Convention
        # "What does X protect / cover?": its scope section, and when that defines, the defining sections after it
        # (the 1972 Convention's Article 2, "natural heritage", after Article 1, "cultural heritage")
        scope = bool(set(terms(question)) & _SCOPE_WORDS - {"wat"})
        picked = self._about_sentences(top.document_id, passages, definitions=scope,
                                       purpose=PURPOSE_SKIPS_DEFINITIONS and not scope and bool(_PURPOSE_Q.search(question)),
                                       asked=question)
        if not picked:
            return None
        leads = [n for n, x in enumerate(picked) if x.text.rstrip().endswith(":")]
        if leads:  # a lead-in: its items are the answer (each lead-in's, for the defining sections)
            lists = [self._build_list(question, picked[n], passages, None, picked[:n] if k == 0 else ())
                     for k, n in enumerate(leads if scope else leads[:1])]
            lists = [b for b in lists if b]
            if len(lists) == 1:
                return lists[0][0]
            if lists:
                parts = [p for b in lists for p in b[4][0]]
                joiner = [j if i or k == 0 else "\n" for k, b in enumerate(lists) for i, j in enumerate(b[4][1])]
                have = {p.chunk.id for p in passages}
                extra = [x.passage for x in picked if x.passage.chunk.id not in have]
                return build_answer(question, parts, answerer=self.name, passages=list(passages) + extra,
                                    joiner=joiner)
        parts = [(strip_enumerator(x.text), [(x.passage, x.span)], True, 1.0) for x in picked]
        have = {p.chunk.id for p in passages}
        return build_answer(question, parts, answerer=self.name,
                            passages=list(passages) + [x.passage for x in picked if x.passage.chunk.id not in have])

    def _words_outside_name(self, question: str, doc: str) -> set[str]:
        """The question's terms after an "about" that follows a span naming `doc` ("natural heritage" in "What does
        the 1972 Convention say about natural heritage?"); none when no such span comes before it ("What is the 1972
        Convention about?", "Tell me about the World Heritage Convention", a loose or misspelt name)."""
        from assistant.documents import DocumentResolver

        about = list(re.finditer(r"\babout\b", question, re.IGNORECASE))
        if not about:
            return set()
        spans = [(a, b) for a, b, d in DocumentResolver.for_store(self.store).name_spans(question) if d == doc]
        after = about[-1].end()
        if not any(b <= about[-1].start() for _, b in spans) or any(b > after for _, b in spans):
            return set()
        return set(terms(question[after:]))

    def _about_sentences(self, doc: str, passages: list[Passage], definitions: bool = False,
                         purpose: bool = False, asked: str = "") -> list[_Sentence]:
        """The first ABOUT_SENTENCES readable sentences of the document's purpose or scope section, else of its
        first article (see `_about_answer`). `definitions`: when that section defines ("For the purposes of this
        Convention, ... 'cultural heritage':"), the articles after it that define too are added the same way (the
        World Heritage Convention's Article 2, "natural heritage"), up to ABOUT_DEFINITIONS sections."""
        from assistant.outline import section_sentences

        chunks, outline = self._outline(doc)
        headed = [i for i, h in enumerate(outline) if _PURPOSE_HEADING.search(h.text)]
        articles = [i for i, h in enumerate(outline) if h.style == "article"]

        def sentences(i: int) -> list[_Sentence]:
            return [_Sentence(_as_passage(c, passages), (a, b), c.text[a:b], score=1.0)
                    for c, (a, b) in section_sentences(chunks, outline, i) if readable(c.text[a:b], c)]

        if purpose and not any(sentences(i) for i in headed):
            # "What is the purpose of the 1970 Convention?" and no section says: of its first PURPOSE_REACH articles,
            # the first that defines nothing and states an aim ("The States Parties ... recognize that the illicit
            # import ..."), else the first that defines nothing, else the first
            first = {i: sentences(i)[:1] for i in articles[:PURPOSE_REACH]}
            plain = [i for i, x in first.items() if x and not _PURPOSE_CLAUSE.match(x[0].text)]
            articles = [i for i in plain if _AIM.search(first[i][0].text)][:1] + plain[:1] + articles
        starts = headed + articles
        for i in starts:  # the first such section with sentences of its own (not a group heading)
            picked = sentences(i)[:ABOUT_SENTENCES]
            if not picked:
                continue
            if definitions and _PURPOSE_CLAUSE.match(picked[0].text):
                following = [j for j in range(i + 1, len(outline)) if outline[j].style == outline[i].style]
                for j in following[:ABOUT_DEFINITIONS - 1]:
                    more = sentences(j)[:ABOUT_SENTENCES]
                    if not more or not _PURPOSE_CLAUSE.match(more[0].text):
                        break
                    picked += more
                if SCOPE_VERB_FIRST and (verb := _scope_verb(asked)):
                    # "Who does the Phonograms Convention protect?": Article 1 defines "phonogram", Article 2 says
                    # "Each Contracting State shall protect producers of phonograms who are nationals of ...": the
                    # early article that uses the question's own verb comes first
                    said = next((x for j in articles[:PURPOSE_REACH] for x in sentences(j) if verb.search(x.text)
                                 and not _PURPOSE_CLAUSE.match(x.text)), None)
                    if said is not None and said not in picked:
                        picked = [said] + picked
            return picked
        return []

    def _with_items(self, question: str, picked: list[_Sentence], passages: list[Passage]) -> list[_Sentence]:
        """`picked` with every lead-in ("... the following shall be considered as `cultural heritage':") followed by
        all of its items, not only the first one that came with it: one item alone reads as the whole list."""
        out: list[_Sentence] = []
        for x in picked:
            if any(x.passage.chunk.id == y.passage.chunk.id and x.span == y.span for y in out):
                continue
            out.append(x)
            if not x.text.rstrip().endswith(":"):
                continue
            built = self._build_list(question, x, passages, None)
            if not built:
                continue
            for text, [(p, span)], _, _ in built[4][0]:
                if text.startswith("• ") and not any(p.chunk.id == y.passage.chunk.id and span == y.span for y in out):
                    out.append(_Sentence(p, span, p.chunk.text[span[0]:span[1]], score=x.score))
        return out

    def _outline(self, doc: str):
        """A document's chunks and headings (`assistant.outline`), kept until the store changes (at most
        OUTLINE_CACHE documents)."""
        from assistant.outline import headings

        count = self.store.cached_count() if hasattr(self.store, "cached_count") else -1
        with self._outline_lock:
            kept = self._outlines.get(doc)
        if kept is None or kept[0] != count:
            chunks = self.store.document_chunks(doc)
            kept = (count, chunks, headings(chunks))
            with self._outline_lock:
                if len(self._outlines) >= OUTLINE_CACHE:
                    self._outlines.pop(next(iter(self._outlines)))
                self._outlines[doc] = kept
        return kept[1], kept[2]

    def _whole_short_list(self, question: str, before: list[_Sentence], chosen: list[_Sentence],
                          passages: list[Passage]) -> Answer | None:
        """The best sentence is an item of a short list, quoted with its lead-in ("Each Contracting State shall grant
        national treatment to performers if any of the following conditions is met:" and "(b) the performance is
        incorporated in a phonogram ..."): the list is answered whole, its lead-in and all its items, when it has
        SHORT_LIST items or fewer and quotes every chosen sentence (`WHOLE_SHORT_LISTS`); one of three conditions
        read alone as if it were the only one. None otherwise."""
        best = before[0] if before else None
        for lead in [x for x in chosen if x not in before and x.text.rstrip().endswith(":")]:
            if not (_CONDITIONS_LEAD_IN.search(lead.text) or _SETS_CONDITIONS.search(lead.text)):
                continue
            if best is None or best.passage.chunk.document_id != lead.passage.chunk.document_id:
                continue
            built = self._build_list(question, lead, passages, None)
            if built and built[3] and built[1] <= SHORT_LIST and all(_quoted_in(built, x) for x in before):
                return built[0]  # nothing chosen is lost: every chosen sentence is the list's
        return None

    def _chosen_list(self, question: str, chosen: list[_Sentence], sentences: list[_Sentence],
                     passages: list[Passage]) -> Answer | None:
        """The answer is a list when what was chosen says so, whatever the question's words: a chosen lead-in
        ("Such cooperation should entail at least:") brings its items, and LIST_EVIDENCE or more items of one
        list among the best-scored sentences (within LIST_EVIDENCE_RATIO of the best) are answered as that list,
        after the best sentence when it introduces the list from the same passage."""
        best = chosen[0]
        ordered = sorted(chosen, key=lambda x: (x.passage.rank, x.span[0]))
        lead = next((x for x in ordered if x.text.rstrip().endswith(":")), None)
        if lead is not None:
            preface = [x for x in ordered if x.passage is lead.passage and x.span[0] < lead.span[0]]
            built = self._build_list(question, lead, passages, None, preface)
            if built and _quotes(built, best):
                return built[0]
        if _ONE_Q.search(question):  # "What was one of its first success stories?"
            return None
        top = sentences[0].score
        groups: dict[tuple[str, int], list[_Sentence]] = {}
        for x in sentences[:LIST_EVIDENCE_WINDOW]:
            if x.score < LIST_EVIDENCE_RATIO * top:
                break
            if _in_list(x):  # items under a lead-in: numbered paragraphs are not a list
                built = self._build_list(question, x, passages, None)
                if built and built[3]:
                    groups.setdefault(built[2], []).append(x)
        for key, items in groups.items():
            if len(items) < LIST_EVIDENCE:
                continue
            if best in items:
                preface = []
            elif best.passage.chunk.id == key[0] and best.span[0] < key[1]:
                preface = [best]
            else:
                continue
            built = self._build_list(question, items[0], passages, None, preface)
            if built and _quotes(built, best):
                return built[0]
        return None

    def _list_answer(self, question: str, sentences: list[_Sentence], passages: list[Passage]) -> Answer | None:
        """When the question asks for several things and the sources hold a list, answer with the list.

        Candidate lists are those whose intro ("...advantages:") or items are among the well-scored sentences;
        when the question says how many ("the four ..."), a list of that length wins."""
        top = sentences[0].score
        wanted = next((n for w, n in _NUMBER_WORDS.items() if re.search(rf"\b{w}\b", question.lower())), None)
        anchors = [s for s in sentences[:20] if s.score >= LIST_ANCHOR_SHARE * top and (s.text.rstrip().endswith(":")
                                                                                     or _in_list(s))]
        fallback = None
        tried: set[tuple[str, int]] = set()
        noun = _asked_plural(question) if LIST_HOLDS_NOUN else ""
        # the best sentence names what is asked ("... the special needs of the handicapped and other disadvantaged
        # groups"): a list that never names it is another list of the document
        named = bool(noun) and noun in with_families(terms(sentences[0].about))
        for anchor in anchors:
            built = self._build_list(question, anchor, passages, wanted)
            if built is None:
                continue
            answer, n_items, first_key = built[:3]
            if first_key in tried:
                continue
            tried.add(first_key)
            if named and anchor is not sentences[0] and noun not in with_families(terms(answer.text)):
                continue
            if wanted is None or n_items == wanted:
                return answer
            fallback = fallback or answer
        return fallback if wanted is None else None

    def _build_list(self, question: str, anchor: _Sentence, passages: list[Passage], wanted: int | None,
                    preface: Sequence[_Sentence] = ()):
        p = anchor.passage
        blocks: list[tuple[Passage, int, int, str]] = []
        for q in self._surrounding_chunks(p, passages):
            start = 0
            for line in q.chunk.text.split("\n"):
                if line.strip():
                    blocks.append((q, start, start + len(line), line))
                start += len(line) + 1
        idx = next((i for i, (q, s, e, _) in enumerate(blocks)
                    if q.chunk.id == p.chunk.id and s <= anchor.span[0] < e + 1), None)
        if idx is None:
            return None
        intro = None
        if anchor.text.rstrip().endswith(":") or (LINE_LEAD_INS and blocks[idx][3].rstrip().endswith(":")):
            intro, first = idx, idx + 1
        else:
            first = idx
            kind = _enumerator_kind(anchor.text)
            while first > 0 and _LIST_ITEM.match(blocks[first - 1][3]):
                first -= 1
                if blocks[first][3].rstrip().endswith(":") and _enumerator_kind(blocks[first][3]) != kind:
                    first += 1  # "3. The resources of the Fund shall consist of:" leads in the "(a)" items
                    break
            if first > 0 and blocks[first - 1][3].rstrip().endswith(":"):
                intro = first - 1
        if intro is None and DECIMAL_PARAGRAPHS and _DECIMAL.match(blocks[first][3]):
            return None  # "3.5 Where restrictions ...": a numbered paragraph of the document, not a list's item
        items: list[tuple[Passage, int, int, str]] = []
        seen_text: set[str] = set()
        if OVERLAPPING_LEAD_IN and intro is not None:
            # chunks overlap: the next chunk may open with the lead-in again ("34. In particular, the individual duties
            # ... are:"), which read as the list's first item ended the list at "(a)"
            seen_text.add(fold(blocks[intro][3])[:80])
        nested = False  # inside a list that an item (or a lead-in after it) opens
        for b in blocks[first:]:
            if items and HEADINGS_END_LISTS and _heading_line(b[3]):
                break  # "3. ACCESS TO DOCUMENTARY HERITAGE": the next section
            if SUB_LISTS and items and _next_enumerator(items[-1][3]):
                if not _LIST_ITEM.match(b[3]) and b[3].rstrip().endswith(":") and not nested:
                    nested = True  # "A distinction should be made between:" after "(b) ..."
                    continue
                if nested and _LIST_ITEM.match(b[3]):
                    if _enumerator_of(b[3]).lower() != _next_enumerator(items[-1][3]).lower():
                        continue  # "(i)", "(ii)": the sub-list's items
                    nested = False  # "(c)": the outer list goes on
            # an item is enumerated ("(a)", "1.", "•"), or under a lead-in a labelled line ("monuments: ...") or a
            # line that goes on with the lead-in's sentence ("natural features consisting of ...;")
            if not (_LIST_ITEM.match(b[3]) or (intro is not None and (
                    _LABEL_ITEM.match(b[3]) or _CONTINUED_ITEM.match(b[3])))):
                if items and NESTED_ITEMS and items[-1][3].rstrip().endswith(":") and \
                        b[3].rstrip().endswith((";", ".", ":")) and len(b[3].split()) > 5:
                    # "(b) Give fresh impulse to popular education ...:" leads in unmarked lines of its own
                    # ("By collaborating with Members ...;"): they are skipped, and the list goes on at "(c)"
                    continue
                if items:
                    break
                continue
            if items and _enumerator_kind(b[3]) != _enumerator_kind(items[0][3]):
                break  # "(h) ..." then "4. “Athlete” means ...": the list of letters is over
            if items and ENUMERATOR_STYLES and _enumerator_style(b[3]) != _enumerator_style(items[0][3]):
                break  # "(d) Financial tools ..." then the heading "V.  Capacity-building, research ...": over
            key = fold(b[3])[:80]
            if key in seen_text:
                continue  # overlap between neighbouring chunks
            seen_text.add(key)
            items.append(b)
        if len(items) < 2:
            return None
        if LIST_HOLDS_ANCHOR and intro != idx and fold(blocks[idx][3])[:80] not in seen_text:  # (chunks overlap)
            # The list was reached by walking back past where the anchor's own list begins (a heading "I. DEFINITION
            # AND SCOPE" reads as an item): the preamble's "1. Adopts ... 2. Recommends ..." is no answer to "What
            # kinds of learning opportunities does adult learning and education include?", whose best sentence
            # is paragraph 3 of the body.
            return None
        if wanted and len(items) > wanted and intro is not None:
            items = items[:wanted]
        parts, joiner = [], []
        for before in preface:  # sentences that introduce the list ("States should cooperate ...") come first
            parts.append((strip_enumerator(before.text), [(before.passage, before.span)], True, before.score))
            joiner.append(" " if parts[:-1] else "")
        if intro is not None:
            q, s, e, line = blocks[intro]
            # the lead-in is the line's last sentence ("1. States should cooperate ... Such cooperation should
            # entail at least:")
            spans = sentence_spans(line) or [(0, len(line))]
            a, b = spans[-1] if len(line[spans[-1][0]:spans[-1][1]].split()) >= 3 else (spans[0][0], spans[-1][1])
            if not any(x.passage.chunk.id == q.chunk.id and x.span[0] < s + b and s + a < x.span[1] for x in preface):
                parts.append((strip_enumerator(line[a:b]), [(q, (s + a, s + b))], True, anchor.score))
                joiner.append(" " if parts[:-1] else "")
        sub = _sublist_items([line for _, _, _, line in items]) if SUBLIST_ENUMERATORS else [False] * len(items)
        for (q, s, e, line), nested in zip(items, sub):
            sent = _first_sentence_span(line, min_words=6)
            text = line[: sent[1]].strip() if nested else strip_enumerator(line[: sent[1]])
            parts.append(("• " + text, [(q, (s, s + sent[1]))], True, anchor.score))
            joiner.append("\n")
        answer = build_answer(question, parts, answerer=self.name, passages=passages, joiner=joiner)
        return answer, len(items), (items[0][0].chunk.id, items[0][1]), intro is not None, (parts, joiner)


UPLOAD_BESIDE_NOTICE = ("The answer quotes an uploaded document; the UNESCO library's closest passage is quoted "
                        "beside it. Check the sources' origins before relying on either.")


# "The terms of four of the members ... shall, however, expire at the end of two years": an exception to what the
# sentence before says.
_CONTRAST = re.compile(r"^\s*(?:\(?[a-z0-9]{1,3}[.)]\s*)?(?:However|Nevertheless|Nonetheless|Notwithstanding)\b|"
                       r",\s*however,", re.IGNORECASE)


def _leads_items(chosen: Sequence[_Sentence]) -> bool:
    """Is a chosen sentence (not the last) of the first one's document a lead-in ending in ":" whose next chosen
    sentence is one of its items (enumerated in its source, or going on in lower case)? A list of another document
    quoted beside the answer ("Which laboratory did UNESCO help create?": CERN, then a Recommendation's "... the
    following functions: using or creating laboratories ...") is no list the answer is."""
    first = chosen[0].passage.chunk.document_id if chosen else ""
    return any(x.text.rstrip().endswith(":") and x.passage.chunk.document_id == first and
               (bool(_LIST_ITEM.match(y.text)) or y.text.lstrip()[:1].islower())
               for x, y in zip(chosen, chosen[1:]))


def _with_all_means(chosen: list[_Sentence], candidates: list[_Sentence]) -> list[_Sentence]:
    """A chosen lead-in that ends in "by:" ("... may become a party to this Convention by:") with some of its items
    chosen gets the others, when they are SHORT_LIST or fewer (`MEANS_LEAD_INS`): each is a way to do the thing, and
    the ones left out would read as not being ways."""
    out = list(chosen)
    for lead in [x for x in chosen if _SETS_MEANS.search(x.text)]:
        chunk = lead.passage.chunk
        known = {c.span: c for c in candidates if c.passage.chunk.id == chunk.id}
        items = []  # the sentences after the lead-in while they are items, candidates or not ("(c) accession." is
        for span in (sp for sp in _spans_of(chunk) if sp[0] >= lead.span[1]):  # too short to be one)
            text = chunk.text[span[0]:span[1]]
            if not _LIST_ITEM.match(text):
                break
            items.append(known.get(span) or _Sentence(lead.passage, span, text, about=text))
        if not items or len(items) > SHORT_LIST or not any(i in out for i in items):
            continue
        at = out.index(lead) + 1
        for item in items:
            if item in out:
                at = out.index(item) + 1
            else:
                out.insert(at, item)
                at += 1
    return out


def _with_lead_ins(chosen: list[_Sentence], candidates: list[_Sentence],
                   clause: _Sentence | None = None) -> list[_Sentence]:
    """Each chosen item of a list that does not read alone (it opens in lower case or ends the clause in ";" or ",":
    "(a) to promote the objectives of this Convention and to encourage and monitor the implementation thereof;") comes
    after its lead-in ("... the functions of the Intergovernmental Committee shall be:"), the sentence that says whose
    item it is, when that is not chosen: the nearest earlier sentence of its passage that ends in ":", with only
    items of its kind between them. A defining `clause` reads alone ("A pamphlet is a non-periodical printed
    publication ...;" needs no "The following definitions are without prejudice to ...:")."""
    out = list(chosen)
    work = list(chosen)
    while work:
        s = work.pop(0)
        if not _needs_lead_in(s, clause):
            continue
        before = sorted((c for c in candidates if c.passage.chunk.id == s.passage.chunk.id and c.span[1] <= s.span[0]),
                        key=lambda c: c.span[0], reverse=True)
        lead = _lead_in_of(s, before)
        if lead is not None and lead not in out:
            out.insert(out.index(s), lead)
            if LEAD_INS_OF_LEAD_INS:  # "(a) the strengthening ... through:" is an item too: its own lead-in
                work.append(lead)
    return out


@lru_cache(maxsize=2048)
def _spans_of(chunk) -> tuple[tuple[int, int], ...]:
    """A chunk's sentence spans, kept: `_earlier` reads the same chunks' spans for every item it walks back from."""
    return tuple(sentence_spans(chunk.text))


def _lead_in_of(item: _Sentence, earlier) -> _Sentence | None:
    """The lead-in of a list's `item`, walking back through `earlier` (the sentences before it, nearest first): the
    first that ends in ":" with only items of the item's kind between them. With SUBLISTS_PASSED, the item's list is
    followed by its enumerators ("(e)", "(d)", "(c)" ...), and what lies between two of them is a sublist, passed
    over with the item that leads it in ("(b) contributions ... made by:" and its "(i)"-"(iii)"). None when a sentence
    that is no item comes first, or the ":" sentence is an item of the same list (`_sibling_item`)."""
    kind = _enumerator_kind(item.text)
    after = item  # the sentence just after `c` in reading order
    expected = {(style, n - 1) for style, n in _ordinals(item.text)}  # the item's list's enumerator before it
    sublist = False  # items of another list passed since the last item of the item's own
    for c in earlier:
        ours = SUBLISTS_PASSED and bool(expected & _ordinals(c.text)) and _in_list(c)
        if ours:
            expected = {(style, n - 1) for style, n in expected & _ordinals(c.text)}
        if c.text.rstrip().endswith(":"):
            if ours and sublist:
                sublist, after = False, c  # "(b) ... may be made by:" led in the "(i)" items passed: a sibling
                continue
            return None if sublist or _sibling_item(c, kind, after.text) else c
        if SUBLISTS_PASSED and _in_list(c) and not ours and expected and not any(n == 0 for _, n in expected):
            sublist = True
            continue
        if not _in_list(c) or _enumerator_kind(c.text) != kind:
            return None
        sublist, after = False, c
    return None


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11,
          "xii": 12, "xiii": 13, "xiv": 14, "xv": 15}


def _sublist_items(lines: Sequence[str]) -> list[bool]:
    """Which of a list's item lines are items of a sublist (`SUBLIST_ENUMERATORS`): those after an item that ends in
    ":" whose enumerators do not go on with the list's own ("(i)", "(ii)" after "(b) ... made by:", until "(c)")."""
    out: list[bool] = []
    expected: set[tuple[str, int]] = set()
    for line in lines:
        marks = _ordinals(line)
        nested = bool(out) and bool(marks) and not marks & expected and (
            out[-1] or lines[len(out) - 1].rstrip().endswith(":"))
        if not nested:
            expected = {(style, n + 1) for style, n in (marks & expected or marks)}
        out.append(nested)
    return out


def _ordinals(line: str) -> set[tuple[str, int]]:
    """The places in a sequence that an item's enumerator may mark, with how it is written: "(c)" -> {("(a)", 3)},
    "(iii)" -> {("(a)roman", 3)}, "(i)" -> {("(a)", 9), ("(a)roman", 1)} (the ninth letter or the first roman numeral),
    "4." -> {("1.", 4)}; set() for no enumerator."""
    m = re.match(r"\s*(\()?([A-Za-z]{1,5}|\d{1,3})([.)])", line)
    if not m:
        return set()
    opened, label, close = m.group(1) or "", m.group(2), m.group(3)
    style = f"{opened}{'A' if label.isupper() else 'a' if label.isalpha() else '1'}{close}"
    if label.isdigit():
        return {(style, int(label))}
    found = set()
    if len(label) == 1:
        found.add((style, ord(label.lower()) - 96))
    if label.lower() in _ROMAN:
        found.add((style + "roman", _ROMAN[label.lower()]))
    return found


def _needs_lead_in(s: _Sentence, clause: _Sentence | None = None) -> bool:
    """Is `s` an item of a list that does not read alone: it opens in lower case or ends its clause in ";" or ","
    (`_with_lead_ins`)? A defining `clause` reads alone, and so does a numbered paragraph ("3.5 Where ...") or a
    sentence such as "Legitimacy; UNESCO's universal mandate ... science diplomacy."."""
    if s is clause or not _in_list(s) or _DECIMAL.match(s.text):
        return False
    text = strip_enumerator(s.text).strip()
    return bool(text[:1].islower() or _ITEM_END.search(text))


def _sibling_item(lead: _Sentence, kind: str, after: str) -> bool:
    """Is `lead`, a sentence ending in ":", an item of the list of `kind` rather than the lead-in of the items that
    follow it? "5. ..." after "4. ... as follows:" and its "(a)" items is the next paragraph, not an item of it; but
    `after`, the line just after it, opening a sequence ("(i)" after "(c) ... provided however:") starts the sublist
    it leads in (`NESTED_LEAD_INS`)."""
    return _in_list(lead) and _enumerator_kind(lead.text) == kind and not (NESTED_LEAD_INS and _opens_sequence(after))


def _with_section_run(chosen: list[_Sentence], candidates: list[_Sentence], question: str,
                      limit: int = 6) -> list[_Sentence]:
    """Two or more chosen numbered paragraphs of one section whose heading holds a word of the question ("Article 5 -
    Protection of the environment" for "... to protect the environment?") bring the section's other numbered
    paragraphs, in reading order, up to `limit` sentences in all (`SECTION_RUNS`): the article is the answer."""
    asked = set(terms(question)) - _SECTION_GENERIC
    out = list(chosen)
    by_chunk: dict[str, list[_Sentence]] = {}
    for s in chosen:
        if _DIGIT_PARAGRAPH.match(s.text):
            by_chunk.setdefault(s.passage.chunk.id, []).append(s)
    for chunk_id, run in by_chunk.items():
        section = run[0].passage.chunk.section or ""
        heading = set(terms(section))
        if len(run) < 2 or not (asked & heading or (SECTION_STEMS and {
                w[:SECTION_STEM] for w in asked if len(w) >= SECTION_STEM} & {
                h[:SECTION_STEM] for h in heading if len(h) >= SECTION_STEM})):
            continue
        more = sorted((c for c in candidates if c.passage.chunk.id == chunk_id and c not in out
                       and _DIGIT_PARAGRAPH.match(c.text)), key=lambda c: c.span)
        out += more[:max(0, limit - len(out))]
    return out


_SECTION_GENERIC = frozenset(terms("article articles section chapter part annex paragraph general provisions"))


def _with_rule_before_exception(chosen: list[_Sentence], candidates: list[_Sentence]) -> list[_Sentence]:
    """A chosen sentence that states an exception ("..., however, ...") comes with the sentence before it in its
    passage, the rule it is an exception to, whatever the question asks."""
    out = list(chosen)
    for s in chosen:
        if not _CONTRAST.search(s.text):
            continue
        at = s
        for _ in range(3):  # the rule, and the sentence its "They/It ..." points back to
            before = [c for c in candidates if c.passage.chunk.id == at.passage.chunk.id and c.span[1] <= at.span[0]]
            if not before:
                break
            rule = max(before, key=lambda c: c.span[1])
            if rule in out:
                break
            out.insert(out.index(at), rule)
            if not ANAPHOR.match(rule.text):
                break
            at = rule
    return out


# "Which article establishes ...?", "which Convention and article established it?", "in what article ...".
_ASKS_ARTICLE = re.compile(r"\b(?:which|what)\b[^?.]{0,30}\barticles?\b", re.IGNORECASE)


def _with_article_headings(parts: list, joiner: list | None = None):
    """The heading line of each quoted sentence's article ("Article 18 – International Fund for Cultural
    Diversity"), quoted before the first sentence from it, when the chunk holds the heading: the question asks which
    article, and a sentence alone does not say it. Returns the parts (and the joiner, when one is given)."""
    out, glue, named = [], [], set()
    for n, part in enumerate(parts):
        passage, _ = part[1][0]
        heading = passage.chunk.section.strip()
        at = passage.chunk.text.find(heading) if heading.lower().startswith("article") else -1
        glue.append(joiner[n] if joiner is not None else " ")
        if at >= 0 and heading not in named:
            named.add(heading)
            out.append((heading, [(passage, (at, at + len(heading)))], True, part[3]))
            glue.append("\n")
        out.append(part)
    return (out, glue) if joiner is not None else out


def _defines(sentence: _Sentence, term: str) -> bool:
    """The sentence defines the term (`assistant.definitions.defines`): a defining clause, or the term said to be
    something at the start of a section whose heading says it defines ("Meaning of tolerance")."""
    return defines(sentence.passage.chunk.text, sentence.span, sentence.passage.chunk.section, term)


# A sentence that opens with the subject it names, before its verb: "The Regional Committee shall meet for the first
# time ...", "2. The Convention Committee shall meet ...", "An Intergovernmental Committee ..., called `the World
# Heritage Committee', is hereby established ..." (the name it is called by goes with it); and one that opens with a
# pronoun standing for it.
_SUBJECT = re.compile(r"^(?:\(?\w{1,3}[.)]\s+)*((?:The|This|Each|Every|An?|Such)\s+[A-Za-z][^,;:()]{2,120}?"
                      r"(?:,\s+(?:called|hereinafter\s+(?:called|referred\s+to\s+as)|known\s+as|referred\s+to\s+as)"
                      r"\s[^,;:()]{2,80}?,)?)\s+(?:shall|should|may|must|will|is|are|has|have|can|was|were)\b")
_SUBJECT_PRONOUN = re.compile(r"^(?:It|They|He|She)(?!\s+(?:is|was)\s+\w+\s+(?:that|to|for)\b)"
                              r"(?=\s+(?:shall|should|may|must|will|is|are|has|have|can|was|were|also|further)\b)")


def _subject(sentence: str) -> str:
    """The noun phrase a sentence opens with, before its verb ("The Regional Committee"); "" when it opens otherwise."""
    m = _SUBJECT.match(sentence.strip())
    return m.group(1) if m else ""


def _naming_years(question: str, passages: Sequence[Passage]) -> set[str]:
    """The years of the passages' documents that the question gives beside an instrument type ("the 1962 Protocol",
    "the Convention of 1970", "the 1972 World Heritage Convention")."""
    types = "|".join(sorted(INSTRUMENT_TYPES))
    years = set()
    asks_when: bool | None = None  # read once, for the first year that stands apart from a type word
    for year in {p.chunk.year for p in passages if p.chunk.year}:
        # ... and "declaration 1997", as a hurried user writes it
        if re.search(rf"\b{year}\s+(?:[\w'’-]+\s+){{0,4}}?(?:{types})\b|\b(?:{types})\s+(?:(?:of|from|adopted in)\s+)?"
                     rf"{year}\b", question, re.IGNORECASE):
            years.add(str(year))
        elif DOCUMENT_YEARS_NAME and re.search(rf"\b{year}\b", question):
            if asks_when is None:
                asks_when = asks_about_adoption(question) or answer_type(question) == "date"
            if not asks_when:
                # "The Declaration on Race and ... and the Mass Media Declaration were both adopted in 1978. What
                # does each expect of the mass media?": a document's own year, in a question that does not ask
                # when, names it ("Proclaims on this twenty-eighth day of November 1978 ..." does not answer it)
                years.add(str(year))
    return years


def _naming_cities(question: str, passages: Sequence[Passage]) -> set[str]:
    """The word stems of the passages' documents' cities that the question gives beside an instrument type ("the
    Ramsar Convention", "the Convention of Ramsar", "the Florence Agreement"), unless it asks where or about
    adoption, which the city answers."""
    if _asks_adoption(question, question) or re.search(r"\bwhere\b", question, re.IGNORECASE):
        return set()
    types = "|".join(sorted(INSTRUMENT_TYPES))
    out: set[str] = set()
    for city in {p.chunk.city for p in passages if p.chunk.city}:
        name = re.escape(city).replace(r"\ ", r"\s+")
        if re.search(rf"\b{name}\s+(?:{types})\b|\b(?:{types})\s+(?:of|at)\s+{name}\b", question, re.IGNORECASE):
            out |= set(terms(city))
    return out


def _asks_scope(query: str) -> bool:
    """A part's query (the documents' names taken out) that asks only what each document is about or covers, or
    only how they differ ("What is the difference between the and the?", "Compare the and the"): each one's scope
    or purpose says that."""
    words = set(terms(query))
    compares = bool(words & _COMPARE_WORDS)
    return (_asks_about(query) or compares) and \
        not words - _ABOUT_WORDS - _SCOPE_WORDS - _EACH_WORDS - _COMPARE_WORDS


_EACH_WORDS = frozenset(terms("each both respectively"))
_COMPARE_WORDS = frozenset(terms("difference differences differ compare comparison contrast distinguish versus vs "
                                 "similar similarities"))


def _library_beside(chosen: list[_Sentence], candidates: list[_Sentence], kind: str, query: str) -> list[_Sentence]:
    """When every chosen sentence comes from an upload, the library's best sentence that also answers (within
    LIBRARY_BESIDE of the best score, holding the kind of answer asked for), so a planted upload that mirrors
    the question ("The laboratory UNESCO helped create in the 1950s is Los Alamos") is never the only voice."""
    if not chosen or any(s.passage.chunk.origin != "upload" for s in chosen):
        return []
    best = chosen[0].score
    for s in candidates:
        if s.score < LIBRARY_BESIDE * best:
            break
        if s.passage.chunk.origin == "library" and s not in chosen and (not kind or has_answer_type(s.text, kind, query)):
            return [s]
    return []


_WHAT_IS = re.compile(r"^\s*what\s*(?:is|are|was|were|'s)\s+(?:the\s+|an?\s+)?([^\W\d_][\w-]*)", re.IGNORECASE)


@lru_cache(maxsize=512)
def _title_terms(title: str, short_title: str) -> frozenset[str]:
    return frozenset(terms(f"{title} {short_title}"))


def _naming_terms(chunk) -> set[str]:
    """The word stems a question may name the chunk's document by: its title, short title, type, city and year."""
    return set(terms(f"{chunk.title} {chunk.short_title} {chunk.doc_type} {chunk.city} {chunk.year or ''}"))


def _own_title_out(text: str, chunk) -> str:
    """`text` with its instrument's own title (or short title), written out whole, read as the instrument's type word:
    "... to disseminate widely the “UNESCO Universal Declaration on Cultural Diversity” ..." is read "... to
    disseminate widely the “Declaration” ..." (`OWN_TITLE_UNSCORED`; other documents' titles name their subject: "The
    Victoria and Albert Museum is ..."). Titles of fewer than three words stay."""
    for title in sorted({chunk.title or "", chunk.short_title or ""}, key=len, reverse=True):
        if len(title.split()) >= 3 and title.casefold() in text.casefold():
            text = re.sub(re.escape(title), chunk.doc_type or "document", text, flags=re.IGNORECASE)
    return text


def title_terms(chunk) -> frozenset[str]:
    """The word stems of a chunk's document title and short title."""
    return _title_terms(chunk.title or "", chunk.short_title or "")


def readable(text: str, chunk) -> bool:
    """Can the sentence stand as an answer? Not a heading or title line (no final punctuation and short, or the
    chunk's own title/section), not a recital or clause fragment that ends in "," (preambles: "Recalling that
    ..., "), nor a recital that ends in ";" ("Having regard also to the International Convention ... (1976), adopted
    within the framework of UNESCO ...;": a preamble clause with no main verb, which a pseudo-English question
    that shares its title words picked as the answer)."""
    t = text.strip()
    if t.casefold() in (chunk.title.strip().casefold(), chunk.section.strip().casefold()):
        return False
    if is_formula(t):  # "..., meeting in Belgrade from ... 1980, at its twenty-first session," dates the text
        return True
    if t.endswith(",") or (RECITAL_SEMICOLON and t.endswith(";") and (_RECITAL.match(t) or (
            PARTICIPLE_RECITALS and _PARTICIPLE.match(t) and chunk.section.strip().casefold() in ("", "preamble")))):
        return False
    if RECITAL_ITEMS and _ITEM_END.search(t) and (_LIST_ITEM.match(t) or t[:1].islower()) and _recital_lead(t, chunk):
        return False  # "b) the second Regional Intergovernmental Consultation Meeting, held in Córdoba, ...; and"
    if not t.endswith((".", "!", "?", ":", ";", "\"", "”")) and (len(t.split()) <= 12 or (
            PART_HEADINGS and _PART_HEADING.match(t)) or (NUMBERED_HEADINGS and _NUMBERED_HEADING.match(t))):
        return False  # a heading, however long ("Annex II Main lines of an action plan for the implementation ...")
    if TITLE_ITEMS and is_title_item(t):
        return False
    return True


# the lower-case words a document's title is written with ("Convention on the Recognition of Studies ... concerning
# Higher Education in the States belonging to the Europe Region"); besides these, any lower-case participle in "-ing"
# glues a title ("... States bordering on the Mediterranean")
_TITLE_GLUE = frozenset("""of the on in and for to a an concerning regarding relating belonging leading against with
between by at its their from into as or within""".split())
_PARENTHESES = re.compile(r"\([^()]*\)")


def _recital_lead(item: str, chunk) -> bool:
    """Is the item led in by a recital of the chunk ("Recognizing ... at any of the following meetings:")? The
    nearest earlier line that ends in ":", with only items between them."""
    at = chunk.text.find(item)
    if at < 0:
        return False
    for line in reversed(chunk.text[:at].splitlines()):
        line = line.strip()
        if not line:
            continue
        if line.endswith(":"):  # a participle and no verb of its own ("Noting these potential benefits, the
            # objectives ... are as follows:" states them)
            return bool(_RECITAL.match(strip_enumerator(line))) and not _FINITE.search(line)
        if not (_LIST_ITEM.match(line) or line[:1].islower()):
            return False
    return False


def is_title_item(text: str) -> bool:
    """Is the sentence a document's title and nothing else, as in a preamble's list of earlier instruments
    ("Convention on the Recognition of Studies, Diplomas and Degrees concerning Higher Education in the States
    belonging to the Europe Region (1979);")? Every word, outside parentheses, is capitalised or one of the words
    titles are glued with (a participle in "-ing" among them); at least three are capitalised. It says nothing: a name is not an answer."""
    words = re.findall(r"[^\W\d_][\w'’-]*|\d+", _PARENTHESES.sub(" ", strip_enumerator(text)))
    capitalised = [w for w in words if w[0].isupper()]
    return len(capitalised) >= 3 and all(w[0].isupper() or w.casefold() in _TITLE_GLUE or
                                         (w.endswith("ing") and w.islower()) for w in words)


def passage_context(p: Passage) -> str:
    """What a passage says about itself: its document's title, short title, type, year and city, its section and
    its text (the checks of `assistant.answerability` look for the question's names and numbers here)."""
    c = p.chunk
    return " ".join(x for x in (c.title, c.short_title, c.doc_type, str(c.year) if c.year else "", c.city,
                                c.section, c.text) if x)


def _label_and_text(p: Passage) -> tuple[str, str]:
    """A passage's document label (title, short title, type, city) and what it says (section and text): the two
    halves of `passage_context`, for `answerability.scattered_names`."""
    c = p.chunk
    return (" ".join(x for x in (c.title, c.short_title, c.doc_type, c.city) if x),
            " ".join(x for x in (c.section, c.text) if x))


def _last_answer(question: str, turns: Sequence[Turn]) -> str:
    """The last answer's text, folded and without its markers, when the question is a follow-up that points back
    at it (`CONTINUES_LAST_ANSWER`); "" otherwise (a refused turn quoted nothing)."""
    if not (CONTINUES_LAST_ANSWER and turns and turns[-1].documents and turns[-1].answer and points_back(question)):
        return ""
    return fold(strip_markers(turns[-1].answer).replace("• ", " "))


def _saying_first(sentences: list[_Sentence], says, typed) -> list[_Sentence]:
    """`sentences` with the first of those near the best (among NEGATION_REACH, scoring at least 0.75 of the best,
    and among `typed` when a kind of answer is asked and held) whose text `says` moved to the front, when the best
    does not say it."""
    if says(sentences[0].text):
        return sentences
    near = [x for x in sentences[:NEGATION_REACH] if x.score >= 0.75 * sentences[0].score and (not typed or x in typed)]
    chosen = next((x for x in near if says(x.text)), None)
    return sentences if chosen is None else [chosen] + [x for x in sentences if x is not chosen]


def _superlative_reason(question: str) -> str:
    return (f"Your question asks for the {quoted(asked_superlatives(question))}, and the closest passage does not say "
            "which one that is, so I won't guess.")


def quoted(items: list[str]) -> str:
    shown = [f"“{x}”" for x in items[:3]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _first_sentence_span(line: str, min_words: int = 0) -> tuple[int, int]:
    """The first sentence of a line; for short list heads ("i. Supporting x.") take the next one too."""
    spans = sentence_spans(line) or [(0, len(line))]
    end = spans[0][1]
    k = 1
    while len(line[:end].split()) < min_words and k < len(spans):
        end = spans[k][1]
        k += 1
    return (0, end)


def cached_vectors(cache: dict, embedder, texts: Sequence[str], limit: int):
    """The vectors of `texts` (one row each), embedding only those not in `cache` (text -> vector), which keeps
    at most `limit` texts (the oldest dropped first)."""
    import numpy as np

    missing = list(dict.fromkeys(t for t in texts if t not in cache))
    for text, vec in zip(missing, embedder.embed(missing) if missing else []):
        if len(cache) >= limit:
            cache.pop(next(iter(cache)))
        cache[text] = vec
    return np.stack([cache[t] for t in texts])


def _rules_for_today(question: str, typed: Sequence[_Sentence]) -> bool:
    """Does the question ask how things stand today while the sentences that give the kind of answer asked for
    are all from legal instruments? ("How many wetlands are on the Ramsar List today?": an instrument's "at least
    one wetland" is a rule as adopted, not a count of today.)"""
    return bool(_PRESENT.search(question)) and _from_instruments(typed)


def _history_of_rules(question: str, sentences: Sequence[_Sentence]) -> bool:
    """Does the question ask what happened to an instrument after its adoption (how many States have ratified it,
    on what date it entered into force, which State deposited an instrument) while its best sentences (those that
    give the kind of answer asked for first) are all from legal instruments (`HISTORY_NOT_RULES`)?"""
    return HISTORY_NOT_RULES and bool(_HISTORY.search(question)) and _from_instruments(sentences)


def _drafting_of_rules(question: str, sentences: Sequence[_Sentence]) -> bool:
    """Does the question ask who proposed, drafted or pushed for an instrument before its adoption while its best
    sentences are all from legal instruments (`DRAFTING_NOT_RULES`)?"""
    return DRAFTING_NOT_RULES and bool(_DRAFTING.search(question)) and _from_instruments(sentences)


def _from_instruments(sentences: Sequence[_Sentence]) -> bool:
    """Are the best two sentences (there is at least one) from legal instruments, which set out rules as adopted?"""
    return bool(sentences) and all(is_instrument(x.passage.chunk.doc_type) for x in sentences[:2])


def _asks_adoption(question: str, query: str) -> bool:
    """Does the question, or its retrieval query, ask when or where a document was adopted? (A part's query has its
    documents' names and punctuation taken out: "… 1946. When was …" no longer starts a sentence with "When".)"""
    return asks_about_adoption(query) or asks_about_adoption(question)


def _as_passage(chunk, passages: Sequence[Passage]) -> Passage:
    """The retrieved passage of `chunk`, or one ranked after all of them (a chunk read from its document)."""
    return next((p for p in passages if p.chunk.id == chunk.id), None) or Passage(chunk, 0.0, rank=len(passages) + 1)


def _enumerator_kind(line: str) -> str:
    """How a list item is marked: "digit" ("4.", "4)"), "letter" ("(a)", "a)", "(iv)"), "bullet", or "label"."""
    t = line.lstrip()
    if re.match(r"\(?\d{1,3}[.)]", t):
        return "digit"
    if re.match(r"\(?[a-zA-Z]{1,6}[.)]\s", t):
        return "letter"
    return "label" if _LABEL_ITEM.match(t) else "bullet"


def _enumerator_style(line: str) -> tuple[bool, bool, str]:
    """How an enumerator is written: (opens with "(", upper case, what closes it): "(a)" and "(b)" share one, "V."
    has another."""
    m = re.match(r"\s*(\(?)([A-Za-z0-9]{1,6})([.)]?)", line)
    return (bool(m.group(1)), m.group(2).isupper(), m.group(3)) if m else (False, False, "")


def _heading_line(line: str) -> bool:
    """A heading: two words or more after its enumerator, and no lower-case letter ("3. ACCESS TO DOCUMENTARY
    HERITAGE", "V. CAPACITY-BUILDING")."""
    text = strip_enumerator(line).strip()
    return len(text.split()) >= 2 and not any(c.islower() for c in text) and any(c.isalpha() for c in text)


_FIRST_ENUMERATOR = re.compile(r"\s*\(?(?:1|a|i|A|I)[.)]\s")


def _opens_sequence(line: str) -> bool:
    """The line's enumerator is the first of its sequence: "(i)", "(a)", "1.", "A." (`NESTED_LEAD_INS`)."""
    return bool(_FIRST_ENUMERATOR.match(line))


def _in_list(s: _Sentence) -> bool:
    text = s.passage.chunk.text
    line_start = text.rfind("\n", 0, s.span[0]) + 1
    return bool(_LIST_ITEM.match(text[line_start:]))




def _jaccard(a: str, b: str) -> float:
    x, y = set(a.split()), set(b.split())
    return len(x & y) / len(x | y) if x | y else 0.0
