"""Ablations: the evidence behind the defaults in `core/settings.py`.

    python -m benchmarks.ablations gold     [--split dev] [--work DIR]             # seed corpus, gold dev split
    python -m benchmarks.ablations scifact  [--data DIR] [--cache DIR] [--chunking 200/30,256/30 ...]
    python -m benchmarks.ablations squad    [--file FILE] [--limit 1000] [--seed 7] [--cache DIR]
    python -m benchmarks.ablations report   [--out evals/reports]                  # ablations.md + plots

Each study writes its rows to `<out>/ablations-<study>.json` (small, committed with the report), and
`report` joins whatever studies are there into `<out>/ablations.md`. Tune on the gold *dev* split only:
the test split is the CI gate and is never looked at here.

What is varied (everything else stays at the defaults of `Settings()`):
- gold dev: fusion (min-max weighted with 0.2 ... 0.7 on BM25, reciprocal-rank), top_k (3 / 5 / 8),
  sentences per answer, chunk size / overlap (128 / 200 / 256 x 0 / 30 / 50), refusal_threshold sweep.
- SciFact: the same fusions over a kept store, the fusion pool size (`candidates`), and chunk size /
  overlap, each chunking in its own kept store (`<cache>/scifact-<size>-<overlap>`; a rerun embeds
  nothing new).
- SQuAD 2.0 (or any SQuAD file): the refusal_threshold sweep, measured exactly in one pass (each
  question's refusal decision is taken at every threshold of the sweep on the same scored sentences).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from core.settings import BUNDLED_CORPUS, PROJECT_ROOT, Settings

Progress = Callable[[int, int, str], None]

BENCHMARKS = PROJECT_ROOT.parent / "shared" / "benchmarks"
DEFAULT_OUT = PROJECT_ROOT / "docs" / "results"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "ua-bench"

GOLD_METRICS = ("hit_at_1", "hit_at_5", "mrr", "fact_recall", "answer_correct", "citation_precision",
                "support_rate", "refusal_accuracy", "false_refusal_rate")
BEIR_METRICS = ("ndcg_at_10", "recall_at_100", "mrr_at_10")

FUSIONS: tuple[tuple[str, dict], ...] = (
    ("weighted, bm25_weight 0.2", {"fusion": "weighted", "bm25_weight": 0.2}),
    ("weighted, bm25_weight 0.3", {"fusion": "weighted", "bm25_weight": 0.3}),
    ("weighted, bm25_weight 0.4", {"fusion": "weighted", "bm25_weight": 0.4}),
    ("weighted, bm25_weight 0.5", {"fusion": "weighted", "bm25_weight": 0.5}),
    ("weighted, bm25_weight 0.6", {"fusion": "weighted", "bm25_weight": 0.6}),
    ("weighted, bm25_weight 0.7", {"fusion": "weighted", "bm25_weight": 0.7}),
    ("rrf, k 60", {"fusion": "rrf", "rrf_k": 60}),
)
TOP_KS = (3, 5, 8)
ANSWER_SENTENCES = (1, 2, 3)
CHUNKINGS = ((128, 0), (128, 30), (200, 0), (200, 30), (200, 50), (256, 0), (256, 30), (256, 50))
THRESHOLDS = tuple(round(0.20 + 0.025 * i, 3) for i in range(23))  # 0.200 ... 0.750
GOLD_GROUPS = ("default", "fusion", "top_k", "sentences", "refusal_threshold", "chunking")


def _quiet(done: int, total: int, what: str) -> None:
    pass


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def variant(base, settings: Settings):
    """An assistant that shares `base`'s store and embedder but uses `settings` for retrieval/answers."""
    from assistant.api import Assistant

    return Assistant(settings, base.store, base.embedder)


# -- gold dev -------------------------------------------------------------------------------------

