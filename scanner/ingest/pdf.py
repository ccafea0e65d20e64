"""PDF reader: pdfplumber characters -> cleaned blocks with page numbers.

Each page is parsed once (``page.chars``); grouping into lines, columns and
blocks happens in :mod:`scanner.ingest.pdflayout`.  Tables are looked for
with pdfplumber only on pages that have ruling lines or rectangles, because
table detection is expensive and most policy pages have none.  A quick
pypdfium2 pass first counts characters per page, so a scanned PDF is refused
(or sent to OCR) before the slow parser runs.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.errors import IngestError
from scanner.ingest.build import RawBlock, assemble
from scanner.ingest.clean import join_lines, normalise
from scanner.ingest.pdflayout import (TABLE_CELL, Char, Frag, PageBlock, build_rows, page_blocks, reading_lines,
                                      running_keys, strip_running)
from scanner.model import Document

if TYPE_CHECKING:
    from scanner.config import Settings

_BOLD = ("bold", "black", "heavy", "semibold", "demi")


def read_pdf(path: Path, settings: "Settings") -> Document:
    """Read a PDF into a Document; every failure is an :class:`IngestError`."""
    started = time.perf_counter()
    counts = text_layer_counts(path, settings)
    limits = settings.limits
    if len(counts) > limits.max_pages:
        raise IngestError(str(path), "too-many-pages", f"{len(counts)} pages, limit is {limits.max_pages}",
                          "raise the limit with --max-pages")
    if counts and not any(counts):
        if settings.ocr:
            from scanner.ingest.ocr import ocr_pdf

            return ocr_pdf(path, settings, list(range(1, len(counts) + 1)))
        raise IngestError(str(path), "no-text", "the PDF has no text layer", "scanned PDF; run with --ocr")
    pages = _parse_pages(path, settings, started)
    for page in pages:  # a stamped scan counts as a page without text (see _looks_scanned)
        page.empty = page.empty or (page.number <= len(counts) and not counts[page.number - 1])
    ocr, warnings = _ocr_missing_pages(path, settings, counts)
    document = _to_document(path, pages, settings, ocr)
    document.warnings.extend(warnings)
    return document


def _ocr_missing_pages(path: Path, settings: "Settings",
                       counts: list[int]) -> tuple[dict[int, list[RawBlock]], list[str]]:
    """OCR for the pages of a mixed PDF that have no text layer (only with ``--ocr``).

    The text pages are already read, so a missing Tesseract costs only the
    scanned pages: a warning with the install hint instead of losing the
    whole document.
    """
    missing = [n for n, c in enumerate(counts, start=1) if not c]
    if not settings.ocr or not missing:
        return {}, []
    from scanner.ingest.ocr import ocr_pages

    try:
        found, warnings = ocr_pages(path, settings, missing)
    except IngestError as exc:
        if exc.code != "ocr-unavailable":
            raise
        return {}, [f"ocr-unavailable: {exc.detail} ({exc.hint})"]
    read = [n for n in missing if found.get(n)]
    if read:
        warnings.insert(0, "ocr: page(s) " + ", ".join(map(str, read)) + " read by Tesseract; "
                        "check quotes against the original")
    return found, warnings


def text_layer_counts(path: Path, settings: "Settings") -> list[int]:
    """Characters per page from pypdfium2 (fast); also where encryption and damage show up."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path), password=settings.password)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            if settings.password:
                raise IngestError(str(path), "encrypted", "wrong password for this encrypted PDF",
                                  "check the value given with --password") from exc
            raise IngestError(str(path), "encrypted", "the PDF is encrypted",
                              "give the password with --password") from exc
        raise IngestError(str(path), "corrupt", f"the PDF cannot be read ({exc})",
                          "the file is damaged or truncated; download or export it again") from exc
    try:
        counts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range() if textpage.count_chars() < SCAN_MAX_CHARS else None
            counts.append(0 if text is not None and _looks_scanned(page, text) else textpage.count_chars())
            textpage.close()
            page.close()
        return counts
    except pdfium.PdfiumError as exc:
        raise IngestError(str(path), "corrupt", f"a page cannot be read ({exc})",
                          "the file is damaged or truncated") from exc
    finally:
        pdf.close()


