#!/usr/bin/env python3
"""Check gold question files against the bundled corpus (standard library only).

    python scripts/check_gold.py evals/data/library_dev.jsonl [more.jsonl ...] [--corpus DIR]

For every case:
- `expected_sources[].document` names exactly one file under the corpus (its stem equals the name, or
  failing that, exactly one stem contains it);
- each `quote` occurs in that file's raw text, whitespace and case folded (CRLF and line breaks count as
  one space; curly quotes and dashes read as ASCII, as `evals/metrics.normalise` does);
- each expected fact (at least one of its alternatives) occurs on word boundaries, case-insensitive and
  whitespace folded, in the text of the case's expected documents;
- the line has the gold schema's keys and types, `category` (when present) is a known one, and
  `answerable: false` goes with empty sources and facts;
- ids are unique across all the files given.

Raw file text is used on purpose: the ingestion cleaner may still drop or alter lines (for example a
line starting with "(c) "), and gold data must not depend on its bugs.

Prints one line per problem, then a summary per file (cases per category, distinct documents), and
exits 1 when there is any problem. A quote that spans a line break of the source is reported as a
warning (passages may be cut there); `--strict` makes warnings problems.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "corpus"

CATEGORIES = ("fact", "explain", "list", "compare", "followup", "informal", "language", "unanswerable")
KEYS = {"id", "question", "history", "answerable", "expected_sources", "expected_facts", "category",
        "language"}
REQUIRED = {"id", "question", "answerable"}

_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u00ad": None,
    "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
})
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Casefold, curly quotes and dashes to ASCII, every whitespace run (CRLF included) to one space."""
    return _WS.sub(" ", text.translate(_TRANSLATE).casefold()).strip()


def fact_pattern(fact: str) -> re.Pattern[str]:
    """The normalised fact on word boundaries (a boundary only where the fact starts/ends with a word
    character, so facts like "(a)" or "US$ 5" still work)."""
    text = normalise(fact)
    left = r"\b" if re.match(r"\w", text) else ""
    right = r"\b" if re.search(r"\w$", text) else ""
    return re.compile(left + re.escape(text) + right)


class Corpus:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = sorted(p for p in root.rglob("*.txt") if p.is_file())
        self._raw: dict[Path, str] = {}
        self._norm: dict[Path, str] = {}

    def find(self, document: str) -> tuple[Path | None, str]:
        """The one file named by `document`, or (None, why not)."""
        name = document.strip().casefold()
        exact = [p for p in self.files if p.stem.casefold() == name]
        if len(exact) == 1:
            return exact[0], ""
        if len(exact) > 1:
            return None, f"{len(exact)} files have the stem {document!r}: " + \
                ", ".join(str(p.relative_to(self.root)) for p in exact)
        partial = [p for p in self.files if name and name in p.stem.casefold()]
        if len(partial) == 1:
            return partial[0], ""
        if not partial:
            return None, f"no file under {self.root} has a stem containing {document!r}"
        shown = ", ".join(p.stem for p in partial[:5]) + (" ..." if len(partial) > 5 else "")
        return None, f"{document!r} is ambiguous ({len(partial)} files: {shown})"

    def raw(self, path: Path) -> str:
        if path not in self._raw:
            self._raw[path] = path.read_text(encoding="utf-8-sig", errors="replace")
        return self._raw[path]

    def norm(self, path: Path) -> str:
        if path not in self._norm:
            self._norm[path] = normalise(self.raw(path))
        return self._norm[path]

    def within_one_line(self, path: Path, quote: str) -> bool:
        q = normalise(quote)
        return any(q in normalise(line) for line in self.raw(path).splitlines())


