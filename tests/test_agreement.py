"""The blind second annotation in corpus/audits: complete, and in agreement with the corpus labels."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import REPO, load_script
from scanner.classifier import CORE_LABELS, label_matrix, load_corpus


def _script():
    """``scripts/agreement.py`` as a module, loaded once."""
    return load_script("agreement")


@pytest.fixture(scope="module")
def sample():
    return json.loads(_script().DEFAULT.read_text(encoding="utf-8"))


def test_cohen_kappa_is_one_for_identical_and_zero_for_chance():
    kappa = _script().cohen_kappa
    a = np.array([1, 0, 1, 0, 0, 1], dtype=bool)
    assert kappa(a, a) == pytest.approx(1.0)
    assert kappa(np.array([1, 1, 0, 0], dtype=bool), np.array([1, 0, 1, 0], dtype=bool)) == pytest.approx(0.0)


def test_sample_labels_every_sentence_of_its_documents(sample):
    docs = {d.name: d for d in load_corpus(REPO / "corpus")}
    ids = {r["id"] for name in sample["documents"] for r in docs[name].rows}
    assert ids == set(sample["labels"]), "second annotation must cover exactly the sampled documents"


def test_core_labels_agree_with_the_second_annotator(sample):
    """A label edit that breaks the guide's consistency shows up here as lost agreement."""
    docs = {d.name: d for d in load_corpus(REPO / "corpus")}
    rows = [r for name in sample["documents"] for r in docs[name].rows]
    gold = label_matrix(rows, CORE_LABELS)
    kappa = _script().cohen_kappa
    for j, label in enumerate(CORE_LABELS):
        second = np.array([label in sample["labels"][r["id"]] for r in rows])
        assert kappa(gold[:, j], second) >= 0.8, label


def test_script_prints_a_row_per_label(capsys):
    assert _script().main([]) == 0
    out = capsys.readouterr().out
    for label in CORE_LABELS:
        assert label in out
