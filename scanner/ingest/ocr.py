"""OCR for scanned PDFs (``--ocr``): render pages with pypdfium2, read them with Tesseract.

Tesseract is an external program (Debian: ``tesseract-ocr tesseract-ocr-nld``)
so it is looked up at run time; without it the user gets one clear error
instead of an empty report.  Without the Dutch model Tesseract still runs
(English model) but drops diacritics and mis-splits Dutch words, so that case
gets a warning naming the package to install.
"""

from __future__ import annotations

import functools
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
DUTCH_HINT = "apt-get install tesseract-ocr-nld"
DPI = 300
# A page is rendered at DPI unless that exceeds this many pixels (an A0 poster
# or a hostile 200x200-inch page would otherwise need gigabytes of memory).
MAX_PIXELS = 40_000_000
PAGE_TIMEOUT_S = 300.0


def tesseract() -> str:
    """Path of the tesseract program, or an ``ocr-unavailable`` error."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise IngestError("tesseract", "ocr-unavailable", "OCR was requested but Tesseract is not installed",
                          INSTALL_HINT)
    return exe


@functools.lru_cache(maxsize=4)
def languages(exe: str) -> frozenset[str]:
    """Language models Tesseract has (asked once per process: it is a subprocess call)."""
    try:
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (subprocess.SubprocessError, OSError):
        return frozenset()
    return frozenset(line.strip() for line in listed.splitlines()[1:] if line.strip())


def ocr_pages(path: Path, settings: "Settings", pages: list[int]) -> tuple[dict[int, list[RawBlock]], list[str]]:
    """Blocks per page number for the given 1-based pages, plus warnings."""
    import pypdfium2 as pdfium

    try:
        exe = tesseract()
    except IngestError as exc:
        raise IngestError(str(path), exc.code, exc.detail, exc.hint) from exc
    have = languages(exe)
    lang = "nld" if "nld" in have else "eng"
    warnings = [] if lang == "nld" else [
        f"ocr-no-dutch: Tesseract has no Dutch model; read with '{lang}', diacritics may be lost ({DUTCH_HINT})"]
    started = time.perf_counter()
    limit = settings.limits.timeout_s
    out: dict[int, list[RawBlock]] = {}
    pdf = pdfium.PdfDocument(str(path), password=settings.password)
    try:
        with tempfile.TemporaryDirectory(prefix="genderscan-ocr-") as tmp:
            for number in pages:
                left = limit - (time.perf_counter() - started)
                if left <= 0:
                    raise IngestError(str(path), "timeout", f"OCR took longer than {limit:g} s "
                                      f"(stopped at page {number})", "raise the limit with --timeout")
                image = Path(tmp) / f"p{number}.png"
                page = pdf[number - 1]
                page.render(scale=_scale(page.get_size())).to_pil().save(image)
                page.close()
                out[number] = _blocks(_run(exe, image, path, lang, min(left, PAGE_TIMEOUT_S)), number)
    finally:
        pdf.close()
    return out, warnings


def _scale(size: tuple[float, float]) -> float:
    """Render scale for DPI, reduced so the bitmap stays under MAX_PIXELS."""
    scale = DPI / 72
    width, height = max(size[0], 1.0), max(size[1], 1.0)
    pixels = width * height * scale * scale
    return scale if pixels <= MAX_PIXELS else scale * (MAX_PIXELS / pixels) ** 0.5


def _blocks(text: str, number: int) -> list[RawBlock]:
    """Tesseract's text as blocks on page ``number`` (blank lines separate its paragraphs)."""
    blocks = parse_plain(text.replace("\f", "\n"))
    for block in blocks:
        block.page, block.line, block.suppress = number, 0, []  # no suppression comments in a scan
    return blocks


def _run(exe: str, image: Path, path: Path, lang: str, timeout: float) -> str:
    try:
        done = subprocess.run([exe, str(image), "stdout", "-l", lang], capture_output=True,
                              text=True, timeout=max(timeout, 1.0), check=True)
    except subprocess.TimeoutExpired as exc:
        raise IngestError(str(path), "timeout", f"OCR of one page took longer than {timeout:.0f} s",
                          "raise the limit with --timeout") from exc
    except (subprocess.SubprocessError, OSError) as exc:
        raise IngestError(str(path), "ocr-unavailable", f"Tesseract failed ({exc})", INSTALL_HINT) from exc
    return done.stdout


def ocr_pdf(path: Path, settings: "Settings", pages: list[int]) -> Document:
    """A Document read entirely by OCR (a scan without any text layer)."""
    found, warnings = ocr_pages(path, settings, pages)
    blocks = [b for number in sorted(found) for b in found[number]]
    doc = assemble(str(path), "pdf", blocks, pages=max(pages) if pages else 1,
                   warnings=[f"ocr: {len(pages)} page(s) read by Tesseract; check quotes against the original",
                             *warnings])
    doc.metadata["ocr_pages"] = pages
    return doc
