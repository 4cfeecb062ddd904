"""Countries: one row per country the corpus refers to, with its codes, centroid and counts."""

from __future__ import annotations

from ..extract.countries import Country


def rows(country_mentions: list[dict], known: dict[str, Country]) -> list[dict]:
    by_country: dict[str, list[dict]] = {}
    for m in country_mentions:
        by_country.setdefault(m["iso3"], []).append(m)
    found = []
    for iso3, mentions in sorted(by_country.items()):
        country = known[iso3]
        found.append(
            {
                "iso3": iso3,
                "iso2": country.iso2,
                "name": country.name,
                "latitude": country.latitude,
                "longitude": country.longitude,
                "mention_count": len(mentions),
                "article_count": len({m["article_id"] for m in mentions}),
            }
        )
    return found
