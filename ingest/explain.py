"""What cleaning removes from files, line by line, with the rule that removed it (no store, no model).

`unesco-assistant ingest --explain FILE...` prints it; the ingest summary gives the same per-rule counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.clean import Removal, clean
from ingest.loaders import SUPPORTED, TABLES, Unreadable, discover, load


@dataclass(frozen=True)
class Explained:
    path: Path
    removed: tuple[Removal, ...] = ()
    skipped: str = ""  # why the file could not be read ("" when it was)


def explain(paths: list[Path]) -> Iterator[Explained]:
    """Each file under `paths` (recursively) with what cleaning removes from it. A CSV's rows are built from
    named columns, not cleaned from lines, so a table is reported as skipped here."""
    files, problems = discover(paths)
    for where, reason in problems:
        yield Explained(Path(where), skipped=reason)
    for path, _root in files:
        suffix = path.suffix.lower()
        if suffix in TABLES:
            yield Explained(path, skipped="a CSV is read by column (see docs/csv.md); no lines are removed")
            continue
        if suffix not in SUPPORTED:
            yield Explained(path, skipped=f"unsupported format {path.suffix or '(none)'!r}")
            continue
        try:
            yield Explained(path, clean(load(path).text).removed)
        except Unreadable as e:
            yield Explained(path, skipped=str(e))
