"""The Dutch pipeline: tokens, lemmas and policy-aware sentence segmentation.

Why a custom segmenter: Dutch municipal policy text is full of abbreviations
(o.a., bijv., art., jan.), enumerators ("1.", "a.", "2.3"), article
references ("artikel 9, eerste lid, onder a") and headings without a full
stop.  spaCy's rule-based ``sentencizer`` splits after most of them and glues
headings to the next sentence, which breaks every later stage (a finding's
context, the classifier's input, the report's quotes).  So segmentation here
works per layout ``Block`` (headings, list items and table rows are segments
of their own) and splits paragraphs with the rules in ``_split_points``.

``nl_core_news_md`` is used when installed (tokenizer and lemmas); otherwise
the offline pipeline ``spacy.blank("nl")`` + simplemma lemmas is used.  The
segmentation rules are the same for both, so results only differ in lemmas.

Each ``Sentence`` carries ``tokens`` (surface tokens folded with
``scanner.normalize.fold``: lower-case, no diacritics), ``lemmas`` (lemma of
the lower-cased token, *not* folded: use ``lemmatize_word`` to lemmatise a
pattern the same way) and absolute ``token_offsets``; punctuation tokens are
included, whitespace is not.

Two repairs of imperfect ingest: a block that is only a list marker ("•",
"1.") is glued to the next segment, and a paragraph block that breaks off
mid-sentence (no closing punctuation, next paragraph starts in lower case)
is analysed together with that next paragraph.

Accounting invariant: the segments of a document cover every non-whitespace
character of ``Document.text`` exactly once, in order (stray bullets and
lone enumerators are attached to a neighbouring segment, never dropped).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any, Iterable, Iterator

import simplemma
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH
from spacy.language import Language

from scanner.model import Block, Document, Sentence
from scanner.normalize import fold, fold_word

__all__ = [
    "get_nlp", "pipeline_info", "segment", "sentence_from_text", "tokenize",
    "lemmatize_word", "ABBREVIATIONS",
]

PREFERRED_MODEL = "nl_core_news_md"
SEGMENTER = "genderscan-policy"

# Policy abbreviations kept as one token (tokenizer special cases). The
# capitalised variant of each is added automatically.
ABBREVIATIONS: tuple[str, ...] = (
    "o.a.", "bijv.", "bv.", "b.v.", "m.b.t.", "art.", "artt.", "jo.", "mw.", "mevr.", "dhr.",
    "nr.", "nrs.", "blz.", "pag.", "p.", "ca.", "e.d.", "e.a.", "e.e.a.", "e.o.", "i.p.v.",
    "t.a.v.", "d.w.z.", "z.s.m.", "incl.", "excl.", "resp.", "vs.", "stb.", "stcrt.",
    "m.u.v.", "cf.", "vgl.", "wo.", "etc.", "enz.", "i.v.m.", "i.o.m.", "i.s.m.", "t.b.v.",
    "t.o.v.", "t.z.t.", "m.i.v.", "n.a.v.", "o.b.v.", "a.d.h.v.", "z.o.z.", "z.g.a.n.",
    "ong.", "gem.", "max.", "min.", "mln.", "mld.", "mrd.", "tel.", "fig.", "tab.",
    "hfd.", "hfdst.", "par.", "bijl.", "red.", "jl.", "jr.", "sr.", "dr.", "drs.", "ir.",
    "ing.", "mr.", "prof.", "st.", "ll.", "o.l.v.",
    "jan.", "feb.", "febr.", "mrt.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.",
    "okt.", "nov.", "dec.", "ma.", "di.", "wo.", "do.", "vr.", "za.", "a.s.", "j.l.",
    "c.q.", "q.q.", "z.i.", "m.a.w.", "n.v.t.", "p.m.", "o.i.d.", "e.v.", "v.w.b.",
    "bijz.", "i.c.m.", "a.g.v.", "o.g.v.", "t.g.v.", "afk.", "burg.", "weth.", "secr.", "gmb.",
    "t.k.n.", "z.n.", "evt.", "vnl.", "m.n.", "o.m.", "nl.", "zgn.", "afd.",
)

# Abbreviations that introduce something (a name, number, reference,
# example): a capital after them never starts a new sentence ("art. 7",
# "mw. De Vries", "bijv. Amsterdam").  The others (etc., z.s.m., jan., ...)
# end a sentence when a typical sentence opener follows.
_NEVER_END = frozenset("""
o.a. bijv. bv. b.v. m.b.t. art. artt. jo. mw. mevr. dhr. nr. nrs. blz. pag. p. ca. i.p.v.
t.a.v. d.w.z. resp. vs. stb. stcrt. m.u.v. cf. vgl. i.v.m. i.o.m. i.s.m. t.b.v. t.o.v. m.i.v.
n.a.v. o.b.v. a.d.h.v. ong. gem. tel. fig. tab. hfd. hfdst. par. bijl. red. dr. drs. ir. ing.
mr. prof. st. o.l.v. q.q. z.i. m.a.w. jr. sr. i.c.m. a.g.v. o.g.v. t.g.v. afk. burg.
weth. secr. gmb. evt. vnl. m.n. o.m. nl. zgn. afd. bijz.
""".split())

# Abbreviations that normally close an enumeration: a capital after them
# starts a new sentence ("... de logistiek etc. Daaruit bleek ...").
_CLOSING = frozenset({"etc.", "enz.", "e.d.", "e.a.", "e.o.", "e.v.", "o.i.d.", "e.e.a."})

_ALL_ABBREVIATIONS = frozenset(fold(a) for a in ABBREVIATIONS)

# Capitalised words that start a new sentence after an abbreviation that can
# end one ("... huishoudhulp etc. De gemeente ...").
_STARTERS = frozenset("""
de het een dit deze dat die wij we ook in op voor bij met er zij ze hij zo als omdat daarom
daarnaast verder tot na om hierbij hiermee daarbij daardoor door naast uit alle iedereen
wat wie waar hoe wanneer welke waarom het ons onze hun u uw ik men vanaf sinds tijdens
eind begin ten zie tevens bovendien vervolgens tenslotte ten slotte kortom immers juist
""".split())

_TERMINAL = re.compile(r"^[.!?…]+$")
_ENUMERATOR = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[a-zA-Z][.)]|\(?[a-z]\)|\d{1,3}\)|[ivxIVX]{1,5}[.)])$")
_ENUM_BARE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z]|[ivxIVX]{1,5})$")
_BULLETS = frozenset("•▪●◦○■□►▸‣⁃-–—*·")
_OPEN_Q = frozenset("“„‘«‹")
_CLOSE_Q = frozenset("”’»›")
_OPEN_P = frozenset("([{")
_CLOSE_P = frozenset(")]}")
_CLOSERS = _CLOSE_Q | _CLOSE_P | {'"', "'"}
_INITIALS = re.compile(r"^(?:[A-Z]\.)+[A-Z]?\.?$")
_FOOTNOTE = re.compile(r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,3})$")  # note numbers glued to a full stop
_OPENING_MARKS = frozenset("([{“„‘«‹\"'*_")
_NOTE_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹0123456789"
_GLUED_NOTE = re.compile(r"^[^\W\d_]{2,}[.!?](?:[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|\d{1,3})$")
_NEWLINE = re.compile(r"\n")
_DOTTED = re.compile(r"^[a-z]{1,4}(?:\.[a-z]{1,4})+$")
_HAS_WORD = re.compile(r"\w")
_MAX_OPEN = 80  # tokens a bracket/quote may stay open before we assume it is unbalanced
_CLAUSE_END = frozenset(".!?:;…”\"'’")
_UNSPLIT_KINDS = frozenset({"heading", "table-row", "caption"})

_ARRAY_ATTRS = [IDX, LENGTH, IS_SPACE]
Token = tuple[str, int, int]  # (surface text, start, end) relative to the analysed string


# ---------------------------------------------------------------- pipeline

def _add_special_cases(nlp: Language) -> None:
    """Keep policy abbreviations in one token (spaCy misses jan., mw., sept. ...)."""
    for abbr in ABBREVIATIONS:
        variants = {abbr, abbr[0].upper() + abbr[1:], abbr.upper()}
        for form in variants:
            if len(form) > 1:
                nlp.tokenizer.add_special_case(form, [{ORTH: form}])


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide Dutch pipeline (loaded once: loading costs 0.3-2 s).

    ``nl_core_news_md`` when it can be loaded, else ``spacy.blank("nl")``.
    Both get the policy abbreviation special cases.
    """
    try:
        nlp = spacy.load(PREFERRED_MODEL)
    except (OSError, ImportError, ValueError):
        nlp = spacy.blank("nl")
    _add_special_cases(nlp)
    return nlp


