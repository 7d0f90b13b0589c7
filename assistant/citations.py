"""Citations: stable ids, the support check every answer sentence goes through, and citation lookup.

A citation id is `<chunk id>@<start>-<end>`: the chunk id derives from the document and the chunk's content, the
span is the supporting sentence inside the chunk. It resolves as long as that passage is in the corpus.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from core.errors import NotFoundError
from core.settings import Settings
from core.textutil import fold, sentence_spans, terms
from core.types import Answer, AnswerSentence, Citation, LookupHit, Passage

CITATION_ID = re.compile(r"^\s*(?P<chunk>[A-Za-z0-9._-]+:[0-9a-f]{16})(?:@(?P<s>\d+)-(?P<e>\d+))?\s*$")
MARKERS = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_NUMBER = re.compile(r"\d[\d,.]*")
REFUSAL_TEXT = "The documents don't say."
CONTEXT_CHARS = 320
# Lookup caps: a quote found at every position of a hostile document ("AAAA…" in a 1.5 MB run of one letter)
# must not become one result per occurrence (that grew a process to 19 GB). Occurrences are searched without
# overlap and at most MAX_HITS_PER_DOCUMENT are kept per document; a lookup returns at most MAX_LOOKUP_HITS.
MAX_HITS_PER_DOCUMENT = 3
MAX_LOOKUP_HITS = 50


def citation_id(chunk_id: str, start: int, end: int) -> str:
    return f"{chunk_id}@{start}-{end}"


# -- support ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Support:
    supported: bool
    score: float
    span: tuple[int, int] | None  # best-matching sentence span in the passage


def check_support(sentence: str, passage_text: str, embedder=None, *, passage_vectors=None) -> Support:
    """Is `sentence` backed by `passage_text`?

    Supported when it is (nearly) a verbatim part of the passage, or when it is semantically close to one of
    the passage's sentences AND keeps to its words and numbers: a paraphrase may not add facts.
    """
    claim = MARKERS.sub("", sentence).strip()
    if not claim:
        return Support(True, 1.0, None)
    spans = sentence_spans(passage_text) or [(0, len(passage_text))]
    fclaim = fold(claim)
    claim_terms = set(terms(claim))
    if claim.endswith("?") or len(claim_terms) < 2:
        return Support(False, 0.0, None)  # a question, or too little content to be a claim ("PWNED")
    if len(fclaim) >= 12 and fclaim in fold(passage_text):
        best = max(spans, key=lambda sp: _ratio(fclaim, fold(passage_text[sp[0]:sp[1]])))
        return Support(True, 1.0, best)
    passage_terms = set(terms(passage_text))
    coverage = len(claim_terms & passage_terms) / len(claim_terms) if claim_terms else 0.0
    numbers_ok = all(n.strip(".,") in passage_text for n in _NUMBER.findall(claim))
    sim, best = 0.0, spans[0]
    if embedder is not None:
        import numpy as np

        vecs = passage_vectors if passage_vectors is not None else embedder.embed(
            [passage_text[s:e] for s, e in spans])
        cvec = embedder.embed([claim])[0]
        sims = np.asarray(vecs) @ cvec
        i = int(np.argmax(sims))
        sim, best = float(sims[i]), spans[i]
    else:
        best = max(spans, key=lambda sp: _ratio(fclaim, fold(passage_text[sp[0]:sp[1]])))
        sim = _ratio(fclaim, fold(passage_text[best[0]:best[1]]))
    score = 0.5 * sim + 0.5 * coverage
    supported = numbers_ok and coverage >= 0.6 and sim >= 0.6
    return Support(supported, round(score, 4), best)


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


# -- answers from generated text (LLM) ----------------------------------------------------------
def answer_from_generated_text(*, question: str, text: str, passages: Sequence[Passage], embedder,
                               settings: Settings, answerer: str = "llm") -> Answer:
    """Verify generated text against the passages: drop citation numbers that do not exist, check every
    sentence against the passages it cites, attach a citation to an uncited sentence a passage supports, and
    flag (or drop, per settings) the sentences nothing supports."""
    text = text.strip()
    if not text or _is_refusal(text):
        return refusal(question, passages, answerer=answerer)
    n = len(passages)
    sentences: list[tuple[str, list[int], Support]] = []
    for s, e in sentence_spans(text):
        raw = text[s:e]
        cited = [int(x) for group in MARKERS.findall(raw) for x in group.split(",") if x.strip().isdigit()]
        valid = [c for c in dict.fromkeys(cited) if 1 <= c <= n]
        claim = re.sub(r"\s+([.,;:!?])", r"\1", MARKERS.sub("", raw)).strip()
        if not re.search(r"\w", claim):
            continue
        best: Support = Support(False, 0.0, None)
        best_marker = None
        for c in valid or range(1, n + 1):
            sup = check_support(claim, passages[c - 1].chunk.text, embedder)
            if sup.score > best.score or (sup.supported and not best.supported):
                best, best_marker = sup, c
        markers = valid if valid else ([best_marker] if best.supported and best_marker else [])
        sentences.append((claim, markers, best))
    if settings.llm_drop_unsupported:
        sentences = [s for s in sentences if s[2].supported]
    if not sentences:
        return refusal(question, passages, answerer=answerer)
    return build_answer(question, [(claim, [(passages[m - 1], sup.span) for m in markers], sup.supported,
                                    sup.score) for claim, markers, sup in sentences], answerer=answerer,
                        passages=passages)


def _is_refusal(text: str) -> bool:
    t = fold(text)
    return len(t) < 160 and any(p in t for p in ("documents don't say", "documents do not say",
                                                   "don't contain", "do not contain", "not in the documents",
                                                   "cannot answer", "can't answer"))


def build_answer(question: str, parts, *, answerer: str, passages: Sequence[Passage] = (),
                 joiner: Sequence[str] | None = None) -> Answer:
    """Number the cited passages in order of first use and render the text with [n] markers.

    `parts`: (sentence, [(passage, support span in passage or None), ...], supported, score) per sentence.
    `joiner`: the separator placed before each sentence (default a space; "\\n" for list items).
    """
    markers: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    scores: dict[str, float] = {}
    cited: dict[str, Passage] = {}
    pieces: list[str] = []
    out_sentences: list[AnswerSentence] = []
    for i, (sentence, refs, supported, score) in enumerate(parts):
        ms: list[int] = []
        for p, span in refs:
            cid = p.chunk.id
            if cid not in markers:
                markers[cid] = len(markers) + 1
                cited[cid] = p
            if span and span not in spans.setdefault(cid, []):
                spans[cid].append(span)
            scores[cid] = max(scores.get(cid, 0.0), score)
            if markers[cid] not in ms:
                ms.append(markers[cid])
        mark = "".join(f"[{m}]" for m in ms)
        sep = "" if i == 0 else (joiner[i] if joiner else " ")
        pieces.append(f"{sep}{sentence}{' ' + mark if mark else ''}")
        out_sentences.append(AnswerSentence(sentence, tuple(ms), supported, round(score, 4)))
    citations = []
    for cid, m in sorted(markers.items(), key=lambda kv: kv[1]):
        p = cited[cid]
        sp = tuple(sorted(spans.get(cid, [])))
        first = sp[0] if sp else (0, len(p.chunk.text))
        citations.append(Citation(
            marker=m, citation_id=citation_id(cid, *first), document_id=p.chunk.document_id, title=p.chunk.title,
            section=p.chunk.section, source=p.chunk.source, passage=p.chunk.text, passage_start=p.chunk.start,
            passage_end=p.chunk.end, support_spans=sp, support_score=round(scores[cid], 4),
            origin=p.chunk.origin, added=p.chunk.added))
    return Answer(question=question, text="".join(pieces), citations=tuple(citations), refused=False,
                  sentences=tuple(out_sentences), answerer=answerer)


def join_answers(question: str, answers: Sequence[Answer], *, answerer: str,
                 labels: Sequence[str] = ()) -> Answer:
    """One answer from several (the parts of a question, each answered on its own), in the order given.
    `labels` (one per answer, "" for none) head each answer on a line of its own ("Universal Copyright Convention
    (1952):"): what a comparison's parts are about, which the quoted sentences ("under this Convention") do not say.
    A label is no sentence and cites nothing; an answer whose sentences were all said before gets none.

    Citations are renumbered in order of first use; a passage two answers cite is one citation holding both its
    support spans. A sentence an earlier answer already gave (same text, same passages) is not repeated. An
    answer after a list item, or opening with one, starts on a new line; inside an answer the line breaks stay.
    The confidence is the lowest of the answers'."""
    new_marker: dict[str, int] = {}
    cited: dict[str, Citation] = {}
    pieces: list[str] = []
    out: list[AnswerSentence] = []
    seen: set[tuple] = set()
    for a, answer in enumerate(answers):
        by_marker = {c.marker: c for c in answer.citations}
        breaks = _line_breaks(answer)
        label = labels[a] if a < len(labels) else ""
        for n, sentence in enumerate(answer.sentences):
            keys = [_passage_key(by_marker[m]) for m in sentence.markers if m in by_marker]
            said = (sentence.text.removeprefix("• "), tuple(keys))
            if said in seen:
                continue
            seen.add(said)
            if label:  # before the answer's first sentence not said before, on a line of its own
                pieces.append(("\n" if pieces else "") + label)
                label, head = "", True
            else:
                head = False
            for m in sentence.markers:
                c = by_marker.get(m)
                if c is None:
                    continue
                key = _passage_key(c)
                if key not in new_marker:
                    new_marker[key] = len(new_marker) + 1
                    cited[key] = c
                else:
                    spans = tuple(sorted(set(cited[key].support_spans) | set(c.support_spans)))
                    cited[key] = replace(cited[key], support_spans=spans,
                                         support_score=max(cited[key].support_score, c.support_score))
            markers = tuple(dict.fromkeys(new_marker[k] for k in keys))
            if head:
                sep = "\n"
            elif out:
                item = sentence.text.startswith("• ") or out[-1].text.startswith("• ")
                sep = "\n" if (breaks[n] if n else item) else " "
            else:
                sep = ""
            mark = "".join(f"[{m}]" for m in markers)
            pieces.append(f"{sep}{sentence.text}{' ' + mark if mark else ''}")
            out.append(replace(sentence, markers=markers))
    citations = tuple(replace(c, marker=new_marker[k]) for k, c in sorted(cited.items(), key=lambda kv: new_marker[kv[0]]))
    confidences = [a.confidence for a in answers if a.confidence is not None]
    return Answer(question=question, text="".join(pieces), citations=citations, refused=False,
                  sentences=tuple(out), answerer=answerer, confidence=min(confidences) if confidences else None,
                  signals=dict(answers[0].signals) if answers else {},
                  notice=" ".join(dict.fromkeys(a.notice for a in answers if a.notice)))


def _passage_key(c: Citation) -> str:
    """The cited chunk's id (a citation id is `<chunk id>@<start>-<end>`)."""
    return c.citation_id.rsplit("@", 1)[0]


def _line_breaks(answer: Answer) -> list[bool]:
    """Whether each of the answer's sentences starts on a new line in its text (read back from the text)."""
    out, pos = [], 0
    for sentence in answer.sentences:
        i = answer.text.find(sentence.text, pos)
        if i < 0:
            out.append(sentence.text.startswith("• "))
            continue
        out.append("\n" in answer.text[pos:i])
        pos = i + len(sentence.text)
    return out


def refusal(question: str, passages: Sequence[Passage], *, answerer: str = "extractive",
            reason: str = "", confidence: float | None = None, signals: dict | None = None,
            lacking: bool = True) -> Answer:
    """A refusal that says what is true: "The documents don't say." only when the answerer is confident the
    library lacks the fact (`lacking`); otherwise just the reason ("I found no passage that answers this")."""
    reason = reason or "I could not find this in the ingested documents, so I won't guess."
    text = (REFUSAL_TEXT + " " + reason) if lacking else reason
    if passages:
        text += " The passages below are the nearest ones, offered as related reading, not as an answer."
    return Answer(question=question, text=text, citations=(), refused=True, related=tuple(passages[:3]),
                  answerer=answerer, confidence=confidence, reason=reason, signals=dict(signals or {}))


# -- lookup ----------------------------------------------------------------------------------------
def _fold_map(text: str) -> tuple[str, array]:
    """Letters and digits only, casefolded, single spaces; with each folded char's offset in `text` (an
    array of machine ints: 8 bytes per character of a document, not a Python int object each)."""
    out: list[str] = []
    idx = array("q")
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isalnum():
            if pending_space and out:
                out.append(" ")
                idx.append(i)
            for f in ch.casefold():
                out.append(f)
                idx.append(i)
            pending_space = False
        else:
            pending_space = True
    return "".join(out), idx


def lookup(text: str, store, retriever, limit: int = 5) -> list[LookupHit]:
    limit = max(1, min(int(limit), MAX_LOOKUP_HITS))
    m = CITATION_ID.match(text)
    if m:
        return _lookup_id(m, store)
    return _lookup_quote(text, store, retriever, limit)


def _hit(doc, start: int, end: int, score: float, chunk_id: str = "", section: str = "") -> LookupHit:
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(doc.text), end + CONTEXT_CHARS)
    return LookupHit(document_id=doc.id, title=doc.title, source=doc.source, section=section, start=start, end=end,
                     score=round(score, 4), context_before=doc.text[lo:start], match=doc.text[start:end],
                     context_after=doc.text[end:hi], chunk_id=chunk_id, origin=doc.origin, added=doc.added)


