"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

Validated in the tests against the official OASIS schema stored in
``schemas/sarif-schema-2.1.0.json``.  Choices made here (documented in
``docs/ci.md`` as well):

* One run; ``tool.driver.rules`` holds a descriptor for every rule that has
  a finding and every check that failed (id, name, descriptions, help text
  and Markdown with rationale and suggestion, ``properties.category`` and
  ``properties.severity``, ``helpUri`` to the rule's anchor in
  ``docs/rules.md``; pass ``help_base=`` for an absolute URL).
* ``level``: high -> error, medium -> warning, low and info -> note.
* Region: ``startLine`` is ``Sentence.line`` (or 1 when the source has no
  lines, e.g. a PDF, whose page is in ``properties.page``).
  ``charOffset``/``charLength`` count Unicode code points in genderscan's
  *extracted* document text (the offsets of the JSON output), which equals
  the file only for plain text; ``snippet`` holds the flagged text.
* ``partialFingerprints["genderscan/v1"]`` is ``Finding.fingerprint`` (rule +
  hash of the normalised sentence), stable when text moves.
* Failed checks are results too (``ruleId`` = check id, no region, the
  evidence sentences as ``relatedLocations``).
* Suppressed hits: inline suppression comments become results with
  ``suppressions: [{"kind": "inSource"}]``, baseline hits ``"external"``;
  hits silenced by a context filter (quotes, negation, legal facts) are not
  findings at all and are omitted.
* Unreadable documents are ``toolExecutionNotifications`` with level error
  and ``executionSuccessful: false``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from scanner.model import CheckResult, DocumentResult, Finding, ScanResult
from scanner.render._shared import (
    category_info,
    check_title,
    failed_checks,
    line_numbers,
    localized,
    norm_lang,
    reading_order,
    relative_uri,
    sentence_map,
    t,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
FINGERPRINT_KEY = "genderscan/v1"


def anchor(rule_id: str) -> str:
    """GitHub's heading slug for ``rule_id`` (lower case, punctuation but - and _ dropped)."""
    return re.sub(r"[^\w\- ]", "", rule_id.lower()).replace(" ", "-")


def _suppression_kind(reason: str) -> str | None:
    """inSource for inline comments, external for the baseline, None for context filters."""
    low = reason.lower()
    if "baseline" in low:
        return "external"
    if "inline" in low or "genderscan-disable" in low or "comment" in low:
        return "inSource"
    return None


def _finding_rule(finding: Finding, lang: str, help_base: str) -> dict[str, Any]:
    cat = category_info(finding.category, lang)
    message = localized(finding, "message", lang)
    rationale = localized(finding, "rationale", lang)
    suggestion = localized(finding, "suggestion", lang)
    help_text = "\n\n".join(p for p in (
        rationale and f"{t('why', lang)}: {rationale}",
        suggestion and f"{t('suggestion', lang)}: {suggestion}",
        finding.source and f"{t('source', lang)}: {finding.source}") if p)
    help_md = "\n\n".join(p for p in (
        rationale and f"**{t('why', lang)}.** {rationale}",
        suggestion and f"**{t('suggestion', lang)}.** {suggestion}",
        finding.source and f"*{t('source', lang)}: {finding.source}*") if p)
    return {
        "id": finding.rule,
        "name": cat["name"],
        "shortDescription": {"text": message or cat["name"]},
        "fullDescription": {"text": rationale or message or cat["name"]},
        "help": {"text": help_text or message or cat["name"], "markdown": help_md or message or cat["name"]},
        "helpUri": f"{help_base}#{anchor(finding.rule)}",
        "defaultConfiguration": {"level": LEVELS.get(finding.severity, "note")},
        "properties": {"category": finding.category, "severity": finding.severity,
                       "origin": finding.origin, "tags": ["gender", finding.category]},
    }


def _check_rule(check: CheckResult, lang: str, help_base: str) -> dict[str, Any]:
    title = check_title(check, lang)
    message = localized(check, "message", lang)
    suggestion = localized(check, "suggestion", lang)
    help_text = "\n\n".join(p for p in (message, suggestion and f"{t('suggestion', lang)}: {suggestion}",
                                        check.source and f"{t('source', lang)}: {check.source}") if p)
    return {
        "id": check.id,
        "name": title,
        "shortDescription": {"text": title},
        "fullDescription": {"text": message or title},
        "help": {"text": help_text or title, "markdown": help_text or title},
        "helpUri": f"{help_base}#{anchor(check.id)}",
        "defaultConfiguration": {"level": LEVELS.get(check.severity, "warning")},
        "properties": {"category": check.id, "severity": check.severity, "kind": "document-check",
                       "tags": ["gender", "document-check"]},
    }


def _region(doc: DocumentResult, finding: Finding, lines: dict[int, int], has_lines: bool) -> dict[str, Any]:
    line = lines.get(finding.sentence, 1) if has_lines else 1
    return {"startLine": max(1, line), "charOffset": max(0, finding.start),
            "charLength": max(0, finding.end - finding.start), "snippet": {"text": finding.text}}


def _finding_result(doc: DocumentResult, finding: Finding, rule_index: int, lang: str,
                    ctx: dict[str, Any], suppression: str | None = None) -> dict[str, Any]:
    sentence = ctx["sentences"].get(finding.sentence)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding.severity, "note"),
        "message": {"text": localized(finding, "message", lang) or finding.rule},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": ctx["uri"], "index": ctx["artifact"]},
            "region": _region(doc, finding, ctx["lines"], ctx["has_lines"])}}],
        "properties": {"category": finding.category, "severity": finding.severity,
                       "page": sentence.page if sentence else 0, "sentence": finding.sentence,
                       "origin": finding.origin, "confidence": round(float(finding.confidence), 4)},
    }
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if suppression:
        result["suppressions"] = [{"kind": suppression, "justification": finding.reason or suppression}]
    return result


