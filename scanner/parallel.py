"""Scanning many documents: a process pool on one machine, Dask beyond it.

The unit of work is :func:`scanner.pipeline.scan_document`, unchanged.  Each
worker loads the Dutch pipeline, lexicons and model once (module-level
caches survive between tasks in the same process) and results come back in
input order, so output is deterministic whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from scanner.config import Settings
from scanner.model import DocumentResult

_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    """Warm the per-process caches before the first document arrives."""
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings
    from scanner.nlp import get_nlp
    from scanner.pipeline import analyzers_for

    get_nlp()
    analyzers_for(settings)


def _scan_one(path: str) -> DocumentResult:
    from scanner.pipeline import scan_document

    result = scan_document(path, _WORKER_SETTINGS)
    return _portable(result)


def _portable(result: DocumentResult) -> DocumentResult:
    """Drop derived per-token data before sending a result across processes.

    Renderers need sentence text, offsets and pages, not tokens or lemmas;
    pickling those would cost more than scanning.
    """
    for s in result.sentences:
        s.tokens = []
        s.lemmas = []
        s.token_offsets = []
    return result


def map_documents(paths: list[Path], settings: Settings) -> Iterator[DocumentResult]:
    """Scan ``paths`` on ``settings.jobs`` processes, yielding in input order."""
    workers = max(1, min(settings.jobs, len(paths), os.cpu_count() or 1))
    chunksize = max(1, min(8, len(paths) // (workers * 4) or 1))
    # Build everything once in the parent: configuration errors surface here
    # as one clear line, and with 'fork' the workers inherit the warm caches.
    _init_worker(settings)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker, initargs=(settings,)) as pool:
        yield from pool.map(_scan_one, [str(p) for p in paths], chunksize=chunksize)


def map_documents_dask(paths: list[Path], settings: Settings, address: str) -> Iterator[DocumentResult]:
    """Run the same per-document function on an existing Dask distributed cluster.

    Needs the optional extra: ``pip install 'genderscan[dask]'``.  Workers
    need genderscan installed and read access to the files (shared storage).
    """
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        from scanner.errors import ConfigError

        raise ConfigError("--dask-scheduler needs the dask extra: pip install 'genderscan[dask]'") from exc
    with Client(address) as client:
        futures = deque(client.map(_scan_remote, [str(p) for p in paths], settings=settings, pure=False))
        while futures:  # input order, deterministic
            future = futures.popleft()
            yield future.result()
            # Dropping the last reference frees the result on its worker: with tens of
            # thousands of documents the cluster then holds only results not yet written.
            del future


def _scan_remote(path: str, settings: Settings) -> DocumentResult:
    from scanner.pipeline import scan_document

    return _portable(scan_document(path, settings))
