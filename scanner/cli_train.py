"""``genderscan train`` and ``genderscan evaluate``: the classifier's command line.

Kept apart from ``scanner/cli.py`` (argument parsing only) so that the
scikit-learn imports happen only when a user asks for training or evaluation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SYSTEMS = ("lexicon", "classifier", "combined")


def _corpus(args: Any) -> Path:
    from scanner.resources import corpus_dir

    return Path(args.corpus) if getattr(args, "corpus", None) else corpus_dir()


def cmd_train(args: Any) -> int:
    """Train from the corpus, write model + metadata + corpus/splits.json."""
    from scanner import classifier as C
    from scanner.resources import model_dir

    corpus = _corpus(args)
    outcome = C.train(corpus, seed=int(getattr(args, "seed", 13)))
    folder = Path(args.output) if getattr(args, "output", None) else model_dir()
    path = C.save(outcome.classifier, folder)
    splits = {name: outcome.splits[name] for name in sorted(outcome.splits)}
    (corpus / "splits.json").write_text(json.dumps(splits, indent=2) + "\n", encoding="utf-8")
    meta = outcome.classifier.meta
    print(f"model: {path} ({path.stat().st_size / 1e6:.2f} MB)")
    print(f"labels: {', '.join(meta['labels'])}")
    print("thresholds: " + ", ".join(f"{k}={v:.3f}" for k, v in meta["thresholds"].items()))
    if not meta["lexicon_features"]:
        print("warning: rules engine unavailable, trained without lexicon-hit features", file=sys.stderr)
    return 0


def format_table(scores: dict[str, dict[str, tuple]], markdown: bool) -> str:
    """One row per label, P/R/F1 for each system (percentages)."""
    labels = list(next(iter(scores.values())))
    head = ["label", "n"] + [f"{s} {m}" for s in SYSTEMS for m in ("P", "R", "F1")]
    rows = []
    for lab in labels:
        cells = [lab, str(scores["combined"][lab][3])]
        for s in SYSTEMS:
            p, r, f, _ = scores[s][lab]
            cells += [f"{100 * p:.1f}", f"{100 * r:.1f}", f"{100 * f:.1f}"]
        rows.append(cells)
    return _grid(head, rows, markdown)


# Acceptance targets for the combined system (issue 5), per core label.
TARGET_F1 = 0.85
TARGET_RECALL_GAIN = 0.10
TARGET_MAX_PRECISION_DROP = 0.03


def target_rows(scores: dict[str, dict[str, tuple]], labels: list[str],
                intervals: dict[str, tuple[float, float]] | None = None) -> list[list[str]]:
    """Per core label: combined F1 (with its interval), recall gain and precision change against the lexicon, each with yes/no."""
    rows = []
    for lab in labels:
        lp, lr, _, _ = scores["lexicon"][lab]
        cp, cr, cf, _ = scores["combined"][lab]
        gain, drop = cr - lr, cp - lp
        ok = [cf >= TARGET_F1, gain >= TARGET_RECALL_GAIN - 1e-9, drop >= -TARGET_MAX_PRECISION_DROP - 1e-9]
        f1 = f"{100 * cf:.1f}"
        if intervals and lab in intervals:
            low, high = intervals[lab]
            f1 += f" ({100 * low:.1f}–{100 * high:.1f})"
        rows.append([lab, f1, f"{100 * gain:+.1f}", f"{100 * drop:+.1f}", *("yes" if o else "no" for o in ok)])
    return rows


def format_targets(scores: dict[str, dict[str, tuple]], labels: list[str], markdown: bool,
                   intervals: dict[str, tuple[float, float]] | None = None) -> str:
    """The acceptance check: combined F1 >= 85, recall +10 over the lexicon, precision at most 3 lower."""
    f1 = "combined F1 (95 % interval over documents)" if intervals else "combined F1"
    head = ["label", f1, "recall vs lexicon", "precision vs lexicon", "F1 >= 85", "recall +10", "precision -3 at most"]
    return _grid(head, target_rows(scores, labels, intervals), markdown)


def _grid(head: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c) + " |" for c in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    return "\n".join("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
                     for r in [head, *rows])


BEGIN, END = "<!-- evaluate:begin -->", "<!-- evaluate:end -->"


def write_table(path: Path, table: str) -> None:
    """Write the table, or replace it between the markers of an existing document."""
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            tail = rest.split(END, 1)[1]
            path.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")
            return
    path.write_text(table + "\n", encoding="utf-8")


def cmd_evaluate(args: Any) -> int:
    """Score the shipped model on the test split; table to stdout or ``-o``."""
    from scanner import classifier as C

    corpus = _corpus(args)
    try:
        model = C.load_model()
    except C.ModelMissingError as exc:
        print(f"genderscan: {exc}", file=sys.stderr)
        return 2
    docs = C.load_corpus(corpus)
    if model.meta.get("corpus_hash") != C.corpus_hash(docs):
        print("warning: the corpus changed since the model was trained; run `genderscan train`", file=sys.stderr)
    result = C.evaluation(model, corpus, "test")
    scores = result.scores()
    resamples = int(getattr(args, "bootstrap", 0) or 0)
    intervals = result.f1_interval("combined", resamples, int(getattr(args, "seed", 13))) if resamples > 0 else None
    markdown = bool(getattr(args, "markdown", False))
    core = [lab for lab in C.CORE_LABELS if lab in model.labels]
    table = format_table(scores, markdown) + "\n\n" + format_targets(scores, core, markdown, intervals)
    if getattr(args, "output", None):
        write_table(Path(args.output), table)
    print(table)
    return 0
