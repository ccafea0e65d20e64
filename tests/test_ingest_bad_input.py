"""Hostile and broken input: every case is one IngestError with a stable code naming the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from scanner.config import Limits, Settings
from scanner.errors import IngestError
from scanner.ingest import load_document

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402


def _pdf(path: Path, pages: int = 1, text: bool = True, **kwargs) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    for number in range(pages):
        if text:
            c.setFont("Helvetica", 11)
            c.drawString(72, 760, f"Pagina-inhoud nummer {number + 1}: de gemeente ondersteunt werkzoekenden.")
        else:
            c.rect(72, 500, 200, 150, fill=1)
            c.circle(300, 300, 50)
        c.showPage()
    c.save()
    return path


def _error(path: Path, settings: Settings | None = None) -> IngestError:
    with pytest.raises(IngestError) as info:
        load_document(path, settings or Settings())
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)
    return info.value


def test_missing_file(tmp_path):
    assert _error(tmp_path / "weg.pdf").code == "not-found"


def test_zero_byte(tmp_path):
    path = tmp_path / "leeg.pdf"
    path.write_bytes(b"")
    assert _error(path).code == "empty"


def test_unsupported_extension(tmp_path):
    path = tmp_path / "notitie.odt"
    path.write_bytes(b"whatever")
    err = _error(path)
    assert err.code == "unsupported" and ".pdf" in err.hint


def test_junk_named_pdf(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"dit is geen pdf maar gewone tekst\n" * 20)
    assert _error(path).code == "corrupt"


def test_zip_named_pdf(tmp_path):
    path = tmp_path / "archief.pdf"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "hallo")
    err = _error(path)
    assert err.code == "unsupported" and "ZIP" in err.detail


def test_truncated_pdf(tmp_path):
    good = _pdf(tmp_path / "heel.pdf", pages=3).read_bytes()
    path = tmp_path / "afgebroken.pdf"
    path.write_bytes(good[: len(good) // 3])
    assert _error(path).code in ("corrupt", "no-text")


def test_encrypted_pdf_without_and_with_password(tmp_path):
    from reportlab.lib import pdfencrypt

    enc = pdfencrypt.StandardEncryption("geheim", ownerPassword="eigenaar", strength=128)
    path = _pdf(tmp_path / "versleuteld.pdf", encrypt=enc)
    assert _error(path).code == "encrypted"
    wrong = _error(path, Settings(password="fout"))
    assert wrong.code == "encrypted" and "wrong" in wrong.detail
    doc = load_document(path, Settings(password="geheim"))
    assert "werkzoekenden" in doc.text


def test_image_only_pdf(tmp_path):
    err = _error(_pdf(tmp_path / "scan.pdf", pages=2, text=False))
    assert err.code == "no-text" and "--ocr" in err.hint


def test_pages_without_text_warn(tmp_path):
    path = tmp_path / "gemengd.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, "Eerste pagina met tekst over werk en inkomen.")
    c.showPage()
    c.rect(72, 500, 200, 150, fill=1)
    c.showPage()
    c.save()
    doc = load_document(path, Settings())
    assert "pages-without-text: 2" in doc.warnings


def test_too_many_pages(tmp_path):
    path = _pdf(tmp_path / "dik.pdf", pages=4)
    assert _error(path, Settings(limits=Limits(max_pages=3))).code == "too-many-pages"


def test_file_too_large(tmp_path):
    path = _pdf(tmp_path / "groot.pdf", pages=2)
    assert _error(path, Settings(limits=Limits(max_file_mb=0.0001))).code == "too-large"


def test_too_many_chars_per_page(tmp_path):
    path = _pdf(tmp_path / "vol.pdf")
    assert _error(path, Settings(limits=Limits(max_chars_per_page=10))).code == "too-large"


def test_timeout(tmp_path):
    path = _pdf(tmp_path / "traag.pdf", pages=2)
    assert _error(path, Settings(limits=Limits(timeout_s=0.0))).code == "timeout"


def test_zip_not_docx(tmp_path):
    path = tmp_path / "archief.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "geen word")
    assert _error(path).code == "unsupported"


def test_zip_bomb_docx(tmp_path):
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * 5_000_000 + b"</w:document>")
    assert _error(path).code == "zip-bomb"


def test_pdf_named_docx(tmp_path):
    path = tmp_path / "echt.docx"
    path.write_bytes(_pdf(tmp_path / "x.pdf").read_bytes())
    assert _error(path).code == "unsupported"


def test_binary_text_file(tmp_path):
    path = tmp_path / "binair.txt"
    path.write_bytes(bytes(range(256)) * 20)
    assert _error(path).code == "encoding"


def test_cp1252_text(tmp_path):
    path = tmp_path / "oud.txt"
    path.write_bytes("Financiële zelfstandigheid is het doel van beleid.\n".encode("cp1252"))
    doc = load_document(path, Settings())
    assert "Financiële" in doc.text
    assert "encoding: read as cp1252" in doc.warnings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_bom_text(tmp_path, encoding):
    path = tmp_path / f"bom-{encoding}.md"
    path.write_bytes("# Cliënten\n\nDe coördinator helpt cliënten.\n".encode(encoding))
    doc = load_document(path, Settings())
    assert doc.text.startswith("Cliënten")
    assert "\ufeff" not in doc.text
    assert not doc.warnings


def test_empty_text_after_cleanup(tmp_path):
    path = tmp_path / "alleen-commentaar.md"
    path.write_text("<!-- genderscan-disable -->\n\n", encoding="utf-8")
    assert _error(path).code == "empty"


def test_pipeline_reports_bad_file_without_raising(tmp_path):
    from scanner.pipeline import scan_document

    path = tmp_path / "leeg.docx"
    path.write_bytes(b"")
    result = scan_document(path)
    assert result.error and "leeg.docx" in result.error


def test_ocr_unavailable(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    err = _error(_pdf(tmp_path / "scan.pdf", text=False), Settings(ocr=True))
    assert err.code == "ocr-unavailable" and "tesseract-ocr-nld" in err.hint
