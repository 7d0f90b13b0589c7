"""Lay words for what treaties do, read as the treaties' own terms.

A student asks "if a country wants out of the 1989 convention how do they do it"; the Convention says "Each
Contracting State shall have the right to denounce this Convention". No word is shared, and the word vectors of
"wants out" and "denounce" are far apart, so the denunciation article is neither retrieved nor chosen. The acts a
treaty regulates are few and their terms fixed (denunciation, accession, entry into force), so a short table names
them: `legal_terms(question)` gives the terms a question's lay wording stands for, which the facade adds to the
retrieval query (the question's own words stay as they are; its names and numbers are checked on the question).
"""

from __future__ import annotations

import re

LAY_TERMS = True  # off: the query is the question's words only
# a question about leaving: "kicks in" is "take effect" only (False: "enter into force" too)
LEAVING_TAKES_EFFECT = True

# (lay wording, the instruments' terms for it). A lay verb counts only with what is left or joined after it
# ("leave the Convention", "quit UNESCO"), not "school leaving certificate". "Withdraw" is no lay word for UNESCO:
# its Constitution says it (a table entry for it had "When did the United States last withdraw from UNESCO?", which
# the library cannot answer, answered from the Constitution's withdrawal article); it is one for a treaty, which is
# denounced.
_PARTY = r"(?:the|this|that|it|unesco|a|an|its|their)\b"
_TABLE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\bwants?\s+out\b|\bget(?:s|ting)?\s+out\s+of\s+{_PARTY}|\bpull(?:s|ing)?\s+out\s+of\s+{_PARTY}|"
                rf"\b(?:leave|leaves|leaving|quit|quits|quitting|exit|exits|exiting)\s+{_PARTY}", re.IGNORECASE),
     "denounce denunciation withdraw"),
    # "Who can withdraw from the Ramsar Convention and how?": a treaty is denounced; UNESCO is withdrawn from
    (re.compile(r"\bwithdr[ae]w(?:s|n|al|ing)?\s+(?:from\s+)?(?:the\s+|this\s+|a\s+|that\s+)?(?:[\w'’-]+\s+){0,6}?"
                r"(?:convention|agreement|protocol|treaty)\b", re.IGNORECASE),
     "denounce denunciation"),
    # "Who can become a party to the Hague Convention?": the Convention says who may accede to or ratify it
    (re.compile(rf"\b(?:join|joins|joining|joined)\s+{_PARTY}|\bsign(?:s|ed|ing)?\s+up\b|"
                rf"\bbecom(?:e|es|ing)\s+(?:a\s+)?(?:state\s+|contracting\s+)?part(?:y|ies)\s+to\b", re.IGNORECASE),
     "accession accede ratification"),
    (re.compile(r"\bkicks?\s+in\b|\bstarts?\s+(?:to\s+)?apply(?:ing)?\b|\bbecomes?\s+binding\b", re.IGNORECASE),
     "enter into force take effect"),
    # "And who can ask for help from it?" of a fund: the instruments request "international assistance"
    (re.compile(r"\b(?:ask|asks|asking|apply|applies|applying)\s+(?:[\w'’-]+\s+){0,5}?for\s+(?:help|aid|support|money|"
                r"funding|funds|assistance)\b|\bget\s+(?:help|aid|money|funding)\b", re.IGNORECASE),
     "request requests assistance"),
)
# Lay words for what the employment and status instruments (teachers, artists, translators, researchers) regulate:
# being paid is "remuneration", being let go is "dismissal", money reasons are "financial" ones (`PAY_AND_DISMISSAL`).
# A person is paid ("get paid", "be paid"); "Who pays the expenses ...?" asks of costs, not of remuneration.
PAY_AND_DISMISSAL = True
_WORK_TABLE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:get|gets|getting|be|are|is|being)\s+paid\b|\bhow\s+much\s+(?:do|does|should)\s+\w+\s+earn\b",
                re.IGNORECASE), "remuneration"),
    (re.compile(r"\blet(?:s|ting)?\s+(?:\w+\s+){0,2}?go\b|\b(?:fire|fires|fired|sack|sacks|sacked|lay\s+off|laid\s+off)\b",
                re.IGNORECASE), "dismissal dismissed termination"),
    (re.compile(r"\b(?:money|cash|budget)\s+(?:reasons?|grounds|problems?)\b", re.IGNORECASE), "financial reasons"),
    # what a visitor or a user pays: "do ppl pay to get in", "is entry free", "does it cost anything"
    (re.compile(r"\b(?:do|does|must|should|will|would)\s+(?:people|visitors|users|readers|students|the\s+public|you|we|"
                r"i|they)\s+(?:have\s+to\s+|need\s+to\s+)?pay\b|\b(?:have|has|need|needs)\s+to\s+pay\s+(?:to|for)\s+"
                r"(?:get\s+in|enter|visit|see|use|access)\b|\bis\s+(?:it|entry|access|admission)\s+free\b|"
                r"\bcosts?\s+(?:anything|money)\b", re.IGNORECASE), "free of charge fees"),
)


# "Who may become a party to the Ramsar Convention?" then "And how can it withdraw?": the treaty is the conversation's
# (or the question's) document, not a word beside "withdraw"; with `treaty` (every document in focus is a convention,
# an agreement or a protocol) a bare "withdraw" is its denunciation too. False: only "withdraw from the ... Convention"
WITHDRAW_FROM_FOCUS = True
_WITHDRAW = re.compile(r"\bwithdr[ae]w(?:s|n|al|ing)?\b(?!\s+(?:from\s+)?(?:unesco|the\s+organi[sz]ation)\b)", re.IGNORECASE)


def legal_terms(question: str, treaty: bool = False) -> str:
    """The instruments' terms for the lay wording of `question` ("" when it has none, or when off). `treaty`: the
    question is asked of a treaty (the documents in focus), which is denounced, not withdrawn from."""
    if not LAY_TERMS:
        return ""
    found = [terms for pattern, terms in _TABLE + (_WORK_TABLE if PAY_AND_DISMISSAL else ()) if pattern.search(question)]
    if WITHDRAW_FROM_FOCUS and treaty and not any("denounce" in t for t in found) and _WITHDRAW.search(question):
        found.append("denounce denunciation")
    if LEAVING_TAKES_EFFECT and any("denounce" in t for t in found):
        # "if a country wants out ..., how long till it kicks in?": a denunciation takes effect; a treaty enters
        # into force, and the entry-into-force article would answer when leaving is asked
        found = [t.replace("enter into force ", "") for t in found]
    return " ".join(found)
