"""Document- and set-level absence checks (the "what is not there" of a genderscan).

The Atria scan's main verdict on Amsterdam was an absence: the policy was
"genderneutraal" and offered hardly any instruments to combine work and care.
A sentence rule cannot see an absence, so this module judges whole documents
(and, with ``--set``, a whole policy set) against checks written as data in
``lexicons/checks/*.yml``.

The engine is generic, in the spirit of Vale's ``conditional`` and
``occurrence`` checks: a YAML check says *when it applies* (``applies_when``),
*what satisfies it* (``satisfied_by``: a term near a provision verb, not a bare
mention), what counts as a *mere mention of the problem* (``barrier_only``) and
which sentences are evidence.  The code only interprets those clauses.

Matching works on the sentence text, folded here (lower case, diacritics
removed) and split into words; hyphenated compounds are matched without their
hyphens ("niet-uitkeringsgerechtigden" -> "nietuitkeringsgerechtigden"), so
the result does not depend on how a tokenizer splits hyphens, and "niet-" in
a compound is never read as a negation.  Inflections are covered by
wildcards in the term lists (``vergoed*``), which keeps the lists readable
for a domain expert and the matching cheap: each distinct word is classified
once (cached) and every sentence is visited once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from scanner.config import Settings
from scanner.model import CheckResult, DocumentResult, Sentence, SetResult
from scanner.registry import register
from scanner.resources import lexicon_dir

# --------------------------------------------------------------------------
# Normalisation: fast enough to run on every sentence of every document.
# --------------------------------------------------------------------------


def _fold_table() -> dict[int, str]:
    """Translation table: accented Latin letters -> base letters, curly quotes -> '."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base and base != ch and base.isascii():
            table[code] = base.lower()
    table.update({0x2019: "'", 0x2018: "'", 0x2010: "-", 0x2011: "-", 0xAD: ""})
    return table


_FOLD = _fold_table()
_WORD = re.compile(r"[0-9a-z]+(?:[-'][0-9a-z]+)*")


def fold(text: str) -> str:
    """Lower-case and strip diacritics ("financiële" -> "financiele")."""
    return text.lower().translate(_FOLD)


def words(text: str) -> list[str]:
    """Folded words of ``text``; hyphenated compounds become one word without hyphens."""
    return [w.replace("-", "").replace("'", "") for w in _WORD.findall(fold(text))]


# --------------------------------------------------------------------------
# Term sets: named lists of words and phrases with simple wildcards.
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenPattern:
    """One word of a term: exact, ``prefix*``, ``*suffix``, ``*infix*`` or ``<num>``."""

    kind: str  # "exact" | "prefix" | "suffix" | "infix" | "num"
    value: str

    @classmethod
    def parse(cls, raw: str) -> TokenPattern:
        if raw == "<num>":
            return cls("num", "")
        start, end = raw.startswith("*"), raw.endswith("*") and len(raw) > 1
        core = raw.strip("*").replace("-", "").replace("'", "")
        if start and end:
            return cls("infix", core)
        if end:
            return cls("prefix", core)
        if start:
            return cls("suffix", core)
        return cls("exact", core)

    def matches(self, word: str) -> bool:
        if self.kind == "exact":
            return word == self.value
        if self.kind == "prefix":
            return word.startswith(self.value)
        if self.kind == "suffix":
            return word.endswith(self.value)
        if self.kind == "infix":
            return self.value in word
        return word[:1].isdigit()


def split_term(term: str) -> list[TokenPattern]:
    """A term as written in YAML ("kinderopvang*", "naar geslacht") -> token patterns."""
    folded = fold(term)
    raw_tokens = re.findall(r"<num>|\*?[0-9a-z]+(?:[-'][0-9a-z]+)*\*?", folded)
    return [TokenPattern.parse(t) for t in raw_tokens]