@lru_cache(maxsize=1)
def _has_model() -> bool:
    return get_nlp().meta.get("name", "") not in ("", "pipeline") and bool(get_nlp().pipe_names)


def pipeline_info() -> dict[str, Any]:
    """What analysed the text, for the report's reproducibility block."""
    nlp = get_nlp()
    model = _has_model()
    return {
        "name": f"{nlp.meta.get('lang', 'nl')}_{nlp.meta.get('name')}" if model else "offline",
        "version": nlp.meta.get("version", "") if model else "",
        "spacy": spacy.__version__,
        "lemmatizer": (f"{PREFERRED_MODEL} lemmatizer" if model
                       else f"simplemma {getattr(simplemma, '__version__', '?')}"),
        "tokenizer": "spaCy nl + policy abbreviations",
        "segmenter": SEGMENTER,
    }


@lru_cache(maxsize=300_000)
def lemmatize_word(word: str) -> str:
    """simplemma lemma of a lower-cased word ("vrouwen" -> "vrouw").

    Public so rule authors lemmatise their patterns exactly the way the text
    is lemmatised.  Hyphenated compounds stay one word
    ("niet-uitkeringsgerechtigden" -> "niet-uitkeringsgerechtigd").
    """
    word = word.lower()
    if not _HAS_WORD.search(word):
        return word
    return simplemma.lemmatize(word, lang="nl").lower()


