"""spaCy pipeline component ``genderscan`` for users with their own pipeline.

    nlp = spacy.blank("nl")          # or nl_core_news_md
    nlp.add_pipe("genderscan")
    doc = nlp("De klant en zijn vrouw worden samen uitgenodigd.")
    doc.spans["genderscan"]           # label = category; span._.gs_rule etc.

Registered through the ``spacy_factories`` entry point (pyproject.toml) and
with ``@Language.factory`` when this module is imported.  The component runs
the same :class:`~scanner.rules.RuleSet` as the scanner, so results agree.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from scanner.model import Finding, Sentence
from scanner.normalize import fold

SPAN_KEY = "genderscan"
SUPPRESSED_KEY = "genderscan_suppressed"
_EXTENSIONS = ("gs_rule", "gs_severity", "gs_message", "gs_suggestion", "gs_source", "gs_reason", "gs_confidence")

for _name in _EXTENSIONS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


class GenderscanComponent:
    """Adds lexicon findings to ``doc.spans``; suppressed hits go to a second span group."""

    def __init__(self, nlp: Language, name: str, lexicons: list[str], lang: str) -> None:
        from scanner.rules import load_ruleset

        self.name = name
        self.lang = lang
        self.ruleset = load_ruleset(lexicons)

    def __call__(self, doc: Doc) -> Doc:
        sentences = _sentences(doc)
        findings, suppressed = self.ruleset.apply(sentences, self.lang)
        doc.spans[SPAN_KEY] = [s for s in (_span(doc, f) for f in findings) if s is not None]
        doc.spans[SUPPRESSED_KEY] = [s for s in (_span(doc, f) for f in suppressed) if s is not None]
        return doc


def _lemma(token) -> str:
    if token.lemma_:
        return token.lemma_.lower()
    from scanner.nlp import lemmatize_word
    return lemmatize_word(token.lower_)


def _sentences(doc: Doc) -> list[Sentence]:
    """Scanner sentences from the Doc's sentence boundaries (or the whole Doc)."""
    spans = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    out: list[Sentence] = []
    for i, span in enumerate(spans):
        tokens = [t for t in span if not t.is_space]
        if not tokens:
            continue
        out.append(Sentence(
            id=i, text=span.text, start=span.start_char, end=span.end_char, page=1,
            tokens=[fold(t.text) for t in tokens], lemmas=[_lemma(t) for t in tokens],
            token_offsets=[(t.idx, t.idx + len(t.text)) for t in tokens],
        ))
    return out


def _span(doc: Doc, finding: Finding) -> Span | None:
    span = doc.char_span(finding.start, finding.end, label=finding.category, alignment_mode="expand")
    if span is None:
        return None
    span._.gs_rule = finding.rule
    span._.gs_severity = finding.severity
    span._.gs_message = finding.message
    span._.gs_suggestion = finding.suggestion
    span._.gs_source = finding.source
    span._.gs_reason = finding.reason or None
    span._.gs_confidence = finding.confidence
    return span


@Language.factory("genderscan", default_config={"lexicons": [], "lang": "nl"})
def make_genderscan_component(nlp: Language, name: str, lexicons: list[str], lang: str) -> GenderscanComponent:
    """Factory for ``nlp.add_pipe("genderscan", config={"lexicons": [...], "lang": "en"})``."""
    return GenderscanComponent(nlp, name, list(lexicons), lang)
