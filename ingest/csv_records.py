"""A CSV table as small documents, one per row, mapped by a spec (not by code written for one file).

The spec is a JSON file: given with `--csv-spec FILE`, or found beside the table as `NAME.csv.spec.json`.

    {"title": "name_en",                      # the column that titles each row's document (required)
     "id": "id_no",                           # a column with a stable row id (default: the row number)
     "text": ["short_description_en"],        # columns whose text forms the body
     "fields": {"State": "states_name_en",    # "Label": column -> a "Label: value." line in the text, and
                "Year inscribed": "date_inscribed"},  #   metadata key "state", "year_inscribed" (label in snake case)
     "values": {"danger": {"1": "yes", "0": "no"}},   # shown values for coded columns
     "year": "date_inscribed",                # the column giving the document's year (metadata "year")
     "doc_type": "World Heritage site",       # the documents' type
     "delimiter": ","}

HTML in cells is reduced to its text, a byte-order mark is handled (see `loaders.decode`). The table is read
whole before anything is returned: a missing column, a ragged row or an undecodable file raises `Unreadable`
with the reason, so a bad table is skipped and nothing of it is half-written.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ingest.loaders import Unreadable, decode

SPEC_SUFFIX = ".spec.json"  # beside "sites.csv": "sites.csv.spec.json"
MAX_ROWS = 200_000


class CsvSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(..., min_length=1)
    id: str = ""
    text: list[str] = Field(default_factory=list)
    fields: dict[str, str] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    year: str = ""
    doc_type: str = "record"
    delimiter: str = Field(",", min_length=1, max_length=1)

    def columns(self) -> list[str]:
        named = [self.title, self.id, self.year, *self.text, *self.fields.values()]
        return list(dict.fromkeys(c for c in named if c))


@dataclass(frozen=True)
class Record:
    key: str  # the row's id (from the id column, else its 1-based row number), unique within the table
    title: str
    text: str  # title, one "Label: value." line per field, then the text columns
    metadata: dict[str, str] = field(default_factory=dict)


def load_spec(path: Path) -> CsvSpec:
    """Read and validate a spec; raises `Unreadable` naming the file and the problem."""
    try:
        return CsvSpec.model_validate(json.loads(path.read_text(encoding="utf-8-sig")))
    except OSError as e:
        raise Unreadable(f"CSV spec {path} cannot be read ({e.strerror or e})") from e
    except ValueError as e:  # JSON errors and pydantic's ValidationError (a ValueError)
        if isinstance(e, ValidationError):
            err = e.errors()[0]
            where = ".".join(str(x) for x in err["loc"]) or "spec"
            raise Unreadable(f"CSV spec {path}: {where}: {err['msg']}") from e
        raise Unreadable(f"CSV spec {path} is not valid JSON ({e})") from e


def sidecar_spec(csv_path: Path) -> Path:
    return csv_path.with_name(csv_path.name + SPEC_SUFFIX)


def field_key(label: str) -> str:
    """Metadata key of a field label: "Year inscribed" -> "year_inscribed"."""
    return re.sub(r"[^0-9a-z]+", "_", label.casefold()).strip("_") or "field"


def cell_text(value: str) -> str:
    """A cell as plain text: HTML tags and entities resolved, whitespace collapsed."""
    if "<" in value or "&" in value:
        if "<" in value:
            from bs4 import BeautifulSoup

            value = BeautifulSoup(value, "html.parser").get_text(" ")
        value = html.unescape(value)
    return re.sub(r"\s+([,.;:!?])(?=\s|$)", r"\1", " ".join(value.split()))  # "Bridge</em>." kept together


def read_table(path: Path) -> bytes:
    """The table's bytes, under the same size limit as any other file."""
    from ingest.loaders import MAX_FILE_BYTES

    try:
        size = path.stat().st_size
        if size == 0:
            raise Unreadable("empty file (0 bytes)")
        if size > MAX_FILE_BYTES:
            raise Unreadable(f"file too large ({size / 1e6:.0f} MB; limit {MAX_FILE_BYTES / 1e6:.0f} MB)")
        return path.read_bytes()
    except OSError as e:
        raise Unreadable(f"cannot read file: {e.strerror or e}") from e


def read_records(data: bytes, spec: CsvSpec, name: str = "table.csv") -> list[Record]:
    """Every row of the table as a Record, or `Unreadable` (nothing) when any of it is bad."""
    text = decode(data)  # BOM, UTF-16, a confident guess, or Unreadable
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=spec.delimiter, strict=True))
    except csv.Error as e:
        raise Unreadable(f"malformed CSV ({e})") from e
    rows = [r for r in rows if any(cell.strip() for cell in r)]  # blank lines are not rows
    if not rows:
        raise Unreadable("empty CSV (no header row)")
    header = [h.strip() for h in rows[0]]
    missing = [c for c in spec.columns() if c not in header]
    if missing:
        raise Unreadable(f"column {missing[0]!r} named by the CSV spec is not in the header of {name} "
                         f"(columns: {', '.join(header[:12])}{', ...' if len(header) > 12 else ''})")
    if len(rows) - 1 > MAX_ROWS:
        raise Unreadable(f"CSV has {len(rows) - 1:,} rows (limit {MAX_ROWS:,})")
    for n, row in enumerate(rows[1:], 1):
        if len(row) != len(header):
            raise Unreadable(f"ragged CSV: row {n} has {len(row)} fields, the header has {len(header)}; "
                             f"nothing of this file was ingested")
    at = {h: i for i, h in enumerate(header)}
    records: list[Record] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[1:], 1):
        def cell(column: str) -> str:
            return cell_text(row[at[column]]) if column else ""

        def shown(column: str) -> str:
            raw = cell(column)
            return spec.values.get(column, {}).get(raw, raw)

        key = cell(spec.id) or str(n)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}-{seen[key]}"
        title = cell(spec.title) or f"{Path(name).stem} row {n}"
        meta = {field_key(label): shown(column) for label, column in spec.fields.items() if shown(column)}
        year = cell(spec.year)
        meta.update({"doc_type": spec.doc_type, "row": str(n), "year": year if year.isdigit() else ""})
        lines = [title] + [f"{label}: {shown(column)}." for label, column in spec.fields.items() if shown(column)]
        body = [cell(column) for column in spec.text if cell(column)]
        records.append(Record(key, title, "\n\n".join(lines + body),
                              {k: v for k, v in meta.items() if v}))
    return records
