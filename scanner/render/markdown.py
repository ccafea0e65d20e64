"""A Markdown summary for a pull-request comment.

Verdict per document, counts per category and severity, a table of the top
findings (page, quoted text, message) and the failed checks.  Text taken
from a document is untrusted: it is escaped for Markdown *and* HTML (GitHub
renders inline HTML in comments), table pipes are escaped, newlines are
flattened and ``@mentions`` are defused so a draft cannot ping people.
"""

from __future__ import annotations

import re

from scanner.model import ScanResult
from scanner.render._shared import (
    by_importance,
    category_info,
    category_order,
    check_title,
    counts,
    failed_checks,
    localized,
    norm_lang,
    sentence_map,
    severity_rank,
    t,
)

SEVERITIES = ("high", "medium", "low", "info")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def escape(text: str, limit: int = 0) -> str:
    """Untrusted text -> inert Markdown (no links, emphasis, HTML or table breaks)."""
    flat = " ".join(text.split())
    if limit and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _MD_SPECIAL.sub(r"\\\1", flat)
    return flat.replace("@", "@\u200b")  # zero-width space: no @mention


def _verdict(verdict: str | None, lang: str) -> str:
    return t(f"verdict_{verdict}", lang) if verdict else t("verdict_none", lang)


def _counts_table(result: ScanResult, lang: str) -> list[str]:
    """Category x severity table with totals (only categories that occur)."""
    grid: dict[str, dict[str, int]] = {}
    for _doc, finding in result.all_findings():
        grid.setdefault(finding.category, {}).setdefault(finding.severity, 0)
        grid[finding.category][finding.severity] += 1
    order = [c for c in category_order() if c in grid] + sorted(c for c in grid if c not in category_order())
    head = [t("category", lang)] + [t(f"sev_{s}", lang) for s in SEVERITIES] + [t("md_total", lang)]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for cat in order:
        cells = [grid[cat].get(s, 0) for s in SEVERITIES]
        name = escape(category_info(cat, lang)["name"])
        rows.append(f"| {name} | " + " | ".join(str(c) for c in cells) + f" | {sum(cells)} |")
    return rows


def _top_findings(result: ScanResult, lang: str, limit: int) -> list[str]:
    ranked = []
    for doc in result.documents:
        sentences = sentence_map(doc)
        for finding in by_importance(doc.findings):
            sentence = sentences.get(finding.sentence)
            ranked.append((doc, finding, sentence.page if sentence else 0))
    ranked.sort(key=lambda item: -severity_rank(item[1].severity))
    multi = sum(1 for d in result.documents if d.findings) > 1
    head = ([t("document", lang)] if multi else []) + [
        t("severity", lang), t("category", lang), t("page", lang), t("md_text", lang), t("md_message", lang)]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for doc, finding, page in ranked[:limit]:
        cells = ([escape(doc.path)] if multi else []) + [
            t(f"sev_{finding.severity}", lang),
            escape(category_info(finding.category, lang)["name"]),
            str(page or "–"),
            f"«{escape(finding.text, 120)}»",
            escape(localized(finding, "message", lang), 200),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    if len(ranked) > limit:
        rows += ["", t("md_more", lang, n=len(ranked) - limit)]
    return rows


def render(result: ScanResult, lang: str = "nl", **options: object) -> str:
    """The comment body. Option ``top`` (default 15) caps the findings table."""
    lang = norm_lang(lang)
    limit = int(options.get("top", 15) or 15)
    total = counts(result)
    out = [f"## {t('md_title', lang)}", ""]
    for doc in result.documents:
        state = f"**{t('error', lang)}**: {escape(doc.error)}" if doc.error else _verdict(doc.verdict, lang)
        out.append(f"- `{doc.path.replace('`', '')}`: {state}")
    if result.set is not None:
        out.append(f"- {t('sec_set', lang)}: {_verdict(result.set.verdict, lang)}")
    out += ["", f"**{t('findings', lang)}: {total['findings']}** · "
                f"{t('checks_failed', lang)}: {total['checks_failed']}", ""]
    if total["findings"] == 0 and total["checks_failed"] == 0:
        return "\n".join(out + [t("md_clean", lang), ""])
    if total["findings"]:
        out += [f"### {t('by_category', lang)}", "", *_counts_table(result, lang), "",
                f"### {t('md_top_findings', lang)}", "", *_top_findings(result, lang, limit), ""]
    failed = [(doc.path, c) for doc in result.documents for c in failed_checks(doc)]
    if result.set is not None:
        failed += [("set", c) for c in result.set.checks if c.status == "fail"]
    if failed:
        out += [f"### {t('checks_failed', lang)}", ""]
        for path, check in failed:
            out.append(f"- **{escape(check_title(check, lang))}** (`{check.id}`, {escape(path)}): "
                       f"{escape(localized(check, 'message', lang), 300)}")
        out.append("")
    return "\n".join(out)
