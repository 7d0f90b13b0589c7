"""Display names of documents for the UI: a full label for footnotes and exports, a short one for lists.

The document metadata (library.json: title, short_title, type, year, city, publisher) is used when the
store has it; otherwise the title. The wording is `core.labels.citation_label`'s, so the chat, the CLI and
the exports name a document the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("unesco_assistant.ui")


@dataclass(frozen=True)
class DocMeta:
    """What the UI knows about a cited document (empty strings / 0 where unknown)."""

    id: str
    title: str
    short_title: str = ""
    doc_type: str = ""
    year: int = 0
    city: str = ""
    publisher: str = "UNESCO"
    date: str = ""
    origin: str = ""  # "library" | "upload" | "" (unknown: an older store); see core.provenance
    added: str = ""  # when an upload was added (ISO 8601, UTC)
    source: str = ""  # the stored file name
    original_name: str = ""  # an upload's file name as the user had it

    @property
    def is_upload(self) -> bool:
        return self.origin == "upload"

    @property
    def origin_label(self) -> str:
        """"UNESCO library", "uploaded 2026-11-30" or ""."""
        from core.provenance import origin_label

        return origin_label(self.origin, self.added)

    @property
    def file_name(self) -> str:
        return self.original_name or self.source


def _int(value: object) -> int:
    try:
        return int(str(value).strip()[:4])
    except (TypeError, ValueError):
        return 0


def meta_from_document(doc) -> DocMeta:
    """A `DocMeta` from a stored `Document` (its `metadata` dict holds the library.json fields as text)."""
    m = dict(getattr(doc, "metadata", None) or {})
    upload = m.get("origin") == "upload"
    return DocMeta(
        id=doc.id, title=str(m.get("title") or doc.title), short_title=str(m.get("short_title") or ""),
        doc_type=str(m.get("doc_type") or m.get("type") or ""), year=_int(m.get("year") or m.get("date") or 0),
        city=str(m.get("city") or ""), publisher=str(m.get("publisher") or ("" if upload else "UNESCO")),
        date=str(m.get("date") or ""), origin=str(m.get("origin") or ""), added=str(m.get("added") or ""),
        source=str(getattr(doc, "source", "") or ""), original_name=str(m.get("original_name") or ""),
    )


def meta_from_info(info) -> DocMeta:
    """A `DocMeta` from a `DocumentInfo` (the store's document record)."""
    origin = getattr(info, "origin", "") or ""
    return DocMeta(id=info.id, title=info.title, short_title=getattr(info, "short_title", "") or "",
                   doc_type=getattr(info, "doc_type", "") or "", year=_int(getattr(info, "year", 0) or 0),
                   city=getattr(info, "city", "") or "", publisher="" if origin == "upload" else "UNESCO",
                   origin=origin, added=getattr(info, "added", "") or "", source=getattr(info, "source", "") or "",
                   original_name=getattr(info, "original_name", "") or "")


def lookup_meta(assistant, document_id: str, fallback_title: str, cache: dict[str, DocMeta] | None = None) -> DocMeta:
    """The metadata of a stored document (the title alone when the store cannot say)."""
    cache = {} if cache is None else cache
    if not cache:
        try:
            cache.update({d.id: meta_from_info(d) for d in assistant.documents()})
        except Exception as exc:  # noqa: BLE001 - labels fall back to titles
            log.info("no document list for labels: %s", exc)
        cache.setdefault("", DocMeta(id="", title=""))  # marks the cache as filled
    if document_id not in cache:
        try:
            cache[document_id] = meta_from_document(assistant.document(document_id))
        except Exception as exc:  # noqa: BLE001 - a deleted document still gets a label
            log.info("no metadata for %s: %s", document_id, exc)
            cache[document_id] = DocMeta(id=document_id, title=fallback_title or document_id)
    return cache[document_id]


def provenance_note(meta: DocMeta) -> str:
    """What a footnote or a reference adds about where a document comes from: "UNESCO library", or for an
    upload "uploaded 2026-11-30, file notes.txt, not part of the UNESCO library"; "" when unknown."""
    if meta.is_upload:
        bits = [meta.origin_label, f"file {meta.file_name}" if meta.file_name else "", "not part of the UNESCO library"]
        return ", ".join(b for b in bits if b)
    return meta.origin_label


def full_label(meta: DocMeta, section: str = "") -> str:
    """'Convention concerning the Protection of the World Cultural and Natural Heritage (Paris, 1972), Article 11'
    (`core.labels.citation_label`, the wording the chat and the CLI use too)."""
    from core.labels import citation_label

    section = "" if section.strip() in ("", meta.title, meta.short_title) else section
    return citation_label(meta.title, meta.short_title, meta.year, meta.city, section, full=True)


def short_label(meta: DocMeta, section: str = "") -> str:
    """'1970 Convention, Art. 6', or the title when there is no short title."""
    from core.labels import citation_label

    section = "" if section.strip() in ("", meta.title, meta.short_title) else section
    return citation_label(meta.title, meta.short_title, meta.year, meta.city, section, full=False)
