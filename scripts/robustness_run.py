"""Throw many generated hostile inputs at genderscan and count what happens, per kind.

For every input: :func:`scanner.pipeline.scan_document`, then every renderer.
An input is counted as

* **crash**    - an exception escaped scan_document or a renderer, or a report does not parse;
* **lost**     - readable, but the sentences do not tile ``Document.text`` (only
  whitespace may go missing), or the JSON/HTML report leaves out a sentence;
* **unsafe**   - document text became markup (HTML tag/attribute/``javascript:``
  link, a GitHub workflow command, a terminal escape);
* **wrong**    - the outcome differs from what the input calls for (e.g. an
  encrypted PDF that did not say ``encrypted``, cp1252 text read wrongly);
* **refused**  - ``DocumentResult.error`` was set (one line naming the file): fine.

Run ``python scripts/robustness_run.py [--per-kind N] [--seed S]``; it prints
the Markdown table used in ``docs/robustness.md``.  ``tests/test_robustness.py``
runs a small sample of every kind and asserts zero crash/lost/unsafe/wrong.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scanner.config import Limits, Settings  # noqa: E402
from scanner.model import DocumentResult  # noqa: E402
from scanner.safepath import safe_output_path  # noqa: E402

ERROR_CODES = {"not-found", "unsupported", "empty", "encrypted", "corrupt", "no-text", "too-large",
               "too-many-pages", "encoding", "zip-bomb", "timeout", "ocr-unavailable"}

# Hostile fragments: markup, script URLs, workflow commands, terminal escapes, odd Unicode.
HOSTILE = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' onmouseover='alert(1)",
           "javascript:alert(1)", "<a href=\"javascript:alert(1)\">klik</a>", "&lt;b&gt;", "&amp;",
           "]]><!--", "{{ 7*7 }}", "{% raw %}", "\n::error::nep\n", "::add-mask::geheim", "%0A::warning::x",
           "\x1b[2J\x1b]0;titel\x07", "\x9b31m", "\u202eomgekeerd\u202c", "\u2028", "\u0085", "\ufeff",
           "ﬁnanciën", "e\u0301", "\u00ad", "\u200b", "𝔡𝔢", "🙂", "\ud7ff", "|", "**", "`", "[a](", "#", "> "]
# Dutch policy-like words written for this script (no sentences copied from anywhere).
WORDS = ("de het een gemeente inwoner uitkering werk partner huishouden kostwinner kinderopvang "
         "consulent traject re-integratie participatie ondersteunt begeleidt zorgt voor naar met "
         "als ook niet alle beide ouders moeder vader zorgtaken deeltijd voltijd loonwaarde").split()


@dataclass
class Case:
    """One generated input and what its outcome must be."""

    kind: str
    name: str
    data: bytes
    settings: dict[str, Any] = field(default_factory=dict)
    errors: set[str] | None = None  # allowed error codes; None: anything; set(): must be readable
    warning: str | None = None  # a warning that must be present (prefix)
    text: str | None = None  # a string that must occur in Document.text


@dataclass
class Tally:
    tried: int = 0
    crashes: int = 0
    lost: int = 0
    unsafe: int = 0
    wrong: int = 0
    refused: int = 0
    sentences: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


# ----------------------------------------------------------------- generators

def prose(rng: random.Random, words: int = 40, hostile: float = 0.15) -> str:
    """Policy-like Dutch word salad with hostile fragments and sentence punctuation."""
    out = []
    for _ in range(words):
        out.append(rng.choice(HOSTILE) if rng.random() < hostile else rng.choice(WORDS))
        if rng.random() < 0.1:
            out[-1] += rng.choice([".", ".", "?", ";", ":", ","])
    return " ".join(out).capitalize() + "."


def dutch_text(rng: random.Random, paragraphs: int = 4) -> str:
    return "\n\n".join(prose(rng, rng.randint(20, 60), hostile=0) for _ in range(paragraphs))


def gen_text(rng: random.Random, n: int) -> Iterator[Case]:
    """Markdown and text drafts full of hostile fragments and markup."""
    for i in range(n):
        lines = []
        for _ in range(rng.randint(1, 12)):
            prefix = rng.choice(["", "", "# ", "## ", "- ", "1. ", "> ", "| ", "    ", "<!-- genderscan-disable -->\n"])
            lines.append(prefix + prose(rng, rng.randint(0, 30)))
        body = rng.choice(["\n", "\n\n"]).join(lines)
        yield Case("text-hostile", f"concept-{i}{rng.choice(['.md', '.txt'])}",
                   body.encode("utf-8", "surrogatepass"))


def gen_encodings(rng: random.Random, n: int) -> Iterator[Case]:
    """The same Dutch text in the encodings Dutch offices produce; must read correctly or refuse."""
    encodings = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"]
    for i in range(n):
        enc = encodings[i % len(encodings)]
        marker = "Financiële zelfstandigheid van cliënten, ook € 1.200,–"
        if enc == "latin-1":
            marker = marker.replace("€", "EUR").replace("–", "-")
        body = f"# Beleid {i}\n\n{marker}.\n\n{dutch_text(rng, 2)}\n"
        if enc in ("utf-16-le", "utf-16-be"):
            yield Case("text-encodings", f"enc-{i}-{enc}.txt", body.encode(enc), errors=set(), text=marker)
            continue
        yield Case("text-encodings", f"enc-{i}-{enc}.txt", body.encode(enc), errors=set(), text=marker)
    yield Case("text-encodings", "gemengd.txt", "Fout \u00eb".encode() + b" \x81\x8d\x8f junk\n",
               errors={"encoding"})


def gen_random_bytes(rng: random.Random, n: int) -> Iterator[Case]:
    for i in range(n):
        data = rng.randbytes(rng.randint(1, 4096))
        yield Case("bytes-random", f"ruis-{i}{rng.choice(['.pdf', '.docx', '.txt', '.md'])}", data)


def _pdf_bytes(pages: int = 2, text: str = "", image_only: bool = False, **kwargs: Any) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, **kwargs)
    for number in range(pages):
        if image_only:
            c.rect(72, 400, 300, 300, fill=1)
        else:
            c.setFont("Helvetica", 10)
            y = 780
            for line in (text or f"Pagina {number + 1}: de gemeente begeleidt inwoners naar werk.").split("\n"):
                c.drawString(72, y, line[:110])
                y -= 14
        c.showPage()
    c.save()
    return buffer.getvalue()


def gen_pdf_damaged(rng: random.Random, n: int) -> Iterator[Case]:
    """Real PDFs truncated, bit-flipped, prefixed with junk or with a broken xref."""
    good = _pdf_bytes(3, "De gemeente ondersteunt iedere inwoner.\nOok <script>alert(1)</script> staat hier.")
    for i in range(n):
        how = i % 4
        if how == 0:
            data = good[: rng.randint(8, len(good) - 1)]
        elif how == 1:
            raw = bytearray(good)
            for _ in range(rng.randint(1, 40)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            data = bytes(raw)
        elif how == 2:
            data = rng.randbytes(rng.randint(0, 200)) + good
        else:
            data = good.replace(b"xref", b"xrf ", 1).replace(b"startxref", b"startxrf", 1)
        yield Case("pdf-damaged", f"kapot-{i}.pdf", data)


def gen_pdf_special(rng: random.Random, n: int) -> Iterator[Case]:
    """Encrypted, scanned (image-only), mixed and over-limit PDFs with the outcome each must give."""
    from reportlab.lib import pdfencrypt

    for i in range(max(1, n // 6)):
        enc = pdfencrypt.StandardEncryption("geheim", ownerPassword="baas", strength=128)
        data = _pdf_bytes(1, "Versleutelde tekst over werk en inkomen.", encrypt=enc)
        yield Case("pdf-encrypted", f"slot-{i}.pdf", data, errors={"encrypted"})
        yield Case("pdf-encrypted", f"slot-fout-{i}.pdf", data, {"password": "fout"}, errors={"encrypted"})
        yield Case("pdf-encrypted", f"slot-goed-{i}.pdf", data, {"password": "geheim"}, errors=set(),
                   text="Versleutelde tekst")
        yield Case("pdf-scanned", f"scan-{i}.pdf", _pdf_bytes(2, image_only=True), errors={"no-text"})
        yield Case("pdf-limits", f"dik-{i}.pdf", _pdf_bytes(5), {"limits": {"max_pages": 4}},
                   errors={"too-many-pages"})
        yield Case("pdf-limits", f"vol-{i}.pdf", _pdf_bytes(1), {"limits": {"max_chars_per_page": 20}},
                   errors={"too-large"})
        yield Case("pdf-limits", f"groot-{i}.pdf", _pdf_bytes(1), {"limits": {"max_file_mb": 0.0005}},
                   errors={"too-large"})
        yield Case("pdf-limits", f"traag-{i}.pdf", _pdf_bytes(3), {"limits": {"timeout_s": 0.0}},
                   errors={"timeout"})


def docx_bytes(paragraphs: list[str], link: str | None = None) -> bytes:
    """A minimal DOCX; with ``link`` the first paragraph is a hyperlink to that target."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    xml_safe = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
    paragraphs = [xml_safe.sub("", p) for p in paragraphs]  # Word cannot store these at all
    document = docx.Document()
    document.add_heading("Beleidsnotitie <b>werk</b>", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if link:
        paragraph = document.add_paragraph("Zie ")
        rid = paragraph.part.relate_to(link, RT.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "de regeling"
        run.append(text)
        hyperlink.append(run)
        paragraph._p.append(hyperlink)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Doelgroep", "<i>Aanpak</i>"
    table.cell(1, 0).text, table.cell(1, 1).text = "Ouders", "Eigen traject per partner"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def gen_docx(rng: random.Random, n: int) -> Iterator[Case]:
    """Hostile text and links in DOCX; damaged archives, ZIPs that are not Word, zip bombs, XML bombs."""
    for i in range(n):
        how = i % 7
        if how == 0:
            data = docx_bytes([prose(rng, 30, 0.3) for _ in range(3)], link="javascript:alert(1)")
            yield Case("docx-hostile", f"notitie-{i}.docx", data, errors=set(), text="de regeling")
            continue
        good = docx_bytes([dutch_text(rng, 1)])
        if how == 1:
            yield Case("docx-damaged", f"afgebroken-{i}.docx", good[: rng.randint(30, len(good) - 1)])
        elif how == 2:
            raw = bytearray(good)
            for _ in range(rng.randint(1, 20)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            yield Case("docx-damaged", f"geflipt-{i}.docx", bytes(raw))
        elif how == 3:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as z:
                z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
                z.writestr("content.xml", "<office:document/>")
            yield Case("docx-damaged", f"eigenlijk-odt-{i}.docx", buffer.getvalue(), errors={"unsupported"})
        elif how == 4:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("[Content_Types].xml", "<Types/>")
                z.writestr("word/document.xml", b"<w:document>" + b"\x20" * rng.randint(3, 8) * 1_000_000
                           + b"</w:document>")
            yield Case("docx-bomb", f"bom-{i}.docx", buffer.getvalue(), errors={"zip-bomb"})
        elif how == 5:
            laughs = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "hahahahaha">'
                      + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + k]), (b"&" + bytes([97 + k]) + b";") * 10)
                                 for k in range(8))
                      + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                      + b"<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>")
            yield Case("docx-bomb", f"lachbom-{i}.docx", _rezip(good, {"word/document.xml": laughs}))
        else:
            yield Case("docx-damaged", f"zonder-body-{i}.docx",
                       _rezip(good, {"word/document.xml": b"<niet-word/>"}))


