"""Checks that a passage can answer a question at all, before an extractive answer is given.

A sentence can look like an answer (similar words, the right kind of answer) and still answer another
question: SQuAD 2.0's unanswerable questions are written that way, by swapping a name ("San Juan" for
"San Jose"), asking about a number the text does not give, or turning the question around ("what does
*not* compete ..."). Each check returns what is missing, so the refusal can say why.

- `missing_names`: names in the question (runs of capitalised words, not the first word of a sentence) that
  the passage does not contain. Spelling variants count as present: accents are ignored, hyphenated names
  are split, a word matches on its first four letters (Britain/British, China/Chinese), and initials match
  the words they stand for (US / U.S. / United States), also inside a longer run ("Before World War I" holds
  WWI), and two neighbouring passage words count joined ("U. S.", "O 2"). A name of five letters or more one
  slip away from a passage word counts as present (Zeria/Zeira, ARPNET/ARPANET), and a nationality or region
  adjective that only qualifies the noun after it ("What English physicist ...") is not a name the passage must
  hold.
- `missing_numbers`: numbers in the question that the passage does not contain (a year range "2004–05" holds
  2005).
- `negation_unmatched`: the question asks what is *not* the case and the sentence states no negation or
  exception, so it would answer the opposite question.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from core.textutil import STOPWORDS, asked_sentences

PREFIX = 4  # letters a question word and a passage word must share to count as the same name

_QUESTION_WORDS = frozenset([
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "in", "on", "at", "the", "a", "an",
    "of", "for", "after", "before", "during", "if", "until", "since", "to", "by", "from", "as", "with", "is", "are",
    "was", "were", "did", "does", "do", "i", "besides", "other", "and", "or", "but"])
_NAME_TOKEN = re.compile(r"[^\W_][\w'’.-]*")
_PUNCT = re.compile(r"[,;:?!()\"“”]")
_INITIALS = re.compile(r"\b(?:[A-Z]\.){2,}")
_CAPITALISED_RUN = re.compile(r"(?:\b[A-Z][\w'’-]*\s+(?:(?:of|the|and|for|de|du|la)\s+)*)*\b[A-Z][\w'’-]*")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_NEGATION = re.compile(r"\b(not|never|no|cannot|none|nothing|neither|nor|without)\b|n[’']t\b", re.IGNORECASE)
# "..., or not?", "whether or not ...", "... or doesn't it matter?": the negation of an alternative asks nothing
# negative; what it offers is the other answer of a yes/no question.
_ALTERNATIVE = re.compile(r"\bwhether\s+or\s+not\b|\bor\s+(?:not|no|never)\b[^,;:?!]*|\bor\s+(?:do|does|did|is|are|"
                          r"was|were|has|have|had|can|could|should|would|must|need|ca|wo)n[’']?t\b[^,;:?!]*",
                          re.IGNORECASE)
ALTERNATIVES = True
# What a sentence may say instead of "not": an exception, a lack, a limit.
_NEGATIVE_SENTENCE = re.compile(
    r"\b(not|never|no|cannot|none|nothing|neither|nor|without|lack\w*|except\w*|unable|fail\w*|instead|"
    r"absen\w+|exempt\w*)\b|n[’']t\b", re.IGNORECASE)


def plain(text: str) -> str:
    """Casefolded, without accents: "Möngke" and "Mongke" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def question_names(question: str, generic: Iterable[str] = (), joiners: Iterable[str] = ()) -> list[list[str]]:
    """Runs of capitalised words after the first word, each run a list of words (hyphenated names split,
    possessive "'s" and trailing dots removed). Question words and `generic` names are not names. A lower-case
    word of `joiners` between two capitalised words stays inside the run ("International Bureau of Education"
    with joiners {"of"}); by default it ends it."""
    skip = {plain(g) for g in generic}
    joined = {plain(j) for j in joiners}
    runs: list[list[str]] = []
    current: list[str] = []
    tokens = [m.group() for m in re.finditer(rf"{_NAME_TOKEN.pattern}|{_PUNCT.pattern}", question)]

    def name_parts(i: int) -> list[str]:
        word = re.sub(r"['’]s$", "", tokens[i]).rstrip(".'’")
        parts = [p for p in re.split(r"-", word) if p and p[0].isupper()] if word[:1].isalnum() else []
        parts = [p for p in parts if len(p.replace(".", "")) > 1 or p.isdigit()]  # "problem C": not a name
        if i > 0 and not _sentence_start(tokens, i) and parts and plain(word) not in _QUESTION_WORDS \
                and plain(word) not in skip:
            return parts
        return []

    for i, token in enumerate(tokens):
        parts = name_parts(i)
        if parts:
            current += parts
        elif current and token in joined and i + 1 < len(tokens) and name_parts(i + 1):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _sentence_start(tokens: list[str], i: int) -> bool:
    """Whether tokens[i] starts a sentence after the first: "... rebuild? Please answer." ("Please" is not a
    name). A word ending in "." ends a sentence only if it is lower-case and not an abbreviation ("U.S.",
    "Mr." do not)."""
    before = tokens[i - 1]
    if before in ("?", "!"):
        return True
    return before.endswith(".") and before[:1].islower() and "." not in before[:-1]


