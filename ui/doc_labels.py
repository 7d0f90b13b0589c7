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


def _int(value: object) -> int:
    try:
        return int(str(value).strip()[:4])
    except (TypeError, ValueError):
        return 0


def meta_from_document(doc) -> DocMeta:
    """A `DocMeta` from a stored `Document` (its `metadata` dict holds the library.json fields as text)."""
    m = dict(getattr(doc, "metadata", None) or {})
    return DocMeta(
        id=doc.id, title=str(m.get("title") or doc.title), short_title=str(m.get("short_title") or ""),
        doc_type=str(m.get("doc_type") or m.get("type") or ""), year=_int(m.get("year") or m.get("date") or 0),
        city=str(m.get("city") or ""), publisher=str(m.get("publisher") or "UNESCO"), date=str(m.get("date") or ""),
    )


def meta_from_info(info) -> DocMeta:
    """A `DocMeta` from a `DocumentInfo` (the store's document record)."""
    return DocMeta(id=info.id, title=info.title, short_title=getattr(info, "short_title", "") or "",
                   doc_type=getattr(info, "doc_type", "") or "", year=_int(getattr(info, "year", 0) or 0),
                   city=getattr(info, "city", "") or "")


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
