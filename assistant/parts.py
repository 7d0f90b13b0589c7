"""Questions with several parts: "When and where was it adopted?", "Who elects X, and who elects Y?",
"What do the 1970 Convention and the 1972 Convention each protect?".

`split_question` finds the parts a question's own words give (several question words joined by "and", several
sentences that each ask something); the facade adds one part per document when the question names two or more
documents (`assistant.documents`). Each part is retrieved and answered on its own, and the answer cites each.
"""

from __future__ import annotations

import re

_WH = r"(?:when|where|who|whom|whose|why|how|what|which|in which|on which|at which|from which)"
# "When and where was ...": two question words before one predicate.
_WH_PAIR = re.compile(rf"^\s*({_WH})\s+and\s+({_WH})\b\s+(.+)$", re.IGNORECASE)
# "..., and where?", "... and who pays for it?": a second question word after "and" (or ", and"), also after a
# phrase that says where to look (", and under the 2005 Convention who may contribute?").
# A question word may follow a preposition (", and to how many could it grow?", ", and for which States?"), and
# after ", and" a yes/no question about what the first part names opens with its verb (", and can its members be
# re-elected?").
_WHERE_TO_LOOK = r"(?:under|in|according\s+to|by|within|for)\s+[^,?]{3,60}?,?\s+"
_PREPOSITION = r"(?:to|for|from|by|in|at|on|of|with|after|before|within|until|since)\s+"
_YES_NO = (r"(?<=,\s)and\s+(?=(?:can|could|may|might|must|shall|should|will|would|is|are|was|were|does|do|did|has|have)"
           r"\s+(?:it|they|he|she|its|their|his|her|this|these|that|those|the|a|an)\b)")
# "When and where was it done, and with whom is it deposited?": the pair's two parts, then the later one; False: the
# later question stays inside both of the pair's parts
WH_PAIR_AND_MORE = True
# ", and would recognition decisions already made still stand?": a yes/no question about a plain noun phrase
# (no determiner), the verb then a noun that is no adverb nor participle; False: only after a pronoun or article
BARE_YES_NO = True
_BARE_YES_NO = (r"(?<=,\s)and\s+(?=(?:can|could|may|might|must|shall|should|will|would|is|are|was|were|does|do|did|has|"
                r"have)\s+(?![a-z]+(?:ly|ed|en)\b)[a-z][a-z-]+\s+[a-z][a-z-]+\b[^,]*\?\s*$)")
# "If a State wants out, when does ... take effect, and when does ...?": a question that opens with a clause
# ("if", "when", "once" ... up to its comma) asks with the question word after it
OPENING_CLAUSES = True
_OPENING_CLAUSE = re.compile(r"^\s*(?:if|when|whenever|once|unless|after|before)\b[^,?]{3,100},\s+(?=\S)",
                             re.IGNORECASE)
# "If a country wants out of the 1989 Convention, how is it done, and how long till it takes effect?": the second part
# keeps the clause too ("If a country wants out ..., how long till it takes effect?") unless it names a thing of its
# own (a capitalised name, a year); False: the first part only
CLAUSE_IN_EACH_PART = True
# "In the 1978 Recommendation on ..., from what age ..., and from what age ...?": so too a phrase that says where to
# look ("in", "under", "according to" ... up to its comma); each part keeps it
OPENING_PLACES = True
_OPENING_PLACE = re.compile(r"^\s*(?:under|in|according\s+to|within|for|by)\s+(?!(?:which|what|whom|whose)\b)"
                            r"[^,?]{3,160},\s+(?=\S)", re.IGNORECASE)
# "Who runs the secretariat of the Ramsar Convention, and who of the World Heritage Convention?": a second part that
# is a question word and a phrase naming another thing asks the first part's question of that thing
BORROWED_PREDICATES = True
_ELLIPTIC_OF = re.compile(rf"^({_WH})\s+(of|for|under|in|by|at|about|to)\s+(?P<thing>(?:(?!\b(?:is|are|was|were|does|"
                          r"do|did|shall|should|must|may|can|could|will|would|has|have|had)\b)[^,;?])+?)\s*\??$",
                          re.IGNORECASE)
