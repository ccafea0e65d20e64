"""Helpers shared by the check and rubric tests: turn a short text into sentences."""

from __future__ import annotations

from pathlib import Path

import yaml

from scanner.model import Block, Document, DocumentResult, Sentence

DATA = Path(__file__).resolve().parent / "data" / "checks"
FRAGMENTS = yaml.safe_load((DATA / "_fragments.yml").read_text(encoding="utf-8"))


def sentences_of(text: str) -> list[Sentence]:
    """Segment ``text`` with the real pipeline (one paragraph block per blank-line chunk)."""
    from scanner.nlp import segment

    blocks, pos = [], 0
    for chunk in text.split("\n\n"):
        start = text.find(chunk, pos)
        blocks.append(Block(start, start + len(chunk), 1))
        pos = start + len(chunk)
    return segment(Document(path="t.md", format="text", text=text, blocks=blocks))


def expand(text: str) -> str:
    return text.format(**FRAGMENTS)


def result_of(text: str, path: str = "t.md") -> DocumentResult:
    return DocumentResult(path=path, sentences=sentences_of(expand(text)))


def check_documents() -> list[tuple[str, dict]]:
    """(check id, document) for every test document in tests/data/checks/<check>.yml."""
    out = []
    for path in sorted(DATA.glob("[!_]*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.extend((data["check"], doc) for doc in data["documents"])
    return out
