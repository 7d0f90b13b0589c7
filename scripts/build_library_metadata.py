#!/usr/bin/env python3
"""Build (or check) `corpus/library.json`: bibliographic metadata for every bundled document.

    python scripts/build_library_metadata.py [--index PATH] [--check]

Sources, in order of precedence:

1. the CURATED table below (official titles where index.csv shortens or garbles them, the short names
   people actually use, and well-known aliases; each was checked against the text of the file);
2. the title the file itself states on one of its first lines (e.g. the Constitution);
3. `index.csv` of the UNESCO legal-instruments dataset (`;`-separated: section_id;unesco_id;filename;
   type;href;year;date;city;x.title), default `../shared/datasets/unesco-legal-instruments/index.csv`
   relative to the repository root (where it gives no city, the city where the General Conference met, as the
   file's opening or closing formula says: "meeting in Nairobi", "held at New Delhi");
4. the SEEDS table below for the two seed pages.

Output: one JSON object keyed by the path relative to `corpus/` (e.g.
"instruments/CONVENTION_0201_013039_1970_paris.txt"), sorted, indented, UTF-8, byte-stable.

Aliases are stored in their natural form; matching is case-insensitive and ignores a leading "the"
(see `alias_key`). Besides the curated ones, each instrument gets the generated "YEAR Type" alias
("1970 Convention") only when no other instrument of the dataset index shares that year and type
(empty files listed in the index count, so "2019 Convention" is not handed to the one 2019 convention
that happens to be bundled); otherwise "YEAR City Type" when that is unique; otherwise none.

`--check` verifies the committed file instead of writing it, and exits 1 with one line per problem.
Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
LIBRARY = CORPUS / "library.json"
DEFAULT_INDEX = ROOT.parent / "shared" / "datasets" / "unesco-legal-instruments" / "index.csv"
SUBDIRS = ("seeds", "instruments")

INSTRUMENT_TYPES = (
    "Constitution", "Convention", "Recommendation", "Declaration", "Charter", "Agreement", "Protocol"
)
SEED_TYPES = ("web page", "policy brief")
REQUIRED = {
    "title": str,
    "short_title": str,
    "aliases": list,
    "type": str,
    "year": int,
    "date": str,
    "city": str,
    "publisher": str,
    "origin": str,
}

# --------------------------------------------------------------------------------------------------
# CURATED: keyed by file stem. "title" overrides index.csv (with the evidence in a comment);
# "short_title" is what people call the document; "aliases" are well-known names (the short title is
# always an alias too). Only documents present in corpus/instruments are used.
# --------------------------------------------------------------------------------------------------
CURATED: dict[str, dict] = {
    # index.csv: "UNESCO Constitution"; the file's first line states the full title (picked up
    # automatically, repeated here so the table is self-explanatory).
    "CONSTITUTION_0201_015244_1945_london": {
        "title": "Constitution of the United Nations Educational, Scientific and Cultural Organization",
        "short_title": "UNESCO Constitution",
        "aliases": ["UNESCO's Constitution", "UNESCO\u2019s Constitution", "Constitution of UNESCO"],
    },
    "CONVENTION_0201_049523_2019_buenos_aires": {
        "short_title": "2019 Regional Convention for Latin America and the Caribbean",
    },
    "CONVENTION_0201_049282_2014_addis_ababa": {
        "short_title": "Addis Convention",
        "aliases": ["Addis Ababa Convention"],
    },
    "CONVENTION_0201_048975_2011_tokyo": {
        "short_title": "Tokyo Convention",
        "aliases": ["Asia-Pacific Regional Convention on the Recognition of Qualifications"],
    },
    "CONVENTION_0201_031038_2005_paris": {
        "short_title": "2005 Convention",
        "aliases": [
            "Convention on the Diversity of Cultural Expressions",
            "Convention on the Protection and Promotion of the Diversity of Cultural Expressions",
            "Cultural Diversity Convention",
        ],
    },
    "CONVENTION_0201_031037_2005_paris": {
        "short_title": "Anti-Doping Convention",
        "aliases": ["Convention against Doping in Sport"],
    },
    "CONVENTION_0201_013520_2001_paris": {
        "short_title": "Underwater Cultural Heritage Convention",
        "aliases": ["Convention on the Protection of the Underwater Cultural Heritage"],
    },
    "CONVENTION_0201_013522_1997_lisbon": {
        "short_title": "Lisbon Recognition Convention",
        "aliases": ["Lisbon Convention"],
    },
    "CONVENTION_0201_013059_1989_paris": {
        "short_title": "Convention on Technical and Vocational Education",
    },
    "CONVENTION_0201_013523_1983_bangkok": {
        "short_title": "1983 Asia-Pacific Regional Convention",
    },
    "CONVENTION_0201_013518_1981_arusha": {
        "short_title": "Arusha Convention",
    },
    "CONVENTION_0201_013516_1979_paris": {
        "short_title": "1979 Europe Region Recognition Convention",
    },
    # index.csv ends with a stray full stop and lists the annexes; the file (Art. 1 of the Protocol)
    # names it "the Multilateral Convention for the Avoidance of Double Taxation of Copyright Royalties".
    "CONVENTION_0201_015218_1979_madrid": {
        "title": "Multilateral Convention for the Avoidance of Double Taxation of Copyright Royalties",
        "short_title": "Double Taxation of Copyright Royalties Convention",
    },
    "CONVENTION_0201_013517_1978_paris": {
        "short_title": "1978 Arab States Recognition Convention",
    },
    "CONVENTION_0201_013514_1976_nice": {
        "short_title": "1976 Mediterranean Recognition Convention",
    },
    "CONVENTION_0201_013636_1974_brussels": {
        "short_title": "Brussels Satellite Convention",
        "aliases": ["Satellites Convention"],
    },
    "CONVENTION_0201_013512_1974_mexico_city": {
        "short_title": "1974 Regional Convention for Latin America and the Caribbean",
    },
    "CONVENTION_0201_013055_1972_paris": {
        "short_title": "World Heritage Convention",
    },
    # The file revises "the Universal Copyright Convention as signed at Geneva on 6 September 1952";
    # index.csv appends the appendix declaration and resolution to the title.
    "CONVENTION_0201_015241_1971_paris": {
        "title": "Universal Copyright Convention as revised at Paris on 24 July 1971",
        "short_title": "1971 Universal Copyright Convention",
        "aliases": ["Universal Copyright Convention as revised in 1971"],
    },
    "CONVENTION_0201_015398_1971_ramsar": {
        "short_title": "Ramsar Convention",
        "aliases": ["Convention on Wetlands"],
    },
    "CONVENTION_0201_013646_1971_geneva": {
        "short_title": "Phonograms Convention",
        "aliases": ["Geneva Phonograms Convention"],
    },
    "CONVENTION_0201_013039_1970_paris": {
        "short_title": "1970 Convention",
        "aliases": ["1970 UNESCO Convention"],
    },
    # index.csv: odd capitalisation ("Good offices", "the settlement") and a stray full stop; the file
    # itself is a Protocol ("Adopts this Protocol on the tenth day of December 1962").
    "CONVENTION_0201_015321_1962_paris": {
        "title": (
            "Protocol Instituting a Conciliation and Good Offices Commission to be Responsible for Seeking "
            "the Settlement of any Disputes which may Arise between States Parties to the Convention "
            "against Discrimination in Education"
        ),
        "short_title": "Protocol to the Convention against Discrimination in Education",
    },
    "CONVENTION_0201_013645_1961_rome": {
        "short_title": "Rome Convention",
    },
    "CONVENTION_0201_012949_1960_paris": {
        "short_title": "Convention against Discrimination in Education",
    },
    "CONVENTION_0201_015395_1958_paris": {
        "short_title": "Convention concerning the International Exchange of Publications",
    },
    "CONVENTION_0201_013036_1958_paris": {
        "short_title": "Convention on the Exchange of Official Publications",
    },
    # index.csv appends "with Regulations for the Execution of the Convention"; the file's Regulations
    # name the instrument "the Convention for the Protection of Cultural Property in the Event of
    # Armed Conflict".
    "CONVENTION_0201_013637_1954_the_hague": {
        "title": "Convention for the Protection of Cultural Property in the Event of Armed Conflict",
        "short_title": "Hague Convention",
        "aliases": ["1954 Hague Convention"],
    },
    # index.csv appends the appendix declaration and resolution; the file's own texts call it "the
    # Universal Copyright Convention".
    "CONVENTION_0201_015381_1952_geneva": {
        "title": "Universal Copyright Convention",
        "short_title": "Universal Copyright Convention",
        "aliases": ["1952 Universal Copyright Convention"],
    },
    # index.csv appends "with Annexes A to E and Protocol annexed"; the file: "Protocol annexed to the
    # Agreement on the Importation of Educational, Scientific and Cultural Materials".
    "CONVENTION_0201_012074_1950_florence": {
        "title": "Agreement on the Importation of Educational, Scientific and Cultural Materials",
        "short_title": "Florence Agreement",
    },
    # index.csv: "Agreement For Facilitating ... character with Protocol of Signature and model form of
    # certificate ..."; the file: "Agreement for Facilitating the International Circulation of Visual
    # and Auditory Materials of an Educational, Scientific and Cultural Character".
    "CONVENTION_0201_012064_1948_beirut": {
        "title": (
            "Agreement for Facilitating the International Circulation of Visual and Auditory Materials "
            "of an Educational, Scientific and Cultural Character"
        ),
        "short_title": "Beirut Agreement",
    },
    "RECOMMENDATION_0201_049556_2019": {
        "short_title": "OER Recommendation",
        "aliases": ["Recommendation on OER"],
    },
    "RECOMMENDATION_0201_049354_2015": {
        "short_title": "Recommendation on Adult Learning and Education",
    },
    # index.csv writes it in lower case; the file: "Recommendation concerning Technical and Vocational
    # Education and Training".
    "RECOMMENDATION_0201_049355_2015": {
        "title": "Recommendation concerning Technical and Vocational Education and Training (TVET)",
        "short_title": "TVET Recommendation",
        "aliases": ["Recommendation concerning Technical and Vocational Education and Training"],
    },
    # index.csv writes it in lower case; the file states it with this capitalisation.
    "RECOMMENDATION_0201_049357_2015": {
        "title": (
            "Recommendation concerning the Protection and Promotion of Museums and Collections, "
            "their Diversity and their Role in Society"
        ),
        "short_title": "Recommendation on Museums and Collections",
    },
    # index.csv writes it in lower case.
    "RECOMMENDATION_0201_049358_2015": {
        "title": (
            "Recommendation concerning the Preservation of, and Access to, Documentary Heritage "
            "Including in Digital Form"
        ),
        "short_title": "Recommendation on Documentary Heritage",
    },
    # index.csv appends ", including a glossary of definitions"; the file: "Adopts, this 10th day of
    # November 2011, the present Recommendation on the Historic Urban Landscape".
    "RECOMMENDATION_0201_048857_2011": {
        "title": "Recommendation on the Historic Urban Landscape",
        "short_title": "Recommendation on the Historic Urban Landscape",
        "aliases": ["HUL Recommendation"],
    },
    "RECOMMENDATION_0201_017717_2003": {
        "short_title": "Recommendation on Multilingualism and Universal Access to Cyberspace",
    },
    "RECOMMENDATION_0201_013144_1997": {
        "short_title": "Recommendation concerning the Status of Higher-Education Teaching Personnel",
    },
    "RECOMMENDATION_0201_013142_1993": {
        "short_title": "1993 Recommendation on the Recognition of Studies and Qualifications",
    },
    "RECOMMENDATION_0201_013141_1989": {
        "short_title": "Recommendation on Traditional Culture and Folklore",
    },
    "RECOMMENDATION_0201_013146_1985": {
        "short_title": "1985 Recommendation on Statistics of Books, Newspapers and Periodicals",
    },
    "RECOMMENDATION_0201_013138_1980": {
        "short_title": "Recommendation concerning the Status of the Artist",
    },
    "RECOMMENDATION_0201_013139_1980": {
        "short_title": "Recommendation on Moving Images",
    },
    "RECOMMENDATION_0201_013140_1980": {
        "short_title": "1980 Recommendation on Statistics of Public Financing of Cultural Activities",
    },
    "RECOMMENDATION_0201_013134_1978": {
        "short_title": "Recommendation on Competitions in Architecture and Town Planning",
    },
    "RECOMMENDATION_0201_013135_1978": {
        "short_title": "1978 Recommendation on Statistics on Science and Technology",
    },
    "RECOMMENDATION_0201_013136_1978": {
        "short_title": "1978 Recommendation on Educational Statistics",
    },
    "RECOMMENDATION_0201_013137_1978": {
        "short_title": "Recommendation for the Protection of Movable Cultural Property",
    },
    "RECOMMENDATION_0201_013132_1976": {
        "short_title": "Recommendation concerning the International Exchange of Cultural Property",
    },
    "RECOMMENDATION_0201_013133_1976": {
        "short_title": "Recommendation on Historic Areas",
    },
    "RECOMMENDATION_0201_013092_1976": {
        "short_title": "1976 Recommendation on Radio and Television Statistics",
    },
    "RECOMMENDATION_0201_013089_1976": {
        "short_title": "Recommendation on Translators and Translations",
    },
    "RECOMMENDATION_0201_013097_1976": {
        "short_title": "Recommendation on Participation in Cultural Life",
    },
    "RECOMMENDATION_0201_013088_1974": {
        "short_title": "1974 Recommendation",
    },
    "RECOMMENDATION_0201_013087_1972": {
        "short_title": "1972 Recommendation on National Protection of Heritage",
    },
    "RECOMMENDATION_0201_013086_1970": {
        "short_title": "1970 Recommendation on Library Statistics",
    },
    # index.csv: "... Public or Private works".
    "RECOMMENDATION_0201_013085_1968": {
        "title": (
            "Recommendation concerning the Preservation of Cultural Property Endangered by Public or "
            "Private Works"
        ),
        "short_title": "1968 Recommendation on Cultural Property Endangered by Public or Private Works",
    },
    "RECOMMENDATION_0201_013084_1966": {
        "short_title": "Recommendation concerning the Status of Teachers",
        "aliases": ["ILO/UNESCO Recommendation concerning the Status of Teachers"],
    },
    "RECOMMENDATION_0201_013068_1964": {
        "short_title": "1964 Recommendation on Book Production and Periodicals Statistics",
    },
    "RECOMMENDATION_0201_013083_1964": {
        "short_title": "1964 Recommendation on Illicit Export, Import and Transfer of Cultural Property",
    },
    "RECOMMENDATION_0201_013067_1962": {
        "short_title": "Recommendation on Landscapes and Sites",
    },
    "RECOMMENDATION_0201_013063_1960": {
        "short_title": "Recommendation on Museums Accessible to Everyone",
    },
    "RECOMMENDATION_0201_013065_1960": {
        "short_title": "Recommendation against Discrimination in Education",
    },
    "RECOMMENDATION_0201_013062_1956": {
        "short_title": "Recommendation on Archaeological Excavations",
    },
    "DECLARATION_0201_049457_2017": {
        "short_title": "Declaration on Climate Change Ethics",
    },
    "DECLARATION_0201_013150_2015": {
        "short_title": "International Charter of Physical Education, Physical Activity and Sport",
    },
    "DECLARATION_0201_031058_2005": {
        "short_title": "Universal Declaration on Bioethics and Human Rights",
    },
    "DECLARATION_0201_017718_2003": {
        "short_title": "Declaration concerning the Intentional Destruction of Cultural Heritage",
    },
    "DECLARATION_0201_017720_2003": {
        "short_title": "International Declaration on Human Genetic Data",
    },
    "DECLARATION_0201_017721_2003": {
        "short_title": "Charter on the Preservation of Digital Heritage",
    },
    "DECLARATION_0201_013179_2001": {
        "short_title": "Universal Declaration on Cultural Diversity",
    },
    "DECLARATION_0201_013177_1997": {
        "short_title": "Universal Declaration on the Human Genome and Human Rights",
    },
    "DECLARATION_0201_013178_1997": {
        "short_title": "Declaration on the Responsibilities towards Future Generations",
    },
    "DECLARATION_0201_013175_1995": {
        "short_title": "Declaration of Principles on Tolerance",
    },
    "DECLARATION_0201_013161_1978": {
        "short_title": "Declaration on Race and Racial Prejudice",
    },
    # index.csv: "... Racialism, apartheid and incitement to war"; the file: "Proclaims ... this
    # Declaration on Fundamental Principles ... Countering Racialism, Apartheid and Incitement to War."
    "DECLARATION_0201_013176_1978": {
        "title": (
            "Declaration on Fundamental Principles concerning the Contribution of the Mass Media to "
            "Strengthening Peace and International Understanding, to the Promotion of Human Rights and "
            "to Countering Racialism, Apartheid and Incitement to War"
        ),
        "short_title": "Mass Media Declaration",
    },
    "DECLARATION_0201_017518_1972": {
        "short_title": "Declaration on Satellite Broadcasting",
    },
    "DECLARATION_0201_013147_1966": {
        "short_title": "Declaration of Principles of International Cultural Co-operation",
    },
}


# The two seed pages (they were described by corpus/seeds/metadata.json before library.json).
SEEDS: dict[str, dict] = {
    "000_ba9ac47ce8679b22.txt": {"title": "Science Diplomacy", "publisher": "UNESCO", "kind": "web page"},
    "002_9ad71af9260e04b4.txt": {"title": "Cultural soft power and cultural diplomacy", "publisher": "UNESCO",
                                 "kind": "policy brief"},
}


# ------------------------------------------------------------------------------------------- helpers


def alias_key(name: str) -> str:
    """How names are matched: whitespace collapsed, case-folded, a leading "the " dropped."""
    key = " ".join(name.split()).casefold()
    if key.startswith("the "):
        key = key[4:]
    return key


def _clean(text: str) -> str:
    return " ".join(text.split()).rstrip(".").strip()


def _iso_date(raw: str) -> str:
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", raw.strip())
    if not m:
        return ""
    day, month, year = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _instrument_type(title: str, index_type: str) -> str:
    """The first instrument-type word of the title ("Agreement ... with Protocol" is an Agreement)."""
    m = re.search(r"\b(" + "|".join(INSTRUMENT_TYPES) + r")\b", title)
    if m:
        return m.group(1)
    t = index_type.strip().capitalize()
    return t if t in INSTRUMENT_TYPES else ""


def _title_stated_in_file(text: str) -> str:
    """A full title on one of the first non-blank lines of the file ("Constitution of the ..."), or ""."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:4]
    for line in lines:
        if len(line) > 300 or line.endswith((",", ";", ":")):
            continue
        if re.match(r"(" + "|".join(INSTRUMENT_TYPES) + r") (of|on|for|concerning|against|relating) ", line):
            return _clean(line)
    return ""


