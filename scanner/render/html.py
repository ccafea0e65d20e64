"""The annotated HTML report: one self-contained file a consultant can hand over.

Everything is inline (CSS, JS, SVG charts) and a Content-Security-Policy
forbids network requests, so the file opens from disk or an e-mail
attachment.  Templates and the texts they show live in ``reports/`` (jinja2
with autoescape on: document text can never become markup).

Speed matters for a 500-page PDF (~20k sentences): findings are grouped by
sentence once, each sentence's highlighted HTML is built once in Python from
its own findings only, and blocks are matched to sentences in one linear
walk; nothing loops over all findings per sentence.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections import Counter, defaultdict
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from scanner import __version__
from scanner.model import CheckResult, DocumentResult, Finding, ScanResult, Sentence
from scanner.render._shared import (
    category_info,
    category_order,
    check_title,
    counts,
    load_data,
    localized,
    norm_lang,
    reading_order,
    severity_rank,
    t,
)
from scanner.resources import reports_dir

SEVERITIES = ("high", "medium", "low", "info")
ANSWERS = ("ja", "deels", "nee", "onbekend")
LARGE_DOCUMENT = 3000  # sentences; above this the CSS lets the browser skip off-screen blocks
FRAMEWORKS = ("atria", "diversion", "verwey-jonker-beleid", "verwey-jonker-uitvoering")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(reports_dir())),
        autoescape=True,  # every template, whatever its name: document text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


def css_id(value: str) -> str:
    """A string safe inside a class name or an id (category ids come from user lexicons)."""
    return re.sub(r"[^a-zA-Z0-9_-]", "-", value) or "x"


# --------------------------------------------------------------------------
# Annotated text
# --------------------------------------------------------------------------

def _sentence_html(sentence: Sentence, notes: list[dict[str, Any]]) -> Markup:
    """The sentence with flagged spans wrapped in nested <mark>s and a badge after each span.

    Overlapping findings split the sentence into segments at every span
    boundary; each segment is wrapped once per covering finding, so hiding
    one category (CSS) leaves the other's highlight intact.
    """
    text = sentence.text
    if not notes:
        return escape(text)
    length = len(text)
    spans = []
    for note in notes:
        start = min(max(note["start"] - sentence.start, 0), length)
        end = min(max(note["end"] - sentence.start, start), length)
        spans.append((start, end, note))
    cuts = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [n for s, e, n in spans if s <= a and e >= b and s < e]
        piece = str(escape(text[a:b]))
        for note in covering:
            piece = (f'<mark class="hl c-{note["cat_css"]} sev-{note["severity"]}" '
                     f'data-note="{note["anchor"]}">{piece}</mark>')
        out.append(piece)
        out.extend(_badge(n) for s, e, n in spans if e == b)
    return Markup("".join(out))


def _badge(note: dict[str, Any]) -> str:
    label = f'{note["short"]} {note["number"]}'
    aria = f'{note["cat_name"]}, {note["finding_label"]} {note["number"]}'
    return (f'<a class="badge c-{note["cat_css"]} sev-{note["severity"]}" href="#{note["anchor"]}" '
            f'data-label="{escape(label)}" aria-label="{escape(aria)}"></a>')


def _finding_view(doc_index: int, number: int, finding: Finding, sentence: Sentence | None,
                  lang: str) -> dict[str, Any]:
    cat = category_info(finding.category, lang)
    return {
        "number": number,
        "anchor": f"n-{doc_index}-{number}",
        "sentence_anchor": f"s-{doc_index}-{finding.sentence}",
        "rule": finding.rule,
        "category": finding.category,
        "cat_css": css_id(finding.category),
        "cat_name": cat["name"],
        "short": cat["short"],
        "severity": finding.severity if finding.severity in SEVERITIES else "info",
        "severity_label": t(f"sev_{finding.severity}", lang),
        "start": finding.start,
        "end": finding.end,
        "text": finding.text,
        "page": sentence.page if sentence else 0,
        "message": localized(finding, "message", lang),
        "suggestion": localized(finding, "suggestion", lang),
        "rationale": localized(finding, "rationale", lang),
        "source": finding.source,
        "origin": finding.origin,
        "confidence": round(float(finding.confidence) * 100),
        "explanation": list(finding.explanation or [])[:8],
        "finding_label": t("finding", lang).lower(),
    }


def _block_spans(doc: DocumentResult) -> list[tuple[int, int, str, int]]:
    """(start, end, kind, level) per layout block; empty when the document is not kept."""
    if doc.document is None:
        return []
    return [(b.start, b.end, b.kind, b.level) for b in doc.document.blocks]


def _group_blocks(doc: DocumentResult) -> list[dict[str, Any]]:
    """Sentences grouped into the document's blocks, in one linear walk.

    Without a ``Document`` (results loaded from JSON) a heading is its own
    block and other sentences are grouped per page and kind.
    """
    blocks = _block_spans(doc)
    groups: list[dict[str, Any]] = []
    pointer = 0
    for sentence in doc.sentences:
        while pointer < len(blocks) and blocks[pointer][1] <= sentence.start:
            pointer += 1
        if pointer < len(blocks) and blocks[pointer][0] <= sentence.start:
            key: tuple = ("b", pointer)
            kind, level = blocks[pointer][2], blocks[pointer][3]
        else:
            kind, level = sentence.kind, 0
            key = ("s", sentence.id) if kind in ("heading", "list-item", "table-row") else ("p", sentence.page, kind)
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "kind": kind, "level": level, "page": sentence.page, "sentences": []})
        groups[-1]["sentences"].append(sentence)
    return groups


def _annotated(doc_index: int, doc: DocumentResult, notes_by_sentence: dict[int, list[dict[str, Any]]],
               credit_sentences: set[int], lang: str) -> list[dict[str, Any]]:
    """Blocks ready for the template: page markers, sentence HTML, the notes after each block."""
    items: list[dict[str, Any]] = []
    current_page = None
    for group in _group_blocks(doc):
        sentences = []
        notes: list[dict[str, Any]] = []
        for sentence in group["sentences"]:
            if sentence.page != current_page:
                if sentences:  # a page break inside a block: an inline marker
                    sentences.append({"page_break": sentence.page})
                else:
                    items.append({"page_marker": sentence.page, "anchor": f"p-{doc_index}-{sentence.page}"})
                current_page = sentence.page
            own = notes_by_sentence.get(sentence.id, [])
            notes.extend(own)
            sentences.append({
                "id": sentence.id,
                "anchor": f"s-{doc_index}-{sentence.id}",
                "html": _sentence_html(sentence, own),
                "flagged": bool(own),
                "credit": sentence.id in credit_sentences,
            })
        items.append({"kind": group["kind"], "level": group["level"], "sentences": sentences,
                      "notes": notes, "flagged": bool(notes)})
    return items


# --------------------------------------------------------------------------
# Charts (server-side SVG, patterns as a second cue besides colour)
# --------------------------------------------------------------------------

def _pattern_defs(prefix: str, cats: list[dict[str, Any]]) -> str:
    shapes = {
        "stripes": '<path d="M0 0L0 8" stroke="{ink}" stroke-width="3"/>',
        "diagonal": '<path d="M-2 2L2 -2M0 8L8 0M6 10L10 6" stroke="{ink}" stroke-width="1.6"/>',
        "dots": '<circle cx="4" cy="4" r="1.7" fill="{ink}"/>',
        "cross": '<path d="M0 0L8 8M8 0L0 8" stroke="{ink}" stroke-width="1.2"/>',
        "grid": '<path d="M0 4H8M4 0V8" stroke="{ink}" stroke-width="1.2"/>',
        "zigzag": '<path d="M0 6L2 2L4 6L6 2L8 6" fill="none" stroke="{ink}" stroke-width="1.2"/>',
        "solid": "",
    }
    out = []
    for cat in cats:
        shape = shapes.get(cat["pattern"], shapes["dots"]).format(ink=cat["ink"])
        out.append(f'<pattern id="{prefix}-{cat["css"]}" width="8" height="8" patternUnits="userSpaceOnUse">'
                   f'<rect width="8" height="8" fill="{cat["colour"]}"/>{shape}</pattern>')
    return "<defs>" + "".join(out) + "</defs>"


def _category_chart(prefix: str, rows: list[dict[str, Any]], lang: str) -> Markup:
    """Horizontal bars: one per category, pattern-filled, with name and count as text."""
    if not rows:
        return Markup("")
    width, label_w, bar_h, gap = 640, 250, 22, 10
    top = max(r["count"] for r in rows) or 1
    height = len(rows) * (bar_h + gap) + gap
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-labelledby="{prefix}-t {prefix}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{prefix}-t">{escape(t("chart_category_title", lang))}</title>',
             f'<desc id="{prefix}-d">{escape(t("chart_desc", lang))}</desc>',
             _pattern_defs(prefix, rows)]
    for i, row in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(2, (width - label_w - 50) * row["count"] / top)
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" class="lbl">'
                     f'{escape(row["name"])}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="url(#{prefix}-{row["css"]})" '
                     f'stroke="{row["ink"]}" stroke-width="1"/>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}" class="num">{row["count"]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _page_chart(prefix: str, pages: int, per_page: dict[int, Counter], cats: list[dict[str, Any]],
                lang: str) -> Markup:
    """Stacked columns of findings per page (pages binned so at most 60 columns)."""
    if not per_page or pages <= 0:
        return Markup("")
    bin_size = max(1, math.ceil(pages / 60))
    bins = math.ceil(pages / bin_size)
    totals: list[Counter] = [Counter() for _ in range(bins)]
    for page, counter in per_page.items():
        totals[min(bins - 1, max(0, (page - 1) // bin_size))].update(counter)
    width, height, left, bottom, top_pad = 640, 200, 30, 28, 10
    col_w = (width - left - 10) / bins
    top = max((sum(c.values()) for c in totals), default=1) or 1
    scale = (height - bottom - top_pad) / top
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-labelledby="{prefix}-t {prefix}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{prefix}-t">{escape(t("chart_page_title", lang))}</title>',
             f'<desc id="{prefix}-d">{escape(t("chart_desc", lang))}</desc>',
             _pattern_defs(prefix, cats),
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" class="axis"/>',
             f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end" class="num">{top}</text>']
    tick_every = max(1, math.ceil(bins / 10))
    for i, counter in enumerate(totals):
        x = left + i * col_w
        y = height - bottom
        for cat in cats:
            n = counter.get(cat["id"], 0)
            if n:
                h = n * scale
                y -= h
                first = i * bin_size + 1
                label = (t("page_marker", lang, n=first) if bin_size == 1 else
                         t("chart_page_bin", lang, a=first, b=min(pages, first + bin_size - 1)))
                parts.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(1.0, col_w - 2):.1f}" '
                             f'height="{h:.1f}" fill="url(#{prefix}-{cat["css"]})" stroke="{cat["ink"]}" '
                             f'stroke-width="0.6"><title>{escape(label)}: {escape(cat["name"])} {n}</title></rect>')
        if i % tick_every == 0:
            parts.append(f'<text x="{x + col_w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                         f'class="tick">{i * bin_size + 1}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


# --------------------------------------------------------------------------
# Checks, rubric, credits
# --------------------------------------------------------------------------

def _evidence_links(items: list[Any], doc_index: int, sentences: dict[int, Sentence],
                    paths: dict[str, int], docs: list[DocumentResult]) -> list[dict[str, Any]]:
    """Sentence ids (document level) or {"path", "sentence"} (set level) -> links with quotes."""
    out = []
    for item in items:
        d, sid = doc_index, item
        if isinstance(item, dict):
            d = paths.get(str(item.get("path")), -1)
            sid = item.get("sentence")
        if not isinstance(sid, int) or d < 0:
            continue
        sentence = sentences.get(sid) if d == doc_index else _find_sentence(docs[d], sid)
        if sentence is None:
            continue
        out.append({"anchor": f"s-{d}-{sid}", "page": sentence.page, "text": sentence.text[:220],
                    "path": docs[d].path})
    return out


def _find_sentence(doc: DocumentResult, sid: int) -> Sentence | None:
    if 0 <= sid < len(doc.sentences) and doc.sentences[sid].id == sid:
        return doc.sentences[sid]
    return next((s for s in doc.sentences if s.id == sid), None)


def _check_view(check: CheckResult, doc_index: int, sentences: dict[int, Sentence],
                paths: dict[str, int], docs: list[DocumentResult], lang: str) -> dict[str, Any]:
    return {
        "id": check.id,
        "anchor": f"c-{doc_index}-{css_id(check.id)}",
        "title": check_title(check, lang),
        "status": check.status,
        "status_label": t(f"status_{check.status}", lang),
        "severity": check.severity,
        "severity_label": t(f"sev_{check.severity}", lang),
        "message": localized(check, "message", lang),
        "reason": localized(check, "reason", lang),
        "suggestion": localized(check, "suggestion", lang),
        "source": check.source,
        "evidence": _evidence_links(check.evidence[:12], doc_index, sentences, paths, docs),
        "satisfied_by": _evidence_links(check.satisfied_by[:12], doc_index, sentences, paths, docs),
    }


def _rubric_links(answer, doc_index: int, doc: DocumentResult | None,
                  notes_by_finding: dict[int, dict[str, Any]], check_anchor: dict[str, str],
                  credit_anchor: dict[str, str]) -> list[dict[str, str]]:
    """Links from a rubric answer to the findings, checks and credits it rests on.

    Findings may be given as indices into ``DocumentResult.findings``, as
    rule or category ids, or as dicts with ``index``/``rule``/``sentence``.
    """
    links: list[dict[str, str]] = []
    findings = doc.findings if doc else []
    for ref in answer.findings:
        matches: list[int] = []
        if isinstance(ref, int) and 0 <= ref < len(findings):
            matches = [ref]
        elif isinstance(ref, str):
            matches = [i for i, f in enumerate(findings) if ref in (f.rule, f.category)][:6]
        elif isinstance(ref, dict):
            index = ref.get("index", ref.get("finding"))
            if isinstance(index, int) and 0 <= index < len(findings):
                matches = [index]
            else:
                matches = [i for i, f in enumerate(findings)
                           if ref.get("rule") in (None, f.rule) and ref.get("sentence") in (None, f.sentence)][:6]
        for i in matches:
            note = notes_by_finding.get(i)
            if note:
                links.append({"href": "#" + note["anchor"], "label": f'{note["short"]} {note["number"]}',
                              "kind": "finding", "cat_css": note["cat_css"]})
    for ref in answer.checks:
        cid, _, status = str(ref).partition(":")  # "missing-childcare" or "missing-childcare:fail"
        if cid in check_anchor:
            mark = {"fail": "✗ ", "pass": "✓ "}.get(status, "")
            links.append({"href": "#" + check_anchor[cid], "label": mark + cid, "kind": "check", "cat_css": ""})
    for cid in answer.credits:
        if cid in credit_anchor:
            links.append({"href": "#" + credit_anchor[cid], "label": cid, "kind": "credit", "cat_css": ""})
    return links


def _rubric_view(rubric: list, doc_index: int, doc: DocumentResult | None,
                 notes_by_finding: dict[int, dict[str, Any]], check_anchor: dict[str, str],
                 credit_anchor: dict[str, str], lang: str) -> list[dict[str, Any]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for answer in rubric:
        grouped[answer.framework].append({
            "id": answer.id,
            "short_id": answer.id.rsplit("-", 1)[-1] if re.search(r"-\d+$", answer.id) else answer.id,
            "question": answer.question,
            "answer": answer.answer if answer.answer in ANSWERS else "onbekend",
            "answer_label": t(f"ans_{answer.answer}", lang),
            "explanation": answer.explanation,
            "links": _rubric_links(answer, doc_index, doc, notes_by_finding, check_anchor, credit_anchor),
        })
    order = [f for f in FRAMEWORKS if f in grouped] + sorted(f for f in grouped if f not in FRAMEWORKS)
    out = []
    for framework in order:
        name = t(f"fw_{framework}", lang)
        out.append({"id": framework, "name": framework if name == f"fw_{framework}" else name,
                    "answers": grouped[framework]})
    return out


def _offset_label(ref: str, lang: str) -> str:
    """What a credit offsets: a category name, a check title, or a taxonomy code as is."""
    if ref in category_order():
        return category_info(ref, lang)["name"]
    title = t(f"check_{ref}", lang)
    return title if title != f"check_{ref}" else ref


def _credit_views(credits: list, doc_index: int, sentences: dict[int, Sentence], paths: dict[str, int],
                  docs: list[DocumentResult], lang: str) -> list[dict[str, Any]]:
    out = []
    for credit in credits:
        offsets = [_offset_label(o, lang) for o in credit.offsets]
        out.append({"id": credit.id, "anchor": f"g-{doc_index}-{css_id(credit.id)}", "title": credit.title,
                    "offsets": offsets,
                    "sentences": _evidence_links(credit.sentences[:8], doc_index, sentences, paths, docs)})
    return out


# --------------------------------------------------------------------------
# Documents and the whole report
# --------------------------------------------------------------------------

def _document_view(doc_index: int, doc: DocumentResult, paths: dict[str, int], docs: list[DocumentResult],
                   lang: str) -> dict[str, Any]:
    sentences = {s.id: s for s in doc.sentences}
    index_of = {id(f): i for i, f in enumerate(doc.findings)}
    notes_by_sentence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    notes_by_finding: dict[int, dict[str, Any]] = {}
    notes: list[dict[str, Any]] = []
    per_page: dict[int, Counter] = defaultdict(Counter)
    for number, finding in enumerate(reading_order(doc.findings), start=1):
        view = _finding_view(doc_index, number, finding, sentences.get(finding.sentence), lang)
        notes.append(view)
        notes_by_sentence[finding.sentence].append(view)
        notes_by_finding[index_of[id(finding)]] = view
        per_page[view["page"]][finding.category] += 1
    checks = [_check_view(c, doc_index, sentences, paths, docs, lang) for c in doc.checks]
    checks.sort(key=lambda c: ({"fail": 0, "pass": 1}.get(c["status"], 2), -severity_rank(c["severity"])))
    credits = _credit_views(doc.credits, doc_index, sentences, paths, docs, lang)
    check_anchor = {c["id"]: c["anchor"] for c in checks}
    credit_anchor = {c["id"]: c["anchor"] for c in credits}
    credit_sentences = {s for c in doc.credits for s in c.sentences if isinstance(s, int)}
    cats = _category_rows(Counter(f.category for f in doc.findings), lang)
    prefix = f"d{doc_index}"
    return {
        "index": doc_index,
        "anchor": f"doc-{doc_index}",
        "path": doc.path,
        "format": doc.format,
        "pages": doc.pages,
        "n_sentences": len(doc.sentences),
        "large": len(doc.sentences) > LARGE_DOCUMENT,
        "verdict": doc.verdict,
        "verdict_reason": getattr(doc, "verdict_reason", ""),
        "error": doc.error,
        "warnings": list(doc.warnings),
        "notes": notes,
        "top": sorted(notes, key=lambda n: (-severity_rank(n["severity"]), n["number"]))[:5],
        "by_severity": Counter(n["severity"] for n in notes),
        "categories": cats,
        "checks": checks,
        "checks_failed": sum(1 for c in checks if c["status"] == "fail"),
        "rubric": _rubric_view(doc.rubric, doc_index, doc, notes_by_finding, check_anchor, credit_anchor, lang),
        "credits": credits,
        "blocks": _annotated(doc_index, doc, notes_by_sentence, credit_sentences, lang),
        "chart_categories": _category_chart(f"{prefix}c", cats, lang),
        "chart_pages": _page_chart(f"{prefix}p", doc.pages or max(per_page, default=1), per_page,
                                   _category_rows(Counter(f.category for f in doc.findings), lang), lang),
        "suppressed": len(doc.suppressed),
        "baseline": doc.baseline_suppressed,
    }


def _category_rows(counter: Counter, lang: str) -> list[dict[str, Any]]:
    order = category_order()
    ids = [c for c in order if c in counter] + sorted(c for c in counter if c not in order)
    rows = []
    for cid in ids:
        info = category_info(cid, lang)
        rows.append({**info, "css": css_id(cid), "count": counter[cid]})
    return rows


def _set_view(result: ScanResult, paths: dict[str, int], lang: str) -> dict[str, Any] | None:
    if result.set is None:
        return None
    docs = result.documents
    checks = [_check_view(c, -1, {}, paths, docs, lang) for c in result.set.checks]
    credits = _credit_views(result.set.credits, -1, {}, paths, docs, lang)
    return {
        "verdict": result.set.verdict,
        "verdict_reason": getattr(result.set, "verdict_reason", ""),
        "checks": checks,
        "checks_failed": sum(1 for c in checks if c["status"] == "fail"),
        "credits": credits,
        "rubric": _rubric_view(result.set.rubric, -1, None, {}, {c["id"]: c["anchor"] for c in checks},
                               {c["id"]: c["anchor"] for c in credits}, lang),
    }


def _format_date(created: str, lang: str) -> str:
    try:
        moment = _dt.datetime.fromisoformat(created.replace("Z", "+00:00")) if created else _dt.datetime.now()
    except ValueError:
        return created
    return moment.strftime("%d-%m-%Y %H:%M" if lang == "nl" else "%Y-%m-%d %H:%M")


def _context_figures(lang: str) -> list[dict[str, Any]]:
    data = load_data("context_figures.yml")
    topics = data.get("topics", {})
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for fig in data.get("figures", []):
        grouped[fig["topic"]].append({"text": fig["text"].get(lang, fig["text"]["nl"]),
                                      "source": fig["source"], "seed": fig["seed"]})
    return [{"name": topics.get(k, {}).get(lang, k), "figures": v} for k, v in grouped.items()]


def build_context(result: ScanResult, lang: str = "nl") -> dict[str, Any]:
    """Everything the template needs, computed once (exposed for tests and custom templates)."""
    lang = norm_lang(lang)
    paths = {d.path: i for i, d in enumerate(result.documents)}
    docs = [_document_view(i, d, paths, result.documents, lang) for i, d in enumerate(result.documents)]
    all_cats = Counter(f.category for d in result.documents for f in d.findings)
    known = [category_info(c, lang) for c in category_order()]
    extra = [category_info(c, lang) for c in sorted(all_cats) if c not in category_order()]
    pipeline = result.pipeline or {}
    return {
        "lang": lang,
        "tool": {"name": (result.tool or {}).get("name", "genderscan"),
                 "version": (result.tool or {}).get("version", __version__)},
        "pipeline": pipeline,
        "offline": pipeline.get("name", "offline") == "offline",
        "date": _format_date(result.created, lang),
        "documents": docs,
        "set": _set_view(result, paths, lang),
        "totals": counts(result),
        "severities": [{"id": s, "label": t(f"sev_{s}", lang)} for s in SEVERITIES],
        "categories": [{**c, "css": css_id(c["id"]), "count": all_cats.get(c["id"], 0)} for c in known + extra],
        "context": _context_figures(lang),
        "limitations": [item.get(lang, item["nl"]) for item in load_data("i18n.yml")["limitations"]],
    }


def render(result: ScanResult, lang: str = "nl", **options: Any) -> str:
    """The complete report as one HTML string (Dutch by default, ``lang="en"`` for English)."""
    context = build_context(result, lang)
    template = _environment().get_template("report.html.j2")
    code = context["lang"]

    def translate(key: str, **values: Any) -> str:
        return t(key, code, **values)

    return template.render(**context, t=translate, style=_asset("report.css"), script=_asset("report.js"))


def _asset(name: str) -> Markup:
    """Inline CSS/JS from ``reports/`` (our own files, trusted; ``</`` cannot occur in them)."""
    text = (reports_dir() / name).read_text(encoding="utf-8")
    if "</" + "script" in text.lower() or "</" + "style" in text.lower():
        raise ValueError(f"reports/{name} must not contain a closing tag")
    return Markup(text)
