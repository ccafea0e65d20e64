"""Sentence classifier: catches the paraphrases that a word list misses.

Municipal policy rarely says "kostwinner"; it hides the assumption in
procedure ("het plan van aanpak richt zich op de partner met de beste
kansen").  A linear model over word and character n-grams of normalised
lemmas, plus the lexicon's own hits (found *and* suppressed, because a
suppressed hit carries stance information), learns those procedural
phrasings from the annotated corpus in ``corpus/``.

Why this design:

* Everything in the persisted pipeline is stock scikit-learn, so the model
  is stored with skops and loaded with an explicit list of trusted types (no
  pickle, no custom classes to trust).
* The pipeline input is a two-column object array (lemma text, lexicon-hit
  tokens) computed here, so training and scanning share one featurizer.
* Linear models keep explanations honest: a term's weight in a sentence is
  its feature value times its coefficient.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from scanner.model import DocumentResult, Finding, Sentence
from scanner.normalize import fold, normalise_sentence
from scanner.registry import register

LABELS: tuple[str, ...] = (
    "breadwinner", "household-unit", "care-role", "sector-steering",
    "selective-work-first", "deficit-framing", "generic-masculine",
)
CORE_LABELS: tuple[str, ...] = LABELS[:4]
HARD_NEGATIVE_KINDS = ("critique", "negation", "quote", "legal-fact", "remedy", "neutral-vocabulary")
STANCE_KINDS = ("critique", "negation", "quote", "legal-fact", "remedy")
"""Hard-negative kinds the first stage also learns to recognise (``stance:<kind>`` columns).

