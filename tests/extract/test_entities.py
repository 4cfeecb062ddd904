import pytest

from scripts.extract import entities, nlp


@pytest.fixture(scope="module")
def model():
    return nlp.load()


def mentions(model, text, ents=None, field="body"):
    """Entity mentions of one text; `ents` (label, words[, nth occurrence]) replaces the model's spans where given."""
    doc = model(text)
    if ents is not None:
        spans = []
        for label, words, *nth in ents:
            start = -1
            for _ in range((nth or [0])[0] + 1):
                start = text.index(words, start + 1)
            spans.append(doc.char_span(start, start + len(words), label=label))
        doc.ents = spans
    starts = [s for s, _ in nlp.sentence_spans(doc)]
    from scripts.extract import countries

    taken = [(m["start"], m["end"]) for m in countries.find(doc)]
    return entities.find({field: doc}, {field: starts}, {field: taken})


def names(found):
    return [(m["text"], m["name"], m["type"], m["role"]) for m in found]


@pytest.mark.parametrize(
    "text, start, end, cleaned",
    [
        ("the Paris Agreement's terms", 0, 21, "Paris Agreement"),
        ("“Greenpeace” said", 0, 12, "Greenpeace"),
        ("Ms. Ardern’s office", 4, 12, "Ardern"),
        ("Chris’ car", 0, 6, "Chris"),
        ("the U.S. said", 4, 8, "U.S."),
        ("the Independent High Authority for Elections (ISIE gave", 4, 50, "Independent High Authority for Elections"),
    ],
)
def test_clean(text, start, end, cleaned):
    s, e = entities.clean(text, start, end)
    assert text[s:e] == cleaned


def test_title_in_the_span_becomes_the_role_and_makes_a_person(model):
    text = "Chilean President Gabriela Ortiz met the press."
    found = mentions(model, text, [("ORG", "Chilean President Gabriela Ortiz")])
    assert names(found) == [("Gabriela Ortiz", "Gabriela Ortiz", "person", "Chilean President")]
    assert text[found[0]["start"] : found[0]["end"]] == "Gabriela Ortiz"


def test_title_before_the_span_is_the_role(model):
    text = "The talks were led by UN special envoy Maria Lindqvist on Monday."
    found = mentions(model, text, [("PERSON", "Maria Lindqvist")])
    assert names(found) == [
        ("UN", "United Nations", "organization", None),  # an organization from the data file
        ("Maria Lindqvist", "Maria Lindqvist", "person", "special envoy"),
    ]


def test_surname_alone_is_the_full_name_and_a_person(model):
    text = "Foreign Minister Anna Kowalczyk arrived. Later, Kowalczyk’s aides said Kowalczyk would stay."
    found = mentions(model, text, [("PERSON", "Anna Kowalczyk"), ("ORG", "Kowalczyk’s", 0), ("GPE", "Kowalczyk", 2)])
    assert [(m["text"], m["name"], m["type"]) for m in found] == [
        ("Anna Kowalczyk", "Anna Kowalczyk", "person"),
        ("Kowalczyk", "Anna Kowalczyk", "person"),  # possessive trimmed, organization corrected
        ("Kowalczyk", "Anna Kowalczyk", "person"),
    ]


def test_two_people_with_one_surname_stay_apart(model):
    text = "Berg said little. Jon Berg and Lisa Berg both spoke. The two Bergs disagree."
    found = mentions(model, text, [("PERSON", "Berg"), ("PERSON", "Jon Berg"), ("PERSON", "Lisa Berg"), ("PERSON", "Bergs")])
    # before either is named, a lone "Berg" could be either: it stays as written; the plural is no one person
    assert [m["name"] for m in found] == ["Berg", "Jon Berg", "Lisa Berg"]


def test_a_shared_surname_is_the_person_last_named(model):
    text = "Minister Jon Berg spoke. “We wait,” Berg said. Economist Lisa Berg disagreed."
    found = mentions(model, text, [("PERSON", "Jon Berg"), ("PERSON", "Berg", 1), ("PERSON", "Lisa Berg")])
    assert [m["name"] for m in found] == ["Jon Berg", "Jon Berg", "Lisa Berg"]


def test_family_name_first(model):
    text = "President Lee Jae-myung arrived. Lee’s aides followed."
    found = mentions(model, text, [("PERSON", "Lee Jae-myung"), ("ORG", "Lee’s")])
    assert [(m["text"], m["name"], m["type"]) for m in found] == [("Lee Jae-myung", "Lee Jae-myung", "person"), ("Lee", "Lee Jae-myung", "person")]


