"""Sentence-boundary quality of ``scanner.nlp.segment`` on a hand-written gold set.

The gold files (tests/data/segmentation/*.txt, format in its README.md) hold
one segment per line.  We rebuild a Document from them twice: sentences of a
paragraph joined by single spaces ("flat"), and the same text re-wrapped at
60 columns so newlines fall inside sentences like in extracted PDF text
("wrapped").  Replacing a space by a newline keeps every offset, so the gold
boundaries are the same in both variants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scanner.model import Block, Document
from scanner.nlp import segment
from scanner.normalize import fold

GOLD_DIR = Path(__file__).parent / "data" / "segmentation"
GOLD_FILES = sorted(GOLD_DIR.glob("*.txt"))
PREFIX_KIND = {"# ": "heading", "* ": "list-item", "| ": "table-row"}
MIN_F1 = 0.95


@dataclass
class GoldBlock:
    kind: str
    segments: list[tuple[str, bool]] = field(default_factory=list)  # (text, starts on new line)


@dataclass
class Gold:
    document: Document
    starts: set[int]  # every gold segment start
    inner: set[int]  # starts that are not a block start (the hard ones)


def parse_gold(path: Path) -> list[GoldBlock]:
    """Blocks and their gold segments from one gold file."""
    blocks: list[GoldBlock] = []
    current: GoldBlock | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if line.startswith(";;"):
            continue
        if not line:
            current = None
            continue
        kind = PREFIX_KIND.get(line[:2])
        if kind:
            current = GoldBlock(kind)
            blocks.append(current)
            current.segments.append((line[2:].strip(), False))
            continue
        newline = line.startswith("> ")
        text = line[2:].strip() if newline else line.strip()
        if current is None or current.kind in ("heading", "table-row"):
            current = GoldBlock("paragraph")
            blocks.append(current)
        current.segments.append((text, newline))
    return blocks


def wrap(text: str, width: int = 60) -> str:
    """Replace spaces by newlines so no line is longer than ``width`` (same length)."""
    chars = list(text)
    column = 0
    last_space = -1
    for i, ch in enumerate(chars):
        if ch == "\n":
            column, last_space = 0, -1
            continue
        if ch == " ":
            last_space = i
        column += 1
        if column > width and last_space >= 0:
            chars[last_space] = "\n"
            column = i - last_space
            last_space = -1
    return "".join(chars)


def build(path: Path, wrapped: bool) -> Gold:
    """A Document (blocks joined by blank lines) plus the gold segment starts."""
    parts: list[str] = []
    blocks: list[Block] = []
    starts: set[int] = set()
    inner: set[int] = set()
    pos = 0
    for index, gold_block in enumerate(parse_gold(path)):
        if parts:
            parts.append("\n\n")
            pos += 2
        block_start = pos
        pieces: list[str] = []
        for k, (text, newline) in enumerate(gold_block.segments):
            if k:
                pieces.append("\n" if newline else " ")
                pos += 1
            starts.add(pos)
            if k:
                inner.add(pos)
            pieces.append(text)
            pos += len(text)
        body = "".join(pieces)
        if wrapped and gold_block.kind == "paragraph":
            body = wrap(body)
        parts.append(body)
        page = 1 + index // 12
        blocks.append(Block(block_start, pos, page, gold_block.kind))  # line filled in below
    text = "".join(parts)
    for block in blocks:
        block.line = text.count("\n", 0, block.start) + 1
    return Gold(Document(str(path), "text", text, blocks, pages=blocks[-1].page), starts, inner)


def prf(predicted: set[int], gold: set[int]) -> tuple[float, float, float]:
    hit = len(predicted & gold)
    p = hit / len(predicted) if predicted else 1.0
    r = hit / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(wrapped: bool) -> dict[str, float]:
    """Micro-averaged boundary scores over all gold files; prints the errors."""
    pred_all, gold_all, pred_inner, gold_inner = set(), set(), set(), set()
    for n, path in enumerate(GOLD_FILES):
        gold = build(path, wrapped)
        sentences = segment(gold.document)
        block_starts = gold.starts - gold.inner
        predicted = {s.start for s in sentences}
        text = gold.document.text
        for offset in sorted(predicted ^ gold.starts):
            label = "spurious" if offset in predicted else "missed"
            print(f"{path.name} {label}: ...{text[max(0, offset - 40):offset]!r} | {text[offset:offset + 30]!r}")
        base = n * 1_000_000  # keep offsets of different files apart
        pred_all |= {base + o for o in predicted}
        gold_all |= {base + o for o in gold.starts}
        pred_inner |= {base + o for o in predicted - block_starts}
        gold_inner |= {base + o for o in gold.inner}
    p, r, f = prf(pred_all, gold_all)
    pi, ri, fi = prf(pred_inner, gold_inner)
    variant = "wrapped" if wrapped else "flat"
    print(f"[{variant}] {len(gold_all)} gold segments: P={p:.3f} R={r:.3f} F1={f:.3f}; "
          f"inside blocks ({len(gold_inner)} boundaries): P={pi:.3f} R={ri:.3f} F1={fi:.3f}")
    return {"f1": f, "inner_f1": fi, "segments": len(gold_all)}


def test_gold_set_is_big_enough() -> None:
    total = sum(len(s.segments) for p in GOLD_FILES for s in parse_gold(p))
    assert total >= 150


@pytest.mark.parametrize("wrapped", [False, True], ids=["flat", "wrapped"])
def test_boundary_f1(wrapped: bool) -> None:
    scores = evaluate(wrapped)
    assert scores["f1"] >= MIN_F1
    assert scores["inner_f1"] >= 0.90


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("wrapped", [False, True], ids=["flat", "wrapped"])
def test_accounting_and_fields(path: Path, wrapped: bool) -> None:
    gold = build(path, wrapped)
    document = gold.document
    sentences = segment(document)
    assert "".join(document.text.split()) == "".join("".join(s.text.split()) for s in sentences)
    assert [s.id for s in sentences] == list(range(len(sentences)))
    kinds = {b.start: b for b in document.blocks}
    for s in sentences:
        assert s.text == document.text[s.start:s.end] == s.text.strip()
        assert s.line == document.text.count("\n", 0, s.start) + 1
        block = next(b for b in document.blocks if b.start <= s.start < b.end)
        assert s.kind == block.kind and s.page == block.page
        assert len(s.tokens) == len(s.lemmas) == len(s.token_offsets)
        assert [fold(document.text[a:b]) for a, b in s.token_offsets] == s.tokens
        assert s.token_offsets == sorted(s.token_offsets)
        assert all(s.start <= a < b <= s.end for a, b in s.token_offsets)
    # heading and table-row blocks are exactly one segment each
    for start, block in kinds.items():
        if block.kind in ("heading", "table-row"):
            inside = [s for s in sentences if block.start <= s.start < block.end]
            assert len(inside) == 1
