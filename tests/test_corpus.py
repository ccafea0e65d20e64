"""The annotated corpus: format, size, balance, and that it is our own text."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, SHARED, shared_file
from scanner.classifier import CORE_LABELS, HARD_NEGATIVE_KINDS, LABELS, corpus_splits, load_corpus, read_split_ledger
from scanner.normalize import normalise_sentence

CORPUS = REPO / "corpus"
ID = re.compile(r"^(?P<stem>[A-Z]\d{3}-[a-z0-9-]+):(?P<n>\d{4})$")


@pytest.fixture(scope="module")
def docs():
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def rows(docs):
    return [r for d in docs for r in d.rows]


def test_every_line_is_a_valid_record():
    for path in sorted((CORPUS / "documents").glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines, f"{path.name} is empty"
        for n, line in enumerate(lines):
            rec = json.loads(line)
            assert set(rec) == {"id", "text", "labels", "hard_negative"}, path.name
            m = ID.match(rec["id"])
            assert m and m["stem"] == path.stem and int(m["n"]) == n, f"{path.name}:{n} bad id {rec['id']}"
            assert rec["text"].strip() == rec["text"] and rec["text"], rec["id"]
            assert set(rec["labels"]) <= set(LABELS), rec["id"]
            assert len(set(rec["labels"])) == len(rec["labels"]), rec["id"]
            assert rec["hard_negative"] in (None, *HARD_NEGATIVE_KINDS), rec["id"]
            assert not (rec["hard_negative"] and rec["labels"]), f"{rec['id']}: a hard negative has no labels"


def test_corpus_is_large_enough(docs, rows):
    counts = Counter(lab for r in rows for lab in r["labels"])
    hard = sum(r["hard_negative"] is not None for r in rows)
    assert len(rows) >= 1500, f"only {len(rows)} sentences"
    for lab in CORE_LABELS:
        assert counts[lab] >= 150, f"only {counts[lab]} positives for {lab}"
    assert hard >= 500, f"only {hard} hard negatives"


def test_writer_a_share(docs):
    mine = [d for d in docs if d.name.startswith("A")]
    assert len(mine) >= 25
    assert sum(len(d.rows) for d in mine) >= 600


def test_no_duplicate_sentences(rows):
    seen: dict[str, str] = {}
    for r in rows:
        key = normalise_sentence(r["text"])
        if len(key.split()) < 6:  # short headings ("Financiën", "Artikel 3 Ontheffing") recur by nature
            continue
        assert key not in seen, f"{r['id']} duplicates {seen[key]}"
        seen[key] = r["id"]


def _folded_texts(folder: Path) -> list[str]:
    return [normalise_sentence(p.read_text(encoding="utf-8", errors="ignore"))
            for p in sorted(folder.glob("*.txt"))]


@pytest.mark.parametrize("folder", ["seeds", "realdocs"])
def test_no_sentence_copied_from_shared_documents(rows, folder):
    shared_file(folder)
    sources = _folded_texts(SHARED / folder)
    for r in rows:
        key = normalise_sentence(r["text"])
        if len(key) < 40:  # headings like "Artikel 1 Begripsbepalingen" may coincide
            continue
        assert not any(key in src for src in sources), f"{r['id']} is copied from {folder}"


def test_split_is_by_document_and_balanced(docs):
    splits = corpus_splits(CORPUS, docs)
    assert splits == corpus_splits(CORPUS, list(reversed(docs))), "split must not depend on file order"
    assert set(splits) == {d.name for d in docs}
    assert set(splits.values()) == {"train", "dev", "test"}
    per = {s: Counter() for s in ("train", "dev", "test")}
    for d in docs:
        per[splits[d.name]].update(lab for r in d.rows for lab in r["labels"])
    for split in ("dev", "test"):
        for lab in CORE_LABELS:
            assert per[split][lab] >= 10, f"{split} has only {per[split][lab]} {lab} positives"


def test_split_ledger_records_every_document(docs):
    """`genderscan train` writes the split of every document; an unrecorded one means a stale ledger."""
    ledger = read_split_ledger(CORPUS)
    missing = sorted(d.name for d in docs if d.name not in ledger)
    assert not missing, f"not in corpus/splits.json (run `genderscan train`): {missing[:5]}"


def test_audit_logs_name_real_sentences_and_labels(rows):
    """Every label correction in ``corpus/audits/`` names an existing sentence, valid labels and a reason."""
    by_id = {r["id"]: r for r in rows}
    logs = sorted((CORPUS / "audits").glob("*.jsonl"))
    assert logs, "no audit log in corpus/audits"
    for log in logs:
        for n, line in enumerate(log.read_text(encoding="utf-8").splitlines(), 1):
            entry = json.loads(line)
            where = f"{log.name}:{n}"
            assert entry["id"] in by_id, f"{where}: unknown sentence {entry['id']}"
            assert set(entry["before"]) | set(entry["after"]) <= set(LABELS), where
            assert set(entry["before"]) != set(entry["after"]), f"{where}: records no change"
            assert entry["reason"].strip(), f"{where}: no reason"
            assert by_id[entry["id"]]["hard_negative"] is None, f"{where}: a hard negative has no labels to audit"
