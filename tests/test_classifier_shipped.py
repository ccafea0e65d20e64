"""The shipped model is exactly what `genderscan train` builds from corpus/."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import REPO
from scanner import classifier as C
from scanner.config import Settings
from scanner.nlp import sentence_from_text


@pytest.fixture(scope="module")
def shipped():
    try:
        return C.load_model()
    except C.ModelMissingError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def fresh(shipped):
    return C.train(REPO / "corpus", seed=int(shipped.meta["seed"])).classifier


def test_shipped_model_matches_corpus(shipped):
    docs = C.load_corpus(REPO / "corpus")
    assert shipped.meta["corpus_hash"] == C.corpus_hash(docs), "corpus changed: run `genderscan train`"
    assert shipped.meta["lexicon_hash"] == C.lexicon_hash(), "lexicon changed: run `genderscan train`"


def test_fresh_training_agrees_with_shipped_model(shipped, fresh):
    assert fresh.labels == shipped.labels
    assert fresh.thresholds == shipped.thresholds
    # liblinear with a fixed seed is deterministic and both sides store float32
    # weights, so anything but bit-identical weights means a stale model.
    assert np.array_equal(fresh.coefficients(), shipped.coefficients()), "model differs: run `genderscan train`"
    intercepts = [np.asarray([e.intercept_ for e in m.pipeline.named_steps["clf"].estimators_]) for m in (fresh, shipped)]
    assert np.array_equal(*intercepts)
    assert (fresh.context is None) == (shipped.context is None)
    if shipped.context is not None:
        assert sorted(fresh.context.models) == sorted(shipped.context.models) == shipped.meta["context_labels"]
        assert np.array_equal(fresh.context.knots, shipped.context.knots)
        for lab, model in shipped.context.models.items():
            assert np.allclose(fresh.context.models[lab].coef_, model.coef_, atol=1e-9), lab
    docs = C.load_corpus(REPO / "corpus")
    splits = C.corpus_splits(REPO / "corpus", docs)
    rows = C.split_rows(docs, splits, "test")
    doc_ids = C.split_doc_ids(docs, splits, "test")
    X, _ = C.featurize(C.sentences_for(rows))
    assert np.array_equal(fresh.decide(fresh.predict_proba_X(X, doc_ids)),
                          shipped.decide(shipped.predict_proba_X(X, doc_ids)))


def test_analyzer_flags_a_paraphrase_without_trigger_words(shipped):
    from scanner.model import DocumentResult

    text = "Bij echtparen stelt de consulent alleen voor de partner met de beste kansen een trajectplan op."
    s = sentence_from_text(text)
    s.start, s.end = 0, len(text)
    result = DocumentResult(path="x.md", sentences=[s])
    C.make_classifier_analyzer(Settings())(result)
    found = [f for f in result.findings if f.category == "breadwinner"]
    assert found and found[0].origin in ("classifier", "lexicon")
    assert 0.0 < found[0].confidence <= 1.0
    result2 = DocumentResult(path="x.md", sentences=[s])
    C.make_classifier_analyzer(Settings(categories={"breadwinner": False}))(result2)
    assert not [f for f in result2.findings if f.category == "breadwinner"]
