"""The document a question in another language names, read by meaning (issue 17, docs/languages.md).

The English resolver (`assistant.documents`) finds a document by the words of its title, short title and aliases:
"the Convention against Discrimination in Education". "Selon la Convention concernant la lutte contre la
discrimination dans le domaine de l'enseignement, ..." shares none of them, so a French question got no focus and
its passages came from whichever documents the multilingual index liked best. Here the multilingual model compares
the whole question with every document's title: a question that names a document is clearly closest to that title
(`SIM_FLOOR`, `MARGIN`); a question that names none is close to no title in particular. A year in the question
("2015年", "de 1954") keeps only the documents of that year: a title shared by several instruments ("Recommendation
concerning ... museums") is then told apart as the English resolver tells it apart.

The thresholds were chosen on library_dev (its non-English questions, and its English ones as questions that must
not get a wrong focus), then checked on library_test and evals/data/languages.jsonl (docs/languages.md, session 11).
"""

from __future__ import annotations

import re
import threading

from core.protocols import Embedder

SIM_FLOOR = 0.40  # the multilingual cosine of question and title below which no title is named
MARGIN = 0.05  # how far the closest title must lead the next one (of the documents the question's years allow)
# "Según la Convención sobre la Enseñanza Técnica y Profesional de 1989, ¿a qué grupos ...?": the clause before the
# question names the document (0.54 to its title), the whole question less so (0.39, under SIM_FLOOR). When no title
# is close to the whole question, its clauses are read too; False: the whole question only
CLAUSES = True
_CLAUSE_BREAK = re.compile(r"\s*[,;:¿?¡!،؛，；：？]\s*")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")  # no \b: "2015年" has no word boundary before 年
# "¿Cada cuánto tiempo se reúne la Conferencia General de la UNESCO?" was closest (0.47) to the one title that opens
# with the organisation's name, "UNESCO Universal Declaration on Cultural Diversity", and was answered inside it. The
# organisation's name tells no document apart (the English resolver stops on it too: `documents._STOP`): titles are
# compared without it. False: the titles as written
TITLES_WITHOUT_ORGANISATION = True
_ORGANISATION = re.compile(r"\bUNESCO(?:['’]s)?\s*")


class TitleMatcher:
    """Question -> the one document whose title it names, by the multilingual cosine (see the module docstring).
    Title vectors are embedded once per set of documents. Thread-safe."""

    def __init__(self, embedder: Embedder, resolver) -> None:
        self.embedder = embedder
        self.resolver = resolver  # `DocumentResolver`: the library's documents, their titles and years
        self._lock = threading.Lock()
        self._kept: tuple[object, list, object] | None = None  # (entries, ids, title vectors)
        # the last question read, with its entries and answer: the facade asks for its focus, the cross-lingual
        # answerer again for the clause that names it (`crosslingual._without_name`)
        self._last: tuple[str, object, tuple[str, ...]] | None = None

    def _titles(self):
        entries = self.resolver.entries()
        with self._lock:
            if self._kept is None or self._kept[0] is not entries:
                ids = [i for i, e in entries.items() if e.title.strip()]
                titles = [_ORGANISATION.sub("", entries[i].title).strip() if TITLES_WITHOUT_ORGANISATION
                          else entries[i].title for i in ids]
                vectors = self.embedder.embed(titles) if ids else None
                self._kept = (entries, ids, vectors)
            return self._kept

    def named(self, question: str) -> tuple[str, ...]:
        """The id of the document the question names by its title, as a one-element tuple (the shape of
        `DocumentResolver.mentions`); () when no title is clearly closest."""
        entries, ids, vectors = self._titles()
        last = self._last
        if last is not None and last[0] == question and last[1] is entries:
            return last[2]
        found = self._closest(question, entries, ids, vectors)
        self._last = (question, entries, found)
        return found

    def _closest(self, question: str, entries, ids: list[str], vectors) -> tuple[str, ...]:
        if vectors is None:
            return ()
        years = {int(y) for y in _YEAR.findall(question)}
        keep = [k for k, i in enumerate(ids)
                if not years or entries[i].year in years or any(str(y) in entries[i].title for y in years)]
        if not keep:
            return ()
        sims = vectors[keep] @ self.embedder.embed([question])[0]
        found = _best(sims, keep, ids)
        if not found and CLAUSES and (clauses := _clauses(question)):
            import numpy as np

            # no title close to the whole question: each title's closest reading, the whole question or a clause
            found = _best(np.maximum(sims, (vectors[keep] @ self.embedder.embed(clauses).T).max(axis=1)), keep, ids)
        return found


def _best(sims, keep: list[int], ids: list[str]) -> tuple[str, ...]:
    """The id of the title clearly closest (`SIM_FLOOR`, `MARGIN`) by `sims`, one per title of `keep`; () if none."""
    order = sims.argsort()[::-1]
    best = float(sims[order[0]])
    runner_up = float(sims[order[1]]) if len(order) > 1 else -1.0
    if best < SIM_FLOOR or best - runner_up < MARGIN:
        return ()
    return (ids[keep[int(order[0])]],)


def _clauses(question: str) -> list[str]:
    """The question's clauses of three words or more, when it has more than one ("Según la Convención ... de 1989",
    "¿a qué grupos deben ...")."""
    pieces = [p for p in _CLAUSE_BREAK.split(question) if len(p.split()) >= 3 or (p and not p.isascii())]
    return pieces if len(pieces) > 1 else []