def test_a_name_split_at_a_particle_is_mended(model):
    text = "Commission President Ursula von der Leyen said so."
    doc = model(text)
    start = text.index("Ursula")
    doc.ents = [doc.char_span(start, text.index(" Leyen"), label="PERSON"), doc.char_span(text.index("Leyen"), text.index(" said"), label="GPE")]
    found = entities.find({"body": doc}, {"body": [0]}, {"body": []})
    assert [(m["name"], m["type"], m["role"]) for m in found] == [("Ursula von der Leyen", "person", "President")]


def test_agreements_are_found_by_their_shape(model):
    text = "Both sides signed the Jeddah Declaration and cited the EU-Ukraine Association Agreement and the Treaty of Rome."
    found = mentions(model, text, [("GPE", "Jeddah")])
    assert [(m["name"], m["type"]) for m in found] == [
        ("Jeddah Declaration", "agreement"),
        ("EU-Ukraine Association Agreement", "agreement"),
        ("Treaty of Rome", "agreement"),
    ]


def test_outlets_and_agreements_are_typed_from_data(model):
    text = "The deal, the Helsinki Accords, was reported by Reuters and a photo came from AFP."
    found = mentions(model, text, [("PERSON", "Helsinki Accords"), ("NORP", "Reuters")])
    assert {(m["name"], m["type"]) for m in found} == {
        ("Helsinki Accords", "agreement"),
        ("Reuters", "organization"),
        ("Agence France-Presse", "organization"),  # found from the data file though the model missed it
    }


def test_title_words_are_not_organizations(model):
    text = "Secretary of State Lena Park met them."
    found = mentions(model, text, [("ORG", "State"), ("PERSON", "Lena Park")])
    assert names(found) == [("Lena Park", "Lena Park", "person", "Secretary of State")]


def test_a_name_before_administration_is_an_organization(model):
    text = "The Garcia administration denied it."
    found = mentions(model, text, [("ORG", "Garcia")])
    assert names(found) == [("Garcia administration", "Garcia administration", "organization", None)]


def test_photo_credit_words_are_trimmed(model):
    text = "Leaders met (Jane Roe, Kremlin Pool Photo via AP)"
    found = mentions(model, text, [("ORG", "Kremlin Pool Photo")])
    assert ("Kremlin", "organization") in {(m["name"], m["type"]) for m in found}


def test_headline_case_keeps_only_confirmed_names(model):
    title = "Minister Quits Over Budget Row As Coalition Wobbles: Laine"
    body = "Finance Minister Petra Laine resigned on Monday."
    doc_title, doc_body = model(title), model(body)
    doc_title.ents = [doc_title.char_span(0, title.index(" As"), label="ORG"), doc_title.char_span(title.index("Laine"), len(title), label="PERSON")]
    doc_body.ents = [doc_body.char_span(body.index("Petra"), body.index(" resigned"), label="PERSON")]
    starts = {"title": [0], "body": [0]}
    found = entities.find({"title": doc_title, "body": doc_body}, starts, {"title": [], "body": []})
    assert [(m["field"], m["name"]) for m in found] == [("title", "Petra Laine"), ("body", "Petra Laine")]


@pytest.mark.parametrize("text, headline", [("Nation Decides To Join Pact: Leader", True), ("Nation to join pact, deepen ties", False)])
def test_is_headline_case(text, headline):
    assert entities.is_headline_case(text) is headline


def persons(found):
    return sorted({m["name"] for m in found if m["type"] == "person"})


@pytest.mark.parametrize("text, ents, expected", [
    # a word the model left out between the parts of a name
    ("Foreign Minister Marcelo Choque Villarroel spoke.", [("PERSON", "Marcelo"), ("PERSON", "Villarroel")], ["Marcelo Choque Villarroel"]),
    # a given name cut at its hyphen
    ("Choi Min-jae told reporters.", [("PERSON", "Choi Min")], ["Choi Min-jae"]),
    # a name split at a particle
    ("Ursula von der Leyen spoke.", [("PERSON", "Ursula von der"), ("PERSON", "Leyen")], ["Ursula von der Leyen"]),
    # a particle between two parts, or before a last word the model left out
    ("Dr Aisha bint Saeed al-Mansoori, a researcher, agreed.", [("PERSON", "Aisha"), ("PERSON", "Saeed al-Mansoori")],
     ["Aisha bint Saeed al-Mansoori"]),
    ("Datuk Azman bin Hashim said so.", [("PERSON", "Azman")], ["Azman bin Hashim"]),
    ("Maria Luisa dela Cruz, 38, has worked there.", [("PERSON", "Maria Luisa"), ("PERSON", "dela Cruz")], ["Maria Luisa dela Cruz"]),
    # a given name between a title and the name
    ("Its chairman, Chief Emeka Nnamdi Uzoigwe, said so.", [("PERSON", "Nnamdi Uzoigwe")], ["Emeka Nnamdi Uzoigwe"]),
    # but no capitalised word the sentence opens with
    ("Tuesday Nnamdi Uzoigwe said so.", [("PERSON", "Nnamdi Uzoigwe")], ["Nnamdi Uzoigwe"]),
])
def test_names_the_model_cut_short_are_mended(model, text, ents, expected):
    assert persons(mentions(model, text, ents)) == expected