def _check_result(check: CheckResult, rule_index: int, lang: str, ctx: dict[str, Any]) -> dict[str, Any]:
    related = []
    for number, sid in enumerate(e for e in check.evidence if isinstance(e, int)):
        sentence = ctx["sentences"].get(sid)
        if sentence is None or number >= 10:
            continue
        line = ctx["lines"].get(sid, 1) if ctx["has_lines"] else 1
        related.append({"id": number, "physicalLocation": {
            "artifactLocation": {"uri": ctx["uri"]},
            "region": {"startLine": max(1, line), "snippet": {"text": sentence.text}}}})
    result: dict[str, Any] = {
        "ruleId": check.id,
        "ruleIndex": rule_index,
        "level": LEVELS.get(check.severity, "warning"),
        "message": {"text": localized(check, "message", lang) or check.id},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": ctx["uri"], "index": ctx["artifact"]}}}],
        "properties": {"kind": "document-check", "status": check.status},
    }
    if related:
        result["relatedLocations"] = related
    return result


class _Rules:
    """Collects rule descriptors once each and hands out their index."""

    def __init__(self, lang: str, help_base: str) -> None:
        self.lang, self.help_base = lang, help_base
        self.items: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}

    def add(self, rule_id: str, build) -> int:
        if rule_id not in self.index:
            self.index[rule_id] = len(self.items)
            self.items.append(build())
        return self.index[rule_id]


def _document(doc: DocumentResult, artifact: int, rules: _Rules, lang: str) -> list[dict[str, Any]]:
    ctx = {"uri": relative_uri(doc.path), "artifact": artifact, "sentences": sentence_map(doc),
           "lines": line_numbers(doc), "has_lines": any(s.line > 0 for s in doc.sentences)}
    out = []
    for finding in reading_order(doc.findings):
        index = rules.add(finding.rule, lambda f=finding: _finding_rule(f, lang, rules.help_base))
        out.append(_finding_result(doc, finding, index, lang, ctx))
    for finding in reading_order(doc.suppressed):
        kind = _suppression_kind(finding.reason)
        if kind:
            index = rules.add(finding.rule, lambda f=finding: _finding_rule(f, lang, rules.help_base))
            out.append(_finding_result(doc, finding, index, lang, ctx, suppression=kind))
    for check in failed_checks(doc):
        index = rules.add(check.id, lambda c=check: _check_rule(c, lang, rules.help_base))
        out.append(_check_result(check, index, lang, ctx))
    return out


def build(result: ScanResult, lang: str = "nl", help_base: str = "docs/rules.md") -> dict[str, Any]:
    """The SARIF log as a dict (``render`` serialises it)."""
    lang = norm_lang(lang)
    rules = _Rules(lang, help_base)
    results: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for doc in result.documents:
        uri = relative_uri(doc.path)
        if doc.error:
            notifications.append({"level": "error", "message": {"text": doc.error},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]})
            continue
        artifacts.append({"location": {"uri": uri}, "roles": ["analysisTarget"]})
        results.extend(_document(doc, len(artifacts) - 1, rules, lang))
    tool = result.tool or {}
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {"driver": {"name": tool.get("name", "genderscan"), "version": tool.get("version", "0"),
                            "semanticVersion": tool.get("version", "0.0.0"), "language": lang,
                            "rules": rules.items}},
        "invocations": [invocation],
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "pipeline": result.pipeline or {},
            "verdicts": {relative_uri(d.path): d.verdict for d in result.documents if d.verdict},
            "baselineSuppressed": sum(d.baseline_suppressed for d in result.documents),
        },
    }
    if result.set is not None:
        run["properties"]["setVerdict"] = result.set.verdict
        run["properties"]["setChecksFailed"] = [c.id for c in result.set.checks if c.status == "fail"]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: ScanResult, lang: str = "nl", **options: Any) -> str:
    """SARIF JSON text. Option ``help_base``: URL of docs/rules.md for ``helpUri``."""
    log = build(result, lang, help_base=str(options.get("help_base") or "docs/rules.md"))
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
