"""Pages: the article and its metadata from a saved web page.

Trafilatura, the field's standard for this, finds the main text: menus,
cookie banners, share bars, related stories, newsletter boxes, comments and
ads stay out. The metadata comes from the page itself, each value marked
with where it came from:

- publisher, title, authors and canonical URL: trafilatura's reading of
  JSON-LD, OpenGraph and the other meta tags (`html-meta`);
- the publication date: htmldate (trafilatura's date library) run on the
  page's metadata alone (meta tags, JSON-LD, <time datetime>, the canonical
  URL), so a date it finds is `html-meta`; otherwise a visible "Published:"
  line, read by the same rule as in a text file (`text`);
- the standfirst: an element the page marks as one (data/pages.yml);
- the language: the <html lang> attribute.

The body then goes through the same cleaning as a text file, and every
offset points into the body stored in the database.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass
from functools import cache

import htmldate
import lxml.html
import trafilatura
from lxml import etree

from . import articles, boilerplate, vocabulary
from .articles import Article, EmptyArticle
from .boilerplate import Removal

#: A page is an article when its text has at least this many words and one
#: paragraph of prose (this many words, ending a sentence): a section front's
#: menu and headline links have neither.
MIN_WORDS = 30
MIN_PROSE_WORDS = 10
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


@dataclass(frozen=True)
class Markers:
    class_words: frozenset[str]
    itemprops: frozenset[str]
    max_words: int
    outside: frozenset[str]
    saved_from: re.Pattern[str]
    chrome_words: frozenset[str]
    body_words: frozenset[str]
    body_itemprops: frozenset[str]
    title_separators: tuple[str, ...]
    modified_words: frozenset[str]
    not_article_headlines: frozenset[str]


@cache
def markers() -> Markers:
    data = vocabulary.read("pages.yml")
    standfirst = data["standfirst"]
    return Markers(
        class_words=frozenset(w.lower() for w in standfirst["class_words"]),
        itemprops=frozenset(standfirst["itemprops"]),
        max_words=int(standfirst["max_words"]),
        outside=frozenset(data["outside_article"]),
        saved_from=re.compile(data["saved_from"]),
        chrome_words=frozenset(w.lower() for w in data["chrome_words"]),
        body_words=frozenset(_normal_mark(w) for w in data["body_words"]),
        body_itemprops=frozenset(data["body_itemprops"]),
        title_separators=tuple(data["title_separators"]),
        modified_words=frozenset(w.lower() for w in data["modified_words"]),
        not_article_headlines=frozenset(_headline_key(h) for h in data["not_article_headlines"]),
    )


def _headline_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", str(text).casefold()).split())


def _normal_mark(mark: str) -> str:
    return re.sub(r"[-_]+", "-", mark.lower())


def _marks(element) -> set[str]:
    """The words of an element's class, id, data-testid and data-component: whole, and their parts between "-", "_" and "__"."""
    marks = " ".join(element.get(a, "") for a in ("class", "id", "data-testid", "data-component")).lower().split()
    return set(marks) | {_normal_mark(m) for m in marks} | {part for mark in marks for part in re.split(r"[-_]+", mark) if part}


def parse(page: str) -> Article:
    """The Article of a decoded saved page, or raise EmptyArticle."""
    # An XHTML page opens with an XML declaration naming its encoding, which
    # lxml refuses on text that is already decoded: it has done its work.
    page = _XML_DECLARATION.sub("", page, count=1)
    try:
        tree = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError) as error:
        raise EmptyArticle(f"the page cannot be parsed as HTML: {error}") from None
    content = deepcopy(tree)  # for trafilatura, which prunes the tree it is given
    for br in tree.iter("br"):  # a line break ends a line of text ("By Jane Doe<br>Staff Writer")
        br.tail = "\n" + (br.tail or "")
    article = Article()
    article.language = _language(tree)
    published = _meta_date(tree)
    if published:
        article.published, article.sources["published"] = published, "html-meta"
    else:
        _visible_date(tree, article)
    _prune_chrome(content)
    story = _marked_body_text(content)  # before trafilatura, which prunes the tree it reads
    found = trafilatura.bare_extraction(
        content, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, deduplicate=False, date_extraction_params={"extensive_search": False},
    )
    if found is None or not (found.text or "").strip():
        raise EmptyArticle("the page holds no article text (only menus, links or site chrome)")
    article.subtitle = _standfirst(tree, found.text)
    article.title = _clean(found.title)
    for headline in (article.title, _clean(tree.findtext(".//h1"))):
        if headline and _headline_key(headline) in markers().not_article_headlines:
            raise EmptyArticle(f"the page is not an article (its headline is {headline!r})")
    article.publisher = _clean(found.sitename) or _site_in_title(tree, article.title)
    article.url = _canonical(tree) or _clean(found.url) or _saved_from(page)
    if found.author:
        article.byline = _clean(found.author)
        article.authors = [name.strip() for name in found.author.split(";") if name.strip()]
        if article.publisher:  # "By Dana Whitcombe, KWLM 9 News": the outlet is no author
            article.authors = [n for n in article.authors if n.casefold() not in article.publisher.casefold()]
    for name in ("publisher", "url", "byline"):
        if getattr(article, name):
            article.sources[name] = "html-meta"
    _visible_byline(tree, article)
    _body(story or found.text, article)
    return article


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _language(tree) -> str | None:
    for value in (tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  *tree.xpath("//meta[@http-equiv][translate(@http-equiv,'CONTENT-LAGU','content-lagu')='content-language']/@content")):
        match = _LANGUAGE.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return None


