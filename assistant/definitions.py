"""Definitions: the clause where an instrument says what a term means, and the questions that ask for it.

Instruments define their terms in set clauses: "“Anti-doping rule violation” in sport means one or more of the
following:", "the following shall be considered as “cultural heritage”:", "the term ‘artist’ is taken to mean
any person who ...", "For the purpose of this Convention waterfowl are birds ecologically dependent on wetlands".
A question that asks what a term means ("How does it define an artist?", "What counts as an anti-doping rule
violation?", "What does the Convention consider as cultural heritage?") is answered by that clause, which often
shares only the term with the question, so retrieval ranks it below articles that use the term often.

`defined_term` reads the term from the question; `is_definition` recognises the clause that defines it;
`definition_chunks` finds those clauses in a document, for retrieval to put among the passages of a question
about a named document (as `assistant.formulas` does for dating formulas).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.textutil import fold
from core.types import Chunk

_QUOTES = "\"“”‘’'`"
# "define(s) X", "definition of X", "mean(s) by X", "meant by X", "count(s) as X", "consider(s/ed) as / to be X"
_ACTIVE = (
    r"\b(?:{define}|(?:mean|means)\s+by|meant\s+by|counts?\s+as|consider(?:s|ed)?\s+(?:as|to\s+be)"
    r"|(?:is|are)\s+considered(?=\s+(?:an?|the)\s)"  # "Who is considered a teacher under ...?" (session 34)
    r"|understood\s+by)\s+(?:an?\s+|the\s+(?:term\s+|word\s+|expression\s+)?|the\s+)?[" + _QUOTES + r"]?"
    r"(?P<term>[^?,;:" + _QUOTES + r"]{{3,60}}?)[" + _QUOTES + r"]?"
    r"(?=\s+(?:under|in|according|by|for|differently|within|as\s+used)\b|\s*[?,.;]|\s*$)"
    # "What does the Declaration say tolerance is?", "What does it say a museum is?"
    r"|\bsays?\s+(?:that\s+)?(?:an?\s+|the\s+)?[" + _QUOTES + r"]?(?P<said>[^?,;:" + _QUOTES + r"]{{3,60}}?)[" +
    _QUOTES + r"]?\s+(?:is|are|means)\s*\??\s*$")
# "How is a book defined in the 1964 Recommendation?", "... change how a book is defined ...": the term comes before
# "defined", and "defined in/under/by ..." names no term after it. False: "in the 1964 recommendation" is the term
PASSIVE_DEFINED = True
_PASSIVE = (r"\bhow\s+(?:(?:is|are|was|were)\s+)?(?:an?\s+|the\s+(?:term\s+|word\s+|expression\s+)?)?[" + _QUOTES +
            r"]?(?P<passive>[^?,;:" + _QUOTES + r"]{3,60}?)[" + _QUOTES + r"]?\s+(?:(?:is|are|was|were)\s+)?defined\b|")
_ASKS = re.compile(_PASSIVE + _ACTIVE.format(
    define=r"defin(?:e|es|ed(?!\s+(?:in|under|by|according|within|as|for|at)\b)|ition\s+of)"), re.IGNORECASE)
_ASKS_ACTIVE = re.compile(_ACTIVE.format(define=r"defin(?:e|es|ed|ition\s+of)"), re.IGNORECASE)
# "What is a wetland?" is not asked for here: a plain "what is" is answered by any sentence about the subject.
_VERBS = (r"(?:means?|shall\s+mean|is\s+taken\s+to\s+mean|(?:is|are)\s+(?:understood|defined|considered)\s+(?:as|to)|"
          r"shall\s+be\s+(?:considered|deemed|understood)\s+(?:as|to\s+be)|include[sd]?|refers?\s+to|signif(?:y|ies)|"
          r"shall\s+(?:cover|comprise)|covers|comprises|"  # "the term `cultural property' shall cover, ...:"
          r"(?:is|are)\s+(?:an?\s+|the\s+)?(?=\w))")
DEFINITION_LIMIT = 2  # definition chunks of a named document put among a question's passages


def defined_term(question: str) -> str:
    """The term a question asks the meaning of, folded ("" when it asks for none): "How does it define an
    artist?" -> "artist"."""
    m = (_ASKS if PASSIVE_DEFINED else _ASKS_ACTIVE).search(question)
    if not m:
        return ""
    term = fold(next(t for t in m.groupdict().values() if t)).strip(" .")
    if CLAUSES_NO_TERMS and term.split()[0] in _CLAUSE_OPENERS:
        return ""
    return term if len(term) >= 3 else ""


