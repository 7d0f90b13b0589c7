"""Cleaning: what a reader of the citations would notice, on the two real seeds."""

from pathlib import Path

from ingest.clean import clean

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"
WEB = (CORPUS / "000_ba9ac47ce8679b22.txt").read_text()
BRIEF = (CORPUS / "002_9ad71af9260e04b4.txt").read_text()


def blocks(text: str) -> list[str]:
    return clean(text).text.split("\n\n")


def test_pdf_hard_line_breaks_become_flowing_paragraphs():
    b = blocks(BRIEF)
    first = b[0]
    assert first.startswith("Cultural soft power – sometimes referred to as cultural diplomacy – is a form of soft power "
                            "that strives to foster the exchange of views and ideas")
    assert "\n" not in first
    # a sentence broken over three lines with blank lines between comes back whole
    assert any("UNESCO led the reconstruction of the Mostar Bridge – a powerful symbol of peaceful coexistence – in "
               "Bosnia and Herzegovina in 2004." in x for x in b)


def test_stray_glyphs_alone_on_a_line_disappear():
    text = clean(BRIEF).text
    assert "\n’\n" not in text and not any(x.strip() in {"’", "•", ""} for x in blocks(BRIEF))


def test_numbered_items_stay_separate_blocks():
    b = blocks(BRIEF)
    starts = [x[:4] for x in b]
    for marker in ("i. S", "ii. ", "iii.", "iv. "):
        assert marker in starts, marker


def test_bulleted_items_stay_separate_and_headings_are_sections():
    c = clean(WEB)
    b = c.text.split("\n\n")
    bullets = [x for x in b if x.startswith("• ")]
    assert [x.split(";")[0] for x in bullets] == ["• Legitimacy", "• Credibility", "• Universality"]
    headings = [h for _, h in c.headings]
    assert headings == ["Science Diplomacy", "Science centres and organizations", "International science programmes",
                        "International science-policy interfaces"]
    offset, heading = c.headings[1]
    assert c.text[offset:offset + len(heading)] == heading
    assert c.section_at(offset + 50) == "Science centres and organizations"


def test_web_boilerplate_is_not_citable():
    text = clean(WEB).text
    for junk in ("Back to top", "More information", "© UNESCO/Michel Ravassard", "UNESCO Headquarters in Paris"):
        assert junk not in text, junk
    # the paragraph that ended in the link text keeps its own words
    assert "help peacebuilding processes." in text


def test_crlf_and_article_headings():
    raw = "Preamble text that runs on.\r\n\r\nArticle 7\r\n\r\nThe States Parties shall cooperate.\r\n\r\nArticle 15 – Collaborative arrangements\r\n\r\nParties encourage partnerships.\r\n"
    c = clean(raw)
    assert "\r" not in c.text
    assert [h for _, h in c.headings] == ["Article 7", "Article 15 – Collaborative arrangements"]


def test_control_and_zero_width_characters_are_removed():
    c = clean("Sci\u200bence and \x07culture\u00ad matter.\n")
    assert c.text == "Science and culture matter."


def test_a_short_numbered_heading_is_not_joined_to_the_definition_under_it(monkeypatch):
    # the 2005 Convention's Article 4: "3.<tab>Cultural expressions" directly above its definition
    from ingest import clean as clean_module

    text = (Path(__file__).resolve().parents[2] / "corpus" / "instruments" /
            "CONVENTION_0201_031038_2005_paris.txt").read_text()
    b = blocks(text)
    assert "3. Cultural expressions" in b
    assert any(x.startswith("“Cultural expressions” are those expressions") for x in b)
    # a short numbered line that goes on ("... respect the") is a wrapped line, not a heading
    assert blocks("1. The Parties shall respect the\nConvention of 1954.\n") == [
        "1. The Parties shall respect the Convention of 1954."]
    monkeypatch.setattr(clean_module, "NUMBERED_HEADING_LINES", False)
    assert "3. Cultural expressions “Cultural expressions” are those expressions" in clean(text).text
