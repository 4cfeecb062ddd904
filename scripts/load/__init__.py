"""Corpus-wide work at load time: from the per-article records to the database.

The loader (`database`) reads the records, calls the pure functions of the
other modules (entity resolution across articles, quote and event clusters,
date agreement, participant roles) and inserts their rows. A change here
reloads the database; it never re-runs the language model.

    python -m scripts.load build/collection.json --manifest seeds/manifest.yml --out build/news.db
"""