# "Before World War I, Tesla ...": the run's initials are BWWI, and WWI is in them; every stretch of two or more
# capitalised words of a run gives initials
SUB_RUN_INITIALS = True
# "U. S. flags", "O 2 molecules": two neighbouring words, joined, are a word of the passage too
JOINED_NEIGHBOURS = True
# "Galor and Zeria" for "Galor and Zeira", "ARPNET" for "ARPANET": a name of `NEAR_LENGTH` letters or more one
# edit (a swap of two neighbouring letters counts as one) from a passage word is that word
NEAR_SPELLINGS = True
NEAR_LENGTH = 5
# "What famous English physicist ...", "What European event ...": a nationality or region adjective before a
# lower-case word qualifies that noun; the passage need not repeat it (the answer is the physicist)
QUALIFYING_ADJECTIVES = True
# by its ending: -ish, -ian, -ean, -ican, -ese, -ern, -ic ("English", "Asian", "European", "Japanese"); a bare
# "-an" is too often a name ("Japan", "Sudan")
_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:ish|ian|ean|ican|ese|ern|ic)$")


def _passage_words(text: str) -> tuple[set[str], set[str], set[str]]:
    """(words, four-letter prefixes, initials of capitalised runs) of a passage. One question checks the same
    passages several times (every passage, the best document's, the best sentence's): the last few are kept."""
    return _words_of(text, SUB_RUN_INITIALS, JOINED_NEIGHBOURS)


@lru_cache(maxsize=32)
def _words_of(text: str, sub_runs: bool, joined_neighbours: bool) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    joined = plain(_INITIALS.sub(lambda m: m.group().replace(".", ""), text))  # U.S. -> US; folded once, not per word
    tokens = re.findall(r"[^\W_]+", joined)
    words = set(tokens)
    words |= {w.replace(".", "") for w in re.findall(r"[^\W_][\w.]*[^\W_]", joined)}  # X.25 as x25
    if joined_neighbours:
        words |= {a + b for a, b in zip(tokens, tokens[1:])}
    prefixes = {w[:PREFIX] for w in words if len(w) >= PREFIX}
    initials = set()
    for run in _CAPITALISED_RUN.findall(text):
        caps = [w for w in run.split() if w[:1].isupper()]
        starts = range(len(caps) - 1) if sub_runs else range(1 if len(caps) >= 2 else 0)
        for i in starts:
            for j in range(i + 2, len(caps) + 1) if sub_runs else (len(caps),):
                initials.add("".join(w[0] for w in caps[i:j]))
    return frozenset(words), frozenset(prefixes), frozenset(plain(w) for w in initials)


def _near(word: str, words: set[str]) -> bool:
    """`word` is one edit from a word of `words` of about its length (`NEAR_SPELLINGS`)."""
    if not NEAR_SPELLINGS or len(word) < NEAR_LENGTH or not word.isalpha():
        return False
    from rapidfuzz.distance import OSA
    return any(abs(len(w) - len(word)) <= 1 and w[:1] == word[:1] and OSA.distance(word, w, score_cutoff=1) <= 1
               for w in words)


