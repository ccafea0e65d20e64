"""Sentence classifier: splits, tuning, persistence, analyzer merge."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from scanner import classifier as C
from scanner.config import Settings
from scanner.model import DocumentResult, Finding
from scanner.nlp import sentence_from_text

POS = {
    "breadwinner": [
        "Bij echtparen start het traject met de partner die de beste kansen op werk heeft.",
        "De begeleiding van de partner stopt zodra de aanvrager een baan heeft gevonden.",
        "Het plan richt zich eerst op de man, de vrouw volgt later.",
        "Wij begeleiden in ieder gezin de hoofdaanvrager naar werk.",
        "De tweede partner komt pas in beeld als de eerste partner werkt.",
        "Het inkomen van de man is leidend bij de keuze van het traject.",
    ],
    "household-unit": [
        "Ons doel is dat 200 huishoudens de bijstand verlaten.",
        "Het resultaat wordt gemeten per gezin dat uitstroomt.",
        "Per huishouden wordt een plan van aanpak opgesteld.",
        "De indicator is het aantal bijstandsgezinnen dat uitkeringsvrij wordt.",
        "Uitstroom tellen wij per huishouden en niet per persoon.",
        "Het gezin is geslaagd als het geen uitkering meer ontvangt.",
    ],
}
NEG = [
    "De gemeente werkt samen met het UWV en de werkgevers in de regio.",
    "Het participatiebudget bedraagt drie miljoen euro.",
    "Iedere partner krijgt een eigen plan van aanpak, ongeacht wie de beste kansen heeft.",
    "Uitstroom registreren wij per persoon, uitgesplitst naar geslacht.",
    "De verordening treedt in werking op 1 januari.",
    "De cliëntenraad ontvangt de rapportage tegelijk met de raad.",
    "Wij bieden trajecten in zorg, techniek en logistiek aan.",
    "Het college stelt jaarlijks een uitvoeringsplan vast.",
]


def _write_corpus(folder: Path, n_docs: int = 9) -> Path:
    """A small synthetic corpus: enough documents for a three-way split."""
    docs = folder / "documents"
    docs.mkdir(parents=True)
    for d in range(n_docs):
        rows = []
        for lab, texts in POS.items():
            rows += [(f"{t[:-1]} (document {d})." if d else t, [lab]) for t in texts]
        rows += [(f"{t[:-1]} (document {d})." if d else t, []) for t in NEG]
        stem = f"A{d:03d}-test-doc{d}"
        with (docs / f"{stem}.jsonl").open("w", encoding="utf-8") as fh:
            for i, (text, labels) in enumerate(rows):
                fh.write(json.dumps({"id": f"{stem}:{i:04d}", "text": text, "labels": labels,
                                     "hard_negative": None}, ensure_ascii=False) + "\n")
    return folder


def test_prf_counts():
    y = np.array([1, 1, 0, 0, 1], dtype=bool)
    pred = np.array([1, 0, 1, 0, 1], dtype=bool)
    p, r, f, n = C.prf(y, pred)
    assert (round(p, 3), round(r, 3), n) == (0.667, 0.667, 3)
    assert f == pytest.approx(2 * p * r / (p + r))
    assert C.prf(y, np.zeros(5, dtype=bool))[:3] == (0.0, 0.0, 0.0)


def test_tune_thresholds_keeps_precision_close_to_lexicon():
    y = np.array([[1], [1], [1], [0], [0]], dtype=bool)
    lex = np.array([[1], [0], [0], [0], [0]], dtype=bool)
    proba = np.array([[0.9], [0.8], [0.3], [0.35], [0.1]])
    t = C.tune_thresholds(proba, y, lex, ["x"])["x"]
    # 0.30 would catch all three positives but also the negative at 0.35
    assert 0.35 < t <= 0.8


def test_tune_thresholds_never_goes_below_the_floor():
    # on this dev data 0.2 would give perfect F1, but scans must not report below the floor
    y = np.array([[1], [1], [0], [0]], dtype=bool)
    lex = np.zeros((4, 1), dtype=bool)
    proba = np.array([[0.25], [0.22], [0.1], [0.05]])
    t = C.tune_thresholds(proba, y, lex, ["x"])["x"]
    assert t >= C.MIN_THRESHOLD == 0.5


def test_split_is_deterministic_and_covers_all(tmp_path):
    docs = C.load_corpus(_write_corpus(tmp_path))
    splits = C.assign_splits(docs)
    assert splits == C.assign_splits(docs[::-1])
    assert set(splits) == {d.name for d in docs}
    assert set(splits.values()) == {"train", "dev", "test"}


def test_split_ledger_is_append_only(tmp_path):
    """Adding documents never moves a recorded one: a test document must stay unseen."""
    docs = C.load_corpus(_write_corpus(tmp_path, n_docs=12))
    first = C.assign_splits(docs[:9])
    flipped = {name: ("train" if split == "test" else "test") for name, split in first.items()}
    again = C.assign_splits(docs, flipped)
    assert all(again[name] == flipped[name] for name in flipped)
    assert set(again) == {d.name for d in docs}
    (tmp_path / C.SPLITS_FILE).write_text(json.dumps(flipped), encoding="utf-8")
    assert C.corpus_splits(tmp_path, docs) == again
    assert C.read_split_ledger(tmp_path / "nowhere") == {}


def test_lemma_text_is_normalised():
    text = C.lemma_text(sentence_from_text("In 2025 stromen 300 Huishoudens uit, o.a. naar financiële banen."))
    assert "," not in text and "2025" not in text and "0000" in text
    assert "huishouden" in text.split() and "financieel" in text or "financiele" in text


def test_train_save_load_roundtrip(tmp_path):
    corpus = _write_corpus(tmp_path / "corpus")
    outcome = C.train(corpus, seed=3)
    clf = outcome.classifier
    assert set(clf.labels) == {"breadwinner", "household-unit"}
    assert all(0.0 < t < 1.0 for t in clf.thresholds.values())
    C.save(clf, tmp_path / "model")
    again = C.load_model(tmp_path / "model")
    sents = [sentence_from_text(t) for t in NEG + POS["breadwinner"]]
    assert np.allclose(clf.predict_proba(sents), again.predict_proba(sents), atol=1e-6)
    assert again.meta["corpus_hash"] == C.corpus_hash(C.load_corpus(corpus))
    # a second training run is identical
    twice = C.train(corpus, seed=3).classifier
    assert np.array_equal(twice.coefficients(), clf.coefficients())
    assert twice.thresholds == clf.thresholds


def test_load_refuses_untrusted_types(tmp_path):
    from collections import Counter

    import skops.io as sio

    folder = tmp_path / "model"
    folder.mkdir()
    sio.dump({"x": Counter(a=1)}, folder / C.MODEL_FILE)  # a type we never list as trusted
    (folder / C.META_FILE).write_text(json.dumps({"labels": [], "thresholds": {}}))
    with pytest.raises(Exception, match="[Uu]ntrusted"):
        C.load_model(folder)


def test_missing_model_says_how_to_build_it(tmp_path):
    with pytest.raises(C.ModelMissingError, match="genderscan train"):
        C.load_model(tmp_path)


def _result(texts: list[str]) -> DocumentResult:
    sentences = []
    offset = 0
    for i, t in enumerate(texts):
        s = sentence_from_text(t, id=i)
        s.start, s.end = offset, offset + len(t)
        offset += len(t) + 1
        sentences.append(s)
    return DocumentResult(path="x.md", sentences=sentences)


def test_merge_keeps_one_finding_per_sentence_and_category():
    result = _result(["Het traject richt zich op de partner met de beste kansen."])
    s = result.sentences[0]
    lexicon = Finding(rule="breadwinner.x", category="breadwinner", severity="high", sentence=0,
                      start=s.start, end=s.end, text=s.text, message="m", suggestion="s", source="src",
                      confidence=0.7)
    result.findings.append(lexicon)
    existing = {(f.sentence, f.category): f for f in result.findings}
    C.merge_into(result, existing, s, "breadwinner", 0.91, ["kans"], Settings())
    assert len(result.findings) == 1 and result.findings[0].origin == "lexicon"
    assert lexicon.confidence == pytest.approx(0.91)
    assert any("classifier" in e for e in lexicon.explanation)
    C.merge_into(result, existing, s, "household-unit", 0.8, ["gezin"], Settings(lang="en"))
    added = result.findings[1]
    assert (added.origin, added.rule, added.start, added.end) == ("classifier", "classifier.household-unit", s.start, s.end)
    assert added.message == added.i18n["en"]["message"] and added.i18n["nl"]["message"] != added.message
    assert added.fingerprint.startswith("classifier.household-unit:") and len(added.fingerprint.split(":")[1]) == 16
    assert added.explanation == ["gezin"] and added.source


def test_category_texts_cover_every_label_in_both_languages():
    texts = C.category_texts()
    for lab in C.LABELS:
        for lang in ("nl", "en"):
            assert all(texts[lab][lang][k] for k in ("message", "rationale", "suggestion")), (lab, lang)
        assert texts[lab]["source"] and texts[lab]["severity"] in ("high", "medium", "low", "info")


def test_cue_features_mark_stance_words():
    """Stance cues reach the model for every sentence, not only where the lexicon hits."""
    critique = sentence_from_text("Wij willen voorkomen dat klantmanagers van stereotiepe beelden uitgaan.")
    plain = sentence_from_text("Het college stelt jaarlijks een uitvoeringsplan vast.")
    X, _ = C.featurize([critique, plain])
    assert X.shape == (2, C.FEATURE_COLUMNS)
    assert "cue:critique" in X[0, 2].split()
    assert "cue:critique" not in X[1, 2].split()


def test_stance_block_reads_words_under_a_negation():
    """An abolished rule gets its words again as "neg:<lemma>"; a plain rule gets none."""
    rule = sentence_from_text("Het traject van de partner wordt beëindigd als het gezin uitstroomt.")
    abolished = sentence_from_text("Het traject van de partner wordt voortaan niet meer beëindigd als het gezin uitstroomt.")
    quoted = sentence_from_text("Volgens de rekenkamer wordt het traject van de partner beëindigd.")
    X, _ = C.featurize([rule, abolished, quoted])
    assert X[0, 3] == ""
    neg = X[1, 3].split()
    assert "neg:partner" in neg and all(t.startswith("neg:") for t in neg)
    assert len(neg) == len(X[1, 0].split())  # every lemma once per stance
    assert "attr:partner" in X[2, 3].split()


def test_stance_tokens_are_one_copy_per_stance():
    assert C.stance_tokens("a b", ["negation", "abolition", "critique", "women"]) == "crit:a crit:b neg:a neg:b"
    assert C.stance_tokens("a b", []) == ""


def test_unseen_ngrams_do_not_dilute_known_ones():
    """A sentence padded with words never seen in training keeps the weight of its known n-grams."""
    rows = [{"text": t, "labels": [lab]} for lab, texts in POS.items() for t in texts]
    rows += [{"text": t, "labels": []} for t in NEG]
    clf = C.SentenceClassifier.fit(rows, seed=3)
    known = "Per huishouden wordt een plan van aanpak opgesteld."
    padded = "Per huishouden wordt een plan van aanpak opgesteld, zegt xyzzyq plughwort qwrtzx."
    X, _ = C.featurize([sentence_from_text(known), sentence_from_text(padded)])
    word_block = clf.pipeline.named_steps["features"].output_indices_["word"]
    rows_t = clf.transform(X)[:, word_block].toarray()
    # unseen words add no feature weight at all, so the known n-grams are not shrunk by the L2 norm
    assert np.count_nonzero(rows_t[1]) <= np.count_nonzero(rows_t[0]) + 2  # "zegt" bigrams may be known
    shared = (rows_t[0] > 0) & (rows_t[1] > 0)
    assert shared.any()
    j = clf.labels.index("household-unit")
    proba = clf.predict_proba_X(X)[:, j]
    assert proba[1] > 0.5 * proba[0]


def test_classifier_alone_never_flags_a_heading(tmp_path):
    """Headings lack the context the model learnt from; only the lexicon may flag them."""
    from scanner import Settings, scan

    draft = tmp_path / "plan.md"
    draft.write_text("# Partners in de uitvoering\n\n## Werkgevers als partner\n\n"
                     "De gemeente werkt samen met werkgevers in de regio.\n", encoding="utf-8")
    doc = scan(draft, Settings(jobs=1)).documents[0]
    headings = {s.id for s in doc.sentences if s.kind == "heading"}
    assert headings
    assert not [f for f in doc.findings if f.sentence in headings and f.origin == "classifier"]


def test_evaluate_target_table_checks_each_criterion():
    from scanner.cli_train import format_targets, target_rows

    scores = {
        "lexicon": {"a": (0.90, 0.20, 0.33, 50), "b": (1.00, 0.10, 0.18, 50)},
        "combined": {"a": (0.88, 0.86, 0.87, 50), "b": (0.96, 0.25, 0.39, 50)},
    }
    rows = {r[0]: r for r in target_rows(scores, ["a", "b"])}
    assert rows["a"][1:] == ["87.0", "+66.0", "-2.0", "yes", "yes", "yes"]
    assert rows["b"][4:] == ["no", "yes", "no"]  # F1 39, recall +15, precision -4
    assert format_targets(scores, ["a", "b"], markdown=True).startswith("| label | combined F1")


def test_explanations_show_content_words_not_function_words():
    model = C.load_model()
    s = sentence_from_text("Bij echtparen stelt de consulent alleen voor de partner met de beste kansen een trajectplan op.")
    X, _ = C.featurize([s])
    terms = model.top_terms(X[0], "breadwinner")
    assert terms and not set(terms) & C.EXPLANATION_SKIP
    assert "partner" in " ".join(terms)


def test_context_features_stop_at_document_edges():
    proba = np.array([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]])
    F = C.context_features(proba, ["a", "a", "b"])
    assert F.shape == (3, 6)
    assert np.allclose(F[0, 2:4], C.NO_NEIGHBOUR)          # first sentence: no previous one
    assert np.allclose(F[1, 2:4], C._logit(proba[0]))       # previous sentence of the same document
    assert np.allclose(F[1, 4:6], C.NO_NEIGHBOUR)          # next sentence is in another document
    assert np.allclose(C.context_features(proba)[1, 4:6], C._logit(proba[2]))  # one document by default


def test_context_stage_rescores_only_its_labels_and_survives_a_roundtrip(tmp_path):
    rng = np.random.RandomState(0)
    proba = rng.uniform(0.01, 0.99, size=(400, 2))
    docs = [f"d{i // 20}" for i in range(400)]
    F = C.context_features(proba, docs)
    nxt = np.r_[proba[1:, 0], 0.0]
    Y = np.column_stack([(nxt > 0.5).astype(int), (proba[:, 1] > 0.5).astype(int)])  # label "a" depends on the next sentence
    stage = C.ContextStage.fit(F, Y, ["a", "b"], ["a"])
    out = stage.apply(proba, ["a", "b"], docs)
    assert np.array_equal(out[:, 1], proba[:, 1])
    inside = np.array([docs[i] == docs[i + 1] for i in range(399)] + [False])
    assert np.corrcoef(out[inside, 0], nxt[inside])[0, 1] > 0.8  # it learnt to read the neighbour
    import skops.io as sio
    sio.dump({"knots": stage.knots, "models": stage.models}, tmp_path / "c.skops")
    stored = sio.load(tmp_path / "c.skops", trusted=C.TRUSTED_TYPES)
    again = C.ContextStage(stored["knots"], stored["models"])
    assert np.allclose(again.apply(proba, ["a", "b"], docs), out)


def test_generic_masculine_needs_a_masculine_pronoun():
    """The classifier may not report generic-masculine on a sentence without hij/hem/zijn."""
    model = C.load_model()
    sents = [sentence_from_text("Eén klant, één plan, één klantmanager."),
             sentence_from_text("Iedere nieuwe aanvrager moet vanaf de eerste dag beschikbaar zijn voor werk."),
             sentence_from_text("De werkzoekende is zelf verantwoordelijk voor zijn sollicitaties."),
             sentence_from_text("De klant bespreekt met de klantmanager wat hij nodig heeft.")]
    X, _ = C.featurize(sents)
    assert [m for m in X[:, 4]] == ["", "", "masculine-pronoun", "masculine-pronoun"]
    j = model.labels.index("generic-masculine")
    raw = model.contextualise(model.sentence_proba_X(X))
    gated = model.predict_proba_X(X)
    assert gated[0, j] == gated[1, j] == 0.0
    assert gated[2, j] == raw[2, j] > 0.0


def test_negation_scope_marks_only_the_negated_clause():
    """"stopt niet wanneer de ander werk vindt": the stopping is negated, the finding of work is not."""
    s = sentence_from_text("De begeleiding van de partner stopt niet wanneer de ander werk vindt, maar loopt door.")
    tokens = C.negation_scope_tokens(s).split()
    assert {"nc:begeleiding", "nc:partner", "nc:stoppen", "nc:niet"} <= set(tokens)
    assert not {"nc:werk", "nc:ander", "nc:lopen"} & set(tokens)
    plain = sentence_from_text("Het college stelt jaarlijks een uitvoeringsplan vast.")
    assert C.negation_scope_tokens(plain) == C.NO_NEGATED_CLAUSE
    abolished = sentence_from_text("De beperking tot één traject per huishouden wordt opgeheven.")
    assert "nc:huishouden" in C.negation_scope_tokens(abolished).split()


def test_model_with_other_feature_columns_says_how_to_rebuild(tmp_path, monkeypatch):
    """A model file from a release with fewer feature columns fails at load with a one-line fix."""
    import shutil

    from scanner.resources import model_dir

    for name in (C.MODEL_FILE, C.META_FILE, C.CONTEXT_FILE):
        shutil.copy(model_dir() / name, tmp_path / name)
    C.load_model(tmp_path)  # the shipped model matches this release
    monkeypatch.setattr(C, "FEATURE_COLUMNS", C.FEATURE_COLUMNS - 1)
    with pytest.raises(C.ModelMissingError, match="feature columns.*genderscan train"):
        C.load_model(tmp_path)


def _evaluation(truth, pred, docs):
    truth = np.array(truth, dtype=bool).reshape(-1, 1)
    pred = np.array(pred, dtype=bool).reshape(-1, 1)
    return C.Evaluation(["a"], truth, {"combined": pred}, list(docs))


def test_f1_interval_resamples_documents_not_sentences():
    """One document: every resample is that document, so the interval collapses to its F1."""
    one_doc = _evaluation([1, 1, 0, 1, 0], [1, 0, 1, 1, 0], ["d"] * 5)
    f1 = C.prf(one_doc.truth[:, 0], one_doc.systems["combined"][:, 0])[2]
    assert one_doc.f1_interval(resamples=200)["a"] == pytest.approx((f1, f1))
    perfect = _evaluation([1, 0, 1, 0, 1, 1], [1, 0, 1, 0, 1, 1], ["x", "x", "y", "y", "z", "z"])
    assert perfect.f1_interval(resamples=200)["a"] == pytest.approx((1.0, 1.0))


def test_f1_interval_brackets_the_estimate_and_is_seeded():
    rng = np.random.default_rng(0)
    truth = rng.random(400) < 0.3
    pred = np.where(rng.random(400) < 0.8, truth, ~truth)
    ev = _evaluation(truth, pred, [f"doc{i // 20}" for i in range(400)])
    f1 = C.prf(truth, pred)[2]
    low, high = ev.f1_interval(resamples=500, seed=3)["a"]
    assert low < f1 < high
    assert (low, high) == ev.f1_interval(resamples=500, seed=3)["a"]


def test_target_table_shows_the_interval():
    from scanner.cli_train import format_targets

    scores = {"lexicon": {"a": (0.90, 0.20, 0.33, 50)}, "combined": {"a": (0.88, 0.86, 0.87, 50)}}
    table = format_targets(scores, ["a"], markdown=True, intervals={"a": (0.812, 0.905)})
    assert "87.0 (81.2–90.5)" in table and "95 % interval" in table


def test_tune_overrule_silences_only_where_it_helps():
    """A label gets an overrule level only when dropping low-scored lexicon hits raises its F1."""
    labels = ["breadwinner", "household-unit"]
    Y = np.array([[1, 1], [1, 1], [0, 0], [0, 1], [0, 0], [1, 0]], dtype=bool)
    lex = np.array([[1, 1], [0, 1], [1, 0], [0, 1], [0, 0], [0, 0]], dtype=bool)
    # breadwinner: the lexicon's false positive (row 2) has p=0.02 -> silencing it helps.
    # household-unit: the low-scored lexicon hit (row 3) is a true positive -> no level.
    proba = np.array([[0.9, 0.9], [0.8, 0.7], [0.02, 0.1], [0.1, 0.03], [0.1, 0.1], [0.7, 0.1]])
    levels = C.tune_overrule(proba, Y, lex, labels, {"breadwinner": 0.5, "household-unit": 0.5})
    assert set(levels) == {"breadwinner"} and levels["breadwinner"] in C.OVERRULE_GRID
    clf = C.SentenceClassifier(None, labels, {"breadwinner": 0.5, "household-unit": 0.5}, overrule=levels)
    combined = clf.combine(lex, proba)
    assert not combined[2, 0] and combined[3, 1]  # silenced false positive, kept true positive
    assert (combined | lex).sum() >= combined.sum()


def _lexicon_finding(result: DocumentResult, rule: str, category: str) -> Finding:
    s = result.sentences[0]
    return Finding(rule=rule, category=category, severity="high", sentence=s.id, start=s.start, end=s.end,
                   text=s.text, message="m", suggestion="s", source="src", confidence=0.7)


def test_overrule_moves_only_builtin_lexicon_findings_to_suppressed():
    """A firm "no" from the model silences a built-in rule's hit, kept with its reason; user rules stand."""
    builtin_rule = next(r for r in C._ruleset().rules if r.category == "household-unit").id
    result = _result(["Volgens de onderzoekers telt de gemeente uitstroom per huishouden."])
    result.findings += [_lexicon_finding(result, builtin_rule, "household-unit"),
                        _lexicon_finding(result, "mijn-eigen-regel", "household-unit")]
    clf = C.SentenceClassifier(None, ["household-unit"], {"household-unit": 0.5}, overrule={"household-unit": 0.2})
    C.overrule_lexicon(result, np.array([[0.04]]), clf)
    assert [f.rule for f in result.findings] == ["mijn-eigen-regel"]
    assert [(f.rule, f.reason) for f in result.suppressed] == [(builtin_rule, "classifier: p=0.04")]
    # at or above the level the finding stands
    again = _result(["Wij tellen uitstroom per huishouden."])
    again.findings.append(_lexicon_finding(again, builtin_rule, "household-unit"))
    C.overrule_lexicon(again, np.array([[0.2]]), clf)
    assert len(again.findings) == 1 and not again.suppressed
    # a table row keeps its lexicon finding: the model never saw the table around it
    row = _result(["Aantal bijstandshuishoudens (peildatum 1 januari) | 1.840 | 1.700"])
    row.sentences[0].kind = "table-row"
    row.findings.append(_lexicon_finding(row, builtin_rule, "household-unit"))
    C.overrule_lexicon(row, np.array([[0.03]]), clf)
    assert len(row.findings) == 1 and not row.suppressed


