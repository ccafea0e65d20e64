"""The rule engine on whole documents: offsets, context filters, settings, spaCy component."""

from __future__ import annotations

import hashlib

import pytest
import spacy
from conftest import shared_file

from scanner.config import Settings
from scanner.ingest import load_document
from scanner.model import Block, Document, DocumentResult
from scanner.nlp import segment
from scanner.normalize import normalise_sentence
from scanner.registry import create
from scanner.suppress import apply_inline_suppressions
from scanner.rules import load_ruleset

PARAGRAPHS = [
    "Werk en inkomen",
    "Bij gezinnen in de bijstand richten wij ons eerst op de kostwinner.",
    "Het stereotype van de man als kostwinner willen wij doorbreken.",
    "De klantmanager bespreekt met de klant welke stappen hij kan zetten.",
    "De werkzoekende meldt wijzigingen in zijn inkomen direct.",
    "Iedere deelnemer kiest zijn eigen leerdoelen.",
    "Aanpak",
    "De klant zoekt een baan die hij leuk vindt.",
]


def _document(paragraphs: list[str], suppressions: list[dict] | None = None) -> Document:
    text, blocks, pos = "", [], 0
    for i, para in enumerate(paragraphs):
        if text:
            text += "\n\n"
            pos += 2
        kind = "heading" if para in ("Werk en inkomen", "Aanpak") else "paragraph"
        blocks.append(Block(start=pos, end=pos + len(para), page=1, kind=kind))
        text += para
        pos += len(para)
    return Document(path="test.md", format="markdown", text=text, blocks=blocks,
                    suppressions=suppressions or [])


def _scan(document: Document, settings: Settings | None = None) -> DocumentResult:
    result = DocumentResult(path=document.path, document=document, sentences=segment(document))
    create("rules", settings or Settings())(result)
    apply_inline_suppressions(result)  # as scanner.pipeline does after every analyzer
    return result


def test_findings_point_into_the_document_text() -> None:
    document = _document(PARAGRAPHS)
    result = _scan(document)
    kostwinner = [f for f in result.findings if f.rule == "breadwinner.focus-on-kostwinner"]
    assert len(kostwinner) == 1
    finding = kostwinner[0]
    assert document.text[finding.start:finding.end] == finding.text
    assert finding.text.startswith("richten") and finding.text.endswith("kostwinner")
    sentence = result.sentences[finding.sentence]
    assert sentence.start <= finding.start < finding.end <= sentence.end
    digest = hashlib.sha1(normalise_sentence(sentence.text).encode()).hexdigest()[:16]
    assert finding.fingerprint == f"breadwinner.focus-on-kostwinner:{digest}"
    assert finding.origin == "lexicon" and 0 < finding.confidence <= 1
    assert set(finding.i18n) == {"nl", "en"} and finding.message == finding.i18n["nl"]["message"]


def test_critique_is_suppressed_with_reason_not_reported() -> None:
    result = _scan(_document(PARAGRAPHS))
    critique_sentence = next(s.id for s in result.sentences if "stereotype" in s.text)
    assert not [f for f in result.findings if f.sentence == critique_sentence]
    reasons = [f.reason for f in result.suppressed if f.sentence == critique_sentence]
    assert reasons and all(r.startswith("critique") for r in reasons)


def test_generic_masculine_is_one_finding_per_section() -> None:
    result = _scan(_document(PARAGRAPHS))
    generic = [f for f in result.findings if f.category == "generic-masculine"]
    # three sentences in the first section, one in the second
    assert len(generic) == 2
    assert all(f.severity == "info" for f in generic)
    assert "3 zinnen" in generic[0].message and "zinnen" not in generic[1].message


def test_english_messages() -> None:
    result = _scan(_document(PARAGRAPHS), Settings(lang="en"))
    finding = next(f for f in result.findings if f.rule == "breadwinner.focus-on-kostwinner")
    assert finding.message == finding.i18n["en"]["message"] != finding.i18n["nl"]["message"]


