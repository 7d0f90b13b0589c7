"""Which document a name means: the library's titles, short titles and aliases, found in questions.

    resolver = DocumentResolver.for_store(store)
    resolver.resolve("the 1970 Convention")              # -> "CONVENTION_0201_013039_1970_paris"
    resolver.focus("¿Qué dice la Convención de La Haya de 1954?")   # -> ("CONVENTION_0201_013637_1954_the_hague",)
    resolver.scope_ids(Scope(types=("Recommendation",)))  # -> the ids of every Recommendation
    resolver.entry(doc_id)                                # -> LibraryEntry: title, short title, aliases, type, year

One alias index, built from the store's document records (`DocumentInfo`): every document's aliases, short
title and title (titles of three words or more, or naming a type: "Science Diplomacy" is a subject too), plus
names generated from its metadata: "YEAR TYPE" when no other document of that type has that year, "CITY TYPE"
when no other has that city, and "its/the/UNESCO's TYPE" for the only document of a type. Names are compared
after `normalise_name` (case, accents, curly quotes, a possessive "'s", a leading "the", punctuation). In a
question, exact names are found among its word n-grams (longest first, never overlapping), then loose ones
around a word for a document type in English, French or Spanish or a misspelling of it (a year next to it, or
most of a name's words near it, in any order): see `find_mentions`. A name claimed by several documents is
not used for focus, and `resolve` lists the candidates. The index follows the store's writes.
"""

from __future__ import annotations

import difflib
import re
import threading
import time
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from core.errors import NotFoundError
from core.textutil import terms
from core.types import Scope