# "How do the 1970 and the 1972 Conventions each define what they protect?": "what they protect" is a clause that
# describes what is defined, not a term; read as a term, no passage wrote it and each Convention was answered from
# whichever article shared the most words. False: the words after "define" are the term, whatever they are
CLAUSES_NO_TERMS = True
_CLAUSE_OPENERS = frozenset("what which who whom whose how where when why whether it they them this that these those "
                            "its their".split())


# "What is intangible cultural heritage?", "What are Open Educational Resources?", "What does 'museum' mean?": a term
# asked about plainly. It is a definition question only where the library defines the term (`plain_term` is used
# with a check that a passage defines it), since "What is a wetland?" may be answered by any sentence about it.
_PLAIN = re.compile(
    r"^\s*(?:what\s+(?:is|are)|what'?s)\s+(?:an?\s+|the\s+)?[" + _QUOTES + r"]?(?P<term>[^?,;:" + _QUOTES +
    r"]{3,60}?)[" + _QUOTES + r"]?(?:\s+(?:according\s+to|under|in|as\s+defined)\b[^?]*)?\s*\??\s*$"
    r"|^\s*what\s+does\s+(?:an?\s+|the\s+)?[" + _QUOTES + r"]?(?P<meant>[^?,;:" + _QUOTES + r"]{3,60}?)[" + _QUOTES +
    r"]?\s+mean\s*\??\s*$", re.IGNORECASE)
_NOT_TERMS = frozenset("name purpose difference role aim aims goal goals function functions objective objectives "
                       "number date year meaning point main definition use status reason".split())


# "List the categories of natural heritage in the 1972 Convention.", "What types of cultural property ...?": the kinds
# of a term are what its defining clause lists ("the following shall be considered as 'natural heritage': ..."); read
# as a plain term, so only where a passage defines it. False: only "What is X?"
KINDS_OF_TERMS = True
_KINDS = re.compile(r"\b(?:categories|types|kinds|sorts|classes|forms)\s+of\s+(?:an?\s+|the\s+)?[" + _QUOTES +
                    r"]?(?P<term>[^?,;:" + _QUOTES + r"]{3,60}?)[" + _QUOTES + r"]?(?=\s+(?:under|in|according|by|for|"
                    r"within|does|do|did|are|is|can|may|that|which)\b|\s*[?,.;]|\s*$)", re.IGNORECASE)


# "What does the 1972 Convention say about natural heritage?": what a document says about a term it defines starts with
# its definition; read as a plain term, so only where a passage defines it (Article 2 of the 1972 Convention; the
# answer was its inventory article, which only names "cultural and natural heritage"). False: no term is asked
SAYS_ABOUT_TERMS = True
_SAYS_ABOUT = re.compile(r"^\s*what\s+(?:does|do|did)\s+.{3,120}?\s+say\s+about\s+(?:an?\s+|the\s+)?[" + _QUOTES +
                         r"]?(?P<term>[^?,;:" + _QUOTES + r"]{3,60}?)[" + _QUOTES + r"]?\s*\??\s*$", re.IGNORECASE)


def plain_term(question: str) -> str:
    """The term a plain "What is X?" asks about, folded ("" for none, or for "What is the purpose of ...?"); so too
    the term whose kinds a question asks for ("List the categories of X", `KINDS_OF_TERMS`) and the term a document
    is asked what it says about (`SAYS_ABOUT_TERMS`)."""
    m = _PLAIN.search(question)
    if not m and SAYS_ABOUT_TERMS and (a := _SAYS_ABOUT.search(question)):
        term = fold(a.group("term")).strip(" .")
        words = term.split()
        return term if 1 <= len(words) <= 4 and words[0] not in _NOT_TERMS and len(term) >= 3 else ""
    if not m and KINDS_OF_TERMS and (k := _KINDS.search(question)):
        term = fold(k.group("term")).strip(" .")
        return term if 1 <= len(term.split()) <= 5 and len(term) >= 3 else ""
    if not m:
        return ""
    term = fold(m.group("term") or m.group("meant")).strip(" .")
    words = term.split()
    if not 1 <= len(words) <= 5 or " of " in f" {term} " or words[0] in _NOT_TERMS or len(term) < 3:
        return ""
    return term


