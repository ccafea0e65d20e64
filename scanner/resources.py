"""Locate the data that ships with genderscan (lexicons, templates, models).

In a source checkout the data lives at the top level (``lexicons/``,
``reports/``, ``corpus/``) where a domain expert can find and edit it; in an
installed wheel the same folders are packaged as ``scanner/_data/...`` by the
build mapping in ``pyproject.toml``.  Callers never guess paths themselves.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def _locate(name: str) -> Path:
    for candidate in (REPO_DIR / name, PACKAGE_DIR / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"genderscan data folder '{name}' is missing from the installation")


@cache
def lexicon_dir() -> Path:
    """Folder with the rule and check YAML files."""
    return _locate("lexicons")


@cache
def reports_dir() -> Path:
    """Folder with the jinja2 templates and static assets of the HTML report."""
    return _locate("reports")


def corpus_dir() -> Path:
    """Folder with the annotated corpus: the checkout's, else ``./corpus`` of the working directory.

    A wheel does not carry the corpus, but a user who ran ``pip install .``
    in a source checkout and then ``genderscan evaluate`` there means the
    corpus in front of them.  Not cached: it depends on the working directory.
    """
    try:
        return _locate("corpus")
    except FileNotFoundError:
        local = Path.cwd() / "corpus"
        if (local / "documents").is_dir():
            return local
        raise FileNotFoundError(
            "no annotated corpus found: run this in a source checkout or pass --corpus DIR") from None


def model_dir() -> Path:
    """Folder with the shipped classifier model (inside the package)."""
    return PACKAGE_DIR / "models"


def schema_path(name: str) -> Path:
    """Path of a published JSON Schema, e.g. ``output.schema.json``."""
    for candidate in (REPO_DIR / "schemas" / name, PACKAGE_DIR / "_data" / "schemas" / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(name)
