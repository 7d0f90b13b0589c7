"""Bad input, property-based where it fits (hypothesis): questions and files users or attackers send.

Pins down:
- any question (empty, whitespace, 100,000 characters, control and zero-width characters, right-to-left
  and CJK scripts, emoji, HTML, Markdown links and images, lone surrogates) through `Assistant.ask`,
  `stream`, `search` and `lookup` on the seeded store either answers or raises an `AssistantError`
  (`BadQuestionError` when nothing is left after cleaning), within a latency bound. Truncation: a question is
  cleaned (`sanitize_question`) and cut to `Settings.max_question_chars` (2,000) at a word boundary, with a
  notice saying so; an earlier conversation is cut to its last 20 turns, 2,000 characters per question and
  8,000 per answer, and the follow-up query built from it to 4,000 characters;
- any question renders as text in the chat (every Markdown/HTML character becomes a character reference,
  and unescaping gives the question back); any upload name stays inside the upload folder;
- any bytes named .pdf/.docx/.html/.txt/.md (random, or a valid file with random damage) load or are refused
  with `Unreadable`, never another exception; a PDF whose page tree claims 100,000 pages is refused quickly;
- a batch with random bytes, a PDF bomb, a 0-byte file, a 40-level folder tree, symlink loops, dangling
  links and file names with spaces, newlines, Unicode, non-UTF-8 bytes, shell and Rich markup: every file is
  ingested or skipped with a reason, the good documents come out exactly as in a clean store, and nothing
  is written outside the store; the CLI prints one line per skipped file, never a traceback.

Figures (latencies) go to test-artifacts/reliability/bad_input.json; docs/reliability.md quotes them.
`UNESCO_ASSISTANT_FUZZ_EXAMPLES=500` runs the properties longer and with fresh random examples.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import stat
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core.errors import BadQuestionError, NotFoundError
from core.textutil import sanitize_question
from core.types import Answer, LookupHit, Passage, Turn
from tests.conftest import CORPUS, run_cli

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reliability"
FUZZ_ENV = "UNESCO_ASSISTANT_FUZZ_EXAMPLES"
EXAMPLES = int(os.environ.get(FUZZ_ENV, "0") or 0)
# Per call. Measured at 0.1-8 s on a busy 2-core machine (docs/reliability.md); the bound is there to catch a
# cost that grows with the length of the question or of the conversation, not to time a fast path.
# Times are recorded in FIGURES (written to test-artifacts/reliability) and read in docs/reliability.md, never
# asserted: a shared CI machine can be 5x slower; a hang fails on the per-test timeout instead.


def fuzz(n: int):
    """Small and deterministic in the default run; `UNESCO_ASSISTANT_FUZZ_EXAMPLES` makes it long and random."""
    return hsettings(max_examples=EXAMPLES or n, deadline=None, derandomize=not EXAMPLES, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.filter_too_much])


FIGURES: dict[str, object] = {}


@pytest.fixture(scope="module", autouse=True)
def write_figures():
    yield
    if FIGURES:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "bad_input.json").write_text(json.dumps(FIGURES, indent=2, ensure_ascii=False))


def timed(name: str, seconds: float) -> None:
    entry = FIGURES.setdefault(name, {"calls": 0, "max_s": 0.0, "total_s": 0.0})
    entry["calls"] += 1
    entry["max_s"] = round(max(entry["max_s"], seconds), 3)
    entry["total_s"] = round(entry["total_s"] + seconds, 3)


# -- questions -------------------------------------------------------------------------------------------
FRAGMENTS = [
    "", " ", "\t\n \r\n", "\x00", "\x07\x1b[31m", "\u200b\u200c\u200d\u2060\ufeff\u00ad", "\u202e\u202d\u2066",
    "\ud800", "\udfff",  # lone surrogates (JSON "\ud800" decodes to one)
    "ما هو دور اليونسكو في الدبلوماسية العلمية؟", "מה התפקיד של אונסק\"ו?", "联合国教科文组织在科学外交中的作用是什么？",
    "ユネスコの文化外交", "유네스코", "🌍🔬🕊️👩🏽‍🔬🏳️‍🌈", "<script>alert(1)</script>", '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>", "![x](http://evil.example/x.png)", "[click](javascript:alert(1))", "**bold** _it_ # h",
    "$$\\frac{1}{0}$$", "{{7*7}} ${7*7}", "' OR 1=1; --", "Which bridge did UNESCO help rebuild?", "In which year?",
    "000_ba9ac47ce8679b22:0123456789abcdef@1-99999", "the cradle of modern science diplomacy",
]
fragment = st.sampled_from(FRAGMENTS)
any_text = st.text(st.characters(codec=None), max_size=120)  # every code point, surrogates included
questions = st.one_of(
    st.lists(st.one_of(fragment, any_text), max_size=6).map("".join),
    st.tuples(st.lists(fragment, min_size=1, max_size=3).map(" ".join), st.integers(2_001, 100_000)).map(
        lambda t: (t[0] or "x") * (t[1] // max(len(t[0]), 1) + 1)),
)
ENTRY_POINTS = ["ask", "stream", "search", "lookup"]


def call(a, how: str, question: str):
    if how == "ask":
        return a.ask(question)
    if how == "stream":
        pieces = list(a.stream(question))
        assert pieces and isinstance(pieces[-1], Answer)
        assert all(isinstance(p, str) for p in pieces[:-1])
        assert "".join(pieces[:-1]) == pieces[-1].text, "the streamed pieces add up to the answer"
        return pieces[-1]
    if how == "search":
        return a.search(question)
    return a.lookup(question)


@fuzz(20)
@given(question=questions, how=st.sampled_from(ENTRY_POINTS))
@example(question="", how="ask")
@example(question=" \t\n\u200b\ufeff\x00 ", how="stream")
@example(question="\u200b" * 10_000, how="lookup")
@example(question="x" * 100_000, how="lookup")
@example(question="Which bridge did UNESCO help rebuild? " * 3_000, how="ask")
@example(question="\x00\x01\x1b[2J" + "What is science diplomacy?" + "\u202e", how="search")
@example(question="ما هو دور اليونسكو في الدبلوماسية العلمية؟ " * 60, how="ask")
@example(question="联合国教科文组织在科学外交中的作用是什么？" * 300, how="lookup")
@example(question="🌍🔬🕊️ Which laboratory did UNESCO help create in the 1950s? 👩🏽‍🔬", how="stream")
@example(question='<script>alert(1)</script><img src=x onerror="alert(1)"> What is cultural soft power?', how="ask")
@example(question="![x](http://evil.example/x.png) [click](javascript:alert(1)) What is SESAME?", how="search")
@example(question="\ud800 Which bridge did UNESCO help rebuild? \udfff", how="lookup")
def test_any_question_gets_an_answer_or_a_named_error(seeded, question, how):
    cleaned = sanitize_question(question)
    t0 = time.perf_counter()
    try:
        result = call(seeded, how, question)
    except BadQuestionError as e:
        assert not cleaned, f"{how} refused a question with text left after cleaning: {cleaned[:80]!r}"
        assert "empty" in str(e)
        return
    except NotFoundError as e:  # a well-formed citation id of no passage
        assert how == "lookup" and "not in the corpus" in str(e)
        return
    finally:
        elapsed = time.perf_counter() - t0
        timed(how, elapsed)
        if len(question) > 2_000:
            timed(f"{how} (over 2,000 characters)", elapsed)
    assert cleaned, f"{how} accepted an empty question"
    if how in ("ask", "stream"):
        assert isinstance(result, Answer) and result.text.strip()
        assert len(result.question) <= seeded.settings.max_question_chars
        if len(cleaned) > seeded.settings.max_question_chars:
            assert f"only the first {seeded.settings.max_question_chars:,} were used" in result.notice
        for c in result.citations:
            assert seeded.lookup(c.citation_id), "every citation of an answer resolves"
    elif how == "search":
        assert all(isinstance(p, Passage) for p in result) and len(result) <= seeded.settings.top_k
    else:
        assert all(isinstance(h, LookupHit) for h in result) and len(result) <= 5


def test_a_huge_question_is_cut_to_the_limit_with_a_notice(seeded):
    question = "Which bridge did UNESCO help rebuild? " + "Please answer carefully. " * 4_000  # 100,038 characters
    t0 = time.perf_counter()
    answer = seeded.ask(question)
    elapsed = time.perf_counter() - t0
    FIGURES["ask 100,038 characters (s)"] = round(elapsed, 3)
    assert answer.notice.startswith("Your question was 100,038 characters long; only the first 2,000 were used.")
    assert len(answer.question) <= 2_000 and question.startswith(answer.question)
    assert "Mostar" in answer.text, "the question's start is what is kept"


def test_a_huge_history_is_cut_and_the_follow_up_still_resolves(seeded):
    """The /ask API takes the history from the caller: 200 turns of 100,000 characters stay cheap."""
    junk = [Turn("it " * 33_000 + "Which bridge?", "It " * 33_000)] * 199
    history = [*junk, Turn("Which bridge did UNESCO help rebuild?", "UNESCO led the reconstruction of the Mostar "
                                                                     "Bridge in Bosnia and Herzegovina in 2004. [1]")]
    t0 = time.perf_counter()
    answer = seeded.ask("In which year?", history=history)
    elapsed = time.perf_counter() - t0
    FIGURES["ask with 200 turns x 100,000 characters of history (s)"] = round(elapsed, 3)
    assert len(answer.retrieval_query) <= 2 * seeded.settings.max_question_chars
    assert "2004" in answer.text, answer.text


@fuzz(300)
@given(question=st.one_of(questions, any_text))
@example(question='<img src=x onerror="alert(1)"> ![x](http://evil.example/x.png) [a](javascript:x) &#60; &lt;')
def test_any_question_renders_as_text_in_the_chat(question):
    from ui.chat_render import question_message

    shown = question_message(question).content
    assert not re.search(r"[<>\[\]()!*_`$\\&\"']", re.sub(r"&#\d+;", "", shown)), shown[:200]
    assert html.unescape(shown) == question, "the page shows exactly what was typed"


@fuzz(300)
@given(name=st.one_of(st.text(st.characters(codec="utf-8"), max_size=60),
                      st.lists(st.sampled_from(["..", "/", "\\", ".", "etc", "passwd", "\x00", "\n", "~", "C:",
                                                "%2e%2e%2f", " ", "é", "文件"]), max_size=10).map("".join)))
def test_any_upload_name_stays_inside_the_upload_folder(tmp_path_factory, name):
    from ui.corpus_tab import safe_name, stage_uploads

    safe = safe_name(name)
    assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".") and len(safe) <= 180
    assert not re.search(r"[\x00-\x1f\x7f]", safe) and safe not in (".", "..")
    base = tmp_path_factory.mktemp("uploads")
    folder = base / "staged"
    folder.mkdir()
    # Gradio keeps an upload under its own name in a cache folder; that path is what reaches stage_uploads.
    on_disk = name.replace("/", "_").replace("\x00", "_")
    if on_disk in ("", ".", ".."):
        on_disk = "_"
    try:
        (base / "cache").mkdir()
        original = base / "cache" / on_disk
        original.write_text("hello")
    except OSError:  # a name the file system refuses (too long in bytes): nothing to stage
        return
    staged = stage_uploads([str(original), str(original)], folder)
    assert [p.parent for p in staged] == [folder, folder] and staged[0] != staged[1]
    assert all(p.read_text() == "hello" for p in staged)
    assert sorted(p.name for p in base.rglob("*") if p.is_file()) == sorted([original.name, *(p.name for p in staged)])


# -- files -----------------------------------------------------------------------------------------------
def minimal_pdf(lines: list[str]) -> bytes:
    import tempfile

    from tests.ingest.test_loaders import make_pdf

    with tempfile.TemporaryDirectory() as tmp:
        return make_pdf(Path(tmp) / "v.pdf", lines).read_bytes()


def minimal_docx() -> bytes:
    import io

    import docx

    d = docx.Document()
    d.core_properties.title = "Title"
    d.add_heading("Section", level=1)
    d.add_paragraph("A paragraph about intangible heritage.")
    d.add_paragraph("an item", style="List Bullet")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def bomb_pdf(fanout: int, levels: int) -> bytes:
    """A PDF whose page tree holds fanout**levels pages, built from `levels` + 1 objects: every /Pages node
    lists the same child `fanout` times (a few hundred bytes that claim, e.g., 100,000 pages)."""
    content = "BT /F1 12 Tf 72 720 Td (Page) Tj ET"
    objs = {2: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            3: f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
            4: "<< /Type /Page /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 2 0 R >> >> >>"}
    child, pages = 4, 1
    for n in range(5, 5 + levels):
        pages *= fanout
        objs[n] = f"<< /Type /Pages /Kids [{' '.join([f'{child} 0 R'] * fanout)}] /Count {pages} >>"
        child = n
    objs[1] = f"<< /Type /Catalog /Pages {child} 0 R >>"
    out, offsets = b"%PDF-1.4\n", []
    for i in range(1, child + 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{objs[i]}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {child + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    return out + f"trailer\n<< /Size {child + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


VALID = {".pdf": minimal_pdf(["UNESCO heritage line one", "second line (with parens)"]), ".docx": minimal_docx(),
         ".html": b"<html><head><title>T</title></head><body><h1>H</h1><p>Heritage &amp; more</p></body></html>",
         ".txt": "Héritage en Asie, 文化遗产, التراث.".encode(), ".md": b"# Title\n\nMarkdown body."}


def damaged(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    b = bytearray(data)
    for kind, where, value in edits:
        i = where % max(len(b), 1)
        if kind == 0 and b:
            b[i] = value
        elif kind == 1:
            del b[i:i + value % 64 + 1]
        else:
            b[i:i] = bytes([value]) * (value % 16 + 1)
    return bytes(b)


edits = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1 << 20), st.integers(0, 255)), min_size=1, max_size=12)


def docx_with_damaged_part(part: int, changes: list[tuple[int, int, int]]) -> bytes:
    """The valid DOCX with one of its XML parts damaged and zipped again (so the zip itself is sound)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(VALID[".docx"])) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    names = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    target = names[part % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, damaged(data, changes) if name == target else data)
    return out.getvalue()