# a term that opens its sentence as a label, "Displaced persons: persons or group of persons who ...", defines it as a
# numbered label does; False: only "(iii) Consent: ..." and other numbered labels
UNNUMBERED_LABELS = True
# "A pamphlet is a non-periodical printed publication of ...": "A <term> is a/an/any ..." defines the term; False: no
GENUS_DEFINITIONS = True


# "academic freedom, that is to say, the right ...", "Offprints, i.e., reprints of ...": a term followed by "that is to
# say" or "i.e." and what it is defines it; False: such a sentence defines nothing
APPOSITIVE_DEFINITIONS = True
# "Open Educational Resources (OER) are ...": a term with its short form in brackets, said to be something, defines
# the term and its short form; False: neither is defined so
ACRONYM_DEFINITIONS = True
# ... is / are a thing, not "are encouraged", "is not", "are to"
_SAID_TO_BE = (r"(?:(?:is|are)\s+(?!(?:\w+ed|not|also|to|being|able|responsible|entitled|subject|bound|free|open)\b)|"
               r"means\b|refers?\s+to\b|consists?\s+of\b|comprises?\b)")


# "(m) Programme: a self-contained item ...": a label's list item is lettered as often as numbered; False: only roman
# numerals and digits ("(iii) Consent: ...", "2. Museum: ...")
LETTER_LABELS = True
_NUMBERED = r"\(?[ivxlc\d]{1,5}[.)]\s+"
_LETTERED = r"\(?(?:[ivxlc\d]{1,5}|[a-z])[.)]\s+"


def _stem(term: str) -> str:
    """The term without a plural ending, so "artists" finds "artist"."""
    words = term.split()
    last = words[-1]
    if len(last) > 4 and last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def is_definition(sentence: str, term: str) -> bool:
    """Does the sentence define `term`? The term in quotes next to a defining verb, or "For the purpose(s) of
    this ..., <term> ... <verb>", or "the following shall be considered as <term>:"."""
    if not term:
        return False
    s = fold(sentence)
    t = re.escape(_stem(term))
    q = "[" + re.escape(_QUOTES) + "]"
    quoted = rf"{q}\s*(?:the\s+)?{t}\w{{0,3}}\s*{q}"
    if re.search(rf"{quoted}[^.;:]{{0,60}}?\b{_VERBS}", s) or re.search(rf"\b{_VERBS}[^.;]{{0,20}}{quoted}", s):
        return True
    if re.search(rf"\b(?:the\s+)?(?:term|expression|word)\s+{q}?\s*{t}", s) and re.search(rf"\b{_VERBS}", s):
        return True
    # "The digital heritage consists of ...": the term opens the sentence before a defining verb ("is" alone is
    # not one: "Tolerance is harmony in difference" is said of it, it does not define it)
    if re.match(rf"^(?:\(?\w{{1,3}}[.)]\s+)?(?:the\s+)?{t}\w{{0,3}}\s+(?:consists?\s+of|comprises?|means|"
                rf"is\s+taken\s+to\s+mean|refers?\s+to|is\s+defined\s+as|signifies)\b", s):
        return True
    # "1. Open Educational Resources (OER) are learning, teaching and research materials ...": a term introduced with
    # its short form in brackets, then said to be something, defines both ("What are OER?", "What are open educational
    # resources?"; `ACRONYM_DEFINITIONS`)
    if ACRONYM_DEFINITIONS and (re.match(rf"^(?:\(?\w{{1,3}}[.)]\s+)?(?:the\s+)?[^()]{{3,80}}?\(\s*{t}\w{{0,2}}\s*\)\s+"
                                         rf"{_SAID_TO_BE}", s) or
                                re.match(rf"^(?:\(?\w{{1,3}}[.)]\s+)?(?:the\s+)?{t}\w{{0,3}}\s+\([^()]{{1,12}}\)\s+"
                                         rf"{_SAID_TO_BE}", s)):
        return True
    # "(b) A pamphlet is a non-periodical printed publication ...": a thing said to be one of a kind, with the
    # indefinite articles of a definition ("Tolerance is harmony in difference" is said of tolerance)
    if GENUS_DEFINITIONS and re.match(rf"^(?:\(?\w{{1,3}}[.)]\s+)?an?\s+{t}\w{{0,3}}\s+is\s+(?:an?|any)\s+\w", s):
        return True
    # "... are entitled to the maintaining of academic freedom, that is to say, the right, without constriction by
    # prescribed doctrine, to freedom of teaching ...", "Offprints, i.e., reprints of a part of a book": the term, then
    # what it is in apposition (`APPOSITIVE_DEFINITIONS`)
    if APPOSITIVE_DEFINITIONS and re.search(rf"\b{t}\w{{0,3}}{q}?\s*,\s+(?:that\s+is\s+to\s+say|i\.\s?e\.),?\s+\w", s):
        return True
    if re.search(rf"\bfor\s+the\s+purposes?\s+of\s+th(?:is|e\s+present)\s+\w+,?\s+(?:the\s+|an?\s+)?{t}\w{{0,3}}\s+{_VERBS}", s):
        return True
    # a list of terms, each a label: "(iii) Consent: Any freely given specific, informed and express agreement ...",
    # "Displaced persons: persons or group of persons who have been forced ..." (unnumbered, `UNNUMBERED_LABELS`)
    enumerator = _LETTERED if LETTER_LABELS else _NUMBERED
    label = rf"^(?:{enumerator})?" if UNNUMBERED_LABELS else rf"^{enumerator}"
    return bool(re.match(rf"{label}(?:the\s+)?{t}\w{{0,3}}\s*:\s+\S", s))


