"""Errors a user can act on.

Every problem with an input file becomes an :class:`IngestError` carrying the
file and a short cause, so the CLI can print exactly one line per bad file
and go on with the rest of the batch (exit code 2 at the end).
"""

from __future__ import annotations


class GenderscanError(Exception):
    """Base class: an error with a message fit for one line on stderr."""


class IngestError(GenderscanError):
    """A document could not be read.

    ``code`` is stable and machine-readable (used in JSON output and tests):
    ``not-found``, ``unsupported``, ``empty``, ``encrypted``, ``corrupt``,
    ``no-text`` (a scan without a text layer), ``too-large``, ``too-many-pages``,
    ``encoding``, ``zip-bomb``, ``timeout``, ``ocr-unavailable``.
    """

    def __init__(self, path: str, code: str, detail: str, hint: str = "") -> None:
        self.path = str(path)
        self.code = code
        self.detail = detail
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}: {self.code}: {self.detail}{hint}"


class RuleFileError(GenderscanError):
    """A lexicon file is malformed; message names the file and line."""

    def __init__(self, path: str, line: int | None, detail: str) -> None:
        self.path = str(path)
        self.line = line
        self.detail = detail
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {detail}")


class ConfigError(GenderscanError):
    """Invalid configuration file or option."""
