"""Fit the second stage inside named documents (`assistant/inside_rank.py`) on the library gold dev split.

    python scripts/train_inside_rank.py --store STORE     # a seeds + instruments store (`ingest` of corpus/)

For every gold case whose question (or conversation) names a document that holds an expected source, every
chunk of that document is a row: its features, and label 1 when it holds an expected quote. A logistic
regression (scikit-learn, standardised features, C chosen by grouped 5-fold cross-validation over the dev
cases on hit@5) is fitted on the dev split only; the test split is only scored. Writes
assistant/data/inside_rank.json and docs/results/inside_rank/report.md: hit@1 / hit@5 of the expected chunk
among the named document's chunks, first-stage order against the fitted one, out-of-fold on dev and on test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

OUT = ROOT / "docs" / "results" / "inside_rank"
SPLITS = {"library_dev": ROOT / "evals" / "data" / "library_dev.jsonl",
          "library_test": ROOT / "evals" / "data" / "library_test.jsonl"}


def collect(store: str) -> list[dict]:
    """One group per (case, expected named document): rows of features and labels, and the first-stage ranks."""
    from assistant import Assistant, Settings
    from assistant.compose import answer_type
    from assistant.inside_rank import FEATURES, features
    from core.types import Turn
    from evals.gold import load_cases
    from evals.metrics import source_matches

    groups = []
    with Assistant.open(Settings(store_dir=store)) as a:
        r = a.retriever
        for split, path in SPLITS.items():
            for case in load_cases([path]):
                if not case.answerable or case.language != "en" or not case.expected_sources:
                    continue
                turns = [Turn(h, "") for h in case.history]
                query = a.answerer.resolve(case.question, turns)[0]
                focus = a.resolver.focus(query, list(case.history))
                expected = {e.document for e in case.expected_sources}
                for doc in focus:
                    if not any(e in doc for e in expected):
                        continue
                    inside_query = r.resolver.without_names(query) or query
                    vec = a.embedder.embed([inside_query])[0]
                    cands = r.inside_candidates(inside_query, vec, doc)
                    labels = [int(any(source_matches(c.chunk.document_id, c.chunk.source, c.chunk.text, e)
                                      for e in case.expected_sources)) for c in cands]
                    if not any(labels):
                        continue
                    first = r._fuse(list(r._candidates(inside_query, vec, a.settings.candidates, "hybrid",
                                                       frozenset([doc])).values()), "hybrid")
                    order = [p.chunk.id for p in first]
                    ranks = [order.index(c.chunk.id) + 1 if c.chunk.id in order else 999 for c in cands]
                    rows = features(inside_query, answer_type(query), cands)
                    groups.append({"case": case.id, "split": split, "doc": doc, "labels": labels,
                                   "first_stage_rank": ranks, "x": [[row[f] for f in FEATURES] for row in rows]})
    return groups


def _hits(groups: list[dict], scores: list[list[float]]) -> tuple[float, float]:
    h1 = h5 = 0
    for g, s in zip(groups, scores):
        order = sorted(range(len(s)), key=lambda i: -s[i])
        h1 += g["labels"][order[0]] == 1
        h5 += any(g["labels"][i] for i in order[:5])
    return h1 / max(1, len(groups)), h5 / max(1, len(groups))


def _first_stage(groups: list[dict]) -> tuple[float, float]:
    return _hits(groups, [[-r for r in g["first_stage_rank"]] for g in groups])


def fit(groups: list[dict]) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from assistant.inside_rank import FEATURES, InsideRanker

    dev = [g for g in groups if g["split"] == "library_dev"]
    test = [g for g in groups if g["split"] == "library_test"]

    def stack(gs):
        x = np.array([row for g in gs for row in g["x"]], dtype=float)
        y = np.array([lab for g in gs for lab in g["labels"]])
        ids = np.array([n for n, g in enumerate(gs) for _ in g["labels"]])
        return x, y, ids

    x, y, ids = stack(dev)
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale

    def oof(c: float) -> list[list[float]]:
        scores = np.zeros(len(y))
        for tr, te in GroupKFold(n_splits=5).split(z, y, ids):
            m = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(z[tr], y[tr])
            scores[te] = m.decision_function(z[te])
        return [list(scores[ids == n]) for n in range(len(dev))]

    grid = {c: _hits(dev, oof(c)) for c in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)}
    best_c = max(grid, key=lambda c: (grid[c][1], grid[c][0], -c))
    model = LogisticRegression(C=best_c, class_weight="balanced", max_iter=2000).fit(z, y)
    ranker = InsideRanker(tuple(map(float, model.coef_[0])), float(model.intercept_[0]), tuple(map(float, mean)),
                          tuple(map(float, scale)),
                          source=f"library_dev: {len(dev)} questions, {len(y)} chunks; C={best_c}")
    xt, _, idt = stack(test)
    test_scores = [[ranker.score(dict(zip(FEATURES, row))) for row in xt[idt == n]] for n in range(len(test))]
    return {"ranker": ranker, "grid": grid, "best_c": best_c,
            "dev_first": _first_stage(dev), "dev_oof": grid[best_c],
            "test_first": _first_stage(test), "test_fitted": _hits(test, test_scores),
            "n_dev": len(dev), "n_test": len(test)}


def report(result: dict) -> str:
    from assistant.inside_rank import FEATURES

    r = result["ranker"]
    lines = ["# Second stage inside named documents", "",
             "`scripts/train_inside_rank.py`: every chunk of the document a question names is ranked; the expected",
             "chunk (holding an expected quote) should come first. hit@k: the expected chunk among the top k chunks",
             "of that document. Dev figures are out-of-fold (grouped 5-fold by question); test is never fitted on.", "",
             "| | questions | first stage hit@1 | hit@5 | fitted hit@1 | hit@5 |", "|---|---|---|---|---|---|",
             f"| library dev (out-of-fold) | {result['n_dev']} | {result['dev_first'][0]:.3f} | "
             f"{result['dev_first'][1]:.3f} | {result['dev_oof'][0]:.3f} | {result['dev_oof'][1]:.3f} |",
             f"| library test | {result['n_test']} | {result['test_first'][0]:.3f} | {result['test_first'][1]:.3f} | "
             f"{result['test_fitted'][0]:.3f} | {result['test_fitted'][1]:.3f} |", "",
             "C grid (out-of-fold hit@1, hit@5): " + ", ".join(
                 f"{c}: {h1:.3f}/{h5:.3f}" for c, (h1, h5) in result["grid"].items()) + f"; chosen C={result['best_c']}.",
             "", "| feature | weight (standardised) |", "|---|---|"]
    lines += [f"| {f} | {w:+.3f} |" for f, w in zip(FEATURES, r.weights)]
    lines += ["", f"Fitted on {r.source}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, help="a store of the bundled library (seeds + instruments)")
    parser.add_argument("--groups", default="/tmp/ua-inside-rank.json", help="where the collected rows are kept")
    parser.add_argument("--reuse", action="store_true", help="fit on the rows collected before")
    args = parser.parse_args()
    path = Path(args.groups)
    if args.reuse and path.is_file():
        groups = json.loads(path.read_text())
    else:
        groups = collect(args.store)
        path.write_text(json.dumps(groups))
    result = fit(groups)
    from assistant.inside_rank import WEIGHTS

    WEIGHTS.write_text(json.dumps(result["ranker"].to_json(), indent=2) + "\n")
    OUT.mkdir(parents=True, exist_ok=True)
    text = report(result)
    (OUT / "report.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
