import pytest

from scripts.extract import articles
from scripts.extract.articles import EmptyArticle, parse


def test_no_headline_when_the_text_opens_with_prose():
    a = parse("Ministers met on Monday to discuss the plan.\nThey agreed on a date.\n")
    assert a.title is None
    assert a.body == "Ministers met on Monday to discuss the plan.\n\nThey agreed on a date."


@pytest.mark.parametrize(
    "headline",
    [
        "Country Decides To Join Regional Pact: President",
        "Country to join 'regional pact', deepen ties with 'neighbour'",
        "Will the pact survive the winter?",
    ],
)
def test_headline(headline):
    a = parse(f"{headline}\n\nThe government said on Monday that it would join the pact.\n\nTalks continue.")
    assert a.title == headline
    assert a.subtitle is None
    assert not a.body.startswith(headline)


@pytest.mark.parametrize(
    "first",
    [
        "Officials said the talks had ended, and that a deal was near.",  # a full sentence
        "“We are ready,” the minister said.",  # ends inside closing quotes
        "Hi",  # too short to be a headline
        "The talks, which lasted three days and covered trade, energy, security, migration, the border, fisheries, water and the future of the joint commission set up in 1998 to oversee them all",
    ],
)
def test_not_a_headline(first):
    a = parse(f"{first}\n\nMore text follows here.")
    assert a.title is None


def test_standfirst_before_a_dateline():
    a = parse(
        "Nation Joins Pact: Leader\n\n"
        "Says a signing will follow soon and “more countries” want in.\n\n"
        "LONDON: The leader announced on Monday that the nation would join.\n\n"
        "Officials confirmed it."
    )
    assert a.title == "Nation Joins Pact: Leader"
    assert a.subtitle == "Says a signing will follow soon and “more countries” want in."
    assert a.body.startswith("LONDON: The leader")


def test_standfirst_before_a_separator_and_a_caption():
    a = parse(
        "Nation to join pact\n"
        "The nation will join the pact in a move officials say could reshape the region.\n"
        "-\n"
        "The leader speaks in the capital, May 1, 2025 (Jane Doe, Pool Photo via AP)\n"
        "The nation is set to announce its decision on Thursday.\n"
    )
    assert a.title == "Nation to join pact"
    assert a.subtitle == "The nation will join the pact in a move officials say could reshape the region."
    assert a.caption == "The leader speaks in the capital, May 1, 2025 (Jane Doe, Pool Photo via AP)"
    assert a.body == "The nation is set to announce its decision on Thursday."
    assert [(r.text, r.rule) for r in a.removed] == [("-", "punctuation only")]


def test_a_lede_after_the_headline_is_body_not_standfirst():
    a = parse("Nation to join pact\n\nThe nation will join the pact, officials said on Monday.\n\nThe decision follows months of talks.")
    assert a.subtitle is None
    assert a.body.startswith("The nation will join the pact")


@pytest.mark.parametrize(
    "first_line, published, stated, rest",
    [
        (" date 2025-11-06 The nation is poised to join.", "2025-11-06", "date 2025-11-06", "The nation is poised to join."),
        ("Published: 6 November 2025", "2025-11-06", "Published: 6 November 2025", ""),
        ("Posted on Nov. 6, 2025 | The nation is poised to join.", "2025-11-06", "Posted on Nov. 6, 2025 |", "The nation is poised to join."),
        ("Published Thursday, November 6, 2025", "2025-11-06", "Published Thursday, November 6, 2025", ""),
        ("date 2025-02-30 The nation is poised to join.", None, None, None),  # not a calendar date
        ("Updated: 6 November 2025", None, None, None),  # an update is not publication
        ("Dated agreements were signed in 2025.", None, None, None),
    ],
)
def test_labelled_date(first_line, published, stated, rest):
    found = articles.find_labelled_date(first_line)
    if published is None:
        assert found is None
    else:
        assert found == (published, stated, rest)


def test_stated_date_is_taken_out_of_the_body():
    a = parse(" date 2025-11-06 The nation is poised to join the pact.\n\nMore follows.")
    assert (a.published, a.published_text) == ("2025-11-06", "date 2025-11-06")
    assert a.body == "The nation is poised to join the pact.\n\nMore follows."


def test_a_date_inside_the_story_is_not_a_publication_date():
    a = parse("One.\nTwo.\nThree.\nFour.\nPublished: 6 November 2025 was the day the old treaty ran out.\nFive.\nSix.\nSeven.\nEight.")
    assert a.published is None


def test_url_line():
    a = parse("The nation joined.\n\nhttps://example.com/news/nation-joins\n")
    assert a.url == "https://example.com/news/nation-joins"
    assert a.body == "The nation joined."


