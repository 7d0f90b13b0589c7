"""Greetings and thanks get a friendly word instead of "The documents don't say".

    reply = smalltalk_reply("hello!")   # "Hello! Ask me about …" ; None for a real question

Only whole messages that are nothing but a greeting, a thank-you or a goodbye (a few words, no question
about anything else) are caught, so "hello, what is science diplomacy?" still goes to the assistant.
"""

from __future__ import annotations

import re

_WORDS = r"(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|bonjour|hola|salut)"
_THANKS = r"(?:thanks?(?: you)?(?: (?:so|very) much)?|thank you(?: (?:so|very) much)?|many thanks|cheers|merci|ty)"
_BYE = r"(?:bye|goodbye|see you|ciao|good night)"
_TAIL = r"(?:\s+(?:there|all|everyone|again|assistant|unesco assistant|a lot|for (?:that|this|the (?:answer|help))))*"
_PUNCT = r"[\s!.,:;)(\-–—~*?😊🙂👋🙏]*"


def _full(words: str) -> re.Pattern[str]:
    return re.compile(rf"^{_PUNCT}{words}{_TAIL}{_PUNCT}$", re.IGNORECASE)


GREETING, THANKS, BYE = _full(_WORDS), _full(_THANKS), _full(_BYE)
_HELP = ("Ask me about the UNESCO documents in the library, for example “What is science diplomacy?”; "
         "every sentence of the answer cites the passage it comes from.")


def smalltalk_reply(message: str) -> str | None:
    """A short reply for a greeting, thanks or goodbye; None for anything else."""
    text = (message or "").strip()
    if not text or len(text) > 60:
        return None
    if GREETING.match(text):
        return "Hello! " + _HELP
    if THANKS.match(text):
        return "You're welcome. Ask a follow-up whenever you like, or start a new chat."
    if BYE.match(text):
        return "Goodbye! Your conversation stays here in this browser until you start a new chat."
    return None
