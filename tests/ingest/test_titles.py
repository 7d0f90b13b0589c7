"""Documents without a library entry get a real title from the document itself."""

from __future__ import annotations

import shutil
from pathlib import Path

from ingest.metadata import LibraryFinder
from ingest.pipeline import prepare_document
from tests.conftest import LIBRARY
from tests.ingest.test_loaders import make_pdf


def title_of(path: Path) -> str:
    return prepare_document(path, path.parent, LibraryFinder())[0].title


def test_html_title_or_first_h1(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><head><title>World Heritage in Danger | UNESCO</title></head><body><header><h1>World "
                 "Heritage in Danger</h1></header><p>Sites facing threats are listed by the Committee.</p></body>")
    assert title_of(p) == "World Heritage in Danger"
    p.write_text("<html><body><h1>Intangible heritage</h1><p>Living traditions are passed on by communities."
                 "</p></body></html>")
    assert title_of(p) == "Intangible heritage"


def test_pdf_metadata_title(tmp_path):
    from pypdf import PdfReader, PdfWriter

    src = make_pdf(tmp_path / "src.pdf", ["Article 1", "The Parties shall cooperate on heritage."])
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.add_metadata({"/Title": "Guidelines on Heritage Cooperation"})
    with open(tmp_path / "scan_0042.pdf", "wb") as f:
        writer.write(f)
    assert title_of(tmp_path / "scan_0042.pdf") == "Guidelines on Heritage Cooperation"


def test_docx_core_title(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Preamble")
    d.add_paragraph("The parties agree to protect documentary heritage in all its forms.")
    d.core_properties.title = "Charter on Documentary Heritage"
    d.save(tmp_path / "draft_v3.docx")
    assert title_of(tmp_path / "draft_v3.docx") == "Charter on Documentary Heritage"


def test_junk_declared_titles_give_way_to_the_text(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Museum Education in Small Towns")
    d.add_paragraph("Small museums reach schools through travelling exhibitions and workshops.")
    d.core_properties.title = "Microsoft Word - draft_v3.docx"
    d.save(tmp_path / "draft_v3.docx")
    assert title_of(tmp_path / "draft_v3.docx") == "Museum Education in Small Towns"


def test_an_instrument_without_its_entry_is_not_titled_preamble_or_by_its_stem(tmp_path):
    # the 2005 Convention starts with "Preamble"; copied out of the library it has no entry
    for name in ("CONVENTION_0201_031038_2005_paris.txt", "CONSTITUTION_0201_015244_1945_london.txt"):
        shutil.copy(LIBRARY / "instruments" / name, tmp_path / name)
        title = title_of(tmp_path / name)
        assert title not in ("Preamble", Path(name).stem, Path(name).stem.replace("_", " ")), title
        assert not title.startswith("Article")
    assert title_of(tmp_path / "CONSTITUTION_0201_015244_1945_london.txt") == (
        "Constitution of the United Nations Educational, Scientific and Cultural Organization")


def test_the_file_stem_only_when_nothing_better_exists(tmp_path):
    p = tmp_path / "field_notes.txt"
    p.write_text("article 1. lower-case notes, all of them, without anything title-like; none at all.\n")
    assert title_of(p) == "field notes"