class TermIndex:
    """All term sets of all checks and credits, compiled into one index.

    ``scan(words)`` returns, for one sentence, the positions at which each
    named set matches.  Each distinct word is classified once and cached, so
    the cost per word is one dictionary lookup in the common case.
    """

    _CACHE_LIMIT = 400_000
    _TEXT_CACHE_LIMIT = 50_000

    def __init__(self) -> None:
        self._patterns: list[TokenPattern] = []
        self._pattern_ids: dict[TokenPattern, int] = {}
        self._exact: dict[str, int] = {}
        self._wild: list[tuple[TokenPattern, int]] = []
        # Wildcards bucketed by kind and length, so classifying a new word costs
        # one dict lookup per distinct prefix/suffix length instead of a test per
        # pattern (the first document of a batch meets thousands of new words).
        self._prefix: dict[int, dict[str, list[int]]] = {}
        self._suffix: dict[int, dict[str, list[int]]] = {}
        self._infix: list[tuple[str, int]] = []
        self._num: list[int] = []
        self._single: dict[int, list[str]] = {}
        self._phrases: dict[int, list[tuple[str, tuple[int, ...]]]] = {}
        self._cache: dict[str, frozenset[int]] = {}
        self._text_cache: dict[str, dict[str, list[int]]] = {}
        self.names: set[str] = set()

    def _pattern_id(self, pattern: TokenPattern) -> int:
        if pattern not in self._pattern_ids:
            pid = len(self._patterns)
            self._patterns.append(pattern)
            self._pattern_ids[pattern] = pid
            if pattern.kind == "exact":
                self._exact[pattern.value] = pid
            else:
                self._wild.append((pattern, pid))
                self._bucket(pattern, pid)
            self._cache.clear()
            self._text_cache.clear()
        return self._pattern_ids[pattern]

    def _bucket(self, pattern: TokenPattern, pid: int) -> None:
        if pattern.kind == "prefix":
            self._prefix.setdefault(len(pattern.value), {}).setdefault(pattern.value, []).append(pid)
        elif pattern.kind == "suffix":
            self._suffix.setdefault(len(pattern.value), {}).setdefault(pattern.value, []).append(pid)
        elif pattern.kind == "infix":
            self._infix.append((pattern.value, pid))
        else:
            self._num.append(pid)

    def add(self, name: str, terms: Iterable[str]) -> None:
        """Add the terms of set ``name`` (extends the set when called twice)."""
        self.names.add(name)
        for term in terms:
            tokens = split_term(str(term))
            if not tokens:
                continue
            ids = tuple(self._pattern_id(t) for t in tokens)
            if len(ids) == 1:
                self._single.setdefault(ids[0], []).append(name)
            else:
                self._phrases.setdefault(ids[0], []).append((name, ids[1:]))

    def classify(self, word: str) -> frozenset[int]:
        """Ids of the token patterns that ``word`` matches (cached)."""
        hit = self._cache.get(word)
        if hit is None:
            found = set()
            pid = self._exact.get(word)
            if pid is not None:
                found.add(pid)
            for length, table in self._prefix.items():
                found.update(table.get(word[:length], ()))
            for length, table in self._suffix.items():
                if len(word) >= length:
                    found.update(table.get(word[-length:] if length else "", ()))
            for value, pid in self._infix:
                if value in word:
                    found.add(pid)
            if self._num and word[:1].isdigit():
                found.update(self._num)
            hit = frozenset(found)
            if len(self._cache) > self._CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = hit
        return hit

    def scan_text(self, text: str) -> dict[str, list[int]]:
        """``scan(words(text))``, remembered per sentence text.

        The checks, the document-genre gate and the rubric's credits all ask
        the same index about the same sentences; they get the answer once.
        Callers must not mutate the returned dict.
        """
        hit = self._text_cache.get(text)
        if hit is None:
            hit = self.scan(words(text))
            if len(self._text_cache) > self._TEXT_CACHE_LIMIT:
                self._text_cache.clear()
            self._text_cache[text] = hit
        return hit

    def scan(self, tokens: Sequence[str]) -> dict[str, list[int]]:
        """Positions per set name where a term of that set starts."""
        hits: dict[str, list[int]] = {}
        classify, single, phrases = self.classify, self._single, self._phrases
        classes = [classify(w) for w in tokens]
        n = len(tokens)
        for i, cls in enumerate(classes):
            if not cls:
                continue
            for pid in cls:
                names = single.get(pid)
                if names:
                    for name in names:
                        hits.setdefault(name, []).append(i)
                cands = phrases.get(pid)
                if not cands:
                    continue
                for name, rest in cands:
                    if i + len(rest) >= n or rest[0] not in classes[i + 1]:
                        continue
                    k = 1
                    while k < len(rest) and rest[k] in classes[i + 1 + k]:
                        k += 1
                    if k == len(rest):
                        hits.setdefault(name, []).append(i)
        return hits