def _qualifying(question: str, run: list[str]) -> bool:
    """The run is nationality or region adjectives before a lower-case word ("English physicist",
    "Northern European cities"): it qualifies a noun the answer names (`QUALIFYING_ADJECTIVES`)."""
    if not QUALIFYING_ADJECTIVES or not all(_ADJECTIVE.match(w) for w in run):
        return False
    after = re.search(re.escape(run[-1]) + r"\s+([a-z]+)", question)
    return bool(after) and after.group(1) not in _QUESTION_WORDS


# "the UN Charter" for "the Charter of the United Nations": initials inside a longer run stand for a capitalised run
# of the passage, as a lone "US" does
INITIALS_IN_RUNS = True


# "How should States protect wetlands on the Ramsar List?": "States", "Member States", "Contracting Parties" are
# capitalised by the instruments' convention, but they name a role, not a thing; the Ramsar Convention says
# "Contracting Parties" where the question says "States". A run made only of such words is no name a passage must
# hold ("United States" still is); False: it is checked as any name
ROLE_WORDS = True
_ROLES = frozenset("state states party parties member members contracting high government governments".split())


def missing_names(question: str, passage_text: str, generic: Iterable[str] = ()) -> list[str]:
    """The question's names (as written) that `passage_text` does not contain."""
    words, prefixes, initials = _passage_words(passage_text)
    missing = []
    for run in question_names(question, generic):
        if ROLE_WORDS and all(plain(w) in _ROLES for w in run):
            continue
        folded = [plain(w.replace(".", "")) for w in run]
        if all(w in words or (len(w) >= PREFIX and w[:PREFIX] in prefixes) or _near(w, words) or (
                INITIALS_IN_RUNS and len(run) >= 2 and w.isalpha() and o.replace(".", "").isupper() and w in initials)
               for w, o in zip(folded, run)):
            continue
        if _qualifying(question, run):
            continue
        if len(folded) >= 2 and "".join(w[0] for w in folded) in words:  # "United States" for "US"
            continue
        if len(folded) == 1 and folded[0].isalpha() and run[0].replace(".", "").isupper() and folded[0] in initials:
            continue  # "US" for "United States"
        missing.append(" ".join(run))
    return missing


# "Who can propose elements for the Urgent Safeguarding List?" on a library without the 2003 Convention: "urgency",
# "safeguarding" and "list" are each in some passage of the 1976 Recommendation, so no word of the name was missing and
# it was answered from "measures ... taken as a matter of urgency". A name of two or more words is a phrase: some one
# passage must hold its words within NAME_WINDOW words of each other (`scattered_names`); False: each word anywhere
NAMES_TOGETHER = True
NAME_WINDOW = 6
# "What is the International Bureau of Education?" on a library without it: the name was read as "International
# Bureau" (the Phonograms Convention's, of WIPO) and "Education" (in "Educational"), each somewhere, and answered
# from that Convention. Capitalised words joined by "of" are one name too, whose words must stand together
# (session 38); False: only the runs between the "of"s
NAMES_JOINED_BY_OF = True
_NAME_JOINERS = frozenset("the of and for a an in on to de du la le les el los".split())


def _word_matches(word: str, token: str) -> bool:
    """A passage token is the name's word as `missing_names` reads it: the same, the same first letters or one slip."""
    return token == word or (len(word) >= PREFIX and len(token) >= PREFIX and token[:PREFIX] == word[:PREFIX]) or \
        _near(word, {token})


