"""What the classifier adds on real documents: every classifier-only finding, per file.

Usage:
    python scripts/realtext.py [PATH ...] [--model DIR] [--json]

Why: the test split is fictional text written to the annotation guide.
Real regelingen, statutes and council papers have a register the corpus
only partly covers, and there are no labels for them.  The findings the
classifier makes on its own there are the quickest check that a new corpus
round or model did not start reading ordinary provisions as stereotypes
(round 6 brought the breadwinner and household-unit ones on
``../shared/realdocs`` from 16 to 7).  Paths default to ``../shared/realdocs``;
``--model`` scores with a model trained elsewhere (``genderscan train -o``),
so two models can be compared on the same files before one is shipped.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scanner import classifier as C  # noqa: E402
from scanner.config import Settings  # noqa: E402
from scanner.pipeline import expand_paths, scan_document  # noqa: E402

DEFAULT = REPO.parent / "shared" / "realdocs"


def classifier_only(paths: list[Path], model_dir: Path | None) -> list[dict]:
    """One row per classifier-only finding (and per classifier overrule) in the given files."""
    if model_dir is not None:
        # the analyzer takes the process-wide model; load it from the given folder first
        C._CACHE["model"] = C.load_model(model_dir)
    rows = []
    for path in paths:
        result = scan_document(path, Settings())
        if result.error:
            print(result.error, file=sys.stderr)
            continue
        text = {s.id: s.text for s in result.sentences}
        for f in result.findings:
            if f.origin == "classifier":
                rows.append({"file": path.name, "kind": "finding", "category": f.category,
                             "p": round(float(f.confidence), 3), "text": text.get(f.sentence, "")})
        for f in result.suppressed:
            if str(f.reason or "").startswith("classifier:"):
                rows.append({"file": path.name, "kind": "overruled", "category": f.category,
                             "p": f.reason, "text": text.get(f.sentence, "")})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: ../shared/realdocs)")
    parser.add_argument("--model", type=Path, help="model folder (default: the shipped model)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    targets = args.paths or [DEFAULT]
    missing = [p for p in targets if not p.exists()]
    if missing:
        print(f"realtext: {missing[0]}: no such file or folder", file=sys.stderr)
        return 2
    paths = [p for p in expand_paths(targets) if p.name != "SOURCES.md"]  # the folder's provenance note
    rows = classifier_only(paths, args.model)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    counts = collections.Counter((r["kind"], r["category"]) for r in rows)
    print(f"{len(paths)} files; classifier-only findings: "
          f"{sum(v for (k, _), v in counts.items() if k == 'finding')}, overruled lexicon hits: "
          f"{sum(v for (k, _), v in counts.items() if k == 'overruled')}")
    for (kind, category), n in sorted(counts.items()):
        print(f"  {kind:9} {category:22} {n}")
    for r in rows:
        print(f"{r['file'][:40]:40} {r['kind']:9} {r['category']:20} {r['p']!s:8} {r['text'][:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
