"""Rubric answers, good-practice credits and the verdict (scanner/rubric.py)."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from checks_helpers import result_of, sentences_of
from scanner.checks import ChecksAnalyzer
from scanner.config import Settings
from scanner.model import Finding, SetResult
from scanner.resources import lexicon_dir
from scanner.rubric import Facts, RubricAnalyzer, decide_verdict, find_credits, holds, load_rubric

SETTINGS = Settings()
CHECKS = ChecksAnalyzer(SETTINGS)
RUBRIC = RubricAnalyzer(SETTINGS)
SPEC = load_rubric()

SENSITIVE = """{WORK} {KM} {DATA}

Vrouwen in de bijstand stromen minder vaak uit dan mannen. Daarom rapporteren we de uitstroom uitgesplitst naar geslacht.
Tijdens het traject vergoedt de gemeente de kosten van kinderopvang. Trajecten plannen we binnen schooltijden.
Met lokale vrouwenorganisaties werken we samen en de gemeente ondersteunt vrouwenorganisaties financieel.
Alle klantmanagers volgen een training gendersensitief werken.
Niet-uitkeringsgerechtigde vrouwen benaderen we actief."""

NEUTRAL = "{WORK} {KM} {DATA}"


def finding(category: str, sentence: int, severity: str = "high") -> Finding:
    return Finding(rule=f"{category}.test", category=category, severity=severity, sentence=sentence,
                   start=0, end=1, text="x", message="m", suggestion="s", source="src")


def analyse(text: str, findings: list[Finding] = ()):
    result = result_of(text)
    result.findings = list(findings)
    CHECKS(result)
    RUBRIC(result)
    return result


def answers(result) -> dict[str, str]:
    return {a.id: a.answer for a in result.rubric}


def test_yaml_follows_schemas():
    for name in ("credits", "rubric"):
        schema = json.loads((lexicon_dir() / "schema" / f"{name}.schema.json").read_text())
        jsonschema.validate(yaml.safe_load((lexicon_dir() / f"{name}.yml").read_text(encoding="utf-8")), schema)


def test_all_frameworks_and_22_credits():
    assert {q["framework"] for q in SPEC.questions} == {"atria", "diversion", "verwey-jonker-beleid",
                                                        "verwey-jonker-uitvoering"}
    assert len([q for q in SPEC.questions if q["framework"] == "diversion"]) == 6
    assert [c.id for c in SPEC.credits] == [f"GP-{i:02d}" for i in range(1, 23)]


CREDIT_EXAMPLES = [(c.id, kind, text) for c in SPEC.credits for kind in ("match", "no_match")
                   for text in c.examples.get(kind, [])]


@pytest.mark.parametrize("gp,kind,text", CREDIT_EXAMPLES, ids=[f"{g}-{k}-{i}" for i, (g, k, _) in enumerate(CREDIT_EXAMPLES)])
def test_credit_examples(gp: str, kind: str, text: str):
    found = {c.id for c in find_credits(SPEC, sentences_of(text), "nl")}
    assert (gp in found) == (kind == "match")


def test_bare_mention_earns_no_credit():
    found = {c.id for c in find_credits(SPEC, sentences_of("Kinderopvang. Vrouwenorganisaties. Deeltijd."), "nl")}
    assert not found & {"GP-01", "GP-03", "GP-10"}


def test_gender_sensitive_document():
    result = analyse(SENSITIVE)
    got = answers(result)
    assert result.verdict == "gendersensitief", result.verdict_reason
    assert got["vj-uitvoering-2"] == "ja" and got["diversion-5"] == "ja" and got["vj-uitvoering-3"] == "ja"
    assert got["atria-1"] == "nee"
    assert {"GP-01", "GP-09", "GP-10"} <= {c.id for c in result.credits}


def test_neutral_document():
    result = analyse(NEUTRAL)
    got = answers(result)
    assert result.verdict == "genderneutraal"
    assert got["atria-1"] == "nee"
    assert got["atria-2"] == "deels"  # no childcare and no work-care: stereotypes are not countered
    assert got["vj-uitvoering-2"] == "nee" and got["diversion-5"] == "nee"
    assert result.credits == []


def test_stereotyped_document():
    text = NEUTRAL + "\n\nWij richten ons op de partner met de meeste kansen. Moeders zorgen eerst voor de kinderen."
    base = result_of(text)
    n = len(base.sentences)
    result = analyse(text, [finding("breadwinner", n - 2), finding("care-role", n - 1, "medium")])
    got = answers(result)
    assert result.verdict == "genderstereotyperend"
    assert got["atria-1"] == "ja"
    atria1 = next(a for a in result.rubric if a.id == "atria-1")
    assert {f["sentence"] for f in atria1.findings} == {n - 2, n - 1}
    assert got["atria-3"] == "ja"


def test_verdict_rule_order():
    facts = Facts(findings=[], checks={}, credits={})
    assert decide_verdict(SPEC, facts, "nl")[0] is None  # nothing applies: out of scope
    neutral = analyse(NEUTRAL)
    base = Facts(findings=[], checks={c.id: c for c in neutral.checks}, credits={})
    assert decide_verdict(SPEC, base, "nl")[0] == "genderneutraal"
    one_medium = Facts(findings=[(finding("care-role", 0, "medium"), 0)], checks=base.checks, credits={})
    assert decide_verdict(SPEC, one_medium, "nl")[0] == "genderneutraal"
    one_high = Facts(findings=[(finding("breadwinner", 0), 0)], checks=base.checks, credits={})
    assert decide_verdict(SPEC, one_high, "nl")[0] == "genderstereotyperend"
    sensitive = analyse(SENSITIVE)
    offset = Facts(findings=[(finding("breadwinner", 0), 0)], checks={c.id: c for c in sensitive.checks},
                   credits={c.id: c for c in sensitive.credits})
    assert decide_verdict(SPEC, offset, "nl")[0] == "gendersensitief"  # one high finding, >= 3 credits


def test_conditions_reject_unknown_keys():
    with pytest.raises(ValueError):
        holds({"no_such_key": []}, Facts(findings=[], checks={}, credits={}))


def test_set_rubric_uses_all_documents():
    a = result_of(NEUTRAL, path="a.md")
    b = result_of("Tijdens het re-integratietraject vergoedt de gemeente de kosten van kinderopvang.", path="b.md")
    for r in (a, b):
        CHECKS(r)
        RUBRIC(r)
    set_result = SetResult()
    CHECKS.run_set([a, b], set_result)
    RUBRIC.run_set([a, b], set_result)
    gp1 = next(c for c in set_result.credits if c.id == "GP-01")
    assert gp1.sentences[0]["path"] == "b.md"
    assert {x.id: x.answer for x in set_result.rubric}["vj-uitvoering-2"] == "deels"
    assert set_result.verdict in {"genderneutraal", "gendersensitief", "genderstereotyperend"}