@pytest.mark.parametrize("text, ents, name", [
    ("Dr van Heerden said flows had fallen.", [("PERSON", "Dr van Heerden")], "van Heerden"),
    ("Barkandji elder Aunty Dulcie Edwards said so.", [("PERSON", "Aunty Dulcie Edwards")], "Dulcie Edwards"),
])
def test_a_title_is_no_part_of_the_name(model, text, ents, name):
    assert persons(mentions(model, text, ents)) == [name]


@pytest.mark.parametrize("text, ents, expected", [
    # a name after a title that the model missed or cut
    ("State councillor Datuk Azman bin Hashim said last week the gates would open.", [("DATE", "last week")], ["Azman bin Hashim"]),
    ("Ms Nurul Huda binte Rahmat, 41, runs a stall.", [("PERSON", "Nurul Huda"), ("DATE", "Rahmat")], ["Nurul Huda binte Rahmat"]),
    # the name stops at a full stop, a weekday, and starts after the whole title
    ("They met President Kassym-Jomart Tokayev. Trump said so.", [("PERSON", "Kassym-Jomart Tokayev"), ("PERSON", "Trump")],
     ["Kassym-Jomart Tokayev", "Trump"]),
    ("Chief Minister Dimitri Katsaros Monday said no.", [], ["Dimitri Katsaros"]),
    ("Tamil Nadu Minister K.R. Senthil Nathan disagreed.", [], ["K.R. Senthil Nathan"]),
    # a body's name that opens with a title word is the body's
    ("General Motors Company cut jobs.", [("ORG", "General Motors")], []),
    # a person noun set off by a comma
    ("Its convener, Ouseppachan Mathew, said the mood was grim.", [], ["Ouseppachan Mathew"]),
    # a person noun before a name the model took into a body's name; a body's name after a title stays a body
    ("Former All Whites striker Tama Reihana said so.", [("ORG", "All Whites striker Tama Reihana")], ["Tama Reihana"]),
    ("Doctors at King George's Medical University agreed.", [("ORG", "King George's Medical University")], []),
    # an age after the name
    ("Neighbour Maureen Hay, 58, who lives opposite, called police.", [], ["Maureen Hay"]),
    ("The suspects, Rohit Jadhav (29) and Kunal Mehra (31), were held.", [], ["Kunal Mehra", "Rohit Jadhav"]),
    ("The ambassador, María Fernanda Ospina Vélez, was called home.", [("ORG", "Vélez")], ["María Fernanda Ospina Vélez"]),
    # an abbreviated title with its full stop
    ("Coun. Harjit Singh Dhaliwal, who moved the motion, spoke first.", [("ORG", "Singh Dhaliwal")], ["Harjit Singh Dhaliwal"]),
])
def test_a_name_after_a_title_is_a_person(model, text, ents, expected):
    assert persons(mentions(model, text, ents)) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # the model ran on from the title's complement into the name: a country or a portfolio ends the complement
    ("Chinese Ambassador to Vietnam Liu Haiyan attended the ceremony.", [("PERSON", "Vietnam Liu Haiyan")],
     [("Liu Haiyan", "Ambassador to Vietnam")]),
    ("Japan's Vice Minister of Economy, Trade and Industry Kenji Morimoto agreed.",
     [("ORG", "Economy, Trade and Industry Kenji Morimoto")], [("Kenji Morimoto", "Minister of Economy, Trade and Industry")]),
    ("Senior Minister of State for Transport Tan Wei Ling spoke.", [("PERSON", "Transport Tan Wei Ling")],
     [("Tan Wei Ling", "Minister of State for Transport")]),
    # a body named after the complement stays whole; so does a list of people
    ("Gareth Hale, chief executive of the Australian Gas Exporters Forum, disagreed.",
     [("PERSON", "Gareth Hale"), ("ORG", "Australian Gas Exporters Forum")], [("Gareth Hale", None)]),
    ("It was signed by Khalid Al Dhaheri, Minister of State for Energy Affairs, and Faisal bin Abdullah Al Harthy.",
     [("PERSON", "Khalid Al Dhaheri"), ("PERSON", "Faisal bin Abdullah Al Harthy")],
     [("Faisal bin Abdullah Al Harthy", None), ("Khalid Al Dhaheri", None)]),
])
def test_a_name_after_a_titles_complement_is_a_person(model, text, ents, expected):
    assert sorted((m["name"], m["role"]) for m in mentions(model, text, ents) if m["type"] == "person") == expected


