"""Manifest: the per-collection curation a user edits in seeds/manifest.yml.

Facts the article texts do not state (who published an article, where,
when) come from here, and every value must say where it came from. The
file is optional; a collection without one simply has fewer known facts.

    collection:
      reference_date:
        value: 2025-11-06
        source: what the date is and who set it
    articles:
      <article id>:
        publisher: {value: Example News, source: the outlet's page, checked 2025-11-20}
        url:       {value: https://…, source: …}
        published: {value: 2025-11-06, source: …}
        byline:    {value: Jane Doe; Sam Roe, source: …}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ARTICLE_FIELDS = ("publisher", "url", "published", "byline")
COLLECTION_FIELDS = ("title", "reference_date")
DATE_FIELDS = {"published", "reference_date"}


class ManifestError(ValueError):
    pass


@dataclass(frozen=True)
class Value:
    value: str
    source: str


@dataclass
class Manifest:
    collection: dict[str, Value] = field(default_factory=dict)
    articles: dict[str, dict[str, Value]] = field(default_factory=dict)

    def article(self, article_id: str) -> dict[str, Value]:
        return self.articles.get(article_id, {})


def read(path: Path) -> Manifest:
    """Read and validate a manifest; a missing file is an empty manifest."""
    if not path.exists():
        return Manifest()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ManifestError(f"{path}: not valid YAML: {error}") from None
    return parse(data, str(path))


def parse(data: object, where: str = "manifest") -> Manifest:
    if not isinstance(data, dict):
        raise ManifestError(f"{where}: expected a mapping with `collection` and `articles`")
    _no_unknown(data, ("collection", "articles"), where)
    manifest = Manifest()
    collection = data.get("collection") or {}
    _expect_mapping(collection, f"{where}: collection")
    _no_unknown(collection, COLLECTION_FIELDS, f"{where}: collection")
    for name, raw in collection.items():
        manifest.collection[name] = _value(raw, name, f"{where}: collection.{name}")
    articles = data.get("articles") or {}
    _expect_mapping(articles, f"{where}: articles")
    for article_id, fields in articles.items():
        place = f"{where}: articles.{article_id}"
        fields = fields or {}
        _expect_mapping(fields, place)
        _no_unknown(fields, ARTICLE_FIELDS, place)
        values = {name: _value(raw, name, f"{place}.{name}") for name, raw in fields.items() if raw is not None}
        if values:
            manifest.articles[str(article_id)] = values
    return manifest


def _value(raw: object, name: str, place: str) -> Value:
    if not isinstance(raw, dict) or "value" not in raw:
        raise ManifestError(f"{place}: write it as {{value: …, source: …}} so the dataset can say where it came from")
    _no_unknown(raw, ("value", "source"), place)
    value, source = raw.get("value"), raw.get("source")
    if not source or not str(source).strip():
        raise ManifestError(f"{place}: needs a `source` saying where the value came from")
    if value is None or str(value).strip() == "":
        raise ManifestError(f"{place}: `value` is empty; remove the entry instead (unknown stays unknown)")
    if name in DATE_FIELDS:
        value = _iso_date(value, place)
    return Value(str(value).strip(), str(source).strip())


def _iso_date(value: object, place: str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ManifestError(f"{place}: {value!r} is not a date written YYYY-MM-DD") from None


def _expect_mapping(value: object, place: str) -> None:
    if not isinstance(value, dict):
        raise ManifestError(f"{place}: expected a mapping")


def _no_unknown(mapping: dict, allowed: tuple[str, ...], place: str) -> None:
    unknown = sorted(str(key) for key in mapping if key not in allowed)
    if unknown:
        raise ManifestError(f"{place}: unknown key(s) {', '.join(unknown)}; expected {', '.join(allowed)}")