def read_index(index_path: Path) -> list[dict]:
    with index_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    needed = {"filename", "type", "year", "date", "city", "x.title"}
    if rows and not needed <= set(rows[0]):
        raise ValueError(f"{index_path}: missing columns {sorted(needed - set(rows[0]))}")
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in rows]


# The General Conference's meeting place, as the opening or closing formula states it ("The General Conference of
# the United Nations Educational, Scientific and Cultural Organization, meeting in Nairobi from 26 October to
# 30 November 1976, ..."; "... during its Ninth Session, which was held at New Delhi ..."): the city of an
# instrument index.csv gives none for. Not a place a text merely mentions ("adopted in Rio"): only a meeting's.
_MEETING_CITY = re.compile(r"\b(?:meeting|met|held)\s+(?:at|in)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b")


def _city_stated_in_file(text: str) -> str:
    """The city where the body that adopted the instrument met, when its text says so, else ""."""
    m = _MEETING_CITY.search(text)
    return m.group(1) if m else ""


def _year_type_alias(year: int, city: str, type_: str, counts: Counter, city_counts: Counter) -> str:
    if counts[(year, type_)] == 1:
        return f"{year} {type_}"
    if city and city_counts[(year, city, type_)] == 1:
        return f"{year} {city} {type_}"
    return ""


