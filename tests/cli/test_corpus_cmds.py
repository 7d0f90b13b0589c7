"""`ingest --explain` (no store), the per-rule summary of an ingest, and `documents` with the metadata."""

from __future__ import annotations

from tests.conftest import CORPUS, run_cli


def test_explain_prints_each_removed_line_with_its_rule(tmp_path):
    r = run_cli("ingest", "--explain", str(CORPUS / "000_ba9ac47ce8679b22.txt"), "--store", str(tmp_path / "s"))
    assert r.returncode == 0, r.stderr
    assert "line     3  photo credit    © UNESCO/Michel Ravassard" in r.stdout
    assert "line    27  boilerplate     Back to top" in r.stdout
    assert "Removed per rule: boilerplate 1, link text 3, photo caption 1, photo credit 1" in r.stdout
    assert not (tmp_path / "s").exists()  # no store opened


def test_ingest_summary_counts_removals_and_documents_lists_metadata(tmp_path):
    store = str(tmp_path / "store")
    r = run_cli("ingest", str(CORPUS), "--store", store)
    assert r.returncode == 0, r.stderr
    assert "lines removed: photo credit" in r.stdout and "lines removed: stray glyph" in r.stdout
    assert "removed from lines: link text" in r.stdout  # words taken from a line that stays, not lines
    docs = run_cli("documents", "--store", store)
    assert docs.returncode == 0, docs.stderr
    assert "short title" in docs.stdout and "web page" in docs.stdout and "policy brief" in docs.stdout
    # In an 80-character terminal (or a pipe) the titles still show: the columns that can be spared give way
    narrow = run_cli("documents", "--store", store, env={"COLUMNS": "80"})
    assert narrow.returncode == 0, narrow.stderr
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
    titles = " ".join(line.split("│")[2] for line in narrow.stdout.splitlines() if line.count("│") >= 4)
    assert "Science" in titles and "Diplomacy" in titles, narrow.stdout
    assert "Not shown at this width: short title, type, file, ingested (UTC)" in " ".join(narrow.stdout.split())
