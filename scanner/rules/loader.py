"""Read lexicon rule files (YAML) into :class:`Rule` objects.

Rule files are written by domain experts, so every error must point at a
file and a line and say what is wrong in plain words; a Python traceback is
never acceptable.  We therefore parse with ``yaml.SafeLoader`` and keep the
line of every mapping, list and string (from the node marks), validate
against ``lexicons/schema/rule.schema.json`` and compile the phrase syntax
here, where the line of the offending string is still known.

Phrase syntax (one token per word, separated by spaces)::

    kostwinner        the word itself (case and accents are ignored)
    kostwinner*       any word starting with "kostwinner"
    *verdiener        any word ending with "verdiener"
    {man|vader}       one of these words (each may use * too)
    ~werken           any form of the verb/noun (compares lemmas)
    de?               optional word
    ...               0 to 3 arbitrary words;  ...6  = 0 to 6 words
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from scanner.errors import RuleFileError
from scanner.normalize import fold

DEFAULT_UNLESS = ("critique", "remedy", "quote", "negation")
SPECIAL_CUES = {"quote", "negation"}


# ------------------------------------------------------------ YAML with lines

class LineStr(str):
    line: int = 0


class LineDict(dict):
    line: int = 0
    key_lines: dict[Any, int]


class LineList(list):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the 1-based line of every value."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise RuleFileError("", key_node.start_mark.line + 1, f"duplicate key '{key}'")
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    out.line = node.start_mark.line + 1
    return out


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    return out


def _construct_str(loader: _LineLoader, node: yaml.ScalarNode) -> LineStr:
    out = LineStr(loader.construct_scalar(node))
    out.line = node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def read_yaml(path: Path) -> Any:
    """Parse ``path``; syntax errors become :class:`RuleFileError` with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(str(path), None, f"cannot read file: {exc}") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except RuleFileError as exc:
        raise RuleFileError(str(path), exc.line, exc.detail) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RuleFileError(str(path), line, f"YAML syntax error: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise RuleFileError(str(path), None, f"YAML error: {exc}") from None


def line_of(value: Any, default: int = 0) -> int:
    return int(getattr(value, "line", 0) or default)


# ------------------------------------------------------------ data classes

@dataclass(slots=True)
class Example:
    text: str
    line: int


@dataclass(slots=True)
class Near:
    """Two groups of phrases that must occur within ``within`` words."""

    a: list[list[dict[str, Any]]]
    b: list[list[dict[str, Any]]]
    within: int
    ordered: bool = False


@dataclass(slots=True)
class Rule:
    id: str
    category: str
    severity: str
    confidence: float
    patterns: list[list[dict[str, Any]]]
    nears: list[Near]
    unless: tuple[str, ...]
    requires: tuple[str, ...]
    message: dict[str, str]
    suggestion: dict[str, str]
    rationale: dict[str, str]
    source: str
    match_examples: list[Example]
    no_match_examples: list[Example]
    path: str = ""
    line: int = 0
    aggregate: str | None = None
    raw_patterns: list[Any] = field(default_factory=list)
    # Cues of which a term must occur in this sentence or the one before it:
    # "bij hen ligt de nadruk op de zorg" only means mothers when the previous
    # sentence named them (a pronoun refers back across the full stop).
    requires_context: tuple[str, ...] = ()

    def text(self, field_name: str, lang: str) -> str:
        """Message/suggestion/rationale in ``lang`` (falls back to Dutch)."""
        values: dict[str, str] = getattr(self, field_name)
        return values.get(lang) or values.get("nl", "")


# ------------------------------------------------------------ phrase syntax

_GAP = re.compile(r"^\.\.\.(\d*)$")


def _word_constraint(word: str, attr: str, lemmatize: bool) -> dict[str, Any]:
    """Constraint for one word or {alternatives}, with * wildcards."""
    if word.count("{") != word.count("}") or ("{" in word and not (word.startswith("{") and word.endswith("}"))):
        raise ValueError(f"unbalanced braces in '{word}' (write alternatives without spaces: {{a|b}})")
    if word.startswith("{") and word.endswith("}"):
        options = [w for w in word[1:-1].split("|") if w]
    else:
        options = [word]
    if not options or any(not o.strip("*") for o in options):
        raise ValueError(f"empty word in '{word}'")
    if lemmatize:
        from scanner.nlp import lemmatize_word
        options = [o if "*" in o else fold(lemmatize_word(o)) for o in options]
    options = [fold(o) for o in options]
    if all("*" not in o for o in options):
        return {attr: options[0]} if len(options) == 1 else {attr: {"IN": options}}
    regex = "|".join(re.escape(o).replace(r"\*", ".*") for o in options)
    return {attr: {"REGEX": f"^(?:{regex})$"}}


def compile_phrase(phrase: str) -> list[dict[str, Any]]:
    """Translate the expert phrase syntax into a spaCy Matcher pattern."""
    out: list[dict[str, Any]] = []
    for raw in phrase.split():
        gap = _GAP.match(raw)
        if gap:
            out.append({"OP": "{0,%d}" % int(gap.group(1) or 3)})
            continue
        optional = raw.endswith("?") and len(raw) > 1
        word = raw[:-1] if optional else raw
        lemma = word.startswith("~")
        if lemma:
            word = word[1:]
        token = _word_constraint(word, "LEMMA" if lemma else "LOWER", lemma)
        if optional:
            token["OP"] = "?"
        out.append(token)
    if not out or all(t.get("OP") for t in out):
        raise ValueError(f"phrase '{phrase}' has no required word")
    if out[0].get("OP", "").startswith("{") or out[-1].get("OP", "").startswith("{"):
        raise ValueError(f"phrase '{phrase}' may not start or end with '...'")
    return out


# ------------------------------------------------------------ schema + build

@cache
def schema() -> dict[str, Any]:
    from scanner.resources import lexicon_dir
    return json.loads((lexicon_dir() / "schema" / "rule.schema.json").read_text(encoding="utf-8"))


def _error_line(data: Any, path: list[Any]) -> int:
    """Line of the deepest value along a jsonschema error path."""
    line = line_of(data, 1)
    node = data
    for key in path:
        try:
            child = node[key]
        except (KeyError, IndexError, TypeError):
            break
        key_line = getattr(node, "key_lines", {}).get(key, 0)
        line = line_of(child, key_line or line)
        node = child
    return line


def _describe(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "file"
    if error.validator == "oneOf" and isinstance(error.instance, dict):
        return f"{where}: a pattern must be a phrase string or one of phrase/near/tokens"
    if error.validator == "enum":
        return f"{where}: {error.instance!r} is not one of {error.validator_value}"
    return f"{where}: {error.message}"


def validate(data: Any, path: Path) -> None:
    """Raise RuleFileError for the first schema violation (best match)."""
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(list(e.absolute_path)), e.path))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        raise RuleFileError(str(path), _error_line(data, list(best.absolute_path)), _describe(best))


