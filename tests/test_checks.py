"""Document- and set-level absence checks (scanner/checks.py, lexicons/checks/)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml

from checks_helpers import check_documents, expand, result_of, sentences_of
from scanner.checks import (ChecksAnalyzer, TermIndex, load_checks, words)
from scanner.config import Settings
from scanner.model import SetResult
from scanner.resources import lexicon_dir

BOOK = load_checks()
ANALYZER = ChecksAnalyzer(Settings())
DOCS = check_documents()


def run(text: str) -> dict:
    return {r.id: r for r in ANALYZER.run(sentences_of(expand(text)))}


# ---------------------------------------------------------------- the data

def test_check_files_follow_the_schema():
    schema = json.loads((lexicon_dir() / "schema" / "check.schema.json").read_text())
    files = [p for p in (lexicon_dir() / "checks").glob("*.yml") if not p.name.startswith("_")]
    assert len(files) >= 10
    for path in files:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_architecture_check_ids_exist():
    for cid in ("missing-childcare", "gender-blind-spot", "womens-organisations", "professional-awareness"):
        assert cid in BOOK.by_id


def test_unknown_term_set_is_rejected(tmp_path: Path):
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "bad.yml").write_text(
        "id: bad\nkind: conditional\ntitle: {nl: x, en: x}\nseverity: low\nsource: nowhere\n"
        "messages: {pass: {nl: x, en: x}}\nsatisfied_by: {terms: ['@no-such-set']}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no-such-set"):
        load_checks([str(tmp_path)])


# ------------------------------------------------ generic: examples in YAML

EXAMPLES = [(spec.id, i, ex) for spec in BOOK.checks for i, ex in enumerate(spec.examples)]


@pytest.mark.parametrize("cid,i,example", EXAMPLES, ids=[f"{c}-{i}" for c, i, _ in EXAMPLES])
def test_yaml_examples(cid: str, i: int, example: dict):
    assert run(example["text"])[cid].status == example["status"], example.get("note", "")


def test_every_leaf_check_has_examples_of_fail():
    for spec in BOOK.checks:
        if spec.kind != "umbrella":
            assert any(ex["status"] == "fail" for ex in spec.examples), spec.id


# ---------------------------------------------- the test documents (>= 8)

@pytest.mark.parametrize("cid,doc", DOCS, ids=[f"{c}:{d['name']}" for c, d in DOCS])
def test_documents(cid: str, doc: dict):
    result = run(doc["text"])[cid]
    assert result.status == doc["expect"], f"{doc.get('note', '')} -> {result.message}"


def test_at_least_eight_documents_per_check_and_every_status():
    per_check = Counter(cid for cid, _ in DOCS)
    for spec in BOOK.checks:
        assert per_check[spec.id] >= 8, spec.id
        statuses = {d["expect"] for c, d in DOCS if c == spec.id}
        assert statuses == {"pass", "fail", "not-applicable"}, spec.id


# ------------------------------------------------------ result contents

def test_fail_has_evidence_and_dutch_message_and_english_variant():
    res = run("{WORK} Het gebrek aan kinderopvang is een grote drempel.")["missing-childcare"]
    assert res.status == "fail"
    sentences = sentences_of(expand("{WORK} Het gebrek aan kinderopvang is een grote drempel."))
    barrier_id = next(s.id for s in sentences if "kinderopvang" in s.text)
    assert res.evidence[0] == barrier_id
    assert "belemmering" in res.i18n["nl"]["message"]
    assert "barrier" in res.i18n["en"]["message"]
    assert res.suggestion and res.source and res.severity == "high"


def test_pass_names_the_provision_sentence():
    text = "{WORK} {KM} De gemeente betaalt de kinderopvang tijdens het traject."
    res = run(text)["missing-childcare"]
    sentences = sentences_of(expand(text))
    assert res.status == "pass"
    assert [sentences[i].text for i in res.satisfied_by] == [s.text for s in sentences if "kinderopvang" in s.text]
    assert res.suggestion == ""


def test_not_applicable_says_why():
    res = run("De gemeente veegt de straten op dinsdag.")["missing-childcare"]
    assert res.status == "not-applicable"
    assert "verplichtingen of instrumenten voor werk of participatie" in res.reason


def test_english_messages():
    analyzer = ChecksAnalyzer(Settings(lang="en"))
    res = {r.id: r for r in analyzer.run(sentences_of(expand("{WORK} {KM}")))}
    assert res["missing-childcare"].message.startswith("The document")


def test_umbrella_lists_failed_parts():
    res = run("{WORK} {KM} {DATA}")
    assert res["gender-blind-spot"].status == "fail"
    assert "uitgesplitst" in res["gender-blind-spot"].message
    assert res["gender-attention"].status == "fail"


def test_disabled_check_is_left_out():
    analyzer = ChecksAnalyzer(Settings(categories={"project-only": False}))
    assert "project-only" not in {r.id for r in analyzer.run(sentences_of(expand("{WORK}")))}


def test_analyzer_contract_sets_result_checks():
    result = result_of("{WORK} {KM}")
    ANALYZER(result)
    assert {c.id for c in result.checks} == set(BOOK.by_id)
    json.dumps([c.to_json() for c in result.checks])


# ------------------------------------------------------------- set level

def test_provision_in_other_document_satisfies_the_set():
    a = result_of("{WORK} Het gebrek aan kinderopvang is een drempel.", path="a/beleidsplan.md")
    b = result_of("Uitvoeringsregels. {KM} Tijdens het re-integratietraject vergoedt de gemeente kinderopvang.",
                  path="b/uitvoering.md")
    for r in (a, b):
        ANALYZER(r)
    assert {c.id: c for c in a.checks}["missing-childcare"].status == "fail"
    set_result = SetResult()
    ANALYZER.run_set([a, b], set_result)
    check = {c.id: c for c in set_result.checks}["missing-childcare"]
    assert check.status == "pass"
    sid = next(s.id for s in b.sentences if "vergoedt" in s.text)
    assert {"path": "b/uitvoering.md", "sentence": sid} in check.satisfied_by
    assert all(isinstance(e, dict) and {"path", "sentence"} <= set(e) for e in check.evidence)


def test_set_not_applicable_only_when_no_document_applies():
    a = result_of("De markt is op zaterdag.", path="a.md")
    b = result_of("{WORK}", path="b.md")
    set_result = SetResult()
    ANALYZER.run_set([a], set_result)
    assert {c.id: c for c in set_result.checks}["missing-childcare"].status == "not-applicable"
    ANALYZER.run_set([a, b], set_result)
    assert {c.id: c for c in set_result.checks}["missing-childcare"].status == "fail"


# -------------------------------------------------------- matching engine

def test_words_fold_and_join_hyphenated_compounds():
    assert words("Niet-uitkeringsgerechtigde vrouw, financiële re-integratie") == [
        "nietuitkeringsgerechtigde", "vrouw", "financiele", "reintegratie"]


def test_wildcards_phrases_and_numbers():
    index = TermIndex()
    index.add("a", ["kinderopvang*", "*opvang", "naar geslacht", "<num> vrouwen"])
    hits = index.scan(words("Peuteropvang en kinderopvangtoeslag; uitgesplitst naar geslacht: 12 vrouwen"))
    assert hits["a"] == [0, 2, 4, 6]


def test_niet_in_compound_is_not_a_negation():
    res = run("{WORK} Ook niet-uitkeringsgerechtigden benaderen we actief voor een traject.")
    assert res["nuggers-absent"].status == "pass"


def test_negation_exception_keeps_free_childcare():
    res = run("{WORK} Kinderopvang tijdens het traject is gratis, er is geen eigen bijdrage.")
    assert res["missing-childcare"].status == "pass"


# ------------------------------------------------ document genre (_genre.yml)

STATUTE = """Wet van 12 maart 2031, houdende regels over werk en bijstand.

