"""Markdown, plain text and DOCX ingest; shared cleaning; language check; accounting."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import Settings
from scanner.ingest import SUPPORTED_SUFFIXES, load_document
from scanner.ingest.clean import join_lines, normalise
from scanner.ingest.language import language_warning

MD = """---
title: Concept participatienota
---
# Participatie in **Noordhaven**

De gemeente wil dat iedere inwoner mee-
doet. Lees de [Participatiewet](https://example.org/pw) en `artikel 9`.

<!-- genderscan-disable-next-line breadwinner household-unit -->
Het huishouden krijgt één vaste contactpersoon.

## Aanpak

- een coach voor elke deelnemer
  die ook de werkgever kent
- scholing in *techniek* en zorg
1. eerst een intake

| Regeling | Bereik |
|---|---|
| Jobcoach | 80 |

<!-- genderscan-disable -->
Deze alinea is besproken.

Deze ook.
<!-- genderscan-enable -->

> Een inwoner zei: het werkt.
"""


def assert_accounting(doc) -> None:
    pieces = [doc.text[b.start:b.end] for b in doc.blocks]
    assert "\n\n".join(pieces) == doc.text
    assert all(a.end <= b.start for a, b in zip(doc.blocks, doc.blocks[1:]))
    if doc.page_spans:
        assert doc.page_spans[0][0] == 0 or doc.pages > 1


@pytest.fixture
def md_doc(tmp_path):
    path = tmp_path / "nota.md"
    path.write_text(MD, encoding="utf-8")
    return load_document(path, Settings())


def _blocks(doc):
    return [(b.kind, doc.text[b.start:b.end], b) for b in doc.blocks]


def test_supported_suffixes():
    assert {".pdf", ".docx", ".md", ".markdown", ".txt", ".text"} <= SUPPORTED_SUFFIXES


def test_markdown_structure(md_doc):
    blocks = _blocks(md_doc)
    assert blocks[0][:2] == ("heading", "Participatie in Noordhaven")
    assert blocks[0][2].line == 4
    kinds = [k for k, _, _ in blocks]
    assert kinds.count("list-item") == 3
    assert ("list-item", "een coach voor elke deelnemer die ook de werkgever kent") in [(k, t) for k, t, _ in blocks]
    assert ("table-row", "Jobcoach | 80") in [(k, t) for k, t, _ in blocks]
    assert md_doc.metadata["title"] == "Concept participatienota"
    assert_accounting(md_doc)


def test_markdown_inline_markup_stripped(md_doc):
    text = md_doc.text
    assert "meedoet. Lees de Participatiewet en artikel 9." in text
    for mark in ("**", "`", "](", "<!--", "genderscan-"):
        assert mark not in text
    assert "scholing in techniek en zorg" in text
    assert "Een inwoner zei: het werkt." in text


def test_markdown_suppressions(md_doc):
    sup = md_doc.suppressions
    assert len(sup) == 2
    first = md_doc.text[sup[0]["start"]:sup[0]["end"]]
    assert first == "Het huishouden krijgt één vaste contactpersoon."
    assert sup[0]["rules"] == ["breadwinner", "household-unit"]
    assert sup[0]["line"] == 9
    region = md_doc.text[sup[1]["start"]:sup[1]["end"]]
    assert region.startswith("Deze alinea") and region.endswith("Deze ook.")
    assert sup[1]["rules"] == []


TXT = """1 Inleiding

Deze nota gaat over werk. Wij helpen inwoners
die langdurig een uitkering hebben.

Doelen
- meer mensen aan het werk
- minder armoede

1.2 Uitvoering
De klantmanager voert het plan uit.
# genderscan-disable-next-line care-as-mother
Moeders zorgen voor de kinderen.
"""


def test_plain_text(tmp_path):
    path = tmp_path / "nota.txt"
    path.write_text(TXT, encoding="utf-8")
    doc = load_document(path, Settings())
    blocks = [(k, t) for k, t, _ in _blocks(doc)]
    assert blocks[0] == ("heading", "1 Inleiding")
    assert ("paragraph", "Deze nota gaat over werk. Wij helpen inwoners die langdurig een uitkering hebben.") in blocks
    assert ("list-item", "minder armoede") in blocks
    assert ("heading", "1.2 Uitvoering") in blocks
    lines = {doc.text[b.start:b.end]: b.line for b in doc.blocks}
    assert lines["1.2 Uitvoering"] == 10
    assert doc.suppressions and doc.suppressions[0]["rules"] == ["care-as-mother"]
    assert doc.text[doc.suppressions[0]["start"]:doc.suppressions[0]["end"]] == "Moeders zorgen voor de kinderen."
    assert_accounting(doc)


def test_docx(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Beleidskader werk", level=1)
    p = d.add_paragraph("Zie de website voor ")
    p.add_run("meer informatie").bold = True
    p.add_run(".")
    d.add_paragraph("coaching op maat", style="List Bullet")
    d.add_page_break()
    d.add_heading("Financiën", level=2)
    table = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Regeling", (0, 1): "Budget", (1, 0): "Scholing", (1, 1): "2 mln"}.items():
        table.cell(r, c).text = text
    path = tmp_path / "kader.docx"
    d.save(str(path))
    doc = load_document(path, Settings())
    blocks = [(b.kind, doc.text[b.start:b.end], b.page, b.level) for b in doc.blocks]
    assert blocks[0] == ("heading", "Beleidskader werk", 1, 1)
    assert ("paragraph", "Zie de website voor meer informatie.", 1, 0) in blocks
    assert ("list-item", "coaching op maat", 1, 1) in blocks
    assert ("heading", "Financiën", 2, 2) in blocks
    assert ("table-row", "Scholing | 2 mln", 2, 0) in blocks
    assert doc.pages == 2
    assert_accounting(doc)


@pytest.mark.parametrize("left,right,expected", [
    ("met gezond-", "heidsproblemen", "met gezondheidsproblemen"),
    ("kinder-", "opvang", "kinderopvang"),
    ("hun re-", "integratie", "hun re-integratie"),
    ("de niet-", "uitkeringsgerechtigden", "de niet-uitkeringsgerechtigden"),
    ("ouder-", "en kindzorg", "ouder- en kindzorg"),
    ("loon-", "of prijsbeleid", "loon- of prijsbeleid"),
    ("Noord-", "Holland", "Noord-Holland"),
    ("de WW-", "uitkering", "de WW-uitkering"),
    ("18-", "jarigen", "18-jarigen"),
    ("de e-", "mail", "de e-mail"),
    ("co-", "ouderschap", "co-ouderschap"),
    ("uitkerings-", "gerechtigde", "uitkeringsgerechtigde"),
    ("een zin -", "met streepje", "een zin - met streepje"),
    ("gewoon", "verder", "gewoon verder"),
])
def test_hyphenation(left, right, expected):
    assert join_lines([left, right]) == expected


def test_soft_hyphen_line_end():
    assert join_lines(["arbeids\u00ad", "markt"]) == "arbeidsmarkt"


def test_normalise():
    assert normalise("\ufb01nanci\u0065\u0308le") == "financiële"
    assert normalise("werk\u00adnemer\u00a0zoekt") == "werknemer zoekt"
    assert normalise("\ufb02exibel") == "flexibel"


def test_language_warning():
    dutch = "De gemeente helpt inwoners die een uitkering hebben om aan het werk te gaan. " * 10
    english = "The municipality helps residents who receive benefits to find work and this is the plan. " * 10
    assert language_warning(dutch) is None
    warning = language_warning(english)
    assert warning and warning.startswith("not-dutch:")
    assert language_warning("Too short to judge.") is None


def test_language_warning_on_document(tmp_path):
    path = tmp_path / "english.txt"
    path.write_text("The council wants every resident to take part in the labour market. " * 12, encoding="utf-8")
    doc = load_document(path, Settings())
    assert any(w.startswith("not-dutch:") for w in doc.warnings)


def test_examples_folder_markdown(repo: Path):
    """Every Markdown example in the repository ingests and keeps the accounting invariant."""
    files = sorted((repo / "examples").glob("*.md"))
    if not files:
        pytest.skip("no Markdown examples yet")
    for path in files:
        doc = load_document(path, Settings())
        assert doc.blocks
        assert_accounting(doc)
        assert "<!--" not in doc.text