# --------------------------------------------------------------------------
# Clauses: "terms [near verbs within N words] [unless cues]".
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Clause:
    """A sentence-level test written in YAML.

    A sentence matches when a word of one of ``terms`` occurs, and (if
    ``near`` is given) a word of one of the ``near`` sets occurs within
    ``window`` words of it (``None`` = anywhere in the sentence), and the pair
    is not negated (``unless_near``: a cue between the two or just before
    them) and the sentence has none of the ``unless`` cues.  ``except_if``
    cues switch the ``unless`` guards off (e.g. a neutrality claim that is
    paired with maatwerk).  ``with`` names sets that must each occur
    somewhere in the sentence (a third condition, e.g. "the support ends"
    only counts against partners when a partner is in the sentence).
    """

    terms: list[str]
    near: list[str] = field(default_factory=list)
    window: int | None = 8
    unless: list[str] = field(default_factory=list)
    unless_near: list[str] = field(default_factory=list)
    except_if: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # YAML key "with"

    @classmethod
    def from_yaml(cls, data: Any, owner: str, index: TermIndex) -> Clause:
        """Build a clause; inline term lists become anonymous sets named after ``owner``."""
        if isinstance(data, (list, str)):
            data = {"terms": data}
        window = data.get("window", 8)
        return cls(
            terms=_set_names(data.get("terms", []), f"{owner}:terms", index),
            near=_set_names(data.get("near", []), f"{owner}:near", index),
            window=None if window == "sentence" else int(window),
            unless=_set_names(data.get("unless", []), f"{owner}:unless", index),
            unless_near=_set_names(data.get("unless_near", []), f"{owner}:unless_near", index),
            except_if=_set_names(data.get("except_if", []), f"{owner}:except_if", index),
            also=_set_names(data.get("with", []), f"{owner}:with", index),
        )

    def match(self, hits: dict[str, list[int]]) -> bool:
        if len(self.terms) == 1:
            if self.terms[0] not in hits:
                return False
        elif hits.keys().isdisjoint(self.terms):
            return False
        term_pos = _positions(hits, self.terms)
        if not term_pos:
            return False
        if self.also and not all(hits.get(n) for n in self.also):
            return False
        guarded = bool(self.unless) and any(hits.get(n) for n in self.unless)
        if guarded and not any(hits.get(n) for n in self.except_if):
            return False
        if not self.near:
            if not self.unless_near:
                return True
            neg = _cue_positions(hits, self.unless_near)
            return any(not _negated(i, i, neg) for i in term_pos)
        near_pos = _positions(hits, self.near)
        if not near_pos:
            return False
        neg = _cue_positions(hits, self.unless_near) if self.unless_near else []
        for i in term_pos:
            for j in near_pos:
                if (self.window is None or abs(i - j) <= self.window) and not _negated(min(i, j), max(i, j), neg):
                    return True
        return False


def _set_names(value: Any, anon: str, index: TermIndex) -> list[str]:
    """Set references ("@provision") and inline terms -> list of set names."""
    if not value:
        return []
    if isinstance(value, str):
        value = [value]
    names, inline = [], []
    for item in value:
        item = str(item)
        if item.startswith("@"):
            names.append(item[1:])
        else:
            inline.append(item)
    if inline:
        index.add(anon, inline)
        names.append(anon)
    return names


def _positions(hits: dict[str, list[int]], names: list[str]) -> list[int]:
    if len(names) == 1:
        return hits.get(names[0], [])
    out: list[int] = []
    for n in names:
        out.extend(hits.get(n, ()))
    return out


def _cue_positions(hits: dict[str, list[int]], names: list[str]) -> list[int]:
    """Positions of cue sets, minus those where the set's ``<name>-exception`` matches.

    ``negation-exception`` lists phrases such as "niet alleen" or "geen eigen
    bijdrage" in which the negation word does not negate the provision.
    """
    out: list[int] = []
    for name in names:
        found = hits.get(name)
        if found:
            skip = set(hits.get(f"{name}-exception", ()))
            out.extend(k for k in found if k not in skip)
    return out


def _negated(lo: int, hi: int, neg: list[int]) -> bool:
    """A negation cue between the two words or up to two words before or after them.

    Dutch puts "niet" after the verb ("vergoeden we niet"), so the window
    reaches two words past the pair; exceptions ("niet alleen") are removed
    from the cue positions before this test.
    """
    return any(lo - 2 <= k <= hi + 2 for k in neg)


# --------------------------------------------------------------------------
# Check specifications (loaded from YAML).
# --------------------------------------------------------------------------

MESSAGE_KEYS = ("pass", "fail", "fail_absent", "fail_barrier_only", "fail_mentioned", "fail_few",
                "fail_counter", "not_applicable")


