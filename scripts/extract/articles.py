"""Articles: split a decoded seed text into headline, standfirst, caption and body.

Pure functions, text in and record out. Every later character offset points
into the fields produced here, so the rules below decide what the published
`body` is; they are general (shape, punctuation, data-file phrases), never
about particular outlets.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cache

from . import boilerplate, dates, vocabulary
from .boilerplate import Removal

#: The texts of an article, in reading order; every extracted row points into one of them.
FIELDS = ("title", "subtitle", "caption", "body")
#: How far from either end of the text a date or URL line is looked for.
EDGE_LINES = 3
#: A headline is a short line; a first paragraph longer than this is prose.
HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 250
#: A standfirst is one short paragraph between the headline and the body.
STANDFIRST_MAX_WORDS = 60

_CLOSING = "\"'”’»)]"
_TERMINAL = ".!?…"
_WORD = re.compile(r"\S*\w\S*")  # a white-space separated token with a letter or digit in it
_URL_LINE = re.compile(r"^(?:(?:url|link|source)\s*[:\-]\s*)?(https?://\S+)$", re.IGNORECASE)
# A dateline that opens a news story: "WASHINGTON:", "NEW YORK, Nov 6 -", "LONDON (Reuters) -".
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,}(?:,[^:—–\n]{1,30})?(?:\s*\([^)]{1,40}\))?\s*(?::|—|–|-\s)")



@dataclass
class Article:
    title: str | None = None
    subtitle: str | None = None
    caption: str | None = None
    body: str = ""
    published: str | None = None  # YYYY-MM-DD, only when the text states it
    published_text: str | None = None  # the words that stated it
    url: str | None = None
    publisher: str | None = None
    byline: str | None = None  # the authors as the text or page gives them
    authors: list[str] = field(default_factory=list)
    language: str | None = None  # ISO 639 code, when the page declares it
    #: Where publisher, url, published and byline came from: "text" (stated in
    #: the article's text) or "html-meta" (the saved page's metadata).
    sources: dict[str, str] = field(default_factory=dict)
    word_count: int = 0
    removed: list[Removal] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


class EmptyArticle(ValueError):
    """The text holds nothing but boilerplate."""


def parse(text: str) -> Article:
    """Split normalized text (LF line ends) into the fields of an Article."""
    article = Article()
    lines = text.split("\n")
    lines = _take_edge_metadata(lines, article)
    paragraphs = _paragraphs(lines, article.removed)
    _take_head(paragraphs, article)
    body: list[str] = []
    captions: list[str] = []
    for paragraph in paragraphs:
        if paragraph.role != "body":
            continue
        if boilerplate.is_caption(paragraph.text):
            captions.append(paragraph.text)
        else:
            body.append(paragraph.text)
    finish(article, body, captions)
    for paragraph in paragraphs[:EDGE_LINES + 1] + paragraphs[-EDGE_LINES:]:
        found = byline(paragraph.text)
        if found and article.byline is None:
            article.byline, article.authors = paragraph.text, found
    for name in ("published", "url", "byline"):
        if getattr(article, name):
            article.sources[name] = "text"
    return article


def finish(article: Article, body: list[str], captions: list[str]) -> None:
    """Set the body and captions of an article from its paragraphs, or raise EmptyArticle."""
    if not body:
        raise EmptyArticle("no article text is left after removing boilerplate")
    article.caption = "\n".join(captions) or None
    article.body = "\n\n".join(body)
    article.word_count = count_words(article.body)


@cache
def _byline_pattern() -> re.Pattern[str]:
    cues = sorted(vocabulary.name_particles().author_cues, key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(re.escape(cue) for cue in cues)})\s+(?P<names>\S.*)$", re.IGNORECASE)


#: Where a byline's names end: a place, a job or a second credit follows ("in Nairobi", "; Editing by").
_NAMES_END = re.compile(r";|\||/|\s[-–—]\s|\s(?:in|for)\s")
_BYLINE_END = re.compile(r",|" + _NAMES_END.pattern)
_BYLINE_JOIN = re.compile(r"\s+(?:and|&)\s+")


def _name_word(word: str) -> bool:
    return word[0].isupper() and all(c.isalpha() or c in "'’.-" for c in word)


def byline(line: str) -> list[str]:
    """The authors' names in a byline ("By Jane Doe and Sam Roe, Nairobi"), or [] when the line is not one.

    Each name is two to five words, capitalised or name particles; the
    place or job after a comma, dash or "in" is not part of the names.
    """
    match = _byline_pattern().match(line.strip())
    if not match:
        return []
    # "By Ana Ruiz, Tom Blake and Li Wei": a list, when every item is a name
    listed = _NAMES_END.split(match.group("names"), maxsplit=1)[0]
    items = re.split(r"\s*,\s*|\s+(?:and|&)\s+", listed.strip())
    if len(items) >= 3 and all(_is_name(item) for item in items):
        return [" ".join(item.split()) for item in items]
    names = []
    for name in _BYLINE_JOIN.split(_BYLINE_END.split(match.group("names"), maxsplit=1)[0].strip()):
        if not _is_name(name):
            return []
        names.append(" ".join(name.split()))
    return names


def _is_name(text: str) -> bool:
    """Two to five words, capitalised or name particles, the first capitalised."""
    words, particles = text.split(), vocabulary.name_particles().all
    return 2 <= len(words) <= 5 and _name_word(words[0]) and all(_name_word(w) or w in particles for w in words)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass
class _Paragraph:
    text: str
    separator_before: bool = False
    role: str = "body"


def _take_edge_metadata(lines: list[str], article: Article) -> list[str]:
    """Take a stated publication date and a URL from the first or last lines."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    edge = nonblank[:EDGE_LINES] + nonblank[-EDGE_LINES:]
    for i in dict.fromkeys(edge):
        line = lines[i].strip()
        if article.published is None:
            found = find_labelled_date(line)
            if found:
                date, stated, rest = found
                article.published, article.published_text = date, stated
                lines[i] = rest
                continue
        url = _URL_LINE.match(line)
        if url and article.url is None:
            article.url = url.group(1)
            article.removed.append(Removal(line, "url line"))
            lines[i] = ""
    return lines


