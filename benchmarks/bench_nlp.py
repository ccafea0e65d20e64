"""Words per second of ``scanner.nlp.segment`` on the seed texts.

Why: the whole scan must reach 50,000 words/s on one process, so
segmentation alone should stay well above 200,000 words/s.  Prints numbers,
asserts nothing (timings belong in benchmarks, not in tests).

    python benchmarks/bench_nlp.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scanner.model import Block, Document  # noqa: E402
from scanner.nlp import get_nlp, pipeline_info, segment  # noqa: E402

SEEDS = REPO.parent / "shared" / "seeds"


def plain_document(path: Path) -> Document:
    """A Document with one paragraph block per blank-line-separated chunk."""
    text = path.read_text(encoding="utf-8")
    blocks: list[Block] = []
    pos = 0
    for chunk in text.split("\n\n"):
        start, end = pos, pos + len(chunk)
        if chunk.strip():
            blocks.append(Block(start, end, 1, "paragraph", line=text.count("\n", 0, start) + 1))
        pos = end + 2
    return Document(str(path), "text", text, blocks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        print(f"skipped: no seed texts in {SEEDS}")
        return 0
    docs = [plain_document(p) for p in files]
    words = sum(len(d.text.split()) for d in docs)
    t0 = time.perf_counter()
    get_nlp()
    load = time.perf_counter() - t0
    segment(docs[0])  # warm-up
    best = best_cpu = float("inf")
    count = 0
    for _ in range(args.repeat):
        from scanner import nlp as module  # fresh caches give the cold-cache figure
        module.lemmatize_word.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        count = sum(len(segment(d)) for d in docs)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    print(f"pipeline: {pipeline_info()}")
    print(f"load: {load:.2f} s; {len(docs)} documents, {words} words, {count} segments")
    print(f"segment: {best:.3f} s wall -> {words / best:,.0f} words/s; "
          f"{best_cpu:.3f} s CPU -> {words / best_cpu:,.0f} words/s "
          f"(best of {args.repeat}, lemma cache cleared; wall time suffers when the machine is busy)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
