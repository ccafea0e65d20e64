"""Cache extraction results keyed by file content (``--cache-dir``).

PDF parsing dominates a scan.  After a lexicon edit a consultant rescans the
same set; with a cache only the analysis runs again.  The key is the SHA-256
of the file bytes plus everything that changes extraction (genderscan
version, OCR on/off), so a renamed file still hits and an edited file misses.
Entries are plain JSON (never pickle): a cache folder shared between users is
not a code-execution channel.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from scanner import __version__
from scanner.model import Block, Document

CACHE_FORMAT = 1


def cache_key(path: Path, ocr: bool) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    digest.update(f"|genderscan {__version__}|format {CACHE_FORMAT}|ocr {ocr}".encode())
    return digest.hexdigest()


def load(cache_dir: Path, key: str, path: Path) -> Document | None:
    entry = cache_dir / key[:2] / f"{key}.json"
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        blocks = [Block(**b) for b in data.pop("blocks")]
        data["page_spans"] = [tuple(span) for span in data["page_spans"]]
        document = Document(blocks=blocks, **data)
    except (KeyError, TypeError):
        return None  # an entry from another version: re-extract
    document.path = str(path)
    return document


def store(cache_dir: Path, key: str, document: Document) -> None:
    """Write atomically so parallel workers never read half an entry."""
    folder = cache_dir / key[:2]
    folder.mkdir(parents=True, exist_ok=True)
    data = asdict(document)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
    os.replace(tmp, folder / f"{key}.json")
