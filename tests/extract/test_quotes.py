import pytest

from scripts.extract import countries, entities, nlp, quotes


@pytest.fixture(scope="module")
def model():
    return nlp.load()


def found(model, text, title=None):
    doc = model(text)
    starts = [s for s, _ in nlp.sentence_spans(doc)]
    country_mentions = [{"field": "body", **m} for m in countries.find(doc)]
    mentions = entities.find({"body": doc}, {"body": starts}, {"body": [(m["start"], m["end"]) for m in country_mentions]})
    results, said = [], []
    texts = {"body": text, "title": title or ""}
    named_here = quotes.Named(mentions, country_mentions, texts, {"body": doc})
    for q in quotes.find(doc, starts, entities.outlet_names(), title):
        q = {"field": "body", **q}
        who = quotes.attribute(q, texts, named_here, said)
        said.append(who)
        ref = who["speaker_ref"]
        named = next((m["name"] for m in mentions if ref and m["start"] == ref["start"] and m["field"] == ref["field"]), None)
        results.append((q["text"], q["cue"], who["speaker"], named, who["anonymous"], who["via"]))
    return results


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "“We will not give up,” Defence Minister Anna Kowalczyk said on Monday.",
            [("We will not give up,", "said", "Defence Minister Anna Kowalczyk", "Anna Kowalczyk", 0, None)],
        ),
        (  # straight quotes
            '"The border stays closed until further notice," the minister told Reuters.',
            [("The border stays closed until further notice,", "told", "the minister", None, 1, "Reuters")],
        ),
        (  # anonymous, even when the phrase names a country
            "“There is no deal yet,” a senior French official said.",
            [("There is no deal yet,", "said", "a senior French official", None, 1, None)],
        ),
        (  # a partial quote inside a sentence
            "Mayor Jonas Berg’s office released a statement calling for “calm and restraint from all sides.”",
            [("calm and restraint from all sides.", "calling for", "Mayor Jonas Berg’s office", "Jonas Berg", 0, None)],
        ),
        (  # split around its attribution
            "“We are ready,” Berg said. “The city has waited long enough.”",
            [("We are ready,", "said", "Berg", "Berg", 0, None), ("The city has waited long enough.", "said", "Berg", "Berg", 0, None)],
        ),
        (  # a pronoun speaker is the person last named
            "Ministers praised Lena Park. She described the plan as “a real turning point.”",
            [("a real turning point.", "described", "She", "Lena Park", 0, None)],
        ),
        (
            "The ceasefire will hold, according to a source familiar with the talks, who called it “fragile but real”.",
            [("fragile but real", "called", "a source familiar with the talks", None, 1, None)],
        ),
    ],
)
def test_quote_forms(model, text, expected):
    assert found(model, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Relations between Chile and “Peru” have improved.",  # a scare-quoted name
        "Both candidates call themselves 'outsiders', although one ran a region.",  # a one-word label
        "She starred in “The Long Night” last year.",  # a title
        "The so-called “whitelist” was dropped.",
        "He spoke about the “Nation of Tomorrow” plan.",
    ],
)
def test_words_in_quote_marks_that_are_not_quotations(model, text):
    assert found(model, text) == []


def test_a_standfirst_takes_the_speaker_its_headline_names(model):
    title = "Pact To Be Signed Soon: Ortiz"
    results = found(model, "Says a formal signing will follow and “more countries” want to join.", title=title)
    assert [(r[0], r[1], r[2]) for r in results] == [("more countries", "Says", "Ortiz")]


@pytest.mark.parametrize(
    "text, spans",
    [
        ("He said “yes, we can” and left.", ["yes, we can"]),
        ("It's Chile’s ‘historic step’, she said.", ["historic step"]),
        ("Unbalanced “quote never closes.", ["quote never closes."]),  # runs to the end of its paragraph
        ("“We will go on.\n\n“And we will win,” he said.", ["We will go on.", "And we will win,"]),
        ('A "first" and a "second" pair.', ["first", "second"]),
    ],
)
def test_quoted_spans(text, spans):
    assert [text[s:e] for s, e in quotes.quoted_spans(text)] == spans


@pytest.mark.parametrize(
    "speaker, person, anonymous",
    [("a U.S. official", False, 1), ("officials", False, 1), ("people familiar with the matter", False, 1), ("the ministry", False, 0), ("President Lee", True, 0), (None, False, None),
     ("a senior dealer at a Karachi brokerage", False, 1), ("one resident", False, 1), ("a statement", False, 0)],
)
def test_is_anonymous(speaker, person, anonymous):
    assert quotes.is_anonymous(speaker, person) == anonymous