def scattered_names(question: str, passages: Iterable[tuple[str, str]], generic: Iterable[str] = ()) -> list[str]:
    """The question's names of two or more words (as written) whose words no one passage holds near each other
    (`NAMES_TOGETHER`): each word may be somewhere, the name is nowhere. `passages` are (label, text) pairs: a word
    of a passage's label (its document's title, type, city) names the document ("the Ramsar List", "the New Delhi
    Recommendation") and need not stand in its text; the others must stand together there. Names of roles or
    initials ("UN Charter") and names qualifying a noun are left to `missing_names`."""
    if not NAMES_TOGETHER:
        return []
    runs = []
    names = question_names(question, generic)
    joined = [run for run in question_names(question, generic, joiners=("of",)) if "of" in run] \
        if NAMES_JOINED_BY_OF else []
    for run in names + joined:
        kept = [w for w in run if plain(w) not in _NAME_JOINERS]
        content = [plain(w.replace(".", "")) for w in kept]
        if len(content) < 2 or any(not w.isalpha() or o.replace(".", "").isupper() for w, o in zip(content, kept)):
            continue
        if (ROLE_WORDS and all(plain(w) in _ROLES for w in run)) or _qualifying(question, run):
            continue
        runs.append((run, [plain(w.replace(".", "")) for w in run] if run in joined else content, run in joined))
    if not runs:
        return []
    read = [(set(re.findall(r"[^\W_]+", plain(label))), re.findall(r"[^\W_]+", plain(text))) for label, text in passages]
    # a name joined by "of" is the document's when its label holds all its words ("the Means of Prohibiting ..."); else
    # it names a thing of its own, written as the question writes it ("International Bureau of Education" is neither a
    # title's "International" and "Education", nor "Educational ... and the International Bureau of the WIPO")
    return [" ".join(run) for run, words, joined_run in runs if not any(
        _written(words, tokens) or set(words) - {"of"} <= label if joined_run else _together(words, label, tokens)
        for label, tokens in read)]


def _written(words: list[str], tokens: list[str]) -> bool:
    """Do the words stand in `tokens` in order, as written: each one slip or shortening off (`_word_matches`), a
    joiner for a joiner ("Time of Reflection" for "Time for Reflection"), at most one token between two words
    ("Latter-day Saints" for the question's "Latter" and "Saints")?"""
    def fits(w: str, t: str) -> bool:
        return _word_matches(w, t) or (w in _NAME_JOINERS and t in _NAME_JOINERS)

    def rest(k: int, at: int) -> bool:  # words[k:] from tokens[at] or the token after it
        return k == len(words) or any(j < len(tokens) and fits(words[k], tokens[j]) and rest(k + 1, j + 1)
                                      for j in (at, at + 1))

    return any(fits(words[0], t) and rest(1, i + 1) for i, t in enumerate(tokens))


def _together(words: list[str], label: set[str], tokens: list[str]) -> bool:
    """Do the words not in the passage's label stand within their number plus NAME_WINDOW tokens of each other?"""
    rest = [w for w in words if w not in label]
    if not rest:
        return True
    reach = len(words) + NAME_WINDOW
    firsts = [i for i, t in enumerate(tokens) if _word_matches(rest[0], t)]
    return any(all(any(_word_matches(w, t) for t in tokens[max(0, i - reach):i + reach + 1]) for w in rest[1:])
               for i in firsts)


# "shud museums pay ransom 4 stolen art", "good 2 know": a lone 2 or 4 between lower-case words, counting no plural
# noun after it, is a word written as a digit ("for", "to"), not a number the answer should hold
TEXT_SPEAK_DIGITS = True
_REFERENCE_WORDS = frozenset("article articles art paragraph paragraphs para section sections chapter part parts annex "
                             "rule rules no number principle principles item items page pages".split())
_TEXT_SPEAK = re.compile(r"(?<=[a-z][a-z] )[24](?= ([a-z]+)(?: ([a-z]+))?)")


# "how long do they have to put the entries on show n do ppl pay to get in", "how r the informants protected", "shud
# a translator ...": chat spellings of common words, read as the words (the user's own text is what the answer shows).
# Lower-case only, whole words; a single letter only between words and not after a reference word ("Article 2 n",
# "paragraph (r)" stay), so a list item or a variable is never read as a word. Not "govt": read as "government" it
# changed no dev answer and made "... rec 1980 how often for local govt spending" a refusal (the central-government
# passages outranked the local one's; confidence 0.27 -> 0.19).
TEXT_SPEAK_WORDS = True
_CHAT_WORDS = {
    "n": "and", "r": "are", "u": "you", "ur": "your", "y": "why", "ppl": "people", "shud": "should", "shld": "should",
    "wud": "would", "cud": "could", "wat": "what", "wot": "what", "wen": "when", "bc": "because", "cuz": "because",
    "coz": "because", "tho": "though", "thru": "through", "abt": "about",
    "some1": "someone", "any1": "anyone", "every1": "everyone", "b4": "before", "pls": "please", "plz": "please",
    "theyre": "they're", "youre": "you're", "acc to": "according to", "w/o": "without",
}
_CHAT_WORD = re.compile(r"(?<![\w(/'.-])(" + "|".join(sorted(map(re.escape, _CHAT_WORDS), key=len, reverse=True)) +
                        r")(?![\w)/'-])(?!\.\w)")


