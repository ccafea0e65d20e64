"""Inter-annotator agreement: a blind second annotation against the corpus labels.

Usage:
    python scripts/agreement.py [corpus/audits/2026-11-29-agreement-sample.json] [--model]

Why: the classifier's test F1 only means something next to how well two
annotators agree on the same sentences.  If they barely agree, a low F1 is
label noise; if they agree closely, the gap is the model's.  The sample file
holds the second annotator's labels for whole documents; this script prints,
per label, the second annotation scored against the corpus (precision,
recall, F1 with the corpus as reference) and Cohen's kappa, and with
``--model`` the shipped system, as a scan reports it, on the same sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scanner import classifier as C  # noqa: E402

DEFAULT = REPO / "corpus" / "audits" / "2026-11-29-agreement-sample.json"


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Chance-corrected agreement of two binary annotations."""
    observed = float((a == b).mean())
    expected = float(a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean()))
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--model", action="store_true", help="also score the shipped model on the same sentences")
    args = parser.parse_args(argv)

    sample = json.loads(args.sample.read_text(encoding="utf-8"))
    docs = {d.name: d for d in C.load_corpus(REPO / "corpus")}
    missing = [name for name in sample["documents"] if name not in docs]
    if missing:
        print(f"{args.sample}: documents not in the corpus: {missing[:3]}", file=sys.stderr)
        return 1
    rows = [r for name in sample["documents"] for r in docs[name].rows]
    unlabelled = [r["id"] for r in rows if r["id"] not in sample["labels"]]
    if unlabelled:
        print(f"{args.sample}: {len(unlabelled)} sentences without a second label, e.g. {unlabelled[0]}", file=sys.stderr)
        return 1
    labels = list(C.LABELS)
    gold = C.label_matrix(rows, labels)
    second = np.array([[lab in sample["labels"][r["id"]] for lab in labels] for r in rows], dtype=bool)
    system = None
    if args.model:
        clf = C.load_model()
        X, flagged = C.featurize(C.sentences_for(rows))
        proba = clf.predict_proba_X(X, [name for name in sample["documents"] for _ in docs[name].rows])
        lex = C.lexicon_matrix(flagged, clf.labels)
        combined = clf.combine(lex, proba)  # what a scan reports
        system = {lab: combined[:, j] for j, lab in enumerate(clf.labels)}

    print(f"{len(rows)} sentences in {len(sample['documents'])} documents")
    header = f"{'label':22} {'corpus':>6} {'second':>6} {'P':>6} {'R':>6} {'F1':>6} {'kappa':>6}"
    print(header + (f" {'system F1':>9}" if system else ""))
    for j, lab in enumerate(labels):
        p, r, f, n = C.prf(gold[:, j], second[:, j])
        line = (f"{lab:22} {n:6d} {int(second[:, j].sum()):6d} {100 * p:6.1f} {100 * r:6.1f} {100 * f:6.1f}"
                f" {cohen_kappa(gold[:, j], second[:, j]):6.2f}")
        if system and lab in system:
            line += f" {100 * C.prf(gold[:, j], system[lab])[2]:9.1f}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
