"""The JSON machine contract (ARCHITECTURE.md §4), validated by ``schemas/output.schema.json``.

Public interface for CI users and scripts: fields are only ever added.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from scanner.model import DocumentResult, ScanResult, SetResult


def document_to_json(doc: DocumentResult) -> dict[str, Any]:
    """One document's entry; also one line of the ``jsonl`` stream."""
    out: dict[str, Any] = {
        "path": doc.path,
        "format": doc.format,
        "pages": doc.pages,
        "language": doc.language,
        "sentences": [s.to_json() for s in doc.sentences],
        "findings": [f.to_json() for f in doc.findings],
        "suppressed": [f.to_json() for f in doc.suppressed],
        "checks": [c.to_json() for c in doc.checks],
        "warnings": list(doc.warnings),
    }
    if doc.error:
        out["error"] = doc.error
    if doc.rubric or doc.verdict:
        out["verdict"] = doc.verdict
        out["verdict_reason"] = doc.verdict_reason
        out["rubric"] = [r.to_json() for r in doc.rubric]
        out["credits"] = [c.to_json() for c in doc.credits]
    if doc.baseline_suppressed:
        out["baseline_suppressed"] = doc.baseline_suppressed
    if doc.inline_suppressed:
        out["inline_suppressed"] = doc.inline_suppressed
    return out


def set_to_json(set_result: SetResult) -> dict[str, Any]:
    return {
        "checks": [c.to_json() for c in set_result.checks],
        "rubric": [r.to_json() for r in set_result.rubric],
        "credits": [c.to_json() for c in set_result.credits],
        "verdict": set_result.verdict,
        "verdict_reason": set_result.verdict_reason,
    }


def summary(result: ScanResult) -> dict[str, Any]:
    findings = [f for d in result.documents for f in d.findings]
    by_category = Counter(f.category for f in findings)
    by_severity = Counter(f.severity for f in findings)
    checks = [c for d in result.documents for c in d.checks]
    return {
        "documents": len(result.documents),
        "errors": len(result.errors),
        "sentences": sum(len(d.sentences) for d in result.documents),
        "findings": len(findings),
        "by_category": dict(sorted(by_category.items())),
        "by_severity": dict(sorted(by_severity.items())),
        "suppressed": sum(len(d.suppressed) for d in result.documents),
        "checks_failed": sum(1 for c in checks if c.status == "fail"),
    }


def to_json(result: ScanResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "tool": result.tool,
        "pipeline": result.pipeline,
        "lang": result.lang,
        "created": result.created,
        "documents": [document_to_json(d) for d in result.documents],
        "summary": summary(result),
    }
    if result.set is not None:
        out["set"] = set_to_json(result.set)
    return out


def render(result: ScanResult, lang: str = "nl", indent: int | None = 2, **_: Any) -> str:
    return json.dumps(to_json(result), ensure_ascii=False, indent=indent) + "\n"
