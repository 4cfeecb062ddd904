"""The news dataset pipeline, in three rooms.

- `scripts.extract`: everything that runs per article, with its data files. A change
  to any file in that folder re-extracts the articles (the Makefile's dependency and the
  extraction fingerprint are both the whole folder).
- `scripts.load`: the corpus-wide work at load time: the manifest, entity resolution
  across articles, clusters, the schema and the one writer of the database. A change here
  reloads the database without re-running spaCy.
- `scripts.tools`: what reads a built database or drives the pipeline: evaluation,
  integrity checks, exports, benchmarks and the load-test file.
"""
