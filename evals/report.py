"""A report a person can read: Markdown tables and PNG plots (matplotlib, no display needed).

`write_report` takes what the runners return (gold, BEIR or SQuAD results, or several of them as
`{"runs": {name: results}}`) and writes `report.md` plus plots into a folder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path

from evals.runner import FLOORS, Bound

RATE_SKIP = {"cases", "answerable", "unanswerable", "questions", "queries", "latency_p50_ms",
             "latency_p95_ms"}  # counts and times: not drawn on the 0-1 axis


def _fmt(value: object, key: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if key.endswith("_ms") else f"{value:.3f}"
    return str(value)


def _cell(text: object, limit: int = 160, key: str = "") -> str:
    s = re.sub(r"\s+", " ", _fmt(text, key)).strip()
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return s.replace("|", "\\|")


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    # a row whose first cell names a metric ending in _ms shows whole milliseconds
    lines += ["| " + " | ".join(_cell(v, key=str(row[0])) for v in row) + " |" for row in rows]
    return lines + [""]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "run"


def _ref(reference: Mapping | None, *keys: str) -> float | None:
    node: object = reference
    for key in keys:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, int | float) and not isinstance(node, bool) else None


def _is_gold(summary: Mapping) -> bool:
    return "refusal_accuracy" in summary and "hit_at_5" in summary


# -- plots ------------------------------------------------------------------------------------------

def _figure(width: float = 7.5, height: float = 3.8):
    from matplotlib.figure import Figure  # Agg canvas, no pyplot state, works without a display

    fig = Figure(figsize=(width, height), dpi=110)
    return fig, fig.add_subplot(1, 1, 1)


def _plot_rates(path: Path, title: str, values: Mapping[str, float | None],
                floors: Mapping[str, Bound], reference: Mapping[str, float | None]) -> None:
    names = [k for k, v in values.items() if k not in RATE_SKIP and isinstance(v, int | float)]
    fig, ax = _figure(max(6.0, 0.7 * len(names) + 2))
    xs = range(len(names))
    bars = ax.bar(xs, [values[n] for n in names], color="#4c72b0", label="measured")
    for bar, n in zip(bars, names):
        bound = floors.get(n)
        if bound is not None and not bound.ok(values[n]):
            bar.set_color("#c44e52")
    labelled: set[str] = set()  # one legend entry each
    for x, n in zip(xs, names):
        if n in floors:
            ax.hlines(floors[n].value, x - 0.4, x + 0.4, colors="black", linestyles="--",
                      label=None if "floor" in labelled else "floor")
            labelled.add("floor")
        if reference.get(n) is not None:
            ax.plot([x], [reference[n]], marker="D", color="#dd8452", linestyle="none",
                    label=None if "reference" in labelled else "reference")
            labelled.add("reference")
    ax.set_xticks(list(xs), names, rotation=35, ha="right", fontsize=8)
    ax.set_ylim(0, 1.22)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_title(title, fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, loc="upper center", ncol=3, frameon=False)
    fig.tight_layout()
    fig.savefig(path)


def _plot_latency(path: Path, title: str, latencies: Sequence[float]) -> None:
    fig, ax = _figure(6.0, 3.2)
    ax.hist(latencies, bins=min(30, max(5, len(latencies) // 2)), color="#55a868")
    ax.set_xlabel("latency per answer (ms)")
    ax.set_ylabel("cases")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path)


def _plot_modes(path: Path, title: str, rows: Sequence[Mapping], reference: Mapping | None) -> None:
    metrics = [k for k in ("ndcg_at_10", "recall_at_100", "mrr_at_10") if any(k in r for r in rows)]
    fig, ax = _figure(max(6.0, 1.6 * len(rows) + 2))
    width = 0.8 / max(1, len(metrics))
    for i, metric in enumerate(metrics):
        xs = [j + i * width for j in range(len(rows))]
        ax.bar(xs, [r.get(metric) or 0.0 for r in rows], width, label=metric)
        for x, r in zip(xs, rows):
            ref = _ref(reference, r["mode"], metric)
            if ref is not None:
                ax.hlines(ref, x - width / 2, x + width / 2, colors="black", linestyles="--")
    ax.set_xticks([j + width * (len(metrics) - 1) / 2 for j in range(len(rows))], [r["mode"] for r in rows])
    ax.set_ylim(0, 1.22)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_title(title + " (dashed: reference)", fontsize=10)
    ax.legend(fontsize=8, loc="upper center", ncol=3, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)


# -- sections ---------------------------------------------------------------------------------------

def _summary_section(name: str, results: Mapping, out_dir: Path, reference: Mapping | None,
                     floors: Mapping[str, Bound] | None) -> list[str]:
    summary = results["summary"]
    gold = _is_gold(summary)
    floors = (FLOORS if gold else {}) if floors is None else floors
    splits: Mapping[str, Mapping] = results.get("splits") or {}
    columns = {"all": summary} if len(splits) <= 1 else {"all": summary, **splits}
    headers = ["metric", *columns]
    if floors:
        headers.append("floor (test split)")
    if reference:
        headers.append("reference")
    rows = []
    for key in summary:
        row: list[object] = [key, *(columns[c].get(key) for c in columns)]
        if floors:
            row.append(str(floors[key]) if key in floors else "")
        if reference:
            row.append(_ref(reference, key) if _ref(reference, key) is not None else "")
        rows.append(row)
    lines = [f"## {name}", ""] + _table(headers, rows)

    if floors:
        from evals.runner import SPLIT_FLOORS, check_floors, check_split_floors

        if gold and any(name in splits for name in SPLIT_FLOORS):
            failures = check_split_floors({k: dict(v) for k, v in splits.items()})
            which = ", ".join(f"{n} split" for n in SPLIT_FLOORS if n in splits)
        else:
            failures = check_floors(dict(splits.get("test", summary)), dict(floors))
            which = "test split" if "test" in splits else "these cases"
        lines += [f"**Floor check ({which}):** " + ("all met." if not failures else " ".join(failures)), ""]
    if gold:
        lines += ["Support rate counts answer sentences found in the passage they cite. It cannot see whether a "
                  "sentence answers the question or comes from the right document (an extractive answer copies "
                  "its sentences, so it is near 1.0 by construction): read it with citation precision and the "
                  "wrong-document rate.", ""]

    plot = out_dir / f"{_slug(name)}-metrics.png"
    shown = "test" if gold and "test" in splits else "all"
    _plot_rates(plot, f"{name} ({shown} cases)", splits.get("test", summary) if gold else summary, floors,
                {k: _ref(reference, k) for k in summary})
    lines += [f"![{name} metrics]({plot.name})", ""]

    cases = results.get("cases") or []
    latencies = [c["scores"]["latency_ms"] for c in cases
                 if isinstance(c.get("scores"), Mapping) and c["scores"].get("latency_ms")]
    if latencies:
        plot = out_dir / f"{_slug(name)}-latency.png"
        _plot_latency(plot, f"{name}: latency", latencies)
        lines += [f"![{name} latency]({plot.name})", ""]
    if gold and results.get("categories"):
        lines += _category_section(name, results["categories"], out_dir)
    if cases and gold:
        lines += _failures(cases)
    return lines


CATEGORY_COLUMNS = ("cases", "hit_at_5", "answer_correct", "citation_precision", "wrong_document_rate",
                    "refusal_accuracy", "false_refusal_rate")


def _category_section(name: str, categories: Mapping[str, Mapping[str, Mapping]], out_dir: Path) -> list[str]:
    """Per split: a table of the main metrics per question category, and one plot of correctness per
    category (answer correct for answerable categories, refusal accuracy for the unanswerable one)."""
    lines = [f"### {name}: per category", ""]
    for split, cats in categories.items():
        lines += [f"**{split}**", ""]
        lines += _table(["category", *CATEGORY_COLUMNS],
                        [[cat, *(summary.get(c) for c in CATEGORY_COLUMNS)] for cat, summary in cats.items()])
    plot = out_dir / f"{_slug(name)}-categories.png"
    _plot_categories(plot, f"{name}: correct per category", categories)
    return lines + [f"![{name} per category]({plot.name})", ""]


def correctness(summary: Mapping) -> float:
    """Answer correct over answerable cases and refusal accuracy over unanswerable ones, pooled."""
    n_ans, n_un = summary.get("answerable") or 0, summary.get("unanswerable") or 0
    good = (summary.get("answer_correct") or 0.0) * n_ans + (summary.get("refusal_accuracy") or 0.0) * n_un
    return good / (n_ans + n_un) if n_ans + n_un else 0.0


def _plot_categories(path: Path, title: str, categories: Mapping[str, Mapping[str, Mapping]]) -> None:
    names = sorted({c for cats in categories.values() for c in cats})
    splits = list(categories)
    fig, ax = _figure(max(6.0, 0.9 * len(names) + 2))
    width = 0.8 / max(1, len(splits))
    for i, split in enumerate(splits):
        xs = [j + i * width for j in range(len(names))]
        ax.bar(xs, [correctness(categories[split][n]) if n in categories[split] else 0.0 for n in names],
               width, label=split)
    ax.set_xticks([j + width * (len(splits) - 1) / 2 for j in range(len(names))], names, rotation=30,
                  ha="right", fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("correct (refused, for unanswerable)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)


def _failures(cases: Sequence[Mapping]) -> list[str]:
    rows = []
    for c in cases:
        s = c["scores"]
        problems = []
        if c["answerable"]:
            if c["refused"]:
                problems.append("refused")
            elif not s.get("answer_correct"):
                problems.append(f"facts {s.get('fact_recall', 0):.2f}")
            if s.get("hit_at_5") == 0.0:
                problems.append("not in top 5")
            if not c["refused"] and (s.get("citation_precision") or 0.0) < 1.0:
                problems.append(f"citation precision {s.get('citation_precision') or 0.0:.2f}")
        elif not c["refused"]:
            problems.append("answered, should refuse")
        if c.get("error"):
            problems.append(f"error: {c['error']}")
        if problems:
            question = " → ".join([*c.get("history", []), c["question"]])
            rows.append([c["id"], question, ", ".join(problems), c.get("answer", "")])
    if not rows:
        return ["Every case passed.", ""]
    return [f"### Failures ({len(rows)} of {len(cases)} cases)", ""] + _table(
        ["id", "question (with earlier turns)", "what failed", "answer"], rows)


def _beir_section(name: str, results: Mapping, out_dir: Path, reference: Mapping | None) -> list[str]:
    rows = results["results"]
    metrics = ["ndcg_at_10", "recall_at_100", "mrr_at_10"]
    headers = ["mode", *metrics, "queries"]
    if reference:
        headers.append("reference nDCG@10")
    table = []
    for r in rows:
        row: list[object] = [r["mode"], *(r.get(m) for m in metrics), r.get("queries")]
        if reference:
            ref = _ref(reference, r["mode"], "ndcg_at_10")
            row.append("" if ref is None else ref)
        table.append(row)
    plot = out_dir / f"{_slug(name)}-modes.png"
    _plot_modes(plot, name, rows, reference)
    return [f"## {name}", ""] + _table(headers, table) + [f"![{name} by mode]({plot.name})", ""]


def _ablation_section(rows: Sequence[Mapping]) -> list[str]:
    headers: list[str] = []
    for r in rows:
        headers += [k for k in r if k not in headers]
    return ["## Ablations", ""] + _table(headers, [[r.get(h) for h in headers] for r in rows])


def _run_section(name: str, results: Mapping, out_dir: Path, reference: Mapping | None,
                 floors: Mapping[str, Bound] | None) -> list[str]:
    lines: list[str] = []
    if "summary" in results:
        lines += _summary_section(name, results, out_dir, reference, floors)
    if "results" in results:
        lines += _beir_section(name, results, out_dir, reference)
    if results.get("ablations"):
        lines += _ablation_section(results["ablations"])
    for note in results.get("notes", []):
        lines += [f"- {note}"]
    if results.get("notes"):
        lines.append("")
    return lines


def write_report(results: Mapping, out_dir: Path | str, title: str = "Evaluation report",
                 reference: Mapping | None = None, *, floors: Mapping[str, Bound] | None = None) -> Path:
    """Write `report.md` and its PNG plots into `out_dir`; returns the report's path.

    `results`: what `run_gold`, `run_beir` or `run_squad` returned, or `{"runs": {name: results}}` for
    several in one report (then `reference` is `{name: reference}`). `reference`: published numbers or a
    previous run, `{metric: value}` (gold, SQuAD) or `{mode: {metric: value}}` (BEIR), shown beside ours.
    `floors`: bounds to check and draw; gold results default to `FLOORS`.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# {title}", "", f"Generated {stamp}.", ""]
    runs = results["runs"] if "runs" in results else {title: results}
    for name, run in runs.items():
        ref = reference.get(name) if ("runs" in results and reference) else reference
        lines += _run_section(name if "runs" in results else "Summary", run, out, ref, floors)
    path = out / "report.md"
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return path