# A section that says it defines: "Definitions", "Use of terms", "A. Definition of folklore", "Article 1 - Meaning of
# tolerance".
_DEFINING_HEADING = re.compile(r"\b(?:definitions?|use of terms|meaning of)\b", re.IGNORECASE)


def defines_under_heading(sentence: str, section: str, term: str) -> bool:
    """A sentence of a defining section (its heading says so, and names the term when it names one) that opens with
    the term and says what it is: "Folklore (or traditional and popular culture) is the totality of ...",
    "1.1 Tolerance is respect, acceptance and appreciation of ..." under "Article 1 - Meaning of tolerance"."""
    if not term or not _DEFINING_HEADING.search(section or ""):
        return False
    heading = fold(section)
    t = _stem(term)
    if re.search(r"\b(?:definition|meaning) of\b", heading) and t not in heading:
        return False  # the definition of another term
    s = fold(sentence)
    return bool(re.match(rf"^(?:\(?[\w.]{{1,5}}[.)]?\s+)?(?:the\s+)?{re.escape(t)}\w{{0,3}}\s*(?:\([^)]*\)\s*)?,?\s*"
                         rf"(?:is|are|means|shall mean|refers to|consists of)\b", s))


def defines(text: str, span: tuple[int, int], section: str, term: str) -> bool:
    """Does the sentence at `span` of a chunk's `text` define `term`? A defining clause (`is_definition`), or, under
    a heading that says it defines, the first sentence of the section (in the chunk that holds its heading) that
    says what the term is
    (`defines_under_heading`; "Tolerance is harmony in difference", later in the same article, is not its
    definition)."""
    sentence = text[span[0]:span[1]]
    if is_definition(sentence, term):
        return True
    section = _heading_before(text, span[0]) or section  # the nearest heading line, else the chunk's section
    if not defines_under_heading(sentence, section, term):
        return False
    folded = fold(text)
    head = folded.find(fold(section).strip())
    if head < 0:  # a chunk from further into the section: not its start
        return False
    return _stem(term) not in folded[head + len(fold(section).strip()):span[0]]


def _heading_before(text: str, at: int) -> str:
    """The last heading-like line of `text` before position `at` (short, no closing punctuation: "A. Definition of
    folklore", "I. DEFINITION AND SCOPE"): nearer than the chunk's recorded section, which may be missing or only
    "PREAMBLE"; "" when none."""
    for line in reversed(text[:at].splitlines()):
        line = line.strip()
        if line and len(line.split()) <= 8 and not line.endswith((".", ";", ":", ",")):
            return line
    return ""


def definition_chunks(chunks: Sequence[Chunk], term: str, limit: int = DEFINITION_LIMIT) -> list[Chunk]:
    """The chunks (of one document in reading order, or search hits best first) that hold a definition of `term`,
    in the order given, at most `limit`."""
    from core.textutil import sentence_spans

    found = []
    for c in chunks:
        if _stem(term) in fold(c.text) and any(defines(c.text, sp, c.section, term) for sp in sentence_spans(c.text)):
            found.append(c)
        if len(found) >= limit:
            break
    return found


