"""``scripts/realtext.py``: the classifier's own findings on real files, listed per file."""

from __future__ import annotations

from conftest import load_script


def _script():
    return load_script("realtext")


PLAN = (
    "Beleidsplan werk en inkomen Dalmeer 2027\n\n"
    "De gemeente Dalmeer wil dat iedere inwoner naar vermogen meedoet. Bij paren in de bijstand wordt "
    "alleen de partner met het hoogste verdienvermogen aangemeld bij de werkmakelaar; de andere partner "
    "wacht tot dat traject is afgerond. Wij evalueren dit plan in 2029.\n"
)


def test_lists_the_paraphrase_the_word_lists_miss_and_nothing_else(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    rows = _script().classifier_only([path], None)
    assert [(r["kind"], r["category"]) for r in rows] == [("finding", "breadwinner")]
    assert rows[0]["text"].startswith("Bij paren in de bijstand wordt alleen de partner")
    assert rows[0]["file"] == "plan.txt" and rows[0]["p"] >= 0.5


def test_missing_path_is_one_line_and_exit_code_2(tmp_path, capsys):
    assert _script().main([str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.strip() == f"realtext: {tmp_path / 'nowhere'}: no such file or folder"