def _is_str(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_schema(data: dict) -> list[str]:
    problems = []
    unknown = set(data) - KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    missing = REQUIRED - set(data)
    if missing:
        problems.append(f"missing keys {sorted(missing)}")
    for key in ("id", "question"):
        if key in data and not _is_str(data[key]):
            problems.append(f"{key} must be a non-blank string")
    if "answerable" in data and not isinstance(data["answerable"], bool):
        problems.append("answerable must be true or false")
    history = data.get("history", [])
    if not isinstance(history, list) or not all(_is_str(h) for h in history):
        problems.append("history must be a list of non-blank strings")
    sources = data.get("expected_sources", [])
    if not isinstance(sources, list) or not all(
            isinstance(s, dict) and set(s) == {"document", "quote"} and _is_str(s["document"])
            and _is_str(s["quote"]) for s in sources):
        problems.append("expected_sources must be a list of {document, quote} with non-blank strings")
    facts = data.get("expected_facts", [])
    if not isinstance(facts, list) or not all(
            _is_str(f) or (isinstance(f, list) and f and all(_is_str(a) for a in f)) for f in facts):
        problems.append("expected_facts must be a list of non-blank strings or non-empty lists of them")
    category = data.get("category", "")
    if not isinstance(category, str) or (category and category not in CATEGORIES):
        problems.append(f"category {category!r} is not one of {', '.join(CATEGORIES)}")
    language = data.get("language", "en")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", language):
        problems.append(f"language {language!r} is not a language code like 'en' or 'fr'")
    if category == "language" and language == "en":
        problems.append("a 'language' case needs language set to the question's language (fr, es, ...)")
    if category == "followup" and not history:
        problems.append("a 'followup' case needs earlier turns in history")
    answerable = data.get("answerable")
    if answerable is False and (sources or facts):
        problems.append("an unanswerable case must have empty expected_sources and expected_facts")
    if category == "unanswerable" and answerable is not False:
        problems.append("an 'unanswerable' case must have answerable: false")
    if answerable is True and not sources:
        problems.append("an answerable case needs expected_sources (its facts are checked against them)")
    return problems


def check_file(path: Path, corpus: Corpus, seen: dict[str, str], strict: bool) -> tuple[int, int]:
    """Print problems and the summary of one file; return (problems, warnings)."""
    problems = warnings = 0
    categories: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    documents: dict[str, str] = {}  # stem -> corpus sub-folder
    cases = answerable = 0

    def report(where: str, message: str, warning: bool = False) -> None:
        nonlocal problems, warnings
        if warning and not strict:
            warnings += 1
            print(f"{where}: warning: {message}")
        else:
            problems += 1
            print(f"{where}: {message}")

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        report(str(path), f"cannot be read as UTF-8 text ({exc})")
        return problems, warnings
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            report(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(data, dict):
            report(where, f"each line must be one JSON object, not {type(data).__name__}")
            continue
        case_id = data.get("id")
        if isinstance(case_id, str):
            where = f"{path}:{number} [{case_id}]"
            if case_id in seen:
                report(where, f"duplicate id {case_id!r} (first seen at {seen[case_id]})")
            else:
                seen[case_id] = f"{path}:{number}"
        for problem in check_schema(data):
            report(where, problem)
        cases += 1
        answerable += data.get("answerable") is True
        categories[data.get("category") or "(none)"] += 1
        languages[data.get("language") or "en"] += 1

        sources = data.get("expected_sources") or []
        paths: list[Path] = []
        for source in sources if isinstance(sources, list) else []:
            if not isinstance(source, dict):
                continue
            document, quote = source.get("document"), source.get("quote")
            if not isinstance(document, str) or not isinstance(quote, str):
                continue
            found, why = corpus.find(document)
            if found is None:
                report(where, f"document: {why}")
                continue
            paths.append(found)
            documents[found.stem] = found.parent.name
            if normalise(quote) not in corpus.norm(found):
                report(where, f"quote not in {found.stem}: {quote!r}")
            elif not corpus.within_one_line(found, quote):
                report(where, f"quote spans a line break of {found.stem}: {quote!r}", warning=True)
        facts = data.get("expected_facts") or []
        if paths and isinstance(facts, list):
            text = " \n ".join(corpus.norm(p) for p in dict.fromkeys(paths))
            for fact in facts:
                alternatives = [fact] if isinstance(fact, str) else fact
                if not isinstance(alternatives, list) or not all(isinstance(a, str) for a in alternatives):
                    continue
                if not any(a.strip() and fact_pattern(a).search(text) for a in alternatives):
                    names = ", ".join(p.stem for p in dict.fromkeys(paths))
                    report(where, f"fact {fact!r} not found (on word boundaries) in {names}")

    folders = Counter(documents.values())
    order = [*CATEGORIES, *sorted(set(categories) - set(CATEGORIES) - {"(none)"}), "(none)"]
    cats = ", ".join(f"{c} {categories[c]}" for c in order if categories[c])
    langs = ", ".join(f"{k} {v}" for k, v in sorted(languages.items()))
    print(f"== {path}: {cases} cases ({answerable} answerable, {cases - answerable} not); "
          f"{problems} problems, {warnings} warnings")
    print(f"   categories: {cats or '-'}")
    print(f"   languages: {langs or '-'}")
    per_folder = ", ".join(f"{n} in {f}/" for f, n in sorted(folders.items()))
    print(f"   distinct documents: {len(documents)}" + (f" ({per_folder})" if per_folder else ""))
    return problems, warnings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="gold JSON Lines files")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"folder searched (recursively) for <document>.txt (default {DEFAULT_CORPUS})")
    parser.add_argument("--strict", action="store_true", help="count warnings as problems")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no such corpus folder")
        return 1
    corpus = Corpus(args.corpus)
    seen: dict[str, str] = {}
    total = 0
    for path in args.files:
        problems, _ = check_file(path, corpus, seen, args.strict)
        total += problems
    if len(args.files) > 1:
        print(f"== total: {len(seen)} distinct ids in {len(args.files)} files; {total} problems")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