def term_as_defined(chunks: Sequence[Chunk], term: str, longer_first: bool = False) -> str:
    """`term` as the document (its `chunks`) defines it: the term itself when a clause defines it, else a longer
    term that ends with it and is defined (one or two words before it: "educational resources" -> "open
    educational resources"), the one written most often; "" when neither is defined. A term translated word by word
    from another language may lose a word the document's own term has ("ressources éducatives libres": "libres" is
    "free" word by word, "open" in the document). `longer_first`: a longer defined term before the term itself, for a
    translation that is known to have lost a word ("enseignement supérieur transfrontalier" read as "higher
    education": the document defines "cross-border higher education" as well as "higher education")."""
    term = fold(term).strip()
    if not term:
        return ""
    if not longer_first and definition_chunks(chunks, term, limit=1):
        return term
    longer: dict[str, int] = {}
    pattern = re.compile(rf"\b((?:[a-z][\w-]*\s+){{1,2}}){re.escape(_stem(term))}\w{{0,3}}\b")
    for c in chunks:
        for m in pattern.finditer(fold(c.text)):
            words = m.group(1).split()
            for n in (1, 2):  # "open educational resources", then two words before
                if len(words) >= n and words[-n] not in _FUNCTION_WORDS:
                    candidate = " ".join(words[-n:] + [term])
                    longer[candidate] = longer.get(candidate, 0) + 1
                else:
                    break
    for candidate in sorted(longer, key=lambda t: (-longer[t], len(t))):
        if definition_chunks(chunks, candidate, limit=1):
            return candidate
    return term if longer_first and definition_chunks(chunks, term, limit=1) else ""


# Where a document says what its own terms mean without quoting them: "For the purpose of this Convention wetlands
# are areas of marsh ...", "The digital heritage consists of unique resources ...", "(iii) Consent: Any freely ...".
_PURPOSE_TERM = re.compile(r"\bfor\s+the\s+purposes?\s+of\s+th(?:is|e\s+present)\s+\w+,?\s+(?:the\s+|an?\s+)?"
                           r"(?P<term>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)\s+(?:are|is|means|shall\s+mean)\b")
_OPENING_TERM = re.compile(r"^(?:\(?\w{1,3}[.)]\s+)?(?:the\s+)?(?P<term>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)\s+"
                           r"(?:consists?\s+of|comprises?|means|is\s+defined\s+as)\b")
_LABEL_TERMS = {letters: re.compile(rf"^{_LETTERED if letters else _NUMBERED}(?P<term>[a-z][\w -]{{2,60}}?)\s*:\s+\S")
                for letters in (True, False)}
_PRONOUNS = frozenset("it they he she we there".split())
_MODALS = frozenset("may shall should must can will would could might".split())
OPENING_CHUNKS = 4  # a document's first chunks, where it says what its unquoted terms are


def document_terms(chunks: Sequence[Chunk]) -> dict[str, str]:
    """The terms a document (its `chunks`, in reading order) defines, folded, each with the sentence that defines
    it: its quoted terms anywhere (`defined_terms`), and, in its first OPENING_CHUNKS chunks or under a heading that
    says it defines ("DEFINITIONS", "Article 2 – Use of terms"), the unquoted ones of
    "For the purpose of this Convention wetlands are ...", "The digital heritage consists of ..." and of a list of
    labels ("(iii) Consent: ...")."""
    from core.textutil import sentence_spans

    found: dict[str, str] = {}
    for n, c in enumerate(chunks):
        for s, e in sentence_spans(c.text):
            sentence = c.text[s:e]
            folded = fold(sentence).strip()
            # quoted terms of one to five words, as `defined_terms` reads them (the check below is its check)
            candidates = [t for m in _DEFINED_QUOTED.finditer(sentence)
                          if 1 <= len((t := fold(m.group("term")).strip(" .,")).split()) <= 5]
            if n < OPENING_CHUNKS or _DEFINING_HEADING.search(c.section or "") or \
                    _DEFINING_HEADING.search(_heading_before(c.text, s)):
                candidates += [m.group("term") for m in (_PURPOSE_TERM.search(folded), _OPENING_TERM.match(folded),
                                                           _LABEL_TERMS[LETTER_LABELS].match(folded)) if m]
            for term in candidates:
                term = term.strip(" .,")
                if term and term not in found and term.split()[0] not in _FUNCTION_WORDS | _PRONOUNS and \
                        not _MODALS & set(term.split()) and is_definition(sentence, term):
                    found[term] = sentence
    return found


