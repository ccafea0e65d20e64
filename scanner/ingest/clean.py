"""Character- and line-level clean-up shared by all readers.

Extraction leaves artefacts that break matching: ligature glyphs ("ﬁ"),
decomposed accents, soft hyphens, odd spaces, and words split over two lines
by a typesetter's hyphen.  These functions undo them without ever dropping a
visible character, so nothing the author wrote is lost.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

_LIGATURES = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st", "\u0132": "IJ", "\u0133": "ij",
}
_SPACES = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
           "\u2002": " ", "\u2003": " ", "\u3000": " ", "\t": " ", "\u000b": " ", "\u000c": " "}
_DROP = {"\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
         "\u2060": None, "\ufffe": None}
_TABLE = str.maketrans({**_LIGATURES, **_SPACES, **_DROP})
# C0 controls except \t\n\r\v\f, DEL and the C1 block: never text, and ESC / CSI
# (\x1b, \x9b) would let a document drive the user's terminal in text output.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
_VOWELS = set("aeiouy")
_VOWEL_CLASH = {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo",
                "ou", "ui", "uu", "ea", "eo", "oa", "ia", "io", "iu", "ue"}


def normalise(text: str) -> str:
    """NFC, ligatures expanded, soft hyphens and zero-width marks removed, spaces unified."""
    text = text.translate(_TABLE)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=1)
def hyphen_data() -> dict[str, frozenset[str]]:
    """Word lists from hyphenation.yaml (data a domain expert can edit)."""
    raw = yaml.safe_load((Path(__file__).with_name("hyphenation.yaml")).read_text(encoding="utf-8"))
    return {key: frozenset(str(w).lower() for w in (raw.get(key) or [])) for key in
            ("suspended_before", "keep_after", "keep_before")}


@lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    try:
        import simplemma
    except ImportError:  # pragma: no cover - simplemma is a dependency
        return False
    return bool(simplemma.is_known(word, lang="nl"))


_LEFT = re.compile(r"(\w+)[" + _HYPHENS + r"]$")
_RIGHT = re.compile(r"^(\S+)")


def hyphen_join(left: str, right: str) -> str:
    """How a line ending in a hyphen joins the next line: "" (drop hyphen), "-" or "- ".

    ``left`` is the text of the line ending in the hyphen, ``right`` the next
    line.  Returns the separator to put between ``left[:-1]`` and ``right``.
    """
    data = hyphen_data()
    lm = _LEFT.search(left[-80:])
    rm = _RIGHT.match(right[:80])
    if not lm or not rm:
        return left[-1] + " "
    head = lm.group(1)
    word = rm.group(1)
    tail = re.match(r"[\w]+", word)
    if word.lower() in data["suspended_before"] or word.lower().rstrip(",;:") in data["suspended_before"]:
        return "- "
    if not tail:
        return "- "
    tail_w = tail.group(0)
    if (not tail_w[0].isalpha() or tail_w[0].isupper() or not head[-1].isalpha()
            or head[-1].isupper() and len(head) > 1 and head.isupper()):
        return "-"
    if len(head) == 1:  # "e-mail", "A-merk": a lone letter is never a syllable break
        return "-"
    if _known((head + tail_w).lower()):
        return ""
    if (head.lower() in data["keep_after"] or tail_w.lower() in data["keep_before"]
            or (head[-1].lower() + tail_w[0].lower()) in _VOWEL_CLASH
            or head[-1] in "0123456789"):
        return "-"
    return ""


def ends_with_hyphen(line: str) -> bool:
    """True when a line ends in a word followed directly by a hyphen ("gezond-")."""
    return len(line) >= 2 and line[-1] in _HYPHENS and line[-2].isalnum()


def join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph: soft line breaks become spaces, break hyphens go."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("\u00ad"):  # a soft hyphen marks a break point: always join
            out = out[:-1] + line
        elif ends_with_hyphen(out):
            sep = hyphen_join(out, line)
            out = out[:-1] + sep + line
        else:
            out = out + " " + line
    return out
