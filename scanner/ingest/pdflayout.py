"""Page layout analysis for PDFs: characters -> lines -> columns -> blocks.

pdfminer's layout analysis is the slow part of PDF extraction, so genderscan
reads each page's characters once and does its own, simpler grouping: rows by
baseline, fragments split at wide gaps, an optional two-column gutter per
page, then paragraphs, headings, list items and table rows.  Everything here
is pure Python over small tuples, independent of the PDF library, so it can be
unit-tested with synthetic characters and the backend can be swapped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

# A character as the backend delivers it.
@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(slots=True)
class Frag:
    """Words on one baseline without a wide gap: a line of a column or a table cell."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    nchars: int


@dataclass(slots=True)
class Line:
    """What paragraph building sees: one visual line in reading order."""

    frags: list[Frag]
    col_x0: float = 0.0
    col_x1: float = 0.0
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False

    def __post_init__(self) -> None:
        f = self.frags
        if len(f) >= 2 and _BARE_MARKER.match(f[0].text) and f[0].size != TABLE_CELL:
            # "-<tab>text": the marker is not a table cell
            a, b = f[0], f[1]
            f = self.frags = [Frag(a.text + " " + b.text, a.x0, b.x1, min(a.top, b.top), max(a.bottom, b.bottom),
                                   b.size, b.bold, a.nchars + b.nchars)] + f[2:]
        self.text = " ".join(x.text for x in f)
        self.x0, self.x1 = min(x.x0 for x in f), max(x.x1 for x in f)
        self.top, self.bottom = min(x.top for x in f), max(x.bottom for x in f)
        self.size = max(f, key=lambda x: x.nchars).size
        self.bold = all(x.bold for x in f)


@dataclass(slots=True)
class PageBlock:
    """A block found on one page (before cross-page merging)."""

    kind: str
    lines: list[str]
    level: int = 0
    open_end: bool = False  # last paragraph of the page that may continue
    size: float = 0.0  # font size of its first line (footnotes are smaller)
    extra: dict = field(default_factory=dict)


TABLE_CELL = -1.0  # Frag.size of a cell found by ruled-table detection
_BARE_MARKER = re.compile(r"^(?:[\u2022\u25aa\u25cf\u25e6\u2013\u2014\u00b7\uf0b7\uf0a7\uf076\u27a2\u2192\u25ba*o-]"
                          r"|\(?\d{1,3}[.)]|\(?[a-z][.)]|[ivx]{1,4}[.)])$")
_WORD_GAP = 0.2  # in em: a wider gap between glyphs is a space
_FRAG_GAP = 1.2  # in em: a wider gap splits a line into fragments (cells, columns)


# ---------------------------------------------------------------- rows and fragments

def build_rows(chars: list[Char]) -> list[list[Frag]]:
    """Group characters into rows of fragments, top to bottom.

    Superscript footnote markers (smaller glyphs above the baseline) are
    dropped so they never glue onto a word ("werkloosheid³" -> "werkloosheid").
    """
    if not chars:
        return []
    chars = sorted(chars, key=lambda c: (round(c.bottom, 0), c.x0))
    rows: list[list[Char]] = []
    current: list[Char] = [chars[0]]
    base = chars[0].bottom
    for ch in chars[1:]:
        if abs(ch.bottom - base) <= 0.25 * max(ch.size, 1.0):
            current.append(ch)
        else:
            rows.append(current)
            current, base = [ch], ch.bottom
    rows.append(current)
    rows = _merge_raised(rows)
    out = []
    for row in rows:
        frags = _fragments(sorted(row, key=lambda c: c.x0))
        if frags:
            out.append(frags)
    return out


def _row_size(row: list[Char]) -> float:
    return Counter(round(c.size, 1) for c in row if c.text.strip()).most_common(1)[0][0] if any(
        c.text.strip() for c in row) else row[0].size


