"""The public API and the accounting invariant: nothing extracted is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE_PDF, SHARED, shared_file
from scanner import Settings, scan
from scanner.model import ScanResult

REALDOCS = sorted((SHARED / "realdocs").glob("*")) if (SHARED / "realdocs").is_dir() else []
SCANNABLE = [p for p in REALDOCS if p.suffix in {".txt", ".pdf"}]


def assert_accounted(result: ScanResult) -> None:
    """Sentences tile the document text: only whitespace may go missing."""
    for doc in result.documents:
        assert doc.error is None, doc.error
        text = doc.document.text
        joined = "".join("".join(s.text.split()) for s in doc.sentences)
        assert joined == "".join(text.split()), doc.path
        previous_end = 0
        for i, s in enumerate(doc.sentences):
            assert s.id == i
            assert text[s.start:s.end] == s.text
            assert s.start >= previous_end
            assert 1 <= s.page <= max(doc.pages, 1)
            previous_end = s.end
        for f in doc.findings:
            sentence = doc.sentences[f.sentence]
            assert sentence.start <= f.start < f.end <= sentence.end
            assert text[f.start:f.end] == f.text


def test_scan_api_on_a_markdown_draft(tmp_path: Path):
    draft = tmp_path / "concept.md"
    draft.write_text("# Titel\n\nDe gemeente zet in op de meest kansrijke partner binnen het gezin.\n",
                     encoding="utf-8")
    result = scan(draft)
    assert isinstance(result, ScanResult)
    assert result.pipeline["name"] == "offline"
    assert [s.text for s in result.documents[0].sentences][0] == "Titel"
    assert_accounted(result)


@pytest.mark.skipif(not EXAMPLE_PDF.exists(), reason="bundled example not built")
def test_bundled_example_is_accounted_for_and_flagged():
    result = scan(EXAMPLE_PDF)
    assert_accounted(result)
    doc = result.documents[0]
    assert 15 <= doc.pages <= 25
    categories = {f.category for f in doc.findings}
    assert {"breadwinner", "household-unit"} <= categories
    assert {c.id: c.status for c in doc.checks}["missing-childcare"] == "fail"


@pytest.mark.parametrize("path", SCANNABLE, ids=[p.name for p in SCANNABLE])
def test_real_documents_are_accounted_for(path: Path):
    result = scan(path, Settings(jobs=1))
    assert_accounted(result)


def test_shared_realdocs_present_or_skipped():
    shared_file("realdocs", "SOURCES.md")


def test_a_bug_in_one_document_does_not_end_the_batch(tmp_path: Path, monkeypatch):
    import scanner.pipeline as pipeline

    good = tmp_path / "a.md"
    good.write_text("De gemeente voert het beleid uit.\n", encoding="utf-8")
    bad = tmp_path / "b.md"
    bad.write_text("Deze tekst laat de segmentatie struikelen.\n", encoding="utf-8")
    real_segment = pipeline.segment

    def flaky(document):
        if "struikelen" in document.text:
            raise RuntimeError("boom")
        return real_segment(document)

    monkeypatch.setattr(pipeline, "segment", flaky)
    result = scan([good, bad], Settings(jobs=1))
    assert result.documents[0].error is None
    error = result.documents[1].error
    assert error.startswith(str(bad)) and "internal-error" in error and "\n" not in error


def test_long_runs_without_spaces_are_tokenised_in_linear_time(tmp_path: Path):
    draft = tmp_path / "lang.md"
    draft.write_text("Begin van de tekst " + "`" * 50_000 + " en het einde.\n", encoding="utf-8")
    result = scan(draft, Settings(jobs=1))
    assert_accounted(result)
    assert result.documents[0].sentences[-1].text.endswith("einde.")
