"""PDF ingest: cleaning steps on generated PDFs, real PDFs, and page numbers.

The fixtures are drawn with reportlab's canvas at exact positions, so each
layout problem (running heads, two columns, hyphenated line ends, a table, a
paragraph over a page break, a footnote marker) is present by construction.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLE_PDF, shared_file

from scanner.config import Settings
from scanner.ingest import load_document

reportlab = pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

HEADER = "Gemeente Zuiderveld - Beleidsplan Werk en Inkomen"
W, H = A4


def _page_frame(c: canvas.Canvas, number: int, total: int) -> None:
    c.setFont("Helvetica", 8)
    c.drawString(60, H - 40, HEADER)
    c.drawString(W - 140, 30, f"Pagina {number} van {total}")


def _lines(c: canvas.Canvas, x: float, y: float, lines: list[str], size: float = 10,
           leading: float = 14, font: str = "Helvetica") -> float:
    c.setFont(font, size)
    for line in lines:
        c.drawString(x, y, line)
        y -= leading
    return y


def make_policy_pdf(path: Path) -> Path:
    """Three pages covering every cleaning step the reader must perform."""
    c = canvas.Canvas(str(path), pagesize=A4)
    total = 3
    # page 1: heading, hyphenation, footnote marker, list, table, paragraph running over the page
    _page_frame(c, 1, total)
    y = _lines(c, 60, H - 100, ["1 Inleiding"], size=16, font="Helvetica-Bold") - 10
    y = _lines(c, 60, y, [
        "Deze notitie beschrijft hoe Zuiderveld inwoners met gezond-",
        "heidsproblemen helpt bij hun re-",
        "integratie. Ook niet-",
        "uitkeringsgerechtigden kunnen zich melden, net als ouder-",
        "en kindzorgaanbieders uit Noord-",
        "Holland. Wij bieden onder-",
        "steuning op maat aan iedere werkzoekende.",
    ])
    y -= 10
    c.setFont("Helvetica", 10)
    c.drawString(60, y, "De werkloosheid")
    c.setFont("Helvetica", 6)
    c.drawString(60 + c.stringWidth("De werkloosheid", "Helvetica", 10) + 0.5, y + 4, "1")
    c.setFont("Helvetica", 10)
    c.drawString(60 + c.stringWidth("De werkloosheid", "Helvetica", 10) + 5,
                 y, "daalt al drie jaar in onze regio.")
    y -= 24
    y = _lines(c, 60, y, ["De gemeente zet drie middelen in:"]) - 4
    y = _lines(c, 60, y, ["\u2022 een persoonlijke coach voor elke deelnemer;",
                          "\u2022 scholing in de zorg en de techniek;",
                          "\u2022 vergoeding van kinderopvang tijdens trajecten."]) - 12
    c.setFont("Helvetica", 10)
    for row in (("Regeling", "Budget", "Bereik"), ("Loonkostensubsidie", "1,2 mln", "140"),
                ("Jobcoaching", "0,4 mln", "85")):
        c.drawString(60, y, row[0])
        c.drawString(300, y, row[1])
        c.drawString(420, y, row[2])
        y -= 14
    y -= 14
    _lines(c, 60, y, ["Werkgevers in de regio krijgen een vast aanspreekpunt bij het werkgeversservicepunt,",
                      "zodat zij sneller een passende kandidaat vinden voor openstaande vacatures en de"])
    c.setFont("Helvetica", 7)
    c.drawString(60, 60, "1 Bron: eigen registratie van de gemeente.")
    c.showPage()
    # page 2: continuation, full-width heading above two columns
    _page_frame(c, 2, total)
    y = _lines(c, 60, H - 100, ["begeleiding van nieuwe medewerkers goed geregeld is."]) - 16
    y = _lines(c, 60, y, ["2 Twee sporen"], size=14, font="Helvetica-Bold") - 8
    left = ["Het eerste spoor richt zich op inwoners die",
            "snel aan het werk kunnen. Zij krijgen een",
            "korte training en gaan daarna solliciteren.",
            "De klantmanager volgt hun voortgang."]
    right = ["Het tweede spoor is bedoeld voor inwoners",
             "met een grotere afstand tot werk. Voor hen",
             "is er vrijwilligerswerk en een taalcursus.",
             "Elk half jaar volgt een gesprek."]
    _lines(c, 60, y, left)
    _lines(c, 320, y, right)
    c.showPage()
    # page 3: plain closing text
    _page_frame(c, 3, total)
    _lines(c, 60, H - 100, ["3 Tot slot"], size=14, font="Helvetica-Bold")
    _lines(c, 60, H - 130, ["De raad ontvangt ieder jaar een verslag van de resultaten van dit plan."])
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    path = make_policy_pdf(tmp_path_factory.mktemp("pdf") / "beleid.pdf")
    return load_document(path, Settings())


def _block_texts(doc):
    return [(doc.text[b.start:b.end], b) for b in doc.blocks]


def assert_accounting(doc) -> None:
    """Blocks tile Document.text except the blank-line separators."""
    pieces = [doc.text[b.start:b.end] for b in doc.blocks]
    assert "\n\n".join(pieces) == doc.text
    assert all(b.start < b.end for b in doc.blocks)
    assert all(a.end <= b.start for a, b in zip(doc.blocks, doc.blocks[1:]))


def test_running_header_and_page_numbers_removed(policy):
    assert HEADER not in policy.text
    assert "Pagina" not in policy.text
    assert_accounting(policy)


@pytest.mark.parametrize("expected", [
    "gezondheidsproblemen", "re-integratie", "niet-uitkeringsgerechtigden",
    "ouder- en kindzorgaanbieders", "Noord-Holland", "ondersteuning op maat",
])
def test_hyphenation(policy, expected):
    assert expected in policy.text


def test_no_broken_words(policy):
    assert not re.search(r"\w- \w", policy.text.replace("ouder- en", ""))


def test_footnote_marker_kept_out_of_word(policy):
    assert "De werkloosheid daalt" in policy.text
    assert "werkloosheid1" not in policy.text


def test_headings_and_list_items(policy):
    kinds = {text: b.kind for text, b in _block_texts(policy)}
    assert kinds.get("1 Inleiding") == "heading"
    assert kinds.get("2 Twee sporen") == "heading"
    items = [t for t, b in _block_texts(policy) if b.kind == "list-item"]
    assert len(items) == 3
    assert items[0].startswith("een persoonlijke coach")


def test_table_rows(policy):
    rows = [t for t, b in _block_texts(policy) if b.kind == "table-row"]
    assert len(rows) == 3
    assert [c.strip() for c in rows[1].split("|")] == ["Loonkostensubsidie", "1,2 mln", "140"]


def test_paragraph_over_page_break_is_one_block(policy):
    hits = [(t, b) for t, b in _block_texts(policy) if t.startswith("Werkgevers in de regio")]
    assert len(hits) == 1
    text, block = hits[0]
    assert text.endswith("goed geregeld is.")
    assert block.page == 1 and block.page_end == 2
    middle = policy.text.index("begeleiding van nieuwe")
    assert policy.page_at(middle) == 2
    assert policy.page_at(block.start) == 1


def test_two_columns_read_in_order(policy):
    text = policy.text
    first = text.index("Het eerste spoor")
    assert text.index("De klantmanager volgt", first) < text.index("Het tweede spoor")
    assert re.search(r"solliciteren\.\s+De klantmanager", text)
    assert "inwoners met een grotere afstand tot werk" in text


def test_page_spans(policy):
    assert policy.pages == 3
    assert len(policy.page_spans) == 3
    start, end = policy.page_spans[2]
    assert "Tot slot" in policy.text[start:end]
    assert policy.page_at(policy.text.index("verslag van de resultaten")) == 3


# ---------------------------------------------------------------- real documents

def _raw_pages(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def _repeated_edge_lines(pages: list[str]) -> set[str]:
    """Lines at the top or bottom of the raw page text that repeat (digits folded)."""
    seen: dict[str, set[int]] = {}
    for number, text in enumerate(pages):
        lines = [ln for ln in text.splitlines() if ln.strip()]
        for ln in lines[:1] + lines[-1:]:
            seen.setdefault(re.sub(r"\d+", "#", ln.strip()), set()).add(number)
    return {k for k, v in seen.items() if len(v) >= max(2, len(pages) // 2)}


def _check_real(path: Path) -> None:
    doc = load_document(path, Settings())
    assert_accounting(doc)
    pages = _raw_pages(path)
    assert doc.pages == len(pages)
    for pattern in _repeated_edge_lines(pages):
        regex = re.escape(pattern).replace("\\#", r"\d+").replace("\\ ", r"\s+")
        for b in doc.blocks:
            assert not re.fullmatch(regex, doc.text[b.start:b.end]), pattern
            assert not re.search(regex + r"$", doc.text[b.start:b.end]) or "#" not in pattern, pattern
    broken = [pair for pair in _line_end_hyphens(pages) if f"{pair[0]}- {pair[1]}" in doc.text]
    assert not broken, broken[:5]
    return doc


def _line_end_hyphens(pages: list[str]) -> list[tuple[str, str]]:
    """(left, right) word pairs split by a hyphen at a raw line end, lower-case continuation."""
    pairs = []
    for text in pages:
        lines = text.splitlines()
        for a, b in zip(lines, lines[1:]):
            m, n = re.search(r"(\w+)-$", a.rstrip()), re.match(r"([a-zà-ÿ]\w*)", b.strip())
            if m and n and n.group(1) not in ("en", "of", "tot"):
                pairs.append((m.group(1), n.group(1)))
    return pairs


def _phrase_page(doc, phrase: str) -> int:
    return doc.page_at(doc.text.index(phrase))


def test_real_normenbrief():
    path = shared_file("realdocs", "nl_szw_normenbrief_2026-01-01.pdf")
    doc = _check_real(path)
    assert not re.search(r"Pagina \d+ van \d+", doc.text)
    raw = _raw_pages(path)
    # each page's first line of body text lands on that page
    for number, text in enumerate(raw, start=1):
        first = next(ln for ln in text.splitlines() if ln.strip() and not ln.startswith("Pagina"))
        words = " ".join(first.split()[:3])
        hits = [m.start() for m in re.finditer(re.escape(words), doc.text)]
        assert any(doc.page_at(h) == number for h in hits), (number, words)


def test_real_besluitenlijst():
    path = shared_file("realdocs", "besluitenlijst_raadsvergadering_2015-06-29.pdf")
    doc = _check_real(path)
    raw = _raw_pages(path)
    for number, text in enumerate(raw, start=1):
        last = [ln for ln in text.splitlines() if ln.strip()][-1]
        words = " ".join(last.split()[-3:])
        hits = [m.start() for m in re.finditer(re.escape(words), doc.text)]
        assert any(doc.page_at(h) == number for h in hits), (number, words)
    headings = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "heading"]
    assert any(h.startswith("1. ") for h in headings)


def _md_sentences(md: str) -> list[str]:
    """Sentences and headings of a Markdown source, inline markup removed."""
    from scanner.ingest.markdown import parse_markdown

    blocks, _ = parse_markdown(md)
    out = []
    for block in blocks:
        for part in re.split(r"(?<=[.!?])\s+", block.text):
            if len(part.split()) >= 3:
                out.append(part)
    return out


def test_example_pdf_matches_its_markdown():
    if not EXAMPLE_PDF.exists():
        pytest.skip("examples/beleidsplan-werk-en-participatie.pdf not written yet")
    doc = _check_real(EXAMPLE_PDF)
    md = EXAMPLE_PDF.with_suffix(".md")
    if not md.exists():
        pytest.skip("Markdown source of the example is absent")
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    text = squash(doc.text)
    missing = [s for s in _md_sentences(md.read_text(encoding="utf-8")) if squash(s) not in text]
    assert not missing, missing[:5]