_LEAD_WH = re.compile(rf"^\s*(?:{_PREPOSITION})?({_WH})\s+(.+)$", re.IGNORECASE)
# "..., and what about under the 1979 Madrid Convention?", "..., and how many under the text revised at Paris in
# 1971?": a part that asks nothing but "what about" or a question phrase, then (a preposition and) a thing, with no
# verb of its own, asks the first part's question of that thing (`borrowed_question`, given where the first part
# names its document); False: such a part is asked as it stands
BORROWED_NAMES = True
_ELLIPTIC_THING = re.compile(r"^(?:(?:what|how)\s+about|(?:how\s+(?:many|much|long|often)|what|which|who|whom)"
                             r"(?=\s+(?:of|for|under|in|by|at|about|to|with|within)\b))\s+"
                             r"(?:(?P<prep>of|for|under|in|by|at|to|with|within)\s+)?"
                             r"(?P<thing>(?!(?:is|are|was|were|does|do|did|shall|should|must|may|can|could|will|would|"
                             r"has|have|had)\b)[^,;?]{3,160}?)\s*\??\s*$", re.IGNORECASE)
_VERB_IN_THING = re.compile(r"\b(?:is|are|was|were|does|do|did|shall|should|must|may|can|could|will|would|has|have|"
                            r"had)\b", re.IGNORECASE)
_PREPOSITIONS = frozenset("of for under in by at to with within on from".split())


def borrowed_question(first: str, second: str, name: tuple[int, int]) -> str:
    """`second` as the first part's question asked of the thing it names (`BORROWED_NAMES`), `name` being the
    (start, end) characters of the document name in `first`; "" when `second` asks something of its own.

    ("What reservations can a State make when it joins the 1974 Brussels Convention ...?", "What about under the
    1979 Madrid Convention ...?") -> "What reservations can a State make when it joins the 1979 Madrid Convention
    ...?"; the first part's preposition before the name gives way to the second's ("of the 1952 Convention" ->
    "under the text revised at Paris in 1971")."""
    m = _ELLIPTIC_THING.match(second.strip()) if BORROWED_NAMES else None
    if not m or _VERB_IN_THING.search(m.group("thing")):
        return ""
    start, end = name
    before = first[:start].rstrip()
    prep = m.group("prep")
    last = before.rsplit(None, 1)[-1] if before else ""
    if prep and last.casefold() in _PREPOSITIONS:
        before = before[:len(before) - len(last)].rstrip()
        thing = f"{prep} {m.group('thing')}"
    else:  # "... when it joins the 1974 Convention": the verb takes the thing as it took the name
        thing = m.group("thing")
    after = first[end:].strip()
    question = f"{before} {thing}{' ' + after if after and after not in '?' else ''}".strip()
    return question.rstrip(" ?") + "?"
_AND_WH = re.compile(rf",?\s+and\s+(?=(?:{_WHERE_TO_LOOK}|{_PREPOSITION})?(?:{_WH})\b)|{_YES_NO}", re.IGNORECASE)
_AND_WH_BARE = re.compile(rf"{_AND_WH.pattern}|{_BARE_YES_NO}", re.IGNORECASE)


def _and_parts(text: str) -> list[str]:
    """`text` split where ", and" starts another question (`_AND_WH`, and `_BARE_YES_NO` when on)."""
    return (_AND_WH_BARE if BARE_YES_NO else _AND_WH).split(text)

_MIN_WORDS = 2
# "Can a country delete a wetland from the Ramsar List, and can a property be listed without the State's consent?":
# two yes/no questions joined by ", and", each a part
YES_NO_PAIRS = True
_AUXILIARY = re.compile(r"^\s*(?:can|could|may|might|must|shall|should|will|would|is|are|was|were|does|do|did|has|"
                        r"have)\s+\w", re.IGNORECASE)
# A part with no verb of its own that takes the first part's: "where", "for which States", "at which session".
_ELLIPTIC = re.compile(rf"^(?:{_PREPOSITION})?(?:(?:which|what|whose|how\s+many|how\s+much)\s+[\w-]+|{_WH})$",
                       re.IGNORECASE)


# "..., compared with the World Heritage Committee?": the same question asked of another thing
_COMPARED = re.compile(r",?\s+(?:compared\s+(?:with|to)|as\s+(?:opposed|compared)\s+to|in\s+comparison\s+(?:with|to)|"
                       r"versus|vs\.?)\s+(?P<other>[^?,;]{3,120}?)\s*\??\s*$", re.IGNORECASE)
# The words a name runs on with after its head ("Committee of the 2005 Convention on the Diversity of ...")
_NAME_JOINS = frozenset("of on for against in the and".split())


