"""Analyzers registered by name, like spaCy's pipeline factories.

An analyzer looks at one :class:`~scanner.model.DocumentResult` whose
sentences are already segmented and adds what it finds (findings, checks,
rubric answers).  Set-level analyzers additionally judge several documents
together.  The scan pipeline is configured as a list of names
(``Settings.analyzers``), so a user or test can run only part of it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

from scanner.config import Settings
from scanner.model import DocumentResult, SetResult


class Analyzer(Protocol):
    name: str

    def __call__(self, result: DocumentResult) -> None:
        """Add what this analyzer finds to ``result`` (in place)."""


class SetAnalyzer(Analyzer, Protocol):
    def run_set(self, results: list[DocumentResult], set_result: SetResult) -> None:
        """Judge ``results`` together and add to ``set_result``."""


Factory = Callable[[Settings], Analyzer]
_FACTORIES: dict[str, Factory] = {}

# Where each built-in analyzer lives; imported only when first used.
_BUILTIN_MODULES = {
    "rules": "scanner.rules",
    "classifier": "scanner.classifier",
    "checks": "scanner.checks",
    "rubric": "scanner.rubric",
}


def register(name: str) -> Callable[[Factory], Factory]:
    """Decorator: register an analyzer factory under ``name``."""

    def wrap(factory: Factory) -> Factory:
        _FACTORIES[name] = factory
        return factory

    return wrap


def create(name: str, settings: Settings) -> Analyzer:
    """Build the analyzer registered as ``name``."""
    if name not in _FACTORIES and name in _BUILTIN_MODULES:
        importlib.import_module(_BUILTIN_MODULES[name])
    try:
        factory = _FACTORIES[name]
    except KeyError:
        known = ", ".join(sorted(set(_FACTORIES) | set(_BUILTIN_MODULES)))
        raise KeyError(f"unknown analyzer '{name}' (known: {known})") from None
    return factory(settings)


def names() -> list[str]:
    return sorted(set(_FACTORIES) | set(_BUILTIN_MODULES))
