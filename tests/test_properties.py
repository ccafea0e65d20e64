"""Property-based tests: arbitrary text and bytes through scan and render.

Whatever a user hands us, genderscan must not crash, must account for every
extracted character, and must produce HTML in which document text is inert.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, given, settings, strategies as st

from scanner import Settings
from scanner.pipeline import build_result, scan_document
from scanner.render import render

SETTINGS = Settings(jobs=1)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text that looks like policy prose, plus hostile fragments and odd characters.
WORDS = st.sampled_from([
    "De", "gemeente", "kostwinner", "huishoudens", "partner", "o.a.", "art.", "9", "lid", "1.", "a.", "-", "•",
    "<script>alert(1)</script>", "\" onmouseover=\"x", "javascript:alert(1)", "&amp;", "kinder-", "opvang",
    "ﬁ", "é", "ë", "\u00ad", "\u200b", "€", "1.200,-", "?", "!", ";", ":", "(", ")", "\"", "'", "\t",
    "<!-- genderscan-disable-next-line -->", "#", "##", "|", "**", "_", "`",
])
PROSE = st.lists(st.one_of(WORDS, st.text(min_size=0, max_size=12)), min_size=0, max_size=80).map(" ".join)
LINES = st.lists(PROSE, min_size=0, max_size=12).map("\n".join)


def check_result(doc) -> None:
    if doc.error:
        assert doc.error.startswith(doc.path)
        assert "\n" not in doc.error
        return
    text = doc.document.text
    assert "".join("".join(s.text.split()) for s in doc.sentences) == "".join(text.split())
    for s in doc.sentences:
        assert text[s.start:s.end] == s.text
    html = render(build_result([doc], SETTINGS), "html")
    tree = lxml.html.document_fromstring(html)
    # Document text never becomes markup: the only scripts are our own inline ones.
    for script in tree.iter("script"):
        assert "alert(1)" not in (script.text or "")
    for element in tree.iter():
        for name, value in element.attrib.items():
            # Injected handlers would show up as on* attributes; the report's own
            # script uses addEventListener, so no element may carry one.
            assert not name.lower().startswith("on"), (name, value)
            if name in ("href", "src"):
                assert not value.strip().lower().startswith("javascript:")
    json.loads(render(build_result([doc], SETTINGS), "json"))


@FAST
@given(body=LINES, suffix=st.sampled_from([".md", ".txt"]))
def test_arbitrary_text_drafts(tmp_path_factory, body: str, suffix: str):
    path = Path(tmp_path_factory.mktemp("prop")) / f"concept{suffix}"
    path.write_text(body, encoding="utf-8", errors="surrogatepass")
    check_result(scan_document(path, SETTINGS))


@FAST
@given(data=st.binary(min_size=0, max_size=4096), suffix=st.sampled_from([".pdf", ".docx", ".txt", ".md"]))
def test_arbitrary_bytes(tmp_path_factory, data: bytes, suffix: str):
    path = Path(tmp_path_factory.mktemp("bytes")) / f"bestand{suffix}"
    path.write_bytes(data)
    check_result(scan_document(path, SETTINGS))


@FAST
@given(prefix=st.binary(min_size=0, max_size=64), cut=st.floats(min_value=0.05, max_value=0.95))
def test_truncated_and_prefixed_pdfs(tmp_path_factory, prefix: bytes, cut: float):
    """Real PDF bytes, damaged: truncated at a random point or with junk in front."""
    from reportlab.pdfgen import canvas

    folder = Path(tmp_path_factory.mktemp("pdf"))
    good = folder / "goed.pdf"
    c = canvas.Canvas(str(good))
    c.drawString(72, 720, "De gemeente richt zich op de kostwinner van het huishouden.")
    c.showPage()
    c.save()
    data = good.read_bytes()
    bad = folder / "kapot.pdf"
    bad.write_bytes(prefix + data[: int(len(data) * cut)])
    check_result(scan_document(bad, SETTINGS))
