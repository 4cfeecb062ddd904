"""Tools around the pipeline: evaluation, integrity checks, exports, benchmarks.

None of them is part of a build; each reads a built database or drives `make`.
"""
