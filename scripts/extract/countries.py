"""Countries: find every reference to a country in a text, and how it was made.

A country is referred to by its name ("Kazakhstan"), a short name ("U.S.",
"UAE"), a demonym ("Israeli", "Saudi-Israeli") or its capital standing for its
government ("Riyadh has maintained ..."). The names, codes, capitals and
centroids of all countries come from the pycountryinfo package; the short
forms and adjectives newswriting uses come from data/countries.yml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from typing import TYPE_CHECKING

import yaml

from .spans import Spans

if TYPE_CHECKING:  # the loader uses the gazetteer without loading spaCy
    from spacy.tokens import Doc

DATA_FILE = Path(__file__).parent / "data" / "countries.yml"

#: How a mention names its country; the values of country_mentions.via.
NAME, SHORT_NAME, DEMONYM, CAPITAL = "name", "short name", "demonym", "capital"
VIA = (NAME, SHORT_NAME, DEMONYM, CAPITAL)

#: Syntactic roles in which a capital acts, and so stands for its government
#: ("Riyadh has maintained", "Washington's bid"); elsewhere it is a city.
_ACTING_ROLES = {"nsubj", "nsubjpass", "poss"}


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    name: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, Country]  # by iso3
    forms: dict[str, tuple[str, str]]  # surface form -> (iso3, via)
    pattern: re.Pattern[str]
    ambiguous: frozenset[str]


def _latin(text: str) -> bool:
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def _is_short(form: str) -> bool:
    letters = [ch for ch in form if ch.isalpha()]
    return "." in form or (len(letters) <= 4 and form.isupper())


def _package_forms(fixes: dict) -> tuple[dict[str, Country], dict[str, dict[str, str]], dict[str, str]]:
    """Countries of the pycountryinfo package, their names, demonyms and capitals (form -> iso3), and iso2 -> iso3."""
    from pycountryinfo.countryinfo import PyCountryInfo

    countries: dict[str, Country] = {}
    forms: dict[str, dict[str, str]] = {"names": {}, "demonyms": {}, "capitals": {}}
    by_iso2: dict[str, str] = {}
    for row in PyCountryInfo().countries_list:
        codes = {**row["iso_codes"], **fixes.get(row["iso_codes"]["alpha_2"], {})}
        iso2, iso3 = codes["alpha_2"], codes["alpha_3"]
        lat, lng = (row.get("latlng") or [None, None])[:2]
        countries[iso3] = Country(iso2, iso3, row["common_name"], lat, lng)
        by_iso2[iso2] = iso3
        for form in [row["common_name"], row["official_name"], *row.get("alt_spellings", [])]:
            # Two-letter codes and non-Latin spellings are never how English news names a country.
            if form and _latin(form) and len(form) >= 4 and not (form.isupper() and len(form) <= 3):
                forms["names"].setdefault(form, iso3)
        if row.get("nationality"):
            forms["demonyms"].setdefault(row["nationality"], iso3)
        capital = row.get("capital")
        if isinstance(capital, str) and capital and "," not in capital:
            forms["capitals"].setdefault(capital, iso3)
    return countries, forms, by_iso2


@cache
def countries() -> dict[str, Country]:
    """Every country's codes, name and centroid, by ISO 3166-1 alpha-3: what the load needs, without compiling the gazetteer's pattern."""
    return _package_forms(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")).get("fixes", {}))[0]


@cache
def gazetteer() -> Gazetteer:
    extra = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    countries, found, by_iso2 = _package_forms(extra.get("fixes", {}))
    for kind in ("names", "demonyms", "capitals"):  # data/countries.yml adds to the package and wins
        for iso2, written in extra.get(kind, {}).items():
            for form in written:
                found[kind][form] = by_iso2[iso2]
    ambiguous = frozenset(extra.get("ambiguous_demonyms", []))

    forms: dict[str, tuple[str, str]] = {}
    for form, iso3 in found["capitals"].items():
        forms[form] = (iso3, CAPITAL)
    for form, iso3 in found["names"].items():
        forms[form] = (iso3, SHORT_NAME if _is_short(form) else NAME)
    for form, iso3 in found["demonyms"].items():  # "Saudi" is an adjective first
        if form not in ambiguous:
            forms[form] = (iso3, DEMONYM)
    for form in ambiguous:
        forms.pop(form, None)
    for form, value in list(forms.items()):  # the package writes N'Djamena, newswriting N’Djamena
        if "'" in form:
            forms.setdefault(form.replace("'", "’"), value)
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    # Whole words only, as written (case matters: "US" is the country, "us" is not).
    pattern = re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")
    return Gazetteer(countries, forms, pattern, ambiguous)


def lookup(name: str) -> tuple[str, str] | None:
    """(iso3, via) for a surface form, or None."""
    return gazetteer().forms.get(name)


def find(doc: "Doc", text: str | None = None) -> list[dict]:
    """Every country reference in a parsed text: start, end, text, iso3, via.

    A name inside a person's name ("Jordan" in a name) is not a country; a
    capital counts only where it acts as a government, not where it is a
    place something happens in (those are left to the place entities).
    """
    g = gazetteer()
    text = doc.text if text is None else text
    person_spans = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"}
    persons = Spans(person_spans)
    found = []
    for match in g.pattern.finditer(text):
        start, end = match.span()
        form = match.group(0)
        iso3, via = g.forms[form]
        if persons.contain(start, end) and (start, end) not in person_spans:  # entities never overlap: only the span itself could hold it
            continue  # part of a person's name; a lone "Kyiv" the model calls a person is still a capital
        if via == CAPITAL and not _acts(doc, start, end):
            continue
        found.append({"start": start, "end": end, "text": form, "iso3": iso3, "via": via})
    return found


def _acts(doc: "Doc", start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in _ACTING_ROLES:
        return True
    # "an effort by Washington to revitalize": the agent of a passive or a nominalisation.
    return root.dep_ == "pobj" and root.head.lower_ == "by"