def test_a_headline_speaker_links_to_the_person_named_in_the_body(model):
    title = "Pact To Be Signed Soon: Ortiz"
    body = "Says a signing will follow and “more countries” want to join.\n\nPresident Gabriela Ortiz spoke on Monday."
    doc = model(body)
    starts = [s for s, _ in nlp.sentence_spans(doc)]
    mentions = entities.find({"body": doc}, {"body": starts}, {"body": []})
    [q] = quotes.find(doc, starts, entities.outlet_names(), title)
    who = quotes.attribute({"field": "body", **q}, {"body": body, "title": title}, quotes.Named(mentions, []))
    ref = who["speaker_ref"]
    assert who["speaker"] == "Ortiz"
    assert ref["field"] == "body" and body[ref["start"] : ref["end"]] == "Gabriela Ortiz"


def speakers(model, text):
    return [(quote[:12], named, anonymous) for quote, _, _, named, anonymous, _ in found(model, text)]


def test_a_pronoun_agrees_with_its_person():
    text = ("Deputy Minister Rosa Salcedo said the border would stay open. Her counterpart, Mr Freddy Condori, "
            "disagreed with her in a radio interview.\n\n“We are still waiting for an answer,” she said.")
    assert speakers(nlp.load(), text) == [("We are still", "Rosa Salcedo", 0)]


def test_he_added_continues_the_quotation_before():
    text = ("“The strike will go on,” said union leader Musa Garba. Employers' chief Aliyu Bello had offered talks.\n\n"
            "“We have waited five months,” he added.")
    assert speakers(nlp.load(), text)[1] == ("We have wait", "Musa Garba", 0)


@pytest.mark.parametrize("text, expected", [
    # the paragraph's sentence is led by someone new since the quotation before: "he" is them
    ("“A veto changes the conversation,” said Sen. Ray Kessler, who voted against it.\n\n"
     "Sen. Jordan Hale said he was not worried. “We've counted, and we've counted again,” he said.", "Jordan Hale"),
    # a title heads the subject: "Ambassador to Vietnam Liu Haiyan … stressed"
    ("Wang Zhiqiang said China stood ready. “It will be a model project,” he said.\n\n"
     "Chinese Ambassador to Vietnam Liu Haiyan, who attended the ceremony, stressed that the railway mattered. "
     "“Connectivity brings our two peoples closer together,” he added after Wang had spoken.", "Liu Haiyan"),
    # someone named inside a clause, or inside the quotation, does not lead it
    ("“The deadline is near,” said Kwame Asante-Mensah, the commissioner.\n\n"
     "Kwame Asante-Mensah noted that Niger's minister, Seyni Abdou Harouna, had described the talks as frank. "
     "“There is more that unites us than the headlines suggest,” he added.", "Kwame Asante-Mensah"),
])
def test_he_is_who_leads_the_paragraph_since_the_quotation_before(model, text, expected):
    assert speakers(model, text)[-1][1] == expected


@pytest.mark.parametrize("text", [
    # an unnamed person leads the paragraph before
    ("Mali's envoy, Musa Danladi Bello, left early.\n\nA senior Nigerian official who asked not to be named said leaders "
     "had discussed trade.\n\n“Nobody wants to punish ordinary people,” he said."),
    # the quotation before was an unnamed person's
    ("Pieter-Jan van der Linden met the delegation on Monday.\n\nA senior Turkish official, who asked not to be named, said "
     "the talks were “the most constructive in years”. “Nobody should expect a breakthrough soon,” he said."),
])
def test_he_after_someone_unnamed_is_unnamed(model, text):
    assert speakers(model, text)[-1][1:] == (None, 1)


@pytest.mark.parametrize("text", [
    ("Two Tunisian officials, who spoke on condition of anonymity, said Tunis had run out of patience.\n\n"
     "“The problem is not technical. Everyone knows that,” one of them said."),
    ("Outside the court, the daughter of one victim, who asked not to be named, said the sentence was "
     "“too light for what he did to my father”."),
])
def test_someone_the_text_does_not_name_is_anonymous(model, text):
    assert speakers(model, text)[-1][1:] == (None, 1)