def _merge_raised(rows: list[list[Char]]) -> list[list[Char]]:
    """Drop rows of small raised glyphs that are footnote markers of a neighbouring line."""
    if len(rows) < 2:
        return rows
    sizes = [_row_size(r) for r in rows]
    keep: list[list[Char]] = []
    for i, row in enumerate(rows):
        text = "".join(c.text for c in row).strip()
        if not re.fullmatch(r"[\d*†‡,)( ]{1,12}", text) or not _raised(row, sizes[i], rows, sizes, i):
            keep.append(row)
    return keep


def _raised(row: list[Char], size: float, rows: list[list[Char]], sizes: list[float], i: int) -> bool:
    """True when ``row`` sits above the baseline of a neighbouring row of larger text."""
    low = max(c.bottom for c in row)
    for j in (i + 1, i - 1):
        if 0 <= j < len(rows) and sizes[j] >= size * 1.2:
            top = min(c.top for c in rows[j])
            bottom = max(c.bottom for c in rows[j])
            if top - 1.0 <= low < bottom - 0.1 * sizes[j]:
                return True
    return False


def _fragments(row: list[Char]) -> list[Frag]:
    """Split a row at wide gaps; spaces from glyph gaps or explicit space glyphs."""
    frags: list[Frag] = []
    parts: list[str] = []
    start: Char | None = None
    prev: Char | None = None
    sizes: Counter = Counter()
    bold_all = True
    count = 0
    pending_space = False

    def close() -> None:
        nonlocal parts, start, sizes, bold_all, count
        if start is not None and count:
            text = "".join(parts).strip()
            if text:
                frags.append(Frag(text, start.x0, prev.x1, min_top[0], max_bottom[0],  # type: ignore[union-attr]
                                  sizes.most_common(1)[0][0], bold_all, count))
        parts, start, sizes, bold_all, count = [], None, Counter(), True, 0

    min_top = [0.0]
    max_bottom = [0.0]
    for ch in row:
        if not ch.text.strip():
            pending_space = True
            continue
        if prev is not None and start is not None:
            gap = ch.x0 - prev.x1
            em = max(prev.size, ch.size, 1.0)
            if gap > _FRAG_GAP * em:
                close()
            elif pending_space or gap > _WORD_GAP * em:
                parts.append(" ")
        if start is None:
            start = ch
            min_top[0], max_bottom[0] = ch.top, ch.bottom
        parts.append(ch.text)
        sizes[round(ch.size, 1)] += 1
        bold_all = bold_all and ch.bold
        count += 1
        min_top[0] = min(min_top[0], ch.top)
        max_bottom[0] = max(max_bottom[0], ch.bottom)
        prev = ch
        pending_space = False
    close()
    return frags


# ---------------------------------------------------------------- headers and footers

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|(?:pagina|page|blz\.?|p\.)\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:/|van|of)\s*\d{1,4})$", re.I)


def normalise_key(text: str) -> str:
    """Digits folded so "Pagina 3 van 20" and "Pagina 4 van 20" compare equal."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def running_keys(pages: list[tuple[float, list[list[Frag]]]], band: float = 0.12) -> set[str]:
    """Texts that repeat in the top or bottom band of many pages (running heads)."""
    if len(pages) < 2:
        return set()
    seen: Counter = Counter()
    for height, rows in pages:
        keys = set()
        for row in rows:
            for frag in row:
                if frag.top < band * height or frag.bottom > (1 - band) * height:
                    keys.add(normalise_key(frag.text))
        seen.update(keys)
    need = max(2, int(0.4 * len(pages) + 0.5))
    return {k for k, n in seen.items() if n >= need and len(k) > 0}


def strip_running(rows: list[list[Frag]], height: float, keys: set[str],
                  band: float = 0.12) -> list[list[Frag]]:
    """Remove running heads/feet and page numbers found in the page's top/bottom band."""
    out = []
    for row in rows:
        kept = [f for f in row if not (
            (f.top < band * height or f.bottom > (1 - band) * height)
            and (normalise_key(f.text) in keys or is_page_number(f.text)))]
        if kept:
            out.append(kept)
    return out


# ---------------------------------------------------------------- columns

