"""Typed records passed between the stages of a scan.

The data flow is one-directional (ingest -> nlp -> rules/classifier/checks ->
render), and every stage speaks in these small dataclasses, the way spaCy's
components hand each other a ``Doc``.  Nothing here imports a stage, so any
stage can import this module without creating cycles.

Offsets: every ``start``/``end`` is a character offset into
``Document.text`` (the cleaned, extracted text of one document).  Sentences
tile that text: concatenating ``text[s.start:s.end]`` over all sentences
loses nothing but whitespace.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list-item", "table-row", "caption"]
Severity = Literal["high", "medium", "low", "info"]
Origin = Literal["lexicon", "classifier"]
CheckStatus = Literal["fail", "pass", "not-applicable"]
Answer = Literal["ja", "deels", "nee", "onbekend"]

SEVERITY_ORDER: dict[str, int] = {"info": 0, "low": 1, "medium": 2, "high": 3}


@dataclass(slots=True)
class Block:
    """A layout unit of a document (heading, paragraph, list item, table row).

    Blocks are the source map: they say which page a span of ``Document.text``
    came from and what kind of unit it was, which segmentation needs (a
    heading is its own segment; a list item never merges with the next one).
    ``page_end`` differs from ``page`` when a paragraph runs over a page break.
    """

    start: int
    end: int
    page: int
    kind: BlockKind = "paragraph"
    page_end: int | None = None
    level: int = 0  # heading level or list depth, 0 when unknown
    line: int = 0  # 1-based source line of the block start (text/markdown/docx paragraphs), 0 when unknown


@dataclass(slots=True)
class Document:
    """One input file after ingest: clean text plus where each part came from."""

    path: str
    format: str  # "pdf" | "docx" | "markdown" | "text"
    text: str
    blocks: list[Block]
    pages: int = 1
    # page -> (start, end) offsets of that page's text, for page markers.
    page_spans: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    # Inline suppressions found in drafts: (line or sentence offset, rules).
    suppressions: list[dict[str, Any]] = field(default_factory=list)

    def page_at(self, offset: int) -> int:
        """Page number (1-based) that contains character ``offset``."""
        for block in self.blocks:
            if block.start <= offset < block.end:
                if block.page_end and block.page_end != block.page and self.page_spans:
                    for number, (s, e) in enumerate(self.page_spans, start=1):
                        if s <= offset < e:
                            return number
                return block.page
        for number, (s, e) in enumerate(self.page_spans, start=1):
            if s <= offset < e:
                return number
        return 1


@dataclass(slots=True)
class Sentence:
    """A segment of a document: a sentence, a heading or a list item."""

    id: int
    text: str
    start: int
    end: int
    page: int
    kind: BlockKind = "paragraph"
    # Normalised forms used by rules and the classifier (not serialised by
    # default: they are derived data).
    tokens: list[str] = field(default_factory=list)  # lower-cased, diacritics folded
    lemmas: list[str] = field(default_factory=list)
    token_offsets: list[tuple[int, int]] = field(default_factory=list)  # into Document.text
    line: int = 0  # 1-based line in the source file (text/markdown), 0 when unknown

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "text": self.text, "page": self.page,
               "start": self.start, "end": self.end, "kind": self.kind}
        if self.line:
            out["line"] = self.line
        return out


@dataclass(slots=True)
class Finding:
    """A flagged span in a sentence, explained.

    ``message``/``suggestion``/``rationale`` are resolved into the report
    language at creation time; the ``*_i18n`` dicts keep both languages so a
    renderer can switch without re-running the scan.
    """

    rule: str
    category: str
    severity: Severity
    sentence: int
    start: int
    end: int
    text: str
    message: str
    suggestion: str
    source: str
    origin: Origin = "lexicon"
    confidence: float = 1.0
    rationale: str = ""
    explanation: list[str] = field(default_factory=list)  # classifier: top terms
    reason: str = ""  # only for suppressed hits: why the context filter silenced it
    i18n: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> {message, suggestion, rationale}
    fingerprint: str = ""  # rule + hash of normalised sentence, for baselines

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("i18n", None)
        if not self.reason:
            out.pop("reason")
        if not self.explanation:
            out.pop("explanation")
        out["confidence"] = round(float(self.confidence), 4)
        return out


@dataclass(slots=True)
class CheckResult:
    """Outcome of a document- or set-level absence check."""

    id: str
    status: CheckStatus
    message: str
    evidence: list[Any] = field(default_factory=list)  # sentence ids, or {"path","sentence"} at set level
    satisfied_by: list[Any] = field(default_factory=list)  # evidence that a provision exists
    severity: Severity = "medium"
    title: str = ""
    reason: str = ""  # for not-applicable: why the check does not apply
    suggestion: str = ""
    source: str = ""
    i18n: dict[str, dict[str, str]] = field(default_factory=dict)
    baselined: bool = False  # a known failure recorded in the --baseline file: does not fail CI

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("i18n", None)
        if not self.baselined:
            out.pop("baselined")
        return out


@dataclass(slots=True)
class RubricAnswer:
    framework: str  # "atria" | "diversion" | "verwey-jonker-beleid" | "verwey-jonker-uitvoering"
    id: str
    question: str
    answer: Answer
    findings: list[Any] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    explanation: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Credit:
    """A good practice (GP-xx) found in the text."""

    id: str
    title: str
    sentences: list[Any] = field(default_factory=list)
    offsets: list[str] = field(default_factory=list)  # categories it offsets

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class DocumentResult:
    """Everything genderscan found out about one document."""

    path: str
    format: str = ""
    pages: int = 0
    sentences: list[Sentence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    rubric: list[RubricAnswer] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    verdict: str | None = None
    verdict_reason: str = ""  # why the rubric gave this verdict (scan language)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # set when the document could not be read
    language: str = "nl"
    document: Document | None = None  # kept for renderers (page spans, blocks)
    baseline_suppressed: int = 0
    inline_suppressed: int = 0  # findings silenced by genderscan-disable comments in the draft

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(slots=True)
class SetResult:
    """A policy set judged as one (``--set``)."""

    checks: list[CheckResult] = field(default_factory=list)
    rubric: list[RubricAnswer] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    verdict: str | None = None
    verdict_reason: str = ""  # why the rubric gave this verdict (scan language)


@dataclass(slots=True)
class ScanResult:
    tool: dict[str, str]
    pipeline: dict[str, Any]
    documents: list[DocumentResult]
    set: SetResult | None = None
    lang: str = "nl"
    created: str = ""  # ISO timestamp

    @property
    def errors(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.error]

    def all_findings(self) -> list[tuple[DocumentResult, Finding]]:
        return [(d, f) for d in self.documents for f in d.findings]
