"""Clusters: the same quotation, or the same event, as reported by several sources.

Runs at load time over the whole corpus. Quotations group when one wording
contains most of the other (rapidfuzz's partial ratio on normalized text):
"a club that many countries want to be a member of" inside "This is going to
show that the Abraham Accords is a club …". Events group when every pair in
the group is compatible: same type, no past-versus-future clash, dates that
can overlap, and — where both name countries — a country in common.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

#: How much of the shorter wording must match inside the longer one (0-100).
QUOTE_SIMILARITY = 85
#: Wordings shorter than this are too common to match on ("many more countries" only with itself).
QUOTE_MIN_WORDS = 3


def normalize(text: str) -> str:
    text = text.casefold().replace("’", "'")
    return " ".join(re.findall(r"[\w']+", text))


def same_quote(a: str, b: str) -> bool:
    na, nb = normalize(a), normalize(b)
    if na == nb:
        return True
    if min(len(na.split()), len(nb.split())) < QUOTE_MIN_WORDS:
        return False
    return fuzz.partial_ratio(na, nb) >= QUOTE_SIMILARITY


def _union(n: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Union-find: the groups of range(n) that the pairs connect."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values())


#: Words in a row that two wordings of one statement must share to be compared at all.
SHINGLE = 3


def quote_clusters(quotes: Sequence[dict]) -> list[list[int]]:
    """Indices of `quotes` (dicts with text), grouped by statement.

    Identical wordings group at once; distinct wordings are compared only
    when they share a run of SHINGLE words, so the cost follows the number
    of near-duplicates, not the square of the number of quotes.
    """
    by_text: dict[str, list[int]] = {}
    for i, quote in enumerate(quotes):
        by_text.setdefault(normalize(quote["text"]), []).append(i)
    texts = list(by_text)
    index: dict[tuple[str, ...], list[int]] = {}
    for n, text in enumerate(texts):
        words = text.split()
        for k in range(len(words) - SHINGLE + 1):
            index.setdefault(tuple(words[k : k + SHINGLE]), []).append(n)
    candidates = {(a, b) for postings in index.values() for x, a in enumerate(postings) for b in postings[x + 1 :] if a != b}
    groups = _union(len(texts), (pair for pair in candidates if same_quote(texts[pair[0]], texts[pair[1]])))
    return sorted(sorted(i for n in group for i in by_text[texts[n]]) for group in groups)


def compatible(a: dict, b: dict) -> bool:
    """Whether two event mentions (type, tense, date, date_end, date_basis, countries, agents) can be one event.

    `countries` are the countries named in the event's sentence, `agents` the
    people who do it; an empty set says nothing either way.
    """
    if a["type"] != b["type"]:
        return False
    if {a["tense"], b["tense"]} == {"past", "future"}:
        return False
    if a["date"] and b["date"]:
        if a["date_end"] < b["date"] or b["date_end"] < a["date"]:
            return False
    elif (a["date"] and a["date_basis"] == "stated") or (b["date"] and b["date_basis"] == "stated"):
        return False  # one is pinned to a stated year or day, the other has no date at all
    if a["countries"] and b["countries"] and not (a["countries"] & b["countries"]):
        return False
    if a["agents"] and b["agents"] and not (a["agents"] & b["agents"]):
        return False  # different people doing it: one leader's visit is not another's
    return True


def event_clusters(events: Sequence[dict]) -> list[list[int]]:
    """Indices of `events`, grouped so that every pair in a group is compatible.

    Greedy, in order: an event joins the first group all of whose members it
    is compatible with (complete linkage, so a chain of near-matches never
    joins two different events).
    """
    # Events that say exactly the same thing are compared once, as one.
    same: dict[tuple, list[int]] = {}
    for i, event in enumerate(events):
        same.setdefault(signature(event), []).append(i)
    representatives = [members[0] for members in same.values()]
    groups: list[list[int]] = []
    by_type: dict[str, list[list[int]]] = {}  # events of different types are never one event
    for i in representatives:
        event = events[i]
        candidates = by_type.setdefault(event["type"], [])
        for group in candidates:
            if all(compatible(event, events[j]) for j in group):
                group.append(i)
                break
        else:
            group = [i]
            candidates.append(group)
            groups.append(group)
    expanded = {members[0]: members for members in same.values()}
    return [sorted(i for r in group for i in expanded[r]) for group in groups]


def signature(event: dict) -> tuple:
    """What an event says that clustering reads; events with one signature are always one event."""
    return (
        event["type"], event["tense"], event["date"], event["date_end"], event["date_basis"],
        tuple(sorted(event["countries"])), tuple(sorted(event["agents"])),
    )