def _lookup_id(m: re.Match, store) -> list[LookupHit]:
    chunk_id = m.group("chunk")
    chunk = store.get_chunks([chunk_id]).get(chunk_id)
    if chunk is not None:
        try:
            doc = store.get_document(chunk.document_id)
        except NotFoundError:  # its document record is gone (an interrupted write): as good as absent
            chunk = None
    if chunk is None:
        raise NotFoundError(
            f"The citation {chunk_id} is not in the corpus: its document was changed or removed since it was cited. "
            "Search for the quoted words instead."
        )
    s, e = chunk.start, chunk.end
    if m.group("s") is not None:
        rs, re_ = int(m.group("s")), int(m.group("e"))
        if 0 <= rs < re_ <= len(chunk.text):
            s, e = chunk.start + rs, chunk.start + re_
    return [_hit(doc, s, e, 1.0, chunk.id, chunk.section)]


def _chunk_at(store, chunks: dict[str, list], doc_id: str, start: int, end: int):
    """The chunk of the document that holds [start, end) (the first that starts at or before it and ends at or after
    its start, preferring one that holds all of it); None when none does."""
    if doc_id not in chunks:
        chunks[doc_id] = store.document_chunks(doc_id)
    holding = [c for c in chunks[doc_id] if c.start <= start < c.end]
    whole = [c for c in holding if end <= c.end]
    return (whole or holding or [None])[0]


