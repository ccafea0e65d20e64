"""Markdown drafts: block structure from the source, inline markup stripped.

Policy drafts kept in Git (the CI use case) are mostly Markdown.  We only need
the prose and its structure, so this is a small line-based reader rather than
a full CommonMark parser: headings, paragraphs (soft breaks joined), list
items, block quotes, pipe tables; code fences, front matter, link
definitions and HTML comments are not prose and are skipped.
"""

from __future__ import annotations

import re

from scanner.ingest.build import RawBlock
from scanner.ingest.clean import join_lines, normalise
from scanner.ingest.suppress import SuppressionState, parse_comment

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_LIST = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(?=\S)")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_LINKDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+")
_FOOTNOTE = re.compile(r"^ {0,3}\[\^[^\]]+\]:\s*")
_COMMENT = re.compile(r"<!--.*?-->", re.S)

# Spans are bounded ({1,500}, {0,2000}): unbounded lazy groups make a line of
# thousands of unmatched markers ("**a **a ...", "[a](" ...) quadratic, a
# hostile draft could then hold a scan for minutes.  Longer emphasis keeps its
# markers in the text, which loses nothing.
_INLINE = [
    (re.compile(r"\[\^[^\]\n]{1,200}\]"), ""),                       # footnote reference [^1]
    (re.compile(r"!\[([^\]]{0,500})\]\([^)]{0,2000}\)"), r"\1"),     # image -> alt text
    (re.compile(r"\[([^\]]{1,500})\]\([^)]{0,2000}\)"), r"\1"),       # [text](url) -> text
    (re.compile(r"\[([^\]]{1,500})\]\[[^\]]{0,200}\]"), r"\1"),      # [text][ref] -> text
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),             # autolink
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"(`{1,10})(?!`)(.{1,500}?)(?<!`)\1(?!`)"), r"\2"),   # code spans
    (re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1"), r"\2"),     # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.{1,500}?)(?<=\S)\*(?![\w*])"), r"\1"),  # *em*
    (re.compile(r"(?<![\w_])_(?=\S)(.{1,500}?)(?<=\S)_(?![\w_])"), r"\1"),    # _em_
    (re.compile(r"~~(?=\S)(.{1,500}?)(?<=\S)~~"), r"\1"),           # strike-through
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),      # backslash escapes
]


def strip_inline(text: str) -> str:
    """Remove inline Markdown so the report quotes what a reader sees."""
    text = _COMMENT.sub("", text)
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def parse_markdown(text: str) -> tuple[list[RawBlock], dict[str, str]]:
    """Blocks (with source lines and suppression marks) and front-matter metadata."""
    lines = text.split("\n")
    meta, i = _front_matter(lines)
    reader = _Reader()
    fence: str | None = None
    while i < len(lines):
        line, number = lines[i], i + 1
        i += 1
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        directive = parse_comment(line)
        if directive:
            reader.flush()
            reader.state.directive(directive[0], directive[1], number)
            continue
        if not line.strip() or _RULE.match(line) and not reader.para:
            reader.flush()
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            reader.flush()
            fence = fence_match.group(1)[:3]
            continue
        atx = _ATX.match(line)
        if atx:
            reader.flush()
            reader.emit(atx.group(2) or "", "heading", number, len(atx.group(1)))
            continue
        if reader.para and reader.kind == "paragraph" and _SETEXT.match(line) and len(reader.para) == 1:
            title, start = reader.para[0], reader.start
            reader.para = []
            reader.emit(title, "heading", start, 1 if line.strip()[0] == "=" else 2)
            continue
        note = _FOOTNOTE.match(line)
        if note:  # "[^1]: text" - the note's text is prose, the label is not
            reader.flush()
            reader.begin("paragraph", number, 0)
            reader.para.append(line[note.end():])
            continue
        if _LINKDEF.match(line) or re.match(r"^\s*<!--.*-->\s*$", line):
            continue
        if "|" in line and (line.strip().startswith("|") or reader.kind == "table-row"):
            reader.flush()
            if not _TABLE_SEP.match(line):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                reader.emit(" | ".join(c for c in cells if c), "table-row", number)
                reader.kind = "table-row"
            continue
        quote = _QUOTE.match(line)
        if quote:
            line = line[quote.end():]
            if not line.strip():
                reader.flush()
                continue
        item = _LIST.match(line)
        if item:
            reader.flush()
            indent = len(item.group(1).expandtabs(4))
            reader.begin("list-item", number, 1 + indent // 2)
            reader.para.append(line[item.end():])
            continue
        if not reader.para:
            reader.begin("paragraph", number, 0)
        reader.para.append(line)
    reader.flush()
    return reader.blocks, meta


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """YAML front matter (``---`` ... ``---`` at the top) is metadata, not prose."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            meta = {}
            for raw in lines[1:end]:
                if ":" in raw and not raw.startswith(" "):
                    key, value = raw.split(":", 1)
                    meta[key.strip()] = value.strip().strip("'\"")
            return meta, end + 1
    return {}, 0


class _Reader:
    """Collects the lines of the open block and emits finished blocks."""

    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.state = SuppressionState()
        self.para: list[str] = []
        self.kind = "paragraph"
        self.start = 0
        self.level = 0

    def begin(self, kind: str, line: int, level: int) -> None:
        self.kind, self.start, self.level = kind, line, level

    def flush(self) -> None:
        if self.para:
            self.emit(join_lines(self.para), self.kind, self.start, self.level)
        self.para = []
        self.kind = "paragraph"

    def emit(self, text: str, kind: str, line: int, level: int = 0) -> None:
        clean = normalise(strip_inline(text)).strip()
        clean = re.sub(r" {2,}", " ", clean)
        if clean:
            self.blocks.append(RawBlock(text=clean, kind=kind, line=line, level=level,  # type: ignore[arg-type]
                                        suppress=self.state.marks_for_block()))
