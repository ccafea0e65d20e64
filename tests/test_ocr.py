"""``--ocr``: scanned PDFs come back as sentences with page numbers, like any other PDF.

The scans are made here: Dutch policy text is drawn into a bitmap with
Pillow and only that bitmap is put on the PDF page, so the file has no text
layer at all.  Real-OCR tests skip when Tesseract or its Dutch model is
missing; the "not installed" paths are tested everywhere by faking PATH.
"""

from __future__ import annotations

import difflib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from scanner.config import Settings
from scanner.errors import IngestError
from scanner.ingest import load_document
from scanner.pipeline import scan_document

pytest.importorskip("reportlab")
from PIL import Image, ImageDraw, ImageFont  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

import reportlab  # noqa: E402

FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"

# Written for this test: (heading, body lines) per scanned page.
PAGE_ONE = ("Werk en inkomen", ["De gemeente begeleidt iedere inwoner met een uitkering",
                                "naar betaald werk dat past bij zijn of haar talenten."])
PAGE_TWO = ("Financiële zelfstandigheid", ["Beide partners krijgen een eigen gesprek met de",
                                           "consulent, ook als het huishouden samen een uitkering heeft."])
KNOWN_SENTENCE = ("Beide partners krijgen een eigen gesprek met de consulent, "
                  "ook als het huishouden samen een uitkering heeft.")


def _tesseract_with_dutch() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    return "nld" in listed.split()


needs_tesseract = pytest.mark.skipif(not _tesseract_with_dutch(),
                                     reason="tesseract with the Dutch model (tesseract-ocr-nld) is not installed")


