"""The ``genderscan`` command line: argument parsing only.

Quiet when clean, one clear line per problem, exit codes per
ARCHITECTURE.md §4: 0 no finding at or above ``--fail-on``, 1 findings at or
above it, 2 usage error or an unreadable document (the other documents are
still scanned and reported).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from scanner import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = ("info", "low", "medium", "high")


def _add_scan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (folders are scanned recursively)")
    p.add_argument("--format", "-f", choices=("html", "json", "jsonl", "sarif", "text", "github", "markdown"),
                   help="output format (default: from the -o extension, else text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE ('-' for standard output)")
    p.add_argument("--set", dest="set_mode", action="store_true",
                   help="judge the documents together as one policy set")
    p.add_argument("--lang", choices=("nl", "en"), help="report language (default nl)")
    p.add_argument("--fail-on", choices=SEVERITIES, help="exit 1 when a finding has at least this severity")
    p.add_argument("--config", metavar="FILE", help="genderscan.toml or pyproject.toml with [tool.genderscan]")
    p.add_argument("--lexicons", metavar="DIR", action="append", default=[], help="extra lexicon folder (repeatable)")
    p.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline file")
    p.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--ocr", action="store_true", help="run Tesseract OCR on pages without a text layer")
    p.add_argument("--password", metavar="PW", help="password for encrypted PDFs")
    p.add_argument("--cache-dir", metavar="DIR", help="cache extracted text here, keyed by file content")
    p.add_argument("--resume", action="store_true", help="with --format jsonl -o FILE: skip documents already in FILE")
    p.add_argument("--dask-scheduler", metavar="ADDRESS", help="run on an existing Dask distributed cluster")
    p.add_argument("--no-classifier", action="store_true", help="lexicon rules and checks only")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary on stderr")
    p.add_argument("--open", action="store_true", help="open the HTML report in a browser")
    p.add_argument("--max-file-mb", type=float, metavar="MB", help="refuse files larger than this")
    p.add_argument("--max-pages", type=int, metavar="N", help="refuse PDFs with more pages")
    p.add_argument("--max-chars-per-page", type=int, metavar="N", help="refuse pages with more characters")
    p.add_argument("--max-docx-uncompressed-mb", type=float, metavar="MB",
                   help="refuse DOCX files that unpack to more than this (zip bombs)")
    p.add_argument("--max-docx-ratio", type=float, metavar="R",
                   help="refuse DOCX files whose unpacked/packed size ratio exceeds R (zip bombs)")
    p.add_argument("--timeout", type=float, metavar="S", help="give up on one document after S seconds")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="genderscan",
        description="Scan Dutch work and participation policy for gender stereotypes.",
    )
    parser.add_argument("--version", action="version", version=f"genderscan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    scan = sub.add_parser("scan", help="scan documents and write a report")
    _add_scan_options(scan)

    rules = sub.add_parser("rules", help="list, check or document the lexicon rules")
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION")
    r_list = rules_sub.add_parser("list", help="list all rules")
    r_check = rules_sub.add_parser("check", help="validate rule files and run every example")
    r_check.add_argument("dir", nargs="?", help="lexicon folder to check (default: the built-in one)")
    r_docs = rules_sub.add_parser("docs", help="write docs/rules.md from the lexicons")
    r_docs.add_argument("-o", "--output", help="output file (default docs/rules.md)")
    for p in (r_list, r_check, r_docs):
        p.add_argument("--lexicons", metavar="DIR", action="append", default=[])
        p.add_argument("--lang", choices=("nl", "en"), default="nl")
    r_list.set_defaults(dir=None, output=None)
    r_check.set_defaults(output=None)
    r_docs.set_defaults(dir=None)

    train = sub.add_parser("train", help="train the sentence classifier from corpus/")
    train.add_argument("--corpus", help="corpus folder (default: corpus/)")
    train.add_argument("-o", "--output", help="model folder (default: the package's models/)")
    train.add_argument("--seed", type=int, default=13)
    evaluate = sub.add_parser("evaluate", help="precision/recall/F1 on the corpus test split")
    evaluate.add_argument("--corpus", help="corpus folder (default: corpus/)")
    evaluate.add_argument("--markdown", action="store_true", help="print a Markdown table")
    evaluate.add_argument("-o", "--output", help="write the table to this file")
    evaluate.add_argument("--seed", type=int, default=13)
    evaluate.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                          help="resample whole test documents N times for a 95%% interval of combined F1 (0: off)")

    baseline = sub.add_parser("baseline", help="record current findings so CI reports only new ones")
    b_sub = baseline.add_subparsers(dest="baseline_command", metavar="ACTION")
    b_create = b_sub.add_parser("create", help="write a baseline file")
    b_create.add_argument("paths", nargs="+", metavar="PATH")
    b_create.add_argument("-o", "--output", required=True, metavar="FILE")
    b_create.add_argument("--config", metavar="FILE")
    b_create.add_argument("--lexicons", metavar="DIR", action="append", default=[])
    b_create.add_argument("--no-classifier", action="store_true")

    diff = sub.add_parser("diff", help="findings resolved, new and unchanged between two versions")
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    diff.add_argument("--lang", choices=("nl", "en"))
    diff.add_argument("--config", metavar="FILE")
    diff.add_argument("--lexicons", metavar="DIR", action="append", default=[])
    diff.add_argument("--no-classifier", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        return _dispatch(parser, args)
    except KeyboardInterrupt:
        print("genderscan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `genderscan scan ... | head` closed the pipe: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - last line of defence: one line, never a traceback
        from scanner.errors import GenderscanError

        if isinstance(exc, GenderscanError) or os.environ.get("GENDERSCAN_DEBUG") is None:
            print(f"genderscan: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        raise


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "scan":
        from scanner.commands import run_scan

        return run_scan(args)
    if args.command == "rules":
        from scanner import cli_rules

        handler = {"list": cli_rules.cmd_list, "check": cli_rules.cmd_check, "docs": cli_rules.cmd_docs}
        if args.rules_command not in handler:
            parser.parse_args(["rules", "--help"])
        return handler[args.rules_command](args)
    if args.command in ("train", "evaluate"):
        from scanner import cli_train

        return cli_train.cmd_train(args) if args.command == "train" else cli_train.cmd_evaluate(args)
    if args.command == "baseline":
        from scanner.commands import run_baseline_create

        if args.baseline_command != "create":
            parser.parse_args(["baseline", "--help"])
        return run_baseline_create(args)
    if args.command == "diff":
        from scanner.commands import run_diff

        return run_diff(args)
    parser.print_help()
    return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
