"""Per-language table (hit@5, answer correct, refusals) from `unesco-assistant eval gold --json` results.

    python scripts/language_table.py before.json after.json [--names before after]

Answerable cases only for hit@5 and answer correct; "refused (unanswerable)" counts the cases marked unanswerable
that were refused. Prints a Markdown table (docs/languages.md).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict

ORDER = ("en", "fr", "es", "ar", "ru", "zh")


def rows(path: str) -> dict[str, dict[str, list]]:
    data = json.loads(open(path, encoding="utf-8").read())
    cases = data["cases"] if isinstance(data, dict) and "cases" in data else data
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for c in cases:
        lang = c.get("language") or "en"
        scores = c.get("scores", c)
        if c.get("answerable"):
            out[lang]["hit5"].append(bool(scores.get("hit_at_5")))
            out[lang]["correct"].append(bool(scores.get("answer_correct")))
        else:
            out[lang]["neg"].append(bool(c.get("refused")))
    return out


def _cell(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)}" if flags else "—"


def table(paths: list[str], names: list[str]) -> str:
    results = [rows(p) for p in paths]
    langs = [x for x in ORDER if any(x in r for r in results)] + sorted(
        {x for r in results for x in r} - set(ORDER))
    head = "| language | " + " | ".join(f"hit@5 {n} | correct {n} | unanswerable refused {n}" for n in names) + " |"
    sep = "|---|" + "---|---|---|" * len(names)
    lines = [head, sep]
    for lang in langs + ["non-en"]:
        cells = []
        for r in results:
            pick = [r[x] for x in r if x != "en"] if lang == "non-en" else [r.get(lang, {})]
            merged = {k: [f for d in pick for f in d.get(k, [])] for k in ("hit5", "correct", "neg")}
            cells += [_cell(merged["hit5"]), _cell(merged["correct"]), _cell(merged["neg"])]
        lines.append(f"| {lang} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    names = []
    if "--names" in args:
        i = args.index("--names")
        names, args = args[i + 1:], args[:i]
    print(table(args, names or [f"run{i + 1}" for i in range(len(args))]))
