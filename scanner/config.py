"""Scan settings: defaults, configuration files and command-line overrides.

Settings are plain data (like spaCy's config): a :class:`Settings` is built
from defaults, then ``[tool.genderscan]`` in ``pyproject.toml`` or a
``genderscan.toml``, then command-line flags, in that order of precedence.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from scanner.errors import ConfigError

SUPPORTED_LANGS = ("nl", "en")


@dataclass(slots=True)
class Limits:
    """Guards against hostile or enormous input; each has a CLI flag to raise it."""

    max_file_mb: float = 200.0
    max_pages: int = 2000
    max_chars_per_page: int = 100_000
    max_docx_ratio: float = 100.0  # uncompressed / compressed size of a DOCX
    max_docx_uncompressed_mb: float = 500.0
    timeout_s: float = 600.0  # per document


@dataclass(slots=True)
class Settings:
    lang: str = "nl"
    analyzers: list[str] = field(default_factory=lambda: ["rules", "classifier", "checks", "rubric"])
    categories: dict[str, bool] = field(default_factory=dict)  # id -> enabled (missing = enabled)
    severities: dict[str, str] = field(default_factory=dict)  # rule id or category -> severity
    lexicon_dirs: list[str] = field(default_factory=list)  # extra lexicon folders
    fail_on: str | None = None
    baseline: str | None = None
    set_mode: bool = False
    jobs: int = 1
    ocr: bool = False
    password: str | None = None
    cache_dir: str | None = None
    limits: Limits = field(default_factory=Limits)
    config_path: str | None = None

    def category_enabled(self, category: str) -> bool:
        return self.categories.get(category, True)


_KNOWN = {f.name for f in fields(Settings)} | {"disable", "enable", "exclude"}


def find_config(start: Path) -> Path | None:
    """The nearest ``genderscan.toml`` or ``pyproject.toml`` with a [tool.genderscan] table."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        own = folder / "genderscan.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "genderscan" in data.get("tool", {}):
                return pyproject
    return None


def load_config(path: Path) -> dict[str, Any]:
    """Read the genderscan table of a TOML file; errors name the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table = data.get("tool", {}).get("genderscan") if path.name == "pyproject.toml" else data
    if table is None:
        return {}
    if path.name == "genderscan.toml" and "tool" in table:
        table = table["tool"].get("genderscan", table)
    unknown = sorted(set(table) - _KNOWN - {"limits"})
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s): {', '.join(unknown)}")
    return table


def apply_config(settings: Settings, table: dict[str, Any], origin: Path | None = None) -> Settings:
    """Merge a configuration table into ``settings`` (in place) and return it."""
    base = origin.parent if origin else Path.cwd()
    for key, value in table.items():
        if key == "lexicon_dirs":
            settings.lexicon_dirs.extend(str((base / v).resolve()) for v in value)
        elif key == "disable":
            settings.categories.update({c: False for c in value})
        elif key == "enable":
            settings.categories.update({c: True for c in value})
        elif key == "categories":
            settings.categories.update({str(k): bool(v) for k, v in value.items()})
        elif key == "severities":
            settings.severities.update({str(k): str(v) for k, v in value.items()})
        elif key == "limits":
            for lk, lv in value.items():
                if not hasattr(settings.limits, lk):
                    raise ConfigError(f"{origin}: unknown limit '{lk}'")
                setattr(settings.limits, lk, type(getattr(settings.limits, lk))(lv))
        elif key == "lang":
            if value not in SUPPORTED_LANGS:
                raise ConfigError(f"{origin}: lang must be one of {', '.join(SUPPORTED_LANGS)}")
            settings.lang = value
        elif key != "exclude":
            setattr(settings, key, value)
    if origin:
        settings.config_path = str(origin)
    return settings