@pytest.mark.parametrize("text, ents, expected", [
    # a nickname in quote marks inside the name: one person, named without it
    ('Captain Duncan "Tembo" Mwangi levelled after the break. Mwangi said it was fair.', None,
     [('Duncan "Tembo" Mwangi', "Duncan Mwangi"), ("Mwangi", "Duncan Mwangi")]),
    ('Guinobatan Mayor Ma. Cristina "Tintin" Lozada said half the families had left.', None,
     [('Ma. Cristina "Tintin" Lozada', "Ma. Cristina Lozada")]),
    ('ACT Chairperson Jose Antonio "Tonton" dela Cruz said the load was heavy.', None,
     [('Jose Antonio "Tonton" dela Cruz', "Jose Antonio dela Cruz")]),
    # set off by commas and followed by a role, though the model took it for a body's name
    ("At the hearing, Ma. Lourdes Sarmiento-Abad, national chairperson of the union, spoke first.",
     [("ORG", "Lourdes Sarmiento-Abad")], [("Ma. Lourdes Sarmiento-Abad", "Ma. Lourdes Sarmiento-Abad")]),
    # given names the model took for a body's name, before the surnames it tagged
    ("Argentina's Secretary of International Economic Relations, Martín Ezequiel Sosa Barreiro, wrote that it failed.",
     [("ORG", "International Economic Relations"), ("ORG", "Martín Ezequiel"), ("PERSON", "Sosa Barreiro")],
     [("Martín Ezequiel Sosa Barreiro", "Martín Ezequiel Sosa Barreiro")]),
    # a name set off by commas that opens with a given name, where the model saw nothing
    ("The secretary general of the farmers' union, María Teresa Villalobos Ruiz, said the letter came late.", [],
     [("María Teresa Villalobos Ruiz", "María Teresa Villalobos Ruiz")]),
    # an age after "then", and a union's honorific
    ("One of the first was Marvellous Adeyemi-Clarke, then 16 and going nowhere.", [("PERSON", "Marvellous Adeyemi-Clarke")],
     [("Marvellous Adeyemi-Clarke", "Marvellous Adeyemi-Clarke")]),
    ("The NLC President, Comrade Adebayo Ogunleye, said workers could bear no more.", [("ORG", "Adebayo Ogunleye")],
     [("Adebayo Ogunleye", "Adebayo Ogunleye")]),
])
def test_names_the_model_misses_or_cuts(model, text, ents, expected):
    assert [(m["text"], m["name"]) for m in mentions(model, text, ents) if m["type"] == "person"] == expected


@pytest.mark.parametrize("text, ents, expected", [
    # a person noun capitalised at a sentence's start, or a body's initials before a title, is no part of the name
    ("Activist K. R. Meera said the plan came late.", [("PERSON", "Activist K. R. Meera")], [("K. R. Meera", "Activist")]),
    ("BSP Governor Emmanuel Santiago said the bank was ready.", [("PERSON", "BSP Governor Emmanuel Santiago")],
     [("Emmanuel Santiago", "BSP Governor")]),
    ("Chief Executive Officer João Paulo da Cunha Mendes declined to comment.",
     [("PERSON", "Officer João Paulo da Cunha Mendes")], [("João Paulo da Cunha Mendes", "Executive Officer")]),
    ("Lawmaker Doreen Kwok Siu-fan, who sits on the panel, disagreed.", [], [("Doreen Kwok Siu-fan", "Lawmaker")]),
    ("Deputy Interior Minister Selim Kaan Özdemir, who arrived on Friday, said so.", [],
     [("Selim Kaan Özdemir", "Interior Minister")]),
    # a place or body before a title; a short given name after it
    ("Attala County Sheriff Duane Latimore told NBC News.", [("WORK_OF_ART", "Attala County Sheriff Duane Latimore")],
     [("Duane Latimore", "Attala County Sheriff")]),
    ("DepEd Undersecretary Ma. Cristina Reyes-Dizon said the department was listening.", [("ORG", "DepEd")],
     [("Ma. Cristina Reyes-Dizon", "Undersecretary")]),
    ("Kuia Ngaio Rangitāiki Hohepa said the lake was sick.", [("PERSON", "Kuia Ngaio Rangitāiki Hohepa")],
     [("Ngaio Rangitāiki Hohepa", "Kuia")]),
    # Malaysian titles of two words, and an engineer's
    ("It was opened by Minister Datuk Seri Ahmad Fadzil Hashim on Monday.", None, [("Ahmad Fadzil Hashim", "Datuk Seri")]),
    # a title with its complement before a name the model cut: the given name joins it
    ("Ambassador of Indonesia to Russia Bambang Suryadi Wirawan told TASS on Tuesday.", [("PERSON", "Suryadi Wirawan")],
     [("Bambang Suryadi Wirawan", "Ambassador of Indonesia to Russia")]),
    # no name is left after "Minister of Finance"; a place the model calls a person stays no one after "officer for"
    ("He noted that the Minister of Finance, Mr Ugo Bassey, had promised more.", [("ORG", "Minister of Finance")],
     [("Ugo Bassey", "Mr")]),
    ("Karen Smith, the union's regional officer for Yorkshire, spoke.", [("PERSON", "Karen Smith"), ("PERSON", "Yorkshire")],
     [("Karen Smith", None)]),
])
def test_what_stands_before_a_name_is_no_part_of_it(model, text, ents, expected):
    assert [(m["name"], m["role"]) for m in mentions(model, text, ents) if m["type"] == "person"] == expected


