"""The one place that turns `settings.answerer` into an `Answerer` (see `core.protocols`)."""

from __future__ import annotations

from core.errors import ConfigError
from core.protocols import Answerer, Embedder, Store
from core.settings import Settings

ANSWERERS = ("extractive", "llm")


def make_answerer(settings: Settings, embedder: Embedder, store: Store) -> Answerer:
    """Extractive (no LLM) by default; `llm` wraps an OpenAI-compatible endpoint, falling back to extractive
    answers when the endpoint fails (if the settings allow it). The LLM module is imported only when chosen."""
    from assistant.compose import ExtractiveAnswerer

    extractive = ExtractiveAnswerer(embedder, settings, store)
    if settings.answerer == "extractive":
        return extractive
    if settings.answerer == "llm":
        from assistant.llm import LLMAnswerer

        return LLMAnswerer(settings, embedder, fallback=extractive)
    raise ConfigError(f"answerer must be one of {', '.join(ANSWERERS)}. Currently, it is {settings.answerer!r}.")