# ---------------------------------------------------------------- tokens

def _doc_tokens(doc: Any, text: str, with_lemmas: bool = False) -> tuple[list[Token], list[str] | None]:
    """Non-space tokens of a spaCy Doc, plus model lemmas when a model ran.

    Without a model we read offsets through ``Doc.to_array`` and slice the
    text: creating a Python ``Token`` object per word costs more than the
    tokenizer itself (340k vs 530k words/s on the seed texts).
    """
    if not with_lemmas:  # (Doc.has_annotation and Doc.text would build every Token)
        return [(text[a:a + n], a, a + n)
                for a, n, space in doc.to_array(_ARRAY_ATTRS).tolist() if not space], None
    toks: list[Token] = []
    lemmas: list[str] = []
    for t in doc:
        if not t.is_space:
            toks.append((t.text, t.idx, t.idx + len(t.text)))
            lemmas.append(t.lemma_.lower())
    return toks, lemmas


def _analyse(texts: list[str]) -> Iterator[tuple[list[Token], list[str] | None]]:
    """Tokenise (and with a model: lemmatise) many strings in one batch."""
    nlp = get_nlp()
    model = _has_model()
    if model:
        docs: Iterable[Any] = nlp.pipe(texts, batch_size=256)
    else:
        docs = nlp.tokenizer.pipe([_LONG_RUN.sub(_blank, t) for t in texts], batch_size=1000)
    for text, doc in zip(texts, docs):
        if not model and _LONG_RUN.search(text):
            yield _tokens_with_long_runs(doc, text), None
        else:
            yield _doc_tokens(doc, text, with_lemmas=model)


# spaCy's tokenizer is quadratic in the length of a string without spaces
# (8,000 backticks take 3 s, 30,000 two minutes).  Such runs are never words:
# they are blanked before tokenising and cut into fixed-size tokens instead,
# so hostile input cannot stall a batch and no character is lost.
_LONG_RUN = re.compile(r"\S{200,}")
_RUN_PIECE = 100


def _blank(match: re.Match) -> str:
    return " " * len(match.group())  # same length: offsets stay valid


def _tokens_with_long_runs(doc: Any, text: str) -> list[Token]:
    toks = [t for t in _doc_tokens(doc, text)[0] if text[t[1]:t[2]].strip()]
    for match in _LONG_RUN.finditer(text):
        for a in range(match.start(), match.end(), _RUN_PIECE):
            b = min(a + _RUN_PIECE, match.end())
            toks.append((text[a:b], a, b))
    toks.sort(key=lambda t: t[1])
    return toks


