"""`library.json`: the bibliographic metadata of the documents in a folder, validated when it is read.

One file at the root of a library (the bundled one is `corpus/library.json`), keyed by each document's path
relative to that folder:

    {"instruments/CONVENTION_0201_013039_1970_paris.txt": {"title": "Convention on the Means of ...",
      "short_title": "1970 Convention", "aliases": ["1970 UNESCO Convention"], "type": "Convention",
      "year": 1970, "date": "1970-11-14", "city": "Paris", "publisher": "UNESCO", "origin": "library"}}

A file is described by the nearest `library.json` in its folder or a folder above it that has an entry for it.
Bad input never stops an ingest: a malformed file, a malformed entry or an entry naming a missing file is one
line in `problems` (naming the file and the entry), and the documents concerned are ingested without that
metadata. An alias claimed by two documents is refused for both, with both names in the problem line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.types import ALIAS_SEPARATOR

LIBRARY_FILE = "library.json"
MAX_LIBRARY_BYTES = 10 * 1024 * 1024


class Entry(BaseModel):
    """One document's metadata. Every field is optional; unknown fields are refused (a typo is caught)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field("", max_length=500)
    short_title: str = Field("", max_length=300)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    type: str = Field("", max_length=80)
    year: int = Field(0, ge=0, le=2200)
    date: str = Field("", max_length=40)
    city: str = Field("", max_length=120)
    publisher: str = Field("", max_length=200)
    origin: Literal["library", "upload"] = "library"

    def metadata(self) -> dict[str, str]:
        """As `Document.metadata` (string values; empty fields left out, origin always present)."""
        meta = {"short_title": self.short_title, "doc_type": self.type, "year": str(self.year) if self.year else "",
                "date": self.date, "city": self.city, "publisher": self.publisher,
                "aliases": ALIAS_SEPARATOR.join(a for a in self.aliases if a)}
        return {k: v for k, v in meta.items() if v} | {"origin": self.origin}


def alias_key(name: str) -> str:
    """How names are matched: whitespace collapsed, case-folded, a leading "the " dropped."""
    key = " ".join(name.split()).casefold()
    return key[4:] if key.startswith("the ") else key


@dataclass
class Library:
    path: Path  # the library.json file
    entries: dict[str, Entry] = field(default_factory=dict)  # key: path relative to the file's folder (posix)
    problems: list[str] = field(default_factory=list)

    def entry_for(self, file: Path) -> Entry | None:
        try:
            key = file.resolve().relative_to(self.path.parent.resolve()).as_posix()
        except ValueError:
            return None
        return self.entries.get(key)


def load_library(path: Path) -> Library:
    """Read and validate one library.json. Never raises for bad content: see `Library.problems`."""
    lib = Library(path)
    try:
        if path.stat().st_size > MAX_LIBRARY_BYTES:
            lib.problems.append(f"{path}: larger than {MAX_LIBRARY_BYTES // 2**20} MB; ignored")
            return lib
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as e:
        lib.problems.append(f"{path}: cannot be read ({e.strerror or e}); its documents get no metadata")
        return lib
    except (ValueError, UnicodeDecodeError) as e:
        lib.problems.append(f"{path}: not valid JSON ({e}); its documents get no metadata")
        return lib
    if not isinstance(data, dict):
        lib.problems.append(f"{path}: must be a JSON object keyed by file path; its documents get no metadata")
        return lib
    folder = path.parent
    for key, raw in data.items():
        where = f"{path}: entry {key!r}"
        rel = PurePosixPath(key)
        if rel.is_absolute() or ".." in rel.parts or not key.strip():
            lib.problems.append(f"{where}: the key must be a path relative to {folder}; entry ignored")
            continue
        try:
            entry = Entry.model_validate(raw)
        except ValidationError as e:
            err = e.errors()[0]
            place = ".".join(str(x) for x in err["loc"]) or "entry"
            lib.problems.append(f"{where}: {place}: {err['msg']}; the file is ingested without metadata")
            continue
        if not (folder / rel).is_file():
            lib.problems.append(f"{where}: names a file that does not exist; entry ignored")
            continue
        lib.entries[rel.as_posix()] = entry
    _refuse_shared_aliases(lib)
    return lib


def _refuse_shared_aliases(lib: Library) -> None:
    owners: dict[str, list[str]] = {}
    for key, entry in lib.entries.items():
        for name in dict.fromkeys(alias_key(a) for a in entry.aliases if a.strip()):
            owners.setdefault(name, []).append(key)
    for name, keys in owners.items():
        if len(keys) < 2:
            continue
        lib.problems.append(f"{lib.path}: alias {name!r} is claimed by {' and '.join(repr(k) for k in keys)}; "
                            f"refused for all of them")
        for key in keys:
            entry = lib.entries[key]
            lib.entries[key] = entry.model_copy(update={"aliases": [a for a in entry.aliases if alias_key(a) != name]})


class LibraryFinder:
    """Finds the entry describing a file: the nearest library.json at or above the file's folder that has one.

    Libraries at or under the ingested root report their problems; one above it (the bundled corpus when only
    `corpus/seeds` is ingested) is used only for the files it describes, its other problems are not ours."""

    def __init__(self) -> None:
        self._cache: dict[Path, Library | None] = {}
        self.problems: list[str] = []  # each reported once

    def _library(self, folder: Path, report: bool) -> Library | None:
        if folder not in self._cache:
            path = folder / LIBRARY_FILE
            self._cache[folder] = load_library(path) if path.is_file() else None
            lib = self._cache[folder]
            if lib is not None and report:
                self.problems.extend(p for p in lib.problems if p not in self.problems)
        return self._cache[folder]

    def entry(self, file: Path, root: Path) -> Entry | None:
        root = root.resolve()
        folder = file.resolve().parent
        for here in (folder, *folder.parents):
            inside = here == root or root in here.parents
            lib = self._library(here, report=inside)
            if lib is not None:
                found = lib.entry_for(file)
                if found is not None:
                    return found
        return None