def reading_lines(rows: list[list[Frag]]) -> list[Line]:
    """Rows in reading order; a two-column stretch is read left column first."""
    if not rows:
        return []
    frags = [f for row in rows for f in row]
    left = min(f.x0 for f in frags)
    right = max(f.x1 for f in frags)
    gutter = find_gutter(frags, left, right)
    if gutter is None:
        return [Line(row, left, right) for row in rows]
    out: list[Line] = []
    col_l: list[list[Frag]] = []
    col_r: list[list[Frag]] = []
    l_edge = max((f.x1 for f in frags if f.x1 <= gutter), default=gutter)
    r_edge = min((f.x0 for f in frags if f.x0 >= gutter), default=gutter)

    def flush() -> None:
        out.extend(Line(r, left, l_edge) for r in col_l)
        out.extend(Line(r, r_edge, right) for r in col_r)
        col_l.clear()
        col_r.clear()

    for row in rows:
        if any(f.x0 < gutter < f.x1 for f in row):
            flush()
            out.append(Line(row, left, right))
            continue
        lpart = [f for f in row if f.x1 <= gutter]
        rpart = [f for f in row if f.x0 >= gutter]
        if lpart:
            col_l.append(lpart)
        if rpart:
            col_r.append(rpart)
    flush()
    return out


def find_gutter(frags: list[Frag], left: float, right: float) -> float | None:
    """x of a vertical gap splitting the page into two text columns, or None.

    A gutter needs real text on both sides: a table whose amounts column is
    separated by white space must not be read column by column.
    """
    width = right - left
    if width < 100 or len(frags) < 10:
        return None
    lo, hi = int(left + 0.3 * width), int(left + 0.7 * width)
    cover = [0] * (hi - lo + 1)
    for f in frags:
        a, b = max(lo, int(f.x0) + 1), min(hi, int(f.x1))
        for x in range(a, b + 1):
            cover[x - lo] += 1
    best = min(cover)
    if best > max(2, 0.1 * len(frags)):
        return None
    candidates = [i for i, c in enumerate(cover) if c == best]
    # the middle of the widest run of least-covered x positions
    runs: list[tuple[int, int]] = []
    for i in candidates:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    a, b = max(runs, key=lambda r: r[1] - r[0])
    gutter = lo + (a + b) / 2
    lhs = [f for f in frags if f.x1 <= gutter]
    rhs = [f for f in frags if f.x0 >= gutter]
    total = sum(f.nchars for f in frags)
    if len(lhs) < 3 or len(rhs) < 3:
        return None
    if sum(f.nchars for f in lhs) < 0.25 * total or sum(f.nchars for f in rhs) < 0.25 * total:
        return None
    if median(f.x1 - f.x0 for f in lhs) < 0.25 * width or median(f.x1 - f.x0 for f in rhs) < 0.25 * width:
        return None
    return gutter


# ---------------------------------------------------------------- blocks

_BULLET = re.compile(r"^([\u2022\u25aa\u25cf\u25e6\u2013\u2014\u00b7\uf0b7\uf0a7\uf076\u27a2\u2192\u25ba\u2043*o-])\s+(?=\S)")
_NUMBER = re.compile(r"^(\(?\d{1,3}[.)]|\(?[a-z][.)]|[ivx]{1,4}[.)]|\(\d{1,3}\)|\([a-z]\))\s+(?=\S)")
_FINAL = tuple(".!?:;")


def list_marker(text: str) -> str | None:
    """The marker that opens a list item ("•", "1.", "a)"), or None."""
    m = _BULLET.match(text) or _NUMBER.match(text)
    return m.group(0) if m else None