@pytest.mark.parametrize("text, ents, expected", [
    # a title before a name with a nickname inside it
    ('BSP Governor Emmanuel "Noel" Dizon Santiago said the bank was ready.', None,
     [('Emmanuel "Noel" Dizon Santiago', "Emmanuel Dizon Santiago", "BSP Governor")]),
    # a given name the model left out at a sentence's start, or an abbreviated one
    ("Renata Salcido Ortega, director of the department, agreed.", [("PERSON", "Salcido Ortega")],
     [("Renata Salcido Ortega", "Renata Salcido Ortega", None)]),
    ("Rates rose, said Ma. Teresa Aquino-Cruz, chief economist at the bank.", [("PERSON", "Teresa Aquino-Cruz")],
     [("Ma. Teresa Aquino-Cruz", "Ma. Teresa Aquino-Cruz", None)]),
    # a credit's outlet after a slash is no part of the name
    ("The coach was suspended.\n\nOrane Whyte/Gleaner Writer\n\nThe meeting was on Monday.", [("PERSON", "Orane Whyte/Gleaner Writer")],
     [("Orane Whyte", "Orane Whyte", None)]),
])
def test_names_with_what_the_model_left_out(model, text, ents, expected):
    assert [(m["text"], m["name"], m["role"]) for m in mentions(model, text, ents) if m["type"] == "person"] == expected


@pytest.mark.parametrize("text, ents, name, kind", [
    # a body's name less its legal form is the body
    ("Tsang was a manager at Harbourfront Realty Ltd in Tai Kok Tsui. Harbourfront Realty said it regretted the harm.",
     [("ORG", "Harbourfront Realty Ltd"), ("PERSON", "Harbourfront Realty", 1)], "Harbourfront Realty Ltd", "organization"),
    # a place after "the town of"; a body's name after a person noun
    ("In the Tunisian border town of Ben Gardane, trade has slowed.", [("PERSON", "Ben Gardane")], "Ben Gardane", "place"),
    ("The Bankers Association of the Philippines said rates would rise.", [("ORG", "Association of the Philippines")],
     "Association of the Philippines", "organization"),
    # capitals inside one word make a body's name; a job after a credit is no name
    ("DepEd said the reports would go.", [("PERSON", "DepEd")], "DepEd", "organization"),
    # a body's head word anywhere in a name introduced like a person's
    ("Ciarán Mac Aoidh\nBBC News NI South West reporter\n\nThe pool closed.", [("ORG", "BBC News NI")], "BBC News NI", "organization"),
])
def test_bodies_and_places_that_look_like_people(model, text, ents, name, kind):
    found = mentions(model, text, ents)
    assert {m["type"] for m in found if m["name"] == name} == {kind}


@pytest.mark.parametrize("text, name", [
    ("By MARCUS ELLINGTON Associated Press\n\nPHOENIX (AP) — Lawmakers voted on Tuesday.", "MARCUS ELLINGTON"),
    ("Mihir Tanksale / TNN / Aug 20, 2026, 14:12 IST\n\nPUNE: The water cut begins on Monday.", "Mihir Tanksale"),
    ("The pool closed on Monday.\n\nImage source, Siobhán Nic Giolla Phádraig/BBC\n\nThe council met.", "Siobhán Nic Giolla Phádraig"),
    ("The deal closed on Monday.\n\n--With assistance from Rafael Ortiz Peña.", "Rafael Ortiz Peña"),
    ("Kevin Omondi celebrates his second goal on Sunday. PHOTO | CHRIS OMOLLO | NMG\n\nThe derby ended 3-1.", "CHRIS OMOLLO"),
    ("The lake is recovering. Photo / Andrew Tokomaru-Price\n\nThe hui began on Friday.", "Andrew Tokomaru-Price"),
    ("Measles spreads in Saxony.\n\nEdited by: Rüdiger Falkenhayn", "Rüdiger Falkenhayn"),
])
def test_more_credit_forms(model, text, name):
    assert name in persons(mentions(model, text, []))


@pytest.mark.parametrize("text", [
    "ABC Rural / By Harriet Tatham-Lowe and Minh Anh Pham\n\nThe walkout began on Monday.",
    "Photo: Irrigators say buybacks hurt towns. (ABC Rural: Minh Anh Pham)\n\nThe walkout began on Monday.",
])
def test_credits_after_a_slash_or_an_outlets_colon(model, text):
    assert "Minh Anh Pham" in persons(mentions(model, text, []))