def _chat_word(m: re.Match) -> str:
    word = m.group(1)
    if len(word) == 1:
        before = m.string[:m.start()].split()
        after = m.string[m.end():]
        if (before and (before[-1].casefold().strip("(") in _REFERENCE_WORDS or before[-1][-1].isdigit())) or \
                not re.match(r"\s+[a-z]|\s*[?!]*\s*$", after):
            return word  # "Article 2 n", "(n)", "n.": not a word
    return _CHAT_WORDS[word]


def as_words(question: str) -> str:
    """The question with its text-speak digits ("4" for "for", `TEXT_SPEAK_DIGITS`) and chat spellings ("n" for
    "and", "shud" for "should", `TEXT_SPEAK_WORDS`) written as words."""
    if TEXT_SPEAK_WORDS:
        question = _CHAT_WORD.sub(_chat_word, question)
    if not TEXT_SPEAK_DIGITS:
        return question

    def word(m: re.Match) -> str:
        after = [w for w in m.groups() if w]
        before = m.string[:m.start()].split()[-1].casefold()
        if any(w.endswith("s") and not w.endswith("ss") for w in after) or before in _REFERENCE_WORDS:
            return m.group()  # "4 members", "2 years": a count; "article 4 of": a reference
        return "for" if m.group() == "4" else "to"
    return _TEXT_SPEAK.sub(word, question)


# "during the 2004–05 season" holds 2005: a year range's second year, written short, counts in full
YEAR_RANGES = True
_YEAR_RANGE = re.compile(r"\b(1[5-9]|20)(\d\d)\s*[–—-]\s*(\d\d)\b")


def missing_numbers(question: str, passage_text: str) -> list[str]:
    if YEAR_RANGES:
        passage_text += " " + " ".join(m.group(1) + m.group(3) for m in _YEAR_RANGE.finditer(passage_text))
    return [n.strip(".,") for n in _NUMBER.findall(question) if n.strip(".,") not in passage_text]


# What a question quotes is what it asks about, not what it asks: 'Who said, "Here I stand. I can do no other"?'
QUOTES_ASK_NOTHING = True
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


# "Who has to prove it doesn't meet the requirements?", "Which court argued that the Treaty did not prevent ...?": when
# the question asks who says, shows or thinks something (its question word is the subject of that verb), what they say
# is content, negation and all; "What did Mote think the system didn't represent?" asks inside it and stays negative
REPORTED_CONTENT = True
_REPORTED = re.compile(
    r"^\W*(?:(?:and|so|but)\s+)?(?:who|which\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:(?:first|also|then|later)\s+)?"
    r"(?:(?:has|have|had|is|are|was|were)\s+to\s+|(?:must|should|can|could|will|would|may)\s+)?"
    r"(?:prov(?:e|es|ed|en|ing)|show(?:s|ed|n|ing)?|demonstrat\w+|establish\w*|claim\w*|argu\w+|decid\w+|"
    r"determin\w+|says?|said|think\w*|thought|believ\w+|conclud\w+|found|finds?|assert\w*|insist\w*)\b",
    re.IGNORECASE)


# "A national ... earned a diploma in a country that is not a party. How does the 1974 Convention differ ...?": a
# statement before the question sets the scene; its negation is not what is asked (`core.textutil.asked_sentences`)
NEGATION_ASKED_SENTENCES = True
# "How does the 1974 Convention differ from the 1983 Convention on diplomas earned in a country that is not a party?":
# a relative clause on the noun of a prepositional phrase says which one (the circumstance); its negation is not what
# is asked. One on the asked noun ("Which are the States that have not ratified it?") or after "of" ("which of the
# States that have not ...") is what is asked, and stays.
RELATIVE_NEGATIONS = True
_RELATIVE_NEGATION = re.compile(
    r"\b((?:in|from|by|to|for|with|on|at|into|under|about)\s+(?:a|an|the|any|some|its|their)\s+(?:[\w-]+\s+){0,2}"
    r"[\w-]+)\s+(?:that|which|who|whose)\s+(?:is|are|was|were|has|have|had|does|do|did)\s*(?:not|n[’']t)\b[^,;?]*",
    re.IGNORECASE)