def test_category_disable_and_rule_disable() -> None:
    result = _scan(_document(PARAGRAPHS), Settings(categories={"generic-masculine": False}))
    assert not [f for f in result.findings if f.category == "generic-masculine"]
    assert [f for f in result.findings if f.category == "breadwinner"]
    result = _scan(_document(PARAGRAPHS), Settings(categories={"breadwinner.focus-on-kostwinner": False}))
    assert not [f for f in result.findings if f.rule == "breadwinner.focus-on-kostwinner"]


def test_severity_override_by_rule_and_by_category() -> None:
    result = _scan(_document(PARAGRAPHS), Settings(severities={"breadwinner.focus-on-kostwinner": "low"}))
    assert next(f for f in result.findings if f.rule == "breadwinner.focus-on-kostwinner").severity == "low"
    result = _scan(_document(PARAGRAPHS), Settings(severities={"generic-masculine": "medium"}))
    assert {f.severity for f in result.findings if f.category == "generic-masculine"} == {"medium"}


@pytest.mark.parametrize(("rules", "silenced"), [([], True), (["breadwinner"], True),
                                                 (["breadwinner.focus-on-kostwinner"], True),
                                                 (["care-role"], False)])
def test_inline_suppression(rules: list[str], silenced: bool) -> None:
    document = _document(PARAGRAPHS)
    block = document.blocks[1]
    before = [f for f in _scan(document).findings if block.start <= f.start < block.end]
    assert before
    document.suppressions = [{"start": block.start, "end": block.end, "rules": rules, "line": 3}]
    result = _scan(document)
    present = any(f.rule == "breadwinner.focus-on-kostwinner" for f in result.findings)
    assert present is not silenced
    expected = [f for f in before if not rules or f.rule in rules or f.category in rules]
    assert result.inline_suppressed == len(expected)
    assert len(result.findings) + result.inline_suppressed == len(_scan(_document(PARAGRAPHS)).findings)


def test_seed_004_criticises_stereotypes_and_is_rarely_flagged() -> None:
    path = shared_file("seeds", "004_9b4152d782d2553c.txt")
    document = load_document(path, Settings())
    findings, suppressed = load_ruleset().apply(segment(document))
    flagged = {f.sentence for f in findings if f.severity != "info"}
    assert len(flagged) <= 5, [f.text for f in findings]
    assert suppressed, "the critical vocabulary of the guide should be seen and silenced"


def test_spacy_component() -> None:
    import scanner.rules.component  # noqa: F401  registers the factory

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("genderscan", config={"lang": "en"})
    doc = nlp("De aanvrager en zijn echtgenote worden samen uitgenodigd. "
              "Het stereotype van de man als kostwinner is hardnekkig.")
    spans = list(doc.spans["genderscan"])
    assert [(s.text, s.label_, s._.gs_rule) for s in spans] == [
        ("aanvrager en zijn echtgenote", "breadwinner", "breadwinner.applicant-and-his-wife")]
    assert spans[0]._.gs_severity == "medium" and spans[0]._.gs_message.startswith('"The applicant')
    suppressed = list(doc.spans["genderscan_suppressed"])
    assert suppressed and suppressed[0]._.gs_reason.startswith("critique")


def test_negation_near_the_trigger_only() -> None:
    from scanner.nlp import sentence_from_text

    ruleset = load_ruleset()
    near = sentence_from_text("Wij richten ons niet op de kostwinner maar op beide volwassenen.")
    far = sentence_from_text("Niet iedereen weet het, maar wij richten de begeleiding vooral op de kostwinner van het gezin.")
    assert not [f for f in ruleset.apply([near])[0] if f.rule == "breadwinner.focus-on-kostwinner"]
    assert [f for f in ruleset.apply([far])[0] if f.rule == "breadwinner.focus-on-kostwinner"]
