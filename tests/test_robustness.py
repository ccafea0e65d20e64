"""Hostile and broken input: nothing lost, nothing crashes, nobody fooled.

A sample of every kind from ``scripts/robustness_run.py`` goes through
scan_document and every renderer; the full run (with its table) is in
``docs/robustness.md``.  Plus the output-path guard, the one-line error
promise for hostile file names, and the loader-safety checks.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import REPO, load_robustness_script
from scanner.config import Settings
from scanner.pipeline import scan_document
from scanner.safepath import UnsafePathError, safe_output_path




R = load_robustness_script()
GENERATED = [k for k in R.GENERATORS if k != "pathological"]


@pytest.mark.parametrize("kind", GENERATED)
def test_generated_hostile_inputs(kind, tmp_path):
    """A few inputs of each kind: no crash, nothing lost, nothing injected, the right outcome."""
    tallies: dict = {}
    rng = R.random.Random(f"test-{kind}")
    for index, case in enumerate(R.GENERATORS[kind](rng, 4)):
        folder = tmp_path / str(index)
        folder.mkdir()
        R.run_case(case, folder, Settings(analyzers=[]), tallies.setdefault(case.kind, R.Tally()))
    assert tallies, "the generator produced nothing"
    problems = [p for t in tallies.values() for p in t.problems]
    assert not problems, "\n".join(problems)
    assert sum(t.tried for t in tallies.values()) >= 1


def test_pathological_shapes_stay_fast_enough_to_finish(tmp_path):
    """Shapes that used to be quadratic in the Markdown reader (only the cheap ones here)."""
    tally = R.Tally()
    shapes = [("sterren.md", "**a " * 3000), ("links.md", "[a](" * 2000), ("lijst.md", "- punt\n" * 2000),
              ("leeg.txt", "\n" * 20_000 + "Eind van de tekst.")]
    for index, (name, body) in enumerate(shapes):
        folder = tmp_path / str(index)
        folder.mkdir()
        R.run_case(R.Case("pathological", name, body.encode()), folder, Settings(analyzers=[]), tally)
    assert tally.tried == len(shapes) and not tally.problems, tally.problems


def test_the_checker_notices_injected_markup_and_lost_sentences(tmp_path):
    """The robustness checks themselves can fail (else a zero in the table means nothing)."""
    path = tmp_path / "concept.md"
    path.write_text("# Kop\n\nDe gemeente helpt. Iedereen doet mee.\n", encoding="utf-8")
    doc = scan_document(path, Settings(analyzers=[]))
    evil = "<html><body><img src=x onerror=alert(1)><a href='javascript:alert(1)'>x</a></body></html>"
    unsafe, lost = R.html_problems(evil, [doc])
    assert any("onerror" in u for u in unsafe) and any("javascript" in u for u in unsafe)
    assert lost  # no annotated text at all
    doc.sentences.pop()
    assert R.accounting_problems(doc)


def test_batch_with_bad_files_reports_one_line_each_and_scans_the_rest(tmp_path):
    """The CLI contract: one line per bad file, exit 2, the good file still scanned."""
    import subprocess

    (tmp_path / "goed.md").write_text("# Werk\n\nDe gemeente helpt inwoners aan werk.\n", encoding="utf-8")
    (tmp_path / "leeg.pdf").write_bytes(b"")
    (tmp_path / "rommel.pdf").write_bytes(b"geen pdf\n" * 10)
    (tmp_path / "nep.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    out = tmp_path / "rapport.json"
    done = subprocess.run([sys.executable, "-m", "scanner", "scan", str(tmp_path), "-o", str(out), "-q"],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 2, done.stderr
    bad_lines = [line for line in done.stderr.splitlines() if any(n in line for n in ("leeg.pdf", "rommel.pdf",
                                                                                        "nep.docx"))]
    assert len(bad_lines) == 3, done.stderr
    data = R.json.loads(out.read_text(encoding="utf-8"))
    good = [d for d in data["documents"] if d["path"].endswith("goed.md")]
    assert good and good[0]["sentences"] and "error" not in good[0]


@pytest.mark.skipif(os.name != "posix", reason="newlines in file names are a POSIX thing")
def test_error_for_a_file_name_with_a_newline_is_one_line(tmp_path):
    path = tmp_path / "regel\nbreuk.pdf"
    path.write_bytes(b"geen pdf")
    result = scan_document(path, Settings(analyzers=[]))
    assert result.error and "\n" not in result.error and "regel\\nbreuk.pdf" in result.error


def test_unreadable_file_is_an_error_not_a_crash(tmp_path):
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("root can read anything; permissions cannot be tested")
    path = tmp_path / "geheim.txt"
    path.write_text("De gemeente.", encoding="utf-8")
    path.chmod(0)
    assert scan_document(path, Settings(analyzers=[])).error


def test_overlong_file_name_is_an_error_not_a_crash(tmp_path):
    result = scan_document(tmp_path / ("x" * 300 + ".md"), Settings(analyzers=[]))
    assert result.error and "not-found" in result.error


def test_text_output_carries_no_terminal_escapes(tmp_path):
    from scanner.pipeline import build_result
    from scanner.render import render

    path = tmp_path / "escape.txt"
    body = "De gemeente \x1b[2J\x1b]0;titel\x07helpt\x9b31m iedereen die een uitkering heeft aan werk. " * 3
    path.write_text(body + "\n\nDe consulent maakt samen met de inwoner een plan voor de komende maanden.\n",
                    encoding="utf-8")
    doc = scan_document(path, Settings(analyzers=[]))
    assert doc.error is None, doc.error
    assert "helpt" in doc.document.text
    for fmt in ("text", "markdown", "github"):
        out = render(build_result([doc], Settings(analyzers=[])), fmt)
        assert "\x1b" not in out and "\x9b" not in out


# ------------------------------------------------------------------ safe output paths

@pytest.mark.parametrize("name", ["rapport.html", "sub/map/rapport.html", "één twee.json", "a..b.md", ".verborgen"])
def test_safe_names_stay_inside(tmp_path, name):
    target = safe_output_path(tmp_path, name)
    assert tmp_path.resolve() in target.resolve().parents


@pytest.mark.parametrize("name", [
    "", "   ", "../uit.html", "sub/../../uit.html", "..", "...", "/etc/passwd", "\\\\server\\share\\x",
    "C:\\Windows\\x.html", "c:rapport.html", "D:/x", "naam\x00.html", "regel\nbreuk.html", "..\\uit.html",
    "sub\\..\\..\\uit.html", "NUL", "com1.txt", "x" * 300, "./.", "sub/./../..",
])
def test_unsafe_names_are_refused(tmp_path, name):
    with pytest.raises(UnsafePathError):
        safe_output_path(tmp_path, name)


@pytest.mark.skipif(os.name != "posix", reason="symlinks need privileges on Windows")
def test_symlink_out_of_the_directory_is_refused(tmp_path):
    out, elsewhere = tmp_path / "uit", tmp_path / "elders"
    out.mkdir()
    elsewhere.mkdir()
    (out / "link").symlink_to(elsewhere, target_is_directory=True)
    (out / "bestand.html").symlink_to(elsewhere / "doel.html")
    with pytest.raises(UnsafePathError):
        safe_output_path(out, "link/rapport.html")
    with pytest.raises(UnsafePathError):
        safe_output_path(out, "bestand.html")
    (out / "binnen").mkdir()
    (out / "ok").symlink_to(out / "binnen", target_is_directory=True)
    assert safe_output_path(out, "ok/rapport.html").name == "rapport.html"


def test_unsafe_path_error_is_a_value_error(tmp_path):
    with pytest.raises(ValueError):
        safe_output_path(tmp_path, "../x")


# ------------------------------------------------------------------ loaders

SOURCES = sorted((REPO / "scanner").rglob("*.py"))


def test_yaml_is_only_loaded_safely():
    unsafe = re.compile(r"yaml\.(unsafe_load|full_load|load_all)\(|Loader=yaml\.(Loader|FullLoader|UnsafeLoader)"
                        r"|yaml\.load\((?![^)]*Loader=_?\w*(Safe|Line)\w*)")
    found = [f"{p.relative_to(REPO)}:{n}" for p in SOURCES
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if unsafe.search(line)]
    assert not found, found


def test_no_pickle_on_user_input():
    found = [f"{p.relative_to(REPO)}:{n}" for p in SOURCES
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\b(pickle|cPickle|dill|joblib|shelve|marshal)\.(load|loads|Unpickler|open)\b", line)]
    assert not found, found


def test_skops_loads_with_an_explicit_trusted_list():
    source = (REPO / "scanner" / "classifier.py").read_text(encoding="utf-8")
    calls = re.findall(r"sio\.load\(([^)]*)\)", source)
    assert calls and all("trusted=TRUSTED_TYPES" in c for c in calls), calls
    assert "trusted=True" not in source and "get_untrusted_types" not in source
    from scanner.classifier import TRUSTED_TYPES

    assert all(t.startswith(("builtins.", "numpy.", "scipy.", "sklearn.")) for t in TRUSTED_TYPES)


def test_lexicon_with_python_tag_is_refused(tmp_path):
    """A lexicon is data: a !!python tag must not run code when it is loaded."""
    import yaml

    from scanner.rules.loader import _LineLoader

    with pytest.raises(yaml.YAMLError):
        yaml.load("x: !!python/object/apply:os.system ['echo gehackt']", Loader=_LineLoader)  # noqa: S506


def test_not_dutch_warning_reaches_json_and_html(tmp_path):
    from scanner.pipeline import build_result
    from scanner.render import render

    path = tmp_path / "english.txt"
    path.write_text("The municipality will support every resident who is looking for work, and it offers "
                    "childcare to the parents of young children while they are in training. " * 4, encoding="utf-8")
    doc = scan_document(path, Settings(analyzers=[]))
    assert doc.error is None and doc.language == "unknown"
    result = build_result([doc], Settings(analyzers=[]))
    entry = R.json.loads(render(result, "json"))["documents"][0]
    assert any(w.startswith("not-dutch") for w in entry["warnings"])
    assert "not-dutch" in render(result, "html")