def test_a_spokeswoman_for_a_body_speaks_for_it(model):
    text = ("The National Transport Authority funds the scheme. A spokeswoman for the National Transport Authority said it "
            "would “engage with the council on the implications” of the vote.")
    assert speakers(model, text) == [("engage with ", "National Transport Authority", 0)]


def test_a_subject_inside_the_quotation_is_not_the_speaker(model):
    text = ("Ethiopia's coach Tesfaye Gebremariam blamed his defenders. "
            "“Two moments of concentration, that is the whole game,” Tesfaye said.")
    assert [r[2] for r in found(model, text)] == ["Tesfaye"]


def test_a_question_then_its_speech_verb_and_a_titled_surname(model):
    text = ("A bench of Justice Meenakshi Rao and Justice Harpreet Singh Bedi heard the petition.\n\n"
            "“Are we to understand that a notice pasted at midnight is notice?” Justice Rao asked the counsel.\n\n"
            "Justice Bedi called the reply “wholly unsatisfactory”.")
    assert [(r[1], r[3]) for r in found(model, text)] == [("asked", "Meenakshi Rao"), ("called", "Harpreet Singh Bedi")]


def test_a_name_the_parser_cut_is_the_whole_name_and_the_title_points_to_its_holder(model):
    text = ("Tsang Chi-keung, 52, a former branch manager, pleaded guilty.\n\n"
            "District Judge Amanda Leung Wai-yee said Tsang had carried out \"a calculated and sustained deception\" over six years.\n\n"
            "\"The defendant did not merely take advantage of his clients. He betrayed them,\" the judge said.")
    assert [(r[2], r[3]) for r in found(model, text)] == [("Amanda Leung Wai-yee", "Amanda Leung Wai-yee"),
                                                          ("the judge", "Amanda Leung Wai-yee")]


def test_she_is_not_the_byline_and_a_family_name_first_tells_no_gender(model):
    text = ("By Joyce Lim Hui Min\n\nThe trial cut dengue cases by 70 per cent.\n\n"
            "Associate Professor Tan Wei Ling of Duke-NUS, the study's lead author, said the results were strong. "
            "The effect appeared within months, and the team saw it across every block that took part in the trial.\n\n"
            "“What surprised us most was how quickly the effect appeared,” she said.")
    assert speakers(model, text)[-1] == ("What surpris", "Tan Wei Ling", 0)


@pytest.mark.parametrize("text, expected", [
    # a body's common noun no name holds: the body named last, here or in the paragraph before
    ("Renata Ortega, director of the Arizona Department of Water Resources (ADWR), spoke to the panel.\n\n"
     "“The department stands ready to work with lawmakers,” the agency said in a statement.",
     ("The departme", "Arizona Department of Water Resources", 0)),
    # a nationality for someone named before, as "he" would be
    ("Leopards coach Salim Mwakyusa, under pressure after a third defeat, blamed the referee. "
     "“It was never a penalty,” the Tanzanian said.", ("It was never", "Salim Mwakyusa", 0)),
    ("Cedric Moreau-Lefèvre, who heads the venture arm, said the stake was strategic.\n\n"
     "“We have looked at maybe 200 companies,” the Frenchman said.", ("We have look", "Cedric Moreau-Lefèvre", 0)),
    ("The Consortium of Argentine Meat Exporters said the quota was a blow. Its president, Martín Sosa Barreiro, "
     "said exporters were worried.\n\n“They have full cold stores,” the Argentine said.", ("They have fu", "Martín Sosa Barreiro", 0)),
    ("Kalkulon's chief executive, Friederike von Lindenau, said the money would double the staff.\n\n"
     "“European industry does not need another chatbot,” the 34-year-old told the Financial Times.",
     ("European ind", "Friederike von Lindenau", 0)),
])
def test_a_body_by_its_noun_and_a_person_by_nationality(model, text, expected):
    assert speakers(model, text)[-1] == expected


def test_a_role_refers_back_to_the_person_introduced_with_it():
    text = ("Foreign Ministry spokesman Carlos Vega told reporters the envoy had been recalled. "
            "“We are not looking for a fight,” the spokesman said.")
    assert speakers(nlp.load(), text) == [("We are not l", "Carlos Vega", 0)]


