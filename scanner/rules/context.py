"""Context filters: decide whether a pattern hit is the policy's own stance.

The same words that make a stereotype also appear where a text criticises it
("een bekend genderstereotype is dat ..."), denies it, quotes someone, states
the law, or prescribes the remedy.  A consultant stops trusting a tool that
flags those, so each rule names the filters that silence it (``unless``) and
the context it needs (``requires``).  The cue words are data, in
``lexicons/cues.yml``, shared with the document checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scanner.errors import RuleFileError
from scanner.model import Sentence
from scanner.normalize import fold

NEGATION_BEFORE = 5  # words before the hit in which a negation counts
NEGATION_AFTER = 4  # Dutch verb-final clauses put "niet" after the object
_QUOTES = {"\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb", "\u2018": "\u2019", '"': '"', "'": "'"}
_STRAIGHT = {'"', "'"}
# A literature reference such as "(SER, 2018)" or "(Razenberg et al., 2018b)":
# the sentence reports research, it does not state the policy's own choice.
_CITATION = re.compile(r"\([A-Z][^()]{1,80}?,? (?:19|20)\d\d[a-z]?(?:[;,][^()]*)?\)")


@dataclass(slots=True)
class Cue:
    name: str
    description: str
    terms: list[str]
    regex: re.Pattern[str]
    single_words: frozenset[str]

    def find(self, folded: str, end: int | None = None) -> str | None:
        """First cue term in ``folded`` (optionally only before ``end``)."""
        match = self.regex.search(folded, 0, len(folded) if end is None else end)
        return match.group(0) if match else None


def _term_regex(term: str) -> str:
    words = [re.escape(w).replace(r"\*", r"\w*") for w in fold(term).split()]
    return r"\s+".join(words)


def compile_cue(name: str, description: str, terms: list[str]) -> Cue:
    body = "|".join(sorted((_term_regex(t) for t in terms), key=len, reverse=True))
    regex = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
    singles = frozenset(fold(t) for t in terms if " " not in t and "*" not in t)
    return Cue(name, description, list(terms), regex, singles)


@cache
def load_cues(path: Path) -> dict[str, Cue]:
    """Parse ``cues.yml`` (format: ``name: {description, terms: [...]}``)."""
    from scanner.rules.loader import line_of, read_yaml

    data = read_yaml(path)
    if not isinstance(data, dict):
        raise RuleFileError(str(path), 1, "expected a mapping of cue names")
    cues: dict[str, Cue] = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("terms"), list) or not entry["terms"]:
            raise RuleFileError(str(path), line_of(entry, line_of(data)),
                                f"cue '{name}' needs a non-empty 'terms' list")
        cues[str(name)] = compile_cue(str(name), str(entry.get("description", "")),
                                      [str(t) for t in entry["terms"]])
    return cues


def default_cues() -> dict[str, Cue]:
    from scanner.resources import lexicon_dir
    return load_cues(lexicon_dir() / "cues.yml")


@dataclass(slots=True)
class Hit:
    """A pattern match in one sentence: token span [start, end)."""

    start: int
    end: int


class ContextFilter:
    """Applies a rule's ``unless``/``requires`` lists to a hit."""

    def __init__(self, cues: dict[str, Cue]) -> None:
        self.cues = cues

    def missing_requirement(self, requires: tuple[str, ...], folded: str) -> str | None:
        for name in requires:
            if self.cues[name].find(folded) is None:
                return name
        return None

    def reason(self, unless: tuple[str, ...], sentence: Sentence, folded: str, hit: Hit,
               own_words: frozenset[str]) -> str | None:
        """Why the hit is silenced, or None when it stands."""
        for name in unless:
            if name == "quote":
                found = (self._quote(sentence, hit) or self._cue("attribution", folded)
                         or ("citation" if _CITATION.search(sentence.text) else None))
                if found:
                    return f"quote: {found}" if found != "quotation marks" else "quote"
            elif name == "negation":
                found = self._negation(sentence, hit, own_words)
                if found:
                    return f"negation: '{found}'"
            else:
                found = self.cues[name].find(folded)
                if found:
                    return f"{name}: '{found}'"
        return None

    def _cue(self, name: str, folded: str) -> str | None:
        cue = self.cues.get(name)
        found = cue.find(folded) if cue else None
        return f"'{found}'" if found else None

    @staticmethod
    def _quote(sentence: Sentence, hit: Hit) -> str | None:
        """The hit lies inside quotation marks (or the sentence is one quote)."""
        text = sentence.text
        if not sentence.token_offsets:
            return None
        a = sentence.token_offsets[hit.start][0] - sentence.start
        for i, ch in enumerate(text[:a]):
            close = _QUOTES.get(ch)
            if close and (ch not in _STRAIGHT or i == 0 or not text[i - 1].isalnum()):
                rest = text.find(close, i + 1)
                if rest == -1 or rest >= a:
                    return "quotation marks"
        return None

    def _negation(self, sentence: Sentence, hit: Hit, own_words: frozenset[str]) -> str | None:
        cue = self.cues.get("negation")
        if cue is None:
            return None
        tokens = sentence.tokens
        lo = max(0, hit.start - NEGATION_BEFORE)
        hi = min(len(tokens), hit.end + NEGATION_AFTER)
        for i in range(lo, hi):
            word = tokens[i]
            if word in cue.single_words and word not in own_words:
                return word
            if word in {";", ":"} and i >= hit.end:
                break
        # multi-word negations ("voorkomen dat") anywhere before the hit
        end_char = sentence.token_offsets[hit.start][0] - sentence.start if sentence.token_offsets else None
        folded = fold(sentence.text)
        for term in cue.terms:
            if " " in term and cue_term_in(term, folded, end_char):
                return term
        return None


@cache
def _single_term_regex(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){_term_regex(term)}(?![\w-])")


def cue_term_in(term: str, folded: str, end: int | None = None) -> bool:
    return _single_term_regex(term).search(folded, 0, len(folded) if end is None else end) is not None
