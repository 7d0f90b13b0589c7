"""unesco-assistant: cited, checkable answers over UNESCO documents.

The public API is `Assistant` (see `assistant.api`); the CLI, the UI and the evals all call it.
"""

from core.settings import Settings
from core.types import (
    Answer,
    AnswerSentence,
    Chunk,
    Citation,
    Document,
    DocumentInfo,
    IngestReport,
    LookupHit,
    Passage,
    Scope,
    SkippedFile,
    Turn,
    cited_documents,
)

__all__ = [
    "Answer",
    "AnswerSentence",
    "Assistant",
    "Chunk",
    "Citation",
    "Document",
    "DocumentInfo",
    "IngestReport",
    "LookupHit",
    "Passage",
    "Scope",
    "Settings",
    "SkippedFile",
    "Turn",
    "cited_documents",
]


def __getattr__(name: str):  # lazy: importing the package must not load torch
    if name == "Assistant":
        from assistant.api import Assistant

        return Assistant
    raise AttributeError(name)