def _lookup_quote(text: str, store, retriever, limit: int) -> list[LookupHit]:
    fq, _ = _fold_map(text)
    if not fq:
        return []
    passages = retriever.retrieve(text, max(limit * 3, 10))
    docs: dict[str, object] = {}
    folded: dict[str, tuple[str, array]] = {}
    hits: list[LookupHit] = []
    seen: set[tuple[str, int]] = set()
    chunks: dict[str, list] = {}  # document id -> its chunks, read when a match needs its own chunk
    for p in passages:
        doc_id = p.chunk.document_id
        if doc_id not in docs:
            try:
                docs[doc_id] = store.get_document(doc_id)
            except NotFoundError:  # a chunk left by an interrupted write (another process's store): not cited
                docs[doc_id] = None
        doc = docs[doc_id]
        if doc is None:
            continue
        if doc_id not in folded:
            folded[doc_id] = _fold_map(doc.text)
        fd, idx = folded[doc_id]
        pos = fd.find(fq)
        exact = sum(1 for h in hits if h.document_id == doc_id and h.score == 1.0)
        while pos >= 0 and exact < MAX_HITS_PER_DOCUMENT:  # exact after normalisation (case, space, punctuation)
            start, end = idx[pos], idx[pos + len(fq) - 1] + 1
            if (doc_id, start) not in seen:
                seen.add((doc_id, start))
                # the match may lie outside the retrieved passage (the quote is searched in the whole document):
                # its own chunk gives the hit's section and citation id ("Article 2", not the "Rule 2" retrieved)
                own = _chunk_at(store, chunks, doc_id, start, end) or p.chunk
                hits.append(_hit(doc, start, end, 1.0, own.id, own.section))
                exact += 1
            pos = fd.find(fq, pos + len(fq))  # occurrences that do not overlap
        if exact:
            continue
        # Light paraphrase: the best window of one to three sentences in this passage.
        c = p.chunk
        spans = sentence_spans(c.text)
        best = (0.0, 0, 0)
        qterms = set(terms(text))
        for i in range(len(spans)):
            for j in range(i, min(i + 3, len(spans))):
                s, e = spans[i][0], spans[j][1]
                window = c.text[s:e]
                wt = set(terms(window))
                shared = qterms & wt
                if len(shared) < 2:
                    continue
                coverage = len(shared) / len(qterms)  # how much of the quote this window holds
                score = 0.4 * _ratio(fq, _fold_map(window)[0]) + 0.6 * coverage
                if score > best[0]:
                    best = (score, c.start + s, c.start + e)
        if best[0] >= 0.5 and (doc_id, best[1]) not in seen:
            seen.add((doc_id, best[1]))
            hits.append(_hit(doc, best[1], best[2], min(best[0], 0.99), c.id, c.section))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]
