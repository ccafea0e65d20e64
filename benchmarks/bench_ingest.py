"""Benchmark: genderscan PDF ingest (+ segmentation) against plain pdfplumber.

Usage::

    python benchmarks/bench_ingest.py              # generates a 100-page PDF
    python benchmarks/bench_ingest.py --pdf FILE   # or measures your own

Prints pages per second for ``pdfplumber`` ``page.extract_text()`` and for
``scanner.ingest.load_document`` followed by ``scanner.nlp.segment`` (when
importable), and their ratio.  Target: ratio <= 1.3.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SENTENCES = [
    "De gemeente ondersteunt inwoners die een bijstandsuitkering ontvangen bij het vinden van betaald werk.",
    "Klantmanagers voeren met iedere deelnemer een gesprek over wensen, mogelijkheden en belemmeringen.",
    "Wij investeren in scholing voor sectoren waar personeel wordt gezocht, zoals techniek, zorg en onderwijs.",
    "Werkgevers kunnen een beroep doen op loonkostensubsidie wanneer een medewerker minder productief is.",
    "Voor inwoners met een grote afstand tot de arbeidsmarkt is vrijwilligerswerk een eerste stap.",
    "Kinderopvang tijdens een traject wordt vergoed, zodat ouders zonder zorgen kunnen deelnemen.",
    "De resultaten van de re-integratietrajecten worden elk halfjaar gerapporteerd aan de gemeenteraad.",
    "Taalvaardigheid is voor nieuwkomers vaak de sleutel tot duurzaam werk en zelfstandigheid.",
    "Het werkgeversservicepunt bemiddelt tussen werkzoekenden en bedrijven in de hele arbeidsmarktregio.",
    "Schulden vormen een belemmering voor werk; daarom werken we nauw samen met de schuldhulpverlening.",
]


def _wrap(text: str, width: float, font: str, size: float, measure) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for word in words:
        trial = f"{cur} {word}".strip()
        if measure(trial, font, size) > width and cur:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    return lines + ([cur] if cur else [])


def make_pdf(path: Path, pages: int = 100) -> Path:
    """A policy-like PDF: running head and foot, headings, paragraphs, every 5th page two columns."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    k = 0
    for number in range(1, pages + 1):
        c.setFont("Helvetica", 8)
        c.drawString(60, h - 40, "Gemeente Noordhaven - Beleidsplan Werk en Participatie 2026")
        c.drawString(w / 2 - 10, 30, f"- {number} -")
        y = h - 90
        c.setFont("Helvetica-Bold", 13)
        c.drawString(60, y, f"{number}. Hoofdstuk over werk en inkomen")
        y -= 24
        columns = [(60, w - 120)] if number % 5 else [(60, (w - 140) / 2), (80 + (w - 140) / 2, (w - 140) / 2)]
        for x, width in columns:
            yy = y
            while yy > 90:
                para = " ".join(SENTENCES[(k + i) % len(SENTENCES)] for i in range(3))
                k += 1
                for line in _wrap(para, width, "Helvetica", 10, stringWidth):
                    if yy <= 90:
                        break
                    c.setFont("Helvetica", 10)
                    c.drawString(x, yy, line)
                    yy -= 13
                yy -= 8
        c.showPage()
    c.save()
    return path


def time_pdfplumber(path: Path) -> tuple[float, int]:
    import pdfplumber

    start = time.perf_counter()
    with pdfplumber.open(str(path)) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            page.extract_text()
    return time.perf_counter() - start, pages


_WARM: set[str] = set()


def time_genderscan(path: Path) -> tuple[float, float, bool]:
    from scanner.config import Settings
    from scanner.ingest import load_document

    try:
        from scanner.nlp import segment
    except Exception as exc:  # segmentation is another engineer's module
        print(f"(scanner.nlp.segment not importable: {exc}; timing ingest only)")
        segment = None
    if str(path) not in _WARM:  # imports and the simplemma dictionary load once per process
        from scanner.ingest.clean import _known

        _known("werk")
        if segment is not None:
            from scanner.model import Block, Document

            segment(Document(path="warm", format="text", text="Warm op.", blocks=[Block(0, 8, 1)]))
        _WARM.add(str(path))
    start = time.perf_counter()
    doc = load_document(path, Settings())
    ingest = time.perf_counter() - start
    if segment is not None:
        segment(doc)
    return ingest, time.perf_counter() - start, segment is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdf", type=Path, help="PDF to measure (default: generate 100 pages)")
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3,
                        help="alternate the measurements this often and keep the best (machines are noisy)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.pdf or make_pdf(Path(tmp) / "bench.pdf", args.pages)
        plain = ingest = total = float("inf")
        for _ in range(max(1, args.repeat)):
            p, pages = time_pdfplumber(path)
            i, t, segmented = time_genderscan(path)
            plain, ingest, total = min(plain, p), min(ingest, i), min(total, t)
    print(f"pages: {pages}")
    print(f"pdfplumber extract_text : {plain:7.2f} s  {pages / plain:7.1f} pages/s")
    print(f"genderscan ingest       : {ingest:7.2f} s  {pages / ingest:7.1f} pages/s  ratio {ingest / plain:.2f}")
    if segmented:
        print(f"genderscan ingest+segment: {total:6.2f} s  {pages / total:7.1f} pages/s  ratio {total / plain:.2f}")


if __name__ == "__main__":
    main()
