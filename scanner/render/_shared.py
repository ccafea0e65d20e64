"""Helpers every renderer needs: labels, translations and positions.

The labels (category names, UI strings) are data in ``reports/*.yml`` so a
domain expert or translator can change them without touching code; this
module only reads them.  Position helpers live here so that the text, SARIF,
GitHub and Markdown formats agree on what "line" means.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import PurePath
from typing import Any

import yaml

from scanner.model import SEVERITY_ORDER, CheckResult, DocumentResult, Finding, ScanResult, Sentence
from scanner.resources import reports_dir

LANGS = ("nl", "en")


@cache
def load_data(name: str) -> Any:
    """Parsed YAML file from ``reports/`` (cached: renderers call it often)."""
    with open(reports_dir() / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def norm_lang(lang: str | None) -> str:
    return lang if lang in LANGS else "nl"


def t(key: str, lang: str = "nl", **values: Any) -> str:
    """UI string ``key`` in ``lang``, placeholders filled; the key itself if unknown."""
    entry = load_data("i18n.yml").get(key)
    if isinstance(entry, dict):
        text = entry.get(lang) or entry.get("nl") or key
    else:
        text = key
    return text.format(**values) if values else text


def category_info(category: str, lang: str = "nl") -> dict[str, Any]:
    """Display data for a category id; unknown ids get the generic style and their id as name."""
    table = load_data("categories.yml")
    known = category in table and not category.startswith("_")
    entry = table.get(category) if known else table["_default"]
    return {
        "id": category,
        "known": known,
        "name": entry["name"].get(lang, entry["name"]["nl"]) if known else category,
        "short": entry["short"].get(lang, entry["short"]["nl"]) if known else category.upper(),
        "colour": entry["colour"],
        "ink": entry["ink"],
        "underline": entry["underline"],
        "pattern": entry["pattern"],
        "gs": entry.get("gs", []),
    }


def category_order() -> list[str]:
    """Known categories in the order of ``categories.yml`` (the report's order)."""
    return [key for key in load_data("categories.yml") if not key.startswith("_")]


def localized(item: Finding | CheckResult, field: str, lang: str) -> str:
    """``item.<field>`` in ``lang``: the i18n variant when present, else the resolved text."""
    variant = (item.i18n or {}).get(lang, {}).get(field)
    return variant or getattr(item, field, "") or ""


def severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.get(severity, 0)


def reading_order(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.start, f.end, f.rule))


def by_importance(findings: list[Finding]) -> list[Finding]:
    """Highest severity first, then reading order: the order a reviewer wants."""
    return sorted(findings, key=lambda f: (-severity_rank(f.severity), f.start, f.rule))


def sentence_map(doc: DocumentResult) -> dict[int, Sentence]:
    return {s.id: s for s in doc.sentences}


def line_numbers(doc: DocumentResult) -> dict[int, int]:
    """Sentence id -> the "line" the CI formats print.

    ``Sentence.line`` (the 1-based source line) when the reader knew it
    (Markdown, text, DOCX); otherwise the 1-based number of the sentence
    within its page, so ``path:page:line`` still points at one sentence of a
    PDF.  Computed once per document in one pass (no quadratic search).
    """
    out: dict[int, int] = {}
    per_page: Counter[int] = Counter()
    for sentence in doc.sentences:
        per_page[sentence.page] += 1
        out[sentence.id] = sentence.line if sentence.line > 0 else per_page[sentence.page]
    return out


def failed_checks(doc: DocumentResult) -> list[CheckResult]:
    return [c for c in doc.checks if c.status == "fail"]


def relative_uri(path: str) -> str:
    """Forward-slash relative path for SARIF and GitHub (absolute paths made relative to cwd)."""
    import os

    pure = PurePath(path)
    if pure.is_absolute():
        try:
            pure = PurePath(os.path.relpath(path))
        except ValueError:  # other drive on Windows
            pass
    return pure.as_posix()


def counts(result: ScanResult) -> dict[str, Any]:
    """Totals the summaries share (findings by category and severity, failed checks)."""
    by_category: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    checks = 0
    for doc in result.documents:
        for finding in doc.findings:
            by_category[finding.category] += 1
            by_severity[finding.severity] += 1
        checks += len(failed_checks(doc))
    if result.set is not None:
        checks += sum(1 for c in result.set.checks if c.status == "fail")
    return {
        "findings": sum(by_category.values()),
        "by_category": dict(by_category),
        "by_severity": dict(by_severity),
        "checks_failed": checks,
        "errors": len(result.errors),
        "documents": len(result.documents),
    }


def check_title(check: CheckResult, lang: str) -> str:
    """A readable title for a check: its own (translated) title, the table's, or its id."""
    own = localized(check, "title", lang)
    if own:
        return own
    label = t(f"check_{check.id}", lang)
    return label if label != f"check_{check.id}" else check.id
