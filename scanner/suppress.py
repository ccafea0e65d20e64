"""Silencing findings on purpose: inline comments, baselines, and draft diffs.

A finding's *fingerprint* is its rule plus a hash of the normalised sentence
(case, diacritics and whitespace folded).  It survives reflowing a PDF,
renumbered pages and moved paragraphs, so a baseline keeps working while a
draft is edited, and ``genderscan diff`` can match findings across versions.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from scanner.errors import ConfigError
from scanner.model import DocumentResult, Finding, ScanResult, Sentence
from scanner.normalize import normalise_sentence

BASELINE_VERSION = 1


def fingerprint(rule: str, sentence_text: str) -> str:
    digest = hashlib.sha1(normalise_sentence(sentence_text).encode("utf-8")).hexdigest()[:16]
    return f"{rule}:{digest}"


def ensure_fingerprints(doc: DocumentResult) -> None:
    """Fill in fingerprints an analyzer left empty."""
    by_id: dict[int, Sentence] = {s.id: s for s in doc.sentences}
    for f in (*doc.findings, *doc.suppressed):
        if not f.fingerprint and f.sentence in by_id:
            f.fingerprint = fingerprint(f.rule, by_id[f.sentence].text)


def apply_inline_suppressions(doc: DocumentResult) -> None:
    """Move findings covered by ``genderscan-disable`` comments to ``suppressed``.

    The ingest stage records each comment as a character range plus the
    rules or categories it names (none = all).
    """
    ranges = doc.document.suppressions if doc.document is not None else []
    if not ranges:
        return
    kept: list[Finding] = []
    for f in doc.findings:
        hit = next((r for r in ranges if r["start"] <= f.start < r["end"]
                    and (not r.get("rules") or f.rule in r["rules"] or f.category in r["rules"])), None)
        if hit is None:
            kept.append(f)
        else:
            f.reason = f"inline: genderscan-disable (line {hit.get('line', '?')})"
            doc.suppressed.append(f)
    doc.inline_suppressed += len(doc.findings) - len(kept)
    doc.findings = kept


# --- baselines ---------------------------------------------------------------------------


def check_fingerprint(check_id: str, path: str) -> str:
    """Failed checks are keyed by check and file name (they have no sentence)."""
    return f"check:{check_id}:{Path(path).name}"


def write_baseline(result: ScanResult, path: Path) -> int:
    entries = [
        {"fingerprint": f.fingerprint, "rule": f.rule, "path": d.path, "text": f.text}
        for d in result.documents for f in d.findings if f.fingerprint
    ]
    entries += [
        {"fingerprint": check_fingerprint(c.id, d.path), "rule": c.id, "path": d.path, "text": ""}
        for d in result.documents for c in d.checks if c.status == "fail"
    ]
    data = {"tool": "genderscan", "version": BASELINE_VERSION, "entries": entries}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(entries)


def load_baseline(path: str | Path) -> Counter:
    """Fingerprints in a baseline file, as a multiset (a sentence may repeat)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = data["entries"]
        return Counter(e["fingerprint"] for e in entries)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: baseline file not found (create it with 'genderscan baseline create')") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a genderscan baseline file ({exc})") from exc


def apply_baseline(doc: DocumentResult, baseline: Counter) -> None:
    """Drop findings already in the baseline (each baseline entry absorbs one finding)."""
    remaining = baseline.copy()
    kept = []
    for f in doc.findings:
        if f.fingerprint and remaining[f.fingerprint] > 0:
            remaining[f.fingerprint] -= 1
            doc.baseline_suppressed += 1
        else:
            kept.append(f)
    doc.findings = kept
    for check in doc.checks:
        if check.status == "fail" and remaining[check_fingerprint(check.id, doc.path)] > 0:
            check.baselined = True


# --- diffs between two versions of a draft -------------------------------------------------


def diff_results(old: ScanResult, new: ScanResult) -> dict[str, list[dict[str, Any]]]:
    """Findings resolved, new and unchanged, matched by fingerprint."""

    def collect(result: ScanResult) -> list[tuple[DocumentResult, Finding]]:
        return [(d, f) for d in result.documents for f in d.findings]

    old_items, new_items = collect(old), collect(new)
    old_left = Counter(f.fingerprint for _, f in old_items)
    unchanged, added = [], []
    for d, f in new_items:
        if old_left[f.fingerprint] > 0:
            old_left[f.fingerprint] -= 1
            unchanged.append(_entry(d, f))
        else:
            added.append(_entry(d, f))
    new_left = Counter(f.fingerprint for _, f in new_items)
    resolved = []
    for d, f in old_items:
        if new_left[f.fingerprint] > 0:
            new_left[f.fingerprint] -= 1
        else:
            resolved.append(_entry(d, f))
    return {"resolved": resolved, "new": added, "unchanged": unchanged}


def _entry(doc: DocumentResult, f: Finding) -> dict[str, Any]:
    page = next((s.page for s in doc.sentences if s.id == f.sentence), 0)
    return {"path": doc.path, "page": page, "rule": f.rule, "category": f.category,
            "severity": f.severity, "text": f.text, "message": f.message, "fingerprint": f.fingerprint}


_DIFF_TITLES = {
    "nl": {"resolved": "Opgelost", "new": "Nieuw", "unchanged": "Ongewijzigd"},
    "en": {"resolved": "Resolved", "new": "New", "unchanged": "Unchanged"},
}


def render_diff(diff: dict[str, list[dict[str, Any]]], fmt: str, lang: str = "nl") -> str:
    titles = _DIFF_TITLES.get(lang, _DIFF_TITLES["nl"])
    if fmt == "json":
        return json.dumps(diff, ensure_ascii=False, indent=2) + "\n"
    lines: list[str] = []
    for key in ("new", "resolved", "unchanged"):
        items = diff[key]
        if fmt == "markdown":
            lines.append(f"### {titles[key]} ({len(items)})\n")
            lines.extend(f"- `{e['rule']}` p. {e['page']}: {_md(e['text'])}" for e in items)
            lines.append("")
        else:
            lines.append(f"{titles[key]}: {len(items)}")
            marker = {"new": "+", "resolved": "-", "unchanged": "="}[key]
            lines.extend(f"  {marker} {e['path']}:{e['page']}: {e['severity']} {e['category']} "
                         f"{e['rule']} \"{e['text']}\"" for e in items if key != "unchanged")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out