@cache
def _labelled_date_pattern() -> re.Pattern[str]:
    labels = "|".join(re.escape(label) for label in boilerplate.rules().date_labels)
    return re.compile(
        rf"^(?P<label>(?:{labels}))\s*[:\-–]?\s*(?P<date>{dates.STATED_DATE})(?=$|[\s.,;:|])\s*[|.,;:–—-]?\s*", re.IGNORECASE
    )


def find_labelled_date(line: str) -> tuple[str, str, str] | None:
    """Find "date 2025-11-06" or "Published: 6 November 2025" at the start of a line.

    Returns (ISO date, the words as written, the rest of the line), or None
    when the line does not open with a labelled, valid calendar date.
    """
    match = _labelled_date_pattern().match(line.strip())
    if not match:
        return None
    resolved = dates.resolve(match.group("date"), None)  # a stated date needs no reference; "2025-02-30" fails
    if resolved.precision != dates.DAY:
        return None
    return resolved.date, match.group(0).strip(), line.strip()[match.end():]


def _paragraphs(lines: list[str], removed: list[Removal]) -> list[_Paragraph]:
    """Clean each line and assemble paragraphs.

    A line is a paragraph unless it visibly continues the one before: that
    one stops on a comma, a hyphen or a function word ("a diplomatic win
    for"), or this one starts in lower case. Blank lines between such halves
    are a scraping accident, not a paragraph break.
    """
    paragraphs: list[_Paragraph] = []
    separator = False
    for raw in lines:
        line = clean_line(raw, removed)
        if line is None:
            continue
        if boilerplate.is_separator(line):
            removed.append(Removal(line, "punctuation only"))
            separator = True
            continue
        if paragraphs and not separator and _continues(paragraphs[-1].text, line):
            paragraphs[-1].text += " " + line
        else:
            paragraphs.append(_Paragraph(line, separator_before=separator))
        separator = False
    return paragraphs


def clean_line(raw: str, removed: list[Removal]) -> str | None:
    """A line with inline chrome taken out and its white space normalized; None when nothing or a chrome line is left.

    What is taken out goes to `removed`, with the rule that took it.
    """
    rules = boilerplate.rules()
    line, inline = boilerplate.strip_inline(raw.strip(), rules)
    removed.extend(inline)
    line = " ".join(line.split())
    if not line:
        return None
    line, glued = boilerplate.strip_glued_prefix(line, rules)
    if glued:
        removed.append(glued)
    rule = boilerplate.whole_line_rule(line, rules)
    if rule:
        removed.append(Removal(line, rule))
        return None
    return line


def _continues(previous: str, line: str) -> bool:
    if ends_sentence(previous) or byline(line):  # "… as talks drag on" + "By Chinedu Okafor-Ibeh, Abuja"
        return False
    if line[0].islower():
        return True
    last = previous.rstrip()
    if last.endswith((",", "-", "–", "—")):
        return True
    last_word = last.rsplit(None, 1)[-1].casefold()
    # Imported here: importing spaCy's word list imports spaCy (0.6 s), which the loader, importing FIELDS, never needs.
    from spacy.lang.en.stop_words import STOP_WORDS

    return last_word in STOP_WORDS and last_word not in _CAN_END and len(previous.split()) > 3


#: Stop words that end a clause as well as they open one ("take up the matter again"): no sign of a cut line.
_CAN_END = frozenset("""again also too now here there ever yet still already else well more less least most enough
together alone ago away back otherwise anyway indeed though instead afterwards later earlier before since once twice
first last thereafter meanwhile nevertheless everywhere anywhere nowhere somewhere elsewhere sometime none
am pm""".split())  # "05:00 AM" ends a date line


def ends_sentence(text: str) -> bool:
    """True when text ends with sentence punctuation, allowing closing quotes after it."""
    stripped = text.rstrip().rstrip(_CLOSING)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _looks_like_headline(text: str) -> bool:
    words = text.split()
    if not 3 <= len(words) <= HEADLINE_MAX_WORDS or len(text) > HEADLINE_MAX_CHARS:
        return False
    if not ends_sentence(text):
        return not text.rstrip().endswith((",", ":", ";"))
    # A question or exclamation can be a headline when it is short.
    return text.rstrip().rstrip(_CLOSING).endswith(("?", "!")) and len(words) <= 15


def _opens_body(paragraph: _Paragraph) -> bool:
    return paragraph.separator_before or bool(_DATELINE.match(paragraph.text)) or boilerplate.is_caption(paragraph.text)


def _take_head(paragraphs: list[_Paragraph], article: Article) -> None:
    """Mark the headline and standfirst, when the text has them.

    A headline is a short first paragraph with no closing full stop and text
    after it. A standfirst is the short paragraph after a headline when the
    body visibly starts after it (a separator line, a dateline, or a photo
    caption); without such a sign it is the story's first paragraph.
    """
    if len(paragraphs) < 2 or not _looks_like_headline(paragraphs[0].text):
        return
    paragraphs[0].role = "title"
    article.title = paragraphs[0].text
    if len(paragraphs) >= 3:
        candidate = paragraphs[1]
        if len(candidate.text.split()) <= STANDFIRST_MAX_WORDS and _opens_body(paragraphs[2]):
            candidate.role = "subtitle"
            article.subtitle = candidate.text