def seed_assistant(settings: Settings, store_dir: Path):
    """An assistant over the bundled seed corpus in `store_dir` (built on first use)."""
    from assistant.api import Assistant

    a = Assistant.open(settings.with_overrides(store_dir=store_dir, chroma_url=None, collection="ablation"))
    a.ingest([BUNDLED_CORPUS])
    return a


def _gold_row(group: str, setting: str, summary: dict) -> dict:
    return {"group": group, "setting": setting, **{m: summary.get(m) for m in GOLD_METRICS}}


def gold_study(split: str = "dev", work: Path | None = None, base: Settings | None = None,
               thresholds: Sequence[float] = THRESHOLDS, chunkings: Sequence[tuple[int, int]] = CHUNKINGS,
               groups: Sequence[str] = GOLD_GROUPS) -> dict:
    """Gold metrics on one split for every variant of the chosen groups; `{"split", "cases", "rows"}`."""
    from evals.gold import gold_paths, load_cases
    from evals.runner import run_gold

    if split == "test":
        raise ValueError("ablations tune on the dev split; the test split is the CI gate and is never tuned on.")
    base = base or Settings()
    cases = load_cases(gold_paths(split))
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="ua-ablation-") as tmp:
        root = Path(work) if work else Path(tmp)
        default_chunks = (base.chunk_size, base.chunk_overlap)
        a = seed_assistant(base, root / f"seed-{default_chunks[0]}-{default_chunks[1]}")
        try:
            def run(group: str, setting: str, **overrides: object) -> None:
                summary = run_gold(variant(a, base.with_overrides(**overrides)), cases)["summary"]
                rows.append(_gold_row(group, setting, summary))
                _log(f"gold {group}: {setting}")

            if "default" in groups:
                run("default", _describe(base))
            for label, overrides in FUSIONS if "fusion" in groups else ():
                run("fusion", label, **overrides)
            for k in TOP_KS if "top_k" in groups else ():
                run("top_k", f"top_k {k}", top_k=k)
            for n in ANSWER_SENTENCES if "sentences" in groups else ():
                run("sentences", f"max_answer_sentences {n}", max_answer_sentences=n)
            for t in thresholds if "refusal_threshold" in groups else ():
                run("refusal_threshold", f"{t:.3f}", refusal_threshold=t)
        finally:
            a.close()
        for size, overlap in chunkings if "chunking" in groups else ():
            settings = base.with_overrides(chunk_size=size, chunk_overlap=overlap)
            c = seed_assistant(settings, root / f"seed-{size}-{overlap}")
            try:
                rows.append(_gold_row("chunking", f"{size} / {overlap}", run_gold(c, cases)["summary"]))
                _log(f"gold chunking {size}/{overlap}")
            finally:
                c.close()
    return {"study": "gold", "split": split, "cases": len(cases), "rows": rows}


def _describe(s: Settings) -> str:
    fusion = f"weighted {s.bm25_weight}" if s.fusion == "weighted" else f"rrf k {s.rrf_k}"
    return (f"chunks {s.chunk_size}/{s.chunk_overlap}, {fusion}, top_k {s.top_k}, "
            f"threshold {s.refusal_threshold}")


# -- SciFact --------------------------------------------------------------------------------------

RETRIEVAL_KNOBS = ("fusion", "bm25_weight", "rrf_k", "candidates", "top_k")


def _retrieval_knobs(settings: Settings) -> dict:
    """The settings an `Assistant.variant` may change for a retrieval ablation."""
    return {k: getattr(settings, k) for k in RETRIEVAL_KNOBS}

def _beir_rows(assistant, dataset, id_map, settings: Settings, modes: Sequence[str], group: str,
               setting: str) -> list[dict]:
    from evals.beir import evaluate_modes

    out = evaluate_modes(assistant.variant(**_retrieval_knobs(settings)), dataset, id_map, modes)
    return [{"group": group, "setting": setting, "mode": r["mode"], **{m: r[m] for m in BEIR_METRICS}}
            for r in out["results"]]


