import pytest

from scripts.load import clusters


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("The pact is a club that many countries want to be a member of, and it will help,",
         "This is going to show that the pact is a club that many countries want to be a member of,", True),
        ("turning the page on the war", "turn the page on the war.", True),
        ("We will go.", "we will go", True),
        ("many more countries", "many more countries", True),
        ("just the beginning", "only the beginning of the end", False),
        ("we are ready", "we are not ready at all, and never were", False),
    ],
)
def test_same_quote(a, b, same):
    assert clusters.same_quote(a, b) is same


def event(type_="signing", tense="future", date=None, date_end=None, basis=None, countries=(), agents=()):
    return {"type": type_, "tense": tense, "date": date, "date_end": date_end or date, "date_basis": basis,
            "countries": set(countries), "agents": set(agents)}


def test_compatible_events():
    future = event(countries={"KAZ"})
    assert clusters.compatible(future, event())  # nothing said against it
    assert clusters.compatible(future, event(tense=None, countries={"KAZ", "ISR"}))
    assert not clusters.compatible(future, event(type_="visit"))
    assert not clusters.compatible(future, event(tense="past"))
    assert not clusters.compatible(event(countries={"SDN"}), event(countries={"KAZ"}))
    assert not clusters.compatible(event(agents={1}), event(agents={2}))
    assert clusters.compatible(event(date="2025-11-01", date_end="2025-11-30"), event(date="2025-11-18"))
    assert not clusters.compatible(event(date="2025-11-18"), event(date="2025-11-20"))
    assert not clusters.compatible(event(tense="past", date="2021-01-01", date_end="2021-12-31", basis="stated"), event(tense="past"))


def test_complete_linkage_never_chains():
    a, b, c = event(countries={"KAZ"}), event(), event(countries={"SDN"})
    # b fits both a and c, but a and c are different signings: c starts its own cluster
    assert clusters.event_clusters([a, b, c]) == [[0, 1], [2]]


def test_quote_clusters_group_across_sources():
    quotes = [{"text": "a club that many countries want to be a member of"}, {"text": "We are ready"},
              {"text": "This shows the pact is a club that many countries want to be a member of,"}]
    assert clusters.quote_clusters(quotes) == [[0, 2], [1]]