@dataclass(slots=True)
class CheckSpec:
    """One check as written in ``lexicons/checks/<id>.yml``."""

    id: str
    kind: str  # conditional | occurrence | existence | umbrella
    title: dict[str, str]
    severity: str
    source: str
    messages: dict[str, dict[str, str]]
    suggestion: dict[str, str]
    categories: list[str] = field(default_factory=list)  # GS-xx / category ids it covers
    applies_when: list[Clause] = field(default_factory=list)
    applies_min: int = 1
    applies_share: float = 0.0  # minimum share of the document's sentences that must meet applies_when
    applies_require: list[Clause] = field(default_factory=list)  # at least one sentence must meet one
    satisfied_by: list[Clause] = field(default_factory=list)
    min_satisfied: int = 1
    barrier_only: list[Clause] = field(default_factory=list)
    mentioned: list[Clause] = field(default_factory=list)
    counter: list[Clause] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    fail_if_failed: list[str] = field(default_factory=list)
    fail_if_all_failed: bool = False
    counter_wins: bool = False  # a counter sentence makes the check fail even when satisfied
    examples: list[dict[str, Any]] = field(default_factory=list)
    path: str = ""
    order: int = 0


def _clauses(data: Any, owner: str, index: TermIndex) -> tuple[list[Clause], int]:
    """``{any: [...], min_sentences: n}`` or a single clause -> (clauses, minimum)."""
    if not data:
        return [], 1
    if isinstance(data, dict) and "any" in data:
        items = data["any"]
        minimum = int(data.get("min_sentences", 1))
    else:
        items = [data]
        minimum = int(data.get("min_sentences", 1)) if isinstance(data, dict) else 1
    items = [c for c in items if not (isinstance(c, dict) and set(c) <= {"require", "min_sentences"})]
    return [Clause.from_yaml(c, f"{owner}#{k}", index) for k, c in enumerate(items)], minimum


def _spec_from_yaml(data: dict[str, Any], path: Path, index: TermIndex, order: int) -> CheckSpec:
    cid = data["id"]
    for name, terms in (data.get("terms") or {}).items():
        index.add(name, terms)
    applies, applies_min = _clauses(data.get("applies_when"), f"{cid}.applies", index)
    require = (data.get("applies_when") or {}).get("require") if isinstance(data.get("applies_when"), dict) else None
    required, _ = _clauses(require, f"{cid}.require", index)
    satisfied, min_sat = _clauses(data.get("satisfied_by"), f"{cid}.satisfied", index)
    barrier, _ = _clauses(data.get("barrier_only"), f"{cid}.barrier", index)
    mentioned, _ = _clauses(data.get("mentioned"), f"{cid}.mentioned", index)
    counter, _ = _clauses(data.get("counter"), f"{cid}.counter", index)
    if data.get("kind") == "occurrence":
        min_sat = int(data.get("min", 1))
    umbrella = data.get("rule") or {}
    return CheckSpec(
        id=cid, kind=data.get("kind", "conditional"), title=data.get("title", {}),
        severity=data.get("severity", "medium"), source=data.get("source", ""),
        messages=data.get("messages", {}), suggestion=data.get("suggestion", {}),
        categories=list(data.get("categories", [])),
        applies_when=applies, applies_min=applies_min,
        applies_share=float((data.get("applies_when") or {}).get("min_share", 0.0)) if isinstance(data.get("applies_when"), dict) else 0.0,
        applies_require=required, satisfied_by=satisfied, min_satisfied=min_sat,
        barrier_only=barrier, mentioned=mentioned, counter=counter,
        parts=list(data.get("parts", [])), fail_if_failed=list(umbrella.get("fail_if_failed", [])),
        fail_if_all_failed=bool(umbrella.get("fail_if_all_failed", False)),
        counter_wins=bool(data.get("counter_wins", False)),
        examples=list(data.get("examples", [])), path=str(path), order=order,
    )