def test_stance_columns_come_from_hard_negative_kinds():
    rows = ([{"labels": [], "hard_negative": "quote"}] * C.MIN_POSITIVES
            + [{"labels": [], "hard_negative": "critique"}] * (C.MIN_POSITIVES - 1)
            + [{"labels": [], "hard_negative": "neutral-vocabulary"}] * 9 + [{"labels": ["breadwinner"], "hard_negative": None}])
    assert C.stance_columns(rows) == ["stance:quote"]  # too few critiques; neutral vocabulary is no stance
    M = C.stance_matrix(rows, ["stance:quote"])
    assert M.shape == (len(rows), 1) and M[:, 0].sum() == C.MIN_POSITIVES


def test_context_stage_reads_stance_columns_but_reports_only_labels():
    """A stance column is evidence for the second stage; it is never a finding."""
    rng = np.random.RandomState(1)
    n = 600
    proba = rng.uniform(0.05, 0.95, size=(n, 2))  # columns: label "a", stance "stance:quote"
    docs = [f"d{i // 30}" for i in range(n)]
    Y = ((proba[:, 0] > 0.5) & (proba[:, 1] < 0.5)).astype(int).reshape(-1, 1)  # "a" unless quoted
    F = C.context_features(proba, docs)
    stage = C.ContextStage.fit(F, Y, ["a", "stance:quote"], ["a"])
    clf = C.SentenceClassifier(None, ["a"], {"a": 0.5}, context=stage, stances=["stance:quote"])
    out = clf.contextualise(proba, docs)
    assert out.shape == (n, 1)
    quoted, plain = (proba[:, 0] > 0.7) & (proba[:, 1] > 0.7), (proba[:, 0] > 0.7) & (proba[:, 1] < 0.3)
    assert out[quoted, 0].mean() < 0.3 < 0.7 < out[plain, 0].mean()  # the stance moved the label