def tokenize(text: str) -> list[Token]:
    """``(token, start, end)`` for every non-space token of ``text``."""
    return next(_analyse([text]))[0]


# ---------------------------------------------------------------- splitting

def _is_enumerator(toks: list[Token], i: int, start: int) -> bool:
    """Token i (with a following '.') is a list marker at the segment start."""
    return i == start and bool(_ENUM_BARE.match(toks[i][0]))


def _opens_sentence(toks: list[Token], j: int) -> bool:
    """Can token j start a sentence (after sentence-final punctuation)?

    Digits only when they look like an enumerator ("2. De ...", "3.1 Doel"):
    after an unknown abbreviation a number is usually a year or page number
    ("Gmb. 2015, nr. 4411").
    """
    word = toks[j][0]
    first = word[0]
    if first.isdigit():
        nxt = toks[j + 1][0] if j + 1 < len(toks) else ""
        if not _ENUM_BARE.match(word) or not nxt:
            return False
        return nxt in (".", ")") or nxt[0].isupper()
    if first in _OPEN_Q or first in _OPEN_P or first in "\"*_":
        # '(De ...' / '"Waarom ...' / '**Agendeer ...' open a sentence, '(2021)' does not
        for k in range(j, min(j + 4, len(toks))):
            rest = toks[k][0].lstrip("".join(_OPENING_MARKS))
            if rest:
                return rest[0].isupper()
        return False
    return first.isupper() or first in "•▪●►"


@lru_cache(maxsize=4096)
def _is_word_with_stop(token: str) -> bool:
    """A Dutch word plus full stop that the tokenizer mistook for an abbreviation.

    spaCy's Dutch exceptions hold about 1,500 abbreviations, among them real
    words ("dat.", "best.", "vol.", "top.").  Unless an abbreviation is in our
    own list, a stem that simplemma knows as a word is treated as a word, so
    "Zo gaat dat. Werk ..." still splits.
    """
    stem = token[:-1]
    return (len(stem) > 1 and stem.isalpha() and fold(token) not in _ALL_ABBREVIATIONS
            and simplemma.is_known(stem.lower(), lang="nl"))


def _abbrev_ends(tok: str, nxt: str, at_start: bool) -> bool:
    """Does abbreviation token ``tok`` end the sentence before ``nxt``?"""
    if not nxt[0].isupper():
        return False
    if len(tok) == 2 and tok[0].isalpha():  # "a." / "M."
        if tok[0].isupper() or at_start:
            return False  # initial ("M. de Vries") or enumerator ("a. De ...")
        return True  # "... onder a. De gemeente ..."
    if _INITIALS.match(tok):
        return False
    key = fold(tok)
    if key in _NEVER_END:
        return False
    return key in _CLOSING or fold(nxt) in _STARTERS


def _newline_marker(text: str, toks: list[Token], j: int) -> bool:
    """Token j starts a line with a list marker after a line that ended a clause."""
    if j == 0:
        return False
    gap = text[toks[j - 1][2]:toks[j][1]]
    if "\n" not in gap:
        return False
    word = toks[j][0]
    nxt = toks[j + 1][0] if j + 1 < len(toks) else ""
    is_marker = word in _BULLETS or bool(_ENUMERATOR.match(word)) or \
        (bool(_ENUM_BARE.match(word)) and nxt in (".", ")"))
    k = j - 1
    while k > 0 and _FOOTNOTE.match(toks[k][0]):  # "...achtergrond.²⁵" / "...werk.12"
        k -= 1
    return is_marker and toks[k][0][-1] in ":;.!?,"


def _tokens_after_newline(text: str, toks: list[Token]) -> set[int]:
    """Indices of tokens that start a source line (cheaper than a gap check per token)."""
    if "\n" not in text:
        return set()
    starts = [t[1] for t in toks]
    return {k for k in (bisect.bisect_left(starts, m.end()) for m in _NEWLINE.finditer(text))
            if 0 < k < len(toks)}


def _opens_single_quote(toks: list[Token], i: int) -> bool:
    """A straight ' that opens a quotation: after a space, glued to a word.

    Apostrophes in "'s middags" and "zo'n" are part of their token, and
    "jaren '50" is followed by a digit, so they never count.
    """
    return (i + 1 < len(toks) and toks[i + 1][1] == toks[i][2] and toks[i + 1][0][0].isalpha()
            and (i == 0 or toks[i][1] > toks[i - 1][2]))


