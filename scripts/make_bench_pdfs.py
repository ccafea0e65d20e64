#!/usr/bin/env python3
"""Write deterministic benchmark inputs derived from the bundled example.

Why generate instead of commit: the long PDFs are several megabytes and only
matter for timing and memory, so they are rebuilt on demand from the example
Markdown (seeded, identical on every run) into a folder outside the repository.
To keep the text from being a verbatim repetition — which would flatter any
cache — every copy gets another fictional municipality, region and SW-bedrijf
and rescaled figures.

Written into ``--out`` (default: a new temporary folder):

* ``bench-100.pdf`` and ``bench-500.pdf``: long policy PDFs with exactly that
  many pages (the renumbered chapters of many variants; the last page is cut
  where the page budget ends, so its footer total is larger);
* ``batch/doc-NNN.{pdf,md,docx,txt}``: ``--batch`` (default 200) small documents
  of mixed formats, PDFs of 2–10 pages.

Usage::

    python scripts/make_bench_pdfs.py --out /tmp/bench [--batch 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_example as ex  # noqa: E402  (sibling script)

# Fictional names only (checked against the list of Dutch municipalities).
TOWNS = ["Dommelwaarde", "Hesselveen", "Marwoude", "Brakelveen", "Zandhoeve", "Lindeoord",
         "Gravenmeer", "Weidebroek", "Eemhoven", "Oosterlede", "Ravensweerd", "Kortenwaal"]
REGIONS = ["Midden-Dommelland", "Noord-Veenstreek", "West-Marland", "Zuid-Eemdal",
           "Oost-Ledeland", "Weidestreek"]
_YEAR = re.compile(r"^(19|20)\d\d$")
_NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:\.\d{3})+|\d{2,4})(?![\w.,]\d|[a-z])")


def _scale_numbers(text: str, rng: random.Random) -> str:
    """Rescale counts and amounts; leave years, article and section numbers alone."""

    def scale(match: re.Match[str]) -> str:
        raw = match.group(1)
        before = text[max(0, match.start() - 9):match.start()].lower()
        if _YEAR.match(raw) or "artikel" in before or "art." in before or "lid" in before:
            return raw
        value = int(raw.replace(".", ""))
        new = max(1, round(value * rng.uniform(0.7, 1.4)))
        return f"{new:,}".replace(",", ".") if "." in raw or new >= 10000 else str(new)

    out_lines = []
    for line in text.split("\n"):
        if line.startswith("#") or re.match(r"^\s*\d+\.\s", line) or "pdf:" in line:
            out_lines.append(line)
        else:
            out_lines.append(_NUMBER.sub(scale, line))
    return "\n".join(out_lines)


def variant(source: str, rng: random.Random) -> str:
    """The example with another municipality, region, SW-bedrijf and figures."""
    town = rng.choice(TOWNS)
    text = source.replace("Vennebedrijf", f"Werkbedrijf {town}")
    text = text.replace("Midden-Venneland", rng.choice(REGIONS)).replace("Vennewaarde", town)
    return _scale_numbers(text, rng)


def _split(source: str) -> tuple[str, list[str], str]:
    """(cover and front matter, numbered chapters, appendices)."""
    first = re.search(r"^# 1\. ", source, re.M)
    appendix = re.search(r"^# Bijlage", source, re.M)
    assert first and appendix, "example source lost its chapter structure"
    body = source[first.start():appendix.start()]
    starts = [m.start() for m in re.finditer(r"^# \d+\. ", body, re.M)] + [len(body)]
    chapters = [body[a:b] for a, b in zip(starts, starts[1:])]
    return source[:first.start()], chapters, source[appendix.start():]


def _renumber(chapter: str, number: int, tag: str) -> str:
    old = re.match(r"# (\d+)\.", chapter)
    assert old
    n = old.group(1)
    chapter = re.sub(rf"^(#{{1,3}}) {n}(\.[\d.]*\s)", lambda m: f"{m.group(1)} {number}{m.group(2)}",
                     chapter, flags=re.M)
    return re.sub(r"\[\^(\w+)\]", lambda m: f"[^{m.group(1)}{tag}]", chapter)


def long_markdown(source: str, rng: random.Random, n_sets: int) -> str:
    """Front matter of one variant plus the chapters of ``n_sets`` variants."""
    front, _, appendix = _split(variant(source, rng))
    chapters, number = [], 1
    for k in range(n_sets):
        _, chs, _ = _split(variant(source, rng))
        for chapter in chs:
            chapters.append(_renumber(chapter, number, f"-{k}"))
            number += 1
    return front + "".join(chapters) + appendix


def _fixed_pdfium_stamps(data: bytes) -> bytes:
    """Replace PDFium's clock-based CreationDate and random /ID (same byte length).

    Keeping the lengths equal leaves the xref offsets valid, so the file stays a
    correct PDF while two runs give identical bytes.
    """
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20251201000000", data)
    body = re.sub(rb"/ID\[<[0-9A-Fa-f]+><[0-9A-Fa-f]+>\]", b"", data)
    digest = hashlib.md5(body).hexdigest().upper().encode()
    return re.sub(rb"/ID\[<[0-9A-Fa-f]{32}><[0-9A-Fa-f]{32}>\]", b"/ID[<" + digest + b"><" + digest + b">]", data)


def _trim_pdf(path: Path, pages: int) -> int:
    """Keep the first ``pages`` pages (exact page budgets for the benchmark)."""
    src = pdfium.PdfDocument(str(path))
    total = len(src)
    if total > pages:
        dst = pdfium.PdfDocument.new()
        dst.import_pages(src, list(range(pages)))
        buffer = io.BytesIO()
        dst.save(buffer)
        src.close()
        path.write_bytes(_fixed_pdfium_stamps(buffer.getvalue()))
        return pages
    src.close()
    return total


def write_long_pdf(source: str, out: Path, pages: int, rng: random.Random) -> int:
    """A policy PDF of exactly ``pages`` pages (or fewer if the example shrank)."""
    probe = out.with_suffix(".probe.pdf")
    per_set = ex.build_pdf(long_markdown(source, random.Random(0), 2), probe) \
        - ex.build_pdf(long_markdown(source, random.Random(0), 1), probe)
    probe.unlink()
    n_sets = max(1, -(-pages // max(1, per_set)) + 1)  # ceil, plus a margin
    ex.build_pdf(long_markdown(source, rng, n_sets), out)
    return _trim_pdf(out, pages)


# ---------------------------------------------------------------- small docs

def _small_markdown(source: str, rng: random.Random, index: int) -> str:
    text = variant(source, rng)
    front, chapters, _ = _split(text)
    title = re.search(r"^# (.+)$", front, re.M).group(1)  # type: ignore[union-attr]
    town = re.search(r"^\*\*(Gemeente [^*]+)\*\*", front, re.M).group(1)  # type: ignore[union-attr]
    picked = sorted(rng.sample(range(len(chapters)), rng.randint(1, 3)))
    body = "".join(_renumber(chapters[i], n, "") for n, i in enumerate(picked, start=1))
    kind = rng.choice(["Notitie", "Uitvoeringsnotitie", "Raadsinformatiebrief", "Concept"])
    return f"# {kind} {index:03d}: {title}\n\n**{town}**\n\n{body}"


def _plain_text(markdown: str) -> str:
    lines = []
    for line in markdown.split("\n"):
        if re.match(r"^\s*<!--.*-->\s*$", line):
            continue
        line = re.sub(r"^#{1,6}\s+", "", line)
        line = re.sub(r"\*\*(.+?)\*\*|\*(.+?)\*", lambda m: m.group(1) or m.group(2), line)
        line = re.sub(r"\[\^\w+\]", "", line)
        if re.match(r"^\|[-| :]+\|$", line.strip()):
            continue
        lines.append(line.replace(" | ", "\t").strip("| ") if line.startswith("|") else line)
    return "\n".join(lines)


def _write_docx(markdown: str, out: Path) -> None:
    """A DOCX with real heading and list styles, zipped with fixed timestamps."""
    import datetime

    from docx import Document

    doc = Document()
    doc.core_properties.created = doc.core_properties.modified = datetime.datetime(2025, 12, 1)
    doc.core_properties.author = "genderscan benchmark"
    table_rows: list[list[str]] = []
    for item in ex.parse_markdown(markdown):
        text = _plain_text(item.text)
        if item.kind in ("title", "h1", "h2", "h3"):
            doc.add_heading(text, level=0 if item.kind == "title" else int(item.kind[1]))
        elif item.kind == "para":
            doc.add_paragraph(text)
        elif item.kind == "bullet":
            doc.add_paragraph(text, style="List Bullet")
        elif item.kind == "number":
            doc.add_paragraph(text, style="List Number")
        elif item.kind == "table":
            table_rows = item.rows
            table = doc.add_table(rows=len(table_rows), cols=len(table_rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(table_rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    buffer = io.BytesIO()
    doc.save(buffer)
    _rezip_fixed(buffer.getvalue(), out)


def _rezip_fixed(data: bytes, out: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 12, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))


def write_batch(source: str, folder: Path, count: int, seed: int) -> dict[str, int]:
    """Small mixed-format documents; document i depends only on (seed, i)."""
    folder.mkdir(parents=True, exist_ok=True)
    formats = ["pdf"] * 7 + ["md"] * 5 + ["docx"] * 4 + ["txt"] * 4
    written: dict[str, int] = {}
    for index in range(1, count + 1):
        rng = random.Random(f"{seed}-batch-{index}")
        fmt = rng.choice(formats)
        markdown = _small_markdown(source, rng, index)
        out = folder / f"doc-{index:03d}.{fmt}"
        if fmt == "pdf":
            if ex.build_pdf(markdown, out) < 2:
                ex.build_pdf(markdown + "\n<!-- pdf:pagebreak -->\n\n" + markdown.split("\n", 1)[1], out)
            _trim_pdf(out, 10)
        elif fmt == "md":
            out.write_text(markdown, encoding="utf-8")
        elif fmt == "txt":
            out.write_text(_plain_text(markdown), encoding="utf-8")
        else:
            _write_docx(markdown, out)
        written[fmt] = written.get(fmt, 0) + 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="folder to write (default: new temp dir)")
    parser.add_argument("--batch", type=int, default=200, help="number of small documents")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-long", action="store_true", help="only write the batch")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="genderscan-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    source = ex.SOURCE.read_text(encoding="utf-8")
    if not args.skip_long:
        for pages in (100, 500):
            started = time.perf_counter()
            path = out / f"bench-{pages}.pdf"
            got = write_long_pdf(source, path, pages, random.Random(f"{args.seed}-long-{pages}"))
            print(f"wrote {path} ({got} pages, {path.stat().st_size / 1e6:.1f} MB, "
                  f"{time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    counts = write_batch(source, out / "batch", args.batch, args.seed)
    summary = ", ".join(f"{n} {fmt}" for fmt, n in sorted(counts.items()))
    print(f"wrote {out / 'batch'} ({args.batch} documents: {summary}; "
          f"{time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
