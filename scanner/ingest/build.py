"""Assemble a :class:`~scanner.model.Document` from reader output.

Every reader (PDF, DOCX, Markdown, text) produces a flat list of
:class:`RawBlock` in reading order; this module is the single place that turns
them into ``Document.text`` + blocks + page spans + suppressions, so the
offset bookkeeping (the accounting invariant) is written and tested once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scanner.model import Block, BlockKind, Document

SEPARATOR = "\n\n"


@dataclass(slots=True)
class RawBlock:
    """A block before offsets are known.

    ``page_breaks`` are offsets inside ``text`` where a later page begins (a
    paragraph continued across a page break), so page spans stay exact.
    ``suppress`` holds inline-suppression marks: dicts with ``rules``,
    ``line`` and ``group`` (blocks sharing a group become one suppression).
    """

    text: str
    page: int = 1
    kind: BlockKind = "paragraph"
    level: int = 0
    line: int = 0
    page_breaks: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, page)
    suppress: list[dict[str, Any]] = field(default_factory=list)

    @property
    def page_end(self) -> int:
        return self.page_breaks[-1][1] if self.page_breaks else self.page


def assemble(path: str, fmt: str, raw: list[RawBlock], pages: int,
             warnings: list[str] | None = None, metadata: dict[str, Any] | None = None) -> Document:
    """Join block texts with blank lines and compute every offset once."""
    parts: list[str] = []
    blocks: list[Block] = []
    pieces: list[tuple[int, int, int]] = []  # (start, end, page) page-homogeneous pieces
    groups: dict[Any, dict[str, Any]] = {}
    order: list[Any] = []
    pos = 0
    for rb in raw:
        text = rb.text.strip()
        if not text:
            continue
        if text != rb.text:  # keep page-break offsets aligned with the stripped text
            shift = len(rb.text) - len(rb.text.lstrip())
            rb.page_breaks = [(max(0, o - shift), p) for o, p in rb.page_breaks]
        if parts:
            parts.append(SEPARATOR)
            pos += len(SEPARATOR)
        start, end = pos, pos + len(text)
        parts.append(text)
        pos = end
        page_end = rb.page_end
        blocks.append(Block(start=start, end=end, page=rb.page, kind=rb.kind,
                            page_end=page_end if page_end != rb.page else None,
                            level=rb.level, line=rb.line))
        cut, page = start, rb.page
        for offset, next_page in rb.page_breaks:
            at = min(end, start + max(0, offset))
            pieces.append((cut, at, page))
            cut, page = at, next_page
        pieces.append((cut, end, page))
        for mark in rb.suppress:
            key = mark.get("group", id(mark))
            if key in groups:
                groups[key]["end"] = end
            else:
                groups[key] = {"start": start, "end": end, "rules": list(mark.get("rules", [])),
                               "line": int(mark.get("line", 0))}
                order.append(key)
    text = "".join(parts)
    pages = max([pages] + [p for _, _, p in pieces])
    return Document(path=path, format=fmt, text=text, blocks=blocks, pages=pages,
                    page_spans=page_spans(pieces, pages, len(text)),
                    warnings=list(warnings or []), metadata=dict(metadata or {}),
                    suppressions=[groups[k] for k in order])


def page_spans(pieces: list[tuple[int, int, int]], pages: int, total: int) -> list[tuple[int, int]]:
    """(start, end) per page; a page without text gets an empty span where it would be."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for start, end, page in pieces:
        first.setdefault(page, start)
        last[page] = end
    spans: list[tuple[int, int]] = []
    cursor = 0
    for page in range(1, pages + 1):
        if page in first:
            start = max(cursor, first[page])
            spans.append((start, max(start, last[page])))
            cursor = spans[-1][1]
        else:
            nxt = min((first[p] for p in first if p > page), default=total)
            spans.append((cursor, cursor) if cursor else (nxt, nxt))
    return spans