def test_load_refuses_meta_and_model_of_different_trainings(tmp_path):
    corpus = _write_corpus(tmp_path / "corpus")
    clf = C.train(corpus, seed=3).classifier
    C.save(clf, tmp_path / "model")
    meta_path = tmp_path / "model" / C.META_FILE
    meta = json.loads(meta_path.read_text())
    meta["stances"] = ["stance:quote"]  # one column more than the pipeline predicts
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(C.ModelMissingError, match="genderscan train"):
        C.load_model(tmp_path / "model")


def test_evaluate_finds_the_working_directory_corpus_when_the_wheel_has_none(tmp_path, monkeypatch):
    """``pip install .`` ships no corpus; ``genderscan evaluate`` in the checkout must still find it."""
    import types

    import scanner.resources as R
    from scanner.cli_train import _corpus

    def nothing_installed(name):
        raise FileNotFoundError(f"genderscan data folder '{name}' is missing from the installation")

    monkeypatch.setattr(R, "_locate", nothing_installed)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="pass --corpus DIR"):
        _corpus(types.SimpleNamespace(corpus=None))
    (tmp_path / "corpus" / "documents").mkdir(parents=True)
    assert _corpus(types.SimpleNamespace(corpus=None)) == tmp_path / "corpus"
    assert _corpus(types.SimpleNamespace(corpus="elsewhere")) == Path("elsewhere")
