"""CI formats: text, GitHub workflow commands, Markdown and SARIF."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from test_render_fixture import HOSTILE, make_clean_result, make_result

from scanner.render import github, markdown, sarif, text
from scanner.resources import schema_path

LINE = re.compile(r"^(?P<path>[^:]+):(?P<page>\d+):(?P<line>\d+): (?P<sev>high|medium|low|info|error) (?P<rest>.+)$")


# ---- text -------------------------------------------------------------------

def test_text_one_line_per_finding_check_and_error_then_summary():
    result = make_result()
    lines = text.render(result).splitlines()
    doc = result.documents[0]
    failed = [c for c in doc.checks if c.status == "fail"]
    assert len(lines) == len(doc.findings) + len(failed) + 1 + 1  # + unreadable doc + summary
    body, summary = lines[:-1], lines[-1]
    assert all(LINE.match(line) for line in body), body
    assert "genderscan:" in summary and str(len(doc.findings)) in summary
    checks = [line for line in body if ":0:0: " in line and "read-error" not in line]
    assert sorted(line.split()[2] for line in checks) == sorted(c.id for c in failed)


def test_text_line_is_source_line_for_markdown():
    result = make_result(with_error=False)
    doc = result.documents[0]
    first = doc.findings[0]
    expected = f"{doc.path}:{doc.sentences[first.sentence].page}:{doc.sentences[first.sentence].line}: "
    assert text.render(result).startswith(expected)


def test_text_line_is_sentence_number_within_page_for_pdf():
    result = make_result(with_error=False, path="plan.pdf")
    doc = result.documents[0]
    out = text.render(result)
    target = next(f for f in doc.findings if f.sentence == 6)  # second sentence on page 2 after the heading
    on_page = [s.id for s in doc.sentences if s.page == doc.sentences[6].page]
    assert f"plan.pdf:2:{on_page.index(6) + 1}: {target.severity} {target.category} {target.rule}" in out


def test_text_is_quiet_when_clean_and_respects_min_severity():
    assert text.render(make_clean_result()) == ""
    result = make_result(with_error=False)
    high_only = text.render(result, min_severity="high").splitlines()[:-1]
    assert high_only and all(" high " in line for line in high_only)


def test_text_is_english_with_lang_en():
    out = text.render(make_result(with_error=False), lang="en")
    assert "EN: breadwinner found." in out and "finding(s)" in out.splitlines()[-1]


# ---- GitHub -----------------------------------------------------------------

def test_github_escaping_rules():
    assert github.escape_data("50%\r\nx") == "50%25%0D%0Ax"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = github.command("warning", "twee\nregels", file="d:/x,y.md", line=3, title="t: 1, 2")
    assert line == "::warning file=d%3A/x%2Cy.md,line=3,title=t%3A 1%2C 2::twee%0Aregels"


def test_github_levels_and_one_command_per_line():
    result = make_result()
    out = github.render(result).splitlines()
    doc = result.documents[0]
    assert len(out) == len(doc.findings) + sum(c.status == "fail" for c in doc.checks) + 1
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out)
    levels = [line.split(" ", 1)[0] for line in out[: len(doc.findings)]]
    order = sorted(doc.findings, key=lambda f: (f.start, f.end, f.rule))
    assert levels == [{"high": "::error", "medium": "::warning"}.get(f.severity, "::notice") for f in order]
    assert any(line.startswith("::error file=beleid/kapot.pdf") for line in out)


def test_github_pdf_has_no_line_but_names_the_page():
    out = github.render(make_result(with_error=False, path="plan.pdf"))
    assert "line=" not in out and "(p. 1)" in out


# ---- Markdown ---------------------------------------------------------------

def test_markdown_summary_escapes_document_text():
    out = markdown.render(make_result(with_set=True))
    assert "<script" not in out and HOSTILE not in out
    assert "&lt;script&gt;" in out
    assert "Genderstereotyperend" in out and "### Controles niet voldaan" in out
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    header_cells = rows[0].count(" | ")
    assert all(row.replace("\\|", "").count(" | ") == header_cells for row in rows[:8])


def test_markdown_escapes_pipes_and_mentions():
    result = make_result(with_error=False)
    finding = result.documents[0].findings[0]
    finding.text = "a | b @iemand [link](x) *vet*"
    out = markdown.render(result)
    assert "a \\| b @\u200biemand \\[link\\](x) \\*vet\\*" in out


def test_markdown_clean_and_top_limit():
    assert "Geen bevindingen" in markdown.render(make_clean_result())
    out = markdown.render(make_result(with_error=False), top=3)
    assert "… en nog" in out


# ---- SARIF ------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    return json.loads(schema_path("sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _validate(log: dict, schema: dict) -> None:
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_validates_against_the_official_schema(sarif_schema):
    for result in (make_result(with_set=True), make_clean_result(), make_result(path="plan.pdf")):
        _validate(json.loads(sarif.render(result)), sarif_schema)


def test_sarif_schema_rejects_a_broken_log(sarif_schema):
    log = json.loads(sarif.render(make_result()))
    log["runs"][0]["results"][0]["level"] = "fatal"
    cls = jsonschema.validators.validator_for(sarif_schema)
    assert list(cls(sarif_schema).iter_errors(log))


def test_sarif_results_rules_and_locations():
    result = make_result()
    log = json.loads(sarif.render(result))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    doc = result.documents[0]
    unsuppressed = [r for r in run["results"] if "suppressions" not in r]
    failed = [c for c in doc.checks if c.status == "fail"]
    assert len(unsuppressed) == len(doc.findings) + len(failed)
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    levels = {r["ruleId"]: r["level"] for r in unsuppressed}
    assert levels["breadwinner.support-ends"] == "error"
    assert levels["sector-steering.female-sectors"] == "warning"
    assert levels["generic-masculine.hij"] == "note"
    first = next(r for r in unsuppressed if r["ruleId"] == "household-unit.outflow-goal")
    region = first["locations"][0]["physicalLocation"]["region"]
    finding = doc.findings[0]
    assert region["charOffset"] == finding.start and region["charLength"] == finding.end - finding.start
    assert region["startLine"] == doc.sentences[finding.sentence].line
    assert region["snippet"]["text"] == finding.text
    assert first["partialFingerprints"]["genderscan/v1"] == finding.fingerprint
    rule = next(r for r in rules if r["id"] == "breadwinner.support-ends")
    assert rule["properties"]["category"] == "breadwinner" and rule["properties"]["severity"] == "high"
    assert rule["helpUri"].endswith("#breadwinnersupport-ends") and "Suggestie" in rule["help"]["text"]


def test_sarif_suppressions_checks_and_unreadable_documents():
    log = json.loads(sarif.render(make_result()))
    run = log["runs"][0]
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert len(suppressed) == 1 and suppressed[0]["suppressions"][0]["kind"] == "inSource"
    check = next(r for r in run["results"] if r["ruleId"] == "gender-blind-spot")
    assert check["relatedLocations"] and "region" not in check["locations"][0]["physicalLocation"]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "kapot.pdf" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_pdf_start_line_is_one():
    log = json.loads(sarif.render(make_result(with_error=False, path="plan.pdf")))
    regions = [loc["physicalLocation"]["region"] for r in log["runs"][0]["results"]
               for loc in r["locations"] if "region" in loc["physicalLocation"]]
    assert regions and all(region["startLine"] == 1 for region in regions)


# ---- pre-commit ---------------------------------------------------------------

def test_pre_commit_hook_definition():
    import yaml

    from scanner.resources import REPO_DIR

    hooks = yaml.safe_load((REPO_DIR / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "genderscan")
    assert hook["entry"].split()[:2] == ["genderscan", "scan"]
    assert "--format text" in hook["entry"] and "--fail-on medium" in hook["entry"]
    pattern = re.compile(hook["files"])
    assert all(pattern.search(name) for name in ("a.md", "b/c.txt", "d.docx"))
    assert not any(pattern.search(name) for name in ("a.py", "b.pdf.bak", "docx.json"))