def scifact_study(data_dir: Path, cache: Path, base: Settings | None = None,
                  chunkings: Sequence[tuple[int, int]] = ((200, 30),), fusions: bool = True) -> dict:
    """Retrieval on a BEIR folder: fusions and pool size on the default chunking, then each chunking
    in all three modes. Stores are kept in `cache/<name>-<size>-<overlap>`."""
    from evals.beir import load_beir
    from evals.tempstore import temporary_assistant

    base = base or Settings()
    dataset = load_beir(data_dir, "test")
    rows: list[dict] = []
    default = (base.chunk_size, base.chunk_overlap)
    order = [default] + [c for c in chunkings if c != default] if fusions else list(chunkings)
    for size, overlap in order:
        settings = base.with_overrides(chunk_size=size, chunk_overlap=overlap)
        work = Path(cache) / f"{dataset.name}-{size}-{overlap}"
        _log(f"{dataset.name}: store {work} (building if new)")
        with temporary_assistant(dataset.corpus, settings=settings, collection="beir-eval", work_dir=work,
                                 progress=_quiet) as (a, id_map, report):
            if (size, overlap) in chunkings:
                rows += _beir_rows(a, dataset, id_map, settings, ("bm25", "dense", "hybrid"), "chunking",
                                   f"{size} / {overlap}")
                _log(f"{dataset.name}: chunking {size}/{overlap} done")
            if fusions and (size, overlap) == default:
                for label, overrides in FUSIONS:
                    rows += _beir_rows(a, dataset, id_map, settings.with_overrides(**overrides), ("hybrid",),
                                       "fusion", label)
                    _log(f"{dataset.name}: fusion {label} done")
                rows += _pool_rows(a, dataset, id_map, settings)
    return {"study": dataset.name, "queries": len(dataset.queries), "documents": len(dataset.corpus),
            "rows": rows}


def _pool_rows(assistant, dataset, id_map, settings: Settings) -> list[dict]:
    """nDCG@10 of hybrid retrieval as the assistant runs it (top_k small, so the fused pool is
    `candidates` per retriever) against the benchmark's deep pool: min-max fusion depends on the pool."""
    from evals.beir import score_query
    from evals.metrics import mean
    from evals.tempstore import rank_documents

    rows = []
    for candidates in (40, 100, 200):
        variant = assistant.variant(**_retrieval_knobs(settings), candidates=candidates)
        scores = []
        for qid, text in dataset.queries.items():
            ranked = rank_documents(variant.search(text, top_k=20, mode="hybrid"), id_map, 11)
            scores.append(score_query(ranked, dataset.qrels[qid], qid))
        rows.append({"group": "fusion pool", "setting": f"candidates {candidates} (top_k 20)", "mode": "hybrid",
                     "ndcg_at_10": mean([x["ndcg_at_10"] for x in scores]), "recall_at_100": None,
                     "mrr_at_10": mean([x["mrr_at_10"] for x in scores])})
        _log(f"pool {candidates} done")
    return rows


# -- SQuAD refusal sweep --------------------------------------------------------------------------

def threshold_decisions(confidence: float | None, thresholds: Sequence[float]) -> tuple[bool, ...]:
    """Refused or not at each threshold, for an answer given at threshold 0 with this confidence."""
    value = confidence if confidence is not None else 0.0
    return tuple(value < t for t in thresholds)


