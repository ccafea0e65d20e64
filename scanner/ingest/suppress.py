"""Inline suppression comments in Markdown and text drafts.

CI users silence a reviewed finding in the draft itself, as linters do
(``# noqa``, ``eslint-disable-next-line``)::

    <!-- genderscan-disable-next-line breadwinner household-unit -->
    <!-- genderscan-disable breadwinner --> ... <!-- genderscan-enable -->

In ``.txt`` files the same words may follow a ``#``.  The comment lines are
removed from the text; readers attach the marks to blocks and
:func:`scanner.ingest.build.assemble` turns them into offset ranges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count
from typing import Any

_HTML = re.compile(r"^\s*<!--\s*genderscan-(disable-next-line|disable|enable)\b(.*?)-->\s*$", re.I)
_HASH = re.compile(r"^\s*#\s*genderscan-(disable-next-line|disable|enable)\b(.*)$", re.I)
_IDS = re.compile(r"[A-Za-z0-9_.:-]+")


def parse_comment(line: str, hash_comments: bool = False) -> tuple[str, list[str]] | None:
    """("disable-next-line" | "disable" | "enable", rules) when ``line`` is a directive."""
    match = _HTML.match(line) or (_HASH.match(line) if hash_comments else None)
    if not match:
        return None
    return match.group(1).lower(), _IDS.findall(match.group(2))


@dataclass
class SuppressionState:
    """Tracks open directives while a reader walks the lines of a file."""

    pending: list[dict[str, Any]] = field(default_factory=list)  # for the next block
    active: dict[str, Any] | None = None  # open disable ... enable region
    _groups: Any = field(default_factory=count)

    def directive(self, kind: str, rules: list[str], line: int) -> None:
        if kind == "disable-next-line":
            self.pending.append({"rules": rules, "line": line, "group": ("next", next(self._groups))})
        elif kind == "disable":
            self.active = {"rules": rules, "line": line, "group": ("region", next(self._groups))}
        else:
            self.active = None

    def marks_for_block(self) -> list[dict[str, Any]]:
        """Marks that apply to the block that starts now (consumes pending marks)."""
        marks = self.pending
        self.pending = []
        if self.active is not None:
            marks = marks + [self.active]
        return marks
