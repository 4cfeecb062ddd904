"""Per-article extraction: seed file in, one deterministic JSON record out.

Every module and data file in this folder decides what an extraction
contains, so the fingerprint of an extraction is the hash of this folder
(see `collection.fingerprint`) and the Makefile re-extracts when any file
here changes. Nothing here imports `scripts.load` or `scripts.tools`.

    python -m scripts.extract SEEDS_DIR OUT_DIR --index build/collection.json [--jobs N | --scheduler tcp://host:8786]
"""
