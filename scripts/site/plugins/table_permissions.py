"""Table permissions: each table's `allow` rules worked out once, not on every request.

Datasette 0.65.5 finds the `allow` blocks that apply to a table by deep-copying
the whole metadata (every column description, every dashboard chart) and
merging it, for every permission check: two to four checks per table page,
about 5 ms of a 15 ms page at 100,000 articles (`make profile-serve`; cProfile
puts copy.deepcopy first). The answer depends on the metadata alone, which
this site never changes while it runs, so it is kept per (database, table) and
per metadata object: a Datasette given other metadata works it out again.
Where a plugin supplies metadata of its own (the get_metadata hook, which may
answer differently per call), nothing is kept.
"""

from datasette.app import Datasette
from datasette.plugins import pm

_ORIGINAL = getattr(Datasette, "_table_permission_allows", None)


def _kept(self, database, table):
    if pm.hook.get_metadata.get_hookimpls():
        return _ORIGINAL(self, database, table)
    key = (id(self._metadata_local), database, table)
    kept = self.__dict__.setdefault("_table_permissions_kept", {})
    if key not in kept:
        kept[key] = _ORIGINAL(self, database, table)
    return kept[key]


if _ORIGINAL is not None and getattr(_ORIGINAL, "__name__", "") != "_kept":  # a later Datasette may not have it
    Datasette._table_permission_allows = _kept
