"""CSV tables: one small document per row, mapped by a spec; a bad table is skipped whole, with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.csv_records import load_spec, read_records, read_table
from ingest.loaders import Unreadable
from tests.conftest import ROOT, SHARED

SPEC = {"title": "name", "id": "ref", "text": ["description"], "fields": {"Country": "country", "Year": "year",
        "In danger": "danger"}, "values": {"danger": {"1": "yes", "0": "no"}}, "year": "year", "doc_type": "site"}
ROWS = ('\ufeffref,name,country,year,danger,description\r\n'
        '946,Old Bridge Area of the Old City of Mostar,Bosnia and Herzegovina,2005,0,'
        '"<p>The historic town of Mostar &amp; its <em>Old Bridge</em>.</p>"\r\n'
        '119,Timbuktu,Mali,1988,1,"<p>Home of the Koranic Sankore University.</p>"\r\n')
WHC = SHARED / "datasets" / "whc-sites-2021.csv"
WHC_SPEC = ROOT / "docs" / "examples" / "whc-sites-2021.csv.spec.json"


def spec_file(tmp_path: Path, spec: dict = SPEC) -> Path:
    p = tmp_path / "spec.json"
    p.write_text(json.dumps(spec))
    return p


def test_rows_become_documents_titled_by_a_column(tmp_path):
    records = read_records(ROWS.encode("utf-8"), load_spec(spec_file(tmp_path)))
    assert [r.title for r in records] == ["Old Bridge Area of the Old City of Mostar", "Timbuktu"]  # BOM handled
    mostar, timbuktu = records
    assert mostar.key == "946" and mostar.metadata == {"country": "Bosnia and Herzegovina", "year": "2005",
                                                       "in_danger": "no", "doc_type": "site", "row": "1"}
    assert "Year: 2005." in mostar.text and "The historic town of Mostar & its Old Bridge." in mostar.text
    assert "<" not in mostar.text and "&amp;" not in mostar.text
    assert "In danger: yes." in timbuktu.text


@pytest.mark.parametrize(("data", "reason"), [
    (ROWS.replace("country,", "nation,", 1).encode(), "column 'country' named by the CSV spec is not in the header"),
    ((ROWS + "7,Extra,Nowhere\r\n").encode(), "ragged CSV: row 3 has 3 fields, the header has 6"),
    (b"\xff\xfe" + b"r\x00e\x00f\x00\x00\xd8", "broken UTF-16"),
    (b"ref,name\x00,country\n" * 50, "binary content"),
])
def test_a_bad_table_is_refused_whole(tmp_path, data, reason):
    with pytest.raises(Unreadable, match=reason.replace("(", r"\(")):
        read_records(data, load_spec(spec_file(tmp_path)))


def test_a_bad_spec_names_the_problem(tmp_path):
    with pytest.raises(Unreadable, match="title"):
        load_spec(spec_file(tmp_path, {"id": "ref"}))
    with pytest.raises(Unreadable, match="colums"):
        load_spec(spec_file(tmp_path, {**SPEC, "colums": []}))


def test_ingest_a_table_with_its_sidecar_spec_and_skip_a_ragged_one(assistant, tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "sites.csv").write_text(ROWS, encoding="utf-8")
    (folder / "sites.csv.spec.json").write_text(json.dumps(SPEC))
    (folder / "ragged.csv").write_text(ROWS + "7,Extra\r\n", encoding="utf-8")
    (folder / "ragged.csv.spec.json").write_text(json.dumps(SPEC))
    (folder / "nospec.csv").write_text(ROWS, encoding="utf-8")
    report = assistant.ingest([folder])
    assert sorted(report.added) == ["sites-119", "sites-946"]
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"ragged.csv", "nospec.csv"}
    assert "ragged" in reasons["ragged.csv"] and "--csv-spec" in reasons["nospec.csv"]
    assert not [d for d in assistant.documents() if d.id.startswith("ragged")]  # nothing half-written
    docs = {d.id: d for d in assistant.documents()}
    assert docs["sites-946"].title == "Old Bridge Area of the Old City of Mostar" and docs["sites-946"].year == 2005
    assert assistant.document("sites-119").metadata["in_danger"] == "yes"
    top = assistant.search("When was the Old Bridge Area of Old Mostar inscribed?", top_k=1)[0]
    assert top.chunk.document_id == "sites-946" and "2005" in top.chunk.text


def test_an_explicit_spec_applies_to_a_csv_without_a_sidecar(assistant, tmp_path):
    (tmp_path / "sites.csv").write_text(ROWS, encoding="utf-8")
    report = assistant.ingest([tmp_path / "sites.csv"], csv_spec=spec_file(tmp_path))
    assert sorted(report.added) == ["sites-119", "sites-946"]


@pytest.mark.skipif(not WHC.exists(), reason=f"{WHC} is absent (../shared beside the project)")
def test_the_world_heritage_list_gives_one_document_per_site():
    records = read_records(read_table(WHC), load_spec(WHC_SPEC), WHC.name)
    assert len(records) == 1155 and len({r.key for r in records}) == 1155
    by_title = {r.title: r for r in records}
    mostar = by_title["Old Bridge Area of the Old City of Mostar"]
    assert mostar.metadata["year_inscribed"] == "2005" and mostar.metadata["state_party"] == "Bosnia and Herzegovina"
    assert mostar.metadata["region"] == "Europe and North America" and mostar.metadata["category"] == "Cultural"
    assert by_title["Timbuktu"].metadata["on_the_list_of_world_heritage_in_danger"] == "yes"
    assert "On the List of World Heritage in Danger: yes." in by_title["Timbuktu"].text
    assert not any("<p>" in r.text for r in records)


@pytest.mark.skipif(not WHC.exists(), reason=f"{WHC} is absent (../shared beside the project)")
def test_world_heritage_rows_answer_questions_with_a_citation_of_their_row(assistant, tmp_path):
    """Issue 12's two questions, asked of real rows of the World Heritage List (Mostar, Timbuktu and 30 others,
    the same spec as `docs/examples`): each is answered from the field line of its own row."""
    import csv

    with WHC.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    chosen = [r for r in rows if "Mostar" in r["name_en"] or r["name_en"] == "Timbuktu"] + rows[:30]
    assert len(chosen) >= 32
    table = tmp_path / "whc-sample.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(chosen)
    report = assistant.ingest([table], csv_spec=WHC_SPEC)
    assert len(report.added) == len({r["id_no"] for r in chosen}) and not report.skipped

    mostar = assistant.ask("When was the Old Bridge Area of Old Mostar inscribed?")
    assert not mostar.refused and "2005" in mostar.text
    assert "Mostar" in mostar.citations[0].title
    timbuktu = assistant.ask("Is Timbuktu on the List of World Heritage in Danger?")
    assert not timbuktu.refused and "in Danger: yes" in timbuktu.text
    assert timbuktu.citations[0].title == "Timbuktu"
