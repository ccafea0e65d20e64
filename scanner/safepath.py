"""Output file names derived from input documents must stay inside the output folder.

A document name comes from the user's files (or from metadata inside them),
so writing ``out_dir / name`` naively lets ``../../.bashrc``, ``/etc/passwd``,
``C:\\Windows\\...`` or a symlink planted in the output folder redirect a
write anywhere the user can write.  :func:`safe_output_path` is the one place
that decides whether a name is acceptable; it refuses instead of "cleaning",
so a surprising name is reported rather than silently renamed.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from scanner.errors import GenderscanError

_DRIVE = re.compile(r"^[A-Za-z]:")
_MAX_NAME = 255
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\..*)?$", re.I)


class UnsafePathError(GenderscanError, ValueError):
    """An output name that would leave the output directory (or is not a usable name)."""


def safe_output_path(out_dir: Path, name: str) -> Path:
    """``out_dir / name`` if that stays inside ``out_dir``; raises :class:`UnsafePathError` otherwise.

    ``name`` may contain sub-folders (``"rapporten/a.html"``).  Refused: empty
    names, NUL and other control characters, absolute paths (POSIX or
    Windows), drive letters, UNC paths, ``..`` components, over-long
    components, Windows device names (``NUL``, ``COM1``), and any path that resolves outside ``out_dir`` because an
    existing component is a symlink pointing elsewhere.
    """
    _check_name(name)
    base = Path(out_dir).resolve()
    target = base.joinpath(*PurePosixPath(name.replace("\\", "/")).parts)
    resolved = target.resolve()  # follows symlinks that already exist
    if resolved != base and base not in resolved.parents:
        raise UnsafePathError(f"output name {name!r} leads outside {base} (symbolic link)")
    if resolved == base:
        raise UnsafePathError(f"output name {name!r} names the output directory itself")
    return target


def _check_name(name: str) -> None:
    """Refusals that need no file system."""
    if not isinstance(name, str) or not name.strip():
        raise UnsafePathError("empty output name")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise UnsafePathError(f"output name {name!r} contains NUL or control characters")
    if name.startswith(("/", "\\")) or PureWindowsPath(name).anchor or _DRIVE.match(name):
        raise UnsafePathError(f"output name {name!r} is absolute or has a drive letter")
    parts = [p for p in re.split(r"[\\/]", name) if p not in ("", ".")]
    if not parts:
        raise UnsafePathError(f"output name {name!r} names no file")
    for part in parts:
        if not part.rstrip(". "):  # "..", and "... " which Windows reads as ".."
            raise UnsafePathError(f"output name {name!r} contains '..'")
        if _RESERVED.match(part):
            raise UnsafePathError(f"output name {name!r} is a reserved device name on Windows")
        if len(part.encode("utf-8", "surrogatepass")) > _MAX_NAME:
            raise UnsafePathError(f"output name {name!r} has a component longer than {_MAX_NAME} bytes")