@pytest.mark.parametrize(
    "text, body",
    [
        # a paragraph broken after a function word, with a blank line in between
        ("It would be a win for\n\nthe president as he seeks more.", "It would be a win for the president as he seeks more."),
        # hard-wrapped prose continues in lower case
        ("The talks, which began\nin May, ended today.", "The talks, which began in May, ended today."),
        ("They met,\nand then left.", "They met, and then left."),
        # a subheading stays its own paragraph
        ("The talks ended.\nWhat comes next\nNobody knows.", "The talks ended.\n\nWhat comes next\n\nNobody knows."),
        # a line that ends on a word that can end a clause is whole: the author line after it is not its tail
        ("State seeks a dam audit\n\nThe court will take up the matter again\n\nSreeja Pillai, Correspondent\n\nThe state asked for an audit.",
         "The court will take up the matter again\n\nSreeja Pillai, Correspondent\n\nThe state asked for an audit."),
        ("Fares rise in June\n\nJun 03, 2026, 05:00 AM\n\nST PHOTO: Hazirah binte Mohd Yusof\n\nFares will rise.",
         "ST PHOTO: Hazirah binte Mohd Yusof\n\nFares will rise."),  # the date line is the publication date, taken out
    ],
)
def test_paragraph_repair(text, body):
    assert parse(text).body == body


def test_boilerplate_is_removed_and_recorded():
    a = parse(
        "The minister said the plan was ready [1]and funded.\n"
        "Impact Shorts\n"
        "More ShortsOfficials agreed.\n"
        "Read more: Another story entirely\n"
        "With inputs from agencies\n"
        ")"
    )
    assert a.body == "The minister said the plan was ready and funded.\n\nOfficials agreed."
    assert [(r.text, r.rule) for r in a.removed] == [
        ("[1]", "inline marker"),
        ("Impact Shorts", "line"),
        ("More Shorts", "glued prefix"),
        ("Read more: Another story entirely", "line prefix"),
        ("With inputs from agencies", "line"),
        (")", "punctuation only"),
    ]


def test_only_boilerplate_is_an_empty_article():
    with pytest.raises(EmptyArticle):
        parse("Comments are closed.\n-\nShare this article\n")


@pytest.mark.parametrize("text, count", [("One two three.", 3), ("Chile’s U.S.-brokered entry — fast", 4), ("", 0)])
def test_count_words(text, count):
    assert articles.count_words(text) == count


@pytest.mark.parametrize("line, names", [
    ("By Chinedu Okafor-Ibeh, Abuja", ["Chinedu Okafor-Ibeh"]),
    ("By Holly Armstrong-Pike, Business Reporter", ["Holly Armstrong-Pike"]),
    ("By Tomasz Wiśniewski-Grant", ["Tomasz Wiśniewski-Grant"]),
    ("By Maarten van der Berg", ["Maarten van der Berg"]),
    ("By Jane Doe and Sam Roe in Nairobi", ["Jane Doe", "Sam Roe"]),
    ("Reporting by Ann Lee; Editing by Bo Chu", ["Ann Lee"]),
    ("By the way, the talks went on", []),
    ("Photo: Ann Lee", []),
    ("Editing by Bo Chu", []),
])
def test_byline_names_the_authors_only(line, names):
    assert articles.byline(line) == names


def test_a_text_files_byline_gives_its_authors_and_stays_in_the_body():
    a = parse("Dockers end strike\n\nBy Ana Ruiz, Rotterdam\n\nDock workers returned to work on Wednesday, the union said.\n")
    assert (a.byline, a.authors, a.sources["byline"]) == ("By Ana Ruiz, Rotterdam", ["Ana Ruiz"], "text")
    assert a.body.startswith("By Ana Ruiz, Rotterdam")  # offsets and the byline's person mention stay as they were


def test_a_sentence_that_opens_with_by_is_no_byline():
    a = parse("Dockers end strike\n\nBy Wednesday most dock workers were back at work, the union said.\n")
    assert a.byline is None and a.authors == [] and "byline" not in a.sources


@pytest.mark.parametrize("line, names", [
    ("By Ines Achterberg, Kofi Mensah-Larbi and Yuki Tanabe", ["Ines Achterberg", "Kofi Mensah-Larbi", "Yuki Tanabe"]),
    ("By Sam Okafor, Meridian Wire", ["Sam Okafor"]),  # an affiliation after the comma, not a second author
    ("By Jane Doe, Staff Writer and Photographer", ["Jane Doe"]),
])
def test_a_listed_byline_names_every_author_and_no_affiliation(line, names):
    assert articles.byline(line) == names