def _split_points(text: str, toks: list[Token]) -> list[int]:
    """Token indices where a new sentence starts (excluding 0)."""
    n = len(toks)
    points: list[int] = []
    start = 0
    depth = 0
    opened_at = -1
    track_dq = sum(t[0] == '"' for t in toks) % 2 == 0
    in_dq = in_sq = False
    line_starts = _tokens_after_newline(text, toks)
    i = 0
    while i < n:
        word = toks[i][0]
        # brackets and quotes: no split while one is open (unless it never closes)
        if word in _OPEN_P or word in _OPEN_Q:
            depth += 1
            opened_at = i if depth == 1 else opened_at
        elif (word in _CLOSE_P or word in _CLOSE_Q) and depth:
            depth -= 1
        elif word == '"' and track_dq:
            in_dq = not in_dq
            opened_at = i if in_dq else opened_at
        elif word == "'":
            if in_sq and toks[i][1] == toks[i - 1][2]:
                in_sq = False
            elif _opens_single_quote(toks, i):
                in_sq, opened_at = True, i
        if (depth or in_dq or in_sq) and i - opened_at > _MAX_OPEN:
            depth, in_dq, in_sq = 0, False, False
        j = i + 1
        boundary = False
        if j in line_starts and _newline_marker(text, toks, j) and not _is_enumerator(toks, i, start):
            boundary = True
        elif _TERMINAL.match(word):
            if word == "." and i > start and _is_enumerator(toks, i - 1, start):
                pass  # "1 ." at segment start is a marker
            elif word == "." and i > 0 and len(toks[i - 1][0]) == 1 and toks[i - 1][0].isupper():
                pass  # initial "M ." split by the tokenizer
            elif word == "." and i > 1 and toks[i - 1][0] == "al" and toks[i - 2][0] == "et" and j < n:
                boundary = not (depth or in_dq or in_sq) and _abbrev_ends("et al.", toks[j][0], False)
            elif word == "." and i > start and j < n and _DOTTED.match(toks[i - 1][0]) \
                    and toks[i - 1][2] == toks[i][1]:
                # unknown dotted abbreviation the tokenizer split ("a.g.v" + ".")
                boundary = not (depth or in_dq or in_sq) and _abbrev_ends(toks[i - 1][0] + ".", toks[j][0], False)
            else:
                # closing quotes/brackets stick to the punctuation ('."', '.)');
                # a quote after a space opens the next sentence
                while j < n and toks[j][1] == toks[j - 1][2] and (
                        toks[j][0] in _CLOSERS or _TERMINAL.match(toks[j][0])
                        or _FOOTNOTE.match(toks[j][0])):
                    w = toks[j][0]
                    if (w in _CLOSE_P or w in _CLOSE_Q) and depth:
                        depth -= 1
                    elif w == '"' and track_dq:
                        in_dq = not in_dq
                    elif w == "'" and in_sq:
                        in_sq = False
                    j += 1
                boundary = j < n and not (depth or in_dq or in_sq) and _opens_sentence(toks, j)
        elif j < n and _GLUED_NOTE.match(word) and fold(word.rstrip(_NOTE_CHARS)) not in _ALL_ABBREVIATIONS:
            # "achtergrond.²⁵ Een ..." : full stop plus footnote number in one token
            boundary = not (depth or in_dq or in_sq) and _opens_sentence(toks, j)
        elif word[-1] == "." and len(word) > 1 and j < n:
            if _is_word_with_stop(word):  # spaCy keeps "dat." together (datief)
                ends = _opens_sentence(toks, j)
            else:
                ends = _abbrev_ends(word, toks[j][0], i == start)
            boundary = ends and not (depth or in_dq or in_sq)
        if boundary:
            points.append(j)
            start = j
        i = j
    return points


# ---------------------------------------------------------------- segments