Every hard negative in the corpus says *why* it is no finding.  Learnt
as extra outputs, these stances become evidence for the context stage,
for every label at once: "Volgens de onderzoekers ..." is a quotation
whatever stereotype it reports.  Grouped cross-validation on the
14,309-sentence train+dev: mean combined F1 of the four core labels
85.6 -> 86.6, overrule included in both (docs/classifier.md).  neutral-vocabulary is left out: it
says the words are harmless, not what stance the sentence takes.
"""
MODEL_FILE = "classifier.skops"
CONTEXT_FILE = "context.skops"
META_FILE = "classifier.json"
SPLIT_TARGETS = {"train": 0.60, "dev": 0.20, "test": 0.20}
MIN_POSITIVES = 5  # a label with fewer training positives is not modelled

# Every type the shipped pipeline contains; skops refuses anything else.
TRUSTED_TYPES: list[str] = [
    "builtins.slice",
    "numpy.dtype",
    "numpy.float32",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.CountVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelBinarizer",
]

_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w")


# ----------------------------------------------------------------- corpus

@dataclass(slots=True)
class CorpusDoc:
    """One corpus file: its name and its annotated sentences in order."""

    name: str
    rows: list[dict[str, Any]]

    def count(self, label: str) -> int:
        return sum(label in r["labels"] for r in self.rows)


def load_corpus(corpus_dir: Path) -> list[CorpusDoc]:
    """Read every ``documents/*.jsonl`` file, sorted by name (stable order)."""
    folder = corpus_dir / "documents"
    docs = []
    for path in sorted(folder.glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        docs.append(CorpusDoc(path.stem, rows))
    if not docs:
        raise FileNotFoundError(f"no corpus documents in {folder}")
    return docs


def corpus_hash(docs: Sequence[CorpusDoc]) -> str:
    """Hash of the annotated content, to tell whether a model is stale."""
    h = hashlib.sha1()
    for doc in docs:
        h.update(doc.name.encode())
        for r in doc.rows:
            h.update(json.dumps([r["text"], sorted(r["labels"])], ensure_ascii=False).encode())
    return h.hexdigest()


def _doc_key(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8")).hexdigest()


SPLITS_FILE = "splits.json"


def read_split_ledger(corpus_dir: Path) -> dict[str, str]:
    """The recorded document -> split assignments (``corpus/splits.json``), or {}."""
    path = Path(corpus_dir) / SPLITS_FILE
    if not path.is_file():
        return {}
    ledger = json.loads(path.read_text(encoding="utf-8"))
    return {name: split for name, split in ledger.items() if split in SPLIT_TARGETS}


def assign_splits(docs: Sequence[CorpusDoc], ledger: dict[str, str] | None = None) -> dict[str, str]:
    """Document -> train/dev/test, deterministic, balanced and append-only.

    Documents already in ``ledger`` (``corpus/splits.json``) keep their split:
    adding documents must never move an existing test document into training
    (that would leak it into the model and make old and new test figures
    incomparable).  New documents are visited in sha1(file name) order and
    each goes to the split furthest below its target share of sentences and
    of core-category positives, counting the documents already placed, so a
    small split does not run short of positives.  Same corpus and ledger,
    same split; no randomness involved.
    """
    features = ("sentences", *CORE_LABELS)

    def vector(doc: CorpusDoc) -> dict[str, int]:
        return {"sentences": len(doc.rows), **{lab: doc.count(lab) for lab in CORE_LABELS}}

    ledger = ledger or {}
    totals = {f: max(1, sum(vector(d)[f] for d in docs)) for f in features}
    current = {s: dict.fromkeys(features, 0) for s in SPLIT_TARGETS}
    out: dict[str, str] = {}
    for doc in docs:
        if ledger.get(doc.name) in SPLIT_TARGETS:
            out[doc.name] = ledger[doc.name]
            for f, v in vector(doc).items():
                current[out[doc.name]][f] += v
    for doc in sorted((d for d in docs if d.name not in out), key=lambda d: _doc_key(d.name)):
        vec = vector(doc)

        def deficit(split: str) -> float:
            used = [f for f in features if vec[f] > 0]
            return sum(SPLIT_TARGETS[split] - current[split][f] / totals[f] for f in used) / len(used)

        best = max(SPLIT_TARGETS, key=deficit)
        out[doc.name] = best
        for f in features:
            current[best][f] += vec[f]
    return out


def corpus_splits(corpus_dir: Path, docs: Sequence[CorpusDoc]) -> dict[str, str]:
    """The split of ``docs`` that training and evaluation share (ledger + new documents)."""
    return assign_splits(docs, read_split_ledger(corpus_dir))


def split_rows(docs: Sequence[CorpusDoc], splits: dict[str, str], which: str) -> list[dict[str, Any]]:
    return [r for d in docs if splits[d.name] == which for r in d.rows]


def split_doc_ids(docs: Sequence[CorpusDoc], splits: dict[str, str], which: str) -> list[str]:
    """The document of every row of :func:`split_rows` (cross-validation groups, context boundaries)."""
    return [d.name for d in docs if splits[d.name] == which for _ in d.rows]


# --------------------------------------------------------------- features

def _to_sentence(text: str, sid: int = 0) -> Sentence:
    from scanner.nlp import sentence_from_text

    return sentence_from_text(text, id=sid)


def _normalised(words: Sequence[str]) -> list[str]:
    """Folded, digits as 0, punctuation dropped: the form every lemma block uses."""
    return [_DIGIT.sub("0", fold(w)) for w in words if _WORD.search(w)]


def lemma_text(sentence: Sentence) -> str:
    """Normalised lemmas joined by spaces."""
    return " ".join(_normalised(sentence.lemmas or sentence.tokens))


@cache
def _ruleset() -> Any | None:
    """The default lexicon, or None while the rules engine is unavailable."""
    try:
        from scanner.rules import load_ruleset

        return load_ruleset()
    except Exception:  # noqa: BLE001 - the classifier must work without the lexicon
        return None


def lexicon_available() -> bool:
    return _ruleset() is not None


def lexicon_hits(sentences: Sequence[Sentence]) -> tuple[list[set[str]], list[str]]:
    """Per sentence: categories the lexicon flags, and feature tokens.

    Tokens: ``lex:<cat>`` for a finding, ``sup:<cat>`` and
    ``sup:<cat>:<reason-kind>`` for a hit silenced by a context filter.
    """
    flagged: list[set[str]] = [set() for _ in sentences]
    tokens: list[list[str]] = [["bias"] for _ in sentences]
    ruleset = _ruleset()
    if ruleset is None:
        return flagged, [" ".join(t) for t in tokens]
    index = {s.id: i for i, s in enumerate(sentences)}
    # Always the built-in lexicon, not the scan's findings: features must not
    # depend on a user's disabled categories or extra lexicons (training/serving
    # skew). RuleSet caches hits per sentence, so in a scan this costs little.
    found, suppressed = ruleset.apply(list(sentences))
    for f in found:
        i = index.get(f.sentence)
        if i is not None:
            flagged[i].add(f.category)
            tokens[i].append(f"lex:{f.category}")
    for f in suppressed:
        i = index.get(f.sentence)
        if i is not None:
            kind = (f.reason or "other").split(":")[0].strip() or "other"
            tokens[i] += [f"sup:{f.category}", f"sup:{f.category}:{kind}"]
    return flagged, [" ".join(sorted(set(t))) for t in tokens]


def _found_cues(sentence: Sentence) -> list[str]:
    """Names of the context-cue lists of ``lexicons/cues.yml`` present in the sentence."""
    cues = _cues()
    folded = fold(sentence.text)
    return [name for name, cue in cues.items() if cue.find(folded)]


def cue_tokens(sentence: Sentence, found: Sequence[str] | None = None) -> str:
    """``cue:<name>`` for every context-cue list of ``lexicons/cues.yml`` present in the sentence.

    Stance words (critique, negation, remedy, attribution, legal-fact ...) are
    what separates a hard negative from a finding that uses the same
    vocabulary; the lexicon only reports them when one of its own patterns
    hits, so the classifier gets them for every sentence.
    """
    if not _cues():
        return "nocue"
    found = _found_cues(sentence) if found is None else found
    return " ".join(f"cue:{name}" for name in found) or "nocue"


STANCE_CUES: dict[str, str] = {
    "negation": "neg", "abolition": "neg", "critique": "crit",
    "attribution": "attr", "remedy": "rem", "legal-fact": "legal",
}
"""Cue lists whose presence changes what the other words of a sentence mean."""


def stance_tokens(lemmas: str, found: Sequence[str]) -> str:
    """Every lemma again, prefixed with each stance the sentence takes (``neg:beeindigen``).

    A bag of n-grams gives "het traject van de partner wordt beëindigd" and
    "wordt voortaan niet meer beëindigd" almost the same features, and a
    cue flag added to the sum cannot outweigh a dozen positive words.  The
    conjunction lets the linear model learn, per word, what that word
    weighs *under* a negation, a critique, a quotation or a remedy
    ("neg:beeindigen" can be negative while "beeindigen" is positive).
    Grouped cross-validation on train+dev (4,887 sentences): mean combined
    F1 of the four core labels 82.5 -> 83.4 (docs/classifier.md).
    """
    tags = sorted({STANCE_CUES[name] for name in found if name in STANCE_CUES})
    return " ".join(f"{tag}:{word}" for tag in tags for word in lemmas.split())


NEGATING_WORDS = frozenset(
    "niet geen nooit nergens zonder vervallen vervalt afgeschaft afschaffen geschrapt schrappen "
    "ongeacht opgeheven ingetrokken verwijderd verdwijnt stoppen".split())
"""Words that negate or abolish what the rest of their clause says (matched on the folded surface form)."""

CLAUSE_BREAKS = frozenset(
    ", ; : – ( ) maar zodat omdat terwijl waardoor want dus doordat nadat zodra totdat tenzij indien "
    "wanneer als".split())
"""Punctuation and conjunctions that end a clause for :func:`negation_scope_tokens`."""


NO_NEGATED_CLAUSE = "nc:none"


def negation_scope_tokens(sentence: Sentence) -> str:
    """``nc:<lemma>`` for every lemma in a clause that holds a negating word.

    The stance block reads the whole sentence as negated when "niet" occurs
    anywhere, but policy sentences negate one clause and state a rule in the
    next: "De begeleiding stopt niet wanneer de ander werk vindt" negates the
    stopping, not the finding of work.  Clauses end at punctuation and at
    subordinating or coordinating conjunctions.  Grouped cross-validation on
    the 14,309-sentence train+dev: mean combined F1 of the four core labels
    +0.2 and +0.55 on two fold assignments, breadwinner +0.6 and +0.8
    (docs/classifier.md).
    """
    words = sentence.tokens
    lemmas = sentence.lemmas or words
    out: list[str] = []
    clause: list[str] = []
    negated = False
    for word, lemma in zip([*words, ","], [*lemmas, ","]):  # the sentinel closes the last clause
        folded = fold(word)
        if folded in CLAUSE_BREAKS:
            if negated:
                out += [f"nc:{w}" for w in _normalised(clause)]
            clause, negated = [], False
            continue
        clause.append(lemma)
        negated = negated or folded in NEGATING_WORDS
    return " ".join(out) or NO_NEGATED_CLAUSE


@cache
def _cues() -> dict[str, Any]:
    try:
        from scanner.rules.context import default_cues

        return dict(default_cues())
    except Exception:  # noqa: BLE001 - the classifier must work without the lexicon
        return {}


def featurize(sentences: Sequence[Sentence]) -> tuple[np.ndarray, list[set[str]]]:
    """Pipeline input and the lexicon's own flags.

    An n x 6 object array: normalised lemmas, lexicon-hit tokens, cue tokens,
    stance-conditioned lemmas (see :func:`stance_tokens`), gate markers
    (see :func:`gate`; not a model feature) and negated-clause lemmas (see
    :func:`negation_scope_tokens`).
    """
    flagged, lex_tokens = lexicon_hits(sentences)
    X = np.empty((len(sentences), FEATURE_COLUMNS), dtype=object)
    for i, s in enumerate(sentences):
        found = _found_cues(s)
        X[i, LEMMA_COLUMN] = lemma_text(s)
        X[i, LEX_COLUMN] = lex_tokens[i]
        X[i, CUE_COLUMN] = cue_tokens(s, found)
        X[i, STANCE_COLUMN] = stance_tokens(X[i, LEMMA_COLUMN], found)
        X[i, GATE_COLUMN] = gate_markers(s)
        X[i, SCOPE_COLUMN] = negation_scope_tokens(s)
    return X, flagged


def sentences_for(rows: Sequence[dict[str, Any]]) -> list[Sentence]:
    return [_to_sentence(r["text"], i) for i, r in enumerate(rows)]


# ------------------------------------------------------------------ model

WORD_FEATURES = 2**16
CHAR_FEATURES = 2**17
STANCE_FEATURES = 2**17
SCOPE_FEATURES = 2**16
HASHED_BLOCKS = ("word", "char", "stance", "scope")
LEMMA_COLUMN, LEX_COLUMN, CUE_COLUMN, STANCE_COLUMN, GATE_COLUMN, SCOPE_COLUMN = range(6)
FEATURE_COLUMNS = 6
"""Columns of :func:`featurize`; the pipeline reads all but the gate column."""


def _hashed_tfidf(**hashing: Any) -> Any:
    """Hashed n-grams + TF-IDF: no vocabulary to store, so the model loads fast."""
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.pipeline import Pipeline

    vectorizer = HashingVectorizer(alternate_sign=False, norm=None, lowercase=False, dtype=np.float32, **hashing)
    return Pipeline([("hash", vectorizer), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def build_pipeline(seed: int, C: float = 16.0) -> Any:
    """Word + character n-grams over lemmas, lexicon and cue tokens, stance-conditioned lemmas; one LR per label."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline

    features = ColumnTransformer([
        ("word", _hashed_tfidf(token_pattern=r"\S+", ngram_range=(1, 2), n_features=WORD_FEATURES), LEMMA_COLUMN),
        ("char", _hashed_tfidf(analyzer="char_wb", ngram_range=(3, 5), n_features=CHAR_FEATURES), LEMMA_COLUMN),
        ("lex", CountVectorizer(token_pattern=r"\S+", binary=True, lowercase=False, dtype=np.float32), LEX_COLUMN),
        ("cue", CountVectorizer(token_pattern=r"\S+", binary=True, lowercase=False, dtype=np.float32), CUE_COLUMN),
        ("stance", _hashed_tfidf(token_pattern=r"\S+", ngram_range=(1, 1), n_features=STANCE_FEATURES), STANCE_COLUMN),
        ("scope", _hashed_tfidf(token_pattern=r"\S+", ngram_range=(1, 1), n_features=SCOPE_FEATURES), SCOPE_COLUMN),
    ])
    # dual liblinear: with far more features than sentences it is ~50x faster
    # than the primal solver and reaches the same L2 optimum (seeded permutation).
    model = LogisticRegression(solver="liblinear", dual=True, max_iter=2000, C=C,
                               class_weight="balanced", random_state=seed)
    return Pipeline([("features", features), ("clf", OneVsRestClassifier(model))])


_MASCULINE_PRONOUN = re.compile(
    r"\b(?:hij|hem)\b"
    # possessive "zijn" is followed by what it owns; the verb "zijn" ends a clause or
    # precedes a preposition, conjunction or article ("beschikbaar zijn voor", "zijn de kansen")
    r"|\bzijn\s+(?!(?:voor|om|te|in|op|bij|met|en|of|maar|dat|die|als|er|niet|wel|ook|nog|geen|dan"
    r"|zo|nu|daar|hier|het|de|een|wij|we|zij|ze|u)\b)\w")

REQUIRED_MARKERS: dict[str, str] = {"generic-masculine": "masculine-pronoun"}
"""A label the classifier may only report when the sentence carries this marker (see :func:`gate_markers`).

Generic-masculine *is* a pronoun choice: "Eén klant, één plan" has no
pronoun, however much it resembles sentences that do.  The markers are
not model features (the pipeline never reads that column), so they gate
without shifting any weight.
"""


def gate_markers(sentence: Sentence) -> str:
    """``masculine-pronoun`` when the sentence has hij, hem or a possessive zijn."""
    return "masculine-pronoun" if _MASCULINE_PRONOUN.search(fold(sentence.text)) else ""


def gate(proba: np.ndarray, X: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """Zero the probability of a label whose required marker is absent from the sentence."""
    if len(proba) == 0:
        return proba
    out = np.array(proba, copy=True)
    for lab, marker in REQUIRED_MARKERS.items():
        if lab in labels:
            missing = np.array([marker not in str(m).split() for m in X[:, GATE_COLUMN]])
            out[missing, list(labels).index(lab)] = 0.0
    return out


# ---------------------------------------------------------- context stage

NO_NEIGHBOUR = -9.0
"""Logit standing in for the missing previous/next sentence at a document's edges."""
CONTEXT_KNOTS = 5
CONTEXT_DEGREE = 3
CONTEXT_C = 1.0
CONTEXT_MIN_GAIN = 0.005
"""A label uses the context stage only if it raises that label's out-of-fold combined F1 by this much."""


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def context_features(proba: np.ndarray, doc_ids: Sequence[str] | None = None) -> np.ndarray:
    """Per sentence: its own logits for every label, then the previous and the next sentence's.

    Policy states a rule over several sentences: "De trajectkandidaat krijgt
    een plan van aanpak. De andere partner wordt in deze fase aangehouden."
    The second sentence carries the finding only next to the first.
    ``doc_ids`` (one per row) keeps neighbours inside their document; without
    it the rows are one document.
    """
    own = _logit(proba)
    n = len(own)
    ids = list(doc_ids) if doc_ids is not None else [""] * n
    prev = np.full_like(own, NO_NEIGHBOUR)
    nxt = np.full_like(own, NO_NEIGHBOUR)
    for i in range(n):
        if i > 0 and ids[i - 1] == ids[i]:
            prev[i] = own[i - 1]
        if i + 1 < n and ids[i + 1] == ids[i]:
            nxt[i] = own[i + 1]
    return np.hstack([own, prev, nxt])


@dataclass
class ContextStage:
    """Second stage: a logistic regression per label over smooth spline bases of :func:`context_features`.

    Stored as plain numbers (knot positions) plus stock ``LogisticRegression``
    objects, so skops needs to trust no spline class; the basis is rebuilt
    from the knots at load time.
    """

    knots: np.ndarray
    models: dict[str, Any]

    @classmethod
    def fit(cls, F: np.ndarray, Y: np.ndarray, labels: Sequence[str], use: Sequence[str]) -> "ContextStage":
        from sklearn.preprocessing import SplineTransformer

        splines = SplineTransformer(n_knots=CONTEXT_KNOTS, degree=CONTEXT_DEGREE).fit(F).bsplines_
        d = CONTEXT_DEGREE  # each knot vector is padded by `degree` extra knots at both ends
        knots = np.column_stack([b.t[d:-d] for b in splines])
        stage = cls(knots, {})
        basis = stage.basis(F)
        stage.models = {lab: _context_lr().fit(basis, Y[:, labels.index(lab)]) for lab in use}
        return stage

    def basis(self, F: np.ndarray) -> np.ndarray:
        from sklearn.preprocessing import SplineTransformer

        return SplineTransformer(knots=self.knots, degree=CONTEXT_DEGREE).fit(self.knots).transform(F)

    def apply(self, proba: np.ndarray, labels: Sequence[str], doc_ids: Sequence[str] | None = None) -> np.ndarray:
        """``proba`` with the context labels' columns replaced by the second stage's probability."""
        if not self.models or len(proba) == 0:
            return proba
        basis = self.basis(context_features(proba, doc_ids))
        out = np.array(proba, dtype=np.float64, copy=True)
        for lab, model in self.models.items():
            out[:, labels.index(lab)] = model.predict_proba(basis)[:, 1]
        return out


def _context_lr() -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=CONTEXT_C, max_iter=5000)


@dataclass
class SentenceClassifier:
    """A fitted pipeline plus the labels it predicts and a threshold per label."""

    pipeline: Any
    labels: list[str]
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    context: ContextStage | None = None
    overrule: dict[str, float] = field(default_factory=dict)
    """Per label: a built-in lexicon hit the model scores below this probability is silenced (see :func:`tune_overrule`)."""
    stances: list[str] = field(default_factory=list)
    """First-stage columns after the labels: ``stance:<kind>`` (see :data:`STANCE_KINDS`), read by the context stage only."""
    _term_maps: dict[tuple[str, ...], list[tuple[int, str, float]]] = field(
        default_factory=dict, repr=False, compare=False)

    # -- fitting
    @classmethod
    def fit(cls, rows: Sequence[dict[str, Any]], seed: int = 13, C: float = 16.0,
            X: np.ndarray | None = None, labels: Sequence[str] | None = None,
            stances: Sequence[str] | None = None) -> "SentenceClassifier":
        if labels is None:
            labels = [lab for lab in LABELS if sum(lab in r["labels"] for r in rows) >= MIN_POSITIVES]
        labels = list(labels)
        stances = stance_columns(rows) if stances is None else list(stances)
        if X is None:
            X, _ = featurize(sentences_for(rows))
        Y = np.hstack([label_matrix(rows, labels), stance_matrix(rows, stances)]).astype(np.int64)
        pipeline = build_pipeline(seed, C)
        pipeline.fit(X, Y)
        _drop_unseen_ngrams(pipeline, len(rows))
        _shrink(pipeline)
        return cls(pipeline, labels, {lab: 0.5 for lab in labels}, stances=stances)

    @property
    def columns(self) -> list[str]:
        """What the first stage predicts: the labels, then the stance columns."""
        return [*self.labels, *self.stances]

    # -- prediction
    def sentence_proba_X(self, X: np.ndarray) -> np.ndarray:
        """First stage only: each sentence on its own, one column per entry of :attr:`columns`."""
        if len(X) == 0:
            return np.zeros((0, len(self.columns)))
        return np.asarray(self.pipeline.predict_proba(X), dtype=np.float64)

    def contextualise(self, proba: np.ndarray, doc_ids: Sequence[str] | None = None) -> np.ndarray:
        """Second stage: the labels' probabilities, context labels rescored with the neighbours and stances."""
        out = self.context.apply(proba, self.columns, doc_ids) if self.context else proba
        return out[:, :len(self.labels)]

    def rescore(self, alone: np.ndarray, X: np.ndarray, doc_ids: Sequence[str] | None = None) -> np.ndarray:
        """First-stage probabilities -> context stage -> gate (rows of ``X`` in reading order)."""
        return gate(self.contextualise(alone, doc_ids), X, self.labels)

    def predict_proba_X(self, X: np.ndarray, doc_ids: Sequence[str] | None = None) -> np.ndarray:
        """Both stages and the cue gate; ``X`` rows are sentences in reading order (one document unless ``doc_ids``)."""
        return self.rescore(self.sentence_proba_X(X), X, doc_ids)

    def predict_proba(self, sentences: Sequence[Sentence]) -> np.ndarray:
        X, _ = featurize(sentences)
        return self.predict_proba_X(X)

    def transform(self, X: np.ndarray) -> Any:
        """Feature rows (CSR), computed once per document and shared by scoring and explanations."""
        return self.pipeline.named_steps["features"].transform(X).tocsr()

    def predict_proba_Xt(self, Xt: Any) -> np.ndarray:
        """First-stage probabilities of rows already transformed by :meth:`transform`."""
        if Xt.shape[0] == 0:
            return np.zeros((0, len(self.labels)))
        return np.asarray(self.pipeline.named_steps["clf"].predict_proba(Xt), dtype=np.float64)

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """Boolean matrix: probability at or above each label's threshold."""
        limits = np.array([self.thresholds.get(lab, 0.5) for lab in self.labels])
        return proba >= limits

    def overruled(self, proba: np.ndarray) -> np.ndarray:
        """Boolean matrix: the model reads the sentence as no finding of that label, firmly enough to silence the lexicon."""
        limits = np.array([self.overrule.get(lab, 0.0) for lab in self.labels])
        return proba < limits

    def combine(self, lexicon: np.ndarray, proba: np.ndarray) -> np.ndarray:
        """What a scan reports: the model's decisions plus the lexicon hits it does not overrule."""
        return self.decide(proba) | (lexicon & ~self.overruled(proba))

    def predict(self, sentences: Sequence[Sentence]) -> list[list[tuple[str, float]]]:
        """Per sentence: (label, probability) for each label above threshold."""
        proba = self.predict_proba(sentences)
        hits = self.decide(proba)
        return [[(lab, float(proba[i, j])) for j, lab in enumerate(self.labels) if hits[i, j]]
                for i in range(len(sentences))]

    # -- explanation
    def coefficients(self) -> np.ndarray:
        """(labels x features) weight matrix."""
        return np.vstack([est.coef_.ravel() for est in self.pipeline.named_steps["clf"].estimators_])

    def top_terms(self, x_row: np.ndarray, label: str, k: int = 5, vec: Any = None) -> list[str]:
        """The terms that pushed this sentence towards ``label`` the most.

        Hashed features have no names, so each n-gram of the sentence is
        hashed again to find its weight; character n-grams are credited to
        the words they occur in, so the report shows words, not fragments.
        ``vec`` is this row of :meth:`transform` when the caller has it already
        (transforming one row at a time dominated a scan's analysis time).
        """
        if vec is None:
            vec = self.pipeline.named_steps["features"].transform(x_row.reshape(1, -1)).tocsr()
        coef = self.pipeline.named_steps["clf"].estimators_[self.labels.index(label)].coef_.ravel()
        contrib = dict(zip(vec.indices.tolist(), (vec.data * coef[vec.indices]).tolist()))
        scores: dict[str, float] = {}
        for idx, term, share in self._term_map(x_row):
            value = contrib.get(idx, 0.0) * share
            if value > 0:
                scores[term] = scores.get(term, 0.0) + value
        ranked = sorted(((t, v) for t, v in scores.items() if not set(t.split()) <= EXPLANATION_SKIP),
                        key=lambda kv: (-kv[1], kv[0]))
        return [term for term, _ in ranked[:k]]

    def _term_map(self, x_row: np.ndarray) -> list[tuple[int, str, float]]:
        """(feature column, readable term, share of that column's weight) for one sentence.

        The same for every label, so it is built once per sentence and kept
        (bounded) on the model: a sentence flagged for two labels, or the
        same boilerplate sentence in many documents, is mapped once.
        """
        key = tuple(str(v) for v in x_row)
        cache = self._term_maps
        if key in cache:
            return cache[key]
        features = self.pipeline.named_steps["features"]
        blocks = features.output_indices_
        words = key[LEMMA_COLUMN].split()
        out: list[tuple[int, str, float]] = []
        seen: set[int] = set()
        hv = features.named_transformers_["word"].named_steps["hash"]
        for gram in set(hv.build_analyzer()(key[LEMMA_COLUMN])):
            idx = blocks["word"].start + _hash_index(gram, hv.n_features)
            if idx not in seen:  # a hash collision is credited once, as before
                seen.add(idx)
                out.append((idx, gram, 1.0))
        # A character n-gram belongs to the words whose padded form contains it.
        hv = features.named_transformers_["char"].named_steps["hash"]
        owners_of: dict[int, set[str]] = {}
        for w in set(words):
            for gram in _char_grams(w, hv.ngram_range):
                owners_of.setdefault(blocks["char"].start + _hash_index(gram, hv.n_features), set()).add(w)
        for idx, owners in owners_of.items():
            out += [(idx, w, 1.0 / len(owners)) for w in owners]
        for name, column in (("stance", STANCE_COLUMN), ("scope", SCOPE_COLUMN)):
            # "neg:beeindigen" weighs for the word "beeindigen" as read in this sentence.
            if name not in blocks:
                continue
            hv = features.named_transformers_[name].named_steps["hash"]
            for token in set(key[column].split()) - {NO_NEGATED_CLAUSE}:
                out.append((blocks[name].start + _hash_index(token, hv.n_features), token.split(":", 1)[-1], 1.0))
        for name, column in (("lex", LEX_COLUMN), ("cue", CUE_COLUMN)):
            if name not in blocks:
                continue
            vocab = features.named_transformers_[name].vocabulary_
            for token in set(key[column].split()):
                j = vocab.get(token)
                if j is not None and token not in ("bias", "nocue"):
                    out.append((blocks[name].start + j, f"[{token}]", 1.0))
        if len(cache) >= TERM_MAP_CACHE:  # bounded: about 15 kB per sentence
            cache.clear()
        cache[key] = out
        return out


EXPLANATION_SKIP = frozenset(
    "de het een en of van in op te voor met aan door bij als dat die dit deze er om tot naar dan ook nog al "
    "uit over onder na zo is worden wordt werd zullen zal kunnen kan hebben heeft".split())
"""Function words left out of the terms shown to a reader (they still count in the model).

"de" or "worden" among the "terms that weighed most" tells a consultant
nothing; pronouns stay ("zijn" included: it is the point of generic-masculine), and so do
negations.
"""


TERM_MAP_CACHE = 2_000


@lru_cache(maxsize=8)
def _char_analyzer(ngram_range: tuple[int, int]) -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer="char_wb", ngram_range=ngram_range, lowercase=False).build_analyzer()


@lru_cache(maxsize=1 << 16)
def _char_grams(word: str, ngram_range: tuple[int, int]) -> tuple[str, ...]:
    """scikit-learn's own ``char_wb`` n-grams of one word, cached: words recur in every document."""
    return tuple(_char_analyzer(tuple(ngram_range))(word))


@lru_cache(maxsize=1 << 17)
def _hash_index(gram: str, n_features: int) -> int:
    """Column of an n-gram in a HashingVectorizer (same hash scikit-learn uses).

    Cached: the same n-grams recur in every sentence of a document.
    """
    from sklearn.utils import murmurhash3_32

    return abs(murmurhash3_32(gram, seed=0, positive=False)) % n_features


def _drop_unseen_ngrams(pipeline: Any, n_rows: int) -> None:
    """Give hashed n-grams never seen in training an IDF of 0.

    Such an n-gram has no weight in the model, yet with the largest IDF it
    dominated the L2 norm of a new sentence and shrank the n-grams the model
    does know; sentences from unseen documents full of new words scored too
    low.  Zeroing them before normalisation (what a vocabulary-based
    vectorizer does implicitly) raised grouped-CV combined F1 of every core
    label (mean +1.8 points, see docs/classifier.md).  Training rows are
    unchanged: every n-gram of theirs was seen.
    """
    unseen_idf = np.log(n_rows + 1.0) + 1.0  # smooth_idf with document frequency 0
    for name in HASHED_BLOCKS:
        tfidf = pipeline.named_steps["features"].named_transformers_[name].named_steps["tfidf"]
        idf = np.asarray(tfidf.idf_, dtype=np.float64).copy()
        idf[idf >= unseen_idf - 1e-6] = 0.0
        tfidf.idf_ = idf


def _shrink(pipeline: Any) -> None:
    """Drop what prediction does not need, store weights as float32 (size, load time)."""
    for _, vectorizer, _ in pipeline.named_steps["features"].transformers_:
        if hasattr(vectorizer, "stop_words_"):
            vectorizer.stop_words_ = None
    for est in pipeline.named_steps["clf"].estimators_:
        if not hasattr(est, "coef_"):  # a label without positives in a CV fold: constant predictor
            continue
        est.coef_ = est.coef_.astype(np.float32)
        est.intercept_ = est.intercept_.astype(np.float32)


# --------------------------------------------------------- tuning/scoring

MIN_THRESHOLD = 0.5
"""Lowest probability at which the classifier alone may report a finding.

Product decision: the corpus has ~8 % positives per core category, a real
policy document far fewer.  Dev-tuned thresholds as low as 0.20 looked best
on the corpus but flooded a consultant with noise on ordinary prose (13
classifier-only false positives on ordinary sentences of the bundled
example).  The threshold search therefore never goes below this floor, so
``evaluate`` measures exactly what a scan reports.
"""


def tune_thresholds(proba: np.ndarray, Y: np.ndarray, lex: np.ndarray, labels: Sequence[str],
                    max_precision_drop: float = 0.02) -> dict[str, float]:
    """Per label, the threshold with the best combined (lexicon OR model) F1 on dev.

    The classifier must add recall without costing precision: thresholds
    whose combined precision falls more than ``max_precision_drop`` below the
    lexicon's own precision are ruled out (if all are, the most precise one
    wins).  Ties go to the higher threshold (fewer classifier-only findings).
    The search starts at :data:`MIN_THRESHOLD` (see there why).
    """
    grid = np.round(np.arange(MIN_THRESHOLD, 0.951, 0.025), 3)
    out = {}
    for j, lab in enumerate(labels):
        lex_p = prf(Y[:, j], lex[:, j])[0] if lex[:, j].any() else 0.0
        scored = [(float(t), *prf(Y[:, j], (proba[:, j] >= t) | lex[:, j])[:3]) for t in grid]
        allowed = [s for s in scored if s[1] >= lex_p - max_precision_drop]
        if allowed:
            best = max(allowed, key=lambda s: (round(s[3], 9), s[0]))
        else:
            best = max(scored, key=lambda s: (round(s[1], 9), round(s[3], 9), s[0]))
        out[lab] = best[0]
    return out


OVERRULE_GRID = (0.05, 0.1, 0.15, 0.2)
"""Levels tried; at most 0.2, so only a firm "no" from the model silences a rule."""
OVERRULE_MIN_GAIN = 0.003
"""A label lets the model overrule the lexicon only if that raises its out-of-fold combined F1 by this much."""


def tune_overrule(proba: np.ndarray, Y: np.ndarray, lex: np.ndarray, labels: Sequence[str],
                  thresholds: dict[str, float]) -> dict[str, float]:
    """Per label, the probability below which the model silences a lexicon hit (labels it does not help are left out).

    A lexicon pattern fires on words; its context filters catch the usual
    critique, negation and quotation cues, but not every way a sentence can
    distance itself ("Volgens de onderzoekers leidt het tellen per
    huishouden ertoe dat ...").  The model reads the whole sentence, with the
    lexicon hit among its features, so a very low probability despite the
    hit is evidence that the sentence is not a finding.  Out-of-fold on
    train+dev decides the level per label; ties go to the lower level (the
    lexicon keeps the benefit of the doubt).
    """
    out: dict[str, float] = {}
    for j, lab in enumerate(labels):
        model = proba[:, j] >= thresholds.get(lab, 0.5)
        base = prf(Y[:, j], model | lex[:, j])[2]
        scored = [(prf(Y[:, j], model | (lex[:, j] & (proba[:, j] >= v)))[2], -v) for v in OVERRULE_GRID]
        best_f1, neg_v = max(scored)
        if best_f1 - base >= OVERRULE_MIN_GAIN:
            out[lab] = -neg_v
    return out


def prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and support for one binary label."""
    y = np.asarray(y, dtype=bool)
    pred = np.asarray(pred, dtype=bool)
    tp = int((y & pred).sum())
    p = tp / pred.sum() if pred.sum() else 0.0
    r = tp / y.sum() if y.sum() else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return float(p), float(r), float(f), int(y.sum())


def stance_columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    """``stance:<kind>`` for every :data:`STANCE_KINDS` entry with enough examples in ``rows``."""
    kinds = [r.get("hard_negative") for r in rows]
    return [f"stance:{k}" for k in STANCE_KINDS if kinds.count(k) >= MIN_POSITIVES]


def stance_matrix(rows: Sequence[dict[str, Any]], stances: Sequence[str]) -> np.ndarray:
    kinds = [f"stance:{r.get('hard_negative')}" for r in rows]
    return np.array([[k == s for s in stances] for k in kinds], dtype=bool).reshape(len(rows), len(stances))


def label_matrix(rows: Sequence[dict[str, Any]], labels: Sequence[str]) -> np.ndarray:
    return np.array([[lab in r["labels"] for lab in labels] for r in rows], dtype=bool).reshape(len(rows), len(labels))


def lexicon_matrix(flagged: Sequence[set[str]], labels: Sequence[str]) -> np.ndarray:
    return np.array([[lab in f for lab in labels] for f in flagged], dtype=bool).reshape(len(flagged), len(labels))


# ------------------------------------------------------- train / evaluate

@dataclass
class TrainOutcome:
    classifier: SentenceClassifier
    splits: dict[str, str]


THRESHOLD_FOLDS = 5


def train(corpus_dir: Path, seed: int = 13) -> TrainOutcome:
    """Tune thresholds on out-of-fold predictions over train+dev, then fit on train+dev; deterministic.

    Thresholds come from grouped (by document) cross-validation over
    train+dev rather than from the dev split alone: the precision constraint
    compares with the lexicon's own precision, and on dev alone that rests
    on about ten lexicon hits per label, so one sentence moved a threshold
    from 0.5 to 0.95.  Every probability used for tuning comes from a model
    that never saw that sentence's document.  The shipped model is fitted
    with the same settings on train+dev.  Test is never used here.
    """
    import sklearn

    docs = load_corpus(corpus_dir)
    splits = corpus_splits(corpus_dir, docs)
    train_rows = split_rows(docs, splits, "train")
    dev_rows = split_rows(docs, splits, "dev")
    rows = [*train_rows, *dev_rows]
    groups = [*split_doc_ids(docs, splits, "train"), *split_doc_ids(docs, splits, "dev")]
    X, flagged = featurize(sentences_for(rows))
    labels = [lab for lab in LABELS if sum(lab in r["labels"] for r in train_rows) >= MIN_POSITIVES]
    stances = stance_columns(train_rows)
    proba = out_of_fold_proba(rows, X, groups, labels, seed, stances)
    Y, lex = label_matrix(rows, labels), lexicon_matrix(flagged, labels)
    context, proba, gains = choose_context(proba, Y, lex, groups, labels, X, [*labels, *stances])
    thresholds = tune_thresholds(proba, Y, lex, labels)
    clf = SentenceClassifier.fit(rows, seed=seed, X=X, labels=labels, stances=stances)
    clf.thresholds = thresholds
    clf.overrule = tune_overrule(proba, Y, lex, labels, thresholds)
    clf.context = context
    clf.meta = {
        "labels": clf.labels,
        "stances": clf.stances,
        "thresholds": clf.thresholds,
        "overrule": clf.overrule,
        "seed": seed,
        "corpus_hash": corpus_hash(docs),
        "lexicon_features": lexicon_available(),
        "lexicon_hash": lexicon_hash(),
        "sklearn_version": sklearn.__version__,
        "train_sentences": len(train_rows),
        "dev_sentences": len(dev_rows),
        "fitted_on": "train+dev",
        "thresholds_from": f"grouped {THRESHOLD_FOLDS}-fold out-of-fold predictions on train+dev",
        "context_labels": sorted(context.models) if context else [],
        "context_oof_f1": gains,
    }
    return TrainOutcome(clf, splits)


def choose_context(proba: np.ndarray, Y: np.ndarray, lex: np.ndarray, groups: Sequence[str],
                   labels: Sequence[str], X: np.ndarray, columns: Sequence[str] | None = None,
                   ) -> tuple[ContextStage | None, np.ndarray, dict[str, list[float]]]:
    """Fit the context stage and keep it for the labels where it helps out of fold.

    ``proba`` are first-stage out-of-fold probabilities, so the second stage
    learns from scores like those it gets on an unseen document.  Its own
    out-of-fold probabilities (grouped by document again) decide, per
    label, whether the context stage is used: only if it raises the
    combined F1 at tuned thresholds by :data:`CONTEXT_MIN_GAIN`.  Returns the
    stage (or None), the out-of-fold probabilities of the chosen system per
    label, passed through :func:`gate` as in a scan (for threshold tuning),
    and the F1 pair per label (meta).  ``columns`` names the columns of
    ``proba`` (the labels first, then any stance columns; default: the
    labels); ``Y`` has the labels' columns only.
    """
    from sklearn.model_selection import GroupKFold

    labels = list(labels)
    columns = list(columns) if columns is not None else labels
    n = len(labels)
    F = context_features(proba, groups)
    second = np.array(proba[:, :n], copy=True)
    folds = GroupKFold(n_splits=min(THRESHOLD_FOLDS, len(set(groups))))
    for fit_idx, held_idx in folds.split(F, groups=groups):
        usable = [lab for lab in labels if 0 < Y[fit_idx, labels.index(lab)].sum() < len(fit_idx)]
        stage = ContextStage.fit(F[fit_idx], Y[fit_idx], columns, usable)
        second[held_idx] = stage.apply(proba[held_idx], columns, [groups[i] for i in held_idx])[:, :n]
    first = gate(proba[:, :n], X, labels)
    second = gate(second, X, labels)
    f_first, f_second = _combined_f1(first, Y, lex, labels), _combined_f1(second, Y, lex, labels)
    gains = {lab: [round(f_first[lab], 4), round(f_second[lab], 4)] for lab in labels}
    use = [lab for lab in labels if f_second[lab] - f_first[lab] >= CONTEXT_MIN_GAIN]
    if not use:
        return None, first, gains
    chosen = np.array(first, copy=True)
    for lab in use:
        chosen[:, labels.index(lab)] = second[:, labels.index(lab)]
    return ContextStage.fit(F, Y, columns, use), chosen, gains


def _combined_f1(proba: np.ndarray, Y: np.ndarray, lex: np.ndarray, labels: Sequence[str]) -> dict[str, float]:
    """Per label: F1 of what a scan would report, at the thresholds and overrule levels tuned on ``proba``."""
    th = tune_thresholds(proba, Y, lex, labels)
    system = SentenceClassifier(None, list(labels), th, overrule=tune_overrule(proba, Y, lex, labels, th))
    combined = system.combine(lex, proba)
    return {lab: prf(Y[:, j], combined[:, j])[2] for j, lab in enumerate(labels)}


def out_of_fold_proba(rows: Sequence[dict[str, Any]], X: np.ndarray, groups: Sequence[str],
                      labels: Sequence[str], seed: int, stances: Sequence[str] = ()) -> np.ndarray:
    """First-stage probabilities (labels, then stances) for every row from a model fitted without that row's document."""
    from sklearn.model_selection import GroupKFold

    proba = np.zeros((len(rows), len(labels) + len(stances)))
    folds = GroupKFold(n_splits=min(THRESHOLD_FOLDS, len(set(groups))))
    for fit_idx, held_idx in folds.split(X, groups=groups):
        fold_rows = [rows[i] for i in fit_idx]
        model = SentenceClassifier.fit(fold_rows, seed=seed, X=X[fit_idx], labels=labels, stances=stances)
        proba[held_idx] = model.sentence_proba_X(X[held_idx])
    return proba


def lexicon_hash() -> str | None:
    """Hash of the rule files whose hits are features (a model trained on other rules is stale)."""
    try:
        from scanner.resources import lexicon_dir
    except ImportError:  # pragma: no cover
        return None
    h = hashlib.sha1()
    folder = lexicon_dir()
    for path in sorted(folder.rglob("*.y*ml")):
        if path.name == "categories.yml":
            continue
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def save(clf: SentenceClassifier, folder: Path) -> Path:
    """Write the pipeline with skops and the metadata as JSON; never pickle."""
    import skops.io as sio

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / MODEL_FILE
    sio.dump(clf.pipeline, path, compression=8)  # ZIP_DEFLATED
    context_path = folder / CONTEXT_FILE
    if clf.context:
        sio.dump({"knots": clf.context.knots, "models": clf.context.models}, context_path, compression=8)
    elif context_path.exists():  # a stale second stage must not be paired with a new first stage
        context_path.unlink()
    (folder / META_FILE).write_text(json.dumps(clf.meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


class ModelMissingError(FileNotFoundError):
    """The classifier model has not been trained (or was not shipped)."""


def load_model(folder: Path | None = None) -> SentenceClassifier:
    """Load a model with skops, trusting only the stock types listed above."""
    import skops.io as sio

    from scanner.resources import model_dir

    folder = Path(folder) if folder else model_dir()
    path, meta_path = folder / MODEL_FILE, folder / META_FILE
    if not path.is_file() or not meta_path.is_file():
        raise ModelMissingError(
            f"classifier model not found in {folder}: run `genderscan train` to build it from corpus/")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    pipeline = sio.load(path, trusted=TRUSTED_TYPES)
    columns = getattr(pipeline.named_steps["features"], "n_features_in_", FEATURE_COLUMNS)
    if columns != FEATURE_COLUMNS:  # a model from an older release: fail here, not mid-scan
        raise ModelMissingError(
            f"{path} was trained on {columns} feature columns, this genderscan builds {FEATURE_COLUMNS}: "
            "run `genderscan train` to rebuild it from corpus/")
    context = None
    if meta.get("context_labels"):
        if not (folder / CONTEXT_FILE).is_file():
            raise ModelMissingError(f"{folder / CONTEXT_FILE} is missing: run `genderscan train`")
        stored = sio.load(folder / CONTEXT_FILE, trusted=TRUSTED_TYPES)
        context = ContextStage(np.asarray(stored["knots"], dtype=np.float64), dict(stored["models"]))
    clf = SentenceClassifier(pipeline, list(meta["labels"]), dict(meta["thresholds"]), meta, context,
                             dict(meta.get("overrule", {})), list(meta.get("stances", [])))
    outputs = len(pipeline.named_steps["clf"].estimators_)
    if outputs != len(clf.columns):  # meta and model from different trainings
        raise ModelMissingError(f"{path} predicts {outputs} columns, {meta_path} names {len(clf.columns)}: "
                                "run `genderscan train` to rebuild both from corpus/")
    return clf


_CACHE: dict[str, SentenceClassifier] = {}


def shared_model() -> SentenceClassifier:
    """The shipped model, loaded once per process."""
    if "model" not in _CACHE:
        _CACHE["model"] = load_model()
    return _CACHE["model"]


@dataclass
class Evaluation:
    """Gold labels and each system's decisions on one split, with the document of every row."""

    labels: list[str]
    truth: np.ndarray
    systems: dict[str, np.ndarray]
    doc_ids: list[str]

    def scores(self) -> dict[str, dict[str, tuple]]:
        """P/R/F1/support per system and label."""
        return {name: {lab: prf(self.truth[:, j], pred[:, j]) for j, lab in enumerate(self.labels)}
                for name, pred in self.systems.items()}

    def f1_interval(self, system: str = "combined", resamples: int = 1000, seed: int = 13,
                    level: float = 0.95) -> dict[str, tuple[float, float]]:
        """Per label, a percentile interval of F1 from resampling whole documents.

        Sentences of one document share a writer and a policy, so they are not
        independent: resampling sentences would understate how much the
        figure moves with another set of test documents.  Counts are summed
        per document once; each resample is a weighted sum of those counts.
        """
        docs = sorted(set(self.doc_ids))
        index = {d: i for i, d in enumerate(docs)}
        rows_doc = np.array([index[d] for d in self.doc_ids])
        truth, pred = self.truth.astype(bool), self.systems[system].astype(bool)
        per_doc = {kind: np.zeros((len(docs), len(self.labels))) for kind in ("tp", "fp", "fn")}
        for kind, mask in (("tp", truth & pred), ("fp", ~truth & pred), ("fn", truth & ~pred)):
            np.add.at(per_doc[kind], rows_doc, mask.astype(float))
        rng = np.random.default_rng(seed)
        draws = rng.integers(0, len(docs), size=(resamples, len(docs)))
        weights = np.stack([np.bincount(d, minlength=len(docs)) for d in draws]).astype(float)
        tp, fp, fn = (weights @ per_doc[k] for k in ("tp", "fp", "fn"))
        with np.errstate(divide="ignore", invalid="ignore"):
            f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        tail = 100 * (1 - level) / 2
        low, high = np.percentile(f1, [tail, 100 - tail], axis=0)
        return {lab: (float(low[j]), float(high[j])) for j, lab in enumerate(self.labels)}


def evaluation(clf: SentenceClassifier, corpus_dir: Path, split: str = "test") -> Evaluation:
    """Lexicon alone, classifier alone and both combined on one split of the corpus."""
    docs = load_corpus(corpus_dir)
    splits = corpus_splits(corpus_dir, docs)
    rows = split_rows(docs, splits, split)
    doc_ids = split_doc_ids(docs, splits, split)
    X, flagged = featurize(sentences_for(rows))
    proba = clf.predict_proba_X(X, doc_ids)
    lex = lexicon_matrix(flagged, clf.labels)
    systems = {"lexicon": lex, "classifier": clf.decide(proba), "combined": clf.combine(lex, proba)}
    return Evaluation(list(clf.labels), label_matrix(rows, clf.labels), systems, doc_ids)


def evaluate(clf: SentenceClassifier, corpus_dir: Path, split: str = "test") -> dict[str, dict[str, tuple]]:
    """P/R/F1 per label for lexicon alone, classifier alone and both combined."""
    return evaluation(clf, corpus_dir, split).scores()


# ------------------------------------------------------------- analyzer

@cache
def category_texts() -> dict[str, Any]:
    """Per-category explanation (lexicons/categories.yml)."""
    import yaml

    from scanner.resources import lexicon_dir

    return yaml.safe_load((lexicon_dir() / "categories.yml").read_text(encoding="utf-8"))


def fingerprint(rule: str, text: str) -> str:
    return f"{rule}:{hashlib.sha1(normalise_sentence(text).encode('utf-8')).hexdigest()[:16]}"


def make_finding(sentence: Sentence, category: str, prob: float, terms: list[str],
                 lang: str = "nl", severity: str | None = None) -> Finding:
    """A classifier finding covering the whole sentence, explained in both languages."""
    info = category_texts().get(category, {})
    i18n = {code: {k: str(info.get(code, {}).get(k, "")) for k in ("message", "suggestion", "rationale")}
            for code in ("nl", "en")}
    own = i18n.get(lang, i18n["nl"])
    rule = f"classifier.{category}"
    return Finding(
        rule=rule, category=category, severity=severity or info.get("severity", "medium"),
        sentence=sentence.id, start=sentence.start, end=sentence.end, text=sentence.text,
        message=own["message"], suggestion=own["suggestion"], source=str(info.get("source", "")),
        origin="classifier", confidence=round(prob, 4), rationale=own["rationale"],
        explanation=terms, i18n=i18n, fingerprint=fingerprint(rule, sentence.text),
    )


class ClassifierAnalyzer:
    """Adds classifier findings to a document, merged with the lexicon's."""

    name = "classifier"

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.model = shared_model()

    def __call__(self, result: DocumentResult) -> None:
        sentences = result.sentences
        if not sentences:
            return
        X, _ = featurize(sentences)
        Xt = self.model.transform(X)  # once per document, not once per explained hit
        alone = self.model.predict_proba_Xt(Xt)
        proba = self.model.rescore(alone, X)  # sentences in reading order
        overrule_lexicon(result, proba, self.model)
        hits = self.model.decide(proba)
        existing = {(f.sentence, f.category): f for f in result.findings}
        for i, j in zip(*np.nonzero(hits)):
            category = self.model.labels[j]
            if not self._enabled(category):
                continue
            sentence, prob = sentences[i], float(proba[i, j])
            if sentence.kind == "heading" and (sentence.id, category) not in existing:
                # The model learnt from full sentences; a three-word heading such as
                # "Partners in de uitvoering" gives one known word all the weight.
                # Headings are left to the lexicon, whose weak rules skip them too.
                continue
            terms = self.model.top_terms(X[i], category, vec=Xt[i])
            if alone[i, j] < self.model.thresholds.get(category, 0.5) <= prob:
                terms.append("[context]")  # over the threshold only together with its neighbours
            merge_into(result, existing, sentence, category, prob, terms, self.settings)

    def _enabled(self, category: str) -> bool:
        check = getattr(self.settings, "category_enabled", None)
        return check(category) if check else True


OVERRULED_KINDS = frozenset({"paragraph", "list-item"})
"""Block kinds whose lexicon hits the model may overrule (prose, the register it learnt from)."""


def overrule_lexicon(result: DocumentResult, proba: np.ndarray, model: SentenceClassifier) -> None:
    """Move the built-in lexicon findings the model firmly reads as no finding to ``suppressed``.

    Kept there with reason ``classifier: p=…``, like a hit the context
    filters silence, so nothing is lost and a reviewer can see why.  Rules a
    user adds with ``--lexicons`` are never overruled: the model did not
    learn from them, so its low score says nothing about their hits.  Nor
    are headings, table rows and captions: the model learnt from prose, and
    a KPI row such as "Aantal bijstandshuishoudens | 1.840 | 1.700" is a
    target only by its place in the table.
    """
    if not model.overrule or not result.findings:
        return
    row = {s.id: i for i, s in enumerate(result.sentences)}
    column = {lab: j for j, lab in enumerate(model.labels)}
    silenced = model.overruled(proba)
    ruleset = _ruleset()
    builtin = ruleset.by_id if ruleset is not None else {}
    kept: list[Finding] = []
    for f in result.findings:
        i, j = row.get(f.sentence), column.get(f.category)
        if (f.origin == "lexicon" and f.rule in builtin and i is not None and j is not None and silenced[i, j]
                and result.sentences[i].kind in OVERRULED_KINDS):
            f.reason = f"classifier: p={proba[i, j]:.2f}"
            result.suppressed.append(f)
        else:
            kept.append(f)
    result.findings = kept


def merge_into(result: DocumentResult, existing: dict[tuple[int, str], Finding], sentence: Sentence,
               category: str, prob: float, terms: list[str], settings: Any) -> None:
    """One finding per sentence+category: agree with the lexicon or add our own."""
    lexicon = existing.get((sentence.id, category))
    if lexicon is not None:
        lexicon.confidence = max(float(lexicon.confidence), round(prob, 4))
        note = f"classifier agrees ({prob:.2f})" + (f": {', '.join(terms)}" if terms else "")
        if note not in lexicon.explanation:
            lexicon.explanation.append(note)
        return
    severities = getattr(settings, "severities", {}) or {}
    severity = severities.get(f"classifier.{category}") or severities.get(category)
    finding = make_finding(sentence, category, prob, terms, getattr(settings, "lang", "nl"), severity)
    result.findings.append(finding)
    existing[(sentence.id, category)] = finding


@register("classifier")
def make_classifier_analyzer(settings: Any) -> ClassifierAnalyzer:
    return ClassifierAnalyzer(settings)
