"""The chat's "limit the sources" controls as a `core.types.Scope`: chosen documents, instrument types, years of
adoption and "UNESCO library only".

    types = type_choices(assistant.documents())        # [("Convention", "Convention"), ("Web page", "web page"), ...]
    years = parse_years("1960, 1970-1972")             # (1960, 1970, 1971, 1972); ValueError names the problem
    scope = build_scope(ids, ["Recommendation"], "2015", library_only=False)
    note = scope_notice(scope, titles)                 # "Searched only: Recommendations of 2015."

The choices come from the stored documents' metadata (library.json: `type`, `year`), so the picker offers only
what the library holds. The assistant's document resolver (`assistant.documents.DocumentResolver.scope_ids`)
turns the scope into document ids inside both searches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from core.types import Scope

MAX_YEAR_SPAN = 500  # "1000-3000" is a typo, not a range
_YEAR = r"(\d{4})"
_RANGE = re.compile(rf"^{_YEAR}\s*(?:-|–|—|to|\.\.)\s*{_YEAR}$", re.IGNORECASE)
_SINGLE = re.compile(rf"^{_YEAR}$")


def type_choices(documents: Iterable) -> list[tuple[str, str]]:
    """(label, type) for each type the stored documents have (`doc_type`), once, sorted: "Web page" shown for
    "web page"; uploads' empty types left out."""
    seen: dict[str, str] = {}
    for d in documents:
        kind = (getattr(d, "doc_type", "") or "").strip()
        if kind:
            seen.setdefault(kind.casefold(), kind)
    return [(k[:1].upper() + k[1:], k) for k in sorted(seen.values(), key=str.casefold)]


def year_span(documents: Iterable) -> tuple[int, int] | None:
    """(earliest, latest) year of adoption among the stored documents; None when none has a year."""
    years = [int(getattr(d, "year", 0) or 0) for d in documents]
    years = [y for y in years if y > 0]
    return (min(years), max(years)) if years else None


def parse_years(text: str | None) -> tuple[int, ...]:
    """Years from what a person types: "2015", "1970-1980" (also "1970–1980", "1970 to 1980"), or several of
    those separated by commas or spaces. Empty text: no year filter. Raises ValueError with a short message."""
    text = (text or "").strip()
    if not text:
        return ()
    years: list[int] = []
    for piece in [p.strip() for p in re.split(r"[,;]", text) if p.strip()]:
        m = _RANGE.match(piece)
        if m:
            lo, hi = sorted((int(m.group(1)), int(m.group(2))))
            if hi - lo > MAX_YEAR_SPAN:
                raise ValueError(f"The range “{piece}” spans more than {MAX_YEAR_SPAN} years.")
            years += range(lo, hi + 1)
            continue
        words = piece.split()
        if words and all(_SINGLE.match(w) for w in words):
            years += [int(w) for w in words]
            continue
        raise ValueError(f"“{piece}” is not a year or a range of years: write e.g. 2015 or 1970-1980.")
    return tuple(sorted(set(years)))


def build_scope(document_ids: Iterable[str] | None = None, types: Iterable[str] | None = None,
                years: str | Iterable[int] | None = None, library_only: bool = False) -> Scope | None:
    """The scope the controls describe; None when nothing limits the search. `years` is the typed text (parsed
    with `parse_years`, which may raise ValueError) or years already parsed."""
    ids = tuple(dict.fromkeys(d for d in (document_ids or []) if d))
    kinds = tuple(dict.fromkeys(t for t in (types or []) if t))
    wanted = parse_years(years) if isinstance(years, str) or years is None else tuple(sorted({int(y) for y in years}))
    scope = Scope(documents=ids, types=kinds, years=wanted, origin="library" if library_only else "")
    return scope or None


def matching(documents: Iterable, scope: Scope | None) -> list:
    """The documents (`DocumentInfo`s) a scope allows, for the notice and the "nothing matches" message. The same
    rule as the assistant's resolver: every field that is set must hold (ids, type, year, origin)."""
    docs = list(documents)
    if not scope:
        return docs
    ids = set(scope.documents)
    if ids - {d.id for d in docs}:  # names ("the 1970 Convention", through the API): the assistant resolves them
        ids = set()
    kinds = {t.casefold() for t in scope.types}
    years = set(scope.years)
    return [d for d in docs
            if (not ids or d.id in ids)
            and (not kinds or (getattr(d, "doc_type", "") or "").casefold() in kinds)
            and (not years or int(getattr(d, "year", 0) or 0) in years)
            and (not scope.origin or (getattr(d, "origin", "") or "").casefold() == scope.origin)]


def _plural_type(kind: str) -> str:
    return kind if kind.endswith("s") else kind + "s"


def years_text(years: tuple[int, ...]) -> str:
    """(1970, 1971, 1972, 1980) -> "1970–1972, 1980"."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def scope_notice(scope: Scope | None, titles: Mapping[str, str]) -> str:
    """What the answer says it searched: "Searched only: Recommendations of 2015, UNESCO library." (documents
    by their titles from `titles`, id -> title)."""
    if not scope:
        return ""
    parts = []
    if scope.documents:
        names = [titles.get(i, i) for i in scope.documents]
        parts.append(", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else ""))
    if scope.types or scope.years:
        kinds = " and ".join(_plural_type(t) for t in scope.types) if scope.types else "documents"
        parts.append(kinds + (f" of {years_text(scope.years)}" if scope.years else ""))
    if scope.origin == "library":
        parts.append("the UNESCO library (no uploads)")
    return f"Searched only: {'; '.join(parts)}." if parts else ""


LIMITS_TITLE = "Answer only from chosen documents, types or years"


def limits_title(document_ids: Iterable[str] | None = None, types: Iterable[str] | None = None,
                 years: str | None = "", library_only: bool = False) -> str:
    """The limits box's title, which says what is set even while the box is closed:
    "Answer only from chosen documents, types or years · set: 2 documents, Recommendation, 2015, library only"."""
    ids, kinds = [d for d in (document_ids or []) if d], [t for t in (types or []) if t]
    parts = []
    if ids:
        parts.append(f"{len(ids)} document{'s' if len(ids) != 1 else ''}")
    parts += kinds
    if (years or "").strip():
        parts.append(" ".join(years.split())[:40])
    if library_only:
        parts.append("library only")
    return f"{LIMITS_TITLE} · set: {', '.join(parts)}" if parts else LIMITS_TITLE
