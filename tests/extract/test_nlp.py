"""Long texts are parsed in pieces that join back into the text, character for character."""

import pytest

from scripts.extract import nlp

PARAGRAPH = ("Foreign Minister Ana Ruiz met her Chilean counterpart in Lima on Monday. "
             "“We agreed on the border,” Ruiz told reporters. The talks resume on June 3 and 4.")


@pytest.fixture
def small_pieces(monkeypatch):
    monkeypatch.setattr(nlp, "LONG_TEXT", 300)
    monkeypatch.setattr(nlp, "PIECE", 200)


def test_a_normal_text_is_one_piece():
    assert nlp.pieces(PARAGRAPH) == [PARAGRAPH]


def test_pieces_join_back_and_cut_after_a_line_break_when_there_is_one(small_pieces):
    text = "\n\n".join([PARAGRAPH] * 6)
    found = nlp.pieces(text, 200)
    assert "".join(found) == text and len(found) > 1
    assert all(piece.endswith("\n\n") for piece in found[:-1])


def test_one_long_line_is_cut_after_sentence_ends(small_pieces):
    text = " ".join([PARAGRAPH] * 8)
    found = nlp.pieces(text, 200)
    assert "".join(found) == text and len(found) > 3
    for piece in found[:-1]:
        assert piece.rstrip().endswith((".", "”")), piece[-30:]
        assert len(piece) <= 260


def test_a_text_with_no_break_at_all_stays_whole(small_pieces):
    text = "word " * 100
    assert nlp.pieces(text.strip(), 50) == [text.strip()]


def test_parse_joins_the_pieces_into_one_doc_with_the_same_annotations(small_pieces):
    text = " ".join([PARAGRAPH] * 6)
    model = nlp.load()
    ((joined, context),) = list(nlp.parse(model, [(text, "body")]))
    assert context == "body" and joined.text == text
    persons = [e.text for e in joined.ents if e.label_ == "PERSON"]
    assert persons.count("Ana Ruiz") == 6  # no name cut in two at a piece's edge
    starts = [s.start_char for s in joined.sents]
    offset = 0
    for piece in nlp.pieces(text):
        assert offset in starts  # every piece starts a sentence
        offset += len(piece)
