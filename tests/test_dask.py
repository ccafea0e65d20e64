"""The same per-document function on a Dask cluster (here a LocalCluster)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from scanner.cli import main  # noqa: E402


def test_scan_on_a_local_dask_cluster(tmp_path: Path, capsys):
    for i in range(3):
        (tmp_path / f"nota{i}.md").write_text(
            f"# Nota {i}\n\nHet doel is dat {100 + i} bijstandshuishoudens uitstromen naar werk.\n", encoding="utf-8")
    (tmp_path / "kapot.pdf").write_bytes(b"%PDF-1.4 kapot")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        code = main(["scan", str(tmp_path), "--dask-scheduler", cluster.scheduler_address,
                     "--format", "json", "-o", "-"])
    out = json.loads(capsys.readouterr().out)
    names = [Path(d["path"]).name for d in out["documents"]]
    assert names == ["kapot.pdf", "nota0.md", "nota1.md", "nota2.md"]  # input order kept
    assert code == 2  # the broken PDF is reported, the rest scanned
    assert all(d["findings"] for d in out["documents"][1:])
