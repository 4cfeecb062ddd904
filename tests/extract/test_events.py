import pytest

from scripts.extract import events, nlp


@pytest.fixture(scope="module")
def model():
    return nlp.load()


def found(model, text):
    doc = model(text)
    starts = [s for s, _ in nlp.sentence_spans(doc)]
    return [(e["type"], e["trigger"], e["tense"], e["date_text"]) for e in events.find(doc, starts)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The prime minister is expected to visit Tokyo on November 18.", [("visit", "visit", "future", "November 18")]),
        ("Officials said a formal signing ceremony will be held soon.", [("signing", "signing ceremony", "future", "soon")]),
        ("The two leaders met on Thursday.", [("meeting", "met", "past", "Thursday")]),
        ("The ministry announced the plan on Tuesday evening.", [("announcement", "announced", "past", "Tuesday evening")]),
        ("The deal, expected to be formalized later this month, was welcomed.", [("agreement", "deal", "past", None), ("signing", "formalized", "future", "later this month")]),
        ("She will travel to Ottawa next week.", [("visit", "travel", "future", "next week")]),
        ("The country signed the treaty in early 2021.", [("signing", "signed", "past", "early 2021")]),
        ("The talks have lasted four years.", [("meeting", "talks", "past", None)]),  # a duration is no date
    ],
)
def test_triggers_and_their_dates(model, text, expected):
    assert found(model, text) == expected


def test_each_date_goes_to_the_event_of_its_clause(model):
    text = "The announcement could be made as early as this weekend, with formal signing ceremonies to follow in Rome."
    assert found(model, text) == [
        ("announcement", "announcement", "future", "as early as this weekend"),
        ("signing", "signing ceremonies", "future", None),
    ]


def test_a_date_in_a_subordinate_clause_belongs_to_that_clause(model):
    text = "The kingdom will join the pact since a ceasefire went into effect last month."
    assert found(model, text) == [("agreement", "join", "future", None), ("other", "went", "past", "last month")]


@pytest.mark.parametrize("text, expected", [
    ("The foreign ministry recalled its envoy on Monday.", ("other", "recalled", "past", "Monday")),
    ("The opposition rejected the plan Tuesday.", ("other", "rejected", "past", "Tuesday")),
    ("State radio reported the arrests on Sunday.", ("other", "reported", "past", "Sunday")),
    ("Voters go to the polls in a referendum on October 12.", ("other", "go", None, "October 12")),
    ("The dockers will strike from Monday to Wednesday.", ("other", "strike", "future", "from Monday to Wednesday")),
    ("The court will sit on 12-14 March.", ("other", "sit", "future", "12-14 March")),
])
def test_every_stated_date_dates_a_happening(model, text, expected):
    assert expected in found(model, text)


def test_a_plain_said_is_no_event_but_a_dated_one_is(model):
    assert found(model, "The minister said the plan was ready.") == []
    assert found(model, "The minister said on Tuesday that the plan was ready.") == [("statement", "said", "past", "Tuesday")]


def test_names_are_not_triggers(model):
    assert [e[0] for e in found(model, "Both sides signed the Jeddah Declaration in May 2023.")] == ["signing"]


@pytest.mark.parametrize("text, expected", [
    ("The talks are set for June 13 and 14.", "June 13 and 14"),
    ("Output fell between 2017 and 2020, the report said.", "between 2017 and 2020"),
    # days written before a month the model tagged alone
    ("Information sessions will be held at Robinvale and Euston from 12-14 March.", "from 12-14 March"),
    # two weekdays in a row
    ("The weather office issued an orange alert for Idukki for Thursday and Friday.", "Thursday and Friday"),
    # the end of the range the model did not tag as a date
    ("The trial ran in 12 estates from 2022 to 2025, the study said.", "from 2022 to 2025"),
    ("Water supply will be cut from August 24 to 26 in the east.", "from August 24 to 26"),
    # two months in a row
    ("Workers were not paid for September and October, the union said.", "September and October"),
])
def test_a_range_is_one_date_expression(model, text, expected):
    assert any(e[3] == expected for e in found(model, text))


def test_a_date_in_a_when_clause_is_that_clauses_happening(model):
    text = "The round values the group at €2.4bn, up from €600mn when it last raised money in January."
    assert ("other", "raised", "past", "January") in found(model, text)


def test_a_dated_noun_of_no_known_type_takes_no_tense_from_the_verb_above_it(model):
    events = found(model, "The two sides had agreed to finish before the December deadline.")
    assert ("other", "deadline", None, "December") in events


def test_two_weekdays_apart_are_two_dates(model):
    dates_found = [e[3] for e in found(model, "Strikes are planned for Monday and Wednesday.")]
    assert "Monday and Wednesday" not in dates_found
