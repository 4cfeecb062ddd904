"""Containment and overlap of spans, answered by binary search, the same as by asking every span."""

import random

import pytest

from scripts.extract.spans import Sorted, Spans

SPANS = [(0, 10), (2, 4), (20, 30), (25, 40), (50, 51)]


@pytest.mark.parametrize("start, end, contain, overlap", [
    (0, 10, True, True), (3, 4, True, True), (5, 12, False, True), (26, 39, True, True), (21, 35, False, True),
    (10, 20, False, False), (40, 50, False, False), (50, 51, True, True), (45, 60, False, True), (60, 61, False, False),
])
def test_table(start, end, contain, overlap):
    spans = Spans(SPANS)
    assert spans.contain(start, end) is contain
    assert spans.overlap(start, end) is overlap


def test_agrees_with_asking_every_span():
    rng = random.Random(7)
    for _ in range(200):
        spans = [(s, s + rng.randint(1, 15)) for s in (rng.randint(0, 100) for _ in range(rng.randint(0, 12)))]
        index = Spans(spans)
        for _ in range(20):
            start = rng.randint(0, 110)
            end = start + rng.randint(1, 20)
            assert index.contain(start, end) == any(s <= start and end <= e for s, e in spans)
            assert index.overlap(start, end) == any(s < end and start < e for s, e in spans)


def test_sorted_items_inside_and_before():
    items = [{"start": s, "end": e} for s, e in [(30, 35), (0, 5), (10, 20), (12, 14)]]
    index = Sorted(items, lambda m: m["start"], lambda m: m["end"])
    assert [(m["start"], m["end"]) for m in index.inside(10, 20)] == [(10, 20), (12, 14)]
    assert [(m["start"], m["end"]) for m in index.inside(11, 20)] == [(12, 14)]
    assert [(m["start"], m["end"]) for m in index.before(14)] == [(0, 5), (12, 14)]
    assert index.before(0) == []


def test_before_with_a_limit_keeps_the_nearest():
    items = [{"start": s, "end": s + 2} for s in range(0, 100, 5)]
    index = Sorted(items, lambda m: m["start"], lambda m: m["end"])
    assert [m["start"] for m in index.before(50, limit=3)] == [35, 40, 45]
    assert index.before(50, limit=3) == index.before(50)[-3:]
