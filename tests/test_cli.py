"""The command line as a CI maintainer and a policy writer use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from scanner.cli import main

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "schemas" / "output.schema.json").read_text(encoding="utf-8"))

DRAFT = """# Concept uitvoeringsplan re-integratie

Bij gezinnen in de bijstand richt de klantmanager zich eerst op de partner met de grootste kans op werk.

De doelstelling voor 2027 is dat 250 bijstandshuishoudens uitstromen naar betaald werk.

## Aanpak

Iedere deelnemer krijgt een eigen plan van aanpak.
"""

CLEAN = """# Notitie

De gemeente verbetert de dienstverlening aan inwoners van alle leeftijden.
"""


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    (tmp_path / "concept.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "schoon.md").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert "genderscan 0.1.0" in capsys.readouterr().out


def test_json_output_follows_the_schema(drafts, capsys):
    code, out, _ = run(["scan", str(drafts / "concept.md"), "--format", "json", "-o", "-"], capsys)
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    doc = data["documents"][0]
    assert doc["sentences"][0]["text"] == "Concept uitvoeringsplan re-integratie"
    assert data["pipeline"]["name"] == "offline"
    categories = {f["category"] for f in doc["findings"]}
    assert {"breadwinner", "household-unit"} <= categories
    assert data["summary"]["findings"] == len(doc["findings"])


def test_fail_on_sets_exit_code(drafts, capsys):
    code, _, _ = run(["scan", str(drafts / "concept.md"), "--fail-on", "medium", "-q"], capsys)
    assert code == 1
    code, out, _ = run(["scan", str(drafts / "schoon.md"), "--fail-on", "info", "-q"], capsys)
    assert code == 0
    assert out == ""  # quiet when clean


def test_text_format_is_compiler_style(drafts, capsys):
    code, out, _ = run(["scan", str(drafts / "concept.md"), "--format", "text"], capsys)
    lines = [line for line in out.splitlines() if line.startswith(str(drafts))]
    assert lines, out
    path, page, line, rest = lines[0].split(":", 3)
    assert path.endswith("concept.md") and page.isdigit() and line.isdigit()
    assert rest.split()[0] in {"high", "medium", "low", "info"}


def test_bad_files_get_one_line_each_and_the_rest_is_scanned(drafts, capsys):
    (drafts / "leeg.pdf").write_bytes(b"")
    (drafts / "kapot.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (drafts / "notitie.xlsx").write_bytes(b"PK\x03\x04")
    args = ["scan", str(drafts / "concept.md"), str(drafts / "leeg.pdf"), str(drafts / "kapot.pdf"),
            str(drafts / "notitie.xlsx"), str(drafts / "bestaat-niet.md"), "--format", "json", "-o", "-"]
    code, out, err = run(args, capsys)
    assert code == 2
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    errors = [line for line in err.splitlines() if line.startswith("genderscan: ")]
    for name in ("leeg.pdf", "kapot.pdf", "notitie.xlsx", "bestaat-niet.md"):
        assert sum(name in line for line in errors) == 1, err
    ok = [d for d in data["documents"] if "error" not in d]
    assert [Path(d["path"]).name for d in ok] == ["concept.md"]
    assert ok[0]["findings"]


def test_format_follows_output_extension(drafts, capsys, tmp_path):
    target = tmp_path / "out" / "scan.json"
    code, _, _ = run(["scan", str(drafts / "concept.md"), "-o", str(target), "-q"], capsys)
    assert code == 0
    jsonschema.validate(json.loads(target.read_text(encoding="utf-8")), SCHEMA)


def test_folder_is_scanned_recursively_in_sorted_order(drafts, capsys):
    sub = drafts / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text("De gemeente voert het beleid uit.\n", encoding="utf-8")
    (sub / "negeren.xyz").write_text("niet scannen", encoding="utf-8")
    code, out, _ = run(["scan", str(drafts), "--format", "json", "-o", "-", "--jobs", "1"], capsys)
    assert code == 0
    names = [Path(d["path"]).name for d in json.loads(out)["documents"]]
    assert names == ["concept.md", "schoon.md", "a.txt"]


def test_parallel_output_equals_serial_output(drafts, capsys):
    for i in range(4):
        (drafts / f"extra{i}.md").write_text(DRAFT.replace("250", str(100 + i)), encoding="utf-8")
    _, serial, _ = run(["scan", str(drafts), "--format", "json", "-o", "-", "--jobs", "1"], capsys)
    _, parallel, _ = run(["scan", str(drafts), "--format", "json", "-o", "-", "--jobs", "2"], capsys)
    strip = lambda s: {k: v for k, v in json.loads(s).items() if k != "created"}  # noqa: E731
    assert strip(serial) == strip(parallel)


def test_config_file_disables_a_category(drafts, capsys, monkeypatch):
    (drafts / "genderscan.toml").write_text('disable = ["household-unit"]\n', encoding="utf-8")
    monkeypatch.chdir(drafts)
    code, out, _ = run(["scan", "concept.md", "--format", "json", "-o", "-"], capsys)
    cats = {f["category"] for f in json.loads(out)["documents"][0]["findings"]}
    assert "household-unit" not in cats and "breadwinner" in cats


def test_bad_config_is_one_line(drafts, capsys, monkeypatch):
    (drafts / "genderscan.toml").write_text("lang = \n", encoding="utf-8")
    monkeypatch.chdir(drafts)
    code, _, err = run(["scan", "concept.md"], capsys)
    assert code == 2
    assert err.count("\n") == 1 and "genderscan.toml" in err


def test_baseline_reports_only_new_findings(drafts, capsys, tmp_path):
    baseline = tmp_path / "baseline.json"
    code, _, _ = run(["baseline", "create", str(drafts / "concept.md"), "-o", str(baseline)], capsys)
    assert code == 0
    code, out, _ = run(["scan", str(drafts / "concept.md"), "--baseline", str(baseline),
                        "--format", "json", "-o", "-", "--fail-on", "info"], capsys)
    assert code == 0
    assert json.loads(out)["documents"][0]["findings"] == []
    # Reflowed text keeps its fingerprint; a new sentence is reported.
    changed = DRAFT.replace("grootste kans op werk.", "grootste kans\nop werk.") + (
        "\nDe vrouw kan zich in de eerste jaren richten op de zorg voor de kinderen, zodat de man kan werken.\n")
    (drafts / "concept.md").write_text(changed, encoding="utf-8")
    code, out, _ = run(["scan", str(drafts / "concept.md"), "--baseline", str(baseline),
                        "--format", "json", "-o", "-", "--fail-on", "info"], capsys)
    findings = json.loads(out)["documents"][0]["findings"]
    assert code == 1 and findings
    assert all("vrouw" in f["text"].lower() or "kinderen" in f["text"].lower() or "man" in f["text"].lower()
               for f in findings)


def test_diff_between_two_drafts(drafts, capsys, tmp_path):
    new = tmp_path / "v2.md"
    new.write_text(DRAFT.replace("De doelstelling voor 2027 is dat 250 bijstandshuishoudens uitstromen naar betaald werk.",
                                 "Wij registreren uitstroom per persoon, uitgesplitst naar geslacht."), encoding="utf-8")
    code, out, _ = run(["diff", str(drafts / "concept.md"), str(new), "--format", "json"], capsys)
    diff = json.loads(out)
    assert any(e["category"] == "household-unit" for e in diff["resolved"])
    assert diff["new"] == [] and code == 0
    assert any(e["category"] == "breadwinner" for e in diff["unchanged"])


def test_jsonl_stream_and_resume(drafts, capsys, tmp_path):
    out = tmp_path / "scan.jsonl"
    code, _, _ = run(["scan", str(drafts / "concept.md"), "--format", "jsonl", "-o", str(out), "-q"], capsys)
    assert code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    code, _, err = run(["scan", str(drafts), "--format", "jsonl", "-o", str(out), "--resume", "--jobs", "1"], capsys)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [Path(d["path"]).name for d in lines] == ["concept.md", "schoon.md"]
    assert "1 skipped" in err
    for doc in lines:
        jsonschema.validate(doc, {"$ref": "#/$defs/document", "$defs": SCHEMA["$defs"]})


def test_python_dash_m_and_console_script(drafts):
    proc = subprocess.run([sys.executable, "-m", "scanner", "scan", str(drafts / "concept.md"),
                           "--format", "json", "-o", "-"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["documents"][0]["findings"]


def test_usage_error_exit_code(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["scan", "--format", "pdf", "x.md"])
    assert exc.value.code == 2


def test_cache_dir_reuses_extraction(drafts, capsys, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    args = ["scan", str(drafts / "concept.md"), "--cache-dir", str(cache), "--format", "json", "-o", "-"]
    _, first, _ = run(args, capsys)
    entries = list(cache.rglob("*.json"))
    assert len(entries) == 1
    import scanner.pipeline as pipeline

    def no_ingest(*_a, **_k):
        raise AssertionError("ingest ran although the cache had the document")

    monkeypatch.setattr(pipeline, "load_document", no_ingest)
    _, second, _ = run(args, capsys)
    strip = lambda s: {k: v for k, v in json.loads(s).items() if k != "created"}  # noqa: E731
    assert strip(first) == strip(second)
