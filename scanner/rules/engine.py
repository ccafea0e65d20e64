"""The generic lexicon engine: compiled rules applied to segmented sentences.

All knowledge lives in ``lexicons/``; this module only knows how to run it.
Every rule is compiled once per process into one shared spaCy ``Matcher``
(one match key per rule, two for a ``near`` rule).  Per sentence we build a
bare ``Doc`` from the already folded tokens and lemmas (no tokenizer, no
pipeline), after a cheap prefilter that skips sentences containing none of
the words that any pattern starts from — most sentences of a policy text.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from scanner.model import Finding, Sentence
from scanner.normalize import fold, normalise_sentence
from scanner.rules.context import ContextFilter, Cue, Hit
from scanner.rules.loader import Rule

_VOCAB = None
# Weak rules do not fire on headings: a heading names a topic, not a stance.
HEADING_MIN_CONFIDENCE = 0.6


def _vocab():
    """One shared vocabulary: blank Dutch, created once."""
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = spacy.blank("nl").vocab
    return _VOCAB


def fingerprint(rule_id: str, sentence_text: str) -> str:
    digest = hashlib.sha1(normalise_sentence(sentence_text).encode("utf-8")).hexdigest()
    return f"{rule_id}:{digest[:16]}"


# ------------------------------------------------------------ prefilter

class AtomIndex:
    """Prefilter: which word constraints ("atoms") a sentence can satisfy.

    Every required token of a pattern is an atom (a word, a word list or a
    word regex).  A pattern can only match a sentence that satisfies all its
    atoms somewhere, so checking atom sets first skips the Matcher for almost
    every sentence.  The word -> atoms map is cached: policy texts reuse a
    small vocabulary, so each distinct word is tested against the atoms once.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._tests: list[Any] = []
        self._cache: dict[str, frozenset[int]] = {}

    def requirement(self, pattern: list[dict[str, Any]]) -> frozenset[int]:
        """Atom ids that ``pattern`` needs (tokens without an operator)."""
        out: set[int] = set()
        for token in pattern:
            if token.get("OP"):
                continue
            for attr in ("LOWER", "LEMMA"):
                if attr in token:
                    atom = self._atom(token[attr])
                    if atom is not None:
                        out.add(atom)
                    break
        return frozenset(out)

    def _atom(self, value: Any) -> int | None:
        key = repr(value)
        if key in self._ids:
            return self._ids[key]
        if isinstance(value, str):
            test: Any = value.__eq__
        elif isinstance(value, dict) and "IN" in value and len(value) == 1:
            test = frozenset(value["IN"]).__contains__
        elif isinstance(value, dict) and "REGEX" in value and len(value) == 1:
            test = re.compile(value["REGEX"]).search
        else:
            return None  # other predicates: not used for prefiltering
        self._ids[key] = len(self._tests)
        self._tests.append(test)
        self._cache.clear()
        return self._ids[key]

    def atoms_of(self, word: str) -> frozenset[int]:
        found = self._cache.get(word)
        if found is None:
            found = frozenset(i for i, test in enumerate(self._tests) if test(word))
            if len(self._cache) < 500_000:
                self._cache[word] = found
        return found

    def present(self, tokens: list[str], lemmas: list[str]) -> set[int]:
        out: set[int] = set()
        for word in {*tokens, *lemmas}:
            atoms = self.atoms_of(word)
            if atoms:
                out |= atoms
        return out


@dataclass(slots=True)
class CompiledRule:
    """A rule with its own Matcher and the atoms a sentence must contain.

    ``needs`` lists alternatives; each alternative is a list of pattern groups
    of which one pattern's atoms must all be present (a ``near`` rule needs a
    pattern of both groups).
    """

    rule: Rule
    matcher: Matcher
    needs: list[list[list[frozenset[int]]]]
    own_words: frozenset[str]
    some: frozenset[int] = frozenset()  # every alternative needs one of these (fast reject)
    always: bool = False  # a pattern without word atoms: cannot prefilter

    def __post_init__(self) -> None:
        reqs = [req for alt in self.needs for group in alt for req in group]
        self.always = any(not req for req in reqs)
        self.some = frozenset().union(*reqs) if reqs else frozenset()

    def may_match(self, present: set[int]) -> bool:
        if not self.always and self.some.isdisjoint(present):
            return False
        return any(all(any(req <= present for req in group) for group in alt) for alt in self.needs)


