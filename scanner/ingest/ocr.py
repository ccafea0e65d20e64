"""OCR for scanned PDFs (``--ocr``): render pages with pypdfium2, read them with Tesseract.

Tesseract is an external program (Debian: ``tesseract-ocr tesseract-ocr-nld``)
so it is looked up at run time; without it the user gets one clear error
instead of an empty report.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import IngestError
from scanner.ingest.build import RawBlock, assemble
from scanner.ingest.text import parse_plain
from scanner.model import Document

if TYPE_CHECKING:
    from scanner.config import Settings

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-nld"


def tesseract() -> str:
    """Path of the tesseract program, or an ``ocr-unavailable`` error."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise IngestError("tesseract", "ocr-unavailable", "OCR was requested but Tesseract is not installed",
                          INSTALL_HINT)
    return exe


def ocr_pages(path: Path, settings: "Settings", pages: list[int]) -> dict[int, list[RawBlock]]:
    """Blocks per page number for the given 1-based pages."""
    import pypdfium2 as pdfium

    try:
        exe = tesseract()
    except IngestError as exc:
        raise IngestError(str(path), exc.code, exc.detail, exc.hint) from exc
    started = time.perf_counter()
    out: dict[int, list[RawBlock]] = {}
    pdf = pdfium.PdfDocument(str(path), password=settings.password)
    try:
        with tempfile.TemporaryDirectory(prefix="genderscan-ocr-") as tmp:
            for number in pages:
                if time.perf_counter() - started > settings.limits.timeout_s:
                    raise IngestError(str(path), "timeout", f"OCR stopped at page {number}", "raise --timeout")
                image = Path(tmp) / f"p{number}.png"
                pdf[number - 1].render(scale=300 / 72).to_pil().save(image)
                text = _run(exe, image, path)
                blocks = parse_plain(text)
                for block in blocks:
                    block.page, block.line = number, 0
                out[number] = blocks
    finally:
        pdf.close()
    return out


def _run(exe: str, image: Path, path: Path) -> str:
    languages = "nld" if _has_dutch(exe) else "eng"
    try:
        done = subprocess.run([exe, str(image), "stdout", "-l", languages], capture_output=True,
                              text=True, timeout=300, check=True)
    except (subprocess.SubprocessError, OSError) as exc:
        raise IngestError(str(path), "ocr-unavailable", f"Tesseract failed ({exc})", INSTALL_HINT) from exc
    return done.stdout


def _has_dutch(exe: str) -> bool:
    try:
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (subprocess.SubprocessError, OSError):
        return False
    return "nld" in listed.split()


def ocr_pdf(path: Path, settings: "Settings", pages: list[int]) -> Document:
    """A Document read entirely by OCR (a scan without any text layer)."""
    found = ocr_pages(path, settings, pages)
    blocks = [b for number in sorted(found) for b in found[number]]
    doc = assemble(str(path), "pdf", blocks, pages=max(pages) if pages else 1,
                   warnings=["ocr: text read by Tesseract; check quotes against the original"])
    doc.metadata["ocr_pages"] = pages
    return doc