def split_compared(question: str) -> tuple[str, str] | None:
    """"How many States sit on the Intergovernmental Committee of the 2005 Convention ..., compared with the World
    Heritage Committee?" -> ("How many States sit on the Intergovernmental Committee of the 2005 Convention ...?",
    "How many States sit on the World Heritage Committee?"): the name in the question that ends in the other
    thing's head word ("Committee", "Convention") is replaced by it. None when the question compares nothing so,
    asks no question word first, or holds no name with that head."""
    m = _COMPARED.search(question.strip())
    first = question.strip()[:m.start()].strip().rstrip(",") if m else ""
    if not m or not _LEAD_WH.match(first):
        return None
    other = re.sub(r"^(?:that|those)\s+of\s+", "", m.group("other").strip(), flags=re.IGNORECASE)
    head = other.split()[-1].casefold()
    words = first.split()
    at = [i for i, w in enumerate(words) if w.strip(",.;:").casefold() == head and w[:1].isupper()]
    if not at or head in _NAME_JOINS:
        return None
    start = end = at[0]
    while start > 0 and (words[start - 1][:1].isupper() or words[start - 1][:1].isdigit()) and start - 1 > 0:
        start -= 1
    if start > 0 and words[start - 1].casefold() == "the":
        start -= 1
    j = end + 1  # the name runs on: "of the 2005 Convention on the Diversity of Cultural Expressions"
    while j < len(words) and (words[j].casefold() in _NAME_JOINS or words[j][:1].isupper() or words[j][:1].isdigit()):
        if words[j][:1].isupper() or words[j][:1].isdigit():
            end = j
        j += 1
    second = " ".join(words[:start] + [other] + words[end + 1:])
    return first + "?", second[0].upper() + second[1:] + "?"


# "architecture competitions rec - how long do they show the entries and do people pay to get in": a topic before a
# dash or colon says where each part asks, as an opening place does; False: the topic stays in the first part only
TOPIC_PARTS = True
_TOPIC = re.compile(rf"^\s*(?!(?:{_WH}|can|could|do|does|did|is|are|was|were|will|would|should|must|may)\b)"
                    r"(?P<topic>[^-–:?,.]{3,100}?)(?:\s+[-–]|:)\s+(?=\S)", re.IGNORECASE)
# Informal questions leave out commas: "if a country wants out of the convention how do they do it and how long till it
# kicks in". Without a comma in the question, an opening "if" clause ends before its question word, or before an
# auxiliary followed by its subject, and "and" + auxiliary + subject starts a yes/no part, as with the commas
UNPUNCTUATED = True
_SUBJECT = (r"(?:i|we|they|you|he|she|it|a|an|the|my|our|their|its|his|her|this|that|these|those|someone|anyone|"
            r"people|[a-z]+s)\b")
_AUX = r"(?:can|could|do|does|did|is|are|was|were|will|would|should|must|may|has|have)"
_OPENING_IF = re.compile(rf"^(\s*(?:if|once|unless|whenever)\s+\S.{{8,140}}?)\s+(?=(?:{_WH}|{_AUX}\s+{_SUBJECT})\b)",
                         re.IGNORECASE)
_AND_AUX = re.compile(rf"\s+and\s+(?={_AUX}\s+{_SUBJECT}\s+[a-z])", re.IGNORECASE)


def _punctuated(text: str) -> str:
    """`text` with the commas an informal question leaves out (`UNPUNCTUATED`); as it is when it holds a comma."""
    if not UNPUNCTUATED or "," in text:
        return text
    text = _OPENING_IF.sub(r"\1, ", text, count=1)
    if _AND_AUX.search(text):
        text = _AND_AUX.sub(", and ", text, count=1).rstrip(" ?") + "?"
    return text