# "Is the World Heritage Committee allowed to list a site without the country's consent?": a yes/no question asks
# whether what it says is the case; the rule that answers it ("... requires the consent of the State concerned") says
# yes or no whether or not it states a negation, so its sentence is not held to state one (`negation_unmatched`).
# Only a question that asks for a thing ("Which States did not ...?") must be answered by a negation; False: a yes/no
# question's "not", "without" must be matched too
YES_NO_NEGATIONS = True
_YES_NO_Q = re.compile(r"^\W*(?:(?:and|so|but|ok|also)\s+)?(?:is|are|can|could|may|might|must|should|shall|will|would|"
                       r"does|do|did|has|have|had|was|were)\s", re.IGNORECASE)


def asks_negation(question: str) -> bool:
    """The question asks what is *not* the case ("Which States did not ratify ...?")."""
    if ALTERNATIVES:
        question = _ALTERNATIVE.sub(" ", question)
    if QUOTES_ASK_NOTHING:
        question = _QUOTED.sub(" ", question)
    if NEGATION_ASKED_SENTENCES:  # after the quotes are gone: a quote's own sentences ask nothing
        question = asked_sentences(question)
    if RELATIVE_NEGATIONS:  # "diplomas earned in a country that is not a party": it says which country
        question = _RELATIVE_NEGATION.sub(r"\1 ", question)
    if REPORTED_CONTENT and (said := _REPORTED.search(_after_context(question))):
        question = question[:question.find(said.group()) + len(said.group())]
    return bool(_NEGATION.search(question))


def _after_context(question: str) -> str:
    """The question from its first "who" or "which", after a context it may open with ("addis ababa convention
    2014: if my degree gets rejected who has to prove ...")."""
    wh = re.search(r"\b(?:who|which)\b", question, re.IGNORECASE)
    return question[wh.start():] if wh else question


def states_negation(sentence: str) -> bool:
    """The sentence states a negation, an exception, a lack or a limit."""
    return bool(_NEGATIVE_SENTENCE.search(sentence))


def negation_unmatched(question: str, sentence: str) -> bool:
    """The question asks what is not the case, and the sentence says no such thing. A yes/no question's negation
    counts for which sentences come first (`compose.NEGATED_FIRST`: "not a member" for "can a country that's not in
    UNESCO sign up?"), not against an answer that states the rule (`YES_NO_NEGATIONS`)."""
    if YES_NO_NEGATIONS and _YES_NO_Q.match(asked_sentences(question)):
        return False
    return asks_negation(question) and not states_negation(sentence)


# "Who was the first Director-General of UNESCO?", "Which country has the most properties on the List?": a superlative
# or an ordinal says which one is asked, and an answer must say it (a sentence about the Director-General's role
# answers neither). Each asked word counts as held by a word of its group ("first" by "earliest", "initial"), a word
# of its own ("thirty-first" is none). Not:
# "at least"/"at most" (a bound), "the first one"/"most of" (an earlier list, a share), "last" as a verb ("how long
# must protection last under ..."; "the ... last" and "last" before a verb, "did the US last withdraw", are read), a
# capitalised word (a name: "First Protocol").
SUPERLATIVES = True
_SUPERLATIVE_GROUPS: dict[str, tuple[str, ...]] = {
    "first": ("first", "earliest", "initial", "initially", "inaugural", "originally", "1st"),  # not "original": "a single original"
    "last": ("last", "latest", "final", "finally", "most recent", "recently"),
    "most": ("most", "largest", "greatest", "highest", "biggest", "maximum", "majority"),
    "least": ("least", "fewest", "smallest", "lowest", "minimum"),
    "oldest": ("oldest", "earliest", "first"),
    "earliest": ("earliest", "first", "oldest"),
    "newest": ("newest", "latest", "youngest", "most recent"),
    "latest": ("latest", "last", "newest", "most recent"),
    "youngest": ("youngest", "newest"),
    "largest": ("largest", "biggest", "greatest", "most"),
    "biggest": ("biggest", "largest", "greatest", "most"),
    "greatest": ("greatest", "largest", "most", "biggest"),
    "highest": ("highest", "tallest", "most"),
    "tallest": ("tallest", "highest"),
    "lowest": ("lowest", "least"),
    "smallest": ("smallest", "least", "fewest"),
    "fewest": ("fewest", "least", "smallest"),
    "longest": ("longest",),
    "shortest": ("shortest",),
}
_SUPERLATIVE = re.compile(r"(?<!\bat )(?<!\bat the )(?<![\w-])(" + "|".join(_SUPERLATIVE_GROUPS) + r")(?![\w-])"
                          r"(?!\s+(?:one|ones|of)\b)")