# --------------------------------------------------------------------------------------------- build


def build_library(index_path: Path = DEFAULT_INDEX, corpus_dir: Path = CORPUS) -> tuple[dict, list[str]]:
    """Return (library, problems). Problems are files that cannot be described."""
    problems: list[str] = []
    library: dict[str, dict] = {}

    # Seeds: the SEEDS table
    seeds_dir = corpus_dir / "seeds"
    for path in sorted(seeds_dir.glob("*.txt")):
        meta = SEEDS.get(path.name)
        key = f"seeds/{path.name}"
        if not meta:
            problems.append(f"{key}: not described in SEEDS (scripts/build_library_metadata.py)")
            continue
        title = _clean(meta.get("title", ""))
        library[key] = {
            "title": title,
            "short_title": title,
            "aliases": [],
            "type": meta.get("kind", ""),
            "year": int(meta["year"]) if str(meta.get("year", "")).isdigit() else 0,
            "date": meta.get("date", ""),
            "city": meta.get("city", ""),
            "publisher": meta.get("publisher", "UNESCO"),
            "origin": "library",
        }

    # Instruments: index.csv + the files present + CURATED
    rows = read_index(index_path)
    by_file = {row["filename"]: row for row in rows}
    inst_dir = corpus_dir / "instruments"
    present = sorted(inst_dir.glob("*.txt"))

    def described(row: dict, text: str | None) -> dict:
        stem = Path(row["filename"]).stem
        cur = CURATED.get(stem, {})
        title = cur.get("title") or (text and _title_stated_in_file(text)) or _clean(row["x.title"])
        year = int(row["year"]) if row["year"].isdigit() else 0
        return {
            "title": title,
            "type": _instrument_type(title, row["type"]),
            "year": year,
            "date": _iso_date(row["date"]),
            # a city only the text states names no generated alias (`_year_type_alias` counts index.csv's cities:
            # an unbundled instrument of the same year and type may have been adopted there too)
            "city": row["city"] or (text and _city_stated_in_file(text)) or "",
        }

    # Generated "YEAR Type" aliases are unique across the whole dataset index, not only the files
    # bundled, so a name never points at the wrong one of two same-year instruments.
    all_desc = [described(row, None) for row in rows]
    counts = Counter((d["year"], d["type"]) for d in all_desc)
    city_counts = Counter((d["year"], d["city"], d["type"]) for d in all_desc if d["city"])

    for path in present:
        key = f"instruments/{path.name}"
        row = by_file.get(path.name)
        if row is None:
            problems.append(f"{key}: not listed in {index_path}")
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        d = described(row, text)
        cur = CURATED.get(path.stem, {})
        short = cur.get("short_title") or d["title"]
        names = [short, *cur.get("aliases", [])]
        generated = _year_type_alias(d["year"], row["city"], d["type"], counts, city_counts)
        if generated:
            names.append(generated)
        aliases: list[str] = []
        seen: set[str] = set()
        for name in names:
            k = alias_key(name)
            if k and k not in seen:
                seen.add(k)
                aliases.append(name)
        library[key] = {
            **d,
            "short_title": short,
            "aliases": aliases,
            "publisher": "UNESCO",
            "origin": "library",
        }

    # A generated alias never wins over a curated name of another document ("2005 Convention").
    owners: dict[str, set[str]] = defaultdict(set)
    for key, entry in library.items():
        for name in entry["aliases"]:
            owners[alias_key(name)].add(key)
    for key, entry in library.items():
        cur = CURATED.get(Path(key).stem, {})
        curated = {alias_key(n) for n in [cur.get("short_title", ""), *cur.get("aliases", [])] if n}
        entry["aliases"] = [
            n for n in entry["aliases"] if alias_key(n) in curated or len(owners[alias_key(n)]) == 1
        ]

    unused = sorted(set(CURATED) - {Path(k).stem for k in library})
    for stem in unused:
        if f"{stem}.txt" not in by_file:
            problems.append(f"CURATED: {stem} is not in {index_path}")
    return library, problems