@pytest.mark.parametrize("text, ents, expected", [
    # the he or she after the lone surname tells which namesake
    ("Karen Smith, the union's officer, spoke first. Lee Smith, no relation, drives the 52 bus.\n\n"
     "Smith said the union would strike again. “Our members have been patient,” she added.",
     [("PERSON", "Karen Smith"), ("PERSON", "Lee Smith"), ("PERSON", "Smith", 2)], "Karen Smith"),
    # the lone surname goes on naming whom it named before, past a namesake named in full
    ("The app was founded by teacher Lerato Mokoena.\n\nMokoena named it after her grandmother, Thandiwe Mokoena, who died "
     "in 2019.\n\n“Nobody is bad at maths,” Mokoena told News24.",
     [("PERSON", "Lerato Mokoena"), ("PERSON", "Mokoena", 1), ("PERSON", "Thandiwe Mokoena"), ("PERSON", "Mokoena", 3)],
     "Lerato Mokoena"),
    # … unless another title sets it apart
    ("He caused the death of Aoife Byrne, 20. Ms Byrne was a nursing student.\n\nMs Byrne's mother, Gráinne Byrne, read a "
     "statement.\n\n“Now I set three places at the table,” Mrs Byrne said.", None, "Gráinne Byrne"),
])
def test_a_lone_surname_shared_by_two_people(model, text, ents, expected):
    assert [m["name"] for m in mentions(model, text, ents) if m["type"] == "person"][-1] == expected


def test_initials_before_a_surname_say_a_person(model):
    text = "They were produced before judicial magistrate first class S R Kadam on Tuesday."
    assert persons(mentions(model, text, [("PERSON", "S R Kadam")])) == ["S R Kadam"]


def test_a_given_name_before_and_shares_the_surname(model):
    text = "At the centre, Ron and Linda Grant were waiting. Ron, a retired logger, said it was hard."
    found = mentions(model, text, [("PERSON", "Ron"), ("PERSON", "Linda Grant"), ("PERSON", "Ron", 1)])
    assert [(m["text"], m["name"]) for m in found] == [("Ron", "Ron Grant"), ("Linda Grant", "Linda Grant"), ("Ron", "Ron Grant")]


def test_a_short_given_name_alone_is_the_person_it_shortens(model):
    text = "Lo Simmons still carries the chairs.\n\nLoretta Simmons, 78, founded it. Lo said she had no speech."
    found = mentions(model, text, [("PERSON", "Lo Simmons"), ("PERSON", "Loretta Simmons"), ("PERSON", "Lo", 2)])
    assert {m["name"] for m in found} == {"Loretta Simmons"}


def test_a_part_of_a_longer_name_is_that_person(model):
    text = "Deputy Minister Rosa Salcedo Paredes left on Monday. Salcedo said talks would resume."
    found = mentions(model, text, [("PERSON", "Rosa Salcedo Paredes"), ("PERSON", "Salcedo", 1)])
    assert [(m["text"], m["name"]) for m in found if m["type"] == "person"] == [
        ("Rosa Salcedo Paredes", "Rosa Salcedo Paredes"), ("Salcedo", "Rosa Salcedo Paredes")]


@pytest.mark.parametrize("text, ents, name, kind", [
    ("Talks were held in La Paz on Monday.", [("PERSON", "La Paz")], "La Paz", "place"),
    ("HHLA spokeswoman Annika Berg said so.", [("PERSON", "HHLA"), ("PERSON", "Annika Berg")], "HHLA", "organization"),
    ("Rotterdam dockworkers walked out.", [("PERSON", "Rotterdam")], "Rotterdam", "place"),
    ("Hugo Tapia Ugarte, a former Bolivian ambassador, disagreed.", [("ORG", "Hugo Tapia Ugarte")], "Hugo Tapia Ugarte", "person"),
    # a body's head word or an acronym in the name
    ("The strike was called off, Nation Media Group reported.", [("PERSON", "Nation Media Group")], "Nation Media Group", "organization"),
    ("Dr Ellis told BBC Wales that clusters appear.", [("PERSON", "BBC Wales")], "BBC Wales", "organization"),
    # a place word ends the name; a surname that is also a word does not
    ("The line will reach Khalifa Port by 2030.", [("PERSON", "Khalifa Port")], "Khalifa Port", "place"),
    ("Ministers praised Lena Park on Monday.", [("PERSON", "Lena Park")], "Lena Park", "person"),
    # a body noun right before the name
    ("Speaking to broadcaster TRT Haber on Friday, she agreed.", [("PERSON", "TRT Haber")], "TRT Haber", "organization"),
    # names listed before a common noun
    ("Schools in the Pütürge, Doğanyol and Yeşilyurt districts stayed shut.",
     [("PERSON", "Pütürge"), ("PERSON", "Doğanyol"), ("PERSON", "Yeşilyurt")], "Yeşilyurt", "place"),
])
def test_the_sentence_says_what_a_name_is(model, text, ents, name, kind):
    assert {m["name"]: m["type"] for m in mentions(model, text, ents)}[name] == kind