def _compile(phrase: Any, path: Path, parent_line: int) -> list[dict[str, Any]]:
    try:
        return compile_phrase(str(phrase))
    except ValueError as exc:
        raise RuleFileError(str(path), line_of(phrase, parent_line), str(exc)) from None


def _build_rule(item: dict[str, Any], category: str, path: Path, cue_names: set[str]) -> Rule:
    line = line_of(item)
    patterns: list[list[dict[str, Any]]] = []
    nears: list[Near] = []
    for pattern in item["patterns"]:
        if isinstance(pattern, str):
            patterns.append(_compile(pattern, path, line))
        elif "phrase" in pattern:
            patterns.append(_compile(pattern["phrase"], path, line))
        elif "near" in pattern:
            near = pattern["near"]
            nears.append(Near(a=[_compile(p, path, line) for p in near["a"]],
                              b=[_compile(p, path, line) for p in near["b"]],
                              within=int(near["within"]), ordered=bool(near.get("ordered", False))))
        else:
            patterns.append([dict(t) for t in pattern["tokens"]])
    unless = tuple(str(u) for u in item.get("unless", DEFAULT_UNLESS))
    requires = tuple(str(r) for r in item.get("requires", ()))
    requires_context = tuple(str(r) for r in item.get("requires_context", ()))
    for name in (*unless, *requires, *requires_context):
        if name not in cue_names and name not in SPECIAL_CUES:
            where = (item.get("unless") if name in unless
                     else item.get("requires") if name in requires else item.get("requires_context"))
            raise RuleFileError(str(path), line_of(where, line),
                                f"rule {item['id']}: unknown context cue '{name}' "
                                f"(known: {', '.join(sorted(cue_names | SPECIAL_CUES))})")
    rationale = item["rationale"]
    examples = item["examples"]
    return Rule(
        id=str(item["id"]), category=str(item.get("category", category)),
        severity=str(item["severity"]), confidence=float(item.get("confidence", 0.8)),
        patterns=patterns, nears=nears, unless=unless, requires=requires,
        message={k: str(v) for k, v in item["message"].items()},
        suggestion={k: str(v) for k, v in item["suggestion"].items()},
        rationale={"nl": str(rationale["nl"]), "en": str(rationale["en"])},
        source=str(rationale["source"]),
        match_examples=[Example(str(e), line_of(e, line)) for e in examples["match"]],
        no_match_examples=[Example(str(e), line_of(e, line)) for e in examples["no_match"]],
        path=str(path), line=line, aggregate=item.get("aggregate"),
        raw_patterns=[_plain(p) for p in item["patterns"]],
        requires_context=requires_context,
    )


def _plain(value: Any) -> Any:
    """Strip the line-carrying subclasses (for docs and JSON)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def load_file(path: Path, cue_names: set[str]) -> list[Rule]:
    """All rules of one file; raises RuleFileError naming file and line."""
    data = read_yaml(path)
    if data is None:
        raise RuleFileError(str(path), 1, "file is empty")
    validate(data, path)
    rules = [_build_rule(item, str(data["category"]), path, cue_names) for item in data["rules"]]
    seen: dict[str, int] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleFileError(str(path), rule.line, f"duplicate rule id '{rule.id}' (first at line {seen[rule.id]})")
        seen[rule.id] = rule.line
        if not rule.id.startswith(rule.category + "."):
            raise RuleFileError(str(path), rule.line,
                                f"rule id '{rule.id}' must start with its category '{rule.category}.'")
    return rules


def rule_files(folder: Path) -> list[Path]:
    """Rule files of a lexicon folder (``*.yml``/``*.yaml``, sorted)."""
    if not folder.is_dir():
        raise RuleFileError(str(folder), None, "lexicon folder not found")
    return sorted(p for p in folder.iterdir() if p.suffix in {".yml", ".yaml"} and p.is_file())


def load_rules(folders: list[Path], cue_names: set[str]) -> list[Rule]:
    """Rules of several folders in order; a later rule with the same id replaces an earlier one."""
    by_id: dict[str, Rule] = {}
    for folder in folders:
        for path in rule_files(folder):
            for rule in load_file(path, cue_names):
                by_id[rule.id] = rule
    return list(by_id.values())