@fuzz(80)
@given(suffix=st.sampled_from(sorted(VALID)),
       data=st.one_of(st.binary(max_size=4096), edits, st.tuples(st.integers(0, 20), edits)))
@example(suffix=".docx", data=(0, [(0, 40, ord("x")), (1, 300, 20)]))  # [Content_Types].xml broken inside the zip
def test_any_bytes_load_or_are_refused_with_a_reason(tmp_path_factory, suffix, data):
    from ingest.loaders import RawText, Unreadable, load

    if isinstance(data, list):  # a valid file with random damage reaches deeper into the parsers
        data = damaged(VALID[suffix], data)
    elif isinstance(data, tuple):  # for a DOCX: one XML part damaged inside a sound zip
        data = docx_with_damaged_part(*data) if suffix == ".docx" else damaged(VALID[suffix], data[1])
    path = tmp_path_factory.mktemp("bytes") / f"f{suffix}"
    path.write_bytes(data)
    t0 = time.perf_counter()
    try:
        raw = load(path)
    except Unreadable as e:
        assert str(e).strip()
    else:
        assert isinstance(raw, RawText) and isinstance(raw.text, str)
    timed("load damaged or random file", time.perf_counter() - t0)


def test_a_pdf_bomb_is_refused_quickly(tmp_path):
    from ingest.loaders import Unreadable, load

    cases = {"bomb-100000.pdf": (bomb_pdf(10, 5), "safety limit"),  # 100,000 pages in 1 kB
             "pages-10000.pdf": (bomb_pdf(10, 4), "10,000 pages (limit 2,000)")}
    for name, (data, reason) in cases.items():
        (tmp_path / name).write_bytes(data)
        t0 = time.perf_counter()
        with pytest.raises(Unreadable, match=re.escape(reason)):
            load(tmp_path / name)
        elapsed = time.perf_counter() - t0
        FIGURES[f"refuse {name} ({len(data):,} bytes) (s)"] = round(elapsed, 3)


