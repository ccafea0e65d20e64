"""genderscan: find gender stereotypes in Dutch work and participation policy.

Public API::

    from scanner import scan, Settings
    result = scan(["beleidsplan.pdf"], Settings(lang="nl"))
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "scan", "scan_document", "Settings", "ScanResult"]


def __getattr__(name: str):
    # Lazy imports keep `import scanner` (and `genderscan --help`) fast.
    if name in ("scan", "scan_document"):
        from scanner import pipeline

        return getattr(pipeline, name)
    if name == "Settings":
        from scanner.config import Settings

        return Settings
    if name == "ScanResult":
        from scanner.model import ScanResult

        return ScanResult
    raise AttributeError(name)
