"""Identifiers: the integer id of a corpus-wide row, derived from what the row is, never from load order.

An entity's id comes from its resolution key ("name:donald trump"), a quote
cluster's from its wordings, an event cluster's from the event that founds
it, an author's from the name. So the id of an entity page
(/news/entities/<id>) is the same after an incremental load, after a full
rebuild and on another machine, for as long as the entity exists; a full
build and an incremental one give the same ids. The ids stay below 2**53, so
JavaScript reads them exactly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable

#: Ids are 1 .. 2**53 - 1: exact as JavaScript numbers (Datasette's JSON is read by browsers).
SPACE = 2**53 - 1


def digest(key: str) -> int:
    """The preferred id of a key: 53 bits of its BLAKE2b hash, never 0."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") % SPACE + 1


def stable_ids(keys: Iterable[str], preferred=digest) -> dict[str, int]:
    """An id for each distinct key: its digest, or, when two keys share one, the next free id.

    Keys are served in sorted order, so the result depends on the set of
    keys only (the chance of a shared digest among a million keys is about
    one in 20,000).
    """
    ids: dict[str, int] = {}
    taken: set[int] = set()
    for key in sorted(set(keys)):
        found = preferred(key)
        while found in taken:
            found = found % SPACE + 1
        ids[key] = found
        taken.add(found)
    return ids


def key_text(*parts: Hashable) -> str:
    """One string for a composite key (an event cluster's type and signature), stable across runs."""
    return repr(parts)