def page_blocks(lines: list[Line], body_size: float) -> list[PageBlock]:
    """Paragraphs, headings, list items and table rows of one page, in reading order."""
    blocks: list[PageBlock] = []
    pitch = _line_pitch(lines)
    prev: Line | None = None
    current: PageBlock | None = None
    item_indent = 0.0
    for i, line in enumerate(lines):
        table = line.size == TABLE_CELL or len(line.frags) >= 2 and _table_neighbour(lines, i)
        heading = 0 if table else _heading_level(line, body_size)
        if table:
            current = PageBlock("table-row", [" | ".join(f.text for f in line.frags)])
            blocks.append(current)
            current = None
        elif (current is not None and current.kind == "heading" and prev is not None
              and line.bold == prev.bold and abs(line.size - prev.size) < 0.3
              and abs(line.x0 - prev.x0) < 2 * line.size
              and (heading or line.bold) and not list_marker(line.text)
              and not re.match(r"^\d{1,2}(\.\d{1,2})*\.?\s", line.text)
              and 0 <= line.top - prev.bottom < 0.8 * line.size):
            current.lines.append(line.text)  # a heading wrapped over two lines
        elif heading:
            current = PageBlock("heading", [line.text], level=heading)
            blocks.append(current)
        elif list_marker(line.text):
            marker = list_marker(line.text) or ""
            current = PageBlock("list-item", [line.text[len(marker):]], level=1, size=line.size)
            item_indent = line.x0 + 0.5 * line.size
            blocks.append(current)
        elif (current is not None and current.kind == "list-item" and prev is not None
              and line.x0 >= item_indent and not _new_paragraph(prev, line, pitch, indent=False)):
            current.lines.append(line.text)
        elif (current is not None and current.kind == "paragraph" and prev is not None
              and not _new_paragraph(prev, line, pitch)):
            current.lines.append(line.text)
        else:
            current = PageBlock("paragraph", [line.text], size=line.size)
            blocks.append(current)
        prev = line
    return _notes_before_open_end(blocks, body_size)


def _notes_before_open_end(blocks: list[PageBlock], body: float) -> list[PageBlock]:
    """Mark a last paragraph that may continue on the next page.

    Footnotes (small text at the page foot) come after it on the page; they are
    moved in front of it so the paragraph can be joined with its continuation.
    """
    notes: list[PageBlock] = []
    while blocks and 0 < blocks[-1].size < 0.9 * body and blocks[-1].kind == "paragraph":
        notes.insert(0, blocks.pop())
    if blocks and blocks[-1].kind in ("paragraph", "list-item"):
        last = blocks[-1]
        last.open_end = not last.lines[-1].rstrip().endswith(_FINAL)
        if last.open_end and notes:
            return blocks[:-1] + notes + [last]
    return blocks + notes


def _line_pitch(lines: list[Line]) -> float:
    """Typical distance between baselines of consecutive lines of body text."""
    steps = [b.bottom - a.bottom for a, b in zip(lines, lines[1:])
             if 0 < b.bottom - a.bottom < 3 * a.size and abs(a.size - b.size) < 0.5]
    return median(steps) if steps else 0.0


def _new_paragraph(prev: Line, line: Line, pitch: float, indent: bool = True) -> bool:
    """A blank gap, a first-line indent or a size change starts a new paragraph."""
    step = line.bottom - prev.bottom
    if step <= 0 or abs(prev.size - line.size) > 0.6 or prev.col_x0 != line.col_x0:
        return True
    if pitch and step > 1.35 * pitch:
        return True
    if not pitch and step > 1.9 * line.size:
        return True
    if indent and line.x0 > prev.x0 + 1.0 * line.size and line.x0 > line.col_x0 + line.size:
        return True
    width = line.col_x1 - line.col_x0
    if prev.text.rstrip().endswith((".", "!", "?", ":")) and prev.x1 < line.col_x1 - 0.2 * width:
        return True
    return False


def _table_neighbour(lines: list[Line], i: int) -> bool:
    """Cells split by wide gaps on this line and on an adjacent one: a table row."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines) and len(lines[j].frags) >= 2 and lines[j].col_x0 == lines[i].col_x0:
            return True
    return False


def _heading_level(line: Line, body: float) -> int:
    """1-3 for a heading line (larger or bold short text), 0 for body text."""
    text = line.text.strip()
    words = len(text.split())
    if not text or words > 20 or not any(ch.isalpha() for ch in text):
        return 0
    if line.size >= body * 1.4:
        return 1
    if line.size >= body * 1.15:
        return 2
    if line.bold and words <= 20:
        numbered = re.match(r"^\d{1,2}(\.\d{1,2})*\.?\s", text) is not None
        if numbered or not text.endswith((".", ",", ";")):
            return 3
    return 0