_THE_LAST = re.compile(r"\bthe\s+(?:very\s+)?last$")  # not "the protection last" (a verb)
# "When did the United States last withdraw?": "last" before a verb asks for the latest time, as "the last X" does;
# "how long must protection last under ..." (a verb before a preposition or the end) asks nothing of the kind
_LAST_BEFORE_VERB = re.compile(r"\s+(?!(?:under|in|for|at|on|to|until|after|before|from|with|by|of|and|or|beyond|"
                               r"longer|long)\b)[a-z]{3,}\b")


def asked_superlatives(question: str) -> list[str]:
    """The superlatives and ordinals that say which one the question asks about (`SUPERLATIVES`), lower case."""
    return [word for word, _ in _superlatives(question)] if SUPERLATIVES else []


# "Who was the first chairperson of the Commission?" is not answered by "when it first proposes its Rules": a
# superlative before a noun is held only by a word of its group that the same noun follows (within HEAD_REACH words;
# the noun by its first four letters, "published" for "publication"). One not before a noun ("the first to ratify",
# "come first for heritage") is held by any word of its group.
SUPERLATIVE_HEADS = True
HEAD_REACH = 3
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@lru_cache(maxsize=64)
def _superlatives(question: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each asked superlative (first occurrence) with the words (up to two, before a stopword) of the noun it
    modifies, by their first four letters. Cached: one answer checks the same question against several sentences."""
    found: dict[str, tuple[str, ...]] = {}
    for m in _SUPERLATIVE.finditer(asked_sentences(question)):
        word, after = m.group(1), m.string[m.end():]
        if word == "last" and not (_THE_LAST.search(m.string[:m.end()]) or _LAST_BEFORE_VERB.match(after)):
            continue
        if word in ("most", "least") and re.match(r"\s+[a-z]+ly\b", after):
            continue  # "the most commonly ascribed", "most likely": an adverb's degree, not which one
        if word not in found:
            heads = []
            for token in _WORD.findall(after)[:2]:
                if token.casefold() in STOPWORDS:
                    break
                heads.append(token.casefold()[:PREFIX])
            found[word] = tuple(heads)
    return tuple(found.items())


def holds_superlatives(sentence: str, question: str) -> bool:
    """Every superlative `question` asks (`asked_superlatives`) is said in `sentence` by a word of its group (a word
    of its own: "thirty-first session" is no "first"), before the noun it modifies in the question
    (`SUPERLATIVE_HEADS`)."""
    folded = sentence.casefold()

    def said(alt: str, heads: tuple[str, ...]) -> bool:
        return any(not (SUPERLATIVE_HEADS and heads) or
                   any(h in [t[:PREFIX] for t in _WORD.findall(folded[m.end():])[:HEAD_REACH]] for h in heads)
                   for m in re.finditer(rf"(?<![\w-]){re.escape(alt)}(?![\w-])", folded))

    return all(any(said(alt, heads) for alt in _SUPERLATIVE_GROUPS[word]) for word, heads in _superlatives(question))


def superlative_unmatched(question: str, sentence: str) -> bool:
    """The question asks for the first, the most, the oldest ... and the sentence says no such thing."""
    return bool(asked_superlatives(question)) and not holds_superlatives(sentence, question)
