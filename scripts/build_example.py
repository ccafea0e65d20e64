#!/usr/bin/env python3
"""Render the bundled example policy (Markdown) into a realistic municipal PDF.

Why a script and not a checked-in PDF only: the Markdown is the single source of
the example, so the PDF and the scannable draft can never drift apart (the test
suite rebuilds the PDF and compares extracted text).  The PDF deliberately has
the layout features that make real municipal PDFs hard to ingest: a running
header and footer on every page, a cover and a table of contents, justified
text with hyphenation at line ends, a chapter in two columns, a ruled table,
superscript note markers and Dutch diacritics.

The Markdown dialect is small and line based:

* ``#``/``##``/``###`` headings; the first ``#`` heading is the document title
  and everything up to the next ``#`` heading forms the cover page;
* paragraphs separated by blank lines, ``-`` bullets, ``1.`` numbered items,
  one pipe table, ``[^n]`` note markers with ``[^n]: text`` definitions
  (rendered as notes at the end of the chapter);
* layout directives as HTML comments: ``<!-- pdf:toc -->``,
  ``<!-- pdf:two-columns -->``, ``<!-- pdf:one-column -->``,
  ``<!-- pdf:pagebreak -->``.  Other comments are ignored.

Usage::

    python scripts/build_example.py                      # examples/…pdf
    python scripts/build_example.py --pages-multiplier 5 --out /tmp/long.pdf
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.tableofcontents import TableOfContents

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "examples" / "beleidsplan-werk-en-participatie.md"
OUTPUT = REPO / "examples" / "beleidsplan-werk-en-participatie.pdf"

PAGE_W, PAGE_H = A4
MARGIN_X = 2.4 * cm
MARGIN_TOP = 2.6 * cm
MARGIN_BOTTOM = 2.4 * cm
COLUMN_GAP = 0.8 * cm


# --------------------------------------------------------------------------
# Dutch hyphenation (no pyphen dependency)
# --------------------------------------------------------------------------

_VOWELS = set("aeiouyáéíóúàèäëïöüâêô")
_DIAERESIS = set("ëïü")  # a diaeresis starts a new syllable: financi-ële
# Second parts of compounds that are frequent in Dutch social-domain prose.
# A break before them is always a good break ("werkervarings-plaatsen").
_COMPOUND_PARTS = (
    "markt", "traject", "subsidie", "uitkering", "plaats", "werk", "bedrijf",
    "beleid", "verordening", "verplichting", "kosten", "middelen", "budget",
    "huishouden", "ondersteuning", "begeleiding", "opvang", "vaardigheid",
    "regels", "instrument", "indicator", "gerechtig", "overeenkomst", "plan",
    "gesprek", "manager", "dienst", "verlening", "aanpak", "register",
    "inschakeling", "problematiek", "participatie", "integratie", "gebied",
    "organisatie", "punt", "zorg", "loket", "ervaring", "domein", "wet",
)
_MIN_WORD = 10  # only long words are hyphenated, like a careful typesetter
_MIN_HEAD, _MIN_TAIL = 3, 3


def _syllable_breaks(word: str) -> set[int]:
    """Break positions between syllables, using only safe V-CV / VC-CV cases.

    Clusters of three or more consonants are left alone: in Dutch they are
    mostly compound boundaries that a generic rule gets wrong.
    """
    low = word.lower().replace("ij", "ÿÿ")  # treat the ij digraph as a vowel
    is_vowel = [c in _VOWELS or c == "ÿ" for c in low]
    breaks: set[int] = set()
    i, n = 0, len(low)
    while i < n:
        if not is_vowel[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and is_vowel[j + 1] and low[j + 1] not in _DIAERESIS:
            j += 1
        if j + 1 < n and low[j + 1] in _DIAERESIS:
            breaks.add(j + 1)
        k = j + 1
        while k < n and not is_vowel[k]:
            k += 1
        cluster = low[j + 1:k]
        if k < n and cluster:
            if len(cluster) == 1 or cluster == "ch":
                breaks.add(j + 1)
            elif len(cluster) == 2:
                breaks.add(j + 2)
        i = k if k > i else i + 1
    return breaks


def _compound_breaks(word: str) -> set[int]:
    low = word.lower()
    found: set[int] = set()
    for part in _COMPOUND_PARTS:
        start = low.find(part, _MIN_HEAD)
        while start != -1:
            found.add(start)
            start = low.find(part, start + 1)
    return found


def dutch_hyphenator(word: str) -> Iterator[tuple[str, str]]:
    """Candidate (head, tail) splits, longest head first, as reportlab expects.

    reportlab calls this for a word that does not fit at the end of a line and
    takes the first head that fits; an existing hyphen ("re-integratie") is
    offered as a break without adding a second hyphen.
    """
    letters = re.sub(r"[^\w]", "", word)
    if len(letters) < _MIN_WORD:
        return
    positions = set()
    for idx, ch in enumerate(word):
        if ch == "-" and _MIN_HEAD <= idx + 1 <= len(word) - _MIN_TAIL:
            positions.add(idx + 1)
    offset = 0
    for piece in re.split(r"(-)", word):
        if piece and piece != "-" and piece.isalpha():
            for pos in _syllable_breaks(piece) | _compound_breaks(piece):
                absolute = offset + pos
                if _MIN_HEAD <= absolute <= len(word) - _MIN_TAIL:
                    positions.add(absolute)
        offset += len(piece)
    for pos in sorted(positions, reverse=True):
        head, tail = word[:pos], word[pos:]
        if head.endswith("-") or head[-1].isalpha() and tail[0].isalpha():
            yield head, tail


# --------------------------------------------------------------------------
# Markdown -> items
# --------------------------------------------------------------------------

@dataclass
class Item:
    """One parsed unit of the Markdown source."""

    kind: str  # title | h1 | h2 | h3 | para | bullet | number | table | note | directive
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    label: str = ""


_LIST = re.compile(r"^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$")
_NOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")
_DIRECTIVE = re.compile(r"^\s*<!--\s*pdf:([\w-]+)\s*-->\s*$")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")


def parse_markdown(source: str) -> list[Item]:
    """Turn the small Markdown dialect into a flat list of items."""
    items: list[Item] = []
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            items.append(Item("para", " ".join(s.strip() for s in paragraph)))
            paragraph.clear()
        if table:
            items.append(Item("table", rows=[r[:] for r in table]))
            table.clear()

    seen_title = False
    for line in source.split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        directive = _DIRECTIVE.match(line)
        if directive:
            flush()
            items.append(Item("directive", directive.group(1)))
            continue
        if _COMMENT.match(line):
            continue
        heading = re.match(r"^(#{1,3})\s+(.*)$", line)
        if heading:
            flush()
            level = len(heading.group(1))
            kind = "title" if level == 1 and not seen_title else f"h{level}"
            seen_title = seen_title or kind == "title"
            items.append(Item(kind, heading.group(2).strip()))
            continue
        if stripped.startswith("|"):
            if paragraph:
                flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                table.append(cells)
            continue
        note = _NOTE_DEF.match(stripped)
        if note:
            flush()
            items.append(Item("note", note.group(2), label=note.group(1)))
            continue
        listed = _LIST.match(line)
        if listed:
            flush()
            kind = "bullet" if listed.group(1) else "number"
            items.append(Item(kind, listed.group(3), label=listed.group(2) or ""))
            continue
        if items and items[-1].kind in ("bullet", "number") and not paragraph and line.startswith("  "):
            items[-1].text += " " + stripped  # continuation of a list item
            continue
        paragraph.append(line)
    flush()
    return items


def inline_markup(text: str) -> str:
    """Markdown inline syntax -> reportlab paragraph markup."""
    text = escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"<i>\1</i>", text)
    text = re.sub(r"\[\^([^\]]+)\]", r"<super>\1</super>", text)
    return text


def multiply_chapters(source: str, factor: int) -> str:
    """Append ``factor - 1`` renumbered copies of the numbered chapters.

    Used to build long variants of the same document; the copies get chapter
    numbers 9, 10, … so headings (and the table of contents) stay unique.
    """
    if factor <= 1:
        return source
    match_start = re.search(r"^# 1\. ", source, re.M)
    match_end = re.search(r"^# Bijlage", source, re.M)
    if not match_start or not match_end:
        return source
    body = source[match_start.start():match_end.start()]
    n_chapters = len(re.findall(r"^# \d+\. ", body, re.M))
    copies = []
    for k in range(1, factor):
        shift = k * n_chapters

        def renumber(m: re.Match[str]) -> str:
            return f"{m.group(1)} {int(m.group(2)) + shift}{m.group(3)}"

        copy = re.sub(r"^(#{1,3}) (\d+)(\.[\d.]*\s)", renumber, body, flags=re.M)
        copy = re.sub(r"\[\^(\w+)\]", lambda m: f"[^{m.group(1)}-{k + 1}]", copy)
        copies.append(copy)
    return source[:match_end.start()] + "".join(copies) + source[match_end.start():]


# --------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------

def make_styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName="Helvetica", fontSize=10, leading=14.2, alignment=TA_JUSTIFY,
        spaceAfter=6.5, hyphenationLang=dutch_hyphenator, embeddedHyphenation=1,
        hyphenationMinWordLength=_MIN_WORD,
    )
    return {
        "body": body,
        "col": ParagraphStyle("col", parent=body, fontSize=9.5, leading=13),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=16, bulletIndent=4, spaceAfter=3),
        "colbullet": ParagraphStyle("colbullet", parent=body, fontSize=9.5, leading=13,
                                    leftIndent=14, bulletIndent=2, spaceAfter=3),
        "h1": ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=17, leading=21,
                             textColor=colors.HexColor("#1f4e79"), spaceAfter=12, spaceBefore=4),
        "h2": ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=12.5, leading=16,
                             textColor=colors.HexColor("#1f4e79"), spaceBefore=10, spaceAfter=5),
        "h3": ParagraphStyle("h3", fontName="Helvetica-BoldOblique", fontSize=10.5, leading=14,
                             spaceBefore=6, spaceAfter=3),
        "note": ParagraphStyle("note", fontName="Helvetica", fontSize=8, leading=10,
                               leftIndent=10, firstLineIndent=-10, spaceAfter=2),
        "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=8.8, leading=11),
        "cellhead": ParagraphStyle("cellhead", fontName="Helvetica-Bold", fontSize=8.8, leading=11,
                                   textColor=colors.white),
        "cover_title": ParagraphStyle("cover_title", fontName="Helvetica-Bold", fontSize=26,
                                      leading=32, textColor=colors.HexColor("#1f4e79"),
                                      alignment=TA_LEFT, spaceAfter=18),
        "cover": ParagraphStyle("cover", fontName="Helvetica", fontSize=12, leading=17, spaceAfter=10),
        "cover_small": ParagraphStyle("cover_small", fontName="Helvetica-Oblique", fontSize=8.5,
                                      leading=11, textColor=colors.HexColor("#555555")),
        "toc_title": ParagraphStyle("toc_title", fontName="Helvetica-Bold", fontSize=17, leading=21,
                                    textColor=colors.HexColor("#1f4e79"), spaceAfter=14),
    }


# --------------------------------------------------------------------------
# Page templates, header and "Pagina N van M" footer
# --------------------------------------------------------------------------

class NumberedCanvas(rl_canvas.Canvas):
    """Defers page output so the footer can say "Pagina N van M"."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self.is_cover = False

    def showPage(self) -> None:  # noqa: N802 (reportlab API)
        self._pages.append(dict(self.__dict__))
        self._startPage()
        self.is_cover = False

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if not self.is_cover:
                self.setFont("Helvetica", 8.5)
                self.setFillColor(colors.HexColor("#444444"))
                self.drawCentredString(PAGE_W / 2, 1.3 * cm, f"Pagina {self._pageNumber} van {total}")
            super().showPage()
        super().save()


