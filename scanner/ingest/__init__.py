"""Ingest: read a PDF, DOCX, Markdown or text file into a clean :class:`Document`.

One entry point, :func:`load_document`.  It checks the file before any parser
touches it (exists, not empty, not too large, content matches the extension),
dispatches on the extension, and adds document-level warnings (language).
Every problem becomes an :class:`~scanner.errors.IngestError` so a batch scan
can report one line per bad file and carry on.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import IngestError
from scanner.ingest.language import language_warning
from scanner.model import Document

if TYPE_CHECKING:
    from scanner.config import Settings

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".md", ".markdown", ".txt", ".text"})
FORMATS = {".pdf": "pdf", ".docx": "docx", ".md": "markdown", ".markdown": "markdown",
           ".txt": "text", ".text": "text"}
_MAGIC = [(b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP/DOCX"), (b"PK\x05\x06", "ZIP"), (b"\xd0\xcf\x11\xe0", "old Word/Office (.doc)"),
          (b"{\\rtf", "RTF"), (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
          (b"GIF8", "GIF image"), (b"\x1f\x8b", "gzip archive"), (b"Rar!", "RAR archive"),
          (b"7z\xbc\xaf", "7-Zip archive"), (b"\x7fELF", "executable")]

__all__ = ["SUPPORTED_SUFFIXES", "load_document", "sniff"]


def sniff(head: bytes) -> str | None:
    """The format the first bytes reveal, e.g. ``"PDF"``; None for plain text or unknown."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if b"%PDF-" in head[:1024]:  # the PDF spec allows junk before the header
        return "PDF"
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html")):
        return "HTML page"
    return None


def load_document(path: Path, settings: "Settings | None" = None) -> Document:
    """Read one file into a :class:`Document`; raises :class:`IngestError` (always one line)."""
    from scanner.config import Settings

    try:
        try:
            return _load(Path(path), settings or Settings())
        except OSError as exc:  # permission denied, name too long, I/O error, ...
            raise IngestError(str(path), "not-found", f"cannot read file: {exc.strerror or exc}") from exc
    except IngestError as exc:
        raise _one_line(exc) from exc.__cause__


def _one_line(exc: IngestError) -> IngestError:
    """The same error with control characters escaped, so it really prints as one line.

    File names may contain newlines and parser messages may contain raw bytes;
    a batch report promises one line per bad file.
    """
    return IngestError(_printable(exc.path), exc.code, _short(exc.detail, 300), _short(exc.hint, 200))


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _load(path: Path, settings: "Settings") -> Document:
    started = time.perf_counter()
    suffix = _check_file(path, settings)
    with path.open("rb") as handle:
        head = handle.read(1024)
    kind = sniff(head)
    fmt = FORMATS[suffix]
    _check_magic(path, fmt, kind)
    document = _read_guarded(path, fmt, settings)
    if not document.text.strip():
        hint = ("" if fmt != "pdf" else "OCR found no readable text either" if settings.ocr
                else "scanned PDF; run with --ocr")
        raise IngestError(str(path), "no-text" if fmt == "pdf" else "empty", "the document contains no text", hint)
    warning = language_warning(document.text)
    if warning:
        document.warnings.append(warning)
    document.metadata.setdefault("ingest_seconds", round(time.perf_counter() - started, 4))
    return document


def _check_file(path: Path, settings: "Settings") -> str:
    """Existence, extension and size checks that need no parser."""
    if not path.exists():
        raise IngestError(str(path), "not-found", "file not found")
    if not path.is_file():
        raise IngestError(str(path), "unsupported", "not a regular file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(str(path), "unsupported", f"unsupported file type '{suffix or '(none)'}'",
                          "supported: " + ", ".join(sorted(SUPPORTED_SUFFIXES)))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(str(path), "not-found", f"cannot read file: {exc.strerror}") from exc
    if size == 0:
        raise IngestError(str(path), "empty", "the file is empty (0 bytes)")
    limit = settings.limits.max_file_mb
    if size > limit * 1024 * 1024:
        raise IngestError(str(path), "too-large", f"file is {size / 1048576:.1f} MB, limit is {limit:g} MB",
                          "raise the limit with --max-file-mb")
    return suffix


def _check_magic(path: Path, fmt: str, kind: str | None) -> None:
    """Refuse a file whose content is not what its extension claims."""
    if fmt == "pdf" and kind != "PDF":
        if kind:
            raise IngestError(str(path), "unsupported", f"named .pdf but the file is a {kind}",
                              "rename the file to its real type")
        raise IngestError(str(path), "corrupt", "not a PDF file (no %PDF header)",
                          "the file is damaged or mislabelled")
    if fmt == "docx" and kind not in ("ZIP/DOCX", "ZIP"):
        if kind:
            raise IngestError(str(path), "unsupported", f"named .docx but the file is a {kind}",
                              "rename the file to its real type")
        raise IngestError(str(path), "corrupt", "not a DOCX file (no ZIP header)",
                          "the file is damaged or mislabelled; save it again from Word")
    if fmt in ("markdown", "text") and kind and not kind.startswith("HTML"):
        raise IngestError(str(path), "unsupported", f"named {path.suffix} but the file is a {kind}",
                          "rename the file to its real type")


def _read_guarded(path: Path, fmt: str, settings: "Settings") -> Document:
    """:func:`_read` under the per-document time limit, with every failure as an IngestError.

    Parsers of hostile files fail in ways nobody can list in advance (pdfminer
    alone raises dozens of exception types, a deeply nested file can raise
    RecursionError).  One unreadable file must never end a batch, so anything
    unexpected becomes a one-line ``corrupt`` error that names the exception.
    """
    try:
        with deadline(settings.limits.timeout_s, path):
            return _read(path, fmt, settings)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - see docstring (includes RecursionError, MemoryError)
        raise IngestError(str(path), "corrupt", f"the file cannot be read ({type(exc).__name__}: "
                          f"{_short(exc)})", "if the file opens normally elsewhere, please report this") from exc


def _short(exc: BaseException | str, limit: int = 120) -> str:
    """A message on one short line (messages from parsers can hold newlines and raw bytes)."""
    text = _printable(" ".join(str(exc).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextmanager
def deadline(seconds: float, path: Path) -> Iterator[None]:
    """Interrupt reading after ``seconds`` (POSIX, main thread only).

    Readers also check the clock between pages, but one hostile page can keep
    pdfminer busy for minutes; a real-time alarm interrupts it mid-page.  In a
    worker thread (Dask) or on Windows, signals are unavailable and the
    between-page checks are the only guard.
    """
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None))
    if not usable:
        yield
        return

    def _expired(signum: int, frame: object) -> None:
        raise IngestError(str(path), "timeout", f"reading took longer than {seconds:g} s",
                          "raise the limit with --timeout")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _read(path: Path, fmt: str, settings: "Settings") -> Document:
    """Dispatch to the reader for ``fmt`` (imported lazily: PDF libraries are slow to import)."""
    if fmt == "pdf":
        from scanner.ingest.pdf import read_pdf

        return read_pdf(path, settings)
    if fmt == "docx":
        from scanner.ingest.docx import read_docx

        return read_docx(path, settings)
    from scanner.ingest.plain import read_textfile

    return read_textfile(path, fmt, settings)
