"""Malformed rule files give one clear line with file and line, never a traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scanner.cli_rules import check_folder, cmd_check
from scanner.errors import RuleFileError
from scanner.rules import load_ruleset
from scanner.rules.context import default_cues
from scanner.rules.loader import compile_phrase, load_file

GOOD = """\
category: breadwinner
rules:
  - id: breadwinner.test-rule
    severity: medium
    patterns:
      - "kostwinner*"
    message: {nl: "Bericht.", en: "Message."}
    suggestion: {nl: "Suggestie.", en: "Suggestion."}
    rationale: {nl: "Reden.", en: "Reason.", source: "test"}
    examples:
      match:
        - De man is de kostwinner.
        - Kostwinners krijgen voorrang.
        - Het kostwinnersmodel geldt hier.
      no_match:
        - Beide partners werken.
        - Het gezin ontvangt bijstand.
        - De vrouw volgt een opleiding.
"""


def _write(tmp_path: Path, text: str, name: str = "test.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> RuleFileError:
    path = _write(tmp_path, text)
    with pytest.raises(RuleFileError) as info:
        load_file(path, set(default_cues()))
    return info.value


def test_good_file_loads(tmp_path: Path) -> None:
    rules = load_file(_write(tmp_path, GOOD), set(default_cues()))
    assert [r.id for r in rules] == ["breadwinner.test-rule"]
    assert rules[0].match_examples[0].line == 12


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    broken = GOOD.replace('      - "kostwinner*"', '      - "kostwinner*\n      - [unclosed')
    err = _error(tmp_path, broken)
    assert err.path.endswith("test.yml") and err.line is not None and err.line >= 6
    assert f"test.yml:{err.line}:" in str(err) and "YAML" in str(err)


def test_missing_field_points_at_the_rule(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('    suggestion: {nl: "Suggestie.", en: "Suggestion."}\n', ""))
    assert err.line == 3
    assert "suggestion" in err.detail


def test_unknown_category_points_at_its_line(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace("category: breadwinner", "category: broodwinning"))
    assert err.line == 1
    assert "broodwinning" in str(err)


def test_unknown_severity_points_at_its_line(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace("severity: medium", "severity: urgent"))
    assert err.line == 4 and "urgent" in err.detail


def test_too_few_examples(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace("        - Het kostwinnersmodel geldt hier.\n", ""))
    assert err.line == 12 and "match" in err.detail


def test_bad_phrase_syntax_points_at_the_phrase(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('"kostwinner*"', '"{man|de vader} kostwinner"'))
    assert err.line == 6 and "braces" in err.detail


def test_unknown_context_cue(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace("    patterns:", "    unless: [sarcasm]\n    patterns:"))
    assert err.line == 5 and "sarcasm" in err.detail


def test_id_must_start_with_category(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace("breadwinner.test-rule", "care-role.test-rule"))
    assert err.line == 3 and "category" in err.detail


def test_duplicate_key(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace("    severity: medium\n", "    severity: medium\n    severity: low\n"))
    assert err.line == 5 and "duplicate" in err.detail


def test_empty_file(tmp_path: Path) -> None:
    err = _error(tmp_path, "")
    assert "empty" in err.detail


def test_check_reports_failing_example_with_line(tmp_path: Path, capsys) -> None:
    _write(tmp_path, GOOD.replace("- Beide partners werken.", "- De kostwinner werkt."))
    errors = check_folder(tmp_path)
    assert len(errors) == 1 and "test.yml:16:" in errors[0] and "should not match" in errors[0]

    class Args:
        dir = str(tmp_path)
        lexicons: list[str] = []
        lang = "nl"
        output = None

    assert cmd_check(Args()) == 1
    assert "test.yml:16:" in capsys.readouterr().out


def test_check_reports_every_broken_file(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "a.yml")
    _write(tmp_path, "category: breadwinner\nrules: [\n", "b.yml")
    _write(tmp_path, GOOD.replace("severity: medium", "severity: 3"), "c.yml")
    errors = check_folder(tmp_path)
    assert any(e.startswith(str(tmp_path / "b.yml") + ":") for e in errors)
    assert any(e.startswith(str(tmp_path / "c.yml") + ":4:") for e in errors)
    assert len(errors) == 2  # a.yml is fine and is still checked


def test_extra_lexicon_dir_overrides_same_id(tmp_path: Path) -> None:
    override = GOOD.replace("breadwinner.test-rule", "breadwinner.kostwinner-frame").replace("severity: medium", "severity: low")
    _write(tmp_path, override)
    builtin = {r.id: r for r in load_ruleset().rules}
    merged = {r.id: r for r in load_ruleset([tmp_path]).rules}
    assert builtin["breadwinner.kostwinner-frame"].severity == "medium"
    assert merged["breadwinner.kostwinner-frame"].severity == "low"
    assert len(merged) == len(builtin)


@pytest.mark.parametrize(("phrase", "expected"), [
    ("kostwinner", [{"LOWER": "kostwinner"}]),
    ("Financiële", [{"LOWER": "financiele"}]),
    ("de? {man|vader}", [{"LOWER": "de", "OP": "?"}, {"LOWER": {"IN": ["man", "vader"]}}]),
    ("a ...5 b", [{"LOWER": "a"}, {"OP": "{0,5}"}, {"LOWER": "b"}]),
    ("kost*", [{"LOWER": {"REGEX": "^(?:kost.*)$"}}]),
])
def test_compile_phrase(phrase: str, expected: list) -> None:
    assert compile_phrase(phrase) == expected


@pytest.mark.parametrize("phrase", ["...", "... kostwinner", "{}", "de?"])
def test_compile_phrase_rejects(phrase: str) -> None:
    with pytest.raises(ValueError):
        compile_phrase(phrase)
