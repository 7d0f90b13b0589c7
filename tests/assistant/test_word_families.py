"""A noun and the verb it names the act of match as one word (`assistant.word_families`): "the entry into force" of
a question finds "shall enter into force" in a sentence."""

from __future__ import annotations

import assistant.word_families as word_families
from assistant.word_families import with_families
from core.textutil import terms


def stems(text: str) -> set[str]:
    return set(terms(text))


def test_a_noun_and_its_verb_share_their_stems_both_ways(monkeypatch):
    assert stems("enter") <= with_families(stems("the entry into force"))
    assert stems("entry") <= with_families(stems("shall enter into force"))
    assert stems("denunciation") <= with_families(stems("may denounce"))
    # a noun whose stem is another word's is no partner: "publication" is stemmed "public"
    assert not stems("public") & with_families(stems("shall publish"))
    monkeypatch.setattr(word_families, "WORD_FAMILIES", False)
    assert with_families(stems("the entry into force")) == stems("the entry into force")


def test_a_comparison_of_entries_into_force_quotes_each_entry_into_force_article(library, monkeypatch):
    """The 1972 Convention's part matched "... following the entry into force of this Convention for at least 40
    States" (the Committee's size), which holds "entry", over Article 33, "This Convention shall enter into force
    three months after ...", whose "enter" the stemmer keeps apart from "entry"."""
    question = "Compare the entry into force of the 1972 Convention and the 2005 Convention."
    answer = library.ask(question)
    assert not answer.refused, answer.text
    cited = {c.document_id for c in answer.citations}
    assert any("1972" in d for d in cited) and any("2005" in d for d in cited), cited
    entering = [s.text for s in answer.sentences if "shall enter into force three months after" in s.text]
    assert len(entering) >= 2, answer.text
    assert "number of States members of the Committee" not in answer.text
    monkeypatch.setattr(word_families, "WORD_FAMILIES", False)
    library.clear_caches()
    before = library.ask(question)
    assert "number of States members of the Committee" in before.text or len(
        [s for s in before.sentences if "shall enter into force three months after" in s.text]) < 2, before.text
