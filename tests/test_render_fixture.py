"""A hand-built ScanResult for the renderer tests (no analyzers needed).

The Dutch sentences are written for this fixture.  Sentence 9 carries
hostile text (a script tag and an attribute break-out) to prove that every
renderer escapes document text.  ``make_result`` is imported by the other
``test_render_*`` files; the tests here check the fixture itself.
"""

from __future__ import annotations

from scanner.model import (
    Block,
    CheckResult,
    Credit,
    Document,
    DocumentResult,
    Finding,
    RubricAnswer,
    ScanResult,
    Sentence,
    SetResult,
)

HOSTILE = "<script>alert('x')</script>"
ATTR = '" onmouseover="alert(1)'

# (block, page, kind, text); sentences sharing a block number form one block.
SENTENCES = [
    (0, 1, "heading", "Beleidsplan Werk en Participatie 2025-2028"),
    (1, 1, "paragraph", "De gemeente wil dat zo veel mogelijk huishoudens binnen twee jaar uitstromen uit de bijstand."),
    (1, 1, "paragraph", "Bij paren richten wij de begeleiding op de partner met de grootste kans op werk."),
    (1, 1, "paragraph", "Zodra de man een baan heeft, stopt de begeleiding van zijn vrouw."),
    (2, 2, "heading", "Zorg en ontheffing"),
    (3, 2, "paragraph", "Moeders met jonge kinderen krijgen ontheffing, omdat hun taak thuis bij het gezin ligt."),
    (3, 2, "paragraph", "Voor vrouwen bieden wij vooral trajecten in de zorg en de schoonmaak aan."),
    (3, 3, "paragraph", "Een klantmanager bespreekt met de klant of hij klaar is voor werk."),
    (4, 3, "list-item", "Wij bieden gratis kinderopvang tijdens elk re-integratietraject."),
    (5, 3, "paragraph", f"Uit de inspraak: {HOSTILE} en {ATTR} als tekst."),
    (5, 3, "paragraph", "Resultaten worden per huishouden gemonitord."),
]

# (sentence, phrase, rule, category, severity, origin)
FINDINGS = [
    (1, "huishoudens binnen twee jaar uitstromen", "household-unit.outflow-goal", "household-unit", "medium", "lexicon"),
    (2, "de partner met de grootste kans op werk", "breadwinner.most-promising-partner", "breadwinner", "high", "lexicon"),
    (3, "Zodra de man een baan heeft, stopt de begeleiding van zijn vrouw", "breadwinner.support-ends", "breadwinner", "high", "lexicon"),
    (3, "de begeleiding van zijn vrouw", "household-unit.partner-dependent", "household-unit", "medium", "lexicon"),
    (5, "omdat hun taak thuis bij het gezin ligt", "care-role.mothers-task", "care-role", "high", "lexicon"),
    (6, "vooral trajecten in de zorg en de schoonmaak", "sector-steering.female-sectors", "sector-steering", "medium", "lexicon"),
    (7, "hij", "generic-masculine.hij", "generic-masculine", "info", "lexicon"),
    (7, "of hij klaar is voor werk", "classifier.selective-work-first", "selective-work-first", "low", "classifier"),
    (9, HOSTILE, "custom.hostile", "custom-category", "medium", "lexicon"),
    (10, "per huishouden gemonitord", "household-unit.monitoring", "household-unit", "medium", "lexicon"),
]


def _document(path: str) -> tuple[Document, list[Sentence]]:
    parts: list[str] = []
    sentences: list[Sentence] = []
    blocks: list[Block] = []
    offset = 0
    previous_block = None
    for sid, (block, page, kind, text) in enumerate(SENTENCES):
        if previous_block is not None:
            sep = " " if block == previous_block else "\n\n"
            parts.append(sep)
            offset += len(sep)
        if block != previous_block:
            blocks.append(Block(start=offset, end=offset, page=page, kind=kind, line=sid * 2 + 1))
        sentences.append(Sentence(id=sid, text=text, start=offset, end=offset + len(text), page=page,
                                  kind=kind, line=sid * 2 + 1 if path.endswith(".md") else 0))
        parts.append(text)
        offset += len(text)
        blocks[-1].end = offset
        if page != blocks[-1].page:
            blocks[-1].page_end = page
        previous_block = block
    document = Document(path=path, format="markdown" if path.endswith(".md") else "pdf",
                        text="".join(parts), blocks=blocks, pages=3)
    return document, sentences