def split_question(question: str) -> list[str]:
    """The parts of a question, each a question of its own; `[question]` when it has one part."""
    q = question.strip()
    topic = _TOPIC.match(q) if TOPIC_PARTS else None
    if topic and "?" not in topic.group("topic"):
        parts = split_question(_punctuated(q[topic.end():]))
        if len(parts) >= 2:
            return [f"{topic.group(0).strip()} {p[0].lower()}{p[1:]}" for p in parts]
        return [q]
    punctuated = _punctuated(q)
    if punctuated != q:  # the commas help to split it; a question of one part is returned as asked
        parts = split_question(punctuated)
        return parts if len(parts) >= 2 else [q]
    m = _WH_PAIR.match(q)
    if m:
        rest = m.group(3).rstrip(" ?")
        third = []
        if WH_PAIR_AND_MORE:  # "When and where was it done, and with whom is it deposited?": three parts
            pieces = _and_parts(rest)
            if len(pieces) == 2 and len(pieces[1].split()) >= _MIN_WORDS and _LEAD_WH.match(pieces[1].strip()):
                rest, later = pieces[0].strip().rstrip(","), pieces[1].strip().rstrip("?")
                if _ELLIPTIC.match(later):  # "..., and in which languages?" -> "In which languages was it signed?"
                    later = f"{later} {rest}"
                third = [later[0].upper() + later[1:] + "?"]
        return [f"{m.group(1).capitalize()} {rest}?", f"{m.group(2).capitalize()} {rest}?"] + third
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", q) if s.strip()]
    asking = [s for s in sentences if s.endswith("?")]
    context = " ".join(s for s in sentences if not s.endswith("?"))
    if len(asking) >= 2 or (asking and context):  # several questions, or one after a statement: the statement is
        # context for each part ("The brief mentions the Fund. How many projects has it financed, and which
        # Convention established it?")
        parts = [s for a in asking for s in split_question(a)]
        if len(parts) >= 2:
            return [f"{context} {s}".strip() for s in parts]
    compared = split_compared(q)
    if compared:
        return list(compared)
    parts = _and_parts(q)
    if len(parts) == 2:
        first, second = parts[0].strip().rstrip(",?"), parts[1].strip().rstrip("?")
        opening = _OPENING_CLAUSE.match(first) if OPENING_CLAUSES else None
        place = _OPENING_PLACE.match(first) if OPENING_PLACES and not opening else None
        if place and _LEAD_WH.match(first[place.end():]):  # each part asks within the place it names
            return [first + "?"] + [f"{place.group(0)}{p[0].lower()}{p[1:]}"
                                    for p in split_question(second[0].upper() + second[1:] + "?")]
        lead = _LEAD_WH.match(first[opening.end():] if opening else first)
        other = _ELLIPTIC_OF.match(second) if BORROWED_PREDICATES and lead else None
        if other:  # "... of the Ramsar Convention" -> "... of the World Heritage Convention"
            at = list(re.finditer(rf"\b{other.group(2)}\s+", first, re.IGNORECASE))
            if at and len(second.split()) >= 3:
                second = first[:at[-1].start()] + other.group(2).lower() + " " + other.group("thing")
                second = second[opening.end():] if opening else second
        if lead and _ELLIPTIC.match(second):  # "When was it adopted, and where?" -> "Where was it adopted?";
            second = f"{second} {lead.group(2)}"  # "..., and for which States?" -> "For which States does ..."
        if lead and len(first.split()) >= _MIN_WORDS and len(second.split()) >= _MIN_WORDS:
            if opening and CLAUSE_IN_EACH_PART and not re.search(r"\d|\s[A-Z]", second):  # it names nothing of its own
                return [first + "?", f"{opening.group(0)}{second[0].lower()}{second[1:]}?"]
            return [first + "?", second[0].upper() + second[1:] + "?"]
        if YES_NO_PAIRS and _AUXILIARY.match(first) and _AUXILIARY.match(second) and \
                min(len(first.split()), len(second.split())) >= _MIN_WORDS + 2:
            return [first + "?", second[0].upper() + second[1:] + "?"]
    return [q]


# "..., from what age is the population counted by literacy statistics, and from what age by statistics on
# educational attainment?": parts that open with the same question phrase and each ask it of something the other
# does not name are answered one by one, like parts that ask for different kinds of answer
PARALLEL_PARTS = True
_LEAD_PHRASE = re.compile(rf"^\s*((?:{_PREPOSITION})?{_WH}\s+[\w-]+)", re.IGNORECASE)


def parallel(pieces: list[str]) -> bool:
    """Do the parts open with one question phrase (after an opening place or clause) and each hold a content word
    that no other part holds?"""
    from core.textutil import terms

    if not PARALLEL_PARTS or len(pieces) < 2:
        return False
    leads = []
    for p in pieces:
        opening = _OPENING_CLAUSE.match(p) or _OPENING_PLACE.match(p)
        m = _LEAD_PHRASE.match(p[opening.end():] if opening else p)
        if not m:
            return False
        leads.append(" ".join(m.group(1).lower().split()))
    if len(set(leads)) != 1:
        return False
    words = [set(terms(p)) for p in pieces]
    return all(w - set().union(*(o for o in words if o is not w)) for w in words)

