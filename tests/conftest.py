"""Shared test fixtures.

Real documents and seeds live in ``../shared`` beside the checkout (never
copied into the repository); tests that need them skip cleanly when absent.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE_PDF = REPO / "examples" / "beleidsplan-werk-en-participatie.pdf"


def shared_file(*parts: str) -> Path:
    """Path to a file in ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not available")
    return path


@pytest.fixture
def shared():
    return shared_file


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@functools.cache
def load_script(name: str):
    """``scripts/<name>.py`` as a module, loaded once: tests exercise the scripts' own functions.

    Registered in ``sys.modules`` before it runs, so dataclasses and pickling-free
    helpers defined in the script can find their module.
    """
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


def load_robustness_script():
    """``scripts/robustness_run.py`` as a module: the tests and the table share its checks."""
    return load_script("robustness_run")
