"""The bundled example: PDF present, in sync with its Markdown, and realistic.

The example PDF is the demo document of the README and the fixture the other
stages are measured on, so these tests guard the layout features it promises
(two columns, a ruled table, line-end hyphens, running header and footer) and
that the answer key (examples/PLANTED.md) still matches the source text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest

from conftest import load_script

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
PDF = EXAMPLES / "beleidsplan-werk-en-participatie.pdf"
SOURCE = EXAMPLES / "beleidsplan-werk-en-participatie.md"
NOTE = EXAMPLES / "concept-notitie-re-integratie.md"
PLANTED = EXAMPLES / "PLANTED.md"


def _load_builder():
    return load_script("build_example")


builder = _load_builder()


@lru_cache(maxsize=None)
def page_texts(path: Path) -> tuple[str, ...]:
    with pdfplumber.open(path) as pdf:
        return tuple(page.extract_text() or "" for page in pdf.pages)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "rebuilt.pdf"
    builder.build_pdf(SOURCE.read_text(encoding="utf-8"), out)
    return out


def test_pdf_exists_with_15_to_25_pages() -> None:
    assert PDF.exists(), "run: python scripts/build_example.py"
    assert 15 <= len(page_texts(PDF)) <= 25


def test_pdf_is_in_sync_with_markdown_source(rebuilt: Path) -> None:
    committed, fresh = page_texts(PDF), page_texts(rebuilt)
    assert len(committed) == len(fresh)
    for number, (old, new) in enumerate(zip(committed, fresh), start=1):
        assert old == new, f"page {number} differs: rebuild with scripts/build_example.py"


def test_every_page_after_the_cover_has_header_and_footer() -> None:
    texts = page_texts(PDF)
    total = len(texts)
    assert "Pagina" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        lines = text.strip().split("\n")
        assert lines[0].startswith("Gemeente Vennewaarde — Beleidsplan"), number
        assert lines[-1] == f"Pagina {number} van {total}"


def _is_two_column(page: pdfplumber.page.Page) -> bool:
    """Body characters fall on both sides of an empty vertical gutter."""
    middle = page.width / 2
    body = [c for c in page.chars if 70 < c["top"] < page.height - 70 and c["text"].strip()]
    left = sum(1 for c in body if c["x1"] < middle - 6)
    right = sum(1 for c in body if c["x0"] > middle + 6)
    gutter = sum(1 for c in body if c["x0"] < middle + 6 and c["x1"] > middle - 6)
    return left > 300 and right > 300 and gutter == 0


def test_pdf_has_a_two_column_page_and_one_column_pages() -> None:
    with pdfplumber.open(PDF) as pdf:
        flags = [_is_two_column(page) for page in pdf.pages]
    assert any(flags)
    assert flags.count(False) > flags.count(True)


def test_pdf_has_a_ruled_kpi_table() -> None:
    candidates = [i for i, text in enumerate(page_texts(PDF)) if "Indicator" in text]
    with pdfplumber.open(PDF) as pdf:
        tables = [t for i in candidates for t in pdf.pages[i].extract_tables()]
    kpi = [t for t in tables if t and t[0] and (t[0][0] or "").startswith("Indicator")]
    assert kpi, "no table with an 'Indicator' header"
    assert len(kpi[0]) >= 8 and len(kpi[0][0]) == 4


def test_pdf_has_line_end_hyphens_that_join_to_source_words() -> None:
    source = SOURCE.read_text(encoding="utf-8")
    joined = []
    for text in page_texts(PDF):
        lines = text.split("\n")
        for this, following in zip(lines, lines[1:]):
            head = re.search(r"(\w+)-$", this)
            tail = re.match(r"([a-zà-ÿ]+)", following)
            if head and tail:
                joined.append(head.group(1) + tail.group(1))
    assert len(joined) >= 10
    found = [word for word in joined if word in source]
    assert len(found) >= len(joined) // 2, f"hyphenated words not in source: {joined[:10]}"


def test_pdf_keeps_dutch_diacritics_and_note_markers() -> None:
    text = "\n".join(page_texts(PDF))
    for word in ("één", "geïnvesteerde", "Financiële", "geëvalueerd"):
        assert word in text
    assert re.search(r"Bureau Tussenstap", text)
    assert "(cid:" not in text, "a glyph without a text mapping (e.g. a bullet) slipped in"


def test_dutch_hyphenator_only_splits_long_words_into_their_letters() -> None:
    pairs = list(builder.dutch_hyphenator("werkervaringsplaatsen"))
    assert ("werkervarings", "plaatsen") in pairs
    assert all(h + t == "werkervaringsplaatsen" for h, t in pairs)
    assert all(len(h) >= 3 and len(t) >= 3 for h, t in pairs)
    heads = [len(h) for h, _ in pairs]
    assert heads == sorted(heads, reverse=True)
    assert list(builder.dutch_hyphenator("werk")) == []
    assert ("re-", "integratietraject") in list(builder.dutch_hyphenator("re-integratietraject"))


def test_parser_sees_structure_of_the_source() -> None:
    items = builder.parse_markdown(SOURCE.read_text(encoding="utf-8"))
    kinds = [item.kind for item in items]
    assert kinds[0] == "title"
    assert kinds.count("table") == 1
    assert {"toc", "two-columns", "one-column"} <= {i.text for i in items if i.kind == "directive"}
    chapters = [i.text for i in items if i.kind == "h1" and re.match(r"\d+\.", i.text)]
    assert [c.split(".")[0] for c in chapters] == [str(n) for n in range(1, 9)]


def test_multiplier_renumbers_copied_chapters() -> None:
    long = builder.multiply_chapters(SOURCE.read_text(encoding="utf-8"), 3)
    numbers = [int(n) for n in re.findall(r"^# (\d+)\. ", long, re.M)]
    assert numbers == list(range(1, 25))


def _planted_rows() -> list[list[str]]:
    rows = []
    for line in PLANTED.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells and cells[0] in ("plan", "notitie"):
            rows.append(cells)
    return rows


def test_planted_answer_key_matches_the_sources() -> None:
    sources = {"plan": SOURCE.read_text(encoding="utf-8"), "notitie": NOTE.read_text(encoding="utf-8")}
    rows = _planted_rows()
    assert len(rows) >= 40
    missing = [row[2] for row in rows if row[2] not in sources[row[0]]]
    assert not missing, f"PLANTED.md sentence starts not in source: {missing}"
    categories = {"breadwinner", "household-unit", "care-role", "sector-steering",
                  "selective-work-first", "deficit-framing", "generic-masculine"}
    positive = {row[3].split("+")[0] for row in rows if row[3] in categories or "+" in row[3]}
    assert positive == categories, "every sentence category is planted at least once"


def test_concept_note_has_one_justified_inline_suppression() -> None:
    lines = NOTE.read_text(encoding="utf-8").splitlines()
    marks = [i for i, line in enumerate(lines) if "genderscan-disable-next-line household-unit" in line]
    assert len(marks) == 1
    assert "Toelichting" in lines[marks[0] - 1]
    assert "huishoudens" in lines[marks[0] + 1]
