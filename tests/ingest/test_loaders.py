"""Loaders: every supported format, and every kind of bad file skipped with a reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.loaders import Unreadable, discover, load


def make_pdf(path: Path, lines: list[str]) -> Path:
    """A minimal, valid one-page PDF with a real text layer (no PDF library needed to write it)."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
        "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for ln in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path


def test_txt_md_html(tmp_path):
    (tmp_path / "a.txt").write_text("Plain text about heritage.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Title\n\nMarkdown body.", encoding="utf-8")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Page T</title><script>alert(1)</script></head><body><nav>Menu</nav>"
        "<h1>Heading</h1><p>First para.</p><ul><li>one</li><li>two</li></ul></body></html>")
    assert load(tmp_path / "a.txt").text == "Plain text about heritage."
    assert "Markdown body." in load(tmp_path / "b.md").text
    h = load(tmp_path / "c.html")
    assert h.title == "Page T" and "First para." in h.text and "alert" not in h.text and "Menu" not in h.text
    assert "• one" in h.text and "• two" in h.text


def test_pdf_text_layer(tmp_path):
    raw = load(make_pdf(tmp_path / "p.pdf", ["World heritage sites need protection", "from conflict."]))
    assert raw.format == "pdf" and "World heritage sites need protection" in raw.text


def test_password_protected_pdf_is_skipped(tmp_path):
    from pypdf import PdfReader, PdfWriter

    src = make_pdf(tmp_path / "src.pdf", ["secret text"])
    w = PdfWriter()
    for page in PdfReader(src).pages:
        w.add_page(page)
    w.encrypt(user_password="pw", owner_password="owner", algorithm="RC4-128")
    with open(tmp_path / "locked.pdf", "wb") as f:
        w.write(f)
    with pytest.raises(Unreadable, match="password"):
        load(tmp_path / "locked.pdf")


def test_docx(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "Doc title"
    d.add_heading("Section one", level=1)
    d.add_paragraph("A paragraph about intangible heritage.")
    d.add_paragraph("an item", style="List Bullet")
    d.save(tmp_path / "d.docx")
    raw = load(tmp_path / "d.docx")
    assert raw.title == "Doc title" and "intangible heritage" in raw.text and "• an item" in raw.text


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("random.pdf", os.urandom(2048), "corrupt"),
    ("random.docx", os.urandom(2048), "corrupt"),
    ("random.txt", b"\x00\x01\x02" + os.urandom(1024), "binary"),
    ("table.csv", b"a;b\n1;2\n", "unsupported"),
    ("latin.txt", "Caf\xe9 cr\xe8me br\xfbl\xe9e, \xe0 la fran\xe7aise".encode("latin-1"), None),
])
def test_bad_files_get_a_reason(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    if reason is None:  # a legacy encoding we can read confidently
        assert "crème" in load(p).text
        return
    with pytest.raises(Unreadable, match=reason):
        load(p)


def test_unreadable_file_permissions(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read anything")
    p = tmp_path / "locked.txt"
    p.write_text("x")
    p.chmod(0)
    with pytest.raises(Unreadable, match="cannot read"):
        load(p)


def test_discover_recurses_and_survives_symlink_loops(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("deep")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "library.json").write_text("{}")  # a library's metadata, consumed rather than ingested
    (tmp_path / "sites.csv.spec.json").write_text("{}")  # a CSV's column spec, likewise
    files, problems = discover([tmp_path])
    assert [f.name for f, _ in files] == ["deep.txt"]
    assert any("symlink loop" in reason for _, reason in problems)
    files, problems = discover([tmp_path / "nope"])
    assert files == [] and problems == [(str(tmp_path / "nope"), "no such file or folder")]