def _finding(sentences: list[Sentence], spec: tuple) -> Finding:
    sid, phrase, rule, category, severity, origin = spec
    sentence = sentences[sid]
    local = sentence.text.index(phrase)
    start = sentence.start + local
    message = f"Bevinding {rule} {ATTR}" if category == "custom-category" else f"Let op: {category} in deze zin."
    return Finding(
        rule=rule, category=category, severity=severity, sentence=sid, start=start, end=start + len(phrase),
        text=phrase, message=message, suggestion=f"Formuleer het doel per persoon ({rule}).",
        source="domain.md GS-xx", origin=origin, confidence=0.71 if origin == "classifier" else 1.0,
        rationale="Dit benadeelt vaak de vrouw in het huishouden.",
        explanation=["klaar", "werk"] if origin == "classifier" else [],
        i18n={"nl": {"message": message, "suggestion": "Formuleer het doel per persoon.",
                     "rationale": "Dit benadeelt vaak de vrouw in het huishouden."},
              "en": {"message": f"EN: {category} found.", "suggestion": "State the goal per person.",
                     "rationale": "This often puts the woman in the household at a disadvantage."}},
        fingerprint=f"{rule}:{sid:04d}",
    )


def make_document(path: str = "beleid/werkplan.md") -> DocumentResult:
    document, sentences = _document(path)
    findings = [_finding(sentences, spec) for spec in FINDINGS]
    suppressed = _finding(sentences, (10, "per huishouden", "household-unit.monitoring", "household-unit",
                                      "medium", "lexicon"))
    suppressed.reason = "inline genderscan-disable-next-line"
    checks = [
        CheckResult(id="missing-childcare", status="pass", message="Kinderopvang is geregeld.",
                    satisfied_by=[8], title="Kinderopvang", severity="high"),
        CheckResult(id="gender-blind-spot", status="fail", message="Geen cijfers uitgesplitst naar geslacht.",
                    evidence=[10, 1], severity="medium", suggestion="Splits de monitoring uit naar geslacht.",
                    source="domain.md GS-07",
                    i18n={"en": {"message": "No figures by sex.", "title": "Gender blind spot"}}),
        CheckResult(id="womens-organisations", status="fail", message="Geen samenwerking met vrouwenorganisaties.",
                    severity="low"),
        CheckResult(id="professional-awareness", status="not-applicable", message="",
                    reason="Het document gaat niet over uitvoering."),
    ]
    rubric = [
        RubricAnswer(framework="atria", id="Q1", question="Zijn er onderliggende genderstereotype aannames?",
                     answer="ja", findings=[1, "care-role", {"rule": "breadwinner.support-ends"}],
                     explanation="Drie aannames gevonden."),
        RubricAnswer(framework="atria", id="Q2", question="Leiden maatregelen tot stereotype uitvoering?",
                     answer="deels", checks=["gender-blind-spot"]),
        RubricAnswer(framework="diversion", id="5", question="Werkt de gemeente samen met vrouwenorganisaties?",
                     answer="nee", checks=["womens-organisations"]),
        RubricAnswer(framework="verwey-jonker-uitvoering", id="2", question="Regelingen die belemmeringen wegnemen?",
                     answer="onbekend", credits=["GP-01"]),
    ]
    credits = [Credit(id="GP-01", title="Kinderopvang binnen re-integratie", sentences=[8], offsets=["GS-05"])]
    return DocumentResult(path=path, format=document.format, pages=3, sentences=sentences, findings=findings,
                          suppressed=[suppressed], checks=checks, rubric=rubric, credits=credits,
                          verdict="genderstereotyperend", warnings=["page 4 has no text"], document=document)


def make_result(with_error: bool = True, with_set: bool = False, path: str = "beleid/werkplan.md") -> ScanResult:
    docs = [make_document(path)]
    if with_error:
        docs.append(DocumentResult(path="beleid/kapot.pdf", error="kapot.pdf: file is not a valid PDF"))
    set_result = None
    if with_set:
        set_result = SetResult(
            checks=[CheckResult(id="womens-organisations", status="fail", message="In de hele set niet.",
                                evidence=[{"path": path, "sentence": 6}])],
            verdict="genderneutraal")
    return ScanResult(tool={"name": "genderscan", "version": "0.1.0"},
                      pipeline={"name": "offline", "segmenter": "rules"}, documents=docs, set=set_result,
                      created="2026-11-23T09:30:00+00:00")


def make_clean_result() -> ScanResult:
    doc = make_document()
    doc.findings, doc.suppressed, doc.rubric, doc.credits = [], [], [], []
    doc.checks = [c for c in doc.checks if c.status != "fail"]
    doc.verdict = "gendersensitief"
    return ScanResult(tool={"name": "genderscan", "version": "0.1.0"}, pipeline={"name": "offline"},
                      documents=[doc], created="2026-11-23T09:30:00+00:00")


def test_fixture_offsets_point_at_the_flagged_text():
    doc = make_document()
    text = doc.document.text
    for sentence in doc.sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    for finding in doc.findings:
        assert text[finding.start:finding.end] == finding.text
        sentence = doc.sentences[finding.sentence]
        assert sentence.start <= finding.start < finding.end <= sentence.end


def test_fixture_blocks_cover_their_sentences():
    doc = make_document()
    for sentence in doc.sentences:
        owners = [b for b in doc.document.blocks if b.start <= sentence.start < b.end]
        assert len(owners) == 1
