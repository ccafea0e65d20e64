"""The genderscan rubric: credits for good practices, answers to the scan questions, a verdict.

A consultant's genderscan answers questions (Atria's three, Diversion's six,
Verwey-Jonker's policy and implementation steps) and ends with a verdict
("genderneutraal", "gendersensitief", "genderstereotyperend").  This module
answers them from what the earlier stages found: sentence findings (rules,
classifier), document checks, and the good practices ("credits", GP-01..22)
found here.  The questions, the credits and the decision logic are data in
``lexicons/rubric.yml`` and ``lexicons/credits.yml``; ``docs/rubric.md``
explains the rules in words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from scanner.checks import (CheckBook, Clause, Gate, TermIndex, document_gate, flagged_sentences, load_checks,
                            sentence_hits)
from scanner.config import Settings
from scanner.model import (SEVERITY_ORDER, CheckResult, Credit, DocumentResult, Finding, RubricAnswer,
                           Sentence, SetResult)
from scanner.registry import register
from scanner.resources import lexicon_dir

Ref = Any  # a sentence id, or {"path", "sentence"} at set level


@dataclass(slots=True)
class CreditSpec:
    id: str
    title: dict[str, str]
    clause: Clause
    offsets: list[str]
    source: str
    examples: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Rubric:
    """Credits, questions and verdict rules, compiled against one term index."""

    index: TermIndex
    credits: list[CreditSpec]
    questions: list[dict[str, Any]]
    verdict_rules: list[dict[str, Any]]
    book: CheckBook | None = None  # for the document genre (no credits from a law's text)


def load_rubric(extra_dirs: Sequence[str] = ()) -> Rubric:
    """Read ``credits.yml`` and ``rubric.yml``; term sets of the checks are shared."""
    book = load_checks(extra_dirs, index=TermIndex())
    credits_data = _read("credits.yml")
    defaults = credits_data.get("defaults", {})
    credits = []
    for item in credits_data.get("credits", []):
        match = {**defaults, **item.get("match", {})}
        credits.append(CreditSpec(
            id=item["id"], title=item.get("title", {}),
            clause=Clause.from_yaml(match, f"credit:{item['id']}", book.index),
            offsets=list(item.get("offsets", [])), source=item.get("source", ""),
            examples=item.get("examples", {})))
    rubric = _read("rubric.yml")
    return Rubric(index=book.index, credits=credits, questions=rubric.get("questions", []),
                  verdict_rules=rubric.get("verdict", []), book=book)


def _read(name: str) -> dict[str, Any]:
    with (lexicon_dir() / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


# --------------------------------------------------------------------------
# Credits
# --------------------------------------------------------------------------


def find_credits(rubric: Rubric, sentences: Sequence[Sentence], lang: str,
                 ref: Callable[[int], Ref] = lambda sid: sid,
                 flagged: frozenset[int] = frozenset()) -> list[Credit]:
    """Good practices in ``sentences``: each needs an action near its term.

    A sentence that a rule flags as a stereotype earns no credit, and a
    document whose genre rules credits out (a national law: its description
    of municipal duties is no municipal provision) earns none at all.
    """
    all_hits = sentence_hits(rubric.index, sentences)
    gate = genre_gate(rubric, sentences, all_hits)
    if gate is not None and not gate.credits:
        return []
    found: dict[str, list[Ref]] = {}
    for sid, hits in all_hits:
        if sid in flagged:
            continue
        for spec in rubric.credits:
            if spec.clause.match(hits):
                found.setdefault(spec.id, []).append(ref(sid))
    return [Credit(id=s.id, title=s.title.get(lang) or s.title.get("nl", s.id),
                   sentences=found[s.id][:20], offsets=s.offsets)
            for s in rubric.credits if s.id in found]


def genre_gate(rubric: Rubric, sentences: Sequence[Sentence], hits: list | None = None) -> Gate | None:
    """The genre that rules the checks out for this document, if any."""
    return document_gate(rubric.book, sentences, hits) if rubric.book is not None else None


# --------------------------------------------------------------------------
# Conditions
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Facts:
    """What the rubric may look at: findings, check results, credits."""

    findings: list[tuple[Finding, Ref]]
    checks: dict[str, CheckResult]
    credits: dict[str, Credit]

    def status(self, cid: str) -> str:
        res = self.checks.get(cid)
        return res.status if res else "not-applicable"


def _findings(facts: Facts, spec: dict[str, Any]) -> list[tuple[Finding, Ref]]:
    cats = set(spec.get("categories") or [])
    floor = SEVERITY_ORDER.get(spec.get("severity_at_least", "low"), 1)
    return [(f, r) for f, r in facts.findings
            if (not cats or f.category in cats) and SEVERITY_ORDER.get(f.severity, 0) >= floor]


def holds(cond: dict[str, Any] | None, facts: Facts) -> bool:
    """Evaluate a rubric condition (see lexicons/rubric.yml for the keys)."""
    if not cond:
        return True
    tests: dict[str, Callable[[Any], bool]] = {
        "findings": lambda v: len(_findings(facts, v)) >= int(v.get("min", 1)),
        "checks_pass": lambda v: all(facts.status(c) == "pass" for c in v),
        "checks_fail": lambda v: all(facts.status(c) == "fail" for c in v),
        "any_check_passes": lambda v: any(facts.status(c) == "pass" for c in v),
        "any_check_fails": lambda v: any(facts.status(c) == "fail" for c in v),
        "checks_not_applicable": lambda v: all(facts.status(c) == "not-applicable" for c in v),
        "checks_pass_min": lambda v: sum(facts.status(c) == "pass" for c in v["ids"]) >= int(v["min"]),
        "credits": lambda v: all(c in facts.credits for c in v),
        "any_credit": lambda v: any(c in facts.credits for c in v),
        "credits_min": lambda v: len([c for c in facts.credits if not v.get("ids") or c in v["ids"]]) >= int(v["min"]),
        "all": lambda v: all(holds(c, facts) for c in v),
        "any": lambda v: any(holds(c, facts) for c in v),
        "not": lambda v: not holds(v, facts),
    }
    for key, value in cond.items():
        if key not in tests:
            raise ValueError(f"unknown rubric condition '{key}'")
        if not tests[key](value):
            return False
    return True


def _finding_ref(f: Finding, ref: Ref) -> dict[str, Any]:
    out = {"rule": f.rule, "category": f.category, "severity": f.severity}
    if isinstance(ref, dict):
        out.update(ref)
    else:
        out["sentence"] = ref
    return out


def answer_questions(rubric: Rubric, facts: Facts, lang: str) -> list[RubricAnswer]:
    """One :class:`RubricAnswer` per question: the first branch that holds."""
    out = []
    for q in rubric.questions:
        related = q.get("related", {})
        for branch in q.get("decide", []):
            if holds(branch.get("when"), facts):
                break
        else:
            branch = {"answer": "onbekend"}
        cats = set(related.get("categories", []))
        findings = [_finding_ref(f, r) for f, r in facts.findings if f.category in cats][:20]
        checks = [f"{c}:{facts.status(c)}" for c in related.get("checks", []) if c in facts.checks]
        credits = [c for c in related.get("credits", []) if c in facts.credits]
        explanation = (branch.get("explanation") or {}).get(lang, "")
        out.append(RubricAnswer(
            framework=q["framework"], id=q["id"], question=q["question"].get(lang) or q["question"]["nl"],
            answer=branch["answer"], findings=findings, checks=checks, credits=credits,
            explanation=explanation))
    return out


def decide_verdict(rubric: Rubric, facts: Facts, lang: str) -> tuple[str | None, str]:
    """(verdict, explanation) from the ordered verdict rules."""
    for rule in rubric.verdict_rules:
        if holds(rule.get("when"), facts):
            return rule.get("verdict"), (rule.get("explanation") or {}).get(lang, "")
    return "genderneutraal", ""


# --------------------------------------------------------------------------
# Analyzer
# --------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _cached_rubric(extra_dirs: tuple[str, ...]) -> Rubric:
    return load_rubric(extra_dirs)


class RubricAnalyzer:
    """Analyzer ``rubric``: credits, answers and verdict per document and per set."""

    name = "rubric"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rubric = _cached_rubric(tuple(settings.lexicon_dirs))

    def __call__(self, result: DocumentResult) -> None:
        lang = self.settings.lang
        result.credits = find_credits(self.rubric, result.sentences, lang, flagged=flagged_sentences(result))
        facts = Facts(findings=[(f, f.sentence) for f in result.findings],
                      checks={c.id: c for c in result.checks},
                      credits={c.id: c for c in result.credits})
        result.rubric = answer_questions(self.rubric, facts, lang)
        result.verdict, result.verdict_reason = decide_verdict(self.rubric, facts, lang)
        gate = genre_gate(self.rubric, result.sentences)
        if gate is not None and result.verdict is None:
            result.verdict_reason = gate.reason.get(lang) or gate.reason.get("nl", result.verdict_reason)

    def run_set(self, results: list[DocumentResult], set_result: SetResult) -> None:
        """Judge the set: findings, set-level checks and credits of all documents together."""
        lang = self.settings.lang
        merged: dict[str, Credit] = {}
        findings: list[tuple[Finding, Ref]] = []
        for res in results:
            path = res.path
            for credit in find_credits(self.rubric, res.sentences, lang,
                                       ref=lambda sid, p=path: {"path": p, "sentence": sid},
                                       flagged=flagged_sentences(res)):
                if credit.id in merged:
                    merged[credit.id].sentences.extend(credit.sentences)
                else:
                    merged[credit.id] = credit
            findings.extend((f, {"path": path, "sentence": f.sentence}) for f in res.findings)
        set_result.credits = list(merged.values())
        facts = Facts(findings=findings, checks={c.id: c for c in set_result.checks}, credits=merged)
        set_result.rubric = answer_questions(self.rubric, facts, lang)
        set_result.verdict, set_result.verdict_reason = decide_verdict(self.rubric, facts, lang)


@register("rubric")
def make_rubric_analyzer(settings: Settings) -> RubricAnalyzer:
    return RubricAnalyzer(settings)
