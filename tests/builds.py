"""Builds the tests share: the real pipeline run on real folders, into temporary ones."""

from __future__ import annotations

from pathlib import Path

from scripts.extract import collection
from scripts.load import database

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
METADATA = ROOT / "metadata.yml"


def build_database(seeds: Path, build: Path) -> Path:
    """Run extraction and load as `make` does, into `build`; return the database path."""
    index = build / "collection.json"
    collection.run(seeds, build / "articles", index, jobs=1)
    db = build / "news.db"
    database.build(index, seeds / "manifest.yml", db)
    return db