# A scanned page often carries a few real characters: a stamped page number or
# archive code on top of the image.  Fewer visible characters than this on a
# page mostly covered by one image still means "no text layer".
SCAN_MAX_CHARS = 25


def _looks_scanned(page: Any, text: str) -> bool:
    """A page with (almost) no text whose area is mostly one image."""
    import pypdfium2.raw as pdfium_c

    if len("".join(text.split())) >= SCAN_MAX_CHARS:
        return False
    width, height = page.get_size()
    area = max(width * height, 1.0)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        bounds = obj.get_bounds() if hasattr(obj, "get_bounds") else obj.get_pos()  # pypdfium2 5 / 4
        left, bottom, right, top = bounds
        if (right - left) * (top - bottom) >= 0.5 * area:
            return True
    return False


class _Page:
    __slots__ = ("number", "height", "rows", "empty")

    def __init__(self, number: int, height: float, rows: list[list[Frag]], empty: bool) -> None:
        self.number, self.height, self.rows, self.empty = number, height, rows, empty


def _parse_pages(path: Path, settings: "Settings", started: float) -> list[_Page]:
    """Characters of every page grouped into rows, with limits checked between pages."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    limits = settings.limits
    pages: list[_Page] = []
    try:
        with pdfplumber.open(str(path), password=settings.password or "") as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if time.perf_counter() - started > limits.timeout_s:
                    raise IngestError(str(path), "timeout", f"reading took longer than {limits.timeout_s:g} s "
                                      f"(stopped at page {number})", "raise the limit with --timeout")
                chars = _chars(page, limits.max_chars_per_page, path, number)
                table_rows = _tables(page) if (page.rects or page.lines) else []
                rows = build_rows(_outside(chars, table_rows))
                rows.extend(table_rows)
                rows.sort(key=lambda r: r[0].top)
                pages.append(_Page(number, float(page.height), rows, not chars))
                page.flush_cache()
    except IngestError:
        raise
    except PDFPasswordIncorrect as exc:
        raise IngestError(str(path), "encrypted", "the PDF is encrypted", "give the password with --password") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise IngestError(str(path), "corrupt", f"the PDF cannot be parsed ({type(exc).__name__}: {exc})",
                          "the file is damaged; download or export it again") from exc
    return pages


def _chars(page: Any, limit: int, path: Path, number: int) -> list[Char]:
    """The page's upright, visible characters as light tuples."""
    raw = page.chars
    if len(raw) > limit:
        raise IngestError(str(path), "too-large", f"page {number} has {len(raw)} characters, limit is {limit}",
                          "raise the limit with --max-chars-per-page")
    width, height = float(page.width), float(page.height)
    x_off, y_off = float(page.bbox[0]), float(page.bbox[1])
    out = []
    bold_cache: dict[str, bool] = {}
    for c in raw:
        if not c.get("upright", True):
            continue
        x0, top = c["x0"] - x_off, c["top"] - y_off
        if x0 < -1 or top < -1 or x0 > width or top > height:
            continue
        font = c.get("fontname", "")
        bold = bold_cache.get(font)
        if bold is None:
            bold = bold_cache[font] = any(w in font.lower() for w in _BOLD)
        text = c["text"]
        if text.startswith("(cid:"):
            text = _cid_text(text)
            if not text:
                continue
        out.append(Char(text, x0, c["x1"] - x_off, top, c["bottom"] - y_off, float(c["size"]), bold))
    return out


_CID_BULLETS = {"(cid:127)", "(cid:149)", "(cid:183)", "(cid:108)", "(cid:110)", "(cid:113)", "(cid:167)"}


def _cid_text(text: str) -> str:
    """Glyphs without a Unicode mapping: bullets become "•", anything else is dropped."""
    return "\u2022" if text in _CID_BULLETS else ""