def gen_mislabelled(rng: random.Random, n: int) -> Iterator[Case]:
    """Files whose content is not what their name says, and zero-byte files."""
    pdf = _pdf_bytes(1)
    docx = docx_bytes(["Korte tekst."])
    png = b"\x89PNG\r\n\x1a\n" + rng.randbytes(200)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("a.txt", "hallo")
    table = [("pdf-als.docx", pdf, {"unsupported"}), ("docx-als.pdf", docx, {"unsupported"}),
             ("zip-als.pdf", zipped.getvalue(), {"unsupported"}), ("plaatje.pdf", png, {"unsupported"}),
             ("plaatje.txt", png, {"unsupported"}), ("pdf-als.md", pdf, {"unsupported"}),
             ("oud-word.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), {"unsupported"}),
             ("tekst-als.pdf", b"Dit is gewoon tekst en geen PDF.\n" * 5, {"corrupt"}),
             ("tekst-als.docx", b"Dit is gewoon tekst en geen Word.\n" * 5, {"corrupt"}),
             ("webpagina.txt", b"<!DOCTYPE html><html><body><p>De gemeente</p></body></html>", None),
             ("notitie.odt", b"whatever", {"unsupported"})]
    for suffix in (".pdf", ".docx", ".txt", ".md"):
        table.append((f"leeg{suffix}", b"", {"empty"}))
        table.append((f"spaties{suffix}", b" \n\t\n " * 10, {"empty", "corrupt", "no-text"}))
    for i in range(n):
        name, data, errors = table[i % len(table)]
        yield Case("mislabelled", f"{i}-{name}", data, errors=errors)


def gen_language(rng: random.Random, n: int) -> Iterator[Case]:
    """Documents in other languages must be read and carry a not-dutch warning."""
    english = ("The municipality supports every resident who receives a benefit in finding paid work "
               "that fits their skills, and it will offer childcare to all parents who are looking for "
               "a job or are in training.")
    german = ("Die Gemeinde unterstützt alle Einwohner, die eine Leistung beziehen, bei der Suche nach "
              "bezahlter Arbeit und bietet den Eltern eine Betreuung für die Kinder an, wenn sie eine Stelle suchen.")
    for i in range(n):
        text = english if i % 2 == 0 else german
        body = "\n\n".join(" ".join(rng.sample(text.split(), len(text.split()))) for _ in range(4))
        yield Case("not-dutch", f"anders-{i}.txt", body.encode(), errors=set(), warning="not-dutch")


def gen_names(rng: random.Random, n: int) -> Iterator[Case]:
    """Hostile file names (markup, script URLs, quotes) on readable and unreadable files."""
    names = ["<script>alert(1)<", "\" onmouseover=\"alert(1)", "javascript:alert(1)", "::error::nep",
             "a&amp;b", "ë 'quote' \u202e", "%0A::warning::x"]
    for i in range(n):
        base = names[i % len(names)]
        if i % 2:
            yield Case("hostile-names", f"{base}-{i}.md", dutch_text(rng, 2).encode(), errors=set())
        else:
            yield Case("hostile-names", f"{base}-{i}.pdf", b"geen pdf", errors={"corrupt"})


def gen_pathological(rng: random.Random, n: int) -> Iterator[Case]:
    """Shapes that stress parsers: one huge word, thousands of list items, deep nesting, many markers."""
    shapes = [lambda: "x" * 200_000, lambda: "\n".join(f"- punt {k}" for k in range(5000)),
              lambda: "".join("> " * 200 + "diep\n" for _ in range(50)), lambda: "**a " * 20_000,
              lambda: "[a](" * 5000, lambda: "<a " * 20_000, lambda: "`" * 8_000, lambda: "\n" * 100_000 + "eind",
              lambda: ". " * 50_000, lambda: "|" * 50_000 + "\n|---|\n" + "| a " * 5000,
              lambda: "Art. 9 lid 1 sub a. " * 5000, lambda: "ﬁ\u00ad\u200b" * 30_000]
    for i in range(n):
        yield Case("pathological", f"vreemd-{i}{'.md' if i % 2 else '.txt'}",
                   shapes[i % len(shapes)]().encode("utf-8"))


def gen_files(kind: str, paths: list[Path]) -> Callable[[random.Random, int], Iterator[Case]]:
    """Existing documents (fixtures, real documents) as cases: unsupported types may be refused."""
    def generate(rng: random.Random, n: int) -> Iterator[Case]:
        for path in paths:
            yield Case(kind, path.name, path.read_bytes())
    return generate


def fixture_paths() -> list[Path]:
    found = [p for p in sorted((ROOT / "tests" / "data").rglob("*"))
             if p.suffix in (".txt", ".md", ".pdf", ".docx") and p.name != "README.md"]
    return found + sorted(p for p in (ROOT / "examples").glob("*") if p.suffix in (".md", ".pdf"))


def realdoc_paths() -> list[Path]:
    folder = ROOT.parent / "shared" / "realdocs"
    return sorted(p for p in folder.glob("*") if p.is_file() and p.name != "SOURCES.md") if folder.is_dir() else []


GENERATORS: dict[str, Callable[[random.Random, int], Iterator[Case]]] = {
    "text-hostile": gen_text, "text-encodings": gen_encodings, "bytes-random": gen_random_bytes,
    "pdf-damaged": gen_pdf_damaged, "pdf-special": gen_pdf_special, "docx": gen_docx,
    "mislabelled": gen_mislabelled, "not-dutch": gen_language, "hostile-names": gen_names,
    "pathological": gen_pathological,
}


# ----------------------------------------------------------------- checks

def accounting_problems(doc: DocumentResult) -> list[str]:
    """Sentences must tile Document.text: only whitespace may go missing, offsets exact."""
    if doc.error:
        return []
    text = doc.document.text
    problems = []
    if "".join("".join(s.text.split()) for s in doc.sentences) != "".join(text.split()):
        problems.append("sentences do not cover the document text")
    previous = 0
    for i, s in enumerate(doc.sentences):
        if text[s.start:s.end] != s.text or s.start < previous or s.id != i:
            problems.append(f"sentence {i} offsets wrong")
            break
        if not 1 <= s.page <= max(doc.pages, 1):
            problems.append(f"sentence {i} on page {s.page} of {doc.pages}")
            break
        previous = s.end
    return problems


def error_problems(doc: DocumentResult) -> list[str]:
    if not doc.error:
        return []
    problems = []
    if "\n" in doc.error or "\r" in doc.error:
        problems.append("error message is not one line")
    if not any(f": {c}: " in doc.error for c in ERROR_CODES):
        problems.append(f"error without a known code: {doc.error[:80]!r}")
    return problems


def _squash(text: str) -> str:
    return "".join(text.split())


def html_problems(html: str, docs: list[DocumentResult]) -> tuple[list[str], list[str]]:
    """(unsafe, lost): injected markup, and sentences the annotated text leaves out."""
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    unsafe = []
    scripts = list(tree.iter("script"))
    if len(scripts) > 1 or any("alert(" in (s.text or "") for s in scripts):
        unsafe.append("document text became a <script>")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("img", "iframe", "object", "embed", "form", "base", "meta") and \
                not (element.tag == "meta" and element.getparent().tag == "head"):
            unsafe.append(f"document text became <{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                unsafe.append(f"event handler attribute {name}")
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href") and \
                    "javascript:" in "".join(value.split()).lower():
                unsafe.append(f"javascript: URL in {name}")
    lost = []
    articles = tree.find_class("doc-text")
    readable = [d for d in docs if not d.error]
    if len(articles) != len(readable):
        lost.append(f"{len(articles)} annotated texts for {len(readable)} readable documents")
        return unsafe, lost
    for article, doc in zip(articles, readable):
        spans = [e for e in article.iter("span") if "s" in (e.get("class") or "").split()]
        shown = []
        for span in spans:
            for extra in span.find_class("badge") + span.find_class("gp"):
                extra.drop_tree()
            shown.append(_squash(span.text_content()))
        wanted = [_squash(s.text) for s in doc.sentences]
        if shown != wanted:
            missing = next((w for w, h in zip(wanted, shown) if w != h), None)
            lost.append(f"HTML shows {len(shown)} of {len(wanted)} sentences (first difference: {missing!r:.60})")
    return unsafe, lost


def report_problems(docs: list[DocumentResult], settings: Settings) -> tuple[list[str], list[str]]:
    """Render every format; (unsafe, lost) problems.  Renderer exceptions propagate (crashes)."""
    from scanner.pipeline import build_result
    from scanner.render import FORMATS, render

    result = build_result(docs, settings)
    unsafe: list[str] = []
    lost: list[str] = []
    for fmt in FORMATS:
        out = render(result, fmt)
        if fmt == "json":
            data = json.loads(out)
            for entry, doc in zip(data["documents"], docs):
                if [s["text"] for s in entry["sentences"]] != [s.text for s in doc.sentences]:
                    lost.append("JSON report sentences differ")
        elif fmt == "jsonl":
            for line in out.split("\n"):  # JSON Lines are split on \n only (text may hold U+2028)
                if line.strip():
                    json.loads(line)
        elif fmt == "sarif":
            json.loads(out)
        elif fmt == "html":
            u, lo = html_problems(out, docs)
            unsafe += u
            lost += lo
        elif fmt == "github":
            for line in out.split("\n"):  # the runner splits the log on \n
                if line.lstrip().startswith("::") and not line.startswith(
                        ("::error", "::warning", "::notice", "::group", "::endgroup")):
                    unsafe.append(f"GitHub workflow command injected: {line[:40]!r}")
        elif fmt in ("text", "markdown"):
            if "\x1b" in out or "\x9b" in out:
                unsafe.append(f"terminal escape in {fmt} output")
    return unsafe, lost


def expectation_problems(case: Case, doc: DocumentResult) -> list[str]:
    problems = []
    if case.errors is not None:
        if doc.error and not any(f": {c}: " in doc.error for c in case.errors):
            problems.append(f"expected {sorted(case.errors) or 'a readable document'}, got {doc.error[:100]!r}")
        elif not doc.error and case.errors:
            problems.append(f"expected error {sorted(case.errors)}, but the file was read")
    if case.warning and not doc.error and not any(w.startswith(case.warning) for w in doc.warnings):
        problems.append(f"expected warning {case.warning!r}, got {doc.warnings}")
    if case.text and not doc.error and _squash(case.text) not in _squash(doc.document.text):
        problems.append(f"text {case.text!r} not read back correctly")
    return problems


# ----------------------------------------------------------------- runner

def make_settings(base: Settings, overrides: dict[str, Any]) -> Settings:
    limits = Limits(**{**{f: getattr(base.limits, f) for f in base.limits.__slots__},
                       **overrides.get("limits", {})})
    return Settings(analyzers=list(base.analyzers), jobs=1, password=overrides.get("password"),
                    ocr=overrides.get("ocr", False), limits=limits)


def run_case(case: Case, folder: Path, base: Settings, tally: Tally) -> DocumentResult | None:
    """Scan and render one case, adding its outcome to ``tally``."""
    from scanner.pipeline import scan_document

    path = safe_output_path(folder, case.name)
    path.write_bytes(case.data)
    settings = make_settings(base, case.settings)
    tally.tried += 1
    started = time.perf_counter()
    try:
        doc = scan_document(path, settings)
        unsafe, lost = report_problems([doc], settings)
    except Exception as exc:  # noqa: BLE001 - counting crashes is the point
        tally.crashes += 1
        tally.problems.append(f"CRASH {case.kind}/{case.name!r}: {type(exc).__name__}: {exc}"[:300])
        return None
    finally:
        tally.seconds += time.perf_counter() - started
    lost = accounting_problems(doc) + lost
    wrong = error_problems(doc) + expectation_problems(case, doc)
    for label, found in (("LOST", lost), ("UNSAFE", unsafe), ("WRONG", wrong)):
        if found:
            setattr(tally, label.lower(), getattr(tally, label.lower()) + 1)
            tally.problems.append(f"{label} {case.kind}/{case.name!r}: {'; '.join(found)}"[:300])
    tally.refused += bool(doc.error)
    tally.sentences += len(doc.sentences)
    return doc


def run(per_kind: int, seed: int, analyzers: list[str] | None = None,
        kinds: list[str] | None = None, files: bool = True) -> dict[str, Tally]:
    """All kinds; ``per_kind`` generated inputs each (existing files are all used)."""
    base = Settings() if analyzers is None else Settings(analyzers=analyzers)
    generators = dict(GENERATORS)
    if files:
        generators["fixtures"] = gen_files("fixtures", fixture_paths())
        generators["realdocs"] = gen_files("realdocs", realdoc_paths())
    tallies: dict[str, Tally] = {}
    with tempfile.TemporaryDirectory(prefix="genderscan-robust-") as tmp:
        for key, generate in generators.items():
            if kinds and key not in kinds:
                continue
            rng = random.Random(f"{seed}-{key}")
            for index, case in enumerate(generate(rng, per_kind)):
                folder = Path(tmp) / key / str(index)
                folder.mkdir(parents=True)
                run_case(case, folder, base, tallies.setdefault(case.kind, Tally()))
    return tallies


def table(tallies: dict[str, Tally]) -> str:
    head = ("| kind | inputs | crashes | sentences lost | unsafe output | wrong outcome | refused (error line) "
            "| sentences | seconds |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = [f"| {k} | {t.tried} | {t.crashes} | {t.lost} | {t.unsafe} | {t.wrong} | {t.refused} | {t.sentences} "
            f"| {t.seconds:.1f} |" for k, t in tallies.items()]
    total = Tally()
    for t in tallies.values():
        for name in ("tried", "crashes", "lost", "unsafe", "wrong", "refused", "sentences", "seconds"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
    rows.append(f"| **total** | **{total.tried}** | **{total.crashes}** | **{total.lost}** | **{total.unsafe}** "
                f"| **{total.wrong}** | {total.refused} | {total.sentences} | {total.seconds:.1f} |")
    return "\n".join([head, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=40, help="generated inputs per kind")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--no-analyzers", action="store_true", help="ingest + segmentation + render only")
    parser.add_argument("--kind", action="append", help="only these kinds (repeatable)")
    args = parser.parse_args(argv)
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged PDFs are the point; keep the table readable
    started = time.perf_counter()
    tallies = run(args.per_kind, args.seed, [] if args.no_analyzers else None, args.kind)
    print(table(tallies))
    print(f"\nwall time: {time.perf_counter() - started:.1f} s")
    problems = [p for t in tallies.values() for p in t.problems]
    for problem in problems[:60]:
        print("  " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