In deze wet wordt verstaan onder college: het college van burgemeester en wethouders.

Het college biedt niet-uitkeringsgerechtigden actief ondersteuning bij arbeidsinschakeling aan.

Onze Minister kan bij ministeriële regeling nadere regels stellen over re-integratie.

Bij of krachtens deze wet worden regels gesteld over loonkostensubsidie."""


def _all_not_applicable(results: dict, needle: str) -> None:
    assert results, "no checks ran"
    for cid, res in results.items():
        assert res.status == "not-applicable", cid
        assert needle in res.reason.lower(), (cid, res.reason)


def test_decision_list_is_out_of_scope():
    text = "Besluitenlijst van de raadsvergadering van 3 juni 2030\n\n{WORK} {KM}"
    _all_not_applicable(run(text), "besluitenlijst")


def test_statute_is_out_of_scope_and_earns_no_credit():
    from scanner.rubric import RubricAnalyzer

    result = result_of(STATUTE)
    ANALYZER(result)
    assert all(c.status == "not-applicable" for c in result.checks)
    assert "wettekst" in result.checks[0].reason
    RubricAnalyzer(Settings())(result)
    assert result.credits == [], "a law's description of municipal duties is no municipal provision"
    assert result.verdict is None and "wettekst" in result.verdict_reason


def test_the_same_sentence_in_a_policy_plan_does_earn_the_credit():
    from scanner.rubric import RubricAnalyzer

    result = result_of("{WORK} De gemeente biedt niet-uitkeringsgerechtigden actief ondersteuning bij werk aan.")
    ANALYZER(result)
    RubricAnalyzer(Settings())(result)
    assert "GP-05" in {c.id for c in result.credits}


def test_short_regulation_on_another_subject_is_out_of_scope():
    text = ("Beleidsregels giften bijstand 2030\n\nArtikel 1 Begrippen\n\n"
            "Een gift is geld dat iemand krijgt zonder dat daar een tegenprestatie tegenover staat.\n\n"
            "Artikel 2 Vrijlating\n\nGiften tot 1200 euro per jaar laten wij buiten beschouwing.")
    results = run(text)
    _all_not_applicable(results, "regeling")
    assert "1 zin" in results["missing-childcare"].reason


def test_regulation_about_work_is_judged():
    text = ("Re-integratieverordening 2030\n\nArtikel 1\n\n{WORK}\n\n"
            "Het college biedt werkervaringsplaatsen en een jobcoach aan.\n\n"
            "De klantmanager stelt een plan van aanpak op.\n\n"
            "Loonkostensubsidie is er voor wie niet het minimumloon kan verdienen.")
    assert run(text)["missing-childcare"].status == "fail"


def test_stereotyping_sentence_is_no_evidence_of_a_provision():
    sentences = sentences_of(expand(
        "{WORK} Vrouwen met een migratieachtergrond tonen weinig motivatie om te werken."))
    flagged = frozenset(s.id for s in sentences if "motivatie" in s.text)
    plain = {r.id: r for r in ANALYZER.run(sentences)}
    judged = {r.id: r for r in ANALYZER.run(sentences, flagged)}
    assert plain["no-intersectionality"].status == "pass"
    assert judged["no-intersectionality"].status == "fail"


@pytest.mark.parametrize(("name", "needle"), [
    ("nl_szw_normenbrief_2026-01-01.pdf", "normen"),
    ("besluitenlijst_raadsvergadering_2015-06-29.pdf", "besluitenlijst"),
    ("rotterdam_beleidsregels_giften_kostenvoordelen_2023_CVDR701597.txt", "regeling"),
    ("nl_participatiewet_BWBR0015703_2026-01-01.txt", "wettekst"),
])
def test_real_documents_outside_the_checks_scope(name: str, needle: str):
    from conftest import shared_file

    from scanner.pipeline import scan_document

    result = scan_document(shared_file("realdocs", name), Settings(analyzers=["rules", "checks", "rubric"]))
    _all_not_applicable({c.id: c for c in result.checks}, needle)
    assert result.credits == [] and result.verdict is None
