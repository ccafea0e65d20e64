"""Compiler-style text output: one line per finding, for terminals and CI logs.

Format (editors and CI log parsers understand ``path:line:col:`` prefixes)::

    path:page:line: severity category rule message
    path:0:0: severity check-id message          (a failed document check)
    path:0:0: error read-error message            (an unreadable document)

``line`` is ``Sentence.line`` (the 1-based line in the source file) when the
reader knows it (Markdown, text, DOCX); for PDFs it is the 1-based number of
the sentence within its page; 0 when the sentence is unknown.  Severity,
category, rule and check ids stay in English (they are stable ids that
scripts match on); the message is in the report language.

A clean scan prints nothing at all (like a linter), so ``[ -z "$(genderscan
...)" ]`` works; when there is output, a one-line summary ends it.
"""

from __future__ import annotations

from scanner.model import DocumentResult, ScanResult
from scanner.render._shared import (
    counts,
    failed_checks,
    line_numbers,
    localized,
    norm_lang,
    reading_order,
    sentence_map,
    severity_rank,
    t,
)


def _one_line(text: str) -> str:
    """Collapse whitespace so a message never breaks the one-line-per-finding rule."""
    return " ".join(text.split())


_WARNING_KINDS = {"not-dutch", "pages-without-text", "ocr-no-dutch", "ocr-unavailable", "ocr-pages", "encoding"}


def _document_lines(doc: DocumentResult, lang: str, min_rank: int) -> list[str]:
    if doc.error:
        return [f"{doc.path}:0:0: error read-error {_one_line(doc.error)}"]
    sentences = sentence_map(doc)
    lines = line_numbers(doc)
    # Reading problems (not Dutch, pages without text, OCR) are worth a line even
    # in a clean scan: they say the findings may be incomplete.
    out: list[str] = [f"{doc.path}:0:0: info warning {_one_line(w)}" for w in doc.warnings
                      if w.split(":", 1)[0] in _WARNING_KINDS]
    for finding in reading_order(doc.findings):
        if severity_rank(finding.severity) < min_rank:
            continue
        sentence = sentences.get(finding.sentence)
        page = sentence.page if sentence else 0
        line = lines.get(finding.sentence, 0)
        message = _one_line(localized(finding, "message", lang))
        quoted = _one_line(finding.text)
        out.append(f"{doc.path}:{page}:{line}: {finding.severity} {finding.category} "
                   f"{finding.rule} {message} «{quoted}»")
    for check in failed_checks(doc):
        if severity_rank(check.severity) < min_rank:
            continue
        message = _one_line(localized(check, "message", lang))
        out.append(f"{doc.path}:0:0: {check.severity} {check.id} {message}")
    return out


def render(result: ScanResult, lang: str = "nl", **options: object) -> str:
    """All findings as lines; empty string when there is nothing to report.

    Option ``min_severity`` (high|medium|low|info) hides lines below it.
    """
    lang = norm_lang(lang)
    min_rank = severity_rank(str(options.get("min_severity") or "info"))
    lines: list[str] = []
    for doc in result.documents:
        lines.extend(_document_lines(doc, lang, min_rank))
    if result.set is not None:
        for check in result.set.checks:
            if check.status == "fail" and severity_rank(check.severity) >= min_rank:
                lines.append(f"<set>:0:0: {check.severity} {check.id} "
                             f"{_one_line(localized(check, 'message', lang))}")
    if not lines:
        return ""
    total = counts(result)
    summary = t("summary_line", lang, findings=total["findings"], checks=total["checks_failed"],
                docs=total["documents"])
    if total["errors"]:
        summary += t("summary_errors", lang, errors=total["errors"])
    lines.append(summary)
    return "\n".join(lines) + "\n"