def snapshot(root: Path, skip: Path) -> dict[str, tuple]:
    """Every entry under `root` except `skip` (not following links): kind, size, modification time."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if Path(dirpath, d) != skip]
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st_ = os.lstat(p)
            out[os.path.relpath(p, root)] = (stat.S_IFMT(st_.st_mode), st_.st_size, st_.st_mtime_ns)
    return out


def weird_name_text(i: int) -> str:
    return (f"Zorblax field note number {i}. The zorblax valley site number {i} keeps its heritage records "
            f"in a stone archive built by the community in year {1900 + i}.")


WEIRD_NAMES = [" spaced name .txt", "new\nline.txt", "tab\tname.md", "ünïcödé 文件.txt", "مرحبا.txt", "🙂.txt",
               "$(touch pwned).txt", "a;b|c&d`id`.txt", "%2e%2e%2F%2e%2e%2Fetc%2Fpasswd.txt", "[red]x[bold] note.txt",
               "<img src=x onerror=alert(1)>.html", "'quote\".txt", "-rf.txt", "x" * 240 + ".txt"]


def build_hostile_batch(batch: Path) -> dict[str, str]:
    """The batch; returns {path relative to batch: expected outcome} ("ingest" or "skip")."""
    rng = random.Random(7)
    expected: dict[str, str] = {}
    (batch / "corpus").mkdir(parents=True)
    for f in CORPUS.iterdir():
        (batch / "corpus" / f.name).write_bytes(f.read_bytes())
        expected[f"corpus/{f.name}"] = "sidecar" if f.name == "metadata.json" else "ingest"
    junk = batch / "junk"
    junk.mkdir()
    for suffix in (".pdf", ".docx", ".html", ".txt"):
        (junk / f"random{suffix}").write_bytes(rng.randbytes(4096))
        expected[f"junk/random{suffix}"] = "skip"
    (junk / "bomb.pdf").write_bytes(bomb_pdf(10, 5))
    expected["junk/bomb.pdf"] = "skip"
    (junk / "empty.txt").write_bytes(b"")
    expected["junk/empty.txt"] = "skip"
    (junk / "table.csv").write_text("a,b\n1,2\n")
    expected["junk/table.csv"] = "skip"
    (junk / "self.txt").symlink_to("self.txt")  # a link to itself: ELOOP
    expected["junk/self.txt"] = "skip"
    (junk / "dangling.txt").symlink_to("nowhere.txt")
    expected["junk/dangling.txt"] = "skip"
    (junk / "loop").symlink_to(batch)  # a folder link back to the top
    expected["junk/loop"] = "skip"
    deep = batch / "deep"
    for level in range(1, 41):
        deep = deep / f"d{level}"
        if level in (10, 40):
            deep.mkdir(parents=True)
            (deep / f"level{level}.txt").write_text(weird_name_text(100 + level))
            expected[str((deep / f"level{level}.txt").relative_to(batch))] = "ingest" if level == 10 else "skip"
    names = batch / "names"
    names.mkdir()
    for i, name in enumerate(WEIRD_NAMES):
        (names / name).write_text(weird_name_text(i))
        expected[f"names/{name}"] = "ingest"
    raw = os.fsencode(names) + b"/caf\xe9 latin-1 name.txt"  # not UTF-8: the OS hands it over as surrogates
    with open(raw, "w") as f:
        f.write(weird_name_text(50))
    expected[f"names/{os.fsdecode(raw[len(os.fsencode(names)) + 1:])}"] = "ingest"
    for n, hidden in enumerate(("..txt", "..%2F..%2Fetc%2Fpasswd.txt")):  # names starting with "." are hidden:
        (names / hidden).write_text(weird_name_text(60 + n))           # not candidates, like .DS_Store or .git
        expected[f"names/{hidden}"] = "hidden"
    return expected


def lookup_source(assistant, quote: str) -> str:
    hits = assistant.lookup(quote)
    assert hits and hits[0].score == 1.0, quote
    return hits[0].source


def test_hostile_batch_each_file_ingested_or_skipped_with_a_reason(assistant, seeded, tmp_path):
    from ingest.pipeline import shown

    batch = tmp_path / "batch"
    expected = build_hostile_batch(batch)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "lone note.txt").write_text(weird_name_text(70))
    lone = batch / "deep" / ".." / ".." / "elsewhere" / "lone note.txt"  # a path with ".." in it, given directly
    before = snapshot(tmp_path, skip=tmp_path / "store")
    parent_before = sorted(os.listdir(tmp_path.parent))
    t0 = time.perf_counter()
    report = assistant.ingest([batch, lone])
    FIGURES["ingest of the hostile batch (s)"] = round(time.perf_counter() - t0, 3)

    sources = {d.source: d for d in assistant.documents()}
    skipped = {s.path: s.reason for s in report.skipped}
    assert all(reason.strip() for reason in skipped.values())
    for rel, outcome in expected.items():
        path = shown(str(batch / rel))
        if outcome == "ingest":
            assert shown(rel) in sources, f"{rel!r} was not ingested: {skipped.get(path)}"
        elif outcome == "skip":
            covering = [p for p in skipped if path == p or path.startswith(p + os.sep)]
            assert covering, f"{rel!r} is neither ingested nor skipped with a reason"
        else:
            assert shown(rel) not in sources and path not in skipped
    assert "lone note.txt" in sources
    reasons = {Path(p).name: r for p, r in skipped.items()}
    assert "safety limit" in reasons["bomb.pdf"] and "empty file" in reasons["empty.txt"]
    # a CSV becomes one document per row only with a column spec (issue 12): without one it is skipped, saying how
    assert "column spec" in reasons["table.csv"] and "--csv-spec" in reasons["table.csv"]
    assert "cannot read file" in reasons["self.txt"] and "cannot read file" in reasons["dangling.txt"]
    assert "symlink loop" in reasons["loop"]
    assert any("nested too deep" in r and "d40" not in p for p, r in skipped.items() if "/deep/" in p)
    ingested = len([o for o in expected.values() if o == "ingest"]) + 1
    assert len(sources) == ingested, "one document per good file"
    assert len({d.id for d in sources.values()}) == ingested, "distinct ids, even for names that are all non-ASCII"
    assert sources["names/caf\ufffd latin-1 name.txt"].title == "caf\ufffd latin-1 name"

    # The good documents come out exactly as in a clean store of the bundled corpus, and the oddly named ones
    # are found under their own names.
    for doc_id in ("000_ba9ac47ce8679b22", "002_9ad71af9260e04b4"):
        mine = sorted(i for i in assistant.store.chunk_ids() if i.startswith(doc_id + ":"))
        clean = sorted(i for i in seeded.store.chunk_ids() if i.startswith(doc_id + ":"))
        assert mine == clean and mine
    assert "Mostar" in assistant.ask("Which bridge did UNESCO help rebuild?").text
    for i in (WEIRD_NAMES.index("مرحبا.txt"), WEIRD_NAMES.index("[red]x[bold] note.txt")):
        assert lookup_source(assistant, weird_name_text(i)) == f"names/{WEIRD_NAMES[i]}"
    assert lookup_source(assistant, weird_name_text(50)) == "names/caf\ufffd latin-1 name.txt"

    # Nothing was written outside the store; no name was run as a command.
    assert snapshot(tmp_path, skip=tmp_path / "store") == before
    assert sorted(os.listdir(tmp_path.parent)) == parent_before
    assert not list(tmp_path.rglob("pwned")) and not Path("pwned").exists()
    again = assistant.ingest([batch, lone])
    assert not again.added and not again.updated and len(again.unchanged) == ingested
    assert {s.path for s in again.skipped} == set(skipped), "the same files are skipped the second time"


def test_cli_prints_one_line_per_skipped_file_whatever_its_name(tmp_path):
    batch = tmp_path / "batch"
    (batch / "odd[").mkdir(parents=True)
    (batch / "odd[" / "yellow] empty.txt").write_bytes(b"")  # the path reads ".../odd[/yellow] empty.txt"
    for name in ("new\nline.txt", "ok [bold]name[blink].txt"):
        (batch / name).write_bytes(b"")
    with open(os.fsencode(batch) + b"/caf\xe9.txt", "wb"):
        pass
    (batch / "[bold red]warn[blink].txt").write_text(weird_name_text(1))
    r = run_cli("ingest", str(batch), "--store", str(tmp_path / "store"))
    out = r.stdout + r.stderr
    assert r.returncode == 0 and "Traceback" not in out, out[-3000:]
    assert r.stdout.count("empty file (0 bytes)") == 4, r.stdout
    flat = r.stdout.replace("\n", "")
    assert "odd[/yellow] empty.txt" in flat and "[bold]name[blink]" in flat, "names print as they are, not as markup"
    assert "caf\ufffd.txt" in flat
    from typer.testing import CliRunner

    from cli import app

    docs = CliRunner().invoke(app, ["documents", "--store", str(tmp_path / "store")], env={"COLUMNS": "200"})
    assert docs.exit_code == 0 and "[bold red]warn[blink]" in docs.output, docs.output