@pytest.mark.parametrize("text, body", [
    # the body written with the noun
    ("Dockworkers will walk out, the FNV Havens union announced on Thursday. "
     "“We stay out until the employers come back,” the union said.", "FNV Havens"),
    # an acronym never introduced in brackets: the body whose words give it
    ("The Nigerian Ports Authority rejected the demands on Monday. "
     "“The strike is unnecessary and ill-timed,” the NPA said.", "Nigerian Ports Authority"),
])
def test_a_body_named_by_its_noun_or_its_initials(body, text):
    doc = nlp.load()(text)
    starts = [s for s, _ in nlp.sentence_spans(doc)]
    spans = [doc.char_span(text.index(body), text.index(body) + len(body), label="ORG")]
    doc.ents = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)] + spans
    mentions = entities.find({"body": doc}, {"body": starts}, {"body": []})
    [q] = quotes.find(doc, starts, entities.outlet_names())
    ref = quotes.attribute({"field": "body", **q}, {"body": text}, quotes.Named(mentions, []))["speaker_ref"]
    assert ref is not None
    assert [m["name"] for m in mentions if (m["start"], m["end"]) == (ref["start"], ref["end"])] == [body]


def test_a_possessor_in_the_speaker_phrase_is_not_the_speaker():
    text = "“It is the same old fear campaign,” said Tamil Nadu's Water Resources Minister Senthil Nathan."
    doc = nlp.load()(text)
    starts = [s for s, _ in nlp.sentence_spans(doc)]
    mentions = [
        {"field": "body", "start": text.index("Tamil Nadu"), "end": text.index("'s Water"), "text": "Tamil Nadu", "name": "Tamil Nadu",
         "type": "person", "label": "PERSON", "role": None, "fixed": False, "sentence": 0},
        {"field": "body", "start": text.index("Senthil"), "end": text.index(".", text.index("Senthil")), "text": "Senthil Nathan",
         "name": "Senthil Nathan", "type": "person", "label": "PERSON", "role": "Minister", "fixed": False, "sentence": 0},
    ]
    [q] = quotes.find(doc, starts, entities.outlet_names())
    ref = quotes.attribute({"field": "body", **q}, {"body": text}, quotes.Named(mentions, []))["speaker_ref"]
    assert text[ref["start"] : ref["end"]] == "Senthil Nathan"


def test_according_to_a_statement_by_a_body_is_that_body():
    text = ("The memorandum would “substantially lower compliance costs for small firms,” according to a statement "
            "issued by China's Ministry of Commerce.")
    assert [who for _, _, who, _, _, _ in found(nlp.load(), text)] == ["a statement issued by China's Ministry of Commerce"]


@pytest.mark.parametrize("text, expected", [
    # the gender of the given name tells who "she" can be
    ("Rania Haddad, who leads the negotiating team, met Joost Visser, the Dutch envoy, on Monday.\n\n"
     "“There is no finished plan,” she said.", ("There is no ", "Rania Haddad", 0)),
    # "the governor's office" speaks for the governor
    ("Governor Jim Pillen signed the bill on Monday. "
     "“The governor remains deeply concerned about the cost,” the governor's office said.", ("The governor", "Jim Pillen", 0)),
    # "it" is the body named just before
    ("The Sheffield City Council approved the new fares on Tuesday. "
     "“The fares are fair and affordable,” it said in a statement.", ("The fares ar", "Sheffield City Council", 0)),
    # "the spokeswoman" is a woman introduced with that role
    ("Foreign Ministry spokeswoman Ana Ruiz said on Monday that Ambassador Ignacio Vega had been recalled. "
     "“We will use every legal avenue,” the spokeswoman said.", ("We will use ", "Ana Ruiz", 0)),
], ids=["given name", "office", "it", "gendered role"])
def test_who_speaks(text, expected):
    assert speakers(nlp.load(), text) == [expected]


def test_his_office_speaks_for_him():
    text = "Prime Minister Daniel Okafor left for Abuja on Monday. “The decision stands,” his office said in a statement."
    assert speakers(nlp.load(), text) == [("The decision", "Daniel Okafor", 0)]


def test_the_speaker_is_a_noun_phrase_not_a_clause():
    text = "“It is a real choice,” said Harjit Dhaliwal, who moved the motion at the council."
    assert [who for _, _, who, _, _, _ in found(nlp.load(), text)] == ["Harjit Dhaliwal"]


