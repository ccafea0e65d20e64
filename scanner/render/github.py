"""GitHub Actions workflow commands: findings become annotations on the pull request.

``::error file=...,line=...,title=...::message`` for high severity,
``::warning`` for medium and ``::notice`` for low/info (the same mapping as
the SARIF ``level``).  GitHub parses these lines from the job log, so every
value is escaped by its rules: in the message ``%``, ``\\r`` and ``\\n``; in
properties also ``:`` and ``,`` (which would otherwise end the property).

``line`` is ``Sentence.line`` when known; for a PDF (no source lines) the
annotation names the page in its title and has no line, so GitHub attaches
it to the file rather than to a wrong line.
"""

from __future__ import annotations

from scanner.model import DocumentResult, ScanResult
from scanner.render._shared import (
    category_info,
    check_title,
    failed_checks,
    localized,
    norm_lang,
    reading_order,
    relative_uri,
    sentence_map,
    t,
)

LEVELS = {"high": "error", "medium": "warning", "low": "notice", "info": "notice"}


def escape_data(value: str) -> str:
    """Escape a message (the part after ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (``file=``, ``title=``): data rules plus ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: object) -> str:
    """One workflow command line; properties with empty values are left out."""
    parts = [f"{key}={escape_property(str(value))}" for key, value in props.items()
             if value not in (None, "", 0)]
    head = f"::{level} " + ",".join(parts) if parts else f"::{level}"
    return f"{head}::{escape_data(message)}"


def _finding_lines(doc: DocumentResult, lang: str) -> list[str]:
    sentences = sentence_map(doc)
    uri = relative_uri(doc.path)
    out = []
    for finding in reading_order(doc.findings):
        sentence = sentences.get(finding.sentence)
        line = sentence.line if sentence and sentence.line > 0 else None
        page = sentence.page if sentence else 0
        name = category_info(finding.category, lang)["name"]
        title = f"genderscan {finding.rule}: {name}"
        if line is None and page:
            title += f" ({t('page_short', lang)} {page})"
        message = localized(finding, "message", lang)
        suggestion = localized(finding, "suggestion", lang)
        body = f"{message}\n«{finding.text}»"
        if suggestion:
            body += f"\n{t('suggestion', lang)}: {suggestion}"
        out.append(command(LEVELS.get(finding.severity, "notice"), body, file=uri, line=line, title=title))
    return out


def render(result: ScanResult, lang: str = "nl", **options: object) -> str:
    """Workflow commands for all findings, failed checks and unreadable documents."""
    lang = norm_lang(lang)
    lines: list[str] = []
    for doc in result.documents:
        uri = relative_uri(doc.path)
        if doc.error:
            lines.append(command("error", doc.error, file=uri, title="genderscan read-error"))
            continue
        lines.extend(_finding_lines(doc, lang))
        for check in failed_checks(doc):
            lines.append(command(LEVELS.get(check.severity, "warning"), localized(check, "message", lang),
                                 file=uri, title=f"genderscan {check.id}: {check_title(check, lang)}"))
    if result.set is not None:
        for check in result.set.checks:
            if check.status == "fail":
                lines.append(command(LEVELS.get(check.severity, "warning"), localized(check, "message", lang),
                                     title=f"genderscan {check.id}: {check_title(check, lang)}"))
    return "\n".join(lines) + ("\n" if lines else "")
