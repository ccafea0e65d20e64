"""What the CLI subcommands do, kept apart from argument parsing.

``run_scan`` builds :class:`Settings` (defaults < config file < flags), scans,
writes the chosen format and turns the result into an exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
import webbrowser
from pathlib import Path

from scanner.config import Settings, apply_config, find_config, load_config
from scanner.errors import ConfigError
from scanner.model import SEVERITY_ORDER, DocumentResult, ScanResult

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Defaults, then the configuration file, then command-line flags."""
    settings = Settings(jobs=os.cpu_count() or 1)
    config = getattr(args, "config", None)
    path = Path(config) if config else find_config(Path.cwd())
    if config and not path.is_file():
        raise ConfigError(f"{config}: configuration file not found")
    if path is not None:
        apply_config(settings, load_config(path), path)
    for name in ("lang", "fail_on", "baseline", "jobs", "password", "cache_dir"):
        value = getattr(args, name, None)
        if value is not None:
            setattr(settings, name, value)
    settings.set_mode = bool(getattr(args, "set_mode", False))
    settings.ocr = bool(getattr(args, "ocr", False))
    settings.lexicon_dirs.extend(str(Path(d).resolve()) for d in getattr(args, "lexicons", []) or [])
    if getattr(args, "no_classifier", False):
        settings.analyzers = [a for a in settings.analyzers if a != "classifier"]
    for flag, limit in (("max_file_mb", "max_file_mb"), ("max_pages", "max_pages"), ("timeout", "timeout_s"),
                        ("max_chars_per_page", "max_chars_per_page"),
                        ("max_docx_uncompressed_mb", "max_docx_uncompressed_mb"),
                        ("max_docx_ratio", "max_docx_ratio")):
        value = getattr(args, flag, None)
        if value is not None:
            setattr(settings.limits, limit, value)
    if settings.jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    for d in settings.lexicon_dirs:
        if not Path(d).is_dir():
            raise ConfigError(f"{d}: lexicon folder not found")
    return settings


def exit_code(result: ScanResult, fail_on: str | None) -> int:
    """2 when a document was unreadable, else 1 when a finding reaches ``fail_on``."""
    if result.errors:
        return EXIT_ERROR
    if fail_on is None:
        return EXIT_OK
    threshold = SEVERITY_ORDER[fail_on]
    for doc in result.documents:
        if any(SEVERITY_ORDER[f.severity] >= threshold for f in doc.findings):
            return EXIT_FINDINGS
        if any(c.status == "fail" and not c.baselined and SEVERITY_ORDER.get(c.severity, 0) >= threshold
               for c in doc.checks):
            return EXIT_FINDINGS
    if result.set is not None:
        if any(c.status == "fail" and SEVERITY_ORDER.get(c.severity, 0) >= threshold for c in result.set.checks):
            return EXIT_FINDINGS
    return EXIT_OK


def _progress(total: int, quiet: bool):
    """A progress bar with ETA on an interactive terminal; nothing in CI or with --quiet."""
    if quiet or total < 2 or os.environ.get("CI") or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with spaCy
        return None
    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, leave=False)