def _outside_article(element, outside: frozenset[str]) -> bool:
    return any(isinstance(a.tag, str) and a.tag in outside for a in element.iterancestors()) or element.tag in outside


def _standfirst(tree, text: str) -> str | None:
    """The text of the first element the page marks as its standfirst, if any.

    A heading inside the story can be classed like a standfirst
    ("subheadline"): a candidate that the story's text holds below its
    opening lines is one of those, not the standfirst.
    """
    rules = markers()
    below = {_key(line) for line in text.split("\n")[2:]}
    for element in tree.iter(etree.Element):
        if not isinstance(element.tag, str) or element.tag in ("meta", "link", "html", "body"):
            continue
        if not (_marks(element) & rules.class_words or element.get("itemprop") in rules.itemprops):
            continue
        if _outside_article(element, rules.outside):
            continue
        found = " ".join(element.text_content().split())
        if 3 <= len(found.split()) <= rules.max_words and _key(found) not in below:
            return found
    return None


def _prune_chrome(tree) -> None:
    """Take out the elements data/pages.yml names as site chrome, keeping the story's own containers."""
    rules = markers()
    total = _paragraph_text(tree)
    doomed = []
    for element in tree.iter(etree.Element):
        if not isinstance(element.tag, str) or element.tag in ("html", "head", "body", "main", "article"):
            continue
        if not _marks(element) & rules.chrome_words or any(a in doomed for a in element.iterancestors()):
            continue
        if element.find(".//h1") is not None or _paragraph_text(element) > total / 2:
            continue
        doomed.append(element)
    for element in doomed:
        element.drop_tree()  # keeps the text that follows the element


def _paragraph_text(element) -> int:
    """Characters of paragraph text under an element: where a story's words are, unlike link lists."""
    return sum(len(p.text_content().strip()) for p in element.iter("p"))


def _meta_date(tree) -> str | None:
    """The publication date in the page's metadata, as htmldate reads it, or None.

    htmldate is given the meta and link tags, the JSON-LD and the <time>
    elements' datetime attributes, and nothing of the visible text, so what it
    finds is the page's own statement. Dates are the page's local dates, as
    written ("2026-03-04T23:30:00-05:00" is the 4th).
    """
    meta = lxml.html.Element("html")
    head = etree.SubElement(meta, "head")
    for element in tree.iter("meta", "link"):
        if not _modified(element):
            head.append(_bare_copy(element))
    for script in tree.xpath("//script[@type='application/ld+json']"):
        copy = _bare_copy(script)
        copy.text = script.text
        head.append(copy)
    body = etree.SubElement(meta, "body")
    for time in tree.iter("time"):
        if time.get("datetime") and not _modified(time) and not _modified(time.getparent()):
            body.append(_bare_copy(time))
    try:
        return htmldate.find_date(meta, extensive_search=False, original_date=True, deferred_url_extractor=True)
    except (ValueError, TypeError, OverflowError):
        return None  # a malformed date that htmldate trips on is no date


def _modified(element) -> bool:
    """True when an element states a modified or updated date, by its name, property, itemprop or class."""
    if element is None:
        return False
    words = _marks(element) | {
        part for a in ("name", "property", "itemprop") for part in re.split(r"[:_\s-]+", element.get(a, "").lower()) if part
    } | {element.get(a, "").lower() for a in ("name", "property", "itemprop")}
    return bool(words & markers().modified_words) or any(w.replace("-", "") in {"datemodified", "lastmodified"} for w in words)


def _bare_copy(element):
    """The element with its attributes, without children or text."""
    copy = etree.Element(element.tag, dict(element.attrib))
    return copy


#: Elements whose text can be a date line or a byline, old layouts included.
_LINE_TAGS = ("p", "div", "span", "time", "li", "small", "header", "dd", "address", "a", "b", "strong", "em", "i", "font", "td")


def _short_lines(tree):
    """Each line of text of the short elements outside navigation and asides, in page order."""
    outside = markers().outside - {"footer", "figure", "figcaption"}
    for element in tree.iter(_LINE_TAGS):
        text = element.text_content()
        if len(text) > 240 or _outside_article(element, outside):
            continue
        for line in text.split("\n"):
            line = " ".join(line.split())
            if line and len(line) <= 120:
                yield line


