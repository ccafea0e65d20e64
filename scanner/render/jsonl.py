"""Streaming output for large batches: one JSON object per document per line.

Each line is a complete ``documents[]`` entry of the JSON contract plus the
tool and pipeline, so a consumer can process (and ``--resume`` can skip)
documents without reading the whole file.
"""

from __future__ import annotations

import json
from typing import Any

from scanner.model import DocumentResult, ScanResult
from scanner.render.json import document_to_json


def line_for(doc: DocumentResult, tool: dict[str, str], pipeline: dict[str, Any]) -> str:
    entry = document_to_json(doc)
    entry["tool"] = tool
    entry["pipeline"] = pipeline.get("name")
    return json.dumps(entry, ensure_ascii=False) + "\n"


def render(result: ScanResult, lang: str = "nl", **_: Any) -> str:
    return "".join(line_for(d, result.tool, result.pipeline) for d in result.documents)
