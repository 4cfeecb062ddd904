"""Articles: the articles row of each extraction, and the date its relative dates resolve against.

The text states what it states; the manifest fills what it does not, and
never overrides it. Every value says where it came from.
"""

from __future__ import annotations

import datetime as dt

from .manifest import Manifest, Value

#: Article fields whose value may come from the text or the manifest, in that order.
CURATED_FIELDS = ("publisher", "url", "published")


def article_row(record: dict, curated: dict[str, Value]) -> tuple[dict, list[str]]:
    """The articles row for one extraction, with manifest values filling what the text does not state.

    Returns the row and warnings about conflicts between text and manifest.
    """
    fields = record["article"]
    row = {
        "id": record["id"],
        "file": record["file"],
        "title": fields["title"],
        "subtitle": fields["subtitle"],
        "caption": fields["caption"],
        "publisher": None,
        "publisher_source": None,
        "url": fields["url"],
        "url_source": "text" if fields["url"] else None,
        "published": fields["published"],
        "published_source": "text" if fields["published"] else None,
        "published_text": fields["published_text"],
        "body": fields["body"],
        "word_count": fields["word_count"],
        "sha256": record["sha256"],
    }
    warnings = []
    for name in CURATED_FIELDS:
        value = curated.get(name)
        if value is None:
            continue
        if row[name] is None:
            row[name], row[f"{name}_source"] = value.value, "manifest"
        elif row[name] != value.value:
            warnings.append(f"{record['file']}: the text states {name} {row[name]!r}; the manifest's {value.value!r} is not used")
    return row, warnings


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