def load_yaml_files(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """YAML documents of a folder in name order (files starting with '_' first)."""
    out = []
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            out.append((path, yaml.safe_load(handle) or {}))
    return out


@dataclass(slots=True)
class CheckBook:
    """All checks plus the shared term index (built once per process)."""

    index: TermIndex
    checks: list[CheckSpec]
    by_id: dict[str, CheckSpec]
    genres: list[GenreSpec] = field(default_factory=list)


def load_checks(extra_dirs: Sequence[str | Path] = (), index: TermIndex | None = None) -> CheckBook:
    """Read ``lexicons/checks`` (and ``checks/`` under extra lexicon folders).

    Files whose name starts with ``_`` hold shared term sets (``terms:``)
    used by several checks as ``@name``; every other file is one check.
    A check in an extra folder replaces a built-in check with the same id.
    """
    index = index or TermIndex()
    load_cues(index)
    folders = [lexicon_dir() / "checks"] + [Path(d) / "checks" for d in extra_dirs]
    specs: dict[str, CheckSpec] = {}
    files = [f for folder in folders if folder.is_dir() for f in load_yaml_files(folder)]
    genres: dict[str, GenreSpec] = {}
    for _path, data in files:  # shared term sets first, so checks can extend them
        if _path.name.startswith("_"):
            for name, terms in (data.get("terms") or {}).items():
                index.add(name, terms)
            for item in data.get("genres") or []:
                genres[item["id"]] = GenreSpec.from_yaml(item, index)
    order = 0
    for path, data in files:
        if path.name.startswith("_") or "id" not in data:
            continue
        specs[data["id"]] = _spec_from_yaml(data, path, index, order)
        order += 1
    checks = sorted(specs.values(), key=lambda s: (s.kind == "umbrella", s.order))
    book = CheckBook(index=index, checks=checks, by_id=specs, genres=list(genres.values()))
    check_references(book)
    return book


def load_cues(index: TermIndex) -> None:
    """Add the rules engine's context cues (``lexicons/cues.yml``) as sets ``cues.<name>``.

    They are kept under their own prefix so that the checks' own cue lists
    (e.g. ``negation`` without "zonder", which in "zonder kosten" marks a
    free provision) are not silently widened.
    """
    path = lexicon_dir() / "cues.yml"
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    for name, entry in data.items():
        if isinstance(entry, dict) and entry.get("terms"):
            index.add(f"cues.{name}", [str(t) for t in entry["terms"]])


def check_references(book: CheckBook) -> None:
    """Fail loudly on a reference to a term set that does not exist (a typo in YAML)."""
    for spec in book.checks:
        for clause in _all_clauses(spec):
            for name in clause.terms + clause.near + clause.unless + clause.unless_near + clause.except_if + clause.also:
                if name not in book.index.names:
                    raise ValueError(f"{spec.path}: unknown term set '@{name}'")
        for part in spec.parts:
            if part not in book.by_id:
                raise ValueError(f"{spec.path}: unknown part '{part}'")
    for genre in book.genres:
        for name in genre.title + genre.terms + genre.work_terms:
            if name not in book.index.names:
                raise ValueError(f"genre {genre.id}: unknown term set '@{name}'")


def _all_clauses(spec: CheckSpec) -> list[Clause]:
    return (spec.applies_when + spec.applies_require + spec.satisfied_by + spec.barrier_only
            + spec.mentioned + spec.counter)


# --------------------------------------------------------------------------
# Document genre: is this a policy text the checks can judge at all?
# --------------------------------------------------------------------------

_ARTICLE = re.compile(r"^\s*(?:artikel|art\.)\s*\d+[a-z]?\b", re.IGNORECASE)
_AMOUNT = re.compile(r"€\s*-?\d|\b\d{1,3}(?:\.\d{3})*,\d{2}\b")


@dataclass(slots=True)
class GenreSpec:
    """A document genre from ``lexicons/checks/_genre.yml``.

    An absence check asks "does this policy provide X?".  That question has
    no answer for a council's decision list, a table of benefit norms or a
    national law (what a law says about municipal duties is not a municipal
    provision), and too little evidence in a regulation of a few articles on
    another subject.  A genre is recognised when any of its signals holds;
    ``min_work_sentences`` > 0 keeps the checks for documents of the genre
    that say enough about work obligations or instruments.
    """

    id: str
    reason: dict[str, str]
    title: list[str] = field(default_factory=list)  # term sets looked for in the first sentences
    title_sentences: int = 3
    terms: list[str] = field(default_factory=list)  # term sets whose share of sentences counts
    min_share: float = 0.0
    article_share: float = 0.0  # share of sentences that start with "Artikel N"
    amount_share: float = 0.0  # share of sentences with a money amount
    min_work_sentences: int = 0
    work_terms: list[str] = field(default_factory=list)
    credits: bool = False  # may good practices be credited in this genre?

    @classmethod
    def from_yaml(cls, data: dict[str, Any], index: TermIndex) -> GenreSpec:
        gid = str(data["id"])
        return cls(
            id=gid, reason=dict(data.get("reason", {})),
            title=_set_names(data.get("title", []), f"genre:{gid}:title", index),
            title_sentences=int(data.get("title_sentences", 3)),
            terms=_set_names(data.get("terms", []), f"genre:{gid}:terms", index),
            min_share=float(data.get("min_share", 0.0)),
            article_share=float(data.get("article_share", 0.0)),
            amount_share=float(data.get("amount_share", 0.0)),
            min_work_sentences=int(data.get("min_work_sentences", 0)),
            work_terms=_set_names(data.get("work_terms", []), f"genre:{gid}:work", index),
            credits=bool(data.get("credits", False)),
        )

    def recognised(self, sentences: Sequence[Sentence], hits: dict[int, dict[str, list[int]]]) -> bool:
        n = len(sentences)
        if not n:
            return False
        head = sentences[:self.title_sentences]
        if self.title and any(hits.get(s.id, {}).keys() & set(self.title) for s in head):
            return True
        if self.terms and self.min_share and _share(hits, self.terms, n) >= self.min_share:
            return True
        if self.article_share and sum(bool(_ARTICLE.match(s.text)) for s in sentences) / n >= self.article_share:
            return True
        return bool(self.amount_share) and sum(bool(_AMOUNT.search(s.text)) for s in sentences) / n >= self.amount_share


def _share(hits: dict[int, dict[str, list[int]]], names: list[str], n: int) -> float:
    return sum(1 for h in hits.values() if any(h.get(x) for x in names)) / n


@dataclass(slots=True)
class Gate:
    """Why no check applies to a document (its genre), in both languages."""

    genre: str
    reason: dict[str, str]
    credits: bool


def document_gate(book: CheckBook, sentences: Sequence[Sentence],
                  hits: list[tuple[int, dict[str, list[int]]]] | None = None) -> Gate | None:
    """The first recognised genre that rules the checks out, or None (the checks apply)."""
    if not book.genres or not sentences:
        return None
    by_id = dict(hits if hits is not None else sentence_hits(book.index, sentences))
    for genre in book.genres:
        if not genre.recognised(sentences, by_id):
            continue
        count = sum(1 for h in by_id.values() if any(h.get(x) for x in genre.work_terms))
        if genre.min_work_sentences and count >= genre.min_work_sentences:
            return None
        reason = {code: text.format(count=count, min=genre.min_work_sentences)
                  for code, text in genre.reason.items()}
        return Gate(genre.id, reason, genre.credits)
    return None


def gated_results(book: CheckBook, gate: Gate, lang: str) -> list[CheckResult]:
    """Every check not-applicable, with the genre as the reason."""
    out = []
    for spec in sorted(book.checks, key=lambda s: s.order):
        i18n = {code: {"title": spec.title.get(code) or spec.title.get("nl", spec.id),
                       "message": gate.reason.get(code) or gate.reason.get("nl", ""), "suggestion": ""}
                for code in ("nl", "en")}
        out.append(CheckResult(id=spec.id, status="not-applicable", message=i18n[lang]["message"],
                               severity="info", title=i18n[lang]["title"], reason=i18n[lang]["message"],
                               source=spec.source, i18n=i18n))
    return out


# --------------------------------------------------------------------------
# Evaluation.
# --------------------------------------------------------------------------

Ref = tuple[int, int]  # (document index, sentence id)
EVIDENCE_CAP = 12


@dataclass(slots=True)
class CheckState:
    """What one check saw in a document or set, before it is turned into a result."""

    applies: list[Ref] = field(default_factory=list)
    required: list[Ref] = field(default_factory=list)
    satisfied: list[Ref] = field(default_factory=list)
    barrier: list[Ref] = field(default_factory=list)
    mentioned: list[Ref] = field(default_factory=list)
    counter: list[Ref] = field(default_factory=list)
    total: int = 0  # sentences looked at (for min_share)

    def extend(self, other: CheckState) -> None:
        self.total += other.total
        for name in ("applies", "required", "satisfied", "barrier", "mentioned", "counter"):
            getattr(self, name).extend(getattr(other, name))


def sentence_hits(index: TermIndex, sentences: Iterable[Sentence]) -> list[tuple[int, dict[str, list[int]]]]:
    """(sentence id, hits) for every sentence that matches any term at all."""
    out = []
    for s in sentences:
        hits = index.scan_text(s.text)
        if hits:
            out.append((s.id, hits))
    return out


def collect_states(book: CheckBook, hits: list[tuple[int, dict[str, list[int]]]], doc: int = 0,
                   total: int = 0, flagged: frozenset[int] = frozenset()) -> dict[str, CheckState]:
    """One pass over the sentences: which clause of which check each sentence meets.

    A ``flagged`` sentence (one a lexicon rule reports as a stereotype) never
    counts as a provision: "Vrouwen met een migratieachtergrond hebben weinig
    motivatie" names a subgroup of women, but is not intersectional thinking.
    """
    states = {spec.id: CheckState(total=total) for spec in book.checks}
    leaf = [s for s in book.checks if s.kind != "umbrella"]
    for sid, h in hits:
        ref = (doc, sid)
        for spec in leaf:
            st = states[spec.id]
            if any(c.match(h) for c in spec.applies_when):
                st.applies.append(ref)
            if any(c.match(h) for c in spec.applies_require):
                st.required.append(ref)
            sat = sid not in flagged and any(c.match(h) for c in spec.satisfied_by)
            if sat:
                st.satisfied.append(ref)
            elif any(c.match(h) for c in spec.barrier_only):
                st.barrier.append(ref)
            elif any(c.match(h) for c in spec.mentioned):
                st.mentioned.append(ref)
            if any(c.match(h) for c in spec.counter):
                st.counter.append(ref)
    return states


def _msg(spec: CheckSpec, key: str, lang: str, **fmt: Any) -> dict[str, str]:
    """Message ``key`` in both languages, falling back to the generic ``fail``."""
    texts = spec.messages.get(key) or spec.messages.get("fail" if key.startswith("fail") else key) or {}
    out = {}
    for code in ("nl", "en"):
        text = texts.get(code) or texts.get("nl", "")
        try:
            out[code] = text.format(**fmt)
        except (KeyError, IndexError):
            out[code] = text
    return out


def _uniq(refs: Iterable[Ref], cap: int = EVIDENCE_CAP) -> list[Ref]:
    seen: dict[Ref, None] = {}
    for r in refs:
        seen.setdefault(r, None)
        if len(seen) >= cap:
            break
    return list(seen)


def decide(spec: CheckSpec, st: CheckState) -> tuple[str, str, list[Ref], list[Ref]]:
    """(status, message key, evidence refs, satisfied refs) for a leaf check."""
    n_applies = len(set(st.applies))
    too_few = spec.applies_when and (n_applies < spec.applies_min
                                     or n_applies < spec.applies_share * st.total)
    if too_few or (spec.applies_require and not st.required):
        return "not-applicable", "not_applicable", _uniq(st.applies, 3), []
    satisfied = _uniq(st.satisfied, 50)
    context = _uniq(st.applies, 5)
    if len(satisfied) >= spec.min_satisfied and not (spec.counter_wins and st.counter):
        return "pass", "pass", _uniq(st.counter + context, 8), satisfied
    if st.counter:
        key = "fail_counter"
    elif st.barrier:
        key = "fail_barrier_only"
    elif st.mentioned or satisfied:
        key = "fail_few" if satisfied else "fail_mentioned"
    else:
        key = "fail_absent"
    return "fail", key, _uniq(st.counter + st.barrier + st.mentioned + satisfied + context), satisfied


def decide_umbrella(spec: CheckSpec, parts: dict[str, CheckResult]) -> tuple[str, str, dict[str, str]]:
    """Status of an umbrella check from the results of its parts."""
    mine = [parts[p] for p in spec.parts if p in parts]
    applicable = [r for r in mine if r.status != "not-applicable"]
    keys = [parts[p] for p in spec.fail_if_failed if p in parts]
    if not applicable or (keys and all(r.status == "not-applicable" for r in keys)):
        return "not-applicable", "not_applicable", {}
    failed = [r for r in applicable if r.status == "fail"]
    key_failed = any(parts[p].status == "fail" for p in spec.fail_if_failed if p in parts)
    others = [r for r in applicable if r.id not in spec.fail_if_failed]
    all_failed = spec.fail_if_all_failed and bool(others) and all(r.status == "fail" for r in others)
    fmt_nl = ", ".join(r.i18n.get("nl", {}).get("title", r.id) for r in failed) or "-"
    fmt_en = ", ".join(r.i18n.get("en", {}).get("title", r.id) for r in failed) or "-"
    if key_failed or all_failed:
        return "fail", "fail", {"nl": fmt_nl, "en": fmt_en}
    return "pass", "pass", {"nl": fmt_nl, "en": fmt_en}


def build_result(spec: CheckSpec, status: str, key: str, evidence: list[Any], satisfied: list[Any],
                 lang: str, **fmt: Any) -> CheckResult:
    """A :class:`CheckResult` with both languages in ``i18n``."""
    message = _msg(spec, key, lang, **fmt)
    i18n = {code: {"title": spec.title.get(code) or spec.title.get("nl", spec.id),
                   "message": message[code],
                   "suggestion": (spec.suggestion.get(code) or spec.suggestion.get("nl", "")) if status == "fail" else ""}
            for code in ("nl", "en")}
    reason = i18n[lang]["message"] if status == "not-applicable" else ""
    return CheckResult(
        id=spec.id, status=status, message=i18n[lang]["message"], evidence=evidence,
        satisfied_by=satisfied, severity=spec.severity if status == "fail" else "info",
        title=i18n[lang]["title"], reason=reason, suggestion=i18n[lang]["suggestion"],
        source=spec.source, i18n=i18n,
    )


def evaluate(book: CheckBook, states: dict[str, CheckState], lang: str,
             ref_out: Any = lambda r: r[1]) -> list[CheckResult]:
    """Turn collected states into results; ``ref_out`` renders a (doc, sentence) ref."""
    results: dict[str, CheckResult] = {}
    for spec in book.checks:
        if spec.kind == "umbrella":
            status, key, failed = decide_umbrella(spec, results)
            evidence = _umbrella_refs(spec, results, status)
            res = build_result(spec, status, key, evidence, [], lang, parts=failed.get(lang, "-"))
            for code in ("nl", "en"):
                res.i18n[code]["message"] = _msg(spec, key, code, parts=failed.get(code, "-"))[code]
            res.message = res.i18n[lang]["message"]
            if status == "not-applicable":
                res.reason = res.message
            res.satisfied_by = _umbrella_refs(spec, results, "pass", satisfied=True)
        else:
            st = states[spec.id]
            status, key, evidence, satisfied = decide(spec, st)
            res = build_result(spec, status, key, [ref_out(r) for r in evidence],
                               [ref_out(r) for r in satisfied], lang,
                               count=len(set(st.satisfied)), min=spec.min_satisfied)
        results[spec.id] = res
    return [results[s.id] for s in sorted(book.checks, key=lambda s: s.order)]


def _umbrella_refs(spec: CheckSpec, results: dict[str, CheckResult], status: str, satisfied: bool = False) -> list[Any]:
    out: list[Any] = []
    for p in spec.parts:
        r = results.get(p)
        if r is None:
            continue
        items = r.satisfied_by if satisfied else (r.evidence if r.status == "fail" or status != "fail" else [])
        for item in items:
            if item not in out:
                out.append(item)
    return out[:EVIDENCE_CAP]


# --------------------------------------------------------------------------
# Analyzer.
# --------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _cached_book(extra_dirs: tuple[str, ...]) -> CheckBook:
    return load_checks(extra_dirs)


class ChecksAnalyzer:
    """Analyzer ``checks``: per document and, with ``run_set``, for a policy set."""

    name = "checks"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.book = _cached_book(tuple(settings.lexicon_dirs))

    def enabled(self) -> list[CheckSpec]:
        return [s for s in self.book.checks if self.settings.category_enabled(s.id)]

    def run(self, sentences: Sequence[Sentence], flagged: frozenset[int] = frozenset()) -> list[CheckResult]:
        """Check results for one list of sentences (handy in tests and notebooks)."""
        hits = sentence_hits(self.book.index, sentences)
        gate = document_gate(self.book, sentences, hits)
        if gate is not None:
            return self._filter(gated_results(self.book, gate, self.settings.lang))
        states = collect_states(self.book, hits, total=len(sentences), flagged=flagged)
        return self._filter(evaluate(self.book, states, self.settings.lang))

    def __call__(self, result: DocumentResult) -> None:
        result.checks = self.run(result.sentences, flagged_sentences(result))

    def run_set(self, results: list[DocumentResult], set_result: SetResult) -> None:
        """Judge documents together: a provision anywhere satisfies the set."""
        merged = {spec.id: CheckState() for spec in self.book.checks}
        for d, res in enumerate(results):
            hits = sentence_hits(self.book.index, res.sentences)
            if document_gate(self.book, res.sentences, hits) is not None:
                continue  # a law or a decision list neither provides nor lacks anything
            states = collect_states(self.book, hits, doc=d, total=len(res.sentences),
                                    flagged=flagged_sentences(res))
            for cid, st in states.items():
                merged[cid].extend(st)
        paths = [r.path for r in results]
        set_result.checks = self._filter(
            evaluate(self.book, merged, self.settings.lang,
                     ref_out=lambda r: {"path": paths[r[0]], "sentence": r[1]}))

    def _filter(self, results: list[CheckResult]) -> list[CheckResult]:
        return [r for r in results if self.settings.category_enabled(r.id)]


def flagged_sentences(result: DocumentResult) -> frozenset[int]:
    """Sentences with a stereotype finding (not the informational generic-masculine ones)."""
    return frozenset(f.sentence for f in result.findings if f.severity != "info")


@register("checks")
def make_checks_analyzer(settings: Settings) -> ChecksAnalyzer:
    return ChecksAnalyzer(settings)