@pytest.mark.parametrize("text, expected", [
    ("Mayor Ana Ruiz called the timeline “reckless” on Monday.", [("reckless", "called", "Mayor Ana Ruiz")]),
    ("The spokeswoman described the recall as “disproportionate”.", [("disproportionate", "described", "The spokeswoman")]),
    ("Opposition leader Omar Said said the vote was 'rigged'.", [("rigged", "said", "Opposition leader Omar Said")]),
    ("Dispute centres on the so-called “gold corridor” of wetland.", []),
    ("Local media dubbed the firm the “K-memory underdog” last year.", []),
    ("Families still live near the “red zones” of the city.", []),
    ("Both candidates call themselves 'outsiders' in the race.", []),
])
def test_short_quoted_words_are_a_speakers_only_where_a_speech_verb_governs_them(model, text, expected):
    assert [(r[0], r[1], r[2]) for r in found(model, text)] == expected


def test_a_quotation_left_open_goes_on_in_the_next_paragraph(model):
    text = ("“We have sat at that table for five months,” union leader Musa Garba said. “Every time we come back, the offer is the same.\n\n"
            "“Our members are spending half their wages on transport.”")
    assert [(r[0][:14], r[2]) for r in found(model, text)] == [
        ("We have sat at", "union leader Musa Garba"), ("Every time we ", "union leader Musa Garba"), ("Our members ar", "union leader Musa Garba")]


def test_a_quotation_under_a_colon_is_the_introducers(model):
    text = "Elder Rosalind Wunungmurra, who campaigned for a No vote, said:\n\n“When they come back with a plan that has our voice in it, we will listen.”"
    assert [(r[1], r[3]) for r in found(model, text)] == [("said", "Rosalind Wunungmurra")]


@pytest.mark.parametrize("text, speaker, named", [
    ("Peru's sports minister, Rosa Elvira Huamán Castillo, called the letter 'blackmail' on Tuesday.",
     "Peru's sports minister, Rosa Elvira Huamán Castillo", "Rosa Elvira Huamán Castillo"),
    ("“Talks will resume,” said Pieter de Groot, the employers' spokesman.", "Pieter de Groot", "Pieter de Groot"),
])
def test_a_name_in_apposition_to_a_role_is_the_speakers(model, text, speaker, named):
    assert [(r[2], r[3]) for r in found(model, text)] == [(speaker, named)]


def test_a_surname_speaker_is_the_one_person_whose_name_holds_it(model):
    text = ("Jorge Luis Salazar Montenegro, the federation's president, met officials on Monday. "
            "Salazar called the decision “reckless” and left.")
    assert [(r[2], r[3]) for r in found(model, text)] == [("Salazar", "Jorge Luis Salazar Montenegro")]


def test_a_role_without_a_name_is_the_person_introduced_with_it(model):
    text = ("Labour Minister Hauwa Lawan met union leaders on Monday. Finance Minister Musa Bello was absent.\n\n"
            "The Minister of Labour called the offer “a fair wage” after the meeting.")
    assert speakers(model, text) == [("a fair wage", "Hauwa Lawan", 0)]


def test_an_unnamed_source_is_never_resolved_by_its_role(model):
    text = "Trade official Ana Ruiz spoke on Monday. “Talks are over,” a senior official said later."
    assert speakers(model, text) == [("Talks are ov", None, 1)]


def test_a_run_of_open_paragraphs_takes_the_attribution_at_its_end(model):
    text = ('"We have sat at that table for five months. Workers cannot eat committees.\n\n'
            '"Our members are spending half their salaries on transport.\n\n'
            '"So let nobody say he was not warned," union leader Festus Amadi said.')
    assert [r[2] for r in found(model, text)] == ["union leader Festus Amadi"] * 3


def test_a_paragraph_that_opens_with_a_quotation_goes_on_quoting_the_speaker_before(model):
    text = ('Professor Zeynep Kaya, head of the risk department, said the quake was "not unexpected" given the stress.\n\n'
            '"This fault has been loading for a long time. An earthquake of this size does not release all of that energy."')
    assert [(r[0][:12], r[3]) for r in found(model, text)] == [("not unexpect", "Zeynep Kaya"), ("This fault h", "Zeynep Kaya")]


def test_an_apostrophe_inside_single_quote_marks_does_not_end_the_quotation():
    text = "'If we are suspended, it will not be Fifa's fault,' he said. 'It won't be ours.'"
    assert [text[s:e] for s, e in quotes.quoted_spans(text)] == ["If we are suspended, it will not be Fifa's fault,", "It won't be ours."]
