"""Property-based tests: arbitrary text and bytes through scan and render.

Whatever a user hands us, genderscan must not crash, must account for every
extracted character (sentences tile the text; the JSON and HTML reports show
every sentence), and must produce reports in which document text is inert.
The checks are the ones ``scripts/robustness_run.py`` counts with, so the
table in ``docs/robustness.md`` and these tests mean the same thing.

Examples are bounded (``max_examples``) so the file runs in well under a
minute; raise ``GENDERSCAN_HYPOTHESIS_EXAMPLES`` for a longer hunt.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import load_robustness_script
from scanner import Settings
from scanner.pipeline import scan_document




R = load_robustness_script()
SETTINGS = Settings(jobs=1)  # all analyzers: findings and checks must survive hostile text too
EXAMPLES = int(os.environ.get("GENDERSCAN_HYPOTHESIS_EXAMPLES", "40"))
FAST = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text that looks like policy prose, plus hostile fragments and odd characters.
WORDS = st.sampled_from([
    "De", "gemeente", "kostwinner", "huishoudens", "partner", "moeder", "zorgtaken", "o.a.", "art.", "9",
    "lid", "1.", "a.", "-", "•", "kinder-", "opvang", "ﬁ", "é", "ë", "\u00ad", "\u200b", "€", "1.200,-",
    "?", "!", ";", ":", "(", ")", "\"", "'", "\t", "#", "##", "|", "**", "_", "`", "> ", "[x](",
    "<!-- genderscan-disable-next-line -->", "# genderscan-disable", *R.HOSTILE,
])
PROSE = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=80).map(" ".join)
LINES = st.lists(PROSE, max_size=12).map("\n".join)


def check(path: Path, settings: Settings = SETTINGS):
    """Scan ``path`` and assert every robustness property; returns the result."""
    doc = scan_document(path, settings)  # must not raise
    assert not R.error_problems(doc), R.error_problems(doc)
    assert not R.accounting_problems(doc), R.accounting_problems(doc)
    unsafe, lost = R.report_problems([doc], settings)
    assert not unsafe, unsafe
    assert not lost, lost
    return doc


@FAST
@given(body=LINES, suffix=st.sampled_from([".md", ".txt"]))
def test_arbitrary_text_drafts(tmp_path_factory, body: str, suffix: str):
    path = Path(tmp_path_factory.mktemp("prop")) / f"concept{suffix}"
    path.write_bytes(body.encode("utf-8", "surrogatepass"))
    check(path)


@FAST
@given(body=PROSE.filter(lambda t: t.strip()),
       encoding=st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]))
def test_encodings_read_correctly_or_refused(tmp_path_factory, body: str, encoding: str):
    """The same text in another encoding: read back exactly (modulo clean-up) or refused clearly."""
    text = "De gemeente helpt. " + body
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, "replace")
        text = data.decode(encoding)
    path = Path(tmp_path_factory.mktemp("enc")) / "tekst.txt"
    path.write_bytes(data)
    doc = check(path)
    if doc.error:
        assert ": encoding: " in doc.error or ": empty: " in doc.error, doc.error
        return
    assert "Degemeentehelpt." in "".join(doc.document.text.split())
    guessed = [w for w in doc.warnings if w.startswith("encoding")]
    # Only files without a BOM are guessed, and the guess is said out loud.
    assert not guessed or encoding in ("cp1252", "utf-16-le", "utf-16-be"), guessed
    if encoding != "cp1252" and "\n" not in text and "\r" not in text:  # one line: no list markers to drop
        letters = {c for c in text if c.isalpha() and c.isascii()}
        assert letters <= set(doc.document.text) | set(doc.document.text.lower()), letters


@FAST
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".pdf", ".docx", ".txt", ".md"]))
def test_arbitrary_bytes(tmp_path_factory, data: bytes, suffix: str):
    path = Path(tmp_path_factory.mktemp("bytes")) / f"bestand{suffix}"
    path.write_bytes(data)
    check(path)


@FAST
@given(prefix=st.binary(max_size=64), cut=st.floats(min_value=0.05, max_value=1.0),
       flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8))
def test_damaged_pdfs(tmp_path_factory, prefix: bytes, cut: float, flips):
    """Real PDF bytes, damaged: junk in front, truncated, bytes overwritten."""
    data = bytearray(_GOOD_PDF[: max(1, int(len(_GOOD_PDF) * cut))])
    for where, value in flips:
        data[min(len(data) - 1, int(where * len(data)))] = value
    path = Path(tmp_path_factory.mktemp("pdf")) / "kapot.pdf"
    path.write_bytes(prefix + bytes(data))
    check(path)


XML_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff",
                                 max_codepoint=0x2FFFF).filter(lambda c: c in "\t\n\r" or ord(c) >= 32),
                   max_size=60)


@FAST
@given(paragraphs=st.lists(st.one_of(XML_TEXT, PROSE.map(lambda t: "".join(
    c for c in t if c in "\t\n\r" or (ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF)))), max_size=6),
       link=st.sampled_from([None, "javascript:alert(1)", "https://example.org/\"><script>x</script>"]))
def test_arbitrary_docx_text(tmp_path_factory, paragraphs: list[str], link: str | None):
    path = Path(tmp_path_factory.mktemp("docx")) / "notitie.docx"
    path.write_bytes(R.docx_bytes(paragraphs, link=link))
    doc = check(path)
    assert doc.error is None, doc.error


@FAST
@given(members=st.dictionaries(st.sampled_from(["[Content_Types].xml", "word/document.xml", "_rels/.rels",
                                                "word/_rels/document.xml.rels", "word/styles.xml"]),
                               st.binary(max_size=300), max_size=5))
def test_arbitrary_zip_named_docx(tmp_path_factory, members: dict[str, bytes]):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path = Path(tmp_path_factory.mktemp("zip")) / "archief.docx"
    path.write_bytes(buffer.getvalue())
    check(path)


def _good_pdf() -> bytes:
    return R._pdf_bytes(2, "De gemeente richt zich op de kostwinner van het huishouden.\n"
                           "Ouders krijgen <b>hulp</b> bij kinderopvang.")


_GOOD_PDF = _good_pdf()
