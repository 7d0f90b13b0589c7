"""The BM25 index searched within a subset of documents: the k best *of the subset*, with the same scores as an
unfiltered search (the filter does not change the statistics), and nothing outside it."""

from __future__ import annotations

from store.keyword import KeywordIndex


def build() -> KeywordIndex:
    ids, texts = [], []
    for n in range(30):  # 30 chunks of "big" that all beat the small document on "bridge"
        ids.append(f"big:{n}")
        texts.append("bridge bridge bridge over the river, rebuilt " + "stone " * n)
    ids += ["small:1", "small:2", "other:1"]
    texts += ["a footbridge and one bridge in the town", "the old town square", "science diplomacy"]
    return KeywordIndex.build(ids, texts)


def test_the_k_best_of_a_subset_not_the_survivors_of_a_global_top_k():
    kw = build()
    assert all(i.startswith("big:") for i, _ in kw.search("bridge", 5))  # globally, small never makes the top 5
    hits = kw.search("bridge", 5, documents={"small"})
    assert [i for i, _ in hits] == ["small:1"]
    unfiltered = dict(kw.search("bridge", 40))
    assert abs(hits[0][1] - unfiltered["small:1"]) < 1e-6


def test_several_documents_unknown_ones_and_an_empty_subset():
    kw = build()
    ids = {i for i, _ in kw.search("bridge town", 50, documents={"small", "other", "nosuch"})}
    assert ids == {"small:1", "small:2"}
    assert kw.search("bridge", 5, documents=set()) == []
    assert kw.search("bridge", 5, documents={"nosuch"}) == []


def test_a_hyphenated_co_is_one_word_with_its_closed_spelling(monkeypatch):
    # session 37: the instruments write "co-operation" 168 times and "cooperation" 109 times; split at the hyphen,
    # "co-operation" matched neither "cooperation" nor anything but an unrelated "operation"
    from core import textutil
    from store import keyword

    ids = ["a:1", "b:1", "c:1"]
    texts = ["international co-operation between States", "entry into operation of the system", "the old town"]
    kw = KeywordIndex.build(ids, texts)
    assert [i for i, _ in kw.search("cooperation", 3)] == ["a:1"]
    assert textutil.terms("co-ordinating body") == textutil.terms("coordinating body")
    assert textutil.terms("non-discrimination") == textutil.terms("non discrimination")  # only "co-" is joined
    monkeypatch.setattr(textutil, "JOIN_CO_PREFIX", False)
    assert keyword.fingerprint(ids) != kw.fingerprint  # a cached index tokenised the other way is not reused
    off = KeywordIndex.build(ids, texts)
    assert [i for i, _ in off.search("cooperation", 3)] == []
    assert [i for i, _ in off.search("operation", 3)][0] == "b:1" and len(off.search("operation", 3)) == 2