def _cover_blocks(document: Document) -> list[Block]:
    """Blocks sorted, clipped, and with gaps of stray text filled in.

    Ingest should cover all text with blocks; if it does not (or there are no
    blocks at all) the uncovered text becomes a paragraph so nothing is lost.
    """
    text = document.text
    blocks = sorted(document.blocks, key=lambda b: (b.start, b.end))
    out: list[Block] = []
    pos = 0
    for b in blocks:
        start, end = max(b.start, pos), min(b.end, len(text))
        if start > pos and text[pos:start].strip():
            out.append(Block(pos, start, document.page_at(pos) if document.blocks else 1))
        if end > start:
            out.append(b if (start, end) == (b.start, b.end) else
                       Block(start, end, b.page, b.kind, b.page_end, b.level, b.line))
        pos = max(pos, end)
    if pos < len(text) and text[pos:].strip():
        out.append(Block(pos, len(text), out[-1].page if out else 1))
    return out


def _block_segments(block: Block, text: str, toks: list[Token]) -> list[tuple[int, int]]:
    """Token ranges of the segments of one block."""
    n = len(toks)
    if not n:
        return []
    if block.kind in _UNSPLIT_KINDS:
        return [(0, n)]
    cuts = [0, *_split_points(text, toks), n]
    ranges = [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1) if cuts[k] < cuts[k + 1]]
    return _merge_fragments(ranges, toks)


def _merge_fragments(ranges: list[tuple[int, int]], toks: list[Token]) -> list[tuple[int, int]]:
    """Attach lone markers and punctuation-only pieces to a neighbour."""
    out: list[tuple[int, int]] = []
    carry = -1  # start of a marker waiting for the next segment
    for a, b in ranges:
        words = [toks[k][0] for k in range(a, b)]
        marker_only = all(not _HAS_WORD.search(w) or _ENUMERATOR.match(w) or _ENUM_BARE.match(w)
                          for w in words) and len(words) <= 3
        if carry >= 0:
            a, carry = carry, -1
        if marker_only and any(_HAS_WORD.search(w) for w in words):
            carry = a  # "1." alone: belongs to what follows
            continue
        if not any(_HAS_WORD.search(w) for w in words) and out:
            out[-1] = (out[-1][0], b)  # stray ")" or "." : belongs to what precedes
            continue
        out.append((a, b))
    if carry >= 0:
        if out:
            out[-1] = (out[-1][0], ranges[-1][1])
        else:
            out.append((carry, ranges[-1][1]))
    return out


def _page_finder(document: Document):
    """Page of an absolute offset, using page_spans (binary search)."""
    spans = document.page_spans
    starts = [s for s, _ in spans]

    def page(offset: int, block: Block) -> int:
        if not spans or not block.page_end or block.page_end == block.page:
            return block.page
        k = bisect.bisect_right(starts, offset) - 1
        return k + 1 if k >= 0 else block.page

    return page


def _make_sentence(sid: int, text: str, base: int, toks: list[Token],
                   lemmas: list[str] | None, a: int, b: int) -> Sentence:
    """Sentence for tokens a..b of a string that starts at ``base`` in the document."""
    span = toks[a:b]
    start, end = span[0][1], span[-1][2]
    words = [t[0] for t in span]
    return Sentence(
        id=sid,
        text=text[start:end],
        start=base + start,
        end=base + end,
        page=1,
        tokens=[fold_word(w) for w in words],
        lemmas=lemmas[a:b] if lemmas is not None else [lemmatize_word(w) for w in words],
        token_offsets=[(base + s, base + e) for _, s, e in span],
    )


def _continues(prev: str, nxt: str) -> bool:
    """Does paragraph ``nxt`` continue the sentence ``prev`` broke off?

    PDF extraction and double-spaced text files put blank lines inside
    sentences ("traditionele rolverdelin-" / "gen zijn dominant");
    ingest should join them, but if it did not, a sentence cut in two would
    give rules and classifier half a context.  Only a lower-case start after
    an unfinished line counts, so real paragraphs are never merged.
    """
    prev, nxt = prev.rstrip(), nxt.lstrip()
    return bool(prev) and bool(nxt) and nxt[0].islower() and prev[-1] not in _CLAUSE_END