RECHECK_S = 30.0  # a server store (other writers) is asked for its documents at most this often
MAX_NAME_WORDS = 24  # longest name looked up among a question's n-grams (full titles are long)
MEMO_SIZE = 512  # texts whose names are kept per index (`_Index.remembered`)
_WORD = re.compile(r"[0-9a-z]+(?:[-'][0-9a-z]+)*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
# Words that may open or close a name in running text without being part of it ("the Hague Convention's
# Article 5"): dropped from both ends of a name when it is indexed and when it is looked up.
_EDGE = {"the", "a", "an", "of", "its", "their", "his", "her", "this", "that"}
# Generic references that mean "the document we were talking about" when they stand alone.
_TYPE_WORDS = {"convention", "recommendation", "declaration", "charter", "agreement", "protocol",
               "constitution", "instrument", "treaty", "text", "document"}


# The kinds of legal instrument: texts that set out rules as adopted, not how things stand today.
INSTRUMENT_TYPES = frozenset({"convention", "recommendation", "declaration", "charter", "agreement", "protocol",
                              "constitution"})


def is_instrument(doc_type: str) -> bool:
    """Is a document of this type (library metadata: "Convention", "Recommendation", ...) a legal instrument?"""
    return doc_type.strip().casefold() in INSTRUMENT_TYPES


TREATY_TYPES = frozenset({"convention", "agreement", "protocol"})  # instruments that are joined and denounced


def is_treaty(doc_type: str) -> bool:
    """Is a document of this type a treaty (a convention, agreement or protocol), which a State denounces?"""
    return doc_type.strip().casefold() in TREATY_TYPES


def _fold(text: str) -> str:
    """Case, curly quotes and accents folded ("Convención" -> "convencion")."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES).casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return [w[:-2] if w.endswith("'s") and len(w) > 2 else w for w in _WORD.findall(_fold(text))]


def normalise_name(text: str) -> str:
    """Lower case, straight quotes, no possessive 's, words only, no leading "the"/"a"/"its" ...: the key under
    which a name is indexed and looked up."""
    words = _words(text)
    while words and words[0] in _EDGE:
        words = words[1:]
    while words and words[-1] in _EDGE:
        words = words[:-1]
    return " ".join(words)


@dataclass(frozen=True)
class LibraryEntry:
    """What the library says about one stored document (from its record in the store)."""

    id: str
    title: str
    short_title: str = ""
    aliases: tuple[str, ...] = ()
    doc_type: str = ""
    year: int = 0
    origin: str = ""
    city: str = ""

    @property
    def label(self) -> str:
        return self.short_title or self.title or self.id


@dataclass
class _Index:
    entries: dict[str, LibraryEntry]
    names: dict[str, set[str]] = field(default_factory=dict)  # normalised name -> document ids
    generic: dict[str, str] = field(default_factory=dict)  # "constitution" -> the only Constitution's id
    by_type: dict[str, list[LibraryEntry]] = field(default_factory=dict)  # "convention" -> its documents
    content: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # id -> each name's telling words
    bodies: dict[str, str] = field(default_factory=dict)  # "unesco", "united nations educational ..." -> its Constitution
    versions: dict[str, list[str]] = field(default_factory=dict)  # id -> the other versions of that instrument
    longest: int = 1
    # (what, text, loose) -> the names found: one question is read for names a dozen times (its focus, its parts,
    # its passages' checks), a comparison's up to 17 times; kept with the index, so a changed library forgets it
    memo: dict = field(default_factory=dict)

    def remembered(self, key: tuple, compute):
        """`compute()`, kept for `key` (at most `MEMO_SIZE` results; the oldest go first)."""
        try:
            return self.memo[key]
        except KeyError:
            pass
        value = compute()
        if len(self.memo) >= MEMO_SIZE:
            try:
                self.memo.pop(next(iter(self.memo)), None)
            except (StopIteration, RuntimeError):  # another thread emptied or changed it meanwhile
                pass
        self.memo[key] = value
        return value

    def add(self, name: str, doc_id: str) -> None:
        key = normalise_name(name)
        if key:
            self.names.setdefault(key, set()).add(doc_id)
            self.longest = max(self.longest, min(MAX_NAME_WORDS, key.count(" ") + 1))


class DocumentResolver:
    """Names -> document ids over one store's documents; rebuilt when they change. Thread-safe."""

    _by_store: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
    _registry_lock = threading.Lock()

    def __init__(self, store) -> None:
        self._store = weakref.ref(store)  # the registry must not keep a closed store alive
        self._lock = threading.Lock()
        self._key: object = None
        self._index: _Index | None = None
        self._count = -1
        self._checked = 0.0

    @classmethod
    def for_store(cls, store) -> DocumentResolver:
        """The one resolver of `store` (the facade, the answerer and the retriever share it)."""
        with cls._registry_lock:
            r = cls._by_store.get(store)
            if r is None:
                r = cls._by_store[store] = cls(store)
            return r

    @property
    def store(self):
        store = self._store()
        if store is None:
            raise RuntimeError("the store of this resolver was closed and freed")
        return store

    # -- the index -------------------------------------------------------------------------
    def entries(self) -> dict[str, LibraryEntry]:
        return self._current().entries

    def entry(self, doc_id: str) -> LibraryEntry | None:
        return self._current().entries.get(doc_id)

    def invalidate(self) -> None:
        """Forget the index (the facade calls this after an ingest or a delete)."""
        with self._lock:
            self._index = None

    def _current(self) -> _Index:
        """The index, rebuilt when the store's chunk count moved (any write in this process resets it; a server
        store, which other processes may write, is checked every `RECHECK_S`)."""
        now = time.monotonic()
        with self._lock:
            if self._index is not None and (not self.store.server or now - self._checked < RECHECK_S):
                count = self.store.cached_count()
                if count == self._count:
                    return self._index
            count = self.store.cached_count()
            infos = self.store.list_documents()
            key = tuple(sorted((d.id, d.content_hash) for d in infos))
            if self._index is None or key != self._key:
                self._index = build_index([self._entry(d) for d in infos])
                self._key = key
            self._count, self._checked = count, now
            return self._index

    @staticmethod
    def _entry(info) -> LibraryEntry:
        return LibraryEntry(id=info.id, title=info.title or "", short_title=info.short_title or "",
                            aliases=tuple(a for a in info.aliases if a.strip()), doc_type=info.doc_type or "",
                            year=int(info.year or 0), origin=info.origin or "", city=getattr(info, "city", "") or "")

    # -- names -----------------------------------------------------------------------------
    def resolve(self, name: str) -> str:
        """The id of the document `name` means (an id, a title, a short title or an alias; case-insensitive, a
        leading "the" ignored). Raises `NotFoundError` naming close matches when none or several match."""
        index = self._current()
        if name in index.entries:
            return name
        ids = index.names.get(normalise_name(name), set())
        if len(ids) == 1:
            return next(iter(ids))
        if len(ids) > 1:
            options = "; ".join(f"{index.entries[i].label} ({i})" for i in sorted(ids))
            raise NotFoundError(f"{name!r} could mean several documents: {options}. Use a document id.")
        close = difflib.get_close_matches(normalise_name(name), list(index.names), n=5, cutoff=0.6)
        close_ids = list(dict.fromkeys(i for c in close for i in sorted(index.names[c])))[:5]
        close_ids += difflib.get_close_matches(name, list(index.entries), n=3, cutoff=0.6)
        hint = ("; ".join(f"{index.entries[i].label} ({i})" for i in dict.fromkeys(close_ids))
                if close_ids else "none")
        raise NotFoundError(f"No document called {name!r} in the store. Close matches: {hint}. "
                            "`unesco-assistant documents` lists them all.")

    def scope_ids(self, scope: Scope | None) -> frozenset[str] | None:
        """The ids of the documents `scope` allows (None: no restriction). Names in `scope.documents` are
        resolved (ids, titles, aliases)."""
        if not scope:
            return None
        index = self._current()
        allowed = set(index.entries)
        if scope.documents:
            allowed &= {self.resolve(d) for d in scope.documents}
        if scope.types:
            wanted = {normalise_name(t) for t in scope.types}
            allowed = {i for i in allowed if normalise_name(index.entries[i].doc_type) in wanted}
        if scope.years:
            years = {int(y) for y in scope.years}
            allowed = {i for i in allowed if index.entries[i].year in years}
        if scope.origin:
            origin = scope.origin.casefold()
            allowed = {i for i in allowed if index.entries[i].origin.casefold() == origin}
        return frozenset(allowed)

    def mentions(self, text: str, *, loose: bool = True) -> tuple[str, ...]:
        """Documents named in `text` unambiguously, in order of first mention (see `find_mentions`; `loose=False`:
        exact names only, cheap enough for every retrieved passage)."""
        index = self._current()
        return index.remembered(("mentions", text, loose), lambda: find_mentions(index, text, loose=loose))

    def unheld(self, question: str) -> tuple[str, ...]:
        """The documents a question names by a type and a year that the library holds none of ("the 2010 Universal
        Declaration on Archives" when it holds Declarations, but none of 2010), as "Declaration of 2010"
        (`UNHELD_DOCUMENTS`). Another document would answer in its place."""
        if not UNHELD_DOCUMENTS:
            return ()
        index = self._current()
        words = normalise_name(question).split()
        out = []
        for i, word in enumerate(words):
            t = _type_word(word, index.by_type)
            years = _years_beside(words, i, YEAR_WINDOW, index.by_type) if t else set()
            held = index.by_type.get(t, ())  # a library of no Charters says nothing of "the Social Charter in 1989"
            if years and held and not any(e.year in years for e in held):
                out.append(f"{t.capitalize()} of {' or '.join(map(str, sorted(years)))}")
            elif PLURAL_YEARS_UNHELD and len(years) > 1 and held and word != t and word.endswith("s"):
                # "the 1972 and 2003 Conventions" names one Convention of each year (`_loose`): a year of none
                out += [f"{t.capitalize()} of {y}" for y in sorted(years) if not any(e.year == y for e in held)]
        if UNHELD_TITLES:
            out += _unheld_titles(question, index.by_type)
        if QUALIFIED_NAMES:
            out += _unheld_qualified(question, index.by_type)
        return tuple(dict.fromkeys(out))

    def forget_lookups(self) -> None:
        """Forget the names found in texts so far (benchmarks time each question as if it were new)."""
        with self._lock:
            if self._index is not None:
                self._index.memo.clear()

    def constituting(self, question: str) -> tuple[str, ...]:
        """The constitution of the body a question asks the purpose of, and nothing else of ("What is the purpose of
        UNESCO?", "What are the aims of the United Nations Educational, Scientific and Cultural Organization?"; not
        "Since when has UNESCO had a universal mandate for science?"): a constitution's title says which body it
        constitutes ("Constitution of ..."). () for any other question."""
        founding = WHY_FOUNDED and bool(_WHY_FOUNDED.search(question))
        if not (_BODY_PURPOSE.search(question) or founding):
            return ()
        index = self._current()
        words = f" {normalise_name(question)} "
        asked = set(terms(question)) - _PURPOSE_TERMS - (_FOUNDING_TERMS if founding else frozenset())
        found = []
        for body, doc in index.bodies.items():
            if f" {body} " in words and not asked - set(terms(body)):
                found.append(doc)
        return tuple(dict.fromkeys(found))

    def constituting_organ(self, question: str, headings_of: Callable[[str], Iterable[str]]) -> tuple[str, ...]:
        """The constitution of the body whose organ a question names ("How often does UNESCO's General Conference
        meet?", "How many members sit on the Executive Board of UNESCO?"): the question names the body, and beside
        it a name that one of the constitution's articles is headed by ("Article IV – The General Conference",
        "Article V – Executive Board"). `headings_of(doc)` gives a document's section headings. () when the question
        names no body, or no organ ("cooperation between States ..., according to UNESCO's 2003 Declaration")."""
        index = self._current()
        words = f" {normalise_name(question)} "
        if OTHER_TYPES_NAME_NO_ORGAN and any(_type_word(w, index.by_type) in INSTRUMENT_TYPES - {"constitution"}
                                             for w in words.split()):
            return ()  # "... under the UNESCO Recommendation?" asks of a Recommendation, not of the Constitution
        named = [body for body in index.bodies if f" {body} " in words]
        names = {normalise_name(n).replace("-", " ") for n in capitalised_names(question, named)} if named else set()
        # "Who can become a member of UNESCO?", "Who approves UNESCO's budget?": a word of the question that begins
        # a one-word heading of the constitution ("Article II – Membership", "Article IX – Budget")
        plain = _plain_words(words, named)
        found = []
        for doc in dict.fromkeys(index.bodies[body] for body in named) if names or plain else ():
            organs = self._organs(index, doc, headings_of)
            if names & organs or _heading_words(plain, organs):
                found.append(doc)
        return tuple(found)

    def heading_words(self, question: str, document_id: str, headings_of: Callable[[str], Iterable[str]]) -> list[str]:
        """The one-word headings of `document_id` that a word of the question begins ("member" -> "membership"):
        the document's own word for what is asked (`HEADING_WORDS`)."""
        index = self._current()
        words = f" {normalise_name(question)} "
        plain = _plain_words(words, [body for body in index.bodies if f" {body} " in words])
        return _heading_words(plain, self._organs(index, document_id, headings_of)) if plain else []

    @staticmethod
    def _organs(index, doc: str, headings_of: Callable[[str], Iterable[str]]) -> set[str]:
        """A constitution's article headings without their numbers ("Article IV – The General Conference" ->
        "general conference"), read once per index."""
        return index.remembered(("organs", doc), lambda: {
            normalise_name(_ARTICLE_HEADING.sub("", h)).replace("-", " ") for h in headings_of(doc)} - {""})

    def name_spans(self, text: str) -> list[tuple[int, int, str]]:
        """(first character, end character, document id) of each document name in `text`, in order, with the
        "the" before it and the description of the document that follows it ("the 1974 Brussels Satellite
        Convention on programme-carrying signals"); [] when the words cannot be mapped back to `text`."""
        index = self._current()
        return index.remembered(("spans", text), lambda: name_spans(index, text))

    def without_names(self, text: str) -> str:
        """`text` without the document names in it (see `without_names`)."""
        index = self._current()
        return index.remembered(("without", text, True), lambda: without_names(index, text))

    def carried(self, documents: Sequence[str]) -> tuple[str, ...]:
        """The document the last answer cited, as the focus of a follow-up that names none
        (`conversation.carries_on`); () when that answer cited several (two documents in focus make a follow-up a
        comparison, answered document by document) or one the library no longer holds."""
        known = tuple(d for d in documents if d in self._current().entries)
        return known if len(known) == len(documents) == 1 else ()

    def focus(self, question: str, history: Sequence[str] = ()) -> tuple[str, ...]:
        """The documents a question is about: those it names; else, when it refers to one generically ("the
        Convention", "its Constitution", "this Recommendation") or carries on a conversation, those the latest
        earlier question named."""
        named = self.mentions(question)
        if named or not history:
            return named
        prior = self._latest_named(history)
        if not prior or (OTHER_YEAR_ENDS_FOCUS and _names_another_year(self._current(), question, prior)):
            return ()  # "... under the 1976 rec ...": another document than the conversation's (`leaves_conversation`)
        return prior if _refers_back(question) else ()

    def _latest_named(self, history: Sequence[str]) -> tuple[str, ...]:
        for earlier in reversed(list(history)):
            prior = self.mentions(earlier)
            if prior:
                return prior
        return ()

    def leaves_conversation(self, question: str, history: Sequence[str]) -> bool:
        """Does the question name a document of a year none of the conversation's documents has ("shud a translator
        work into their mother tongue under the 1976 rec, or doesnt it matter?" after a turn on the 1974 and 2019
        conventions), though the name is ambiguous (five 1976 Recommendations)? It is then about another document:
        its pronoun ("it") points back at nothing (`OTHER_YEAR_ENDS_FOCUS`)."""
        if not OTHER_YEAR_ENDS_FOCUS or not history or self.mentions(question):
            return False
        prior = self._latest_named(history)
        return bool(prior) and _names_another_year(self._current(), question, prior)


def build_index(entries: Iterable[LibraryEntry]) -> _Index:
    entries = list(entries)
    index = _Index({e.id: e for e in entries})
    for e in entries:  # "Constitution of the United Nations Educational, Scientific and Cultural Organization"
        body = _CONSTITUTES.match(e.title or "")
        if body and _type_key(e.doc_type) == "constitution":
            name = body.group(1)
            initials = "".join(w[0] for w in re.findall(r"[A-Z][\w-]*", name))
            for key in {normalise_name(name), normalise_name(initials) if len(initials) >= 3 else ""} - {""}:
                index.bodies[key] = e.id
    for e in entries:
        t = _type_key(e.doc_type)
        if t:
            index.by_type.setdefault(t, []).append(e)
    for e in entries:
        for name in e.aliases:
            if _distinctive(name):
                index.add(name, e.id)
        for name in (e.title, e.short_title):  # "Science Diplomacy" is a subject as much as a title
            if _distinctive(name) and (len(normalise_name(name).split()) >= 3 or _TYPE_WORDS & set(
                    normalise_name(name).split())):
                index.add(name, e.id)
        t = _type_key(e.doc_type)
        if t:
            same_year = [o for o in index.by_type[t] if o.year == e.year]
            city = normalise_name(getattr(e, "city", ""))
            if e.year and len(same_year) == 1 and t in _TYPE_WORDS:
                index.add(f"{e.year} {e.doc_type}", e.id)
                index.add(f"{e.doc_type} of {e.year}", e.id)
            if len(index.by_type[t]) == 1:  # "its Constitution", "UNESCO's brief": the only one of its type
                index.generic[t] = e.id
            if city and len([o for o in index.by_type[t] if normalise_name(o.city) == city]) == 1:
                index.add(f"{city} {t}", e.id)  # "the Nice Convention", "the Florence Agreement"
            if city and e.year:
                index.add(f"{e.year} {city} {t}", e.id)
        for alias in _subject_names(e, index.by_type.get(t, []) if t in _TYPE_WORDS else []):
            index.add(alias, e.id)
        content = {tuple(w for w in dict.fromkeys(_words(name))
                         if w not in _STOP and not w.isdigit() and w != t and w not in _TYPE_WORDS)
                   for name in (e.title, e.short_title, *e.aliases)}
        index.content[e.id] = [c for c in content if c]
    if VERSIONS:
        telling = {e.id: {w for w in _words(e.title) if w not in _STOP and not w.isdigit() and w not in _TYPE_WORDS}
                   for e in entries}
        for same_type in index.by_type.values():
            for e in same_type:
                index.versions[e.id] = [o.id for o in same_type if _versions_of(e, o, telling)]
    return index


def _versions_of(a: LibraryEntry, b: LibraryEntry, telling: dict[str, set[str]]) -> bool:
    """Two versions of one instrument: of different years, the telling words of one title (`telling`) all in the
    other's ("Universal Copyright Convention" and "... as revised at Paris on 24 July 1971"; the 1974 and the 2019
    "Regional Convention on the Recognition of Studies ... in Latin America and the Caribbean")."""
    if not (a.year and b.year) or a.year == b.year:
        return False
    words = telling[a.id], telling[b.id]
    return len(min(words, key=len)) >= 2 and (words[0] <= words[1] or words[1] <= words[0])


def _subject_words(title: str) -> list[str]:
    """The words of a title that say what it is about ("Declaration on Race and Racial Prejudice" -> race, racial,
    prejudice), in order, each in its singular form."""
    from core.textutil import STOPWORDS

    words = [w for w in _words(title) if w not in _STOP and w not in STOPWORDS and w not in _TYPE_WORDS
             and not w.isdigit() and len(w) > 3]
    return [w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in words]


def _subject_names(entry, same_type: Sequence) -> list[str]:
    """Short names people use: a word of the title (or two adjacent ones) that no other title of the same type has,
    before the type word: "the race declaration", "the doping convention", "the human genome declaration". Both
    the singular and the plural ("teacher(s) recommendation")."""
    t = _type_key(entry.doc_type)
    if not same_type:
        return []
    others: dict[str, int] = {}
    for o in same_type:
        for w in set(_subject_words(o.title)):
            others[w] = others.get(w, 0) + 1
    words = _subject_words(entry.title)
    names = []
    for w in words:
        if others.get(w, 0) == 1:
            names += [f"{w} {t}", f"{w}s {t}"]
    for a, b in zip(words, words[1:]):
        if others.get(a, 0) == 1 or others.get(b, 0) == 1:
            names += [f"{a} {b} {t}", f"{a} {b}s {t}"]
    return names


_CONSTITUTES = re.compile(r"^\s*Constitution\s+of\s+(?:the\s+)?(.+?)\s*$", re.IGNORECASE)
# "Article IV – The General Conference" -> "General Conference": what an article of a constitution is about
_ARTICLE_HEADING = re.compile(r"^\s*(?:article|chapter|part|section)\s+[\divxlc.]+\s*[–—:.-]?\s*(?:the\s+)?",
                              re.IGNORECASE)


def _plain_words(words: str, bodies: Iterable[str]) -> set[str]:
    """The question's words (of `words`, its normalised name form) of HEADING_WORD_MIN letters or more that are not a
    word of the named `bodies`; none when `HEADING_WORDS` is off."""
    if not HEADING_WORDS:
        return set()
    body_words = {w for b in bodies for w in b.split()}
    return {w for w in words.split() if len(w) >= HEADING_WORD_MIN and w not in body_words}


def _heading_words(words: set[str], headings: set[str]) -> list[str]:
    """The one-word headings (of HEADING_WORD_MIN letters or more) that one of `words` begins, but is not."""
    return sorted(h for h in headings if " " not in h and len(h) >= HEADING_WORD_MIN
                  and any(h.startswith(w) and h != w for w in words))


def capitalised_names(question: str, bodies: Iterable[str] = ()) -> list[str]:
    """The question's names (`answerability.question_names`: runs of capitalised words after its first word), the
    `bodies`' words left out ("UNESCO's General Conference" -> "General Conference", "the Executive Board of UNESCO"
    -> "Executive Board")."""
    from assistant.answerability import question_names

    return [" ".join(run) for run in question_names(question, {w for b in bodies for w in b.split()})]


# "What is the purpose of UNESCO?", "What are UNESCO's aims?": what a body is for is said by its constitution.
# a question word that begins a one-word heading of a body's constitution ("member" -> "Membership") names that article,
# as an organ's name does (`constituting_organ`); False: only capitalised names (organs) count
HEADING_WORDS = True
HEADING_WORD_MIN = 5
_BODY_PURPOSE = re.compile(r"\b(?:purposes?|aims?|functions|mandate|objectives?|goals?)\b", re.IGNORECASE)
# "Why was UNESCO created?", "Why does UNESCO exist?" ask what the body is for, as "What is UNESCO's purpose?" does (a
# 2001 Declaration's recital was the answer); False: only a purpose word asks it
WHY_FOUNDED = True
_WHY_FOUNDED = re.compile(r"\bwhy\s+(?:was|were|did|does|do|is)\b[^?]{0,90}?\b(?:created|founded|established|set\s+up|"
                          r"formed|exists?)\b", re.IGNORECASE)


_PURPOSE_TERMS = frozenset(terms("purpose purposes aim aims function functions mandate objective objectives goal "
                                  "goals main"))
_FOUNDING_TERMS = frozenset(terms("created founded established set up formed exist exists"))


def _type_key(doc_type: str) -> str:
    """"Convention" -> "convention", "policy brief" -> "brief": the word a question would use."""
    words = normalise_name(doc_type).split()
    return words[-1] if words else ""


def _distinctive(name: str) -> bool:
    """A name worth looking for in running text: several words, or a year; never one word ("Preamble")."""
    key = normalise_name(name)
    return " " in key or any(c.isdigit() for c in key)


_BACK = re.compile(r"\b(?:it|its|this|that|these|those|the same|such|said|above)\b|\bthe (?:"
                   + "|".join(sorted(_TYPE_WORDS)) + r")\b", re.IGNORECASE)


_ANAPHORA = {"its", "this", "that", "su", "sa", "son"}
# Words before a type word that make it a reference to the only document of that type ("UNESCO's brief",
# "la Constitución"); normalise_name has already dropped a possessive "'s".
_DETERMINERS = _ANAPHORA | {"the", "unesco", "organization", "la", "le", "el", "l", "acte", "l'acte"}


def _refers_back(question: str) -> bool:
    return bool(_BACK.search(question.translate(_QUOTES))) or len(question.split()) <= 8


# -- finding names in running text ---------------------------------------------------------------------------

# What people write for a type of document, in English, French and Spanish, and common shorthand; other
# spellings within a small edit distance count too ("convension", "recomendation").
_TYPE_SYNONYMS = {
    "convention": ("convention", "conventions", "conv", "convencion", "convenio"),
    "recommendation": ("recommendation", "recommendations", "rec", "recommandation", "recomendacion"),
    "declaration": ("declaration", "declarations", "decl", "declaracion"),
    "charter": ("charter", "charte", "carta"),
    "agreement": ("agreement", "accord", "acuerdo"),
    "protocol": ("protocol", "protocole", "protocolo"),
    "constitution": ("constitution", "constitucion", "constitutif"),  # "l'Acte constitutif de l'UNESCO"
    "brief": ("brief", "note"),
    "page": ("page", "pagina", "webpage", "website"),
}
# Words that say nothing about which document is meant.
_STOP = {"the", "a", "an", "of", "on", "for", "and", "in", "to", "at", "by", "with", "from", "into", "as", "its",
         "concerning", "regarding", "against", "towards", "between", "relating", "international", "unesco",
         "organization", "united", "nations", "revised", "text", "la", "le", "les", "de", "du", "des", "el", "del",
         "los", "las", "sobre", "et", "y"}
# a description of a named document after its name ("the 1974 Brussels Convention on programme-carrying satellite
# signals") goes with the name when searching inside it (`without_names`); False: only the name itself
NAME_TAILS = True
# "How many members may the jury of an international architecture competition have at most under the UNESCO
# Recommendation?": a question that names an instrument of another type than a constitution (a Recommendation, a
# Convention ...) is about that one, though it names the body and a word of a Constitution heading ("members" ->
# "Membership"); it was answered from the Constitution's Executive Board. False: the body and the word decide
OTHER_TYPES_NAME_NO_ORGAN = True
# "the 1972 Declaration of Guiding Principles on the Use of Satellite Broadcasting": the rest of a title after "of"
# is a tail too when two of its words follow ("of 1961" and "of the rules" are not); False: "of" is no tail link
OF_TAILS = True
_OF_TAIL_WORDS = 2
# a question that names a document of another year than the conversation's documents ("the 1976 rec") does not carry
# their focus, though the name is ambiguous (`_names_another_year`); False: a pronoun ("it") carries it
OTHER_YEAR_ENDS_FOCUS = True
VERSIONS = True  # a named instrument's other version, told by its year, is named too (`_other_versions`)
# "the 2010 Universal Declaration on Archives": a type word with a year names a document; when the library holds no
# document of that type and year (`DocumentResolver.unheld`), the question asks about one it lacks, and another
# document's sentence would answer in its place; False: such a question is answered from the nearest passages
UNHELD_DOCUMENTS = True
# "What does the Recommendation on Open Science define as open science?": a type word and the capitalised words of a
# title after "on" / "concerning" / "for" name a document; when no held document of that type has every content word
# of them in its title or aliases, the library lacks it (`_unheld_titles`), and the Recommendation on Open
# Educational Resources would answer in its place; False: only a type word's year tells a document the library lacks
UNHELD_TITLES = True
# "Compare ... in the 1972 and 2003 Conventions": a plural type word names a document of each year beside it, and each
# year the library holds no document of that type for is unheld though the other is held; False: only when none is
PLURAL_YEARS_UNHELD = True
# "the 2019 Global Convention": capitalised name words between a year and a type word name a document; when no held
# document of that type and year has them in its title, aliases or city (`_unheld_qualified`), the library lacks it,
# and the 2019 regional Convention would answer in its place; False: only the year is checked
QUALIFIED_NAMES = True
# "How do the Beirut and Florence Agreements differ?" named only the Florence Agreement, and was refused for "Beirut":
# names that share one plural type word are each read with it (`_coordinated`); False: only names written out whole
COORDINATED_NAMES = True
COORDINATED_REACH = 8  # words back from the plural type word searched for "and" / "or" / ","
COORDINATED_WORDS = 4  # words of the first conjunct, before the first conjunction
NAME_WINDOW = 8  # words either side of a type word searched for a name's other words
YEAR_WINDOW = 5  # words either side of a type word where a year counts as the document's year
# "folklore rec 89": two digits next to a type word are the year of a document of that type that ends so (1989);
# never a year no such document has, so a short number names nothing the library lacks; False: four digits only
TWO_DIGIT_YEARS = True


# a type word, its title link, and the capitalised words after it ("Recommendation on the Ethics of Artificial
# Intelligence"): "of"/"and"/"the" may join them, a lower-case word or a mark ends the title
_TITLE_AFTER_TYPE = re.compile(r"\b([A-Z][a-z]+)\s+(?:on|concerning|for|regarding|relating\s+to)\s+(?:the\s+)?"
                               r"((?:[A-Z][\w'’-]*)(?:(?:\s+(?:(?:of|for|in|on|to)(?:\s+the)?|and|the))?\s+[A-Z][\w'’-]*)*)")
_YEAR_BEFORE = re.compile(r"\b(?:1[89]|20)\d\d\b[^.?!]{0,40}$")


_TITLE_FILLER = frozenset(terms("international"))  # "the Convention on International Trade ...": no title's own word


def _unheld_titles(question: str, by_type: dict[str, list[LibraryEntry]]) -> list[str]:
    """The titles a question writes out after a type word ("the Recommendation on Open Science") that no held document
    of that type has all the content words of in its title, short title or aliases, as written ("Recommendation on
    Open Science"). A type the library holds no document of says nothing (a library of no Charters is not asked of
    them)."""
    out = []
    for m in _TITLE_AFTER_TYPE.finditer(question):
        kind = _type_word(normalise_name(m.group(1)), by_type)
        held = by_type.get(kind, ()) if kind else ()
        words = set(terms(m.group(2))) - _TITLE_FILLER
        if not held or not words or _YEAR_BEFORE.search(question[:m.start()]):
            continue  # "the 2021 Recommendation on ...": its year tells whether the library holds it (`unheld`)
        if not any(words <= set(terms(" ".join((e.title, e.short_title, *e.aliases)))) for e in held):
            out.append(f"{kind.capitalize()} {m.group(0)[len(m.group(1)):].strip()}")
    return out


# a year, the capitalised words of a name, a type word: "the 2019 Global Convention", "the 1956 New Delhi Recommendation"
_QUALIFIED = re.compile(r"\b((?:1[89]|20)\d\d)((?:\s+[A-Z][\w'’-]*){2,5})")
QUALIFIER_WORDS = 3  # name words before the type word at most
_ANY_PUBLISHER = frozenset(terms("UNESCO international"))  # "the 1970 UNESCO Convention" qualifies nothing away


def _unheld_qualified(question: str, by_type: dict[str, list[LibraryEntry]]) -> list[str]:
    """The documents a question names by a year, capitalised name words and a type word ("the 2019 Global Convention")
    when the library holds documents of that type and year but none whose title, short title, aliases or city has
    those words, or the initials an acronym gives ("the 2015 TVET Recommendation"): the regional 2019 Convention
    would answer for the Global one. As written: "Global Convention of 2019"."""
    out = []
    for m in _QUALIFIED.finditer(question):
        following = m.group(2).split()
        at, kind = next(((i, k) for i, w in enumerate(following) if (k := _type_word(normalise_name(w), by_type))),
                        (0, ""))
        if not 0 < at <= QUALIFIER_WORDS:
            continue  # "the 1970 Convention", or no type word after the capitalised words
        year = int(m.group(1))
        held = [e for e in by_type.get(kind, ()) if e.year == year]
        words = following[:at]
        asked = set(terms(" ".join(w for w in words if not _acronym(w)))) - _ANY_PUBLISHER
        acronyms = {w.strip("'’-").upper() for w in words if _acronym(w)} - {"UNESCO"}
        if not held or not (asked or acronyms):
            continue  # a year no such document has is `unheld`'s; no name words, nothing to check
        if not any(asked <= set(terms(" ".join((e.title, e.short_title, *e.aliases, e.city))))
                   and acronyms <= _initials(e) for e in held):
            out.append(f"{' '.join(words)} {kind.capitalize()} of {year}")
    return out


def _acronym(word: str) -> bool:
    return len(word) >= 2 and word.strip("'’-").isupper()


def _initials(entry: LibraryEntry) -> set[str]:
    """The acronyms a document's names give: those they write out ("(TVET)") and their capitalised words' initials."""
    names = (entry.title, entry.short_title, *entry.aliases)
    out = {w.strip("()'’,.-") for n in names for w in n.split() if _acronym(w.strip("()'’,.-"))}
    return out | {"".join(w[0] for w in n.split() if w[:1].isupper()) for n in names}


def _type_word(word: str, types: Iterable[str]) -> str:
    """The document type `word` names ("recomendacion" -> "recommendation"), or ""."""
    for t, forms in _TYPE_SYNONYMS.items():
        if word in forms:
            return t
    for t in types:
        if word == t or (len(word) >= 6 and len(t) >= 6 and _similar(word, t, 0.88)):
            return t
    return ""


def _similar(a: str, b: str, ratio: float = 0.8) -> bool:
    """One spelling of the other ("convension", "heritge"): same first letter, close length and letters."""
    return a[0] == b[0] and abs(len(a) - len(b)) <= 2 and difflib.SequenceMatcher(None, a, b).ratio() >= ratio


def similar_spelling(a: str, b: str) -> bool:
    """One word a misspelling of the other ("convension", "convention"): both of five letters or more (`_similar`)."""
    return len(a) >= 5 and len(b) >= 5 and _similar(a, b)


# The window around a type word where a name's other words are looked for counts only words that are not function
# words of another language we read (French, Spanish, German, Portuguese, Italian; English ones still count):
# "Recommandation de 1978 concernant la normalisation internationale des statistiques relatives à la science et à la
# technologie" spends eight of its words on "de", "la", "des", "à" ...; False: all words
CONTENT_WINDOW = True


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    import bm25s.stopwords as lists

    # English text keeps its window as it was: "..., and which Convention and article established it?" names no
    # Convention through the "International Fund for Cultural Diversity" ten words before it
    names = ("STOPWORDS_FRENCH", "STOPWORDS_SPANISH", "STOPWORDS_GERMAN", "STOPWORDS_PORTUGUESE", "STOPWORDS_ITALIAN")
    english = {normalise_name(w) for w in lists.STOPWORDS_EN}
    return frozenset(normalise_name(w) for name in names for w in getattr(lists, name, ())) - english


def _window(words: list[str], i: int, reach: int) -> list[str]:
    """The words within `reach` words of words[i] either side (function words not counted, `CONTENT_WINDOW`)."""
    if not CONTENT_WINDOW:
        return words[max(0, i - reach):i + reach + 1]
    skip = _function_words()
    lo, counted = i, 0
    while lo > 0 and counted < reach:
        lo -= 1
        counted += words[lo] not in skip
    hi, counted = i, 0
    while hi < len(words) - 1 and counted < reach:
        hi += 1
        counted += words[hi] not in skip
    return words[lo:hi + 1]


# "edu stats rec 78": a word of three letters or more that begins a name's word (after a plural "s": "stats") stands
# for it, as people shorten titles; False: whole words and close spellings only
ABBREVIATED_WORDS = True
# "architecture competitions rec": two words or more of a document's name beside its type word, which no other name
# of that type holds together, tell it, though most of its name is not said; False: most of the name must be said
DISTINCTIVE_NAME_WORDS = True


def _telling(index: _Index, words: list[str], i: int, t: str, doc: str, content: tuple[str, ...]) -> bool:
    """Do two words or more of one of `doc`'s names (`content`), written as they are or shortened, beside the type
    word at `i`, name no other document of type `t` together ("architecture competitions rec": of the
    Recommendations, only the one on International Competitions in Architecture and Town Planning has both in a
    name)? Not a close spelling (another language's "raciales" is not "racialism"), nor a document asked for ("which
    convention ...?")."""
    if i > 0 and words[i - 1] in ("which", "what"):
        return False
    pool = _window(words, i, NAME_WINDOW)
    held = [c for c in content if c in pool or (ABBREVIATED_WORDS and any(_abbreviates(w, c) for w in pool))]
    return len(held) >= 2 and not any(all(w in other for w in held) for o in index.by_type.get(t, ()) if o.id != doc
                                      for other in index.content.get(o.id, ()))


# "What does the Declaration on the Human Genome say about genetic discrimination?" named the Declaration on Human
# Genetic Data: two of its three name words ("human", "genetic") are near the type word, two of four of the Declaration
# on the Human Genome's. Words that follow (or precede) the type word as they do in a document's title, two of its
# name words or more among them, name that document before words scattered around (session 38); False: scattered
# words only
TITLE_PHRASES = True


def _title_phrase(words: list[str], i: int, t: str, by_type, entry: LibraryEntry) -> int:
    """The most name words (link words aside) in a run of `words` through the type word at `i` that stands, word for
    word, in `entry`'s title through a type word of the same type ("declaration on the human genome": 2)."""
    title = _words(entry.title)
    best = 0
    for j, w in enumerate(title):
        if _type_word(w, by_type) != t:
            continue
        after = 0
        while i + after + 1 < len(words) and j + after + 1 < len(title) and \
                words[i + after + 1] == title[j + after + 1]:
            after += 1
        before = 0
        while i - before - 1 >= 0 and j - before - 1 >= 0 and words[i - before - 1] == title[j - before - 1]:
            before += 1
        run = words[i - before:i] + words[i + 1:i + after + 1]
        best = max(best, sum(1 for x in run if x not in _TAIL_LINKS and not x.isdigit()))
    return best


def _present(word: str, window: list[str]) -> bool:
    return word in window or (len(word) >= 5 and any(len(w) >= 5 and _similar(w, word) for w in window)) or (
        ABBREVIATED_WORDS and any(_abbreviates(w, word) for w in window))


def _abbreviates(short: str, word: str) -> bool:
    """"edu" for "educational", "stats" for "statistics": a shortened word (three letters or more, two fewer than
    the word at least) that begins it."""
    stem = short[:-1] if short.endswith("s") and len(short) > 3 else short
    return len(stem) >= 3 and short.isalpha() and len(word) >= len(stem) + 3 and word.startswith(stem)


def find_mentions(index: _Index, text: str, *, loose: bool = True) -> tuple[str, ...]:
    """The documents `text` names, in order of first mention. Three passes:

    1. exact names (ids, titles of three words or more, short titles, aliases, "YEAR TYPE"), longest first and
       never overlapping ("the 1962 Protocol to the Convention against Discrimination in Education" names the
       Protocol, not also the Convention inside its name);
    2. loose names around a word for a document type (any language we know the word in, any spelling close to
       it): a year next to it that only one document of that type has ("la Convención de La Haya de 1954",
       "teachers recomendation 1966"), or most of the words of one document's name near it, in any order
       ("the Recommendation on Open Educational Resources", "hague conv", "UNESCO's brief on cultural soft
       power"); a year next to it must then be the document's;
    3. when nothing else is named, "the/its/this TYPE" for the only document of that type ("its Constitution")."""
    spans = _spans(index, text, loose)
    return tuple(dict.fromkeys(d for _, _, d in sorted(spans)))


def without_names(index: _Index, text: str) -> str:
    """`text` (normalised words) without the names of documents it contains: what to search *inside* those
    documents with, where their names match every passage alike."""
    words = normalise_name(f"x {text} x").split()
    covered: set[int] = set()
    for start, end, doc in _spans(index, text, True):
        covered.update(range(start, end))
        # The named document's own year or city beside its name is part of the name ("the 1972 World Heritage
        # Convention", "the Rome Convention of 1961"): left in, it favours the dating formula of every part.
        entry = index.entries.get(doc)
        own = {str(entry.year), normalise_name(entry.city)} - {"0", ""} if entry else set()
        for i in (start - 1, end, end + 1):
            if 0 <= i < len(words) and words[i] in own and (i != end + 1 or words[end] in ("of", "from")):
                covered.update((i, end) if i == end + 1 else (i,))
        if NAME_TAILS and entry is not None:
            covered.update(range(end, _name_tail(words, end, entry)))
    return " ".join(w for i, w in enumerate(words) if i not in covered and w != "x").strip()


def name_spans(index: _Index, text: str) -> list[tuple[int, int, str]]:
    """See `DocumentResolver.name_spans`. Each whitespace token of `text` is normalised on its own; the names are
    found on the whole text's words (`_spans`), and their word positions mapped back to the tokens."""
    tokens = list(re.finditer(r"\S+", text))
    owner = [-1]  # the "x" that `_spans` puts before the text
    for n, token in enumerate(tokens):
        owner += [n] * len(_words(token.group()))
    words = normalise_name(f"x {text} x").split()
    if len(words) != len(owner) + 1:  # a token whose words normalise otherwise alone: no spans rather than wrong ones
        return []
    spans = []
    for start, end, doc in sorted(_spans(index, text, True)):
        entry = index.entries.get(doc)
        end = _name_tail(words, end, entry) if NAME_TAILS and entry is not None else end
        first, last = owner[start], owner[min(end, len(owner)) - 1]
        if first < 0 or last < 0:
            continue
        own = {str(entry.year), normalise_name(entry.city)} - {"0", ""} if entry else set()
        if first > 0 and normalise_name(tokens[first - 1].group()) in own:  # "the 1974 Brussels Convention"
            first -= 1
        if first > 0 and tokens[first - 1].group().casefold() == "the":
            first -= 1
        spans.append((tokens[first].start(), tokens[last].end() - len(re.search(r"[,;:?!.]*$", tokens[last].group())
                                                                           .group()), doc))
    return spans


_TAIL_LINKS = {"on", "of", "for", "concerning", "relating", "regarding", "about", "to", "the", "and", "in", "by"}


def _name_tail(words: list[str], end: int, entry: LibraryEntry) -> int:
    """Where a description of the named document that follows its name ends: "the 1974 Brussels Convention on
    programme-carrying satellite signals", "the 1979 Madrid Convention on the double taxation of copyright royalties":
    a link word, then words of its title (in any order, singular or plural) up to the last of them. Every chunk of
    the document shares its title's words: searched inside it, they only favour the chunks that repeat them."""
    links = ("on", "concerning", "relating", "regarding", "for") + (("of",) if OF_TAILS else ())
    if end >= len(words) or words[end] not in links:
        return end
    title = {w.removesuffix("s") for w in _words(" ".join((entry.title, entry.short_title, *entry.aliases)))}
    last, held = end, 0
    for i in range(end, len(words)):
        w = words[i]
        if w.removesuffix("s") in title and w not in _TAIL_LINKS:
            last, held = i + 1, held + 1
        elif w not in _TAIL_LINKS:
            break
    return last if words[end] != "of" or held >= _OF_TAIL_WORDS else end


def _spans(index: _Index, text: str, loose: bool) -> list[tuple[int, int, str]]:
    """(first word, end word, document id) of every name found in `text` (word positions in
    `normalise_name("x " + text + " x").split()`)."""
    words = normalise_name(f"x {text} x").split()  # "x": keep edge words inside the text
    spans: list[tuple[int, int, str]] = []
    for i in range(len(words)):
        for n in range(min(index.longest, len(words) - i), 0, -1):
            ids = index.names.get(" ".join(words[i:i + n]))
            if ids is not None and len(ids) == 1:
                spans.append((i, i + n, next(iter(ids))))
    taken: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= t[0] or span[0] >= t[1] for t in taken):
            taken.append(_longer_name(index, words, span))
    if not loose:
        return taken
    taken += _loose(index, words, {s[2] for s in taken}, [(s[0], s[1]) for s in taken])
    if COORDINATED_NAMES:
        taken += _coordinated(index, words, taken)
    taken += _other_versions(index, words, taken)
    if index.generic:  # "UNESCO's brief" always; "its/this Constitution" only when nothing else is named
        found_any = bool(taken)
        for i in range(len(words) - 1):
            if words[i] not in _DETERMINERS:
                continue
            doc = index.generic.get(_type_word(words[i + 1], index.generic) or words[i + 1])
            if doc and (not found_any or words[i] not in _ANAPHORA):
                taken.append((i, i + 2, doc))
    return taken