@pytest.mark.parametrize("text, name", [
    ('Peru launched its own clean-up programme, "Lago Limpio", in 2022.', "Lago Limpio"),
    ("Supporters still call him “Skipper” at rallies.", "Skipper"),
])
def test_a_short_label_in_quote_marks_is_no_person(model, text, name):
    assert name not in persons(mentions(model, text, [("PERSON", name)]))


def test_a_name_inside_a_quotation_is_still_a_person(model):
    text = "“We will not sign until Ana Ruiz Soto has read every page of it,” he said."
    assert persons(mentions(model, text, [("PERSON", "Ana Ruiz Soto")])) == ["Ana Ruiz Soto"]


@pytest.mark.parametrize("text", ["A Magnitude 5.9 quake struck.", "Coun spoke."])
def test_no_person_has_a_digit_or_is_only_a_title(model, text):
    word = text.split()[1] if text.startswith("A ") else text.split()[0]
    ents = [("PERSON", "Magnitude 5.9")] if "5.9" in text else [("PERSON", word)]
    assert persons(mentions(model, text, ents)) == []


@pytest.mark.parametrize("text, ents, expected", [
    ("The strike went on.\n\nBy Chukwuemeka Obi-Nwosu, Abuja", [], ["Chukwuemeka Obi-Nwosu"]),
    ("The vote was close.\n\nAdditional reporting by Nur Aisyah binte Rahman", [], ["Nur Aisyah binte Rahman"]),
    ("Image: Ruben van der Linden/ANP/picture alliance", [], ["Ruben van der Linden"]),
    # the credit's span wins over what the model made of its words
    ("The vote was close.\n\nAdditional reporting by Nur Aisyah binte Rahman",
     [("PERSON", "Nur Aisyah"), ("PERSON", "Rahman")], ["Nur Aisyah binte Rahman"]),
    ("Image: Ruben van der Linden/ANP/picture alliance", [("ORG", "Linden/ANP")], ["Ruben van der Linden"]),
    # every name of a list, and of each credit on the line
    ("By Ana Ruiz Soto, Tom Blake and Li Wei", [], ["Ana Ruiz Soto", "Li Wei", "Tom Blake"]),
    ("Talks go on.\n\nReporting by Thilini Jayawardena in Colombo; Editing by Mark Hale", [],
     ["Mark Hale", "Thilini Jayawardena"]),
    ("Mehmet Ali Yıldırım | 17.01.2026 - Update : 17.01.2026\n\nANKARA", [], ["Mehmet Ali Yıldırım"]),
    # a job or a bureau after the name is not another name; an outlet is never a person
    ("By Jane Doe, Senior Correspondent", [], ["Jane Doe"]),
    ("By Reuters Staff", [], []),
    # photo credits in their other shapes, and author lines with a job or alone above the story
    ("Workers queue in Dubai. (Photo by Tariq Mahmoud Qureshi/AFP)", [], ["Tariq Mahmoud Qureshi"]),
    ("ST PHOTO: Hazirah binte Mohd Yusof", [], ["Hazirah binte Mohd Yusof"]),
    ("Ong Jia Hui, Transport Correspondent\n\nFares will rise.", [], ["Ong Jia Hui"]),
    ("Fares rise\n\nRachel Armitage-Booth\n\nFares will rise in June, the operator said on Monday.", [], ["Rachel Armitage-Booth"]),
    ("Fares rise\n\nBy Maarten van der Berg\n\nFares will rise in June.", [], ["Maarten van der Berg"]),
    # an agency before the name, a credit after a caption's full stop, a credit in brackets
    ("Field at the club's base in Porirua. Photo: Photosport / Hamish Tane", [], ["Hamish Tane"]),
    ("Troops at the base. (Photo: AFP / Moussa Sagna)", [], ["Moussa Sagna"]),
    ("Mokoena at her office. (Carel Pretorius/News24)", [], ["Carel Pretorius"]),
    ("Priya Sandhu · CBC News · Posted: Aug 05, 2025", [], ["Priya Sandhu"]),
    ("The fire grew overnight.\n\nWith files from Dana Kovacs", [("GPE", "Dana Kovacs")], ["Dana Kovacs"]),
])
def test_bylines_and_credits_name_people(model, text, ents, expected):
    assert persons(mentions(model, text, ents)) == expected