def _compile_rule(rule: Rule, atoms: AtomIndex) -> CompiledRule:
    """One Matcher per rule, so a sentence only pays for the rules it may trigger."""
    matcher = Matcher(_vocab())
    needs: list[list[list[frozenset[int]]]] = []
    if rule.patterns:
        matcher.add("p", rule.patterns)
        needs.append([[atoms.requirement(p) for p in rule.patterns]])
    for n, near in enumerate(rule.nears):
        matcher.add(f"{n}a", near.a)
        matcher.add(f"{n}b", near.b)
        needs.append([[atoms.requirement(p) for p in near.a], [atoms.requirement(p) for p in near.b]])
    return CompiledRule(rule, matcher, needs, frozenset(_literal_words(rule)))


# ------------------------------------------------------------ engine

class RuleSet:
    """Compiled rules; :meth:`apply` turns sentences into findings."""

    def __init__(self, rules: list[Rule], cues: dict[str, Cue], lang: str = "nl") -> None:
        self.rules = rules
        self.cues = cues
        self.lang = lang
        self.filter = ContextFilter(cues)
        self.by_id = {r.id: r for r in rules}
        self.atoms = AtomIndex()
        self.compiled = [_compile_rule(r, self.atoms) for r in rules]
        self._strings = _vocab().strings
        self._hit_cache: dict[tuple[str, str, str | None], list[tuple[Rule, Hit, str | None]]] = {}

    # -------------------------------------------------------------- apply

    def apply(self, sentences: Sequence[Sentence], lang: str | None = None) -> tuple[list[Finding], list[Finding]]:
        """(findings, suppressed) for ``sentences`` in the report language."""
        lang = lang or self.lang
        findings: list[Finding] = []
        suppressed: list[Finding] = []
        previous: Sentence | None = None
        for sentence in sentences:
            for rule, hit, reason in self.hits(sentence, previous):
                finding = self._finding(rule, sentence, hit, lang, reason)
                (suppressed if reason else findings).append(finding)
            previous = None if sentence.kind == "heading" else sentence
        return (aggregate(findings, sentences, self.by_id, lang),
                aggregate(suppressed, sentences, self.by_id, lang))

    def hits(self, sentence: Sentence, previous: Sentence | None = None) -> list[tuple[Rule, Hit, str | None]]:
        """Every rule hit in one sentence, with the reason when silenced.

        ``previous`` (the sentence before, in the same section) only serves
        rules with ``requires_context``: their cue may occur in either.
        """
        # Hits are token positions within the sentence, so they can be reused for
        # the same text: the classifier's lexicon features ask again for every
        # sentence the rules analyzer just matched.
        key = (sentence.text, sentence.kind, previous.text if previous is not None else None)
        cached = self._hit_cache.get(key)
        if cached is None:
            cached = self._hits(sentence, previous)
            if len(self._hit_cache) > 50_000:
                self._hit_cache.clear()
            self._hit_cache[key] = cached
        return cached

    def _hits(self, sentence: Sentence, previous: Sentence | None) -> list[tuple[Rule, Hit, str | None]]:
        tokens = sentence.tokens
        if not tokens:
            return []
        lemmas = sentence.lemmas if len(sentence.lemmas) == len(tokens) else tokens
        present = self.atoms.present(tokens, lemmas)
        if not present:
            return []
        candidates = [c for c in self.compiled if c.may_match(present)]
        if not candidates:
            return []
        spaced = " ".join(tokens)
        candidates = [c for c in candidates
                      if not c.rule.requires or not self.filter.missing_requirement(c.rule.requires, spaced)]
        if not candidates:
            return []
        doc = Doc(_vocab(), words=tokens, lemmas=[x if x.isascii() else fold(x) for x in lemmas])
        out: list[tuple[Rule, Hit, str | None]] = []
        folded = ""
        for compiled in candidates:
            hit = self._best_hit(compiled, doc)
            if hit is None:
                continue
            rule = compiled.rule
            folded = folded or fold(sentence.text)
            if rule.requires and self.filter.missing_requirement(rule.requires, folded):
                continue
            if rule.requires_context and self.filter.missing_requirement(
                    rule.requires_context, folded + " \n " + (fold(previous.text) if previous else "")):
                continue
            reason = self.filter.reason(rule.unless, sentence, folded, hit, compiled.own_words)
            if reason is None and sentence.kind == "heading" and rule.confidence < HEADING_MIN_CONFIDENCE:
                reason = "heading"
            out.append((rule, hit, reason))
        return out

    def _best_hit(self, compiled: CompiledRule, doc: Doc) -> Hit | None:
        """Earliest, then shortest, span where the rule matches."""
        plain: list[Hit] = []
        parts: dict[str, list[Hit]] = defaultdict(list)
        for key, start, end in compiled.matcher(doc):
            name = self._strings[key]
            (plain.append(Hit(start, end)) if name == "p" else parts[name].append(Hit(start, end)))
        if parts:
            plain.extend(_near_hits(compiled.rule, parts))
        if not plain:
            return None
        return min(plain, key=lambda h: (h.start, h.end - h.start))

    def _finding(self, rule: Rule, sentence: Sentence, hit: Hit, lang: str, reason: str | None) -> Finding:
        offsets = sentence.token_offsets
        if offsets:
            start, end = offsets[hit.start][0], offsets[hit.end - 1][1]
        else:
            start, end = sentence.start, sentence.end
        text = sentence.text[start - sentence.start:end - sentence.start]
        i18n = {code: {"message": rule.text("message", code), "suggestion": rule.text("suggestion", code),
                       "rationale": rule.text("rationale", code)} for code in ("nl", "en")}
        return Finding(
            rule=rule.id, category=rule.category, severity=rule.severity, sentence=sentence.id,
            start=start, end=end, text=text, message=rule.text("message", lang),
            suggestion=rule.text("suggestion", lang), source=rule.source, origin="lexicon",
            confidence=rule.confidence, rationale=rule.text("rationale", lang), reason=reason or "",
            i18n=i18n, fingerprint=fingerprint(rule.id, sentence.text),
        )


