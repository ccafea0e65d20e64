"""Scan the bundled example and take screenshots of the HTML report for the docs.

    python scripts/screenshots.py [--lang nl|en] [--out docs/screenshots] [--example PATH]

Writes ``cover.png``, ``annotated-text.png`` and ``rubric.png`` (plus the
report itself as ``rapport.html`` next to them when ``--keep-html``).  Uses the
Debian Chromium at /usr/bin/chromium through Playwright; it never downloads a
browser (no ``playwright install``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PREFERRED = ["beleidsplan-werk-en-participatie.pdf", "beleidsplan-werk-en-participatie.md"]
# (file name, element to show near the top of the viewport, offset above it, viewport height);
# the annotated text leaves room for the sticky filter bar above the first flagged block
SHOTS = [("cover.png", "#cover", 0, 1100), ("annotated-text.png", "#text .doc-text .has-f", 260, 1300),
         ("rubric.png", "#rubric", 16, 1300)]


def find_example(explicit: str | None) -> Path:
    """The example to scan: the bundled PDF, else its Markdown draft, else any example."""
    if explicit:
        return Path(explicit)
    folder = REPO / "examples"
    for name in PREFERRED:
        if (folder / name).is_file():
            return folder / name
    others = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".pdf", ".docx", ".md", ".txt")
                    and p.name.upper() not in ("README.MD", "PLANTED.MD"))
    if not others:
        sys.exit("no example document found in examples/")
    return others[0]


def chromium_path() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("chromium not found: apt-get install -y chromium")


def render_report(example: Path, lang: str) -> str:
    from scanner import scan
    from scanner.render import html

    # scan by a path relative to the repository, so the report shows no home folders
    shown = example.relative_to(REPO) if example.resolve().is_relative_to(REPO) else example
    result = scan([shown])
    return html.render(result, lang=lang)


def take_screenshots(report: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, selector, offset, height in SHOTS:
            page = browser.new_page(viewport={"width": 1200, "height": height}, device_scale_factor=1)
            page.goto(report.as_uri())
            target = page.locator(selector).first
            if target.count():
                target.evaluate("(el, off) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - off)",
                                offset)
                page.wait_for_timeout(300)  # let the browser paint after the jump
            path = out / name
            page.screenshot(path=str(path))
            written.append(path)
            page.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="nl", choices=["nl", "en"])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--example", default=None, help="document to scan (default: the bundled example)")
    parser.add_argument("--keep-html", action="store_true", help="also write the report as rapport.html")
    args = parser.parse_args(argv)
    os.chdir(REPO)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    example = find_example(args.example).resolve()
    html = render_report(example, args.lang)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "rapport.html"
        report.write_text(html, encoding="utf-8")
        written = take_screenshots(report, out)
        if args.keep_html:
            shutil.copy(report, out / "rapport.html")
    print(f"scanned {example.relative_to(REPO) if example.is_relative_to(REPO) else example}")
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
