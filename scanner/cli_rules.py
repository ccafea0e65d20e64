"""``genderscan rules list | check [DIR] | docs``: the lexicon author's tools.

``check`` is the linter for rule files: it reports every problem as
``file:line: message`` (schema errors, bad phrase syntax, examples that do
not behave) and exits 1 when there is any, so it can run in CI on a
consultant's own lexicon folder.  Argument parsing lives in ``scanner.cli``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from scanner.errors import GenderscanError, RuleFileError
from scanner.model import Sentence


def _ruleset(args: Any):
    from scanner.rules import load_ruleset
    return load_ruleset(list(getattr(args, "lexicons", []) or []))


def cmd_list(args: Any) -> int:
    """Table of all rules: id, category, severity, number of examples."""
    try:
        ruleset = _ruleset(args)
    except GenderscanError as exc:
        print(f"genderscan: {exc}", file=sys.stderr)
        return 2
    rows = [(r.id, r.category, r.severity, str(len(r.match_examples) + len(r.no_match_examples)))
            for r in sorted(ruleset.rules, key=lambda r: (r.category, r.id))]
    header = ("id", "category", "severity", "#examples")
    widths = [max(len(x[i]) for x in [header, *rows]) for i in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print(f"\n{len(rows)} rules")
    return 0


def example_sentence(text: str) -> Sentence:
    """Tokenise an example exactly as a scanned sentence is tokenised."""
    from scanner.nlp import sentence_from_text
    return sentence_from_text(text)


def check_examples(ruleset: Any, rules: list[Any]) -> list[str]:
    """``file:line: message`` for every example that does not behave."""
    errors: list[str] = []
    for rule in rules:
        for kind, examples in (("match", rule.match_examples), ("no_match", rule.no_match_examples)):
            for example in examples:
                hits = [(r, reason) for r, _, reason in ruleset.hits(example_sentence(example.text))
                        if r.id == rule.id]
                flagged = any(reason is None for _, reason in hits)
                if kind == "match" and not flagged:
                    why = f" (silenced: {hits[0][1]})" if hits else ""
                    errors.append(f"{rule.path}:{example.line}: {rule.id}: example should match but does not{why}: "
                                  f"{example.text}")
                elif kind == "no_match" and flagged:
                    errors.append(f"{rule.path}:{example.line}: {rule.id}: example should not match but does: "
                                  f"{example.text}")
    return errors


def check_folder(folder: Path) -> list[str]:
    """Every problem in the rule files of ``folder`` (empty list = all good)."""
    from scanner.rules.context import default_cues
    from scanner.rules.engine import RuleSet
    from scanner.rules.loader import load_file, rule_files

    cues = default_cues()
    errors: list[str] = []
    rules = []
    try:
        paths = rule_files(folder)
    except RuleFileError as exc:
        return [str(exc)]
    if not paths:
        return [f"{folder}: no rule files (*.yml) found"]
    for path in paths:
        try:
            rules.extend(load_file(path, set(cues)))
        except RuleFileError as exc:
            errors.append(str(exc))
    seen: dict[str, Any] = {}
    for rule in rules:
        if rule.id in seen:
            first = seen[rule.id]
            errors.append(f"{rule.path}:{rule.line}: duplicate rule id '{rule.id}' (also {first.path}:{first.line})")
        seen[rule.id] = rule
    if rules:
        errors.extend(check_examples(RuleSet(list(seen.values()), cues), list(seen.values())))
    return errors


def cmd_check(args: Any) -> int:
    """Validate rule files against the schema and run every example; exit 1 on errors."""
    from scanner.rules import builtin_rules_dir, lexicon_folders

    if getattr(args, "dir", None):
        folders = lexicon_folders([args.dir])[1:]
    else:
        folders = lexicon_folders(list(getattr(args, "lexicons", []) or []))
        if not getattr(args, "lexicons", None):
            folders = [builtin_rules_dir()]
    errors: list[str] = []
    count = 0
    for folder in folders:
        found = check_folder(folder)
        errors.extend(found)
        count += len(list(folder.glob("*.y*ml"))) if folder.is_dir() else 0
    for line in errors:
        print(line)
    if errors:
        print(f"\n{len(errors)} problem(s) in {count} file(s)", file=sys.stderr)
        return 1
    print(f"{count} rule file(s) OK: schema valid, every example behaves")
    return 0


def cmd_docs(args: Any) -> int:
    """Write docs/rules.md (or ``-o FILE``, ``-`` for stdout) from the lexicons."""
    from scanner.resources import REPO_DIR
    from scanner.rules.docs import render

    try:
        text = render(_ruleset(args), getattr(args, "lang", "nl") or "nl")
    except GenderscanError as exc:
        print(f"genderscan: {exc}", file=sys.stderr)
        return 2
    output = getattr(args, "output", None) or str(REPO_DIR / "docs" / "rules.md")
    if output == "-":
        sys.stdout.write(text)
        return 0
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0
