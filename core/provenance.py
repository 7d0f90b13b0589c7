"""Where a document comes from: the bundled UNESCO library, or an upload (when, which file, by whom).

Every document, chunk, citation and lookup hit carries `origin` ("library" or "upload"; "" in a store written
before origins were recorded) and `added` (the UTC date of an upload, "" for the library). `origin_label()`
is what every shell shows next to a title: "UNESCO library" or "uploaded 2026-11-30".

Upload ids derive from their origin and content (`upload_id`): an upload can never take a library document's
id, so it can never replace an official text. Replacing a library document is refused in the UI; the CLI
does it on purpose with `ingest --replace`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

LIBRARY = "library"
UPLOAD = "upload"
ORIGINS = (LIBRARY, UPLOAD)
UPLOAD_PREFIX = "upload-"


def origin_label(origin: str, added: str = "") -> str:
    """"UNESCO library", "uploaded 2026-11-30" (or "uploaded" without a date), "" when unknown."""
    if origin == LIBRARY:
        return "UNESCO library"
    if origin == UPLOAD:
        day = (added or "")[:10]
        return f"uploaded {day}" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else "uploaded"
    return ""


def upload_id(stem_id: str, content_hash: str) -> str:
    """The id of an uploaded document: `upload-<content hash>-<file stem>`. Library ids never start with
    `upload-`, so the two can never collide; the same content uploaded again keeps its id (unchanged)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem_id).strip("-._")[:40] or "document"
    return f"{UPLOAD_PREFIX}{content_hash[:12]}-{stem}"


def is_upload_id(document_id: str) -> bool:
    return document_id.startswith(UPLOAD_PREFIX)


def today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def upload_metadata(original_name: str, by: str = "", when: str = "") -> dict[str, str]:
    """The provenance kept in an upload's document record (`Document.metadata`)."""
    return {"origin": UPLOAD, "added": when or datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "added_by": by, "original_name": original_name[:300]}


@dataclass(frozen=True)
class Upload:
    """Files ingested as uploads (the UI): who uploaded them and their original names (by staged path)."""

    by: str = ""
    names: dict[str, str] = field(default_factory=dict)  # str(staged path) -> the name the user's file had
    when: str = ""  # ISO 8601, UTC; now when empty


def library_refusal(name: str, document_id: str) -> str:
    return (f"{name} has the name of the UNESCO library document {document_id!r}; the library cannot be replaced "
            "from the app (rename the file to add it as your own document, or replace the library text on "
            "purpose with `unesco-assistant ingest --replace FILE`)")
