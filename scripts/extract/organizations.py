"""Organizations: the outlets, agencies and bodies named in data/organizations.yml.

Read by the entity extractor (to type what the model mistypes) and by the
loader (for Wikidata ids), which must not need spaCy to do so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "organizations.yml"


@dataclass(frozen=True)
class Known:
    name: str
    type: str
    wikidata: str | None
    outlet: bool = False


@cache
def data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


@cache
def known_names() -> dict[str, Known]:
    """Every alias the data files give an outlet or body, to its entry (no patterns compiled)."""
    orgs = data()
    known: dict[str, Known] = {}
    outlets = {entry["name"] for entry in orgs["news_organizations"]}
    for entry in orgs["news_organizations"] + orgs["organizations"]:
        item = Known(entry["name"], "organization", entry.get("wikidata"), entry["name"] in outlets)
        for alias in [entry["name"], *entry.get("aliases", [])]:
            known[alias] = item
    return known
