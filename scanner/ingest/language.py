"""A cheap language check: is this document Dutch?

genderscan's lexicons and classifier are Dutch.  An English or German file
would silently produce an empty, reassuring report, so ingest warns when the
text is clearly not Dutch.  Counting very frequent function words is enough
for whole documents and costs microseconds.
"""

from __future__ import annotations

import re
from collections import Counter

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "nl": frozenset("de het een en van in is op te dat die voor met zijn niet aan er "
                    "ook als bij door om naar wordt worden kan deze dit wij we uit of "
                    "tot over zij hun heeft hebben moet meer geen nog wel".split()),
    "en": frozenset("the of and to a in is that for it with as was on be by this are "
                    "from or at which have an not has their they will can been".split()),
    "de": frozenset("der die das und ist nicht mit den dem des ein eine zu von auf "
                    "für sich auch wird werden sind im bei oder wir ich".split()),
    "fr": frozenset("le la les et des est une un du dans que pour qui pas sur au "
                    "avec par ce sont aux il elle nous ou".split()),
}
_WORD = re.compile(r"[^\W\d_]+")


def detect(text: str, sample: int = 200_000) -> tuple[str, int, dict[str, int]]:
    """(best language, number of words, function-word hits per language)."""
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    counts = Counter(words)
    hits = {lang: sum(counts[w] for w in vocab) for lang, vocab in FUNCTION_WORDS.items()}
    best = max(hits, key=lambda k: hits[k]) if any(hits.values()) else "unknown"
    return best, len(words), hits


def language_warning(text: str, min_words: int = 50) -> str | None:
    """``"not-dutch: ..."`` when a document of some length reads as another language."""
    best, words, hits = detect(text)
    if words < min_words:
        return None
    dutch = hits["nl"]
    if best != "nl" and hits.get(best, 0) > 1.5 * max(dutch, 1) or dutch < 0.05 * words:
        name = best if best != "unknown" else "no known language"
        return (f"not-dutch: the text looks like '{name}' (Dutch function words {dutch} "
                f"of {words} words); genderscan's rules are written for Dutch")
    return None