def test_a_title_case_line_in_the_story_is_no_author(model):
    text = "Fares rise\n\nThe operator said on Monday that fares would rise.\n\nMore details.\n\nAnother line.\n\nRising Costs Ahead\n\nIt said so."
    assert persons(mentions(model, text, [])) == []


def test_an_acronym_is_the_name_it_was_introduced_with(model):
    text = "The Alliance of Sahel States (AES) met on Monday. The AES rejected the plan."
    found = mentions(model, text, [("ORG", "Alliance of Sahel States"), ("ORG", "AES", 1)])
    assert [(m["text"], m["name"], m["type"]) for m in found] == [
        ("Alliance of Sahel States", "Alliance of Sahel States", "organization"), ("AES", "Alliance of Sahel States", "organization")]


@pytest.mark.parametrize("text, ents, name", [
    # the model saw only the initials, or a piece of the name
    ("The Nigeria Labour Congress (NLC) issued an ultimatum. The NLC said workers were patient.",
     [("ORG", "NLC"), ("ORG", "NLC", 1)], "Nigeria Labour Congress"),
    ("A grant from the Council for Scientific and Industrial Research (CSIR) paid for it.",
     [("ORG", "Industrial Research"), ("ORG", "CSIR")], "Council for Scientific and Industrial Research"),
])
def test_a_name_spelled_out_before_its_initials_is_found(model, text, ents, name):
    found = mentions(model, text, ents)
    assert {(m["name"], m["type"]) for m in found} == {(name, "organization")}
    assert name in [m["text"] for m in found]


@pytest.mark.parametrize("text, ents", [
    # the initials do not spell the words before them, or a comma stands between
    ("Talks with Nigeria Labour Congress (TUC) stalled.", [("ORG", "TUC")]),
    ("It met the Labour Congress, (NLC) said.", [("ORG", "NLC")]),
])
def test_words_that_do_not_spell_the_initials_are_no_name(model, text, ents):
    assert [m["name"] for m in mentions(model, text, ents)] == [e[1] for e in ents]


@pytest.mark.parametrize("text, ents", [
    ("Sessions will be held at Robinvale and Wentworth in March.", [("PERSON", "Wentworth")]),
    ("Nordwind Netz needs a decision by March to connect the wind farm.", [("PERSON", "Nordwind Netz")]),
])
def test_a_name_only_the_model_calls_a_person_is_none(model, text, ents):
    assert persons(mentions(model, text, ents)) == []


@pytest.mark.parametrize("text, ents, name", [
    # a given name
    ("Maria Santos was there.", [("PERSON", "Maria Santos")], "Maria Santos"),
    # a title set off by commas, or the subject of a verb of saying
    ("ECOWAS Commissioner for Trade, Customs and Free Movement, Kwame Asante-Mensah, said the plan would work.",
     [("PERSON", "Kwame Asante-Mensah")], "Kwame Asante-Mensah"),
    ("Niger's Commerce Minister, Seyni Abdou Harouna, had described the talks as frank.",
     [("PERSON", "Seyni Abdou Harouna")], "Seyni Abdou Harouna"),
    ("Ouseppachan Mathew warned that the mood was grim.", [("PERSON", "Ouseppachan Mathew")], "Ouseppachan Mathew"),
    # an age beside it
    ("Thilini Jayawardena, 41, runs a stall.", [("PERSON", "Thilini Jayawardena")], "Thilini Jayawardena"),
])
def test_what_says_a_name_is_a_person(model, text, ents, name):
    assert name in persons(mentions(model, text, ents))


def test_a_short_given_name_beside_the_full_one_is_that_person(model):
    text = "Lo Simmons Still Carries the Chairs\n\nLoretta Simmons stood at the foot of the steps. Darnell Simmons helped."
    found = mentions(model, text, [("PERSON", "Lo Simmons"), ("PERSON", "Loretta Simmons"), ("PERSON", "Darnell Simmons")])
    assert persons(found) == ["Darnell Simmons", "Loretta Simmons"]


def test_a_title_case_headline_keeps_a_credit_but_not_an_unconfirmed_span(model):
    title = "Kazakhstan Has Officially Decided To Join Abraham Accords"
    body = "Kazakhstan will join the Abraham Accords, officials said."
    doc_title, doc_body = model(title), model(body)
    starts = {"title": [0], "body": [0]}
    found = entities.find({"title": doc_title, "body": doc_body}, starts, {"title": [], "body": []})
    assert [m["name"] for m in found if m["field"] == "title" and m["type"] == "agreement"] == ["Abraham Accords"]


def test_a_name_with_a_title_and_an_age_is_one_mention(model):
    text = "Ms Nurul Huda binte Rahmat, 41, runs a stall."
    found = [m for m in mentions(model, text, []) if m["type"] == "person"]
    assert [(m["text"], m["role"]) for m in found] == [("Nurul Huda binte Rahmat", "Ms")]