class PolicyDocTemplate(BaseDocTemplate):
    """Cover, one-column and two-column pages; headings feed the TOC."""

    def __init__(self, filename: str, header: str, **kwargs: object) -> None:
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, **kwargs)
        self.header = header
        width = PAGE_W - 2 * MARGIN_X
        height = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
        col = (width - COLUMN_GAP) / 2
        self.addPageTemplates([
            PageTemplate("cover", [Frame(MARGIN_X, MARGIN_BOTTOM, width, height, id="cover")],
                         onPage=self._cover_page),
            PageTemplate("onecol", [Frame(MARGIN_X, MARGIN_BOTTOM, width, height, id="main")],
                         onPage=self._running_header),
            PageTemplate("twocol", [
                Frame(MARGIN_X, MARGIN_BOTTOM, col, height, id="left"),
                Frame(MARGIN_X + col + COLUMN_GAP, MARGIN_BOTTOM, col, height, id="right"),
            ], onPage=self._running_header),
        ])

    def _cover_page(self, canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        canv.is_cover = True
        canv.setFillColor(colors.HexColor("#1f4e79"))
        canv.rect(0, PAGE_H - 3.2 * cm, PAGE_W, 3.2 * cm, stroke=0, fill=1)
        canv.rect(0, 0, 1.2 * cm, PAGE_H, stroke=0, fill=1)

    def _running_header(self, canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setFont("Helvetica", 8.5)
        canv.setFillColor(colors.HexColor("#444444"))
        canv.drawString(MARGIN_X, PAGE_H - 1.5 * cm, self.header)
        canv.setStrokeColor(colors.HexColor("#1f4e79"))
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, PAGE_H - 1.7 * cm, PAGE_W - MARGIN_X, PAGE_H - 1.7 * cm)
        canv.restoreState()

    def afterFlowable(self, flowable: object) -> None:  # noqa: N802 (reportlab API)
        if isinstance(flowable, Paragraph) and getattr(flowable, "toc_level", None) is not None:
            key = f"h{self.seq.nextf('heading')}"
            self.canv.bookmarkPage(key)
            self.notify("TOCEntry", (flowable.toc_level, flowable.getPlainText(), self.page, key))


# --------------------------------------------------------------------------
# Items -> flowables
# --------------------------------------------------------------------------

def _heading(text: str, style: ParagraphStyle, level: int | None) -> Paragraph:
    para = Paragraph(inline_markup(text), style)
    para.toc_level = level  # type: ignore[attr-defined]
    return para


def _table(rows: list[list[str]], styles: dict[str, ParagraphStyle], width: float) -> Table:
    head, *body = rows
    data = [[Paragraph(inline_markup(c), styles["cellhead"]) for c in head]]
    data += [[Paragraph(inline_markup(c), styles["cell"]) for c in row] for row in body]
    first = width * 0.46
    rest = (width - first) / max(1, len(head) - 1)
    table = Table(data, colWidths=[first] + [rest] * (len(head) - 1), repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#7f7f7f")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f4e79")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef3f8")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def build_story(items: list[Item], styles: dict[str, ParagraphStyle]) -> list[object]:
    """Flowables for the whole document: cover, TOC, chapters with notes."""
    story: list[object] = [NextPageTemplate("cover")]
    width = PAGE_W - 2 * MARGIN_X
    in_cover, two_col = True, False
    notes: list[Item] = []

    def flush_notes() -> None:
        if notes:
            story.append(Spacer(1, 6))
            story.append(HRFlowable(width="30%", thickness=0.5, color=colors.grey, hAlign="LEFT",
                                    spaceAfter=4))
            for note in notes:
                story.append(Paragraph(f"<super>{escape(note.label)}</super> {inline_markup(note.text)}",
                                       styles["note"]))
            notes.clear()

    for item in items:
        body = styles["col"] if two_col else styles["body"]
        bullet = styles["colbullet"] if two_col else styles["bullet"]
        if item.kind == "title":
            story.append(Spacer(1, 3.2 * cm))
            story.append(Paragraph(inline_markup(item.text), styles["cover_title"]))
        elif item.kind == "directive":
            if item.text == "toc":
                story += [NextPageTemplate("onecol"), PageBreak(),
                          Paragraph("Inhoudsopgave", styles["toc_title"]), _toc()]
                in_cover = False
            elif item.text == "two-columns":
                story.append(NextPageTemplate("twocol"))
                two_col = True
            elif item.text == "one-column":
                story.append(NextPageTemplate("onecol"))
                two_col = False
            elif item.text == "pagebreak":
                story.append(PageBreak())
        elif item.kind == "h1":
            flush_notes()
            if in_cover:
                story.append(NextPageTemplate("onecol"))
                in_cover = False
            story.append(PageBreak())
            story.append(_heading(item.text, styles["h1"], 0))
        elif item.kind == "h2":
            story.append(CondPageBreak(3 * cm))
            story.append(_heading(item.text, styles["h2"], 1))
        elif item.kind == "h3":
            story.append(_heading(item.text, styles["h3"], None))
        elif item.kind == "para":
            style = styles["cover"] if in_cover else body
            if in_cover and item.text.startswith("*") and len(item.text) > 120:
                style = styles["cover_small"]
            story.append(Paragraph(inline_markup(item.text), style))
        elif item.kind in ("bullet", "number"):
            # An en dash, not "•": reportlab encodes the bullet as code 127, which
            # pdfminer extracts as "(cid:127)"; Dutch policy texts use dashes anyway.
            mark = "–" if item.kind == "bullet" else f"{item.label}."
            story.append(Paragraph(inline_markup(item.text), bullet, bulletText=mark))
        elif item.kind == "table":
            story.append(Spacer(1, 4))
            story.append(KeepTogether([_table(item.rows, styles, width)]))
            story.append(Spacer(1, 8))
        elif item.kind == "note":
            notes.append(item)
    flush_notes()
    return story


def _toc() -> TableOfContents:
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [
        ParagraphStyle("toc0", fontName="Helvetica-Bold", fontSize=10.5, leading=15, leftIndent=0,
                       firstLineIndent=0, spaceBefore=4),
        ParagraphStyle("toc1", fontName="Helvetica", fontSize=9.5, leading=13, leftIndent=18,
                       firstLineIndent=0),
    ]
    return toc


def header_text(source: str) -> str:
    """Running header: municipality name from the cover plus the title."""
    title = re.search(r"^# (.+)$", source, re.M)
    town = re.search(r"^\*\*(Gemeente [^*]+)\*\*", source, re.M)
    parts = [town.group(1) if town else "", title.group(1) if title else ""]
    return " — ".join(p for p in parts if p)


def build_pdf(source: str, out: Path, multiplier: int = 1) -> int:
    """Render Markdown ``source`` to ``out``; returns the number of pages."""
    source = multiply_chapters(source, multiplier)
    styles = make_styles()
    header = header_text(source)
    title = re.search(r"^# (.+)$", source, re.M)
    doc = PolicyDocTemplate(
        str(out), header=header, invariant=1,
        title=title.group(1) if title else "Beleidsplan",
        author=header.split(" — ")[0], subject="Beleidsplan (fictief voorbeeld)",
        creator="genderscan scripts/build_example.py",
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.multiBuild(build_story(parse_markdown(source), styles), canvasmaker=NumberedCanvas)
    return doc.page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="Markdown source")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="PDF to write")
    parser.add_argument("--pages-multiplier", type=int, default=1,
                        help="repeat the numbered chapters N times (long variants)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    pages = build_pdf(args.source.read_text(encoding="utf-8"), args.out, args.pages_multiplier)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.out} ({pages} pages, {elapsed:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
