"""Renderers: a ScanResult in, a string out, one module per format.

Each format module exposes ``render(result, lang="nl", **options) -> str``.
Modules are imported lazily so a JSON scan never loads jinja2.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from scanner.model import ScanResult

FORMATS = ("html", "json", "jsonl", "sarif", "text", "github", "markdown")
_MODULES = {"markdown": "scanner.render.markdown", "jsonl": "scanner.render.jsonl"}
_EXTENSIONS = {
    ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl",
    ".sarif": "sarif", ".md": "markdown", ".markdown": "markdown", ".txt": "text",
}


def format_for_path(path: str | None) -> str | None:
    """The format an output file name implies (``report.html`` -> ``html``)."""
    if not path or path == "-":
        return None
    name = Path(path).name.lower()
    if name.endswith(".sarif.json"):
        return "sarif"
    return _EXTENSIONS.get(Path(name).suffix)


def render(result: ScanResult, fmt: str, lang: str = "nl", **options) -> str:
    """Render ``result`` in format ``fmt`` and language ``lang``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    module = importlib.import_module(_MODULES.get(fmt, f"scanner.render.{fmt}"))
    return module.render(result, lang=lang, **options)
