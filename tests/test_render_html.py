"""The HTML report: content, languages, escaping, self-containment, scale."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from test_render_fixture import ATTR, HOSTILE, make_clean_result, make_result

from scanner.model import DocumentResult, Finding, ScanResult, Sentence
from scanner.render import html as html_render
from scanner.resources import reports_dir

REPORTS = reports_dir()


class _Collector(HTMLParser):
    """Every start tag with its attributes, plus the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


@pytest.fixture(scope="module")
def report_nl() -> str:
    return html_render.render(make_result(with_set=True))


@pytest.fixture(scope="module")
def report_en() -> str:
    return html_render.render(make_result(with_set=True), lang="en")


def test_dutch_by_default_and_english_on_request(report_nl, report_en):
    assert '<html lang="nl">' in report_nl and '<html lang="en">' in report_en
    assert "Samenvatting" in report_nl and "Summary" not in report_nl
    assert "Summary" in report_en and "Samenvatting" not in report_en
    # the finding's own English text is used in the English report
    assert "EN: breadwinner found." in report_en
    assert "EN: breadwinner found." not in report_nl


def test_document_text_is_escaped_never_markup(report_nl):
    assert HOSTILE not in report_nl
    assert "&lt;script&gt;alert(" in report_nl
    page = parse(report_nl)
    own_script = (REPORTS / "report.js").read_text(encoding="utf-8")
    assert len(page.scripts) == 1 and page.scripts[0].strip() == own_script.strip()
    for _tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), attrs


def test_attribute_injection_stays_inside_the_attribute():
    result = make_result(with_error=False)
    result.documents[0].findings[0].rule = ATTR  # rule ids end up in attributes via code/labels
    result.documents[0].credits[0].id = ATTR  # credit ids end up in id="" attributes
    page = parse(html_render.render(result))
    for _tag, attrs in page.tags:
        assert "onmouseover" not in attrs


def test_no_external_resources(report_nl):
    page = parse(report_nl)
    for _tag, attrs in page.tags:
        for name in ("src", "href", "action", "xlink:href", "poster", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (name, value)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", report_nl)
    assert not re.search(r"@import", report_nl)
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]["content"]


def test_every_internal_link_has_a_target(report_nl):
    page = parse(report_nl)
    ids = {a["id"] for _t, a in page.tags if a.get("id")}
    links = [a["href"][1:] for _t, a in page.tags if (a.get("href") or "").startswith("#")]
    assert links
    missing = sorted(set(links) - ids)
    assert not missing, missing


def test_every_sentence_in_reading_order_with_page_markers(report_nl):
    result = make_result()
    positions = [report_nl.index(f'id="s-0-{s.id}"') for s in result.documents[0].sentences]
    assert positions == sorted(positions)
    for page in (1, 2, 3):
        assert f'id="p-0-{page}"' in report_nl or f"Pagina {page}" in report_nl


def test_each_finding_has_a_labelled_span_and_a_note(report_nl):
    result = make_result()
    page = parse(report_nl)
    notes = [a for t, a in page.tags if t == "aside" and "note" in (a.get("class") or "")]
    assert len(notes) == len(result.documents[0].findings)
    badges = [a for t, a in page.tags if "badge" in (a.get("class") or "").split()]
    assert len(badges) == len(notes)
    assert all(b.get("data-label") and b.get("aria-label") for b in badges)  # not colour alone
    marks = [a for t, a in page.tags if t == "mark"]
    assert {m["data-note"] for m in marks} == {n["id"] for n in notes}


def test_rationale_suggestion_source_and_classifier_details(report_nl):
    assert "Waarom dit ertoe doet" in report_nl
    assert "Formuleer het doel per persoon." in report_nl
    assert "zekerheid 71%" in report_nl
    assert "domain.md GS-xx" in report_nl


def test_unknown_category_is_rendered_generically(report_nl):
    assert "custom-category" in report_nl
    assert ".hl.c-custom-category{" in report_nl


