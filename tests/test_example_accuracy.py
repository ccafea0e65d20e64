"""Accuracy of the lexicon rules and checks on the bundled examples, per the answer key.

``examples/PLANTED.md`` lists every planted passage with what it must (or must
not) trigger.  A consultant stops trusting a tool that flags a sentence which
criticises the stereotype it names, so precision is asserted as strictly as
recall: no finding at all on a "must not flag" row.  The rules are measured
alone (no classifier), on the Markdown source and on the PDF built from it,
whose two-column pages and line-end hyphens must not cost recall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from scanner.config import Settings
from scanner.model import DocumentResult
from scanner.normalize import fold
from scanner.pipeline import scan_document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLANTED = EXAMPLES / "PLANTED.md"
PLAN_MD = EXAMPLES / "beleidsplan-werk-en-participatie.md"
PLAN_PDF = EXAMPLES / "beleidsplan-werk-en-participatie.pdf"
NOTE = EXAMPLES / "concept-notitie-re-integratie.md"
MIN_RECALL = 0.9


@dataclass(frozen=True)
class Row:
    file: str  # "plan" | "notitie"
    start: str
    intended: str

    @property
    def must_flag(self) -> str | None:
        """Main category that must be found, or None for other kinds of rows."""
        if self.intended.startswith(("must not", "optional", "evidence")):
            return None
        return self.intended.split("+")[0].strip()

    @property
    def must_not_flag(self) -> bool:
        return self.intended.startswith("must not flag")


def planted_rows() -> list[Row]:
    """The sentence rows of every answer-key table (5 cells, first one the file)."""
    rows = []
    for line in PLANTED.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in {"plan", "notitie"}:
            rows.append(Row(cells[0], cells[2], cells[3]))
    return rows


def expected_checks(heading: str) -> dict[str, str]:
    """check id -> expected status from the "Expected document-level checks" table after ``heading``."""
    text = PLANTED.read_text(encoding="utf-8")
    part = text[text.index(heading):]
    out = {}
    for line in part.splitlines()[1:]:
        if line.startswith("## "):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1] in {"pass", "fail", "not-applicable"}:
            out[re.sub(r"\s*[¹²³]$", "", cells[0])] = cells[1]
    return out


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text).lower()).split())


@lru_cache(maxsize=None)
def scanned(path: Path, analyzers: tuple[str, ...]) -> DocumentResult:
    return scan_document(path, Settings(analyzers=list(analyzers)))


def categories_by_sentence(result: DocumentResult) -> dict[int, set[str]]:
    """Categories per sentence id; an aggregated finding counts for every sentence it covers."""
    out: dict[int, set[str]] = {}
    for f in result.findings:
        ids = {f.sentence}
        for line in f.explanation:
            if line.startswith("sentences: "):
                ids |= {int(x) for x in line[len("sentences: "):].split(", ")}
        for sid in ids:
            out.setdefault(sid, set()).add(f.category)
    return out


def locate(result: DocumentResult, start: str) -> list[int]:
    key = _norm(start)
    return [s.id for s in result.sentences if key in _norm(s.text)]


def measure(path: Path, file: str) -> tuple[list[str], list[str], list[str], int]:
    """(missed, false positives, rows not found, number of must-flag rows) for one document."""
    result = scanned(path, ("rules",))
    cats = categories_by_sentence(result)
    missed, wrong, lost, total = [], [], [], 0
    for row in (r for r in planted_rows() if r.file == file):
        ids = locate(result, row.start)
        if not ids:
            lost.append(row.start)
            continue
        found = set().union(*(cats.get(i, set()) for i in ids))
        if row.must_flag:
            total += 1
            if row.must_flag not in found:
                missed.append(f"{row.must_flag}: {row.start}")
        elif row.must_not_flag and found:
            wrong.append(f"{sorted(found)}: {row.start}")
    return missed, wrong, lost, total


def test_answer_key_has_rows_of_both_kinds() -> None:
    rows = planted_rows()
    assert sum(1 for r in rows if r.file == "plan" and r.must_flag) >= 20
    assert sum(1 for r in rows if r.file == "plan" and r.must_not_flag) >= 10
    assert expected_checks("Expected document-level checks for the plan")


@pytest.mark.parametrize(("path", "file"), [(PLAN_MD, "plan"), (PLAN_PDF, "plan"), (NOTE, "notitie")],
                         ids=["plan-md", "plan-pdf", "note-md"])
def test_rules_recall_and_precision_on_the_answer_key(path: Path, file: str) -> None:
    missed, wrong, lost, total = measure(path, file)
    assert not lost, f"answer-key sentences not found in {path.name}: {lost}"
    assert total, "no must-flag rows"
    recall = (total - len(missed)) / total
    assert recall >= MIN_RECALL, f"recall {recall:.2f} < {MIN_RECALL}; missed: {missed}"
    assert not wrong, f"findings on must-not-flag sentences: {wrong}"


@pytest.mark.parametrize("path", [PLAN_MD, PLAN_PDF], ids=["md", "pdf"])
def test_plan_checks_match_the_answer_key(path: Path) -> None:
    result = scanned(path, ("rules", "checks"))
    status = {c.id: c.status for c in result.checks}
    expected = expected_checks("Expected document-level checks for the plan")
    wrong = {cid: (status.get(cid), want) for cid, want in expected.items() if status.get(cid) != want}
    assert not wrong, wrong


def test_note_checks_pass_as_the_answer_key_says() -> None:
    result = scanned(NOTE, ("rules", "checks"))
    status = {c.id: c.status for c in result.checks}
    wanted = set(expected_checks("Expected document-level checks for the plan"))
    wanted |= {"no-intersectionality", "norms-and-financial-risk", "economic-independence", "gender-blind-spot"}
    wrong = {cid: status.get(cid) for cid in wanted if status.get(cid) != "pass"}
    assert not wrong, wrong