def _coordinated(index: _Index, words: list[str], taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The names that share one plural type word ("the Beirut and Florence Agreements", "the Tokyo and Addis Ababa
    recognition conventions", "the Rome, Geneva and Brussels Conventions"): each conjunct, read with the type word in
    the singular ("beirut agreement"), names a document when it names one alone. Only a conjunct no name found so far
    covers; its span is its own words (the last conjunct's runs to the type word)."""
    out: list[tuple[int, int, str]] = []
    covered = {i for a, b, _ in taken for i in range(a, b)}
    named = {d for _, _, d in taken}
    for j, w in enumerate(words):
        t = _type_word(w, index.by_type)
        if not t or w == t or not w.endswith("s"):
            continue
        # the conjunctions before the type word, nearest first, at most COORDINATED_REACH words back
        joins = [k for k in range(j - 1, max(0, j - COORDINATED_REACH) - 1, -1) if words[k] in ("and", "or", ",")]
        if not joins:
            continue
        bounds = [j] + joins  # conjunct n runs from after joins[n] to bounds[n] (the last one up to the type word)
        firsts = joins[-1]  # the first conjunct ends at the farthest conjunction
        conjuncts = [(joins[n] + 1, bounds[n]) for n in range(len(joins))]
        conjuncts.append((max(0, firsts - COORDINATED_WORDS), firsts))  # the first: its words are found longest-first
        found = []
        for n, (start, end) in enumerate(conjuncts):
            first = n == len(conjuncts) - 1  # "the Rome, Geneva and ...": the first conjunct may hold several names
            while end > start:
                for a in range(start, end):  # the longest run of the conjunct's last words that names one document
                    run = words[a:end]
                    if any(i in covered for i in range(a, end)) or run[0] in _DETERMINERS or \
                            any(_type_word(x, index.by_type) for x in run):
                        continue
                    ids = {d for _, _, d in _spans(index, " ".join(run + [t]), True)}
                    if len(ids) == 1:
                        found.append((a, end if end != j else j + 1, next(iter(ids))))
                        end = a if first else start
                        break
                else:
                    break
            if n == 0 and not found:
                break  # the words before the type word name nothing: it is shared by no names ("... and which
                # Recommendations do?")
        for span in found:
            if span[2] not in named:
                out.append(span)
                named.add(span[2])
    return out


def _other_versions(index: _Index, words: list[str], taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Another version of a named instrument, told by its year anywhere in the text: "the 1952 Universal Copyright
    Convention, and ... under the text revised at Paris in 1971", "the 1974 and 2019 Latin American regional
    conventions". A year of a document already named tells nothing new."""
    named = [d for _, _, d in taken]
    covered = {i for a, b, _ in taken for i in range(a, b)}
    years = {index.entries[d].year for d in named if d in index.entries}
    out: list[tuple[int, int, str]] = []
    for j, w in enumerate(words):
        if j in covered or not (len(w) == 4 and w.isdigit()) or int(w) in years:
            continue
        for d in list(named):
            for v in index.versions.get(d, ()):
                if index.entries[v].year == int(w) and v not in named:
                    out.append((j, j + 1, v))
                    named.append(v)
                    years.add(int(w))
    return out


def _names_another_year(index: _Index, text: str, documents: Sequence[str]) -> bool:
    """Does the text name a document of a year none of `documents` has ("the 1976 rec", "la Convention de 1970"),
    though it names no document unambiguously? Then it is about another document than the conversation's."""
    years = {index.entries[d].year for d in documents if d in index.entries}
    words = normalise_name(f"x {text} x").split()
    return any(_type_word(w, index.by_type) and (found := _years_beside(words, i, YEAR_WINDOW, index.by_type))
               and not found & years for i, w in enumerate(words))


def _years_beside(words: list[str], i: int, reach: int, types) -> set[int]:
    """The years within `reach` words of the type word at `i` that are nearer to it than to any other type word:
    in "the cultural diplomacy brief, and under the 2005 Convention", 2005 is the Convention's year, not the
    brief's."""
    kinds = [j for j, w in enumerate(words) if _type_word(w, types)]
    out = set()
    for j in range(max(0, i - reach), min(len(words), i + reach + 1)):
        w = words[j]
        if len(w) == 4 and w.isdigit() and w[:2] in ("18", "19", "20") and \
                min(abs(j - k) for k in kinds) == abs(j - i):
            out.add(int(w))
        elif TWO_DIGIT_YEARS and len(w) == 2 and w.isdigit() and abs(j - i) <= 2 and \
                min(abs(j - k) for k in kinds) == abs(j - i):
            # "rec 89", "the 72 convention": the year of a document of this type that ends so, if one has it
            held = {e.year for e in types.get(_type_word(words[i], types), ())}
            out |= {y for y in (1900 + int(w), 2000 + int(w)) if y in held}
    return out


def _longer_name(index: _Index, words: list[str], span: tuple[int, int, str]) -> tuple[int, int, str]:
    """A name found that begins another document's longer name, whose other words follow in the text, names that
    other document: "the Universal Copyright Convention revised at Paris" is the "Universal Copyright Convention as
    revised at Paris on 24 July 1971", not the 1952 one."""
    from core.textutil import STOPWORDS

    start, end, doc = span
    name = " ".join(words[start:end])
    after = words[end:end + NAME_WINDOW]
    best, best_n = span, 1
    for other_name, ids in index.names.items():
        if len(ids) != 1 or not other_name.startswith(name + " "):
            continue
        other = next(iter(ids))
        extra = [w for w in other_name[len(name) + 1:].split() if w not in STOPWORDS and not w.isdigit()]
        n = sum(_present(w, after) for w in dict.fromkeys(extra))
        if other != doc and n >= 2 and n > best_n:
            best, best_n = (start, end, other), n
    return best


def _loose(index: _Index, words: list[str], known: set[str],
           taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for i, word in enumerate(words):
        t = _type_word(word, index.by_type)
        if not t or any(a <= i < b for a, b in taken):
            continue
        years = _years_beside(words, i, YEAR_WINDOW, index.by_type)
        if len(years) > 1 and word != t and word.endswith("s"):
            # "the 1970 and the 1972 Conventions": a plural type word with several years names one document of
            # each year, where the year tells it
            each = [next(iter(ids)) for y in sorted(years)
                    if len(ids := {o.id for o in index.by_type.get(t, ()) if o.year == y}) == 1]
            for doc in each:
                if doc not in known:
                    out.append((i, i + 1, doc))
                    known.add(doc)
            if each:
                out.extend((j, j + 1, each[0]) for j in range(max(0, i - YEAR_WINDOW), i + YEAR_WINDOW + 1)
                           if j < len(words) and words[j].isdigit() and int(words[j]) in years)
                continue
        close = words[max(0, i - 2):i + 3]
        best: dict[str, float] = {}
        for e in index.by_type.get(t, ()):
            if years and e.year not in years:
                continue
            score = 0.0
            if years and len([o for o in index.by_type[t] if o.year in years]) == 1:
                score = 1.0  # the only document of this type and year
            # the only document of its type ("the cultural diplomacy brief"): one word of its name next to the
            # type word tells it, as the type word alone does after "the" (`index.generic`)
            only = len(index.by_type[t]) == 1
            for content in index.content.get(e.id, ()):
                needed = 1 if len(content) == 1 or years or only else max(2, -(-2 * len(content) // 3))
                # a long title's words reach further than NAME_WINDOW from its type word ("Revised Recommendation
                # on statistics on the production and distribution of books, newspapers and periodicals")
                reach = max(NAME_WINDOW, len(content) + 4)
                pool = close if len(content) == 1 or only else _window(words, i, reach)
                covered = sum(1 for c in content if _present(c, pool))
                if covered >= needed or (DISTINCTIVE_NAME_WORDS and _telling(index, words, i, t, e.id, content)):
                    score = max(score, covered / len(content) + (0.5 if years else 0.0))
            if TITLE_PHRASES and (run := _title_phrase(words, i, t, index.by_type, e)) >= 2:
                # "the Declaration on the Human Genome": the words beside the type word are its title's, in order
                score = max(score, 1.0 + run / 10)
            if score:
                best[e.id] = score
        if best:
            top = max(best.values())
            winners = [d for d, v in best.items() if v == top]
            if len(winners) == 1 and winners[0] not in known:
                out.append((i, i + 1, winners[0]))
                out.extend((j, j + 1, winners[0]) for j in range(max(0, i - YEAR_WINDOW), i + YEAR_WINDOW + 1)
                           if j < len(words) and words[j].isdigit() and int(words[j]) in years)
                known.add(winners[0])
    return out
