import pytest

from scripts.extract import boilerplate


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Comments are closed.", "line"),
        ("  comments are closed  ", "line"),
        ("Impact Shorts", "line"),
        ("With inputs from agencies", "line"),
        ("ADVERTISEMENT", "line"),
        ("Read more: Minister resigns over budget row", "line prefix"),
        ("Also read: Five things to know", "line prefix"),
        ("(Reporting by Jane Doe; Editing by John Roe)", None),  # a credit: its people are the article's
        ("The minister said comments are closed to the press.", None),
        ("Read more about the plan in the annex, she said.", None),
        ("More shorts were sold this summer than ever.", None),
    ],
)
def test_whole_line_rule(line, rule):
    assert boilerplate.whole_line_rule(line) == rule


@pytest.mark.parametrize(
    "line, kept, removed",
    [
        ("More ShortsThe minister said so.", "The minister said so.", "More Shorts"),
        ("ADVERTISEMENT“We will go,” she said.", "“We will go,” she said.", "ADVERTISEMENT"),
        ("More Shorts are sold in summer.", "More Shorts are sold in summer.", None),
    ],
)
def test_strip_glued_prefix(line, kept, removed):
    result, removal = boilerplate.strip_glued_prefix(line)
    assert result == kept
    assert (removal.text if removal else None) == removed


@pytest.mark.parametrize(
    "line, kept",
    [
        ("as reported [1]by Fox News.", "as reported by Fox News."),
        ("a claim[12] that", "a claim that"),
        ("word[3]next", "word next"),
        ("the list [a] stays", "the list [a] stays"),
        ("year [citation needed].", "year ."),
    ],
)
def test_strip_inline(line, kept):
    assert boilerplate.strip_inline(line)[0] == kept


@pytest.mark.parametrize(
    "paragraph, caption",
    [
        ("Leaders meet in Dushanbe, October 10, 2025 (Jane Doe, Pool Photo via AP)", True),
        ("The minister arrives (AP Photo/John Roe)", True),
        ("Protesters gather outside parliament. (Reuters/Jane Doe)", True),
        ("The ministry confirmed the visit (via Reuters).", False),
        ("Talks resumed on Monday (local time)", False),
        ("The agency (AFP) reported it", False),
    ],
)
def test_is_caption(paragraph, caption):
    assert boilerplate.is_caption(paragraph) is caption


@pytest.mark.parametrize("line, separator", [("-", True), ("* * *", True), (")", True), ("—", True), ("A", False), ("1.", False)])
def test_is_separator(line, separator):
    assert boilerplate.is_separator(line) is separator
