"""Spans: containment and overlap questions about many (start, end) spans of one text.

Asking each mention "is any of these spans around you?" costs the product of
their numbers; on a long text that is most of the work. Sorted once, each
question costs a binary search, so extraction stays linear in the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from typing import TypeVar

T = TypeVar("T")


class Spans:
    """A fixed set of (start, end) spans, end exclusive; they may overlap or nest."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._reach = list(accumulate((e for _, e in self._spans), max))  # furthest end of any span starting up to here

    def __len__(self) -> int:
        return len(self._spans)

    def contain(self, start: int, end: int) -> bool:
        """Whether some span holds all of start..end."""
        i = bisect.bisect_right(self._starts, start)
        return i > 0 and self._reach[i - 1] >= end

    def overlap(self, start: int, end: int) -> bool:
        """Whether some span shares at least one character with start..end."""
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start


class Sorted(Sequence[T]):
    """Items with a start offset, sorted by it, for the items inside or before a range."""

    def __init__(self, items: Iterable[T], start: Callable[[T], int], end: Callable[[T], int]):
        self._items = sorted(items, key=start)
        self._starts = [start(item) for item in self._items]
        self._end = end

    def __getitem__(self, i):  # type: ignore[override]
        return self._items[i]

    def __len__(self) -> int:
        return len(self._items)

    def inside(self, start: int, end: int) -> list[T]:
        """Items that lie within start..end, in order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [item for item in self._items[lo:hi] if self._end(item) <= end]

    def before(self, position: int, limit: int | None = None) -> list[T]:
        """Items that end at or before `position`, in order of their start; with `limit`, only the last so many."""
        hi = bisect.bisect_right(self._starts, position)
        lo = 0 if limit is None else max(0, hi - 2 * limit)  # twice: a few may end after `position`
        found = [item for item in self._items[lo:hi] if self._end(item) <= position]
        return found if limit is None else found[-limit:]