def _group_blocks(blocks: list[Block], text: str) -> list[list[Block]]:
    """Consecutive blocks that form one unit of analysis (see ``_continues``)."""
    groups: list[list[Block]] = []
    for block in blocks:
        last = groups[-1][-1] if groups else None
        if last is not None and block.kind == last.kind == "paragraph" and \
                _continues(text[last.start:last.end], text[block.start:block.end]):
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def segment(document: Document) -> list[Sentence]:
    """Split a document into sentences, headings, list items and table rows."""
    text = document.text
    blocks = _cover_blocks(document) if document.blocks else (
        [Block(0, len(text), 1)] if text.strip() else [])
    groups = _group_blocks(blocks, text)
    group_texts = [text[g[0].start:g[-1].end] for g in groups]
    page_of = _page_finder(document)
    sentences: list[Sentence] = []
    pending: list[tuple[int, int]] = []  # lone-marker blocks waiting for the next block
    for group, gtext, (toks, lemmas) in zip(groups, group_texts, _analyse(group_texts)):
        base = group[0].start
        ranges = _block_segments(group[0], gtext, toks)
        if not ranges:
            continue
        if len(ranges) == 1 and _is_marker_only(toks):
            pending.append((base + toks[0][1], base + toks[-1][2]))
            continue
        for a, b in ranges:
            s = _make_sentence(len(sentences), gtext, base, toks, lemmas, a, b)
            block = group[0] if len(group) == 1 else _block_at(group, s.start)
            s.kind = block.kind
            s.page = page_of(s.start, block)
            if block.line > 0:
                s.line = block.line + text.count("\n", block.start, s.start)
            if pending:
                _prepend(s, pending, text)
                pending = []
            sentences.append(s)
    if pending:
        _append_pending(sentences, pending, text)
    return sentences


def _block_at(group: list[Block], offset: int) -> Block:
    """The block of a merged group that contains ``offset``."""
    k = bisect.bisect_right([b.start for b in group], offset) - 1
    return group[max(k, 0)]


def _is_marker_only(toks: list[Token]) -> bool:
    return len(toks) <= 3 and all(
        not _HAS_WORD.search(w) or _ENUMERATOR.match(w) or _ENUM_BARE.match(w) for w, _, _ in toks)


def _prepend(s: Sentence, pending: list[tuple[int, int]], text: str) -> None:
    """Glue lone-marker blocks ("•", "1.") in front of the segment that follows."""
    extra_tokens: list[str] = []
    extra_offsets: list[tuple[int, int]] = []
    for ps, pe in pending:
        for w, a, b in tokenize(text[ps:pe]):
            extra_tokens.append(w)
            extra_offsets.append((ps + a, ps + b))
    s.start = pending[0][0]
    s.text = text[s.start:s.end]
    s.tokens = [fold(w) for w in extra_tokens] + s.tokens
    s.lemmas = [lemmatize_word(w) for w in extra_tokens] + s.lemmas
    s.token_offsets = extra_offsets + s.token_offsets
    if s.line:
        s.line = max(1, s.line - text.count("\n", s.start, s.token_offsets[len(extra_tokens)][0]))


def _append_pending(sentences: list[Sentence], pending: list[tuple[int, int]], text: str) -> None:
    """Lone markers at the very end: attach to the last segment (or keep alone)."""
    if not sentences:
        start, end = pending[0][0], pending[-1][1]
        s = sentence_from_text(text[start:end])
        s.start, s.end = start, end
        s.token_offsets = [(start + a, start + b) for a, b in s.token_offsets]
        sentences.append(s)
        return
    last = sentences[-1]
    for ps, pe in pending:
        for w, a, b in tokenize(text[ps:pe]):
            last.tokens.append(fold(w))
            last.lemmas.append(lemmatize_word(w))
            last.token_offsets.append((ps + a, ps + b))
    last.end = pending[-1][1]
    last.text = text[last.start:last.end]


def sentence_from_text(text: str, id: int = 0) -> Sentence:
    """Analyse ONE given sentence (no splitting); offsets are into ``text``.

    Used by the classifier on corpus sentences, so training and scanning see
    exactly the same tokens and lemmas.
    """
    toks, lemmas = next(_analyse([text]))
    if not toks:
        stripped = text.strip()
        s0 = text.find(stripped) if stripped else 0
        return Sentence(id=id, text=stripped, start=s0, end=s0 + len(stripped), page=1)
    return _make_sentence(id, text, 0, toks, lemmas, 0, len(toks))