def test_rubric_checks_credits_and_warnings(report_nl):
    for text in ("Atria genderscan", "Diversion", "Verwey-Jonker", "niet voldaan", "voldaan",
                 "niet van toepassing", "Kinderopvang binnen re-integratie", "page 4 has no text",
                 "file is not a valid PDF", "Beleidsset als geheel"):
        assert text in report_nl, text
    for answer in ("ans-ja", "ans-deels", "ans-nee", "ans-onbekend"):
        assert answer in report_nl


def test_cover_shows_pipeline_version_and_documents(report_nl):
    assert "offline" in report_nl and "0.1.0" in report_nl
    assert "beleid/werkplan.md" in report_nl and "beleid/kapot.pdf" in report_nl


def test_clean_report_says_so():
    page = html_render.render(make_clean_result())
    assert "Geen bevindingen." in page
    assert "<aside" not in page


def test_without_a_kept_document_sentences_are_still_grouped():
    result = make_result(with_error=False)
    result.documents[0].document = None
    page = html_render.render(result)
    assert all(f'id="s-0-{s.id}"' in page for s in result.documents[0].sentences)


def test_large_document_renders_with_bounded_size():
    n = 20_000
    sentences, findings, offset = [], [], 0
    for i in range(n):
        text = f"Zin {i} gaat over werk en de kostwinner in het huishouden."
        sentences.append(Sentence(id=i, text=text, start=offset, end=offset + len(text), page=i // 40 + 1))
        if i % 10 == 0:
            local = text.index("kostwinner")
            findings.append(Finding(rule="breadwinner.x", category="breadwinner", severity="high", sentence=i,
                                    start=offset + local, end=offset + local + 10, text="kostwinner",
                                    message="m", suggestion="s", source="src"))
        offset += len(text) + 1
    doc = DocumentResult(path="groot.pdf", format="pdf", pages=n // 40, sentences=sentences, findings=findings)
    page = html_render.render(ScanResult(tool={"name": "genderscan", "version": "0"},
                                         pipeline={"name": "offline"}, documents=[doc]))
    assert page.count('id="s-0-') == n
    text_bytes = sum(len(s.text) for s in sentences)
    assert len(page) < text_bytes + 200 * n  # overhead per sentence stays small
    assert page.count("<rect") < 2000  # the page chart is binned, not one bar per page


def test_i18n_table_is_complete_and_used_keys_exist():
    table = yaml.safe_load((REPORTS / "i18n.yml").read_text(encoding="utf-8"))
    for key, value in table.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            assert set(item) == {"nl", "en"}, key
            assert set(re.findall(r"\{\w+\}", item["nl"])) == set(re.findall(r"\{\w+\}", item["en"])), key
    used = set()
    for template in REPORTS.glob("*.j2"):
        used |= set(re.findall(r"""\bt\(\s*["']([\w-]+)["']\s*[,)]""", template.read_text(encoding="utf-8")))
    code = Path(html_render.__file__).parent
    for module in code.glob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([\w-]+)["']\s*[,)]""", module.read_text(encoding="utf-8")))
    assert used and not sorted(used - set(table))


def test_categories_and_context_figures_are_complete_data():
    cats = yaml.safe_load((REPORTS / "categories.yml").read_text(encoding="utf-8"))
    for cid in ("breadwinner", "household-unit", "care-role", "sector-steering", "selective-work-first",
                "deficit-framing", "generic-masculine", "_default"):
        entry = cats[cid]
        assert entry["name"]["nl"] and entry["name"]["en"] and entry["short"]["nl"]
        assert re.fullmatch(r"#[0-9a-f]{6}", entry["colour"]) and entry["underline"] in (
            "solid", "double", "dashed", "dotted", "wavy")
    styles = {(c["underline"], c["pattern"]) for k, c in cats.items() if not k.startswith("_")}
    assert len(styles) == len([k for k in cats if not k.startswith("_")])  # each pair distinct
    figures = yaml.safe_load((REPORTS / "context_figures.yml").read_text(encoding="utf-8"))
    assert len(figures["figures"]) >= 8
    for fig in figures["figures"]:
        assert fig["text"]["nl"] and fig["text"]["en"] and fig["source"] and re.match(r"00\d:", fig["seed"])
        assert fig["topic"] in figures["topics"]
