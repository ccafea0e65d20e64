"""Throughput of a Dask cluster on the 200-document batch (docs/min), for docs/scale.md.

Starts a LocalCluster (2 worker processes x 1 thread by default: the same
code path as a real ``dask-scheduler`` + ``dask-worker`` cluster, through
``map_documents_dask``) and scans the batch twice: the first pass includes
each worker loading spaCy, the lexicons and the model; the second shows the
steady state of warm workers.  Prints numbers only; nothing is asserted.

Usage: python benchmarks/bench_dask.py [--workdir DIR] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", default="/tmp/gsbench")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    from bench_pipeline import ensure_inputs
    from distributed import LocalCluster

    from scanner.config import Settings
    from scanner.parallel import map_documents_dask
    from scanner.pipeline import expand_paths

    inputs = ensure_inputs(Path(args.workdir), args.batch)
    files = expand_paths([inputs["batch"]])
    settings = Settings(jobs=1)
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        for label in ("cold workers", "warm workers"):
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            results = list(map_documents_dask(files, settings, cluster.scheduler_address))
            seconds = time.perf_counter() - t0
            errors = sum(1 for r in results if r.error)
            print(f"{label}: {len(results)} documents on {args.workers} workers in {seconds:.1f} s = "
                  f"{60 * len(results) / seconds:.0f} docs/min ({errors} errors; load before {load:.2f})")


if __name__ == "__main__":
    main()
