"""Citation labels: the full form for the source viewer and exports, the short form next to a chat marker."""

from __future__ import annotations

import pytest

from core.labels import citation_label, list_item_at, provision

TITLE_1970 = ("Convention on the Means of Prohibiting and Preventing the Illicit Import, Export and Transfer of "
              "Ownership of Cultural Property")


def test_full_and_short_forms():
    assert citation_label(TITLE_1970, "1970 Convention", 1970, "Paris", "Article 6", full=True, item="(c)") == (
        f"{TITLE_1970} (Paris, 1970), Article 6(c)")
    assert citation_label(TITLE_1970, "1970 Convention", 1970, "Paris", "Article 6", full=False, item="(c)") == (
        "1970 Convention, Art. 6(c)")


@pytest.mark.parametrize(("section", "full", "short"), [
    ("Article I – Purposes and functions", "Article I", "Art. I"),
    ("Art. 2.7", "Article 2.7", "Art. 2.7"),
    ("Article 5bis", "Article 5bis", "Art. 5bis"),
    ("ARTICLE IX", "Article IX", "Art. IX"),
    ("Rule 12", "Rule 12", "Rule 12"),
    ("Preamble", "Preamble", ""),
])
def test_provisions(section, full, short):
    assert provision(section, full=True) == full and provision(section, full=False) == short


def test_documents_without_city_year_or_article():
    assert citation_label("Science Diplomacy", "", 0, "", "Science centres and organizations", full=True) == (
        "Science Diplomacy, Science centres and organizations")
    assert citation_label("Science Diplomacy", "", 0, "", "Science centres and organizations", full=False) == (
        "Science Diplomacy")
    assert citation_label("Timbuktu", "", 1988, "", "", full=False) == "Timbuktu (1988)"


def test_list_items_and_sub_items():
    text = ("For the purposes of this Convention:\n\n(f) objects;\n\n(g) property of artistic interest, such as:\n\n"
            "(i) pictures;\n\n(ii) statuary;\n\n(h) rare manuscripts;\n\n(i) postage stamps;\n\n2. A numbered paragraph.")
    at = {w: list_item_at(text, text.index(w) + 4) for w in
          ("For the", "(f) obj", "(i) pic", "(ii) st", "(h) rare", "(i) post", "2. A")}
    assert at == {"For the": "", "(f) obj": "(f)", "(i) pic": "(g)(i)", "(ii) st": "(g)(ii)", "(h) rare": "(h)",
                  "(i) post": "(i)", "2. A": "(2)"}
