import pytest
from spacy.tokens import Span

from scripts.extract import countries, nlp


@pytest.fixture(scope="module")
def parse():
    return nlp.load()


def found(parse, text):
    return [(m["text"], m["iso3"], m["via"]) for m in countries.find(parse(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Talks between Norway and Chile ended.", [("Norway", "NOR", "name"), ("Chile", "CHL", "name")]),
        ("The U.S.-brokered deal and the UAE’s role.", [("U.S.", "USA", "short name"), ("UAE", "ARE", "short name")]),
        ("Japanese officials met Filipino diplomats.", [("Japanese", "JPN", "demonym"), ("Filipino", "PHL", "demonym")]),
        ("A Saudi-Israeli deal remains distant.", [("Saudi", "SAU", "demonym"), ("Israeli", "ISR", "demonym")]),
        ("Namibia and Kosovo signed.", [("Namibia", "NAM", "name"), ("Kosovo", "XKX", "name")]),
        ("Let us see; the US will decide.", [("US", "USA", "short name")]),
        ("Arab and Muslim leaders met in Europe.", []),  # peoples of many countries, and a continent
    ],
)
def test_names_short_names_and_demonyms(parse, text, expected):
    assert found(parse, text) == expected


def test_a_capital_counts_only_when_it_acts_as_a_government(parse):
    assert found(parse, "Tokyo has insisted on the quota.") == [("Tokyo", "JPN", "capital")]
    assert found(parse, "Ottawa’s response was swift.") == [("Ottawa", "CAN", "capital")]
    assert found(parse, "It is an effort by Paris to calm markets.") == [("Paris", "FRA", "capital")]
    assert found(parse, "The ministers flew to Tokyo on Monday.") == []
    assert found(parse, "The summit was held in Paris.") == []


def test_a_country_name_inside_a_persons_name_is_not_a_country(parse):
    doc = parse("Michael Jordan visited Jordan.")
    doc.ents = [Span(doc, 0, 2, "PERSON")]  # whatever the model says, a person's name is not a country
    assert [(m["text"], m["start"]) for m in countries.find(doc)] == [("Jordan", 23)]


def test_every_country_has_codes_and_coordinates():
    g = countries.gazetteer()
    assert len(g.countries) >= 249
    assert g.countries["NAM"].iso2 == "NA"  # not read as a missing value
    for country in g.countries.values():
        assert len(country.iso2) == 2 and len(country.iso3) == 3, country
        assert country.latitude is not None and -90 <= country.latitude <= 90, country
        assert country.longitude is not None and -180 <= country.longitude <= 180, country
