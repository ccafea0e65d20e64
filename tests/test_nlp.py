"""Unit tests of the Dutch pipeline (scanner/nlp.py) and normalisation (scanner/normalize.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED, shared_file
from scanner.model import Block, Document
from scanner.nlp import (get_nlp, lemmatize_word, pipeline_info, segment, sentence_from_text,
                         tokenize)
from scanner.normalize import fold, normalise_sentence


def paragraphs(text: str, kind: str = "paragraph") -> Document:
    """A Document with one block per blank-line-separated chunk (a stand-in for ingest)."""
    blocks: list[Block] = []
    pos = 0
    for chunk in text.split("\n\n"):
        if chunk.strip():
            blocks.append(Block(pos, pos + len(chunk), 1, kind, line=text.count("\n", 0, pos) + 1))
        pos += len(chunk) + 2
    return Document("test.txt", "text", text, blocks)


def texts(document: Document) -> list[str]:
    return [s.text for s in segment(document)]


def assert_accounting(document: Document) -> None:
    sentences = segment(document)
    assert "".join(document.text.split()) == "".join("".join(s.text.split()) for s in sentences)
    for s in sentences:
        assert document.text[s.start:s.end] == s.text


# ---------------------------------------------------------------- normalize

@pytest.mark.parametrize("raw, folded", [
    ("Financiële", "financiele"), ("geëvalueerd", "geevalueerd"), ("ÉÉN", "een"),
    ("coördinatie", "coordinatie"), ("naïef", "naief"), ("Vrouwen", "vrouwen"),
])
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_keeps_length_of_nfc_text() -> None:
    text = "De coördinator heeft één financiële regeling geëvalueerd. İ ﬁ ß"
    assert len(fold(text)) == len(text)


def test_fold_composes_decomposed_accents() -> None:
    assert fold("e\u0308en") == "een"  # e + combining diaeresis


def test_normalise_sentence_ignores_layout_and_case() -> None:
    a = normalise_sentence("De  kostwinner\nkrijgt   de   Toeslag. ")
    b = normalise_sentence("de kostwinner krijgt de toeslag.")
    assert a == b
    assert normalise_sentence("Financiële steun") == normalise_sentence("financiele  steun")


# ---------------------------------------------------------------- pipeline

def test_pipeline_info_is_offline_here() -> None:
    info = pipeline_info()
    assert info["name"] == "offline"
    assert info["lemmatizer"].startswith("simplemma")
    assert info["segmenter"] == "genderscan-policy"
    assert info["spacy"].startswith("3.")
    assert get_nlp() is get_nlp()


def test_model_is_used_when_installed() -> None:
    pytest.importorskip("nl_core_news_md")
    assert pipeline_info()["name"] == "nl_core_news_md"


@pytest.mark.parametrize("word, lemma", [
    ("vrouwen", "vrouw"), ("kostwinners", "kostwinner"), ("gemeenten", "gemeente"),
    ("kinderen", "kind"), ("Vrouwen", "vrouw"),
    ("niet-uitkeringsgerechtigden", "niet-uitkeringsgerechtigd"),
])
def test_lemmas_of_key_words(word: str, lemma: str) -> None:
    assert lemmatize_word(word) == lemma
    sentence = sentence_from_text(f"Het gaat om {word}.")
    assert sentence.lemmas[3] == lemma


def test_tokenizer_keeps_policy_abbreviations() -> None:
    text = "Per 1 jan. 2026 o.a. voor mw. Jansen, zie art. 7 en Stcrt. nr. 12, sept. 2025."
    words = [w for w, _, _ in tokenize(text)]
    for abbreviation in ("jan.", "o.a.", "mw.", "art.", "Stcrt.", "nr.", "sept."):
        assert abbreviation in words
    text = "De re-integratie van niet-uitkeringsgerechtigden."
    assert [text[a:b] for _, a, b in tokenize(text)][1:4] == ["re-integratie", "van", "niet-uitkeringsgerechtigden"]


def test_sentence_from_text_does_not_split() -> None:
    text = "  Vrouwen werken vaker in deeltijd. Mannen minder vaak.  "
    s = sentence_from_text(text, id=7)
    assert s.id == 7
    assert s.text == text.strip() == text[s.start:s.end]
    assert s.tokens[:3] == ["vrouwen", "werken", "vaker"]
    assert s.lemmas[0] == "vrouw"
    assert "mannen" in s.tokens  # the second sentence is part of the same Sentence
    assert all(text[a:b].lower() == t for t, (a, b) in zip(s.tokens, s.token_offsets))


def test_sentence_from_empty_text() -> None:
    s = sentence_from_text("   ")
    assert s.text == "" and s.tokens == []


# ---------------------------------------------------------------- segmentation

def test_splits_sentences_but_not_abbreviations() -> None:
    doc = paragraphs("Zie art. 7 lid 1 onder a. De wet geldt per 1 jan. 2026. "
                     "Mw. M. de Vries van de afd. Werk sprak o.a. met dhr. Jansen. Klopt dat? Ja.")
    assert texts(doc) == [
        "Zie art. 7 lid 1 onder a.", "De wet geldt per 1 jan. 2026.",
        "Mw. M. de Vries van de afd. Werk sprak o.a. met dhr. Jansen.", "Klopt dat?", "Ja.",
    ]


def test_amounts_percentages_and_quotes() -> None:
    doc = paragraphs('Het kost € 1.250,- per jaar, ofwel 2,5% meer. Zij zei: "Dat is veel. Te veel." '
                     "Daarna (zie bijlage 2.) volgde het debat.")
    assert texts(doc) == ["Het kost € 1.250,- per jaar, ofwel 2,5% meer.",
                          'Zij zei: "Dat is veel. Te veel."',
                          "Daarna (zie bijlage 2.) volgde het debat."]


def test_heading_and_table_row_are_one_segment() -> None:
    text = "Hoofdstuk 2. Werk. En inkomen\n\nRij 1. Aantal. 120"
    doc = Document("t", "text", text, [Block(0, 29, 1, "heading"), Block(31, len(text), 1, "table-row")])
    assert texts(doc) == ["Hoofdstuk 2. Werk. En inkomen", "Rij 1. Aantal. 120"]
    assert [s.kind for s in segment(doc)] == ["heading", "table-row"]


def test_list_item_keeps_marker_and_splits_only_full_sentences() -> None:
    doc = paragraphs("1. de regeling wordt verlengd;\n\na. Het college stelt een plan op. Het plan wordt jaarlijks "
                     "herzien.\n\n• ouders met jonge kinderen", kind="list-item")
    assert texts(doc) == ["1. de regeling wordt verlengd;", "a. Het college stelt een plan op.",
                          "Het plan wordt jaarlijks herzien.", "• ouders met jonge kinderen"]


def test_inline_enumeration_on_new_lines_is_split() -> None:
    doc = paragraphs("Het college besluit:\n1. de regeling te verlengen;\n2. de raad te informeren.\n"
                     "• met aandacht voor vaders")
    assert texts(doc) == ["Het college besluit:", "1. de regeling te verlengen;",
                          "2. de raad te informeren.", "• met aandacht voor vaders"]


def test_wrapped_enumerator_reference_is_not_split() -> None:
    doc = paragraphs("De regels staan in hoofdstuk\n3. Daarnaast geldt de verordening.")
    # "3." after a line that did not end a clause is not a list marker
    assert texts(doc) == ["De regels staan in hoofdstuk\n3.", "Daarnaast geldt de verordening."]


def test_lone_markers_are_attached_not_dropped() -> None:
    text = "•\n\nouders met jonge kinderen\n\n1.\n\nDe gemeente betaalt.\n\n–"
    doc = paragraphs(text)
    result = segment(doc)
    assert [s.text for s in result] == ["•\n\nouders met jonge kinderen", "1.\n\nDe gemeente betaalt.\n\n–"]
    assert result[0].tokens[0] == "•" and result[0].token_offsets[0] == (0, 1)
    assert_accounting(doc)


def test_stray_punctuation_after_a_sentence_is_kept() -> None:
    doc = paragraphs("De gemeente betaalt. )")
    assert texts(doc) == ["De gemeente betaalt. )"]


def test_unbalanced_parenthesis_does_not_block_splitting() -> None:
    body = " ".join(f"Zin nummer {i} gaat over werk." for i in range(30))
    doc = paragraphs("(Noot " + body)
    assert len(segment(doc)) > 10


def test_text_outside_blocks_and_documents_without_blocks() -> None:
    text = "Kop\n\nDe eerste zin. De tweede zin.\n\nLosse tekst zonder blok."
    doc = Document("t", "text", text, [Block(0, 3, 1, "heading"), Block(5, 34, 1)])
    assert texts(doc)[-1] == "Losse tekst zonder blok."
    assert_accounting(doc)
    bare = Document("t", "text", "Een zin. Nog een zin.", [])
    assert texts(bare) == ["Een zin.", "Nog een zin."]
    assert segment(Document("t", "text", "  \n ", [])) == []


def test_page_and_line_of_a_paragraph_across_a_page_break() -> None:
    text = "Titel\n\nDe eerste zin staat op pagina een. De tweede zin\nloopt door. Op pagina twee."
    split = text.index("loopt")
    doc = Document("t", "pdf", text, [Block(0, 5, 1, "heading", line=1),
                                      Block(7, len(text), 1, "paragraph", page_end=2, line=3)],
                   pages=2, page_spans=[(0, split), (split, len(text))])
    result = segment(doc)
    assert [(s.page, s.line) for s in result] == [(1, 1), (1, 3), (1, 3), (2, 4)]
    assert [s.id for s in result] == [0, 1, 2, 3]


def test_token_offsets_are_absolute() -> None:
    text = "Kop\n\nDe vrouwen en kinderen."
    doc = paragraphs(text)
    last = segment(doc)[-1]
    assert [text[a:b] for a, b in last.token_offsets] == ["De", "vrouwen", "en", "kinderen", "."]
    assert last.tokens == ["de", "vrouwen", "en", "kinderen", "."]
    assert last.lemmas[1:4] == ["vrouw", "en", "kind"]


WORDS = st.sampled_from([
    "De", "gemeente", "o.a.", "art.", "7", "lid", "1.", "a.", "a)", "•", "-", "–", "(", ")", '"', "“", "”",
    "‘", "’", ".", "?", "!", "…", ";", ":", "jan.", "€ 1.250,-", "2,5%", "M.", "Vrouwen", "etc.",
    "\n", "\n\n", "  ", "werk", "Zie", "1", "2.3", "één", "kinder-\nopvang", "e.o.", "x.y.z",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=40), st.sampled_from(["paragraph", "list-item", "heading"]))
def test_accounting_invariant_on_random_text(words: list[str], kind: str) -> None:
    doc = paragraphs(" ".join(words), kind=kind)
    assert_accounting(doc)
    ids = [s.id for s in segment(doc)]
    assert ids == list(range(len(ids)))


def test_accounting_invariant_on_seed_texts() -> None:
    shared_file("seeds")
    files = sorted((SHARED / "seeds").glob("*.txt"))
    if not files:
        pytest.skip("no seed texts")
    for path in files:
        doc = paragraphs(Path(path).read_text(encoding="utf-8"))
        assert_accounting(doc)
        for s in segment(doc):
            assert s.line == doc.text.count("\n", 0, s.start) + 1


def test_paragraph_broken_by_a_blank_line_is_rejoined() -> None:
    text = ("De gemeente ziet de man vaak als kost-\n\nwinner en de vrouw als\n\nverzorger. "
            "Dat moet anders.\n\nNieuwe alinea over werk.\n\nkleine letter na een punt.")
    doc = paragraphs(text)
    result = segment(doc)
    assert [s.text for s in result] == [
        "De gemeente ziet de man vaak als kost-\n\nwinner en de vrouw als\n\nverzorger.",
        "Dat moet anders.", "Nieuwe alinea over werk.", "kleine letter na een punt."]
    assert [s.line for s in result] == [1, 5, 7, 9]


@pytest.mark.parametrize("text, expected", [
    ("Dat is bekend.²⁵ Een tip is werkgevers te betrekken.",
     ["Dat is bekend.²⁵", "Een tip is werkgevers te betrekken."]),
    ("Zie Andriessen et al. (2021). Daarna volgt meer.", ["Zie Andriessen et al. (2021).", "Daarna volgt meer."]),
    ("Zo gaat dat. **Agendeer** het thema. (Zie ook bijlage 2.)",
     ["Zo gaat dat.", "**Agendeer** het thema.", "(Zie ook bijlage 2.)"]),
    ("Zo gaat dat. Werk is belangrijk.", ["Zo gaat dat.", "Werk is belangrijk."]),
    ("Het boek (red. Jansen) en mgr. Bekkers. Zie art.12 Participatiewet.",
     ["Het boek (red. Jansen) en mgr. Bekkers.", "Zie art.12 Participatiewet."]),
    ("We spraken met werkgevers, scholen enz. Daaruit bleek veel.",
     ["We spraken met werkgevers, scholen enz.", "Daaruit bleek veel."]),
])
def test_footnotes_markup_and_word_like_abbreviations(text: str, expected: list[str]) -> None:
    assert texts(paragraphs(text)) == expected


def test_statistical_pipeline_code_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a model, lemmas come from the model; the policy segmentation stays."""
    import spacy
    from spacy.language import Language

    import scanner.nlp as nlp_module

    @Language.component("fake_lemmatizer_for_test")
    def fake_lemmatizer(doc):  # stands in for nl_core_news_md's lemmatizer
        for token in doc:
            token.lemma_ = "L:" + token.text.lower()
        return doc

    model = spacy.blank("nl")
    model.add_pipe("fake_lemmatizer_for_test")
    monkeypatch.setattr(nlp_module, "get_nlp", lambda: model)
    monkeypatch.setattr(nlp_module, "_has_model", lambda: True)
    result = segment(paragraphs("Zie art. 7 onder a. De vrouwen werken."))
    assert [s.text for s in result] == ["Zie art. 7 onder a.", "De vrouwen werken."]
    assert result[1].lemmas[:2] == ["l:de", "l:vrouwen"]
    assert result[1].tokens[:2] == ["de", "vrouwen"]
    assert sentence_from_text("Vrouwen werken.").lemmas[0] == "l:vrouwen"
