import pytest

from scripts.load import entities


def m(name, type_="person", article="a1", fixed=False, text=None, iso3=None):
    return {"name": name, "type": type_, "article_id": article, "fixed": fixed, "text": text or name, "iso3": iso3}


@pytest.mark.parametrize(
    "one, two",
    [
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Muammar Gaddafi", "Muammar Qaddafi"),
        ("Omar al-Bashir", "Omar Al Bashir"),
        ("Omar al-Bashir", "Omar al Bashir"),
        ("José Núñez", "Jose Nunez"),
    ],
)
def test_spelling_variants_share_a_key(one, two):
    assert entities.name_key(one) == entities.name_key(two)


@pytest.mark.parametrize("one, two", [("Jon Berg", "Lisa Berg"), ("Ali Khan", "Ali Karim")])
def test_different_names_keep_different_keys(one, two):
    assert entities.name_key(one) != entities.name_key(two)


def test_one_entity_per_person_across_articles():
    found = entities.resolve(
        [
            m("Volodymyr Zelenskyy", article="a1"),
            m("Volodymyr Zelensky", article="a2"),
            m("Zelensky", type_="organization", article="a3"),  # a surname alone, mistyped
        ]
    )
    assert len(found) == 1
    assert found[0].type == "person"
    assert found[0].aliases == ["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Zelensky"]


def test_a_shared_surname_alone_stays_apart():
    found = entities.resolve([m("Jon Berg"), m("Lisa Berg"), m("Berg", article="a2")])
    assert sorted(e.name for e in found) == ["Berg", "Jon Berg", "Lisa Berg"]


def test_type_is_voted_and_data_files_outvote_the_model():
    voted = entities.resolve([m("Acme Corp", "organization"), m("Acme Corp", "organization"), m("Acme Corp", "person")])
    assert [e.type for e in voted] == ["organization"]
    fixed = entities.resolve([m("Reuters", "person"), m("Reuters", "person"), m("Reuters", "organization", fixed=True)])
    assert [e.type for e in fixed] == ["organization"]


def test_an_outlet_named_like_a_surname_is_not_merged_into_a_person():
    found = entities.resolve([m("Jane Reuters"), m("Reuters", "organization", fixed=True, article="a2")])
    assert sorted((e.name, e.type) for e in found) == [("Jane Reuters", "person"), ("Reuters", "organization")]


def test_countries_group_by_code():
    found = entities.resolve([m("United States", "country", iso3="USA", text="U.S."), m("United States", "country", iso3="USA", text="Washington")])
    assert [(e.name, e.iso3, e.aliases) for e in found] == [("United States", "USA", ["U.S.", "United States", "Washington"])]


def test_canonical_name_is_the_fullest_and_not_all_capitals():
    assert entities.resolve([m("WASHINGTON", "place"), m("Washington", "place")])[0].name == "Washington"


def test_co_mentions_count_sentences_and_sources_once_per_pair():
    rows = [
        {"entity_id": 2, "article_id": "a", "sentence_id": 1},
        {"entity_id": 1, "article_id": "a", "sentence_id": 1},
        {"entity_id": 1, "article_id": "a", "sentence_id": 1},  # named twice in one sentence: still one
        {"entity_id": 3, "article_id": "a", "sentence_id": 1},
        {"entity_id": 1, "article_id": "b", "sentence_id": 7},
        {"entity_id": 2, "article_id": "b", "sentence_id": 7},
        {"entity_id": 3, "article_id": "b", "sentence_id": 8},
    ]
    assert entities.co_mentions(rows) == [
        {"entity_a": 1, "entity_b": 2, "sentences": 2, "sources": 2},
        {"entity_a": 1, "entity_b": 3, "sentences": 1, "sources": 1},
        {"entity_a": 2, "entity_b": 3, "sentences": 1, "sources": 1},
    ]


def test_a_part_of_a_longer_name_joins_the_one_person_whose_name_holds_it():
    found = entities.resolve([m("Rosa Salcedo Paredes"), m("Rosa Salcedo", article="a2"), m("Salcedo", article="a3"),
                              m("Mohammed bin Rashid"), m("bin Rashid", article="a2"), m("Park Ji-hoon"), m("Park Min-seo"), m("Park", article="a3")])
    names = sorted((e.name, e.mention_count) for e in found)
    assert ("Rosa Salcedo Paredes", 3) in names and ("Mohammed bin Rashid", 2) in names
    assert ("Park", 1) in names  # two people hold it: it stays apart


def test_a_publisher_of_the_collection_is_an_organization():
    mentions = [m("Al Manara", "person"), m("Rheinwelle", "person"), m("Ana Ruiz", "person")]
    typed = entities.publishers_are_organizations(mentions, {"Al Manara", "The Rheinwelle"})
    assert [(x["name"], x["type"]) for x in typed] == [("Al Manara", "organization"), ("Rheinwelle", "organization"), ("Ana Ruiz", "person")]