def _write(text: str, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(output)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _report_errors(results: list[DocumentResult]) -> None:
    for doc in results:
        if doc.error:
            print(f"genderscan: {doc.error}", file=sys.stderr)


def _summary_line(result: ScanResult, output: str | None) -> str:
    findings = [f for d in result.documents for f in d.findings]
    high = sum(1 for f in findings if f.severity == "high")
    failed = sum(1 for d in result.documents for c in d.checks if c.status == "fail")
    readable = len(result.documents) - len(result.errors)
    where = f" -> {output}" if output not in (None, "-") else ""
    return (f"genderscan: {readable} document(s), {sum(len(d.sentences) for d in result.documents)} sentences, "
            f"{len(findings)} finding(s) ({high} high), {failed} failed check(s){where}")


def run_scan(args: argparse.Namespace) -> int:
    from scanner.pipeline import build_result, expand_paths
    from scanner.render import format_for_path, render
    from scanner.suppress import apply_baseline, load_baseline

    settings = settings_from_args(args)
    fmt = args.format or format_for_path(args.output) or "text"
    if args.open and fmt != "html":
        raise ConfigError("--open needs an HTML report (-o report.html or --format html)")
    files = expand_paths(args.paths)
    if not files:
        print("genderscan: error: no supported documents found in " + ", ".join(args.paths), file=sys.stderr)
        return EXIT_ERROR
    baseline = load_baseline(settings.baseline) if settings.baseline else None

    if fmt == "jsonl":
        return _run_jsonl(args, settings, files, baseline)

    bar = _progress(len(files), args.quiet)
    results: list[DocumentResult] = []
    for doc in _iterate(files, settings, args):
        if baseline is not None:
            apply_baseline(doc, baseline)
        results.append(doc)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    result = build_result(results, settings)
    _report_errors(results)
    for doc in results:
        for warning in doc.warnings:
            if warning.startswith("not-dutch") and not args.quiet and fmt != "text":
                print(f"genderscan: warning: {doc.path}: {warning}", file=sys.stderr)
    text = render(result, fmt, lang=settings.lang)
    _write(text, args.output)
    if not args.quiet and args.output not in (None, "-"):
        print(_summary_line(result, args.output), file=sys.stderr)
    if args.open and args.output not in (None, "-"):
        webbrowser.open(Path(args.output).resolve().as_uri())
    return exit_code(result, settings.fail_on)


def _iterate(files: list[Path], settings: Settings, args: argparse.Namespace):
    if getattr(args, "dask_scheduler", None):
        from scanner.parallel import map_documents_dask

        return map_documents_dask(files, settings, args.dask_scheduler)
    from scanner.pipeline import iter_results

    return iter_results(files, settings)


def _run_jsonl(args, settings: Settings, files: list[Path], baseline) -> int:
    """Stream one line per document; ``--resume`` skips documents already written."""
    import json

    from scanner.nlp import pipeline_info
    from scanner.render.jsonl import line_for
    from scanner.suppress import apply_baseline
    from scanner import __version__

    done: set[str] = set()
    out_path = args.output if args.output not in (None, "-") else None
    if args.resume:
        if out_path is None:
            raise ConfigError("--resume needs -o FILE")
        if Path(out_path).is_file():
            for line in Path(out_path).read_text(encoding="utf-8").splitlines():
                try:
                    done.add(json.loads(line)["path"])
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut off by an interrupted run is scanned again
    todo = [f for f in files if str(f) not in done]
    tool = {"name": "genderscan", "version": __version__}
    pipeline = pipeline_info()
    stream = open(out_path, "a" if args.resume else "w", encoding="utf-8") if out_path else sys.stdout
    errors = 0
    fails = 0
    bar = _progress(len(todo), args.quiet)
    try:
        for doc in _iterate(todo, settings, args):
            if baseline is not None:
                apply_baseline(doc, baseline)
            stream.write(line_for(doc, tool, pipeline))
            stream.flush()
            if doc.error:
                errors += 1
                print(f"genderscan: {doc.error}", file=sys.stderr)
            elif settings.fail_on and any(
                SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[settings.fail_on] for f in doc.findings
            ):
                fails += 1
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        if out_path:
            stream.close()
    if not args.quiet and out_path:
        print(f"genderscan: {len(todo)} document(s) scanned, {len(done)} skipped (already in {out_path})",
              file=sys.stderr)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if fails else EXIT_OK


def run_baseline_create(args: argparse.Namespace) -> int:
    from scanner.pipeline import scan
    from scanner.suppress import write_baseline

    settings = settings_from_args(args)
    result = scan(args.paths, settings)
    _report_errors(result.documents)
    count = write_baseline(result, Path(args.output))
    print(f"genderscan: baseline with {count} finding(s) written to {args.output}", file=sys.stderr)
    return EXIT_ERROR if result.errors else EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    from scanner.pipeline import scan
    from scanner.suppress import diff_results, render_diff

    settings = settings_from_args(args)
    old = scan([args.old], settings)
    new = scan([args.new], settings)
    _report_errors(old.documents + new.documents)
    if old.errors or new.errors:
        return EXIT_ERROR
    diff = diff_results(old, new)
    sys.stdout.write(render_diff(diff, args.format, settings.lang))
    return EXIT_FINDINGS if diff["new"] else EXIT_OK
