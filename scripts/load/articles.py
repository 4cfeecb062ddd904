"""Articles: the articles row of each extraction, its authors, and the date its relative dates resolve against.

The text or the saved page states what it states; the manifest, curated by
a person, fills what they do not and wins where both give a value (the
disagreement is reported). Every value says where it came from.
"""

from __future__ import annotations

import datetime as dt

from . import identifiers
from .manifest import Manifest, Value

#: Article fields whose value may come from the text, the page or the manifest.
CURATED_FIELDS = ("publisher", "url", "published", "byline")
#: Where a metadata value can come from, as the schema's CHECK lists spell it.
SOURCES = ("text", "html-meta", "manifest")


def article_row(record: dict, curated: dict[str, Value]) -> tuple[dict, list[str]]:
    """The articles row for one extraction, with manifest values filling what the text does not state.

    Returns the row and warnings about conflicts between text and manifest.
    """
    fields = record["article"]
    row = {
        "id": record["id"],
        "file": record["file"],
        "format": record["kind"],
        "title": fields["title"],
        "subtitle": fields["subtitle"],
        "caption": fields["caption"],
        "published_text": fields["published_text"],
        "language": fields["language"],
        "body": fields["body"],
        "word_count": fields["word_count"],
        "sha256": record["sha256"],
    }
    for name in CURATED_FIELDS:
        row[name] = fields[name]
        row[f"{name}_source"] = fields["sources"].get(name) if fields[name] else None
    warnings = []
    for name in CURATED_FIELDS:
        value = curated.get(name)
        if value is None:
            continue
        if row[name] is not None and row[name] != value.value:
            where = "page's metadata gives" if row[f"{name}_source"] == "html-meta" else "text states"
            warnings.append(f"{record['file']}: the {where} {name} {row[name]!r}; the manifest's {value.value!r} is used")
        row[name], row[f"{name}_source"] = value.value, "manifest"
        if name == "published":
            row["published_text"] = None
    return row, warnings


def authors(record: dict, row: dict) -> list[tuple[str, str]]:
    """The article's authors in byline order, each with where it came from.

    A byline curated in the manifest replaces what the page or text gives;
    names in it are separated by ";" ("Jane Doe; Sam Roe").
    """
    if row["byline_source"] == "manifest":
        return [(name.strip(), "manifest") for name in row["byline"].split(";") if name.strip()]
    source = record["article"]["sources"].get("byline")
    return [(name, source) for name in record["article"]["authors"]] if source else []


def author_rows(records: list[tuple[str, list[tuple[str, str]]]]) -> tuple[list[dict], list[dict]]:
    """The authors and article_authors rows, from each article's id and authors (an author's id derives from the name)."""
    ids = identifiers.stable_ids(name for _, names in records for name, _ in names)
    links = [
        {"article_id": article_id, "author_id": ids[name], "position": position, "source": source}
        for article_id, names in records for position, (name, source) in enumerate(names)
    ]
    return [{"id": ids[name], "name": name} for name in sorted(ids)], links


def reference(article: dict, curation: Manifest) -> tuple[dt.date | None, str | None]:
    """The date an article's relative dates resolve against, and what it is: its publication date, or the collection's reference date."""
    if article["published"]:
        return dt.date.fromisoformat(article["published"]), "published"
    collection = curation.collection.get("reference_date")
    if collection:
        return dt.date.fromisoformat(collection.value), "reference_date"
    return None, None


def curation_rows(curation: Manifest, article_ids: set[str]) -> list[dict]:
    """Every curated value of the manifest, with its source, for the curation table."""
    rows = [
        {"article_id": None, "field": name, "value": value.value, "source": value.source}
        for name, value in sorted(curation.collection.items())
    ]
    for article_id in sorted(set(curation.articles) & article_ids):
        for name, value in sorted(curation.articles[article_id].items()):
            rows.append({"article_id": article_id, "field": name, "value": value.value, "source": value.source})
    return rows