# "How do A and B each define whom they cover?", "... describe the heritage they cover?": what each defines is asked
# for, not named (a named term is `defined_term`'s)
_DESCRIBES = re.compile(r"\b(?:defin(?:e|es|ed|ition|itions)|describ(?:e|es|ed))\b", re.IGNORECASE)
# "How old should a wreck be to count?", "... to qualify?": what it takes to be what the document defines; False: only
# "define", "definition", "describe" ask it
TO_COUNT = True
_TO_COUNT = re.compile(r"\bto\s+(?:count|qualify)\b(?!\s+(?:the|how|votes?|for)\b)", re.IGNORECASE)
DESCRIBED_MIN = 0.25  # the least cosine between the question and a defining sentence for its term to be the one asked


def asks_to_describe(question: str) -> bool:
    """Does the question ask how something is defined or described ("define", "definition", "describe"), or what it
    takes to count as it ("How old should a wreck be to count?", `TO_COUNT`)?"""
    return bool(_DESCRIBES.search(question) or (TO_COUNT and _TO_COUNT.search(question)))


def described_term(question: str, chunks: Sequence[Chunk], embed) -> str:
    """The term of a document (its `chunks`) that a question asking how it defines or describes something it does
    not name means: of the document's own terms (`document_terms`), the one whose defining sentence is closest to
    the question (`embed`: texts -> unit vectors), when at least DESCRIBED_MIN close; "" when the question names
    a term the document defines, asks no definition, or the document defines nothing close to it."""
    if not asks_to_describe(question):
        return ""
    found = document_terms(chunks)
    named = defined_term(question)  # "How does it define an artist?" names it; "... define the places they protect" not
    if not found or (named and any(_stem(named) in term for term in found)):
        return ""
    if NAMED_TERM_WRITTEN and named and any(_writes(c.text, named) for c in chunks):
        return ""  # "... define a book?": the document writes "A book is ...", though it labels no term "book"
    return _closest_term(question, found, embed)


# A question that names a term the document writes asks of that term, even when the document's labelled terms
# ("Publishing turnover: ...") do not hold it; False: the labelled term closest to the question (dev ld261)
NAMED_TERM_WRITTEN = True


def _writes(text: str, term: str) -> bool:
    """Does `text` write `term` (folded; singular or plural) as words of its own?"""
    stem = re.escape(_stem(term))
    return re.search(rf"\b{stem}s?\b", fold(text)) is not None


def _closest_term(question: str, found: dict, embed) -> str:
    """Of the document's terms (`found`: term -> its defining sentence), the one whose sentence is closest to the
    question, when at least DESCRIBED_MIN close; ""."""
    terms_, sentences = list(found), list(found.values())
    vectors = embed([question, *sentences])
    sims = vectors[1:] @ vectors[0]
    best = int(sims.argmax())
    return terms_[best] if float(sims[best]) >= DESCRIBED_MIN else ""


_FUNCTION_WORDS = frozenset("the a an of and or to in on for by with as at from this that these those its their "
                            "such any all other which who whose is are be".split())


# A quoted term next to a defining verb, or named as "the term X": "the term `cultural property' shall cover",
# "“Anti-doping rule violation” in sport means", "‘artist’ is taken to mean".
_DEFINED_QUOTED = re.compile(r"(?:\b(?:term|expression|word)\s+)?[" + _QUOTES + r"](?P<term>[^" + _QUOTES +
                             r"\n]{3,60}?)[" + _QUOTES + r"]")


def defined_terms(chunks: Sequence[Chunk]) -> dict[str, int]:
    """The terms the document (its `chunks`) defines in a clause, folded, with how often each is written in it:
    the quoted terms of its defining clauses (`is_definition`)."""
    from core.textutil import sentence_spans

    found: set[str] = set()
    for c in chunks:
        for s, e in sentence_spans(c.text):
            sentence = c.text[s:e]
            for m in _DEFINED_QUOTED.finditer(sentence):
                term = fold(m.group("term")).strip(" .,")
                if 1 <= len(term.split()) <= 5 and term not in found and is_definition(sentence, term):
                    found.add(term)
    text = " ".join(fold(c.text) for c in chunks)
    return {t: text.count(t) for t in found}


def labelled_terms(chunks: Sequence[Chunk]) -> dict[str, int]:
    """The terms the document defines, quoted, by a label ("(i) Fundamental research: ...") or an opening clause
    (`document_terms`), folded, with how often each is written in it, as `defined_terms` counts them."""
    text = " ".join(fold(c.text) for c in chunks)
    return {t: text.count(t) for t in document_terms(chunks)}
