"""Every example sentence of every built-in rule behaves as its rule file says.

This is the generic test the lexicon design relies on (like LanguageTool's
<example> elements): a domain expert adds a rule with examples, and this
file checks them without anyone writing Python.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from scanner.cli_rules import example_sentence
from scanner.resources import lexicon_dir
from scanner.rules import builtin_rules_dir, load_ruleset
from scanner.rules.loader import read_yaml, rule_files

RULESET = load_ruleset()
CASES = [(rule.id, kind, ex.text)
         for rule in RULESET.rules
         for kind, examples in (("match", rule.match_examples), ("no_match", rule.no_match_examples))
         for ex in examples]


def _flagged(rule_id: str, text: str) -> bool:
    findings, _ = RULESET.apply([example_sentence(text)])
    return any(f.rule == rule_id for f in findings)


@pytest.mark.parametrize(("rule_id", "kind", "text"), CASES, ids=[f"{r}:{k}:{i}" for i, (r, k, _) in enumerate(CASES)])
def test_example(rule_id: str, kind: str, text: str) -> None:
    assert _flagged(rule_id, text) == (kind == "match"), f"{rule_id} {kind}: {text}"


@pytest.mark.parametrize("path", rule_files(builtin_rules_dir()), ids=lambda p: p.name)
def test_rule_file_matches_schema(path) -> None:
    schema = json.loads((lexicon_dir() / "schema" / "rule.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(read_yaml(path))


SENTENCE_CATEGORIES = {"breadwinner", "household-unit", "care-role", "sector-steering",
                       "selective-work-first", "deficit-framing", "generic-masculine"}


def test_every_sentence_category_has_rules() -> None:
    by_cat = {c: [r for r in RULESET.rules if r.category == c] for c in SENTENCE_CATEGORIES}
    assert all(by_cat.values()), [c for c, rules in by_cat.items() if not rules]
    assert len(RULESET.rules) >= 20
    for core in ("breadwinner", "household-unit", "care-role", "sector-steering"):
        assert len(by_cat[core]) >= 4, core


def test_every_rule_has_three_examples_each_way_and_both_languages() -> None:
    for rule in RULESET.rules:
        assert len(rule.match_examples) >= 3 and len(rule.no_match_examples) >= 3, rule.id
        for field in ("message", "suggestion", "rationale"):
            assert getattr(rule, field)["nl"] and getattr(rule, field)["en"], (rule.id, field)
        assert rule.source, rule.id


def test_generic_masculine_is_informational() -> None:
    for rule in RULESET.rules:
        if rule.category == "generic-masculine":
            assert rule.severity == "info" and rule.aggregate == "section"
