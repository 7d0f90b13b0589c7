"""corpus/library.json: every bundled document described once, names that resolve to one document each.

The checks are the script's own (`scripts/build_library_metadata.py`, loaded by path), so the test and
`--check` can never disagree.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_library_metadata.py"
LIBRARY = ROOT / "corpus" / "library.json"
INDEX = ROOT.parent / "shared" / "datasets" / "unesco-legal-instruments" / "index.csv"


def _load_script():
    spec = importlib.util.spec_from_file_location("build_library_metadata", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


meta = _load_script()


@pytest.fixture(scope="module")
def library() -> dict:
    return json.loads(LIBRARY.read_text(encoding="utf-8"))


def test_committed_library_passes_the_checks(library):
    assert meta.check_library(library, ROOT / "corpus") == []


def test_check_cli_exits_zero():
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_instrument_is_described(library):
    instruments = [k for k in library if k.startswith("instruments/")]
    assert len(instruments) >= 79
    assert {k for k in library if k.startswith("seeds/")} == {
        "seeds/000_ba9ac47ce8679b22.txt",
        "seeds/002_9ad71af9260e04b4.txt",
    }


@pytest.mark.skipif(not INDEX.exists(), reason=f"dataset index not available at {INDEX} (../shared absent)")
def test_regenerating_from_index_gives_the_committed_file():
    rebuilt, problems = meta.build_library(INDEX, ROOT / "corpus")
    assert problems == []
    assert meta.render(rebuilt) == LIBRARY.read_text(encoding="utf-8"), (
        "corpus/library.json is stale: run python scripts/build_library_metadata.py"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("1970 Convention", "instruments/CONVENTION_0201_013039_1970_paris.txt"),
        ("World Heritage Convention", "instruments/CONVENTION_0201_013055_1972_paris.txt"),
        ("the world heritage convention", "instruments/CONVENTION_0201_013055_1972_paris.txt"),
        ("Hague Convention", "instruments/CONVENTION_0201_013637_1954_the_hague.txt"),
        ("UNESCO's Constitution", "instruments/CONSTITUTION_0201_015244_1945_london.txt"),
        ("2005 Convention", "instruments/CONVENTION_0201_031038_2005_paris.txt"),
    ],
)
def test_well_known_names_resolve(library, name, expected):
    assert meta.resolve(library, name) == [expected]


def test_known_titles(library):
    entry = library["instruments/CONVENTION_0201_013039_1970_paris.txt"]
    assert entry["title"] == (
        "Convention on the Means of Prohibiting and Preventing the Illicit Import, Export and Transfer of "
        "Ownership of Cultural Property"
    )
    assert entry["short_title"] == "1970 Convention"
    fields = (entry["type"], entry["year"], entry["date"], entry["city"])
    assert fields == ("Convention", 1970, "1970-11-14", "Paris")
    constitution = library["instruments/CONSTITUTION_0201_015244_1945_london.txt"]
    assert constitution["title"] == (
        "Constitution of the United Nations Educational, Scientific and Cultural Organization"
    )


@pytest.mark.parametrize(("text", "city"), [
    ("The General Conference ..., meeting in Nairobi from 26 October to 30 November 1976, at its nineteenth session,",
     "Nairobi"),
    ("... during its Ninth Session, which was held at New Delhi and declared closed the fifth day of December 1956.",
     "New Delhi"),
    ("... the Rio Declaration on Environment and Development adopted in Rio de Janeiro in 1992", ""),  # no meeting's
    ("The General Conference ... at its 32nd session,", ""),
])
def test_a_city_is_read_from_the_meeting_the_text_states(text, city):
    assert meta._city_stated_in_file(text) == city


def test_an_instrument_index_gives_no_city_has_the_one_its_text_states(library):
    # index.csv gives no city for the Recommendations and Declarations; the formula says where the Conference met
    assert library["instruments/RECOMMENDATION_0201_013062_1956.txt"]["city"] == "New Delhi"
    assert library["instruments/RECOMMENDATION_0201_013089_1976.txt"]["city"] == "Nairobi"
    # ... and such a city generates no alias ("1976 Nairobi Recommendation" would be one of five; an instrument the
    # library does not bundle may share a year, a type and an unlisted city with a bundled one)
    assert not any(" New Delhi " in f" {a} " for a in library["instruments/RECOMMENDATION_0201_013062_1956.txt"]["aliases"])
    described = [e for k, e in library.items() if k.startswith("instruments/")]
    assert sum(1 for e in described if e["city"]) >= 69  # of 79: ten state no meeting place


def test_check_reports_shared_alias_and_missing_entry(library):
    broken = copy.deepcopy(library)
    broken["instruments/RECOMMENDATION_0201_013084_1966.txt"]["aliases"].append("The 1970 convention")
    del broken["seeds/000_ba9ac47ce8679b22.txt"]
    del broken["instruments/CONVENTION_0201_013055_1972_paris.txt"]["year"]
    problems = meta.check_library(broken, ROOT / "corpus")
    shared = "instruments/RECOMMENDATION_0201_013084_1966.txt: alias '1970 convention' also belongs to"
    assert any(p.startswith(shared) for p in problems)
    assert any(p.startswith("seeds/000_ba9ac47ce8679b22.txt: file has no entry") for p in problems)
    assert "instruments/CONVENTION_0201_013055_1972_paris.txt: missing field 'year'" in problems
