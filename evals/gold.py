"""Gold questions: load and validate JSON Lines files in the one schema we share.

One case a line:

    {"id": "s01", "question": "In which year was it rebuilt?",
     "history": ["Which bridge in Bosnia and Herzegovina did UNESCO help reconstruct?"],
     "answerable": true,
     "expected_sources": [{"document": "002_9ad71af9260e04b4", "quote": "Mostar Bridge"}],
     "expected_facts": ["2004", ["peaceful coexistence", "coexistence"]]}

The split of a case is named after its file: `gold_dev.jsonl` -> "dev", `mine.jsonl` -> "mine".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError, model_validator

DATA_DIR = Path(__file__).resolve().parent / "data"


class GoldDataError(ValueError):
    """A gold file that cannot be used; the message names the file and line."""


class ExpectedSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    document: StrictStr = Field(min_length=1)  # contained in the document id or source file name
    quote: StrictStr = Field(min_length=1)  # contained in the passage text


class _CaseLine(BaseModel):
    """The schema of one line, checked strictly (no coercion, no unknown keys)."""

    model_config = ConfigDict(extra="forbid")

    id: StrictStr = Field(min_length=1)
    question: StrictStr = Field(min_length=1)
    history: list[StrictStr] = Field(default_factory=list)
    answerable: StrictBool
    expected_sources: list[ExpectedSource] = Field(default_factory=list)
    expected_facts: list[StrictStr | list[StrictStr]] = Field(default_factory=list)
    category: StrictStr = ""  # e.g. fact, explain, list, compare, followup, informal, language, unanswerable
    language: StrictStr = "en"  # the language the question is asked in

    @model_validator(mode="after")
    def _check(self) -> _CaseLine:
        if not self.question.strip():
            raise ValueError("question must not be blank")
        if any(not turn.strip() for turn in self.history):
            raise ValueError("history turns must not be blank")
        for fact in self.expected_facts:
            alternatives = [fact] if isinstance(fact, str) else fact
            if not alternatives or any(not alt.strip() for alt in alternatives):
                raise ValueError(f"expected_facts holds an empty fact or alternative list: {fact!r}")
        if self.answerable and not (self.expected_sources or self.expected_facts):
            raise ValueError("an answerable case needs expected_sources or expected_facts (or both)")
        if not self.answerable and (self.expected_sources or self.expected_facts):
            raise ValueError("an unanswerable case (answerable: false) must have empty expected_sources "
                             "and expected_facts")
        return self


@dataclass(frozen=True)
class GoldCase:
    id: str
    question: str
    history: tuple[str, ...]
    answerable: bool
    expected_sources: tuple[ExpectedSource, ...]
    expected_facts: tuple[str | tuple[str, ...], ...]
    split: str  # named after the file it came from
    file: str = ""
    line: int = 0
    category: str = ""
    language: str = "en"

    @property
    def is_followup(self) -> bool:
        return bool(self.history)

    def to_json(self) -> dict:
        """The case in the file schema (without split/file/line; category/language only when set)."""
        data = {
            "id": self.id,
            "question": self.question,
            "history": list(self.history),
            "answerable": self.answerable,
            "expected_sources": [s.model_dump() for s in self.expected_sources],
            "expected_facts": [f if isinstance(f, str) else list(f) for f in self.expected_facts],
        }
        if self.category:
            data["category"] = self.category
        if self.language != "en":
            data["language"] = self.language
        return data


def split_name(path: Path | str) -> str:
    """`gold_dev.jsonl` -> "dev"; `library_test.jsonl` -> "library_test"; any other file -> its stem."""
    stem = Path(path).stem
    return stem.removeprefix("gold_") or stem


GOLD_SETS = {
    "seeds": ("gold_dev.jsonl", "gold_test.jsonl"),  # written on the two seed pages (issue 5)
    "library": ("library_dev.jsonl", "library_test.jsonl"),  # seeds + UNESCO legal instruments (issue 13)
}


def default_gold_paths(gold_set: str | None = None) -> list[Path]:
    """The built-in gold files of one set ("seeds", "library") or of both, dev before test."""
    if gold_set is not None and gold_set not in GOLD_SETS:
        raise GoldDataError(f"No built-in gold set named {gold_set!r}. Known sets: {', '.join(GOLD_SETS)}.")
    names = GOLD_SETS[gold_set] if gold_set else [n for files in GOLD_SETS.values() for n in files]
    return [DATA_DIR / n for n in names]


def gold_paths(split: str | None = None, gold_set: str | None = None) -> list[Path]:
    """The built-in gold files of one split, or all of them. "test" names the test split of every set
    (`test`, `library_test`); "library_test" only the library's."""
    paths = default_gold_paths(gold_set)
    if split is None:
        return paths
    chosen = [p for p in paths if split_name(p) == split or split_name(p).endswith("_" + split)]
    if not chosen:
        known = ", ".join(split_name(p) for p in paths)
        raise GoldDataError(f"No built-in gold split named {split!r}. Known splits: {known}.")
    return chosen


def load_cases(paths: Iterable[Path | str] | Path | str | None = None) -> list[GoldCase]:
    """Read and validate gold cases from JSON Lines files (the built-in ones by default).

    Blank lines are skipped. Ids must be unique across all files. Raises `GoldDataError` naming the
    file and line of the first problem.
    """
    if paths is None:
        paths = default_gold_paths()
    elif isinstance(paths, str | Path):
        paths = [paths]
    cases: list[GoldCase] = []
    seen: dict[str, str] = {}
    for path in map(Path, paths):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise GoldDataError(f"{path}: no such question file.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise GoldDataError(f"{path}: cannot be read as UTF-8 text ({exc}).") from None
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            where = f"{path}, line {number}"
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise GoldDataError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno}).") from None
            if not isinstance(data, dict):
                raise GoldDataError(f"{where}: each line must be one JSON object, not {type(data).__name__}.")
            try:
                line = _CaseLine.model_validate(data)
            except ValidationError as exc:
                problems = "; ".join(
                    f"{'.'.join(map(str, e['loc'])) or 'case'}: {e['msg']}" for e in exc.errors()
                )
                raise GoldDataError(f"{where}: {problems}.") from None
            if line.id in seen:
                raise GoldDataError(f"{where}: duplicate id {line.id!r} (first seen in {seen[line.id]}).")
            seen[line.id] = where
            cases.append(GoldCase(
                id=line.id,
                question=line.question,
                history=tuple(line.history),
                answerable=line.answerable,
                expected_sources=tuple(line.expected_sources),
                expected_facts=tuple(f if isinstance(f, str) else tuple(f) for f in line.expected_facts),
                split=split_name(path),
                file=str(path),
                line=number,
                category=line.category,
                language=line.language,
            ))
    return cases