def _literal_words(rule: Rule) -> set[str]:
    """Words a rule's own patterns spell out (a negation inside them is not a filter cue)."""
    words: set[str] = set()
    pats = list(rule.patterns) + [p for n in rule.nears for p in (*n.a, *n.b)]
    for pattern in pats:
        for token in pattern:
            value = token.get("LOWER", token.get("LEMMA"))
            if isinstance(value, str):
                words.add(value)
            elif isinstance(value, dict) and "IN" in value:
                words.update(value["IN"])
            elif isinstance(value, dict) and "REGEX" in value:
                words.update(re.findall(r"[a-z]+", value["REGEX"]))
    return words


def _near_hits(rule: Rule, parts: dict[str, list[Hit]]) -> list[Hit]:
    """Spans where an ``a`` phrase and a ``b`` phrase occur close together."""
    out: list[Hit] = []
    for n, near in enumerate(rule.nears):
        for a in parts.get(f"{n}a", []):
            for b in parts.get(f"{n}b", []):
                if near.ordered and b.start < a.end:
                    continue
                gap = max(b.start - a.end, a.start - b.end, 0)
                if gap <= near.within:
                    out.append(Hit(min(a.start, b.start), max(a.end, b.end)))
    return out


def aggregate(findings: list[Finding], sentences: Sequence[Sentence], rules: dict[str, Rule],
              lang: str = "nl") -> list[Finding]:
    """Merge hits of ``aggregate: section`` rules into one finding per section.

    A section runs from one heading to the next; the kept finding is the first
    hit, and its message says how many sentences of the section had the hit.
    """
    if not any(rules[f.rule].aggregate for f in findings if f.rule in rules):
        return findings
    section_of: dict[int, int] = {}
    section = 0
    for s in sentences:
        if s.kind == "heading":
            section += 1
        section_of[s.id] = section
    kept: dict[tuple[str, int], Finding] = {}
    counts: dict[tuple[str, int], list[int]] = defaultdict(list)
    out: list[Finding] = []
    for f in findings:
        rule = rules.get(f.rule)
        if rule is None or not rule.aggregate:
            out.append(f)
            continue
        key = (f.rule, section_of.get(f.sentence, 0))
        counts[key].append(f.sentence)
        if key not in kept:
            kept[key] = f
            out.append(f)
    for key, first in kept.items():
        n = len(counts[key])
        if n > 1:
            idx = out.index(first)
            out[idx] = _with_count(first, n, counts[key], lang)
    return out


def _with_count(finding: Finding, n: int, sentence_ids: list[int], lang: str) -> Finding:
    extra = {"nl": f" ({n} zinnen in dit deel)", "en": f" ({n} sentences in this section)"}
    i18n = {code: {**vals, "message": vals["message"] + extra.get(code, "")} for code, vals in finding.i18n.items()}
    return replace(finding, message=i18n.get(lang, i18n["nl"])["message"], i18n=i18n,
                   explanation=[f"sentences: {', '.join(str(i) for i in sentence_ids)}"])
