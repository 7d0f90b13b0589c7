"""The one API under every shell (CLI, UI, evals).

    from assistant import Assistant, Settings, Turn
    with Assistant.open(Settings()) as a:
        answer = a.ask("Which bridge did UNESCO help rebuild?")
        follow = a.ask("In which year?", history=[Turn(answer.question, answer.text)])
        for piece in a.stream("What is science diplomacy?"):
            ...  # str pieces of the answer text, then the final `Answer` last

Everything returned is one of the small types in `core.types`.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from assistant.answerability import as_words
from assistant.asides import without_asides
from assistant.compose import (_COMPARE_WORDS, _EACH_WORDS, PARTLY_HELD_NOTICE, asks_which_document, kind_word,
                               kinds_asked, names_a_document_of_kind, quoted, titled, without_kind_asked)
from assistant.citations import refusal
from assistant.conversation import carries_on, names_before_pointing_back, points_back
from assistant.documents import INSTRUMENT_TYPES, capitalised_names, is_treaty
from assistant.lay_terms import legal_terms
from assistant.parts import split_question
from core.errors import BadQuestionError, ConfigError, EmptyStoreError
from core.protocols import Answerer, Embedder, Store
from core.provenance import Upload
from core.settings import Settings
from core.types import Part, Answer, Document, DocumentInfo, IngestReport, LookupHit, Passage, Scope, Turn
from core.textutil import terms, with_apostrophes

History = Sequence[Turn | str | tuple[str, str]]
Progress = Callable[[int, int, str], None]  # (done, total, what)


# "that", "this" ... pointing at what the last answer said, not "this Convention"
_DEMONSTRATIVE = re.compile(r"\b(?:that|this|these|those)\b(?!\s+(?:" + "|".join(sorted(
    INSTRUMENT_TYPES | {"instrument", "text", "document"})) + r")s?\b)", re.IGNORECASE)
TITLE_FOCUS = True  # a non-English question's focus: the document whose title it names by meaning (title_match)
BODY_PURPOSE = True  # what a body is for is looked for first in the constitution that constitutes it
# the latest turn named no document: the one its answer cited comes before the documents an older question named
LATEST_CITED_FIRST = True
CITED_FOCUS = True  # a follow-up that names no document is about the one the last answer cited (`Turn.documents`)
SUBJECT_CARRIED = True  # a pronoun inside the document in focus stands for the earlier question's subject
DOCUMENT_SPEAKS = True  # "What does it say about X?" after a question on a document: "it" is the document
# "And a pamphlet?" is the earlier question with its most similar noun phrase replaced (`conversation.fill_ellipsis`),
# when one scores ELLIPSIS_FLOOR or more (cosine); False: its words are added to the earlier question's
ELLIPSES = True
ELLIPSIS_FLOOR = 0.25
# "Which instrument protects performers?" asks across the library: it borrows no document from the conversation unless
# a pronoun points back ("Which other instrument does it cite?"); False: it is searched in the conversation's document
WHICH_DOCUMENT_ALONE = True
WHICH_ALONE_READ = True  # ... and it is read alone, not also completed with the conversation's words (session 37)
# "they"/"their"/"each" after the two (or more) documents a question names stand for them: the question is read
# alone, not also completed with the conversation's words (`conversation.plural_points_at_own_names`); False: a
# pronoun makes it a candidate follow-up whatever it names
OWN_NAMES_PLURAL = True
# a question naming a body and one of its organs its constitution sets up ("UNESCO's General Conference") is about
# that constitution; False: only a body's purpose is looked for there (BODY_PURPOSE)
ORGAN_FOCUS = True
# "How is the Director-General of UNESCO chosen?" was answered from the Asia-Pacific Convention's "The role of
# Secretariat of the Committee shall be entrusted to the Director-General of UNESCO": the Constitution sets up the
# Director-General in its article headed "Secretariat". The capitalised names the constitution's provisions open with
# ("The Director-General shall ...") are its organs too (session 38); False: its headings only
ORGANS_AS_SUBJECTS = True
_SUBJECT_NAME = re.compile(r"(?:^|\n)[ \t]*(?:\(?\w{1,3}[.)][ \t]*)*The[ \t]+((?:[A-Z][\w-]*[ \t]+){0,3}[A-Z][\w-]*)[ \t]+"
                           r"(?:shall|may|must|will)\b")
# a question that names a body and what its Constitution sets up (its purpose, an organ, a heading: `_body_focus`) is
# read in that Constitution even in a conversation on another document; False: the conversation's document first
BODY_BEFORE_CONVERSATION = True
DESCRIBED_TERMS = True  # a question asking how a document defines what it does not name: the document's own term
# "Which declaration sets out the rights of indigenous peoples?": the document quoted must be about what is asked,
# which its title says: the MiniLM cosine of the question (without "which declaration") and the title of the document
# first cited must reach this, or the answer is refused as naming a document that only mentions it
# (`Assistant._which_document`). 0: off. Chosen on evals/data/which_document.jsonl (docs/answers.md, "Session 37")
WHICH_TITLE_FLOOR = 0.35
# "Which convention protects teachers?" is answered from the Recommendation concerning the Status of Teachers when no
# convention answers: the answer's notice says so ("No convention in the library says this; the answer quotes the
# recommendation ..."); False: no notice (the citation card alone shows the document)
OTHER_KIND_SAID = True
FOLLOWUP_PREFERENCE = 0.1  # confidence the likelier reading of a possible follow-up is given in the comparison
MAX_TURNS = 20  # earlier turns kept to resolve a follow-up; older ones cannot change the query
MAX_ANSWER_CHARS = 8000  # of each earlier answer (ours are at most a few sentences or a short list)
MAX_TURN_DOCUMENTS = 8  # document ids kept of each earlier turn


def normalise_history(history: History | None, question_chars: int = 2000) -> list[Turn]:
    """Turns, oldest first: the last `MAX_TURNS`, each question and answer cut, so that a client sending a
    huge history (the API takes it from the caller) cannot make retrieval slow or recursion deep."""
    if isinstance(history, (str, bytes)):  # a string is not a list of turns: never iterate its characters
        raise BadQuestionError("history must be a list of earlier turns, not text.")
    turns = [_as_turn(t) for t in list(history or ())[-MAX_TURNS:]]
    return [Turn(str(t.question)[:question_chars], str(t.answer)[:MAX_ANSWER_CHARS],
                 tuple(str(d) for d in t.documents)[:MAX_TURN_DOCUMENTS]) for t in turns]


def _as_turn(earlier) -> Turn:
    """A turn of a history: a `Turn`; an earlier question alone (a string); or a (question, answer) pair, as chat
    clients keep them, read as the pair (not as one string holding both, whose answer's names would count as the
    question's)."""
    if isinstance(earlier, Turn):
        return earlier
    if isinstance(earlier, (tuple, list)) and len(earlier) == 2:
        return Turn(str(earlier[0]), "" if earlier[1] is None else str(earlier[1]))
    return Turn(str(earlier))


def _own_subjects(pieces: list[str]) -> bool:
    """Does every part of a question name something (a capitalised name) that no other part names?"""
    from assistant.answerability import missing_names
    from assistant.compose import _GENERIC_ENTITIES

    return all(missing_names(p, " ".join(o for o in pieces if o is not p), _GENERIC_ENTITIES) for p in pieces)


# A focus the question does not name itself (borrowed from the conversation) is dropped when the question names
# things its passages lack and the rest of the library holds (`Assistant._names_elsewhere`); False: kept
BORROWED_FOCUS_CHECKED = True
# "Compare the composition of the World Heritage Committee and the Intergovernmental Committee of the 2005 Convention.":
# the question names one document, and a thing ("World Heritage Committee") none of its passages names; the document
# whose passage, found on that name across the library, names it joins the focus (`Assistant._naming_document`), and
# the question is answered document by document; False: it was refused ("None of the passages found mentions ...").
# Only a thing of the same kind as one the question names and the focus holds (both "... Committee"): "Why did the
# United States and the United Kingdom object to the 1978 Mass Media Declaration?" is still refused
NAMED_ELSEWHERE_JOINS = True
# "If a country wants out ..., how do they do it, and how long till it kicks in?": each part of a question is searched
# with the instruments' terms for its own lay wording ("denounce" for the first, "take effect" for the second), not with
# those of every part (a part with no lay words of its own takes the whole question's); False: every part with the
# whole question's
PART_LEGAL_TERMS = True
# A follow-up asked of the two or more documents the conversation is about ("And which of them has a fund?") is
# searched inside each with its own words, when it has a word of its own beyond comparing them; False: with the
# earlier turn's words too (the Ramsar Convention was answered with its articles on the List of wetlands)
FOLLOWUP_PARTS_OWN_WORDS = True
_COMPARING = _COMPARE_WORDS | _EACH_WORDS | frozenset(terms("different same them they one ones"))


def _asks_own_thing(question: str) -> bool:
    """Does the question name a thing of its own, beyond comparing the documents it refers to ("And which of them
    has a fund?": yes; "How do they differ?": no)?"""
    return bool(set(terms(question)) - _COMPARING)


class Assistant:
    """Owns the store (embedded Chroma or a server), the embedder and the answerers."""

    def __init__(self, settings: Settings, store: Store, embedder: Embedder) -> None:  # use Assistant.open
        from assistant.retrieval import HybridRetriever

        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.retriever = HybridRetriever(store, embedder, settings)
        self._answerer: Answerer | None = None
        self._write_lock = threading.Lock()  # one ingest/delete at a time in this process

    # -- lifecycle -------------------------------------------------------------------------
    @classmethod
    def open(cls, settings: Settings | None = None, *, rebuild: bool = False) -> Assistant:
        """Open (or create) the store named by `settings`; `rebuild` empties it first. Raises an
        `AssistantError` with the fix."""
        from store.embedder import load_embedder
        from store.multilingual import open_store  # the Chroma store, with its multilingual index unless turned off

        settings = settings or Settings()
        embedder = load_embedder(settings.model, batch_size=settings.embed_batch_size, engine=settings.embed_engine)
        store = open_store(settings, embedder, rebuild=rebuild)
        if settings.multilingual_model:
            from assistant.language import warm_up

            warm_up()  # the question-language detector, loaded while the first question is typed
        return cls(settings, store, embedder)

    def variant(self, **overrides: object) -> Assistant:
        """The same store and model with other retrieval/answer settings (top_k, fusion, bm25_weight,
        refusal_threshold, answerer, ...): for ablations and A/Bs. It shares this one's store, so close only
        this one. Settings that change what is stored (model, chunking, store) are refused."""
        fixed = {"model", "chunk_size", "chunk_overlap", "store_dir", "chroma_url", "collection"}
        if fixed & overrides.keys():
            raise ConfigError(f"A variant cannot change {', '.join(sorted(fixed & overrides.keys()))}: "
                              "those need another store (open one with those settings and ingest).")
        return Assistant(self.settings.with_overrides(**overrides), self.store, self.embedder)

    @property
    def answerer(self) -> Answerer:
        """Chosen by `settings.answerer` on first use (an LLM endpoint is contacted only when asked)."""
        if self._answerer is None:
            from assistant.answerers import make_answerer

            self._answerer = make_answerer(self.settings, self.embedder, self.store)
        return self._answerer

    def clear_caches(self) -> None:
        """Forget what is kept between questions (sentence vectors, names found in texts, query vectors); benchmarks
        time cold answers with it."""
        clear = getattr(self.answerer, "clear_cache", None) or getattr(
            getattr(self.answerer, "fallback", None), "clear_cache", None)
        if clear is not None:
            clear()
        if getattr(self, "_crosslingual", None) is not None:  # the other languages' answerer, once made
            self._crosslingual.clear_cache()
        self.resolver.forget_lookups()
        self.retriever.forget_queries()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- corpus ----------------------------------------------------------------------------
    def ingest(self, paths: Sequence[Path | str], *, progress: Progress | None = None,
               rebuild: bool = False, upload: Upload | None = None, replace_library: bool = False,
               csv_spec: Path | str | None = None) -> IngestReport:
        """`upload`: the files are uploads (the UI): ids from origin + content, provenance recorded, and a file
        named like a library document is refused. `replace_library` (CLI `ingest --replace`): a file may replace
        the library document of its name. `csv_spec`: the column spec (docs/csv.md) for the CSV files given;
        without it each CSV needs its own NAME.csv.spec.json."""
        from ingest.pipeline import ingest_paths

        with self._write_lock:
            report = ingest_paths([Path(p) for p in paths], self.store, self.embedder, self.settings,
                                  progress=progress, rebuild=rebuild, upload=upload, replace_library=replace_library,
                                  csv_spec=Path(csv_spec) if csv_spec is not None else None)
        self.retriever.invalidate()
        return report

    def ingest_in_background(self, paths: Sequence[Path | str], *, progress=None):
        """Ingest `paths` in a thread of this process, a few files per `ingest` call, while questions are
        answered; returns the started `IngestJob` (`searchable`, `total`, `status()`, `wait()`, `cancel()`)."""
        from assistant.ingest_job import IngestJob

        return IngestJob(self, paths, progress=progress).start()

    def delete_document(self, document_id: str) -> bool:
        with self._write_lock:
            deleted = self.store.delete_document(document_id)
        self.retriever.invalidate()
        return deleted

    def is_empty(self) -> bool:
        return self.store.count() == 0

    def chunk_ids(self) -> list[str]:
        """Every stored chunk id (what a citation id starts with)."""
        return self.store.chunk_ids()

    def documents(self) -> list[DocumentInfo]:
        return self.store.list_documents()

    def document(self, document_id: str) -> Document:
        """The cleaned full text of a stored document (for showing a citation in context)."""
        return self.store.get_document(document_id)

    # -- questions -------------------------------------------------------------------------
    def search(self, query: str, top_k: int | None = None, mode: str | None = None,
               scope: Scope | None = None) -> list[Passage]:
        """Ranked passages. `mode`: hybrid (default), dense or bm25. `scope` restricts them to some documents
        (ids or names such as "the 1970 Convention"), types, years or origin; an unknown name raises
        `NotFoundError` naming close matches."""
        query = self._check_question(query)[0]
        self._check_not_empty()
        language = self.language_of(query) if mode is None else "en"  # another language: the multilingual index
        return self.retriever.retrieve(query, top_k or self.settings.top_k, mode=mode, scope=self._scope(scope),
                                       language=language)

    def ask(self, question: str, history: History | None = None, scope: Scope | None = None) -> Answer:
        """The whole answer at once (joins `stream`)."""
        answer = None
        for piece in self.stream(question, history, scope=scope):
            if isinstance(piece, Answer):
                answer = piece
        assert answer is not None
        return answer

    @property
    def resolver(self):
        """Names -> documents (`assistant.documents.DocumentResolver`): `resolve(name)`, `focus(question,
        history)`, `entry(doc_id)` (title, short title, aliases, type, year)."""
        return self.retriever.resolver

    def resolve_document(self, name: str) -> str:
        """The id of the document an id, title, short title or alias names (case-insensitive, "the" ignored);
        `NotFoundError` listing close matches otherwise."""
        return self.resolver.resolve(name)

    def stream(self, question: str, history: History | None = None,
               scope: Scope | None = None) -> Iterator[str | Answer]:
        """Pieces of the answer text as they are ready, then the final `Answer`. `scope`: as in `search`."""
        t0 = time.perf_counter()
        question, notice = self._check_question(question)
        self._check_not_empty()
        scope = self._scope(scope)
        turns = normalise_history(history, self.settings.max_question_chars)
        timings: dict[str, float] = {}
        language = self.language_of(question)
        if language != "en":  # docs/languages.md: the multilingual index, English passages quoted
            from assistant.crosslingual import unsupported_answer

            if (unsupported := unsupported_answer(question, language)) is not None:
                yield unsupported.text
                yield unsupported
                return

        answerer = self._answerer_for(language)
        asked = question  # the user's words, kept for the answer; misspelt words are read as the library's
        if language == "en":  # "whats the point of ...": read as "what's"; "pay ransom 4 stolen art": as "for"
            question = as_words(with_apostrophes(question))
            question = without_asides(question)  # "ok what's OER exactly, in plain words pls": "what's OER"
        if language == "en" and self.settings.spelling:
            question = self._speller().correct(question)
        if language == "en" and ELLIPSES and turns:
            # "And a pamphlet?" after "What counts as a book under the 1964 Recommendation ...?" is that question
            # with "a pamphlet" for "a book"; its words added to the earlier question's found the book's passages
            question = self._filled(question, turns)
        if language == "en" and self.resolver.leaves_conversation(question, [t.question for t in turns]):
            turns = []  # "... under the 1976 rec, or doesn't it matter?": another document than the conversation's
        queries = answerer.resolve(question, turns) or [question]
        if language == "en" and WHICH_ALONE_READ and asks_which_document(question) and not points_back(question):
            # "Which recommendation regulates the ethics of neurotechnology?" after two turns on other documents was
            # also read completed with their words, and that reading, which the which-document step does not judge,
            # was answered from the Bioethics Declaration: a which-question that points back at nothing is read alone
            queries = [question]
        if language == "en":  # it reads English pronouns and names; another language's follow-ups: `resolve`
            queries = self._with_document_focus(question, queries, turns)
        timings["resolve_ms"] = (time.perf_counter() - t0) * 1000

        if len(queries) == 1:  # stream as the answerer writes
            final = None
            for piece in self._answer(answerer, question, queries[0], turns, scope, timings, language):
                if isinstance(piece, Answer):
                    final = piece
                else:
                    yield piece
        else:  # candidate follow-up: answer each reading, keep the more confident (the likelier wins ties)
            finals = [self._collect(self._answer(answerer, question, q, turns, scope, timings, language))
                      for q in queries]
            final = max(finals, key=lambda f: (not f.refused, (f.confidence or 0.0) + (FOLLOWUP_PREFERENCE if
                                                                                    f is finals[0] else 0.0)))
            yield final.text
        assert final is not None
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        from assistant.language import notice as language_notice

        yield _with(final, question=asked, timings_ms={**final.timings_ms, **timings}, language=language,
                    notice=" ".join(n for n in (language_notice(language), notice, final.notice) if n))

    def _speller(self):
        """`assistant.spelling.Speller` over this store, made on first use."""
        if getattr(self, "_spelling", None) is None:
            from assistant.spelling import Speller, model_words
            from store.embedder import resolve_model_path

            try:
                known = model_words(resolve_model_path(self.settings.model))
            except ConfigError:  # the packaged model missing, which the embedder already reported: no known words
                known = frozenset()
            self._spelling = Speller(self.store, known)
        return self._spelling

    def _with_document_focus(self, question: str, queries: list[str], turns: list[Turn]) -> list[str]:
        """A follow-up about a document the conversation is on ("What is the Ramsar Convention about?" then
        "And what counts as waterfowl?"): the document in focus carries the context, so the question alone is
        searched inside that document. The completed query (earlier questions and the names of earlier answers,
        which match every passage of the document alike) found "consult with each other about ... a wetland"
        instead of "waterfowl are birds ecologically dependent on wetlands". Not when the question points at
        what the last answer said: "the first one", "Does that include ...?" keep the completed query. Trying
        both and keeping the more confident answer changed nothing: the completed query's answers scored higher."""
        from assistant.conversation import (is_followup, plural_points_at_own_names, points_back, points_to_item,
                                            speaks_of_document, was_refused)

        if not turns or points_to_item(question) or _DEMONSTRATIVE.search(question):
            return queries
        if named := self.resolver.mentions(question):
            # It names its own documents and points back at nothing ("Where does the money of the World Heritage
            # Fund come from under the 1972 Convention?" after a turn on the 1970 Convention): the question alone.
            # Nor does "they" after two names it gives ("... between the Rome Convention and the Phonograms Convention
            # on who they protect?" after a turn on the Hague Convention's denunciation: the completed query quoted
            # both conventions' denunciation articles; `OWN_NAMES_PLURAL`)
            if OWN_NAMES_PLURAL and plural_points_at_own_names(question, len(named)):
                return [question]
            return queries if is_followup(question) else [question]
        speaks = DOCUMENT_SPEAKS and speaks_of_document(question)  # "what does it say about X": "it" is the document
        if len(terms(question)) < (1 if speaks else 2):  # "How often?": no subject ("solidarity" is one)
            return queries
        if not self.resolver.focus(question, [t.question for t in turns]):
            return queries
        if SUBJECT_CARRIED and points_back(question) and not was_refused(turns[-1].answer) and not speaks:
            # "What does it look like?" after "Does the Hague Convention have a distinctive emblem?": "it" is the
            # earlier question's subject, which its words without the document's name carry
            subject = self.resolver.without_names(turns[-1].question)
            if terms(subject):  # not when the earlier question asked about the document itself ("What is X about?")
                return [f"{question} {subject}"]
        return [question]

    def language_of(self, question: str) -> str:
        """The question's language (`assistant.language`) when the store has a multilingual index, else "en"."""
        if not getattr(self.store, "multilingual_ready", lambda: False)():
            return "en"
        from assistant.language import detect_language

        return detect_language(question)

    def _answerer_for(self, language: str) -> Answerer:
        """The configured answerer for English; for another language the extractive answerer on the multilingual
        model (`assistant.crosslingual`), made on first use."""
        if language == "en":
            return self.answerer
        if getattr(self, "_crosslingual", None) is None:
            from assistant.crosslingual import CrossLingualAnswerer

            self._crosslingual = CrossLingualAnswerer(self.store.multilingual_embedder, self.settings, self.store,
                                                      vocabulary=self.retriever.vocabulary, names=self.named)
        return self._crosslingual

    def _answer(self, answerer: Answerer, question: str, query: str, turns: list[Turn], scope: Scope | None,
                timings: dict[str, float], language: str = "en") -> Iterator[str | Answer]:
        """Retrieve for one query and stream the answerer's answer; the final `Answer` carries the query."""
        t1 = time.perf_counter()
        # The documents a question names are its focus; earlier turns lend theirs only when it names none (the
        # completed query of "What is the Ramsar Convention about?" after a turn on the World Heritage Convention
        # names both, and was answered from the earlier one).
        # The question read alone, when its pronoun may point at its own name ("UNESCO's Executive Board, and can its
        # members be re-elected?"), borrows no document from the conversation either.
        # So too a question that asks which document says something, and points back at nothing ("Which instrument
        # protects performers?" after a turn on the 2005 Convention was searched inside it, and refused;
        # `WHICH_DOCUMENT_ALONE`).
        alone = query == question and (names_before_pointing_back(question) or (
            WHICH_DOCUMENT_ALONE and asks_which_document(question) and not points_back(question)))
        unheld = self.resolver.unheld(question) if language == "en" else ()  # before the question is reworded
        focus = self.named(question, language)
        heading_query = ""
        if not focus and BODY_BEFORE_CONVERSATION and turns:
            # "Who can become a member of UNESCO?" after a turn on the 1970 Convention names its own subject, a body
            # and what its Constitution sets up: that Constitution, not the document the conversation carries
            focus, heading_query = self._body_focus(question, query)
        cited = not focus and not alone and CITED_FOCUS and bool(turns) and carries_on(question)
        if cited and LATEST_CITED_FIRST and not self.resolver.mentions(turns[-1].question):
            # "And who should pay them?" after a turn that named no document ("... under the 1976 rec ...?") but was
            # answered from one: that document, not the one a question before it named
            focus = self.resolver.carried(turns[-1].documents)
        if not focus and not alone:
            focus = self.resolver.focus(query, [t.question for t in turns])
        if not focus and cited:
            # "Combien d'États parties composent le Comité du patrimoine mondial ?" names no document, nor does
            # "Et pour combien de temps sont-ils élus ?": the follow-up carries on with the document the last
            # answer cited (it was answered from the 1962 Protocol's Commission, "elected for a term of six years")
            focus = self.resolver.carried(turns[-1].documents)
        if not focus:
            focus, heading_query = self._body_focus(question, query)
        query = heading_query or query
        if DESCRIBED_TERMS and len(focus) == 1 and language == "en" and (
                term := self._described_term(focus[0], query)):
            # "How does the Ramsar Convention define the places it protects?": how it defines its own term for them
            question = query = f"How does it define “{term}”?"
        legal = ""
        if language == "en" and (legal := legal_terms(query, treaty=self._treaties(focus))):
            # "if a country wants out ...": the instruments say "denounce" (`assistant.lay_terms`); a follow-up's
            # completed query holds the earlier question's wording too
            query = f"{query} {legal}"
        searched = without_kind_asked(query) if language == "en" and not focus and query == question and \
            asks_which_document(question) else query
        passages = self.retriever.retrieve(searched, self.settings.top_k, scope=scope, focus=focus, language=language)
        if BORROWED_FOCUS_CHECKED and focus and turns and language == "en" and not self.named(question, language) and \
                self._names_elsewhere(question, passages):
            # "Can a country take one of its own wetlands off the Ramsar List ...?" after a turn on the library
            # statistics Recommendation: its "its" carried that document, whose passages name neither list; the
            # question is asked of the whole library, on its own words (the earlier turn's would choose its sentences)
            focus, query = (), question
            passages = self.retriever.retrieve(query, self.settings.top_k, scope=scope, language=language)
        if NAMED_ELSEWHERE_JOINS and len(focus) == 1 and language == "en" and self.named(question, language) == focus \
                and len(split_question(question)) < 2 and (other := self._naming_document(question, passages, focus,
                                                                                             scope)):
            # (a question of several parts retrieves a part that names no document across the library already)
            focus = (*focus, other)
            passages = self.retriever.retrieve(query, self.settings.top_k, scope=scope, focus=focus, language=language)
        if PART_LEGAL_TERMS and legal and query.endswith(f" {legal}"):
            query_words = query.removesuffix(f" {legal}")  # each part of the question gets the terms of its own words
        else:
            query_words = query
        parts = self._parts(question, query_words, focus, scope) if language == "en" else []
        timings["retrieve_ms"] = timings.get("retrieve_ms", 0.0) + (time.perf_counter() - t1) * 1000
        t2 = time.perf_counter()
        pieces = answerer.stream(question, query, passages, turns, parts=parts)
        if language == "en" and not focus and not parts and query_words == question and asks_which_document(question) \
                and not (scope and (scope.types or scope.documents)):
            pieces = self._which_document(answerer, question, query, searched, turns, scope, pieces, passages)
        for piece in pieces:
            if isinstance(piece, Answer):
                timings["answer_ms"] = timings.get("answer_ms", 0.0) + (time.perf_counter() - t2) * 1000
                if unheld and not piece.refused:  # "... in the 1972 and 2003 Conventions": say what it lacks
                    piece = _with(piece, notice=" ".join(n for n in (piece.notice, PARTLY_HELD_NOTICE.format(
                        quoted(unheld))) if n))
                yield _with(piece, retrieval_query=query, focus_documents=focus)
            else:
                yield piece

    def _which_document(self, answerer: Answerer, question: str, query: str, searched: str, turns: list[Turn],
                        scope: Scope | None, pieces: Iterator[str | Answer],
                        passages: Sequence[Passage]) -> Iterator[str | Answer]:
        """The answer to "Which convention ...?", asked across the library.
        - From a document of the kind asked (`compose.KIND_PREFERRED`): the answer from the whole library when it
          quotes one; else the answer searched among the documents of that type when it is given (not refused)
          and about what is asked (below); else the whole library's, with a notice of the kind it quotes
          (`OTHER_KIND_SAID`).
        - From a document about what is asked (`WHICH_TITLE_FLOOR`): the document quoted must have a title close in
          meaning to the question without its "which convention" ("Which declaration sets out the rights of
          indigenous peoples?" quoted the Declaration on Cultural Diversity's "... the rights of persons belonging
          to minorities and those of indigenous peoples": a document that mentions it, not one about it).
        An answer whose sentences name a document of the kind asked ("Both the World Heritage Convention and the 2003
        Intangible Heritage Convention encourage ...", from the seed brief) answers which, and is kept as it is."""
        answer = self._collect(pieces)
        types = {p.chunk.document_id: p.chunk.doc_type for p in passages}
        kinds = kinds_asked(question)

        def names_one(said: Answer) -> bool:  # its sentences name a document of the kind ("Through the 1970
            # Convention, UNESCO is fostering partnerships ..."): they say which, whatever document says them
            return not said.refused and names_a_document_of_kind(" ".join(x.text for x in said.sentences), question)

        vectors: dict[str, object] = {}  # the question's subject and the titles compared with it, embedded once

        def vector(text: str):
            if text not in vectors:
                vectors[text] = self.embedder.embed([text])[0]
            return vectors[text]

        def about(said: Answer, found: Sequence[Passage]) -> bool:  # the document it quotes is about what is asked
            if not WHICH_TITLE_FLOOR or not said.citations or names_one(said):
                return True
            cited = said.citations[0]
            chunk = next((p.chunk for p in found if p.chunk.document_id == cited.document_id), None)
            if chunk is None or chunk.doc_type.strip().casefold() not in INSTRUMENT_TYPES:
                # a page, a brief, an upload or an article is not named by its title: its sentences answer which
                # (SQuAD's "What treaty ended the Wars of Religion?" in the article "Huguenot")
                return True
            return float(vector(without_kind_asked(question)) @ vector(chunk.title)) >= WHICH_TITLE_FLOOR

        if kinds and (answer.refused or not (names_one(answer) or any(types.get(c.document_id, "") in kinds
                                                                     for c in answer.citations))):
            from dataclasses import replace

            kind_scope = replace(scope or Scope(), types=kinds)
            found = self.retriever.retrieve(searched, self.settings.top_k, scope=kind_scope, language="en")
            if found:
                of_kind = self._collect(answerer.stream(question, query, found, turns))
                if not of_kind.refused and (answer.refused or about(of_kind, found)):
                    answer, passages = of_kind, found
        if not answer.refused and not about(answer, passages):
            answer = _with(refusal(question, passages, confidence=0.0, signals=answer.signals, lacking=False,
                                   reason=f"No {kind_word(question) or 'document'} in the library is about this, "
                                   "so I won't name one."), timings_ms=answer.timings_ms)
        if OTHER_KIND_SAID and kinds and not answer.refused and answer.citations and not names_one(answer):
            chunk = next((p.chunk for p in passages if p.chunk.document_id == answer.citations[0].document_id), None)
            if chunk is not None and chunk.doc_type not in kinds and chunk.title:
                # "Which convention protects teachers?": no convention answers; say what kind of document does
                said = (f"No {kind_word(question)} in the library says this; the answer quotes a "
                        f"{chunk.doc_type.lower()}: {titled(chunk)}.")
                answer = _with(answer, notice=" ".join(n for n in (answer.notice, said) if n))
        yield answer.text
        yield answer

    def _treaties(self, focus: Sequence[str]) -> bool:
        """Is every document in focus a treaty (`documents.is_treaty`), and is there one?"""
        entries = [self.resolver.entry(d) for d in focus]
        return bool(entries) and all(e is not None and is_treaty(e.doc_type) for e in entries)

    def _body_focus(self, question: str, query: str) -> tuple[tuple[str, ...], str]:
        """The Constitution of the body the question names, when it asks that body's purpose (`BODY_PURPOSE`) or of
        one of its organs or of what one of its articles is headed by (`ORGAN_FOCUS`); with the query, completed by
        the heading word the question's word begins ("" when unchanged)."""
        focus: tuple[str, ...] = ()
        if BODY_PURPOSE:
            # "What is the purpose of UNESCO?" names no document; the body's Constitution says what it is for
            # (another declaration's recital quoting the Constitution was the answer)
            focus = self.resolver.constituting(question)
        if not focus and ORGAN_FOCUS:
            # "How often does UNESCO's General Conference meet?" names no document; the Constitution that sets up
            # the General Conference says (another convention's "Conference of Parties ... in conjunction with the
            # General Conference of UNESCO" was the answer)
            focus = self.resolver.constituting_organ(
                question, self._document_organs if ORGANS_AS_SUBJECTS else self._document_headings)
            if len(focus) == 1 and (words := self.resolver.heading_words(question, focus[0], self._document_headings)):
                # "Who can become a member of UNESCO?": "member" began "Membership", the article's own word, which
                # the question's stems do not match ("member" is no stem of "membership"): it joins the query
                return focus, f"{query} {' '.join(words)}"
        return focus, ""

    def _naming_document(self, question: str, passages: Sequence[Passage], focus: tuple[str, ...],
                         scope: Scope | None) -> str:
        """The document, other than the focus, whose passage found on a name the question gives and the focus's
        `passages` lack ("World Heritage Committee") names it; "" when the passages lack none, or no other document's
        passage found on it names it."""
        from assistant.answerability import missing_names
        from assistant.compose import _GENERIC_ENTITIES, passage_context

        missing = missing_names(question, " ".join(passage_context(p) for p in passages), _GENERIC_ENTITIES)
        # a thing of the same kind as one the focus holds: "World Heritage Committee" beside "Intergovernmental
        # Committee" (not "United Kingdom" beside "United States", nor a "Nairobi Protocol" the library lacks)
        held = {n.split()[-1].casefold() for n in capitalised_names(question) if n not in missing and " " in n}
        for name in [m for m in missing if " " in m and m.split()[-1].casefold() in held][:2]:
            for p in self.retriever.retrieve(name, self.settings.top_k, scope=scope):
                if p.chunk.document_id not in focus and not missing_names(name, passage_context(p), _GENERIC_ENTITIES):
                    return p.chunk.document_id
        return ""

    def _names_elsewhere(self, question: str, passages: Sequence[Passage]) -> bool:
        """Does the question name something (a capitalised name) the passages of the borrowed focus lack, and that
        the library's passages found without it hold?"""
        from assistant.answerability import missing_names
        from assistant.compose import _GENERIC_ENTITIES, passage_context

        missing = missing_names(question, " ".join(passage_context(p) for p in passages), _GENERIC_ENTITIES)
        if not missing:
            return False
        elsewhere = self.retriever.retrieve(question, self.settings.top_k)
        return len(missing_names(question, " ".join(passage_context(p) for p in elsewhere), _GENERIC_ENTITIES)) < \
            len(missing)

    def named(self, question: str, language: str | None = None) -> tuple[str, ...]:
        """The documents a question names: by their names (`DocumentResolver.mentions`); for a question in another
        language, also by meaning ("Selon la Convention concernant la lutte contre la discrimination dans le domaine
        de l'enseignement": `assistant.title_match`)."""
        named = self.resolver.mentions(question)
        if named or not TITLE_FOCUS or getattr(self.store, "multilingual_embedder", None) is None:
            return named
        if (language or self.language_of(question)) == "en":
            return named
        return self._titles().named(question)

    def _titles(self):
        """The `TitleMatcher` of the store's documents (multilingual title vectors), made on first use."""
        if getattr(self, "_title_matcher", None) is None:
            from assistant.title_match import TitleMatcher

            self._title_matcher = TitleMatcher(self.store.multilingual_embedder, self.resolver)
        return self._title_matcher

    @staticmethod
    def _collect(pieces: Iterator[str | Answer]) -> Answer:
        final = None
        for piece in pieces:
            if isinstance(piece, Answer):
                final = piece
        assert final is not None
        return final

    def _parts(self, question: str, query: str, focus: tuple[str, ...], scope: Scope | None) -> list[Part]:
        """The parts of a question with several, each retrieved on its own (`assistant.parts`): one per
        document when the question names two or more, else one per question word it joins ("when and where").
        [] for a question with one part."""
        from dataclasses import replace

        from assistant.compose import answer_type
        from assistant.parts import parallel, split_compared, split_question

        k = self.settings.top_k
        pieces = split_question(question)

        def inside(doc: str, piece: str, piece_query: str) -> Part:
            # retrieved within the document; its sentences are scored on the words without the documents' names
            if DESCRIBED_TERMS and (term := self._described_term(doc, piece_query)):
                # "How do the Ramsar Convention and the World Heritage Convention define the natural places they
                # protect?": each document is asked how it defines its own term for them ("wetlands", "natural
                # heritage"), which its defining clause answers
                piece = piece_query = f"How does it define “{term}”?"
            return Part(piece, self.resolver.without_names(piece_query) or piece_query, tuple(self.retriever.retrieve(
                piece_query, k, scope=replace(scope or Scope(), documents=(doc,)), focus=(doc,))), document=doc)

        if len(focus) >= 2:
            # "Which list does the Ramsar Convention set up, and which list ... does the World Heritage Convention
            # create?": each question names one document, and is asked of that one; otherwise the whole question
            # is asked of each document it names.
            if borrowed := self._borrowed_names(pieces, focus):  # "..., and what about under the 1979 Convention?"
                return [inside(doc, piece, piece) for doc, piece in borrowed]
            own = [self.resolver.mentions(re.split(r"(?<=[.?!])\s+", p.strip())[-1]) for p in pieces[:4]]
            if len(pieces) >= 2 and all(len(d) == 1 for d in own) and len({d[0] for d in own}) >= 2:
                return [inside(d[0], piece, piece) for d, piece in zip(own, pieces)]
            whole = f"{query} {legal_terms(query)}".strip() if PART_LEGAL_TERMS else query  # (as the question's search)
            if FOLLOWUP_PARTS_OWN_WORDS and query != question and _asks_own_thing(question) and \
                    not self.resolver.mentions(question):
                # "And which of them has a fund?" after "Compare the Ramsar Convention and the World Heritage
                # Convention": the documents carry the earlier turn; its words ("wetlands of international importance")
                # would choose each document's sentences
                whole = f"{question} {legal_terms(question)}".strip()
            return [inside(doc, question, whole) for doc in focus[:4]]
        # Parts joined by question words are answered one by one when they ask for different kinds of answer
        # (a date and a place, a name and a number) or each names a subject the other does not ("Who elects the
        # World Heritage Committee, and who elects the Commission of the 1962 Protocol?"); "Why ..., and what
        # ...?" about one subject reads better as one answer.
        if len(pieces) < 2 or not (any(answer_type(p) for p in pieces) or _own_subjects(pieces) or parallel(pieces)):
            return []
        parts = []
        # A part that names a document is retrieved inside it; one that names none carries on from the parts
        # before it ("When was the 1970 Convention adopted, and at which session?"), and a first part that names
        # none while a later part does has a subject of its own ("Who elects the World Heritage Committee, and
        # who elects the Commission of the 1962 Protocol?"): it is retrieved across the library.
        # "..., compared with the World Heritage Committee?" (`split_compared`): the other thing is a subject of its
        # own, searched on its own words where it is named (across the library when it names no document), not
        # inside the document the first part names
        compared = split_compared(question) is not None
        named = [self.resolver.mentions(piece) for piece in pieces[:4]]
        for n, piece in enumerate(pieces[:4]):
            part_query = piece if (n == 0 and query == question) or (compared and n > 0) else f"{piece} {query}"
            if PART_LEGAL_TERMS and (legal := legal_terms(piece) or legal_terms(query)):
                part_query = f"{part_query} {legal}"  # a part without lay words of its own takes the question's
            before = next((d for d in reversed(named[:n]) if d), ())
            part_focus = named[n] if compared and n > 0 else named[n] or before or (() if any(named) else focus)
            parts.append(Part(piece, part_query, tuple(self.retriever.retrieve(part_query, k, scope=scope,
                                                                                 focus=part_focus))))
        return parts

    def _borrowed_names(self, pieces: list[str], focus: tuple[str, ...]) -> list[tuple[str, str]]:
        """Two parts, the second only "what about under <another document>?" (`parts.borrowed_question`): (document,
        part) for each, the second part being the first's question with the other document's name in place of the
        first's. [] otherwise (the first part names no single document, or the second asks something of its own)."""
        from assistant.parts import borrowed_question

        if len(pieces) != 2 or len(focus) != 2:
            return []
        spans = self.resolver.name_spans(pieces[0])
        if len({doc for _, _, doc in spans}) != 1 or spans[-1][2] not in focus:
            return []
        start, end, doc = spans[-1]
        second = borrowed_question(pieces[0], pieces[1], (start, end))
        other = next(d for d in focus if d != doc)
        # the other document is named in the second part ("the text revised at Paris in 1971" names the revision
        # only after "the 1952 Universal Copyright Convention")
        named = any(d == other and s > len(pieces[0]) for s, _, d in self.resolver.name_spans(" ".join(pieces)))
        return [(doc, pieces[0]), (other, second)] if second and named else []

    def _filled(self, question: str, turns: list[Turn]) -> str:
        """An elliptical follow-up as the earlier question it shortens (`conversation.fill_ellipsis`); the
        question itself when it is none. An earlier elliptical question is filled from the one before it first."""
        from assistant.conversation import elliptical_phrase, fill_ellipsis

        if not elliptical_phrase(question):
            return question
        earlier = turns[-1].question
        if len(turns) > 1 and elliptical_phrase(earlier):
            earlier = self._filled(earlier, turns[:-1])

        def similarities(phrase: str, candidates: list[str]):
            vectors = self.embedder.embed([phrase, *candidates])
            return [float(v @ vectors[0]) for v in vectors[1:]]

        def alike(phrase: str, candidate: str) -> bool:  # "the Executive Board" does not stand for "the Constitution"
            return bool(self.resolver.mentions(phrase)) == bool(self.resolver.mentions(candidate))

        return fill_ellipsis(question, earlier, similarities, ELLIPSIS_FLOOR, alike) or question

    def _document_headings(self, doc: str) -> list[str]:
        return list(dict.fromkeys(c.section for c in self.retriever.document_chunks(doc) if c.section))

    def _document_organs(self, doc: str) -> list[str]:
        """A document's section headings and the capitalised names its provisions open with ("2. The
        Director-General shall be nominated ...": "Director-General"), but for the words of its title: the organs a
        constitution sets up."""
        chunks = self.retriever.document_chunks(doc)
        title = set(terms(chunks[0].title)) if chunks else set()
        # not the body itself ("The Organization shall ..."): its name is the constitution's title
        subjects = [m.group(1) for c in chunks for m in _SUBJECT_NAME.finditer(c.text)
                    if not set(terms(m.group(1))) <= title]
        return list(dict.fromkeys([c.section for c in chunks if c.section] + subjects))

    def _described_term(self, doc: str, query: str) -> str:
        """The term of document `doc` that `query` asks it to define or describe without naming it
        (`assistant.definitions.described_term`); "" for none."""
        from assistant.definitions import asks_to_describe, described_term

        if not asks_to_describe(query):  # most questions: no document read
            return ""
        return described_term(self.resolver.without_names(query) or query, self.retriever.document_chunks(doc),
                              self.embedder.embed)

    def lookup(self, text_or_id: str, limit: int = 5) -> list[LookupHit]:
        """Where a quote or a citation id comes from, best first. Empty list: not in the corpus."""
        from assistant.citations import lookup

        text, _ = self._check_question(text_or_id, what="quote or citation id")
        return lookup(text, self.store, self.retriever, limit=limit)

    # -- helpers ---------------------------------------------------------------------------
    def _check_question(self, question: str, what: str = "question") -> tuple[str, str]:
        from core.textutil import sanitize_question

        if not isinstance(question, str):
            raise BadQuestionError(f"The {what} must be text.")
        cleaned = sanitize_question(question)
        if not cleaned:
            raise BadQuestionError(f"Please type a {what}: this one is empty.")
        notice = ""
        limit = self.settings.max_question_chars
        if len(cleaned) > limit:
            cleaned = cleaned[:limit].rsplit(" ", 1)[0] or cleaned[:limit]
            notice = f"Your {what} was {len(question):,} characters long; only the first {limit:,} were used."
        return cleaned, notice

    def _scope(self, scope: Scope | None) -> Scope | None:
        """`scope` with its document names resolved to ids (raises `NotFoundError` for an unknown name);
        restricted to the library when `settings.library_only` is set."""
        from dataclasses import replace

        if scope is not None and not isinstance(scope, Scope):
            raise BadQuestionError("scope must be a core.types.Scope.")
        if self.settings.library_only and not (scope and scope.origin):
            scope = replace(scope or Scope(), origin="library")
        if not scope:
            return None

        return replace(scope, documents=tuple(dict.fromkeys(self.resolver.resolve(d) for d in scope.documents)))

    def _check_not_empty(self) -> None:
        if self.store.cached_count() == 0:
            raise EmptyStoreError(
                f"The store at {self.settings.store_label} holds no documents yet. "
                "Run `unesco-assistant ingest` to add the bundled corpus (or your own files)."
            )



def _with(answer: Answer, **changes: object) -> Answer:
    from dataclasses import replace

    return replace(answer, **changes)
