"""Fit the answer confidence (`assistant/confidence.py`) on held-out data, choose the refusal threshold on dev.

    python scripts/train_confidence.py collect --library-store STORE   # ask the questions, keep the signals
    python scripts/train_confidence.py fit                               # fit, write weights, report, plots
    python scripts/train_confidence.py extend                            # new signals only, the rest kept

Data (never a test split, never an article or document shared with what is evaluated):
- SQuAD 2.0 half (../shared/benchmarks/squad/dev-v2.0-half.json): the questions of its first 8 articles train;
  the seed-7 sample's questions of the other 8 articles are the held-out check.
- the library gold dev split and the seed gold dev split (evals/data/library_dev.jsonl, gold_dev.jsonl), asked
  of a seeds + instruments store. The test splits are only scored, never fitted on.

Questions in other languages are collected but neither fitted on nor reported (`_scored`): the cross-lingual
answerer scores them with its own confidence, and their English signals (no word of theirs in an English passage)
would teach this one that sharing no word is a good sign. Each row also keeps the question, the answer and its
first cited passage, so that a candidate signal can be tried on the rows before it is built.

Every question is answered at refusal threshold 0 (nothing refused for low confidence), and its answer's
`signals` are kept with a label: 1 when the answer is right (SQuAD: it contains a gold answer; gold: every
expected fact), 0 when it is wrong or the question has no answer in the documents.

`fit` trains scikit-learn's LogisticRegression on the standardised signals (C chosen by grouped cross-validation),
picks the threshold on the out-of-fold probabilities of the training pool (the largest that keeps false refusals
of answerable questions at or under 10%), writes assistant/data/confidence.json and a report with a reliability
plot and the refusal / false-refusal curve on the held-out sets into docs/results/confidence/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

SQUAD = ROOT.parent / "shared" / "benchmarks" / "squad" / "dev-v2.0-half.json"
WORK = Path("/tmp/ua-confidence")
OUT = ROOT / "docs" / "results" / "confidence"
TRAIN_ARTICLES = 8  # SQuAD articles 0-7 train, 8-15 are held out
TARGET_FALSE_REFUSAL = 0.10


def _article(paragraph_id: str) -> int:
    return int(paragraph_id[1:4])


def collect_squad(limit_train: int, limit_heldout: int) -> list[dict]:
    from core.settings import Settings
    from evals.metrics import answer_contains_gold
    from evals.squad import load_squad, sample_questions
    from core.textutil import strip_markers
    from evals.tempstore import temporary_assistant

    data = load_squad(SQUAD)
    train = [q for q in data.questions if _article(q.paragraph) < TRAIN_ARTICLES]
    held = [q for q in sample_questions(data.questions, 1000, 7) if _article(q.paragraph) >= TRAIN_ARTICLES]
    train = random.Random(1).sample(train, min(limit_train, len(train)))
    held = held[:limit_heldout]
    rows = []
    settings = Settings(refusal_threshold=0.0)
    with temporary_assistant(data.paragraphs, settings=settings, collection="squad-eval",
                             work_dir=WORK / "squad-store") as (a, id_map, report):
        for part, questions in (("squad_train", train), ("squad_heldout", held)):
            for n, q in enumerate(questions):
                answer = a.ask(q.question)
                right = (not q.impossible) and answer_contains_gold(strip_markers(answer.text), q.answers)
                rows.append({"set": part, "id": q.id, "group": f"squad-{_article(q.paragraph)}",
                             "answerable": not q.impossible, "label": int(right), "signals": answer.signals,
                             **_raw(answer)})
                if n % 100 == 0:
                    print(f"{part}: {n}/{len(questions)}", file=sys.stderr, flush=True)
    return rows


def _raw(answer) -> dict:
    """The question, the answer and its first cited passage and sentence: kept with the signals so that a
    candidate signal can be tried on the collected rows before it is built into the answerer."""
    first = answer.citations[0] if answer.citations else None
    spans = first.support_spans if first else ()
    return {"question": answer.question, "answer": answer.text, "passage": first.passage if first else "",
            "sentence": " ".join(first.passage[s:e] for s, e in spans) if first else ""}


def collect_gold(store: Path) -> list[dict]:
    from assistant.api import Assistant
    from core.settings import Settings
    from evals.gold import DATA_DIR, load_cases
    from evals.runner import run_gold

    rows = []
    with Assistant.open(Settings(store_dir=store)) as a:
        variant = a.variant(refusal_threshold=0.0)
        for name in ("library_dev", "gold_dev", "library_test", "gold_test"):
            cases = load_cases(DATA_DIR / f"{name}.jsonl")
            results = run_gold(variant, cases)
            part = "gold_train" if name.endswith("dev") else "gold_heldout"
            for c in results["cases"]:
                rows.append({"set": part, "id": c["id"], "group": f"{name}-{c['id']}",
                             "category": c.get("category", ""), "language": c.get("language") or "en",
                             "answerable": c["answerable"],
                             "label": int(bool(c["answerable"] and c["scores"]["answer_correct"])),
                             "signals": c.get("signals") or {}, "question": c["question"], "answer": c["answer"],
                             "passage": c["citations"][0]["passage"] if c["citations"] else ""})
            print(f"{name}: {len(cases)} cases", file=sys.stderr, flush=True)
    return rows


def _scored(row: dict) -> bool:
    """Is the row's answer one this confidence scores? A question in another language is answered by the
    cross-lingual answerer, whose confidence is its own (`crosslingual_confidence`): its English signals (no word of
    a French question is in an English passage) would teach this one that sharing no word is a good sign."""
    return row.get("language", "en") == "en"


def _matrix(rows):
    import numpy as np

    from assistant.confidence import FEATURES

    x = np.array([[float(r["signals"].get(f, 0.0)) for f in FEATURES] for r in rows])
    y = np.array([r["label"] for r in rows])
    return x, y


def _curve(rows, probs, thresholds):
    out = []
    ans = [p for r, p in zip(rows, probs) if r["answerable"]]
    unans = [p for r, p in zip(rows, probs) if not r["answerable"]]
    right = [p for r, p in zip(rows, probs) if r["label"]]
    for t in thresholds:
        out.append({
            "threshold": round(float(t), 3),
            "unanswerable_refused": sum(p < t for p in unans) / len(unans) if unans else None,
            "answerable_refused": sum(p < t for p in ans) / len(ans) if ans else None,
            "right_answers_kept": sum(p >= t for p in right) / len(right) if right else None,
        })
    return out


def fit(args) -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.preprocessing import StandardScaler

    from assistant.confidence import Calibrator

    rows = [json.loads(line) for f in sorted(WORK.glob("rows-*.jsonl")) for line in f.read_text().splitlines()]
    train = [r for r in rows if r["set"] in ("squad_train", "gold_train") and r["signals"] and _scored(r)]
    x, y = _matrix(train)
    groups = [r["group"] for r in train]
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    best_c, best_ll = 1.0, None
    for c in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0):
        probs = cross_val_predict(LogisticRegression(C=c, max_iter=2000), xs, y, groups=groups,
                                  cv=GroupKFold(5), method="predict_proba")[:, 1]
        ll = -float(np.mean(y * np.log(probs + 1e-9) + (1 - y) * np.log(1 - probs + 1e-9)))
        if best_ll is None or ll < best_ll:
            best_c, best_ll = c, ll
    oof = cross_val_predict(LogisticRegression(C=best_c, max_iter=2000), xs, y, groups=groups, cv=GroupKFold(5),
                            method="predict_proba")[:, 1]
    model = LogisticRegression(C=best_c, max_iter=2000).fit(xs, y)
    thresholds = np.round(np.arange(0.05, 0.96, 0.025), 3)
    curve = _curve(train, oof, thresholds)
    ok = [c for c in curve if c["answerable_refused"] is not None and c["answerable_refused"] <= TARGET_FALSE_REFUSAL]
    threshold = max(c["threshold"] for c in ok) if ok else 0.5
    cal = Calibrator(tuple(map(float, model.coef_[0])), float(model.intercept_[0]), tuple(map(float, scaler.mean_)),
                     tuple(map(float, scaler.scale_)),
                     source=f"LogisticRegression(C={best_c}) on {len(train)} questions: SQuAD 2.0 half articles "
                            f"0-{TRAIN_ARTICLES - 1} and the seed and library gold dev splits; threshold "
                            f"{threshold} keeps out-of-fold false refusals <= {TARGET_FALSE_REFUSAL}")
    data = cal.to_json() | {"threshold": threshold}
    target = ROOT / "assistant" / "data" / "confidence.json"
    target.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"C={best_c} log-loss(oof)={best_ll:.3f} threshold={threshold}; wrote {target}")
    report(rows, cal, threshold, curve, best_c, best_ll)


def extend(args) -> None:
    """Add new signals to the committed fit without moving it: every committed weight, mean, scale, the bias and the
    threshold stay; each new signal's weight is fitted by maximum likelihood on the training pool, with the
    committed model's log-odds as a fixed offset (scikit-learn's objective, C as committed; L-BFGS by scipy). For a
    signal that is 0 for nearly every question (session 23: `superlative_unmatched`), a full refit moves every weight
    for nothing it adds, and with it answers the earlier signals were tuned for."""
    import numpy as np
    from scipy.optimize import minimize
    from sklearn.model_selection import GroupKFold

    from assistant.confidence import FEATURES, WEIGHTS, Calibrator

    old = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    new = [f for f in FEATURES if f not in old["features"]]
    if not new:
        raise SystemExit(f"nothing to extend: {WEIGHTS} already has every signal of FEATURES")
    c = float(re.search(r"C=([\d.]+)", old["source"]).group(1))
    rows = [json.loads(line) for f in sorted(WORK.glob("rows-*.jsonl")) for line in f.read_text().splitlines()]
    train = [r for r in rows if r["set"] in ("squad_train", "gold_train") and r["signals"] and _scored(r)]
    y = np.array([r["label"] for r in train], dtype=float)
    sign = 2.0 * y - 1.0
    offset = np.array([old["bias"] + sum(w * (float(r["signals"].get(f, 0.0)) - m) / (sc or 1.0) for f, w, m, sc in
                                         zip(old["features"], old["weights"], old["means"], old["scales"]))
                       for r in train])
    raw = np.array([[float(r["signals"].get(f, 0.0)) for f in new] for r in train])
    # not centred: a question whose new signals are 0 keeps the committed confidence exactly
    means, scales = np.zeros(len(new)), raw.std(axis=0)
    scales[scales == 0] = 1.0
    x = (raw - means) / scales

    def solve(rows_):
        def objective(w):
            z = sign[rows_] * (offset[rows_] + x[rows_] @ w)
            grad_z = -sign[rows_] / (1.0 + np.exp(z))
            return c * np.logaddexp(0.0, -z).sum() + 0.5 * w @ w, c * (x[rows_].T @ grad_z) + w
        return minimize(objective, np.zeros(len(new)), jac=True, method="L-BFGS-B").x

    oof = np.zeros(len(y))
    for fit_rows, held_rows in GroupKFold(5).split(x, y, [r["group"] for r in train]):
        oof[held_rows] = 1.0 / (1.0 + np.exp(-(offset[held_rows] + x[held_rows] @ solve(fit_rows))))
    w = solve(np.arange(len(y)))
    ll = -float(np.mean(y * np.log(oof + 1e-9) + (1 - y) * np.log(1 - oof + 1e-9)))
    by_name = dict(zip(old["features"], zip(old["weights"], old["means"], old["scales"])))
    by_name |= {f: (float(w_), float(m), float(sc)) for f, w_, m, sc in zip(new, w, means, scales)}
    threshold = float(old["threshold"])
    cal = Calibrator(tuple(by_name[f][0] for f in FEATURES), float(old["bias"]),
                     tuple(by_name[f][1] for f in FEATURES), tuple(by_name[f][2] for f in FEATURES),
                     source=old["source"] + f"; extended with {', '.join(new)} (fitted with the rest fixed, on "
                                            f"{len(train)} questions)")
    WEIGHTS.write_text(json.dumps(cal.to_json() | {"threshold": threshold}, indent=2) + "\n", encoding="utf-8")
    thresholds = np.round(np.arange(0.05, 0.96, 0.025), 3)
    per_source = {s_: _curve([r for r in train if r["set"] == s_], oof[[r["set"] == s_ for r in train]], thresholds)
                  for s_ in sorted({r["set"] for r in train})}
    print(f"extended with {new}: weights {[round(float(v), 3) for v in w]}, out-of-fold log-loss {ll:.3f}; "
          f"threshold kept at {threshold}; wrote {WEIGHTS}")
    report(rows, cal, threshold, _curve(train, oof, thresholds), c, ll, per_source)


def report(rows, cal, threshold, train_curve, c, ll, per_source=None) -> None:
    import numpy as np
    from matplotlib.figure import Figure

    OUT.mkdir(parents=True, exist_ok=True)
    lines = ["# Answer confidence: fit, reliability, refusal curves", "",
             f"Fitted by `scripts/train_confidence.py fit` (and `extend`, when the source says so): {cal.source}. "
             f"Out-of-fold log-loss {ll:.3f}.", "",
             "| signal | weight (standardised) |", "|---|---|"]
    from assistant.confidence import FEATURES

    lines += [f"| {f} | {w:+.3f} |" for f, w in zip(FEATURES, cal.weights)] + [f"| bias | {cal.bias:+.3f} |", ""]
    fig = Figure(figsize=(9, 3.6), dpi=110)
    ax1, ax2 = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    ax1.plot([0, 1], [0, 1], "k--", lw=0.8)
    for name in ("squad_heldout", "gold_heldout"):
        part = [r for r in rows if r["set"] == name and r["signals"] and _scored(r)]
        if not part:
            continue
        probs = np.array([cal.probability(r["signals"]) for r in part])
        labels = np.array([r["label"] for r in part])
        bins = np.clip((probs * 10).astype(int), 0, 9)
        table = []
        xs, ys = [], []
        for b in range(10):
            m = bins == b
            if m.sum():
                xs.append(float(probs[m].mean()))
                ys.append(float(labels[m].mean()))
                table.append(f"| {b / 10:.1f}-{(b + 1) / 10:.1f} | {int(m.sum())} | {xs[-1]:.2f} | {ys[-1]:.2f} |")
        ax1.plot(xs, ys, marker="o", label=name)
        lines += [f"## Reliability on {name} ({len(part)} questions)", "",
                  "| predicted | questions | mean predicted | share right |", "|---|---|---|---|", *table, ""]
        curve = _curve(part, probs, np.round(np.arange(0.05, 0.96, 0.05), 3))
        lines += [f"## Refusal curve on {name}", "", "| threshold | unanswerable refused | answerable refused | "
                  "right answers kept |", "|---|---|---|---|"]
        lines += [f"| {c_['threshold']} | {_pct(c_['unanswerable_refused'])} | {_pct(c_['answerable_refused'])} | "
                  f"{_pct(c_['right_answers_kept'])} |" for c_ in curve] + [""]
        ax2.plot([c_["answerable_refused"] for c_ in curve], [c_["unanswerable_refused"] for c_ in curve],
                 marker=".", label=name)
    ax1.set_xlabel("predicted probability right")
    ax1.set_ylabel("share right")
    ax1.set_title("reliability (held out)", fontsize=10)
    ax1.legend(fontsize=8)
    ax2.axvline(TARGET_FALSE_REFUSAL, color="grey", ls="--", lw=0.8)
    ax2.set_xlabel("answerable refused")
    ax2.set_ylabel("unanswerable refused")
    ax2.set_title("refusal curve (held out)", fontsize=10)
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(OUT / "reliability.png")
    lines += [f"Chosen threshold: **{threshold}** (training pool, out of fold: false refusals <= "
              f"{TARGET_FALSE_REFUSAL}).", "", "![reliability and refusal curves](reliability.png)", ""]
    lines += ["## Threshold choice on the training pool (out of fold)", "",
              "| threshold | unanswerable refused | answerable refused |"
              + "".join(f" {s_}: unanswerable / answerable refused |" for s_ in (per_source or {})),
              "|---|---|---|" + "---|" * len(per_source or {})]
    lines += [f"| {c_['threshold']} | {_pct(c_['unanswerable_refused'])} | {_pct(c_['answerable_refused'])} |"
              + "".join(f" {_pct(per_source[s_][n]['unanswerable_refused'])} / "
                        f"{_pct(per_source[s_][n]['answerable_refused'])} |" for s_ in (per_source or {}))
              for n, c_ in enumerate(train_curve) if n % 2 == 0]
    (OUT / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"report: {OUT / 'report.md'}")


def _pct(v) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--library-store", type=Path, help="a store of the bundled library (seeds + instruments)")
    c.add_argument("--squad-train", type=int, default=1200)
    c.add_argument("--squad-heldout", type=int, default=500)
    c.add_argument("--only", choices=("squad", "gold"))
    sub.add_parser("fit")
    sub.add_parser("extend", help="add FEATURES' new signals to the committed fit, the rest fixed")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.cmd == "collect":
        if args.only in (None, "gold"):
            if not args.library_store:
                ap.error("--library-store is needed for the gold questions")
            rows = collect_gold(args.library_store)
            (WORK / "rows-gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        if args.only in (None, "squad"):
            rows = collect_squad(args.squad_train, args.squad_heldout)
            (WORK / "rows-squad.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    elif args.cmd == "extend":
        extend(args)
    else:
        fit(args)


if __name__ == "__main__":
    main()