def squad_sweep(path: Path, cache: Path, limit: int = 1000, seed: int = 7, base: Settings | None = None,
                thresholds: Sequence[float] = THRESHOLDS) -> dict:
    """Refusal rate (unanswerable), false refusal and contains-gold (answerable) at each threshold."""
    from core.errors import BadQuestionError
    from evals.metrics import answer_contains_gold, mean
    from evals.squad import load_squad, sample_questions, strip_markers
    from evals.tempstore import temporary_assistant

    base = (base or Settings()).with_overrides(refusal_threshold=0.0)
    data = load_squad(path)
    questions = sample_questions(data.questions, limit, seed)
    work = Path(cache) / f"{data.name}-{base.chunk_size}-{base.chunk_overlap}"
    records = []
    with temporary_assistant(data.paragraphs, settings=base, collection="squad-eval", work_dir=work,
                             progress=_quiet) as (a, id_map, report):
        # At threshold 0 only the other checks refuse; every answer carries its confidence, so the decision at
        # each threshold t of the sweep is "refused at 0, or confidence below t", from one run.
        for n, q in enumerate(questions):
            try:
                answer = a.ask(q.question)
            except BadQuestionError:
                records.append((q, True, (True,) * len(thresholds), False))
                continue
            decisions = threshold_decisions(answer.confidence, thresholds)
            contains = not answer.refused and answer_contains_gold(strip_markers(answer.text), q.answers)
            records.append((q, answer.refused, decisions, contains))
            if n % 100 == 0:
                _log(f"{data.name}: {n}/{len(questions)}")
    rows = []
    for i, t in enumerate(thresholds):
        refused = [(q, r or d[i], c) for q, r, d, c in records]
        unans = [r for q, r, c in refused if q.impossible]
        ans = [(r, c) for q, r, c in refused if not q.impossible]
        row = {"group": "refusal_threshold", "setting": f"{t:.3f}",
               "answer_contains_gold": mean([float(c and not r) for r, c in ans])}
        if data.has_unanswerable:
            row["refusal_rate_unanswerable"] = mean([float(r) for r in unans])
            row["false_refusal_rate_answerable"] = mean([float(r) for r, _ in ans])
        rows.append(row)
    return {"study": data.name, "questions": len(questions), "seed": seed, "rows": rows}


# -- report ---------------------------------------------------------------------------------------

TITLES = {"gold": "Gold dev split (seed corpus)", "scifact": "SciFact (BEIR test, 300 queries)",
          "dev-v2.0-half": "SQuAD 2.0 half (1,000 questions, seed 7): refusal threshold",
          "dev-v1.1": "SQuAD v1.1 (1,000 questions, seed 7): refusal threshold"}


def _fmt(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v).replace("|", "\\|")


def _table(rows: Sequence[dict], columns: Sequence[str]) -> list[str]:
    out = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    out += ["| " + " | ".join(_fmt(r.get(c)) for c in columns) + " |" for r in rows]
    return out + [""]


def _threshold_plot(path: Path, title: str, rows: Sequence[dict], refusal: str, false_refusal: str) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.0, 3.6), dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    ts = [float(r["setting"]) for r in rows]
    ax.plot(ts, [r[refusal] for r in rows], marker="o", label=refusal)
    ax.plot(ts, [r[false_refusal] for r in rows], marker="s", label=false_refusal)
    ax.set_xlabel("refusal_threshold")
    ax.set_ylim(0, 1.05)
    ax.grid(alpha=0.3)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)


def write_ablation_report(out: Path, notes: Iterable[str] = ()) -> Path:
    """Join the `ablations-*.json` studies found in `out` into `out/ablations.md` (+ threshold plots)."""
    out = Path(out)
    lines = ["# Ablations", "",
             "Generated by `python -m benchmarks.ablations report` from the `ablations-*.json` files beside it. "
             "Everything not named in a row is at the defaults of `Settings()`.", ""]
    lines += [f"- {n}" for n in notes]
    for path in sorted(out.glob("ablations-*.json")):
        study = json.loads(path.read_text(encoding="utf-8"))
        name = study["study"]
        lines += [f"## {TITLES.get(name, name)}", ""]
        groups: dict[str, list[dict]] = {}
        for r in study["rows"]:
            groups.setdefault(r["group"], []).append(r)
        for group, rows in groups.items():
            metrics = [k for k in rows[0] if k not in ("group", "setting")]
            lines += [f"### {group}", ""] + _table(rows, ["setting", *metrics])
            if group == "refusal_threshold":
                if "refusal_accuracy" in rows[0]:
                    pair = ("refusal_accuracy", "false_refusal_rate")
                elif "refusal_rate_unanswerable" in rows[0]:
                    pair = ("refusal_rate_unanswerable", "false_refusal_rate_answerable")
                else:
                    continue
                png = out / f"ablations-{path.stem.removeprefix('ablations-')}-threshold.png"
                _threshold_plot(png, TITLES.get(name, name), rows, *pair)
                lines += [f"![refusal threshold sweep]({png.name})", ""]
    report = out / "ablations.md"
    report.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return report