def _visible_date(tree, article: Article) -> None:
    """A "Published: 14 January 2026" line anywhere in the page's own text."""
    for text in _short_lines(tree):
        found = articles.find_labelled_date(text)
        if found:
            article.published, article.published_text = found[0], found[1]
            article.sources["published"] = "text"
            return


def _visible_byline(tree, article: Article) -> None:
    """A "By Jane Doe" line in the page's text: the authors when the metadata names none, or names fewer.

    A byline's words tell a person from an affiliation ("By Sam Okafor,
    Meridian Wire"), which metadata split at commas does not: when the
    visible names are some of the metadata's, the visible ones are kept.
    """
    for text in _short_lines(tree):
        names = articles.byline(text)
        if not names:
            continue
        if not article.authors:
            article.byline, article.authors, article.sources["byline"] = text, names, "text"
        elif set(names) < set(article.authors):
            article.authors = [n for n in article.authors if n in names]
        return


def _canonical(tree) -> str | None:
    """The page's <link rel="canonical">: the address the publisher names as the article's, over og:url."""
    for href in tree.xpath("//link[@rel='canonical']/@href"):
        href = _clean(href)
        if href and href.startswith(("http://", "https://")):
            return href
    return None


def _site_in_title(tree, title: str | None) -> str | None:
    """The site's name in a <title> of the form "Headline - Site" or "Site | Headline"."""
    full = " ".join((tree.findtext("head/title") or tree.findtext(".//title") or "").split())
    if not title or not full or full == title:
        return None
    for separator in markers().title_separators:
        if full.startswith(title + separator):
            return _clean(full[len(title + separator):])
        if full.endswith(separator + title):
            return _clean(full[: -len(separator + title)])
    return None


def _marked_body_text(tree) -> str | None:
    """The text of the containers the page marks as its story, when it marks any; else None."""
    rules = markers()
    chunks = []
    for element in tree.iter(etree.Element):
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        if not (_marks(element) & rules.body_words or element.get("itemprop") in rules.body_itemprops):
            continue
        if not any(element in chunk.iterancestors() or chunk is element for chunk in chunks) and not any(
            a in chunks for a in element.iterancestors()
        ):
            chunks.append(element)
    if not chunks:
        return None
    story = lxml.html.Element("html")
    body = etree.SubElement(etree.SubElement(story, "body"), "article")
    for chunk in chunks:
        copy = deepcopy(chunk)
        copy.tail = None
        body.append(copy)
    found = trafilatura.bare_extraction(story, include_comments=False, include_tables=False, include_images=False, deduplicate=False)
    text = (found.text or "") if found is not None else ""
    return text if len(text.split()) >= MIN_WORDS else None


def _saved_from(page: str) -> str | None:
    match = markers().saved_from.search(page[:2000])
    return match.group(1) if match else None


def _body(text: str, article: Article) -> None:
    """Clean trafilatura's text into the body, taking out what is metadata.

    The headline, the standfirst, a byline or a date line repeated at the top
    of the text are taken out (and listed in the boilerplate table); the rest
    is cleaned by the rules that clean a text file.
    """
    lines = [line.strip() for line in text.split("\n")]
    repeated = {_key(article.title): "headline", _key(article.subtitle): "standfirst"}
    head = [i for i, line in enumerate(lines) if line][: articles.EDGE_LINES + 2]
    for i in head:
        line = lines[i]
        rule = repeated.get(_key(line))
        if rule is None and articles.byline(line):  # its authors were read from the page (_visible_byline)
            rule = "byline"
        if rule is None and articles.find_labelled_date(line):
            rule = "date line"
        if rule:
            article.removed.append(Removal(line, rule))
            lines[i] = ""
    paragraphs = [line for line in lines if line]
    removed: list[Removal] = []
    body, captions = [], []
    for paragraph in _each_line_a_paragraph(paragraphs, removed):
        (captions if boilerplate.is_caption(paragraph) else body).append(paragraph)
    article.removed.extend(removed)
    prose = any(len(p.split()) >= MIN_PROSE_WORDS and articles.ends_sentence(p) for p in body)
    if not prose or sum(len(p.split()) for p in body) < MIN_WORDS:
        raise EmptyArticle("the page holds no article text (only menus, links or site chrome)")
    articles.finish(article, body, captions)


def _key(text: str | None) -> str | None:
    return " ".join(text.casefold().split()).rstrip(".") if text else None


def _each_line_a_paragraph(lines: list[str], removed: list[Removal]) -> list[str]:
    """Apply the line rules of data/boilerplate.yml; each of trafilatura's lines is already a paragraph."""
    kept = []
    for raw in lines:
        line = articles.clean_line(raw, removed)
        if line is None:
            continue
        if boilerplate.is_separator(line):
            removed.append(Removal(line, "punctuation only"))
            continue
        kept.append(line)
    return kept