def render(library: dict) -> str:
    return json.dumps(library, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# --------------------------------------------------------------------------------------------- check


def check_library(library: dict, corpus_dir: Path = CORPUS) -> list[str]:
    """Problems with `library` (one line each, naming the entry); empty when it is sound."""
    problems: list[str] = []
    if not isinstance(library, dict):
        return ["library.json: not a JSON object"]
    files = {f"{sub}/{p.name}" for sub in SUBDIRS for p in (corpus_dir / sub).glob("*.txt")}
    for missing in sorted(files - set(library)):
        problems.append(f"{missing}: file has no entry in library.json")
    for extra in sorted(set(library) - files):
        problems.append(f"{extra}: entry has no file under corpus/")

    owners: dict[str, set[str]] = defaultdict(set)  # alias key -> entries
    titled: dict[str, set[str]] = defaultdict(set)  # title key -> entries (two may share a title)
    for key in sorted(library):
        entry = library[key]
        if not isinstance(entry, dict):
            problems.append(f"{key}: entry is not an object")
            continue
        for field, kind in REQUIRED.items():
            if field not in entry:
                problems.append(f"{key}: missing field {field!r}")
            elif not isinstance(entry[field], kind) or (kind is int and isinstance(entry[field], bool)):
                problems.append(f"{key}: field {field!r} is not {kind.__name__}")
        title = entry.get("title")
        if isinstance(title, str):
            stem = Path(key).stem
            if not title.strip():
                problems.append(f"{key}: empty title")
            elif title == stem or re.match(r"(preamble|article\b|chapter\b)", title.strip(), re.I):
                problems.append(f"{key}: title {title!r} is not a real title")
        if isinstance(entry.get("short_title"), str) and not entry["short_title"].strip():
            problems.append(f"{key}: empty short_title")
        allowed = INSTRUMENT_TYPES if key.startswith("instruments/") else SEED_TYPES
        if isinstance(entry.get("type"), str) and entry["type"] not in allowed:
            problems.append(f"{key}: type {entry['type']!r} is not one of {', '.join(allowed)}")
        date = entry.get("date")
        if isinstance(date, str) and date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            problems.append(f"{key}: date {date!r} is not YYYY-MM-DD")
        year = entry.get("year")
        if isinstance(date, str) and date and isinstance(year, int) and date[:4] != str(year):
            problems.append(f"{key}: date {date} does not match year {entry['year']}")
        if key.startswith("instruments/") and isinstance(entry.get("year"), int) and entry["year"] < 1900:
            problems.append(f"{key}: year {entry['year']} is implausible")
        if entry.get("publisher", "UNESCO") != "UNESCO":
            problems.append(f"{key}: publisher is not 'UNESCO'")
        if entry.get("origin", "library") != "library":
            problems.append(f"{key}: origin is not 'library'")
        if isinstance(title, str) and title.strip():
            titled[alias_key(title)].add(key)
        aliases = entry.get("aliases")
        if isinstance(aliases, list):
            for name in aliases:
                if not isinstance(name, str) or not name.strip():
                    problems.append(f"{key}: alias {name!r} is not a non-empty string")
                    continue
                owners[alias_key(name)].add(key)
    for name_key, keys in sorted(owners.items()):
        if len(keys) > 1:
            for key in sorted(keys):
                others = ", ".join(sorted(keys - {key}))
                problems.append(f"{key}: alias {name_key!r} also belongs to {others}")
        for key in sorted(keys):
            for other in sorted(titled.get(name_key, set()) - {key}):
                problems.append(f"{key}: alias {name_key!r} is the title of {other}")
    return problems


def resolve(library: dict, name: str) -> list[str]:
    """Entries whose alias matches `name` (case-insensitive, leading "the" ignored)."""
    k = alias_key(name)
    return sorted(key for key, e in library.items() if any(alias_key(a) == k for a in e.get("aliases", [])))


# ---------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="the legal instruments' index.csv")
    parser.add_argument("--check", action="store_true", help="verify corpus/library.json, write nothing")
    args = parser.parse_args(argv)

    if args.check:
        if not LIBRARY.exists():
            print(f"{LIBRARY.relative_to(ROOT)}: missing (run scripts/build_library_metadata.py)")
            return 1
        try:
            library = json.loads(LIBRARY.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            print(f"{LIBRARY.relative_to(ROOT)}: not valid JSON ({exc})")
            return 1
        problems = check_library(library)
        for line in problems:
            print(line)
        if not problems:
            print(f"{LIBRARY.relative_to(ROOT)}: {len(library)} entries OK")
        return 1 if problems else 0

    if not args.index.exists():
        print(f"{args.index}: index.csv not found (pass --index PATH)")
        return 1
    library, problems = build_library(args.index)
    problems += check_library(library)
    if problems:
        for line in problems:
            print(line)
        return 1
    LIBRARY.write_text(render(library), encoding="utf-8")
    n_aliases = sum(len(e["aliases"]) for e in library.values())
    print(f"wrote {LIBRARY.relative_to(ROOT)}: {len(library)} entries, {n_aliases} aliases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