def _tables(page: Any) -> list[list[Frag]]:
    """Rows of ruled tables as fragment rows (one fragment per cell)."""
    rows: list[list[Frag]] = []
    try:
        tables = page.find_tables()
    except Exception:  # table detection is a bonus; never fail a document on it
        return []
    for table in tables:
        if len(table.rows) < 2 or max(len(r.cells) for r in table.rows) < 2:
            continue
        content = table.extract()
        filled = [c for row in content for c in row if c]
        if not filled or sum(c.count("\n") + 1 for c in filled) > 2.5 * len(filled):
            continue  # shaded boxes, not a grid: the aligned-text reader does better
        for row, cells in zip(table.rows, content):
            texts = [" ".join((c or "").split()) for c in cells]
            boxes = [b for b in row.cells if b]
            if not any(texts) or not boxes:
                continue
            top, bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
            frags = [Frag(t, b[0], b[2], top, bottom, TABLE_CELL, False, len(t))
                     for t, b in zip(texts, row.cells) if t and b]
            if frags:
                rows.append(frags)
    return rows


def _outside(chars: list[Char], table_rows: list[list[Frag]]) -> list[Char]:
    """Characters not inside a detected table (those are read per cell)."""
    if not table_rows:
        return chars
    boxes = [(min(f.x0 for f in r), min(f.top for f in r), max(f.x1 for f in r), max(f.bottom for f in r))
             for r in table_rows]
    return [c for c in chars if not any(b[0] - 1 <= c.x0 and c.x1 <= b[2] + 1 and b[1] - 1 <= c.top
                                        and c.bottom <= b[3] + 1 for b in boxes)]


def _to_document(path: Path, pages: list[_Page], settings: "Settings",
                 ocr: dict[int, list[RawBlock]] | None = None) -> Document:
    """Remove running heads, read each page, and stitch paragraphs across page breaks."""
    sizes: Counter = Counter()
    for page in pages:
        for row in page.rows:
            for frag in row:
                if frag.size > 0:
                    sizes[round(frag.size, 1)] += frag.nchars
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    keys = running_keys([(p.height, p.rows) for p in pages])
    raw: list[RawBlock] = []
    empty: list[int] = []
    carry: PageBlock | None = None  # open paragraph waiting for its continuation
    for page in pages:
        rows = strip_running(page.rows, page.height, keys)
        if page.empty and ocr and ocr.get(page.number):
            raw.extend(ocr[page.number])
            carry = None
            continue
        if page.empty:
            empty.append(page.number)
        blocks = page_blocks(reading_lines(rows), body)
        for index, block in enumerate(blocks):
            if index == 0 and carry is not None and _continues(carry, block):
                _append(raw[-1], block, page.number)
            else:
                raw.append(_raw(block, page.number))
            carry = block if block.open_end and index == len(blocks) - 1 else None
        if not blocks:
            carry = None if not page.empty else carry
    warnings = []
    if empty:
        warnings.append("pages-without-text: " + ", ".join(str(n) for n in empty))
    metadata = {"body_font_size": body, "running_heads": sorted(keys)}
    return assemble(str(path), "pdf", raw, pages=len(pages), warnings=warnings, metadata=metadata)


def _continues(prev: PageBlock, block: PageBlock) -> bool:
    """A paragraph cut by a page break: no final punctuation before, lower case after."""
    if block.kind not in ("paragraph",) or not block.lines:
        return False
    first = block.lines[0].lstrip()[:1]
    return bool(first) and (first.islower() or prev.lines[-1].rstrip().endswith(("-", ",")))


_LEADER = re.compile(r"(?:\s?\.){4,}\s*")


def _raw(block: PageBlock, page: int) -> RawBlock:
    text = _LEADER.sub(" ", normalise(join_lines(block.lines)))  # table-of-contents dot leaders
    return RawBlock(text=text, page=page, kind=block.kind, level=block.level,  # type: ignore[arg-type]
                    page_breaks=[], suppress=[])


def _append(target: RawBlock, block: PageBlock, page: int) -> None:
    """Continue ``target`` with the first block of the next page, remembering the break."""
    head = target.text
    joined = normalise(join_lines([head] + block.lines))
    offset = len(head) + (1 if len(joined) > len(head) and joined[len(head):len(head) + 1] == " " else 0)
    if head.endswith("-") and not joined.startswith(head):
        offset = len(head) - 1
    target.text = joined
    target.page_breaks.append((offset, page))
