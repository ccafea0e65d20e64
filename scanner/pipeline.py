"""Run a scan: files -> documents -> sentences -> analyzers -> ScanResult.

:func:`scan_document` is the per-document unit of work.  It never raises for
a bad input file: the error is recorded on the result so the rest of a batch
is still scanned.  It is a plain top-level function of picklable arguments so
a process pool or a Dask cluster can run it unchanged.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from scanner import __version__
from scanner.config import Settings
from scanner.errors import IngestError
from scanner.ingest import SUPPORTED_SUFFIXES, load_document
from scanner.model import DocumentResult, ScanResult, SetResult
from scanner.nlp import pipeline_info, segment
from scanner.registry import create
from scanner.suppress import apply_inline_suppressions, ensure_fingerprints

_ANALYZER_CACHE: dict[tuple, list] = {}


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus supported files found recursively in folders.

    Directly named files are kept whatever their extension (so an unsupported
    file gets its own clear error); folders contribute only supported files,
    in sorted order so output is deterministic.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found = [path]
        for p in found:
            key = p.resolve() if p.exists() else p
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


def analyzers_for(settings: Settings) -> list:
    """Analyzers for ``settings``, built once per process (models load once)."""
    key = (tuple(settings.analyzers), settings.lang, tuple(settings.lexicon_dirs),
           tuple(sorted(settings.categories.items())), tuple(sorted(settings.severities.items())))
    if key not in _ANALYZER_CACHE:
        _ANALYZER_CACHE[key] = [create(name, settings) for name in settings.analyzers]
    return _ANALYZER_CACHE[key]


def scan_document(path: str | Path, settings: Settings | None = None) -> DocumentResult:
    """Scan one file. Errors reading it are returned in ``result.error``."""
    settings = settings or Settings()
    result = DocumentResult(path=str(path))
    try:
        document = _load(Path(path), settings)
    except IngestError as exc:
        result.error = exc.one_line()
        result.warnings.append(exc.code)
        return result
    result.document = document
    result.format = document.format
    result.pages = document.pages
    result.warnings.extend(document.warnings)
    analyzers = analyzers_for(settings)  # a configuration error stops the run with one line
    try:
        result.sentences = segment(document)
        for analyzer in analyzers:
            analyzer(result)
        ensure_fingerprints(result)
        apply_inline_suppressions(result)
    except Exception as exc:  # noqa: BLE001 - a bug hit by one document must not end a batch
        return _internal_error(result, exc)
    if any(w.startswith("not-dutch") for w in result.warnings):
        result.language = "unknown"
    return result


def _internal_error(result: DocumentResult, exc: Exception) -> DocumentResult:
    """Record a bug hit by one document as its error; the batch goes on."""
    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
    result.error = f"{result.path}: internal-error: {detail} (please report this with the file if you can)"
    result.warnings.append("internal-error")
    result.findings, result.suppressed, result.checks = [], [], []
    return result


def _load(path: Path, settings: Settings):
    """Ingest, through the content-hash cache when ``settings.cache_dir`` is set."""
    if not settings.cache_dir or settings.password or not path.is_file():
        # Decrypted text of a protected PDF is never written to a cache folder.
        return load_document(path, settings)
    from scanner import cache

    folder = Path(settings.cache_dir)
    key = cache.cache_key(path, settings.ocr)
    document = cache.load(folder, key, path)
    if document is None:
        document = load_document(path, settings)
        cache.store(folder, key, document)
    return document


def iter_results(paths: list[Path], settings: Settings) -> Iterator[DocumentResult]:
    """Results in input order; parallel when ``settings.jobs > 1``."""
    if settings.jobs > 1 and len(paths) > 1:
        from scanner.parallel import map_documents

        yield from map_documents(paths, settings)
    else:
        for path in paths:
            yield scan_document(path, settings)


def judge_set(results: list[DocumentResult], settings: Settings) -> SetResult:
    """Judge readable documents together as one policy set (``--set``)."""
    set_result = SetResult()
    readable = [r for r in results if r.ok]
    for analyzer in analyzers_for(settings):
        run_set = getattr(analyzer, "run_set", None)
        if run_set is not None:
            run_set(readable, set_result)
    return set_result


def scan(paths: Iterable[str | Path] | str | Path, settings: Settings | None = None) -> ScanResult:
    """Public API: scan files and folders and return a :class:`ScanResult`.

    >>> from scanner import scan
    >>> result = scan(["beleidsplan.pdf"])          # doctest: +SKIP
    >>> result.documents[0].sentences[0].page        # doctest: +SKIP
    1
    """
    settings = settings or Settings()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files = expand_paths(paths)
    results = list(iter_results(files, settings))
    return build_result(results, settings)


def build_result(results: list[DocumentResult], settings: Settings) -> ScanResult:
    set_result = judge_set(results, settings) if settings.set_mode else None
    return ScanResult(
        tool={"name": "genderscan", "version": __version__},
        pipeline=pipeline_info(),
        documents=results,
        set=set_result,
        lang=settings.lang,
        created=_dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
    )