# -- command line ---------------------------------------------------------------------------------

def _chunkings(values: Sequence[str] | None, default: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    if not values:
        return list(default)
    out = []
    for v in values:
        size, _, overlap = v.partition("/")
        out.append((int(size), int(overlap or 0)))
    return out


def _save(study: dict, out: Path) -> Path:
    """Write the study, keeping the rows of an earlier run of it that this one did not redo."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"ablations-{study['study']}.json"
    if path.is_file():
        old = json.loads(path.read_text(encoding="utf-8"))
        key = lambda r: (r["group"], r["setting"], r.get("mode"))  # noqa: E731
        redone = {key(r) for r in study["rows"]}
        rows = [r for r in old["rows"] if key(r) not in redone] + study["rows"]
        groups = list(dict.fromkeys([r["group"] for r in old["rows"]] + [r["group"] for r in study["rows"]]))
        position = {key(r): i for i, r in enumerate(old["rows"])}
        rows.sort(key=lambda r: (groups.index(r["group"]), position.get(key(r), len(position)),
                                 _number(r["setting"])))
        study = {**old, **study, "rows": rows}
    path.write_text(json.dumps(study, indent=1), encoding="utf-8")
    _log(f"wrote {path}")
    return path


def _number(text: str) -> float:
    """The first number in a setting label, for ordering rows of one group."""
    import re

    m = re.search(r"\d+(?:\.\d+)?", text)
    return float(m.group()) if m else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ablations", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="study", required=True)
    g = sub.add_parser("gold", help="gold dev split over the seed corpus")
    g.add_argument("--split", default="dev")
    g.add_argument("--work", type=Path, default=None, help="keep the seed stores here")
    g.add_argument("--chunking", nargs="*", help="size/overlap pairs, e.g. 200/30 256/30")
    g.add_argument("--groups", nargs="*", choices=GOLD_GROUPS, help="only these groups (default: all)")
    s = sub.add_parser("scifact", help="a BEIR folder (SciFact by default)")
    s.add_argument("--data", type=Path, default=BENCHMARKS / "scifact")
    s.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    s.add_argument("--chunking", nargs="*", help="size/overlap pairs, e.g. 128/30 200/30 256/30")
    s.add_argument("--no-fusions", action="store_true", help="only the chunkings")
    q = sub.add_parser("squad", help="refusal-threshold sweep on a SQuAD file (SQuAD 2.0 half by default)")
    q.add_argument("--file", type=Path, default=BENCHMARKS / "squad" / "dev-v2.0-half.json")
    q.add_argument("--limit", type=int, default=1000)
    q.add_argument("--seed", type=int, default=7)
    q.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    r = sub.add_parser("report", help="write ablations.md from the saved studies")
    for p in (g, s, q, r):
        p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    if args.study == "gold":
        _save(gold_study(args.split, args.work, chunkings=_chunkings(args.chunking, CHUNKINGS),
                         groups=args.groups or GOLD_GROUPS), args.out)
    elif args.study == "scifact":
        chunkings = _chunkings(args.chunking, [(Settings().chunk_size, Settings().chunk_overlap)])
        _save(scifact_study(args.data, args.cache, chunkings=chunkings, fusions=not args.no_fusions), args.out)
    elif args.study == "squad":
        _save(squad_sweep(args.file, args.cache, args.limit, args.seed), args.out)
    print(write_ablation_report(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
