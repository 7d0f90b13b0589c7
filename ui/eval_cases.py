"""Per-question drill-down and run-to-run comparison for the Evals tab, from the runner's results.

`results` is what `evals.runner.run_gold` returns (`summary`, `splits`, `cases`, and `categories` when the
runner has them); every key is read defensively, so results from an older runner still show what they hold.

    rows = case_rows(results, category="fact", show="failures")    # the table of questions
    html = case_detail_html(case)                                    # one question, every verdict explained
    summary_rows, changed_rows = compare(results_a, results_b)       # what changed between two runs
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ui.escape import html_text

ALL = "All categories"
SHOW = {"all": "All questions", "failures": "Failures only", "passes": "Passes only"}
CASE_HEADERS = ["Id", "Split", "Category", "Verdict", "Why it failed", "Question"]
COMPARE_HEADERS = ["Id", "Category", "Run A", "Run B", "Change", "Question", "Why it fails now"]
# The per-case scores shown in the drill-down, in order, with how to read them.
CASE_METRICS = [
    ("answer_correct", "Answer correct", "every expected fact is in the answer"),
    ("fact_recall", "Fact recall", "share of the expected facts found in the answer"),
    ("citation_precision", "Citation precision", "share of the citations that point at an expected source"),
    ("citation_recall", "Citation recall", "share of the expected sources cited"),
    ("hit_at_1", "Hit@1", "an expected source is the first passage retrieved"),
    ("hit_at_5", "Hit@5", "an expected source is among the first five passages"),
    ("reciprocal_rank", "Reciprocal rank", "1 / rank of the first expected source"),
    ("ndcg_at_10", "nDCG@10", "ranking quality of the first ten passages"),
    ("support_rate", "Supported sentences", "share of the answer's sentences the cited passages support"),
]


def category_of(case: Mapping) -> str:
    return str(case.get("category") or "") or "uncategorised"


def verdict(case: Mapping) -> bool:
    """Did the case pass? (answerable: the answer is correct; unanswerable: it was refused)."""
    scores = case.get("scores") or {}
    if "correct" in scores and scores["correct"] is not None:
        return bool(scores["correct"])
    if case.get("answerable", True):
        return bool(scores.get("answer_correct"))
    return bool(case.get("refused"))


def reasons(case: Mapping) -> list[str]:
    """Why a case failed (or is weak), in words; empty when nothing is wrong."""
    s = case.get("scores") or {}
    out: list[str] = []
    if case.get("error"):
        out.append(f"the question was declined: {case['error']}")
    if case.get("answerable", True):
        if case.get("refused"):
            out.append("refused, though the documents hold the answer")
        elif not s.get("answer_correct"):
            missing = missing_facts(case)
            out.append("missing expected facts: " + "; ".join(missing) if missing
                       else f"fact recall {float(s.get('fact_recall') or 0):.2f}")
        if s.get("hit_at_5") == 0.0:
            out.append("no expected source in the top 5 passages")
        if not case.get("refused") and s.get("citation_precision") is not None and s["citation_precision"] < 1.0:
            out.append(f"citation precision {float(s['citation_precision']):.2f} (a citation points elsewhere)")
    elif not case.get("refused"):
        out.append("answered, but the documents do not hold the answer (should refuse)")
    return out


def missing_facts(case: Mapping) -> list[str]:
    """Expected facts (any of the alternatives) that the answer text lacks, compared case-insensitively."""
    answer = " ".join(str(case.get("answer") or "").split()).casefold()
    out = []
    for fact in case.get("expected_facts") or []:
        alternatives = [fact] if isinstance(fact, str) else list(fact)
        if not any(" ".join(str(a).split()).casefold() in answer for a in alternatives):
            out.append(" / ".join(map(str, alternatives)))
    return out


def categories(results: Mapping) -> list[str]:
    return sorted({category_of(c) for c in results.get("cases") or []})


def filtered(results: Mapping, category: str = ALL, show: str = "all") -> list[Mapping]:
    out = []
    for c in results.get("cases") or []:
        if category not in ("", ALL, None) and category_of(c) != category:
            continue
        ok = verdict(c)
        if (show == "failures" and ok) or (show == "passes" and not ok):
            continue
        out.append(c)
    return out


def case_rows(results: Mapping, category: str = ALL, show: str = "all") -> list[list[str]]:
    return [[str(c.get("id", "")), str(c.get("split", "")), category_of(c), "✓ pass" if verdict(c) else "✗ fail",
             "; ".join(reasons(c)) if not verdict(c) else "", _question(c)]
            for c in filtered(results, category, show)]


def find_case(results: Mapping, case_id: str) -> Mapping | None:
    return next((c for c in results.get("cases") or [] if str(c.get("id")) == str(case_id)), None)


def _question(c: Mapping) -> str:
    return " → ".join([*map(str, c.get("history") or []), str(c.get("question", ""))])


def _fmt(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:.2f}"
    return str(value)


def case_detail_html(case: Mapping | None) -> str:
    """One question: what was asked, what came back (with its citations), what was expected, each metric's
    verdict and why the case failed."""
    if case is None:
        return '<p class="ua-muted">Pick a question in the table to see its answer, citations and verdicts.</p>'
    ok = verdict(case)
    badge = '<span class="ua-pass">✓ pass</span>' if ok else '<span class="ua-fail">✗ fail</span>'
    parts = [f'<div class="ua-case"><div><strong>{html_text(case.get("id", ""))}</strong> · '
             f'{html_text(case.get("split", ""))} · {html_text(category_of(case))} · {badge}</div>']
    history = case.get("history") or []
    if history:
        items = "".join(f"<li>{html_text(h)}</li>" for h in history)
        parts.append(f"<h4>Earlier turns</h4><ol>{items}</ol>")
    parts.append(f"<h4>Question</h4><p>{html_text(case.get('question', ''))}</p>")
    if case.get("retrieval_query") and case.get("retrieval_query") != case.get("question"):
        parts.append(f'<p class="ua-muted">Searched as: {html_text(case["retrieval_query"])}</p>')
    answer = str(case.get("answer") or "")
    label = "Answer (refused)" if case.get("refused") else "Answer"
    parts.append(f"<h4>{label}</h4><p>{html_text(answer) or '<em>(none)</em>'}</p>")
    cites = case.get("citations") or []
    if cites:
        items = "".join(
            f"<li><strong>[{html_text(c.get('marker', ''))}]</strong> {html_text(c.get('title', ''))}"
            + (f" · {html_text(c['section'])}" if c.get("section") else "")
            + ((' <span class="ua-pass">expected source</span>' if c.get("matches_expected")
                else ' <span class="ua-fail">not an expected source</span>') if case.get("expected_sources") else "")
            + f'<br><span class="ua-muted">{html_text(_clip(c.get("passage", ""), 300))}</span>'
            + f'<br><code>{html_text(c.get("citation_id", ""))}</code></li>'
            for c in cites)
        parts.append(f"<h4>Citations</h4><ul>{items}</ul>")
    if case.get("answerable", True):
        missing = set(missing_facts(case))
        facts = []
        for fact in case.get("expected_facts") or []:
            text = " / ".join(map(str, [fact] if isinstance(fact, str) else fact))
            mark = '<span class="ua-fail">missing</span>' if text in missing else '<span class="ua-pass">found</span>'
            facts.append(f"<li>{html_text(text)} {mark}</li>")
        if facts:
            parts.append(f"<h4>Expected facts</h4><ul>{''.join(facts)}</ul>")
        sources = "".join(f"<li><code>{html_text(s.get('document', ''))}</code>: “{html_text(s.get('quote', ''))}”</li>"
                          for s in case.get("expected_sources") or [] if isinstance(s, Mapping))
        if sources:
            parts.append(f"<h4>Expected sources</h4><ul>{sources}</ul>")
    else:
        parts.append("<h4>Expected</h4><p>A refusal: the documents do not hold the answer.</p>")
    scores = case.get("scores") or {}
    rows = "".join(
        f"<tr><td>{html_text(name)}</td><td>{_verdict_cell(key, scores.get(key))}</td>"
        f'<td class="ua-muted">{html_text(meaning)}</td></tr>'
        for key, name, meaning in CASE_METRICS if key in scores)
    if isinstance(scores.get("latency_ms"), int | float):
        rows += f'<tr><td>Latency</td><td>{float(scores["latency_ms"]):,.0f} ms</td><td></td></tr>'
    if rows:
        parts.append(f'<h4>Metrics</h4><table class="ua-metrics">{rows}</table>')
    why = reasons(case)
    if why:
        parts.append("<h4>Why it failed</h4><ul>" + "".join(f"<li>{html_text(w)}</li>" for w in why) + "</ul>")
    parts.append("</div>")
    return "".join(parts)


def _verdict_cell(key: str, value: object) -> str:
    if value is None:
        return '<span class="ua-na">n/a</span>'
    good = bool(value) if isinstance(value, bool) else float(value) >= 1.0 - 1e-9
    if key in ("fact_recall", "reciprocal_rank", "ndcg_at_10", "support_rate", "citation_recall",
               "citation_precision") and not isinstance(value, bool):
        cls = "ua-pass" if good else ("ua-fail" if float(value) < 0.5 else "ua-na")
    else:
        cls = "ua-pass" if good else "ua-fail"
    return f'<span class="{cls}">{html_text(_fmt(value))}</span>'


def compare(a: Mapping, b: Mapping, labels: Mapping[str, str] | None = None,
            fmt=None) -> tuple[list[list[str]], list[list[str]], str]:
    """(summary rows: metric, A, B, change; rows of the cases whose verdict changed; a one-line account)."""
    fmt = fmt or _fmt
    labels = labels or {}
    sa, sb = a.get("summary") or {}, b.get("summary") or {}
    summary = []
    for key in [k for k in sa if k in sb] + [k for k in sb if k not in sa]:
        va, vb = sa.get(key), sb.get(key)
        delta = ""
        if isinstance(va, int | float) and isinstance(vb, int | float) and not isinstance(va, bool):
            d = vb - va
            delta = "" if abs(d) < 1e-9 else (f"{d:+,.0f}" if key.endswith("_ms") or isinstance(va, int) and
                                               isinstance(vb, int) else f"{d:+.3f}")
        summary.append([labels.get(key, key), fmt(va, key), fmt(vb, key), delta])
    cases_a = {str(c.get("id")): c for c in a.get("cases") or []}
    cases_b = {str(c.get("id")): c for c in b.get("cases") or []}
    changed, fixed, broken = [], 0, 0
    for case_id in [i for i in cases_b if i in cases_a]:
        ca, cb = cases_a[case_id], cases_b[case_id]
        va, vb = verdict(ca), verdict(cb)
        if va == vb:
            continue
        fixed += vb
        broken += not vb
        changed.append([case_id, category_of(cb), "✓ pass" if va else "✗ fail", "✓ pass" if vb else "✗ fail",
                        "fixed" if vb else "broken", _question(cb), "; ".join(reasons(cb)) if not vb else ""])
    only = len(set(cases_a) ^ set(cases_b))
    account = (f"{len(changed)} question{'s' if len(changed) != 1 else ''} changed verdict: {fixed} now pass, "
               f"{broken} now fail; {len(set(cases_a) & set(cases_b)) - len(changed)} unchanged.")
    if only:
        account += f" {only} question{'s are' if only != 1 else ' is'} in only one of the two runs."
    return summary, changed, account


def _clip(text: object, n: int) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def category_rows(results: Mapping, keys: Sequence[str], fmt) -> list[list[str]]:
    """One row per (split, category): the chosen metrics, from `results["categories"][split][category]`
    (what the runner computes; a flat `{category: summary}` is read too). Empty when there are none."""
    cats = results.get("categories") or {}
    rows = []
    for split, inner in sorted(cats.items()):
        if not isinstance(inner, Mapping):
            continue
        if "cases" in inner and not isinstance(inner.get("cases"), Mapping):  # flat: {category: summary}
            rows.append(["", split, *[fmt(inner.get(k), k) for k in keys]])
            continue
        for name, summary in sorted(inner.items()):
            if isinstance(summary, Mapping):
                rows.append([split, name, *[fmt(summary.get(k), k) for k in keys]])
    return rows
