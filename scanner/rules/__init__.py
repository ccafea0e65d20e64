"""Lexicon rules: YAML knowledge compiled into a spaCy Matcher, with context filters.

Public API::

    load_ruleset(extra_dirs=()) -> RuleSet       # cached per process
    RuleSet.apply(sentences) -> (findings, suppressed)

and the analyzer ``"rules"`` for the scan pipeline (see :mod:`scanner.registry`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from scanner.config import Settings
from scanner.model import DocumentResult, Finding
from scanner.registry import register
from scanner.rules.context import default_cues
from scanner.rules.engine import RuleSet
from scanner.rules.loader import Rule, load_rules

__all__ = ["RuleSet", "Rule", "load_ruleset", "builtin_rules_dir", "lexicon_folders", "RulesAnalyzer"]

_CACHE: dict[tuple[str, ...], RuleSet] = {}


def builtin_rules_dir() -> Path:
    from scanner.resources import lexicon_dir
    return lexicon_dir() / "rules"


def lexicon_folders(extra_dirs: Sequence[str | Path] = ()) -> list[Path]:
    """Built-in rules folder, then each extra folder (its ``rules/`` subfolder when present)."""
    folders = [builtin_rules_dir()]
    for raw in extra_dirs:
        path = Path(raw)
        folders.append(path / "rules" if (path / "rules").is_dir() else path)
    return folders


def load_ruleset(extra_dirs: Sequence[str | Path] = ()) -> RuleSet:
    """All rules (built-in + extra folders; same id overrides), compiled once per process."""
    key = tuple(str(Path(d).resolve()) for d in extra_dirs)
    if key not in _CACHE:
        cues = default_cues()
        _CACHE[key] = RuleSet(load_rules(lexicon_folders(extra_dirs), set(cues)), cues)
    return _CACHE[key]


class RulesAnalyzer:
    """Adds lexicon findings to a document, honouring the scan settings."""

    name = "rules"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ruleset = load_ruleset(settings.lexicon_dirs)

    def __call__(self, result: DocumentResult) -> None:
        findings, suppressed = self.ruleset.apply(result.sentences, self.settings.lang)
        findings = [self._adjust(f) for f in findings if self._enabled(f)]
        suppressed = [self._adjust(f) for f in suppressed if self._enabled(f)]
        # Inline ``genderscan-disable`` comments are applied by the pipeline to the
        # findings of every analyzer (scanner.suppress), not here.
        result.findings.extend(findings)
        result.suppressed.extend(suppressed)

    def _enabled(self, finding: Finding) -> bool:
        categories = self.settings.categories
        return categories.get(finding.rule, categories.get(finding.category, True))

    def _adjust(self, finding: Finding) -> Finding:
        severities = self.settings.severities
        new = severities.get(finding.rule) or severities.get(finding.category)
        return replace(finding, severity=new) if new and new != finding.severity else finding


@register("rules")
def make_rules_analyzer(settings: Settings) -> RulesAnalyzer:
    return RulesAnalyzer(settings)
