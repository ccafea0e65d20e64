"""Read a Markdown or plain-text file into a Document (decode, parse, assemble)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import IngestError
from scanner.ingest.build import assemble
from scanner.ingest.markdown import parse_markdown
from scanner.ingest.text import decode, parse_plain
from scanner.model import Document

if TYPE_CHECKING:
    from scanner.config import Settings


def read_textfile(path: Path, fmt: str, settings: "Settings") -> Document:
    """Markdown (``fmt="markdown"``) or plain text (``fmt="text"``)."""
    text, warnings = decode(path.read_bytes(), path)
    limit = settings.limits.max_chars_per_page * max(1, settings.limits.max_pages)
    if len(text) > limit:
        raise IngestError(str(path), "too-large", f"{len(text)} characters, limit is {limit}",
                          "raise --max-pages or --max-chars-per-page")
    metadata: dict[str, str] = {}
    if fmt == "markdown":
        blocks, metadata = parse_markdown(text)
    else:
        blocks = parse_plain(text)
    return assemble(str(path), fmt, blocks, pages=1, warnings=warnings, metadata=metadata)
