"""DOCX reader: body paragraphs and tables in document order, after a zip-bomb check.

A DOCX is a ZIP archive; a hostile one can expand to gigabytes.  The archive
directory is checked (integrity, total uncompressed size, compression ratio)
before python-docx inflates anything.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.errors import IngestError
from scanner.ingest.build import RawBlock, assemble
from scanner.ingest.clean import normalise
from scanner.model import Document

if TYPE_CHECKING:
    from scanner.config import Settings

_HEADING = re.compile(r"^(?:heading|kop)\s*(\d)", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(path: Path, settings: "Settings") -> None:
    """Refuse damaged archives, zip bombs and ZIPs that are not Word documents."""
    limits = settings.limits
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > limits.max_docx_uncompressed_mb * 1024 * 1024:
                raise IngestError(str(path), "zip-bomb", f"unpacks to {total / 1048576:.0f} MB, limit is "
                                  f"{limits.max_docx_uncompressed_mb:g} MB", "raise --max-docx-uncompressed-mb")
            if total / packed > limits.max_docx_ratio:
                raise IngestError(str(path), "zip-bomb", f"compression ratio {total / packed:.0f}:1 exceeds "
                                  f"{limits.max_docx_ratio:g}:1", "a normal Word file compresses far less")
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise IngestError(str(path), "unsupported", "a ZIP archive but not a Word document",
                                  "save the document as .docx from Word or LibreOffice")
            bad = archive.testzip()
            if bad is not None:
                raise IngestError(str(path), "corrupt", f"damaged archive member {bad}",
                                  "save the document again")
    except zipfile.BadZipFile as exc:
        raise IngestError(str(path), "corrupt", f"not a valid DOCX/ZIP archive ({exc})",
                          "the file is damaged or truncated") from exc
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise IngestError(str(path), "corrupt", f"cannot read archive ({exc})", "") from exc


def read_docx(path: Path, settings: "Settings") -> Document:
    """Headings, paragraphs, list items and table rows of a DOCX, in body order."""
    check_zip(path, settings)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except IngestError:
        raise
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on bad parts
        raise IngestError(str(path), "corrupt", f"the Word document cannot be opened ({type(exc).__name__})",
                          "save it again from Word") from exc
    blocks: list[RawBlock] = []
    page = 1
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            block = _paragraph_block(paragraph, page)
            page += _page_breaks(child)
            if block:
                blocks.append(block)
        elif tag == "tbl":
            blocks.extend(_table_blocks(Table(child, document), page))
    props = document.core_properties
    metadata = {k: v for k, v in {"title": props.title, "author": props.author}.items() if v}
    return assemble(str(path), "docx", blocks, pages=page, metadata=metadata)


def _paragraph_text(element: Any) -> str:
    """Visible run text; hyperlink targets and field codes are not text."""
    parts = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen"):
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "noBreakHyphen":
            parts.append("-")
        else:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _paragraph_block(paragraph: Any, page: int) -> RawBlock | None:
    text = normalise(_paragraph_text(paragraph._p))
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = _HEADING.match(style)
    if heading:
        return RawBlock(text=text, page=page, kind="heading", level=int(heading.group(1)))
    if style.lower() in ("title", "titel"):
        return RawBlock(text=text, page=page, kind="heading", level=1)
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or style.lower().startswith(("list", "lijst")):
        level = 1
        if numbered and paragraph._p.pPr.numPr.ilvl is not None:
            level = int(paragraph._p.pPr.numPr.ilvl.val) + 1
        return RawBlock(text=text, page=page, kind="list-item", level=level)
    if style.lower() in ("caption", "bijschrift"):
        return RawBlock(text=text, page=page, kind="caption")
    return RawBlock(text=text, page=page, kind="paragraph")


def _page_breaks(element: Any) -> int:
    """Explicit page breaks in a paragraph (DOCX has no real pages)."""
    return sum(1 for br in element.iter(_W + "br") if br.get(_W + "type") == "page")


def _table_blocks(table: Any, page: int) -> list[RawBlock]:
    """One table-row block per row, cells joined by " | " (merged cells once)."""
    out = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = " ".join(_paragraph_text(p) for p in cell._tc.iter(_W + "p"))
            text = normalise(" ".join(text.split()))
            if text:
                cells.append(text)
        if cells:
            out.append(RawBlock(text=" | ".join(cells), page=page, kind="table-row"))
    return out
