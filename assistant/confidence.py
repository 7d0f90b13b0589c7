"""One calibrated confidence instead of stacked refusal gates.

The extractive answerer measures a handful of signals about its best sentence (how similar it is to the
question, how many of the question's words it and its passage hold, whether it holds the kind of answer asked
for, whether the question's names and numbers appear in the passages or their document's title and metadata,
...). A logistic regression fitted on held-out data (`scripts/train_confidence.py`: SQuAD 2.0 articles and the
library gold dev split, never the test splits) turns them into the probability that the answer is right. The
answerer refuses below `settings.refusal_threshold`, chosen on dev; the weights are a small committed JSON file.

The refusal then says what is true: when a name or a number of the question is missing from the passages
("the documents don't say ..."), or, when nothing is that specific, that no passage answers the question.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WEIGHTS = Path(__file__).resolve().parent / "data" / "confidence.json"

# The signals, in the order of the model's weights (see `ExtractiveAnswerer._signals`).
FEATURES = (
    "sim",  # cosine(best sentence, query)
    "coverage",  # share of the query's terms in the best sentence's passage (title included)
    "local",  # IDF-weighted share of the query's terms in the best sentence itself
    "prior",  # 1 / rank of the best sentence's passage
    "margin",  # best sentence score - second best
    "asks_type",  # the question asks for a year, number, name, place, amount (0/1)
    "type_ok",  # ... and the best sentence holds one (1 when nothing is asked)
    "names_missing",  # the question's names missing from the best document's passages, title and metadata (+1 when
    # none of the query's own words is in the best sentence's passage: `compose.UNSHARED_MISSING`)
    "numbers_missing",  # the question's numbers missing from every passage, title and metadata
    "negation_unmatched",  # the question asks what is not the case; the sentence states no exception (0/1)
    "doc_named",  # the question names the best passage's document (title, short title or alias) (0/1)
    "followup",  # the query was completed from earlier turns (its words mix two questions: lower similarity) (0/1)
    "formula",  # the question asks when/where a document was adopted; the sentence is its dating formula (0/1)
    "names_off_sentence",  # the question's names missing from the best sentence itself (and its document's title)
    "definition",  # the question asks what a term means; a clause that defines it is among the best sentences (0/1)
    "superlative_unmatched",  # the question asks for the first, the most ...; the best sentence says no such thing (0/1)
)


@dataclass(frozen=True)
class Calibrator:
    """p(right) = sigmoid(bias + sum(weight * (signal - mean) / scale))."""

    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]
    scales: tuple[float, ...]
    source: str = ""  # what it was fitted on

    def probability(self, signals: Mapping[str, float]) -> float:
        z = self.bias + sum(w * (float(signals.get(f, 0.0)) - m) / (s or 1.0)
                            for f, w, m, s in zip(FEATURES, self.weights, self.means, self.scales))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def contributions(self, signals: Mapping[str, float]) -> dict[str, float]:
        """Each signal's push on the log-odds (negative: towards refusing)."""
        return {f: w * (float(signals.get(f, 0.0)) - m) / (s or 1.0)
                for f, w, m, s in zip(FEATURES, self.weights, self.means, self.scales)}

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "weights": list(self.weights), "bias": self.bias,
                "means": list(self.means), "scales": list(self.scales), "source": self.source}

    @classmethod
    def from_json(cls, data: Mapping) -> Calibrator:
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError(f"confidence weights are for features {data.get('features')}, not {list(FEATURES)}: "
                             "refit them with scripts/train_confidence.py")
        return cls(tuple(map(float, data["weights"])), float(data["bias"]), tuple(map(float, data["means"])),
                   tuple(map(float, data["scales"])), str(data.get("source", "")))


# Before any fit (and as a documented fallback): the old hand-set confidence 0.5 sim + 0.2 coverage + 0.3 local,
# with the old gates as strong negative weights, so the behaviour without the file matches the last release.
HAND_SET = Calibrator(weights=(5.0, 2.0, 3.0, 0.0, 0.0, 0.0, 4.0, -6.0, -8.0, -6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
                      bias=-7.5,
                      means=(0.0,) * len(FEATURES), scales=(1.0,) * len(FEATURES), source="hand-set")


@lru_cache(maxsize=4)
def load_calibrator(path: str | None = None) -> Calibrator:
    """The committed fit (`assistant/data/confidence.json`), or the hand-set one if there is none."""
    target = Path(path) if path else WEIGHTS
    if not target.is_file():
        return HAND_SET
    return Calibrator.from_json(json.loads(target.read_text(encoding="utf-8")))
