"""Saved web pages: text and metadata from realistic pages in the markup styles of real news sites.

The fixtures in pages/ and its hold-out folders were written, with what a
careful reader expects of each (expected.yml), by helpers who had not seen
this code.
"""

import re
from pathlib import Path

import pytest
import yaml

from scripts.extract import ingest, pages
from scripts.extract.articles import EmptyArticle
from scripts.extract.ingest import IngestError

PAGES = Path(__file__).parent / "pages"
#: Every value of these sets is asserted. holdout3/ is scored by `make evaluate` only: two of its
#: expectations are judgement calls the extractor does not follow (a live blog's standfirst on one
#: entry's page; authors named only in an end credit "— A, with B in Lyon").
FOLDERS = [PAGES, PAGES / "holdout", PAGES / "holdout2"]
CASES = [
    pytest.param(folder / name, expected, id=f"{folder.name}/{name}")
    for folder in FOLDERS if (folder / "expected.yml").exists()
    for name, expected in yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8")).items()
]
METADATA = ("publisher", "published", "published_source", "title", "subtitle", "authors", "url", "language")


def read(path: Path):
    seed, page = ingest.read_seed(path)
    return pages.parse(page)


@pytest.mark.parametrize("path, expected", [c for c in CASES if not c.values[1].get("rejected")])
def test_each_page_loads_with_its_metadata_and_no_chrome_in_its_body(path, expected):
    article = read(path)
    found = {
        "publisher": article.publisher, "published": article.published,
        "published_source": article.sources.get("published"), "title": article.title,
        "subtitle": article.subtitle, "authors": article.authors, "url": article.url, "language": article.language,
    }
    assert found == {name: expected[name] for name in METADATA}
    assert article.body.startswith(expected["body_starts"])
    for words in expected["body_contains"]:
        assert words in article.body
    for chrome in expected["not_in_body"]:
        assert chrome not in article.body, chrome


@pytest.mark.parametrize("path, expected", [c for c in CASES if c.values[1].get("rejected")])
def test_a_page_without_an_article_is_rejected_with_its_reason(path, expected):
    with pytest.raises((IngestError, EmptyArticle)) as error:
        read(path)
    assert str(error.value).startswith(("the page holds no article text", "the page is not an article", "named like a web page but holds no HTML markup"))


def test_a_page_in_a_declared_legacy_encoding_is_decoded_as_declared():
    raw = (FOLDERS[0] / "latin1.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "Anaïs Brügger" in ingest.decode_page(raw)


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty file"),
    (b'<html><head><meta charset="utf-8"></head><body><p>caf\xe9</p></body></html>', "not valid utf-8 (byte 0xe9"),
    (b"\x89PNG\r\n\x1a\n\x00\x00<html>", "binary file (NUL byte at offset 8)"),
    (b'{"error": "forbidden", "status": 403}', "named like a web page but holds no HTML markup"),
])
def test_decode_page_refuses_what_it_cannot_read_truthfully(raw, reason):
    with pytest.raises(IngestError, match=re.escape(reason)):
        ingest.decode_page(raw)


def test_an_unknown_charset_label_is_ignored_as_browsers_do():
    page = '<html><head><meta charset="klingon-8"></head><body><p>Zoë</p></body></html>'
    assert "Zoë" in ingest.decode_page(page.encode("utf-8"))


def test_a_page_without_a_declared_charset_is_read_as_utf8_else_guessed():
    text = "<html><body><p>Zoë Aebischer said the café was full.</p></body></html>"
    assert ingest.decode_page(text.encode("utf-8")) == text
    assert "café" in ingest.decode_page(("<html><body>" + "<p>Le café de Zoë était plein à craquer ce matin-là.</p>" * 5 + "</body></html>").encode("cp1252"))


def test_a_byte_order_mark_wins_over_the_meta_charset():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Zoë</p></body></html>'
    assert "Zoë" in ingest.decode_page(b"\xef\xbb\xbf" + page.encode("utf-8"))


def test_a_page_date_is_the_outlets_local_date_and_modified_is_not_published():
    page = """<html lang="fr-CA"><head><meta property="og:site_name" content="Le Courrier">
    <meta property="article:published_time" content="2026-03-04T23:30:00-05:00">
    <meta property="article:modified_time" content="2026-03-06T08:00:00-05:00"></head>
    <body><article><h1>Les débardeurs reprennent le travail</h1>""" + "".join(
        f"<p>Les débardeurs du quai {n} ont repris le travail mercredi après neuf jours de grève, a indiqué le syndicat.</p>" for n in range(4)
    ) + "</article></body></html>"
    article = pages.parse(page)
    assert (article.published, article.sources["published"], article.language) == ("2026-03-04", "html-meta", "fr")


def test_a_huge_page_and_an_html_file_that_is_not_html_are_ingest_errors(tmp_path):
    huge = b"<html><body>" + b"<p>word</p>" * 600_000 + b"</body></html>"
    (tmp_path / "huge.html").write_bytes(huge)
    (tmp_path / "notes.html").write_bytes(b"Call the port authority back on Monday.\n")
    (tmp_path / "story.html").write_bytes((FOLDERS[0] / "jsonld.html").read_bytes())
    seeds, rejections = ingest.scan(tmp_path)
    assert [s.id for s in seeds] == ["story"]
    reasons = {r.file: r.reason for r in rejections}
    assert reasons["huge.html"] == f"too large: {len(huge):,} bytes (the limit is {ingest.DEFAULT_MAX_PAGE_BYTES:,}; set MAX_BYTES to change it)"
    assert reasons["notes.html"].startswith("named like a web page but holds no HTML markup")


def test_an_xhtml_page_with_an_xml_declaration_is_read():
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + (FOLDERS[0] / "opengraph.html").read_text(encoding="utf-8")
    assert pages.parse(page).title == "Estravian opposition demands recount after disputed presidential vote"
