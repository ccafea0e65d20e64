"""Text normalisation shared by segmentation, rules, classifier and baselines.

One job: turn surface text into the comparison keys the other stages match
on.  Policy PDFs mix "financiële" and "financiele", "Vrouwen" and "vrouwen";
a lexicon entry written once must match all of them, so everything that
compares words compares *folded* words.

Length and offsets
------------------
``fold`` maps every character of NFC text to exactly one character
(``len(fold(t)) == len(t)`` whenever ``t`` is NFC-normalised), so an offset
found in a folded string is also an offset in the original string.  Text that
is *not* NFC (a base letter followed by a combining accent) is first composed,
and then the result can be shorter than the input; callers that need offsets
should therefore either pass NFC text (``Document.text`` from ingest is NFC)
or fold token by token and keep the original token offsets, which is what
``scanner.nlp.segment`` does.  Characters whose lower-case or decomposed form
would take more than one character (``İ``, ligatures such as ``ﬁ``) are kept
as their single-character lower-case form or left unchanged, rather than
expanded, to preserve that guarantee.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_char", "fold_word", "normalise_sentence", "normalize_sentence"]

_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """Fold one character to one character: lower-case without diacritics.

    Cached because documents reuse a small alphabet; the expensive
    ``unicodedata`` work then happens once per distinct character.
    """
    lower = char.lower()
    if len(lower) != 1:  # e.g. "İ" -> "i" + combining dot: keep one character
        lower = lower[0]
    decomposed = unicodedata.normalize("NFD", lower)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(base) == 1:
        return base
    return lower


@lru_cache(maxsize=200_000)
def fold_word(text: str) -> str:
    """``fold`` for short strings such as tokens (always cached, no length check)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFC", text)
    return "".join([fold_char(c) for c in text])


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics (ë→e, é→e, ï→i, Ö→o).

    Length-preserving for NFC input (see the module docstring); cached
    because the same words recur thousands of times in one scan.
    """
    if len(text) > 64:  # long strings rarely repeat: do not fill the cache
        if text.isascii():
            return text.lower()
        text = unicodedata.normalize("NFC", text)
        return "".join([fold_char(c) for c in text])
    return fold_word(text)


def normalise_sentence(text: str) -> str:
    """Key for baseline fingerprints: folded, whitespace collapsed, trimmed.

    A finding accepted in a baseline must survive re-extraction of the same
    PDF (different line breaks, a hyphen-less re-flow, a fixed accent), so the
    key ignores case, diacritics and all whitespace differences.
    """
    return _WHITESPACE.sub(" ", fold(text)).strip()


normalize_sentence = normalise_sentence  # American spelling alias