def _bitmap(heading: str, lines: list[str]) -> Image.Image:
    """A white A4 page at 300 dpi with the text drawn in black, like a flatbed scan."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    draw.text((250, 300), heading, fill=0, font=ImageFont.truetype(str(FONT), 56))
    body = ImageFont.truetype(str(FONT), 40)
    for index, line in enumerate(lines):
        draw.text((250, 450 + 70 * index), line, fill=0, font=body)
    return image


def scanned_pdf(path: Path, pages: list[tuple[str, list[str]] | str]) -> Path:
    """A PDF whose pages are images only; a plain string page gets a real text layer instead."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in pages:
        if isinstance(page, str):
            c.setFont("Helvetica", 11)
            c.drawString(72, 760, page)
        else:
            c.drawImage(ImageReader(_bitmap(*page)), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return path


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def ocr_result(tmp_path_factory):
    path = scanned_pdf(tmp_path_factory.mktemp("scan") / "gescand.pdf", [PAGE_ONE, PAGE_TWO])
    return scan_document(path, Settings(ocr=True, analyzers=[]))


def test_scan_without_ocr_is_detected_and_refused(tmp_path):
    path = scanned_pdf(tmp_path / "gescand.pdf", [PAGE_ONE])
    result = scan_document(path, Settings(analyzers=[]))
    assert result.error and "no-text" in result.error and "--ocr" in result.error


@needs_tesseract
def test_ocr_gives_sentences_with_page_numbers(ocr_result):
    assert ocr_result.error is None, ocr_result.error
    assert ocr_result.pages == 2
    pages = {s.page for s in ocr_result.sentences}
    assert pages == {1, 2}
    by_page = {p: " ".join(s.text for s in ocr_result.sentences if s.page == p) for p in pages}
    assert "uitkering" in by_page[1] and "talenten" in by_page[1]
    assert "consulent" in by_page[2] and "talenten" not in by_page[2]
    assert any(w.startswith("ocr:") for w in ocr_result.warnings)


@needs_tesseract
def test_ocr_returns_a_known_sentence_nearly_verbatim(ocr_result):
    best = max((_squash(s.text) for s in ocr_result.sentences),
               key=lambda t: difflib.SequenceMatcher(None, t, KNOWN_SENTENCE).ratio())
    assert difflib.SequenceMatcher(None, best, KNOWN_SENTENCE).ratio() > 0.95, best
    headings = [s.text for s in ocr_result.sentences if s.kind == "heading"]
    assert any("Financi" in h and "zelfstandigheid" in h for h in headings), headings


@needs_tesseract
def test_ocr_text_is_accounted_for(ocr_result):
    text = ocr_result.document.text
    assert "".join("".join(s.text.split()) for s in ocr_result.sentences) == "".join(text.split())


@needs_tesseract
def test_mixed_pdf_ocrs_only_the_scanned_page(tmp_path):
    path = scanned_pdf(tmp_path / "gemengd.pdf", ["Deze eerste pagina heeft een gewone tekstlaag.", PAGE_TWO])
    doc = load_document(path, Settings(ocr=True))
    assert doc.pages == 2
    assert "ocr: page(s) 2 read by Tesseract" in " ".join(doc.warnings)
    first, second = doc.page_spans
    assert "tekstlaag" in doc.text[first[0]:first[1]]
    assert "consulent" in doc.text[second[0]:second[1]]


def _empty_path(monkeypatch, tmp_path: Path, tools: dict[str, str] | None = None) -> None:
    """PATH holding only the given fake programs, so ``tesseract`` is or is not found."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, script in (tools or {}).items():
        exe = folder / name
        exe.write_text(script, encoding="utf-8")
        exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(folder))


def test_ocr_unavailable_hint(tmp_path, monkeypatch):
    path = scanned_pdf(tmp_path / "gescand.pdf", [PAGE_ONE])
    _empty_path(monkeypatch, tmp_path)
    with pytest.raises(IngestError) as info:
        load_document(path, Settings(ocr=True))
    assert info.value.code == "ocr-unavailable"
    assert "tesseract-ocr-nld" in info.value.hint and str(path) in str(info.value)
    result = scan_document(path, Settings(ocr=True, analyzers=[]))
    assert result.error and "ocr-unavailable" in result.error


def test_mixed_pdf_without_tesseract_keeps_the_text_pages(tmp_path, monkeypatch):
    path = scanned_pdf(tmp_path / "gemengd.pdf", ["Deze eerste pagina heeft een gewone tekstlaag.", PAGE_TWO])
    _empty_path(monkeypatch, tmp_path)
    doc = load_document(path, Settings(ocr=True))
    assert "tekstlaag" in doc.text
    assert "pages-without-text: 2" in doc.warnings
    assert any(w.startswith("ocr-unavailable") and "tesseract-ocr-nld" in w for w in doc.warnings)


@pytest.mark.skipif(os.name != "posix", reason="fake tesseract is a shell script")
def test_missing_dutch_model_warns(tmp_path, monkeypatch):
    """A Tesseract with only English still reads the scan, with a warning naming the package."""
    fake = ("#!/bin/sh\n"
            'if [ "$1" = "--list-langs" ]; then printf "List of available languages (2):\\neng\\nosd\\n"; exit 0; fi\n'
            'for a in "$@"; do [ "$a" = "nld" ] && exit 1; done\n'
            'printf "Werk voor iedereen\\n\\nDe gemeente helpt inwoners aan werk.\\n"\n')
    _empty_path(monkeypatch, tmp_path, {"tesseract": fake})
    doc = load_document(scanned_pdf(tmp_path / "gescand.pdf", [PAGE_ONE]), Settings(ocr=True))
    assert "De gemeente helpt inwoners aan werk." in doc.text
    assert any(w.startswith("ocr-no-dutch") and "tesseract-ocr-nld" in w for w in doc.warnings)


def test_render_scale_is_capped_for_huge_pages():
    from scanner.ingest.ocr import DPI, MAX_PIXELS, _scale

    assert _scale((595, 842)) == pytest.approx(DPI / 72)
    huge = (14400.0, 14400.0)  # the largest page PDF allows: 200 x 200 inch
    scale = _scale(huge)
    assert huge[0] * huge[1] * scale * scale <= MAX_PIXELS * 1.001


def _stamped_scan(path: Path, page: tuple[str, list[str]]) -> Path:
    """A scanned page with a real page-number stamp on top: a few characters, one big image."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(_bitmap(*page)), 0, 0, width=A4[0], height=A4[1])
    c.setFont("Helvetica", 9)
    c.drawString(500, 30, "blz. 12")
    c.showPage()
    c.save()
    return path


def test_stamped_scan_is_still_detected(tmp_path):
    path = _stamped_scan(tmp_path / "gestempeld.pdf", PAGE_ONE)
    with pytest.raises(IngestError) as info:
        load_document(path, Settings())
    assert info.value.code == "no-text" and "--ocr" in info.value.hint


def test_page_with_little_text_and_no_image_is_not_a_scan(tmp_path):
    path = scanned_pdf(tmp_path / "kort.pdf", ["Bijlage 3"])
    assert "Bijlage 3" in load_document(path, Settings()).text


@needs_tesseract
def test_stamped_scan_is_read_by_ocr(tmp_path):
    doc = load_document(_stamped_scan(tmp_path / "gestempeld.pdf", PAGE_ONE), Settings(ocr=True))
    assert "talenten" in doc.text
