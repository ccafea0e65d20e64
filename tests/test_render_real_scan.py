"""All renderers on a real end-to-end scan of the bundled Markdown example."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from test_render_html import parse

from scanner.render import github, html, markdown, sarif, text
from scanner.resources import REPO_DIR, schema_path

EXAMPLE = REPO_DIR / "examples" / "beleidsplan-werk-en-participatie.md"


@pytest.fixture(scope="module")
def result():
    if not EXAMPLE.is_file():
        pytest.skip("the bundled example is not there")
    from scanner import scan

    return scan([EXAMPLE.relative_to(REPO_DIR)] if EXAMPLE.is_relative_to(REPO_DIR.resolve()) else [EXAMPLE])


def test_real_scan_html_report_is_consistent(result):
    doc = result.documents[0]
    assert doc.error is None and doc.findings  # the example plants findings
    page = html.render(result)
    tags = parse(page).tags
    ids = {a["id"] for _t, a in tags if a.get("id")}
    assert len(ids) == len([1 for _t, a in tags if a.get("id")])  # ids are unique
    links = {a["href"][1:] for _t, a in tags if (a.get("href") or "").startswith("#")}
    assert not sorted(links - ids)
    notes = [a for t, a in tags if t == "aside"]
    assert len(notes) == len(doc.findings)
    assert all(f'id="s-0-{s.id}"' in page for s in doc.sentences)
    english = html.render(result, lang="en")
    assert "Annotated text" in english


def test_real_scan_sarif_is_valid(result):
    schema = json.loads(schema_path("sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(sarif.render(result))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    run = log["runs"][0]
    assert len([r for r in run["results"] if "suppressions" not in r]) == (
        len(result.documents[0].findings) + sum(c.status == "fail" for c in result.documents[0].checks))


def test_real_scan_ci_formats(result):
    doc = result.documents[0]
    lines = text.render(result).splitlines()
    finding_lines = [line for line in lines if re.match(r"^[^:]+:\d+:[1-9]\d*: ", line)]
    assert len(finding_lines) == len(doc.findings)  # Markdown sentences have source lines
    assert len(github.render(result).splitlines()) == len(doc.findings) + sum(
        c.status == "fail" for c in doc.checks)
    assert markdown.render(result).startswith("## Genderscan")
