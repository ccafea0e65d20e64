"""Plain-text drafts: decoding and paragraph/heading/list recognition.

Decoding is shared with Markdown: UTF-8 (with or without BOM) and UTF-16 with
BOM are read as such; anything else falls back to cp1252 (Word's "plain
text" on Dutch Windows) with a warning, and binary junk is refused instead
of being scanned as gibberish.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from scanner.errors import IngestError
from scanner.ingest.build import RawBlock
from scanner.ingest.clean import join_lines, normalise
from scanner.ingest.suppress import SuppressionState, parse_comment

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_BULLET = re.compile(r"^(\s*)([-*+\u2022\u2013\u25aa\u25cf\u00b7o])\s+(?=\S)")
_NUMBERED = re.compile(r"^(\s*)(\d{1,3}[.)]|[a-z][.)]|\(?[a-z0-9]{1,3}\)|[ivx]{1,4}[.)])\s+(?=\S)")
_SECTION = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.?)\s+\S")
_FINAL_PUNCT = tuple(".,;:!?")


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Bytes to text plus warnings; binary junk raises ``IngestError(code="encoding")``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), path), []
            except UnicodeDecodeError as exc:
                raise IngestError(str(path), "encoding", f"invalid {encoding.upper()} text: {exc.reason}",
                                  "save the file as UTF-8") from exc
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is None:
            raise IngestError(str(path), "encoding", "binary data (NUL bytes), not a text file",
                              "export the document as UTF-8 text, PDF or DOCX")
        return _check_text(guess, path), ["encoding: read as UTF-16 without BOM"]
    try:
        return _check_text(data.decode("utf-8"), path), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise IngestError(str(path), "encoding", "not UTF-8 and not cp1252 text",
                          "save the file as UTF-8") from exc
    return _check_text(text, path), ["encoding: read as cp1252"]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without BOM shows NULs in every other byte."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    encoding = "utf-16-le" if odd > 0.4 * half and even < 0.05 * half else (
        "utf-16-be" if even > 0.4 * half and odd < 0.05 * half else None)
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _check_text(text: str, path: Path) -> str:
    """Refuse decoded text that is mostly control characters (a binary file)."""
    sample = text[:20000]
    if sample:
        bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t\f") or ch == "\ufffd")
        if bad / len(sample) > 0.05:
            raise IngestError(str(path), "encoding", "binary data, not a text file",
                              "export the document as UTF-8 text, PDF or DOCX")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def list_marker(line: str) -> re.Match[str] | None:
    """The bullet or number that opens a list item, if any."""
    return _BULLET.match(line) or _NUMBERED.match(line)


def looks_like_heading(line: str) -> bool:
    """A short line without final punctuation, or a numbered section title ("2.1 Doelen")."""
    text = line.strip()
    if not text or len(text) > 90 or len(text.split()) > 12 or text.endswith(_FINAL_PUNCT):
        return False
    if _BULLET.match(text):
        return False
    first = re.sub(r"^[\d.)\s]+", "", text)[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def heading_level(line: str) -> int:
    match = _SECTION.match(line.strip())
    if match:
        return match.group(1).rstrip(".").count(".") + 1
    return 1


def parse_plain(text: str) -> list[RawBlock]:
    """Blocks of a plain-text file, with 1-based source lines and suppressions."""
    blocks: list[RawBlock] = []
    state = SuppressionState()
    group: list[tuple[int, str]] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        directive = parse_comment(line, hash_comments=True)
        if directive:
            blocks.extend(_group_blocks(group, state, True))
            group = []
            state.directive(directive[0], directive[1], number)
        elif line.strip():
            group.append((number, line))
        else:
            blocks.extend(_group_blocks(group, state, True))
            group = []
    blocks.extend(_group_blocks(group, state, True))
    return blocks


def _group_blocks(group: list[tuple[int, str]], state: SuppressionState,
                  blank_after: bool) -> list[RawBlock]:
    """Split a run of non-blank lines into heading, list items and paragraphs."""
    if not group:
        return []
    out: list[RawBlock] = []
    first_no, first = group[0]
    if len(group) == 1 and looks_like_heading(first) and not _BULLET.match(first):
        return [_block(first.strip(), "heading", first_no, state, heading_level(first))]
    if len(group) > 1 and _SECTION.match(first.strip()) and looks_like_heading(first) \
            and not re.match(r"^\d{1,3}[.)]\s", first.strip()):
        out.append(_block(first.strip(), "heading", first_no, state, heading_level(first)))
        group = group[1:]
    current: list[str] = []
    kind, start_no, level = "paragraph", group[0][0], 0
    for number, line in group:
        marker = list_marker(line)
        if marker:
            if current:
                out.append(_block(join_lines(current), kind, start_no, state, level))
            indent = len(marker.group(1).expandtabs(4))
            current, kind, start_no, level = [line[marker.end():]], "list-item", number, 1 + indent // 2
        else:
            if not current:
                start_no = number
            current.append(line)
    if current:
        out.append(_block(join_lines(current), kind, start_no, state, level))
    return out


def _block(text: str, kind: str, line: int, state: SuppressionState, level: int = 0) -> RawBlock:
    return RawBlock(text=normalise(text), kind=kind, line=line, level=level,  # type: ignore[arg-type]
                    suppress=state.marks_for_block())
