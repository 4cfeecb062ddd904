"""Entities: the people, organizations, places and agreements a text mentions.

The small statistical model finds the spans; the general mechanisms below
correct its systematic mistakes, one article at a time:

- spans are trimmed of a leading "the", possessives and quote marks;
- a title in front ("Kazakh President", "US special envoy") becomes the
  mention's role, and makes the span a person;
- a surname alone is the full name the same article gives ("Trump" after
  "Donald Trump"), and a person even where the model said organization;
- names the model often mistypes (news agencies, government bodies) are
  typed from data/organizations.yml, and a name ending in "Accords",
  "Treaty" and the like is an agreement;
- in a headline set in Title Case only names known from the rest of the
  article (or the data files) are kept: capitals there say nothing.

Linking one article's entities to the rest of the corpus happens at load
time (scripts/resolve.py), since it needs every article.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from . import countries, dates, given_names, organizations, vocabulary
from .organizations import Known, known_names
from .spans import Spans

#: spaCy labels that name an entity, and the type each suggests (data/entities.yml).
LABEL_TYPES = vocabulary.spacy_labels()
TYPES = tuple(vocabulary.entity_types())

_QUOTES = "\"'“”‘’«»"
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
#: Names that are also everyday words or people, never matched without the model's span.
_ORDINARY = {"Time", "Guardian", "Bloomberg"}  # a magazine, a noun, a person too
_LEADING_THE = re.compile(r"^(?:the|The)\s+")


@dataclass(frozen=True)
class Knowledge:
    known: dict[str, Known]  # any alias -> the canonical entry
    known_pattern: re.Pattern[str]  # any alias, as a whole word, as written
    agreement_words: frozenset[str]
    agreement_pattern: re.Pattern[str]  # a capitalised name ending in Accords, Treaty, ...
    organization_suffix: re.Pattern[str]  # " administration" right after a name
    credit_suffix: re.Pattern[str]  # " Pool Photo" at the end of a name
    outlet_suffix: re.Pattern[str]  # " news agency" after an outlet's name
    title_prefix: re.Pattern[str]  # a role at the start of a span
    title_suffix: re.Pattern[str]  # a role just before a span


@cache
def knowledge() -> Knowledge:
    orgs = organizations.data()
    titles = vocabulary.read("titles.yml")
    known = known_names()
    # Found in text even where the model saw nothing: only names that are not
    # also ordinary words ("Time" is; "Time Magazine" and "AFP" are not).
    findable = [a for a in known if " " in a or a.isupper() or a not in _ORDINARY]
    g = countries.gazetteer()
    place_words = sorted((f for f, (_, via) in g.forms.items() if via != countries.CAPITAL), key=len, reverse=True)
    country = "|".join(re.escape(f) for f in place_words)
    title = "|".join(re.escape(t) for t in sorted(titles["titles"], key=len, reverse=True))
    modifier = "|".join(re.escape(m) for m in titles["modifiers"])
    # "[Kazakhstan’s |Kazakh |US ][interim ]President" — the country part as
    # written (case-sensitive), the title in any case.
    role = rf"(?:(?:{country})(?:['’]s)?\s+)?(?:(?i:{modifier})\s+)*(?i:{title})"
    aliases = "|".join(re.escape(a) for a in sorted(findable, key=len, reverse=True))
    suffixes = "|".join(re.escape(w) for w in orgs["organization_suffixes"])
    credits = "|".join(re.escape(w) for w in orgs["credit_suffixes"])
    return Knowledge(
        known=known,
        known_pattern=re.compile(rf"(?<![\w.])(?:{aliases})(?![\w])"),
        agreement_words=frozenset(orgs["agreement_words"]),
        agreement_pattern=_agreement_pattern(orgs["agreement_words"]),
        organization_suffix=re.compile(rf"^\s+(?:{suffixes})\b"),
        credit_suffix=re.compile(rf"(?:\s+(?:{credits}))+$"),
        outlet_suffix=re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in orgs["outlet_suffixes"]) + r")$"),
        # the name after the title opens with a capital or a particle ("Dr van Heerden")
        title_prefix=re.compile(rf"^(?P<role>{role})\s+(?=[A-Z]|(?:{'|'.join(sorted(vocabulary.name_particles().all))})\s+[A-Z])"),
        title_suffix=re.compile(rf"(?<![\w.])(?P<role>{role})\s+$"),
    )


def _agreement_pattern(words: list[str]) -> re.Pattern[str]:
    heads = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    name = r"[A-Z][\w.’'&]*(?:-[A-Z][\w.’']*)*"
    # "Abraham Accords", "EU-Ukraine Association Agreement", "Treaty of Rome", "Treaty on the Non-Proliferation of Nuclear Weapons"
    before = rf"(?:{name}\s+){{1,6}}(?:{heads})\b"
    after = rf"(?:{heads})\s+(?:of|on)\s+(?:the\s+)?{name}(?:\s+(?:{name}|of|the|and|on))*?(?:\s+{name})?"
    return re.compile(rf"(?<![\w-])(?:{before}|{after})")


def outlet_names() -> set[str]:
    """Every form in which the data files name a news outlet or agency."""
    return {alias for alias, known in knowledge().known.items() if known.outlet}


def clean(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a span to the name: no leading "the", possessive or quote marks."""
    while True:
        before = (start, end)
        piece = text[start:end]
        opening = piece.rfind("(")
        if opening > 0 and ")" not in piece[opening:]:
            piece, end = piece[:opening], start + opening  # "Independent High Authority for Elections (ISIE": the bracket is not the name's
        slash = piece.find("/")
        if slash > 0 and len(piece[:slash].split()) >= 2:
            piece, end = piece[:slash], start + slash  # "Orane Whyte/Gleaner Writer": a credit's outlet after the name
        stripped = piece.strip().strip(_QUOTES + " ,.;:()-")
        if piece.rstrip(_QUOTES).endswith(".") and re.search(r"\b[A-Z]\.$", piece.rstrip(_QUOTES)):
            stripped = piece.strip().strip(_QUOTES + " ,;:()-")  # keep the full stop of "D.C." or "U.S."
        if stripped:
            offset = piece.index(stripped)
            start, end = start + offset, start + offset + len(stripped)
        the = _LEADING_THE.match(text[start:end])
        if the and end - start > the.end():
            start += the.end()
        possessive = _POSSESSIVE.search(text[start:end])
        if possessive and end - start > len(possessive.group(0)):
            end -= len(possessive.group(0))
        if (start, end) == before:
            return start, end


def split_role(text: str, start: int, end: int, k: Knowledge | None = None) -> tuple[str | None, int]:
    """A title at the start of a span: (role, start of the name), else (None, start)."""
    k = k or knowledge()
    match = k.title_prefix.match(text[start:end])
    if match:
        return match.group("role"), start + match.end()
    # a person noun capitalised at a sentence's start, or a body's initials before a title: "Activist K. R. Meera", "BSP Governor X"
    words = list(re.finditer(r"\S+", text[start:end]))
    last_role = max((i for i, w in enumerate(words[:4]) if is_role(w.group(0).strip(",")) and w.group(0)[:1].isupper()), default=None)
    title = last_role is not None and words[last_role].group(0) in _title_words()  # "Attala County Sheriff", "Labour Adviser"
    if last_role is None or len(words) - last_role - 1 < 2 \
            or not all(is_role(w.group(0)) or w.group(0).isupper() or (title and w.group(0)[:1].isupper()) for w in words[:last_role]) \
            or not words[last_role + 1].group(0)[:1].isupper():  # "Minister of Finance" is no title before a name
        return None, start
    return text[start : start + words[last_role].end()], start + words[last_role + 1].start()


def role_before(text: str, start: int, sentence_start: int, k: Knowledge | None = None,
                complement: bool = False) -> tuple[str, int] | None:
    """A title written just before a name, within its sentence ("UN special envoy Maria Lindqvist"): (role, its start)."""
    k = k or knowledge()
    offset = max(sentence_start, start - 80)
    match = k.title_suffix.search(text[offset:start])
    if match:
        return match.group("role"), offset + match.start("role")
    if not complement:
        return None
    # a title and its complement, before a name the model calls a person: "Ambassador of Indonesia to Russia Bambang Suryadi Wirawan"
    match = _ROLE_OF.search(text, offset, start)
    if match and is_role(match.group("role")) and ", and " not in match.group(0):
        return " ".join(match.group(0).split()), match.start("role")
    return None


def is_headline_case(text: str) -> bool:
    """True for Title Case text, where capitals do not mark names."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.8


def surname(name: str) -> str:
    return name.split()[-1]


def classify(name: str, label: str, has_role: bool, k: Knowledge | None = None) -> tuple[str, str | None, bool]:
    """(type, canonical name from the data files or None, whether the type is fixed by data)."""
    k = k or knowledge()
    known = k.known.get(name)
    if known:
        return known.type, known.name, True
    words = name.split()
    if len(words) >= 2 and words[-1] in k.agreement_words and all(w[0].isupper() for w in words if len(w) > 3):
        return "agreement", None, True
    if has_role and label in ("PERSON", "ORG", "NORP", "GPE", "WORK_OF_ART", "PRODUCT"):
        return "person", None, False
    return LABEL_TYPES[label], None, False


def find(
    docs: dict[str, Doc],
    sentence_starts: dict[str, list[int]],
    country_spans: dict[str, list[tuple[int, int]]],
    texts: dict[str, str] | None = None,
) -> list[dict]:
    """Entity mentions of one article: field, start, end, text, name, type, label, role, sentence.

    `docs` maps a field (title, subtitle, caption, body) to its parsed text;
    country references found by scripts/countries.py are left to it.
    """
    k = knowledge()
    texts = texts or {name: doc.text for name, doc in docs.items()}
    raw: list[dict] = []
    for field_name, doc in docs.items():
        text = texts[field_name]
        taken = Spans(country_spans.get(field_name, []))
        for ent in _mend_names(doc):
            if ent.label_ not in LABEL_TYPES:
                continue
            mention = _mention(ent, text, taken, sentence_starts[field_name], k)
            if mention:
                raw.append({"field": field_name, **mention})
    for field_name in docs:
        text = texts[field_name]
        raw = _with_agreements(text, field_name, raw, sentence_starts[field_name], k)
        raw.extend(_known_missed(text, field_name, [m for m in raw if m["field"] == field_name], sentence_starts[field_name], k))
        raw = _named_by_initials(text, field_name, raw, sentence_starts[field_name], k)
        here, credited = _bylines(text, field_name, [m for m in raw if m["field"] == field_name], sentence_starts[field_name])
        here, titled = (here + credited, []) if field_name in ("title", "subtitle") and is_headline_case(text) \
            else _titled(text, field_name, here + credited, sentence_starts[field_name])  # capitals say nothing in a Title Case headline
        raw = [m for m in raw if m["field"] != field_name] + here + titled
        raw = _nicknamed(text, field_name, raw, sentence_starts[field_name], k)
    _drop_inside_roles(raw)
    _shared_surnames(raw, texts)
    _resolve_surnames(raw, texts)
    _unsupported_persons(raw)
    _bodies_named_in_full(raw)
    _expand_acronyms(raw, texts)
    _drop_headline_noise(raw, texts)
    for m in raw:
        del m["role_start"]
        m.pop("acts", None)
    order = list(docs)
    return sorted(raw, key=lambda m: (order.index(m["field"]), m["start"]))


def _with_agreements(text: str, field_name: str, mentions: list[dict], sentence_starts: list[int], k: Knowledge) -> list[dict]:
    """Named agreements found by their shape ("the EU-Ukraine Association Agreement", "the Treaty of Rome").

    The whole name replaces what the model made of its parts ("Jeddah" as a place).
    """
    found = []
    for match in k.agreement_pattern.finditer(text):
        start, end = clean(text, *match.span())
        if len(text[start:end].split()) < 2:
            continue
        found.append({"field": field_name, **_record(text, start, end, sentence_starts, kind="agreement")})
    names = Spans((a["start"], a["end"]) for a in found)
    kept = [m for m in mentions if m["field"] != field_name or not names.contain(m["start"], m["end"])]
    return kept + found


#: Lower-case words that may stand inside a name its initials skip ("Council for Scientific and Industrial Research").
_INITIALS_SKIP = frozenset({"of", "for", "and", "the", "on", "in", "to", "at", "de", "du", "des", "la", "le", "&"})


def _named_by_initials(text: str, field_name: str, mentions: list[dict], sentence_starts: list[int], k: Knowledge) -> list[dict]:
    """A name the text spells out before its initials in brackets, which the model missed or cut:
    "the Nigeria Labour Congress (NLC)", "Council for Scientific and Industrial Research (CSIR)".

    The words just before the bracket whose capitals give the initials, letter for letter, are
    the name; what the model made of parts of it gives way, unless the data files know it. The
    model's person stays a person ("John Fitzgerald Kennedy (JFK)"); anything else is typed as
    classify() and the data's head words say (a body, unless "… Airport (KLIA)").
    """
    found = []
    for bracket in re.finditer(r"\(([A-Z][A-Za-z&]{1,9})\)", text):
        letters = [c for c in bracket.group(1) if c.isupper()]
        if len(letters) < 2:
            continue
        words = list(re.finditer(r"[^\s(),;:]+", text[max(0, bracket.start() - 200) : bracket.start()]))
        offset = max(0, bracket.start() - 200)
        if not words or text[offset + words[-1].end() : bracket.start()].strip():
            continue  # a comma or a full stop before the bracket: no name ends there
        capitals, first = [], None
        for word in reversed(words):
            w = word.group(0)
            if w[:1].isupper() and not w.isupper() or (w.isupper() and len(w) == 1):
                capitals.insert(0, w[0])
            elif w not in _INITIALS_SKIP:
                break
            if capitals == letters and w[:1].isupper():
                first = word
                break
            if len(capitals) > len(letters):
                break
        if first is None:
            continue
        start, end = clean(text, offset + first.start(), offset + words[-1].end())
        if len(text[start:end].split()) < 2:
            continue
        inside = [m for m in mentions if m["field"] == field_name and m["start"] < end and start < m["end"]]
        if any(m["fixed"] or (m["start"] == start and m["end"] == end) or m["start"] < start or m["end"] > end for m in inside):
            continue  # a name the data know, the model's own span, or a span that reaches outside
        name = " ".join(text[start:end].split())
        kind, canonical, fixed = classify(name, "ORG", False, k)
        if any(m["type"] == "person" and m["label"] == "PERSON" for m in inside):
            kind = "person"
        elif not fixed and name.split()[-1] in _name_kinds()["place_heads"]:
            kind = "place"
        found.append({"field": field_name, **_record(text, start, end, sentence_starts, kind=kind, name=canonical, fixed=False,
                                                     label=None)})
    if not found:
        return mentions
    spans = Spans((m["start"], m["end"]) for m in found)
    return [m for m in mentions if m["field"] != field_name or not spans.contain(m["start"], m["end"])] + found


def _known_missed(text: str, field_name: str, found: list[dict], sentence_starts: list[int], k: Knowledge) -> list[dict]:
    """Outlets and bodies from the data files that the model did not tag ("told Axios")."""
    extra = []
    taken = Spans((m["start"], m["end"]) for m in found)
    for match in k.known_pattern.finditer(text):
        start, end = match.span()
        if taken.overlap(start, end):
            continue
        known = k.known[match.group(0)]
        extra.append({"field": field_name, **_record(text, start, end, sentence_starts, kind=known.type, name=known.name)})
    return extra


@cache
def _credit_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(a credit's cue, one name, what may stand between two names of one credit)."""
    particles = vocabulary.name_particles()
    cues = "|".join(re.escape(c) for c in sorted(particles.byline_cues, key=len, reverse=True))
    glue = "|".join(sorted(particles.all))
    word = rf"(?:(?:{glue})-)?[A-ZÀ-Þ][\w’'.-]*"  # "al-Hashimi" too
    name = rf"{word}(?:[ \t]+(?:(?:{glue})[ \t]+)*{word}){{1,4}}"
    # at a line's start (after a dash or bullet), or after "(", ";" or a dash: "(Reporting by …; Editing by …)", "ST PHOTO: …"
    cue = re.compile(rf"(?mi)(?:^[ \t]*[-–—•*]{{0,2}}|[(;|/][ \t]*|[ \t][-–—][ \t]|(?<=\.)[ \t])[ \t]*(?-i:[A-Z]{{2,6}}[ \t]+)?(?:{cues})[ \t]*[:,|/]?[ \t]+(?=(?-i:{word}))")
    return cue, re.compile(name), re.compile(r"[ \t]*(?:,|&|\band\b)[ \t]*")


def _credited_person(text: str, item: re.Match[str]) -> bool:
    """Whether a name-shaped item of a credit is a person's: no job in it, no body's head word at its end
    ("Nation Media Group"). A surname in capitals ("Jean DUPONT") is still a name. (A job after the name,
    "BBC Wales health correspondent", was tried as a sign too: it lost a person on the blind set.)"""
    words = item.group(0).split()
    return not any(is_role(w) for w in words) and words[-1] not in _name_kinds()["organization_heads"]


def credited_names(text: str) -> list[tuple[int, int]]:
    """Where the names of bylines and credits stand: "By Ana Ruiz and Tom Blake",
    "Image: Ruben van der Linden/ANP", "Reporting by Thilini Jayawardena in Colombo;
    Editing by Mark Hale", and an author line "Mehmet Ali Yıldırım | 17.01.2026".

    A credit lists names joined by commas or "and"; a place, an agency or a
    job after them ends it ("in Colombo", "/ANP", ", Nairobi", ", Senior Correspondent").
    """
    cue, name, joint = _credit_patterns()
    found = []
    for match in cue.finditer(text):
        at = match.end()
        while True:
            item = name.match(text, at)
            if item is None or not _credited_person(text, item):
                # an agency between the names: "Photo: AFP / Moussa Sagna", "Photosport / Hamish Tane"
                agency = _AGENCY.match(text, at)
                if agency is None:
                    break
                at = agency.end()
                continue
            item_end = item.end()
            capitals = re.match(r"(?:[A-Z][A-Z’'.-]+[ \t]+)*[A-Z][A-Z’'.-]+(?![\w’'.-])", text[item.start() : item_end])
            if capitals and len(capitals.group(0).split()) >= 2:
                item_end = item.start() + capitals.end()  # "By MARCUS ELLINGTON Associated Press": the name in capitals
            found.append((item.start(), item_end))
            following = joint.match(text, item_end) or _SLASH.match(text, item_end)
            if following is None:
                break
            at = following.end()
    # a photographer and agency in brackets at a caption's end: "(Carel Pretorius/News24)"
    for credit in re.finditer(r"\((" + name.pattern + r")[ \t]*/[ \t]*[\w .&-]+\)", text):
        found.append(credit.span(1))
    # a photographer after an outlet and a colon, in brackets at a caption's end: "(ABC Rural: Lachlan Bradshaw-Greene)"
    for credit in re.finditer(r"\((?:[A-Z][\w&.-]*[ \t]+){0,3}[A-Z][\w&.-]*:[ \t]*(" + name.pattern + r")\)[ \t]*$", text, re.M):
        if not any(is_role(w) for w in credit.group(1).split()):
            found.append(credit.span(1))
    taken = Spans(found)

    def a_name(span: tuple[int, int]) -> bool:
        """Not a credit found already, no job, no heading's word, no line in capitals ("TERRITORY SAYS NO")."""
        words = text[slice(*span)].split()
        return not taken.overlap(*span) and not any(is_role(w) or w.casefold() in _COMMON_HEADING_WORDS or w.isupper() for w in words)

    # an author line: "Mehmet Ali Yıldırım | 17.01.2026", "Priya Sandhu · CBC News", "Mihir Tanksale / TNN / Aug 20",
    # "Ong Jia Hui, Transport Correspondent"
    for line in re.finditer(r"(?m)^[ \t]*(" + name.pattern + r")(?:[ \t]*[|·•]|[ \t]+/[ \t]+[A-Z]|,[ \t]+(?P<job>[\w ]+?)[ \t]*$)", text):
        if a_name(line.span(1)) and (line.group("job") is None or is_role(line.group("job").split()[-1])):
            found.append(line.span(1))
    # a line that is a name and nothing else, above the story: the author's
    for line in re.finditer(r"(?m)^[ \t]*(" + name.pattern + r")[ \t]*$", text[: _top(text)]):
        if a_name(line.span(1)):
            found.append(line.span(1))
    return found


#: An agency's one word and the slash after it, inside a credit; a slash between two names.
_AGENCY = re.compile(r"[A-Z][\w&.-]*[ \t]*/[ \t]*")
_SLASH = re.compile(r"[ \t]*/[ \t]*")

#: Paragraphs above the story where a bare author line stands.
TOP_PARAGRAPHS = 4
_COMMON_HEADING_WORDS = {"the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "by", "new", "news", "latest", "live", "updates"}


def _top(text: str) -> int:
    """Where the first paragraphs of a text end: the header block of a scraped article."""
    at = 0
    for _ in range(TOP_PARAGRAPHS):
        next_break = text.find("\n\n", at)
        if next_break < 0:
            return len(text)
        at = next_break + 2
    return at


def _bylines(text: str, field_name: str, found: list[dict], sentence_starts: list[int]) -> tuple[list[dict], list[dict]]:
    """People named in bylines and credits, which the model rarely tags whole.

    A credit says who the name is, so its span replaces whatever the model
    made of the same words ("Linden/ANP" as an organization, "Nur Aisyah" and
    "Rahman" as two people). Returns (the mentions kept, the credited people).
    """
    known = Spans((m["start"], m["end"]) for m in found if m["fixed"] and m["type"] != "person")
    credits = [clean(text, start, end) for start, end in credited_names(text) if not known.overlap(start, end)]  # "By Reuters Staff"
    if not credits:
        return found, []
    spans = Spans(credits)
    kept = [m for m in found if not spans.overlap(m["start"], m["end"])]
    extra = [{"field": field_name, **_record(text, start, end, sentence_starts, kind="person", fixed=False)} for start, end in credits]
    return kept, extra


@cache
def _titled_pattern() -> re.Pattern[str]:
    titles = vocabulary.read("titles.yml")["titles"]
    title = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    _, name, _ = _credit_patterns()
    return re.compile(rf"(?<![\w.])(?P<title>{title})[ \t]+(?P<name>{name.pattern})")


@cache
def _noun_titled_pattern() -> re.Pattern[str]:
    """A person noun in lower case before a name, or set off from it by a comma: "lawyer Ana Ruiz",
    "Department spokesperson Themba Ndlovu", "the ambassador, María Fernanda Ospina Vélez"."""
    _, name, _ = _credit_patterns()
    return re.compile(rf"(?:(?<![\w.-])(?P<title>[a-z][a-z-]+),?|(?:^|(?<=[.!?][ \t])|(?<=\n))(?P<title_>[A-Z][a-z-]+))[ \t]+(?P<name>{name.pattern})",
                      re.M)  # "its convener, Ouseppachan Mathew"; "Lawmaker Doreen Kwok Siu-fan said" at a sentence's start


@cache
def _aged_pattern() -> re.Pattern[str]:
    """A name with an age after it: "Maureen Hay, 58, who …", "Rohit Jadhav (29)", "Ade Clarke, then 16 and …"."""
    _, name, _ = _credit_patterns()
    return re.compile(rf"(?<![\w.-])(?P<name>{name.pattern})(?:,[ \t]+(?:(?:then|now|aged)[ \t]+)?\d{{1,3}}(?:,|[ \t]+and\b)|[ \t]+\(\d{{1,3}}\))")


@cache
def _apposed_pattern() -> re.Pattern[str]:
    """A name set off by commas after a noun phrase: "The secretary general of COAG, María Teresa Villalobos Ruiz, said"."""
    _, name, _ = _credit_patterns()
    return re.compile(rf"(?<=[\w)]),[ \t]+(?P<name>{name.pattern}),[ \t]+(?=[a-z])")


def _title(match: re.Match[str]) -> tuple[str | None, int | None]:
    """The title a name was found after, and where it starts; (None, None) for a name found by its age or commas."""
    for group in ("title", "title_"):
        if match.re.groupindex.get(group) and match.group(group) is not None:
            return match.group(group), match.start(group)
    return None, None


def _titled(text: str, field_name: str, found: list[dict], sentence_starts: list[int]) -> tuple[list[dict], list[dict]]:
    """Names the model missed or cut where the text says they are people's: after a title as it is
    capitalised in data/titles.yml ("Datuk Azman bin Hashim", "Ms Nurul Huda binte Rahmat"), after a
    person noun ("lawyer Ana Ruiz", "the ambassador, María Vélez"), with an age after them
    ("Maureen Hay, 58,"), or set off by commas and opening with a given name ("…, María Teresa
    Villalobos Ruiz, said"). Returns (the mentions kept, the persons added).

    A name the model already holds as a person stays the model's; so does a name inside a
    body's name that starts with the title ("General Motors Co"). One person per span, however
    many of these say so.
    """
    added: list[dict] = []
    matches = [*_titled_pattern().finditer(text), *(m for m in _noun_titled_pattern().finditer(text) if is_role(_title(m)[0])),
               *_aged_pattern().finditer(text),
               *(m for m in _apposed_pattern().finditer(text) if given_names.opens_with_given_name(m.group("name"))
                 and (any(is_role(w.strip(",.")) for w in text[m.end() : m.end() + 40].split()[:3])  # "…, national chairperson"
                      or not any(f["label"] not in (None, "PERSON") and f["start"] < m.end("name") and m.start("name") < f["end"]
                                 for f in found)))]
    # (set off by commas, only where the model saw no other kind of name: "Its owner, Meta Platforms, said")
    for match in matches:
        start, end = match.span("name")
        words = re.findall(r"\S+", text[start:end])
        offsets = [start + m.start() for m in re.finditer(r"\S+", text[start:end])]
        first = 0
        while first < len(words) and is_role(words[first]):  # "Chief Minister Ana Ruiz": the name is after the whole title
            first += 1
        last = first
        while last < len(words) and words[last].casefold().strip(".,") not in dates.DAY_AND_MONTH_NAMES:
            last += 1
            if words[last - 1].endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", words[last - 1]) \
                    and words[last - 1] not in given_names.abbreviations():
                break  # a full stop ends the sentence, unless it marks initials ("K.R.") or a short given name ("Ma.")
        if last - first < 2:
            continue
        start, end = clean(text, offsets[first], offsets[last - 1] + len(words[last - 1].rstrip(".")))  # "Berg’s": Berg
        start = split_role(text, start, end)[1]  # "Deputy [Interior Minister] Selim Kaan Özdemir"
        if first:  # a title of two words whose second the loop took for the name's: "Datuk Seri Ahmad Fadzil Hashim"
            start = max(start, split_role(text, offsets[first - 1], end)[1])
        end = _without_post_nominals(text, start, end)
        if len(text[start:end].split()) < 2 or text[start:end].split()[-1] in _name_kinds()["organization_heads"] \
                or is_role(text[start:end].split()[-1]):
            continue  # "King George's Medical University" is no person, nor "Chief [Football Reporter]"
        capitalised_title = match.re is _titled_pattern()
        for m in found:
            if m["start"] <= start and end <= m["end"] and m["type"] == "person":
                m["acts"] = True  # the model's person, and the text says so: a title, a person noun or an age
        if any(m["start"] <= start and end <= m["end"] and (m["type"] == "person" or m["fixed"]) for m in found) \
                or (capitalised_title and any(m["type"] != "person" and m["start"] < start < m["end"] for m in found)):
            continue  # the model's person already; or a body's name that opens with a title word ("General Motors Co")
        if any(a["start"] < end and start < a["end"] for a in added):
            continue  # "Ms Nurul Huda binte Rahmat, 41,": the title and the age name the same person
        title, title_start = _title(match)
        titled = title is not None
        added.append({"field": field_name, **_record(text, start, end, sentence_starts, kind="person", fixed=False,
                                                     role=title, role_start=title_start)})
    if not added:
        return found, []
    spans = Spans((m["start"], m["end"]) for m in added)
    return [m for m in found if m["fixed"] or not spans.overlap(m["start"], m["end"])], added


@cache
def _nickname_pattern() -> re.Pattern[str]:
    """A name with a nickname in quote marks inside it: 'Duncan "Tembo" Mwangi', 'Ma. Cristina "Tintin" Lozada'."""
    particles = "|".join(sorted(vocabulary.name_particles().all))
    word = rf"(?:(?:{particles})-)?[A-ZÀ-Þ][\w’'.-]*"
    return re.compile(rf"(?<![\w.-])(?P<given>{word}(?:[ \t]+{word}){{0,2}})[ \t]+[\"“‘'](?P<nick>[A-Z][^\"”’'\n]{{0,24}})[\"”’']"
                      rf"[ \t]+(?P<family>(?:(?:{particles})[ \t]+)*{word}(?:[ \t]+(?:(?:{particles})[ \t]+)*{word}){{0,2}})")


def _nicknamed(text: str, field_name: str, mentions: list[dict], sentence_starts: list[int], k: Knowledge) -> list[dict]:
    """A person's name with a nickname in quote marks inside it is one person, named without the nickname:
    'Captain Duncan "Tembo" Mwangi' is Duncan Mwangi. The model must see a person in it, or a title before it."""
    here = [m for m in mentions if m["field"] == field_name]
    added = []
    for match in _nickname_pattern().finditer(text):
        start, end = match.span()
        role, name_start = split_role(text, start, match.end("given"), k)
        if role is None:  # "BSP Governor Emmanuel": the title and what stands before it
            words = list(re.finditer(r"\S+", text[start : match.end("given")]))
            last_role = max((i for i, w in enumerate(words) if is_role(w.group(0))), default=None)
            if last_role is not None and last_role + 1 < len(words):
                role, name_start = text[start : start + words[last_role].end()], start + words[last_role + 1].start()
        given = text[name_start : match.end("given")].split()
        inside = [m for m in here if m["start"] < end and start < m["end"]]
        if not given or any(m["fixed"] and m["type"] != "person" for m in inside) \
                or not (role or any(m["label"] == "PERSON" or m["type"] == "person" for m in inside)):
            continue
        name = " ".join(given + match.group("family").split())
        end = _without_post_nominals(text, name_start, end)
        added.append({"field": field_name, **_record(text, name_start, end, sentence_starts, kind="person", name=name, fixed=False,
                                                     role=role, role_start=start if role else None)})
    if not added:
        return mentions
    spans = Spans((m["start"], m["end"]) for m in added)
    return [m for m in mentions if m["field"] != field_name or not spans.overlap(m["start"], m["end"])] + added


@cache
def _post_nominal() -> re.Pattern[str]:
    letters = "|".join(re.escape(w) for w in vocabulary.read("names.yml")["post_nominals"])
    return re.compile(rf"(?:,?\s+(?:{letters}))+$")


def _without_post_nominals(text: str, start: int, end: int) -> int:
    """Where a name ends before the letters after it: "Brendan Foley SC" → "Brendan Foley"."""
    found = _post_nominal().search(text[start:end])
    return start + found.start() if found and found.start() > 0 else end


def _drop_inside_roles(mentions: list[dict]) -> None:
    """Drop spans that are part of a person's title ("State" in "Secretary of State Lena Park")."""
    roles: dict[str, set[tuple[int, int]]] = {}
    for m in mentions:
        if m["role_start"] is not None:
            roles.setdefault(m["field"], set()).add((m["role_start"], m["start"]))
    inside = {field_name: Spans(spans) for field_name, spans in roles.items()}
    mentions[:] = [m for m in mentions if m["field"] not in inside or not inside[m["field"]].contain(m["start"], m["end"])]




#: Words the model leaves out of a name at most, when mending it.
_MEND_WORDS = 2


def _mend_names(doc: Doc) -> list[Span]:
    """The model's entities, with the person names it cut short made whole.

    A name split at a particle ("Ursula von der" + "Leyen"); a capitalised
    word left out between or after its parts ("Marcelo" + Choque +
    "Villarroel"); a hyphenated given name cut at the hyphen ("Choi Min" +
    "-jae"); given names the model gave another label ("Martín Ezequiel" +
    "Sosa Barreiro").
    """
    ents = list(doc.ents)
    taken = {i for e in ents for i in range(e.start, e.end)}
    particles = vocabulary.name_particles().all
    title_before = knowledge().title_suffix
    mended: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        if ent.label_ != "PERSON":
            mended.append(ent)
            i += 1
            continue
        # given names between a title and the name: "Chief Emeka" + "Nnamdi Uzoigwe", "Minister Mehmet" + "Emin Karaağaç"
        start = back = ent.start
        while back > 0 and ent.start - back < _MEND_WORDS and (back - 1) not in taken and _name_word(doc[back - 1]) \
                and doc[back - 1].whitespace_:
            back -= 1
            before_text = doc[max(0, back - 8) : back].text_with_ws
            role_of = _ROLE_OF.search(before_text)
            if title_before.search(before_text) or (role_of is not None and is_role(role_of.group("role"))):
                start = back
                break
        # a given name the model left out at a sentence's start ("Renata" + "Salcido Ortega"), or an abbreviated one
        # ("Ma. Teresa" + "Aquino-Cruz"); elsewhere in a sentence, measured, the model's span was mostly right
        while start > 0 and ent.start - start < _MEND_WORDS and (start - 1) not in taken and doc[start - 1].whitespace_ \
                and ((given_names.is_given_name(doc[start - 1].text) and doc[start - 1].is_sent_start)
                     or doc[start - 1].text in given_names.abbreviations()
                     or (start > 1 and doc[start - 1].text == "." and doc[start - 2].text + "." in given_names.abbreviations())):
            start -= 2 if doc[start - 1].text == "." else 1
        # given names the model took for a body's name just before: "Martín Ezequiel" (ORG) + "Sosa Barreiro"
        before = mended[-1] if mended else None
        if before is not None and before.end == start and before.label_ != "PERSON" and doc[before.end - 1].whitespace_ \
                and all(given_names.is_given_name(t.text) for t in before):
            start = mended.pop().start
        end, added = ent.end, 0
        while end < len(doc) and doc[end - 1].lower_ not in ("'s", "’s", "'", "’"):  # a possessor's name ends there
            token = doc[end]
            following = ents[i + 1] if i + 1 < len(ents) else None
            if token.text in "-‐" and not doc[end - 1].whitespace_ and not token.whitespace_ and end + 1 < len(doc) and doc[end + 1].is_alpha:
                end += 2  # "Min" "-" "jae"
            elif token.lower_ in particles and token.whitespace_ and end + 1 < len(doc) and doc[end + 1].text[:1].isupper() \
                    and doc[end + 1].is_alpha and (end + 1 not in taken or (following is not None and following.start == end + 1
                                                                             and following.label_ == "PERSON")):
                end += 1  # "Aisha" "bint" + "Saeed al-Mansoori", "Azman" "bin" "Hashim"
            elif following is not None and following.start == end and (following.label_ == "PERSON" or doc[end - 1].lower_ in particles) \
                    and (following[0].text[:1].isupper() or following[0].lower_ in particles):
                end = following.end
                i += 1
            elif added < _MEND_WORDS and end not in taken and _name_word(token) and doc[end - 1].whitespace_:
                end += 1
                added += 1
            else:
                break
        mended.append(Span(doc, start, end, label="PERSON") if end > ent.end or start < ent.start else ent)
        i += 1
    return mended


#: A title and the complement it opens, just before a span: "Ambassador to ", "Minister of Foreign Affairs of ".
_ROLE_OF = re.compile(r"(?<![\w.])(?P<role>[A-Za-z][\w-]*)[ \t]+(?:of|to|for)[ \t]+(?:(?:the|of|to|for|and|[A-Z][\w’'-]*),?[ \t]+)*$")


def _name_after_a_role_of(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """A span the model ran on from a title's complement into the name after it:
    "Ambassador to [Vietnam Liu Haiyan]", "Minister of State for [Transport Tan Wei Ling]".

    The name starts after the complement's last word, a country's name or a
    portfolio of data/titles.yml, with two words at least left and no body's head
    word at its end; returns (the role, where it starts, where the name starts), else None.
    """
    before = _ROLE_OF.search(text, max(0, start - 60), start)
    if before is None or not is_role(before.group("role")) or ", and " in before.group(0):
        return None  # "…, Minister of State for Energy Affairs, and [Faisal bin Abdullah]": a list of people, not a complement
    words = list(re.finditer(r"\S+", text[start:end]))
    if not words or words[-1].group(0) in _name_kinds()["organization_heads"]:
        return None

    def ends_complement(word: str) -> bool:
        return word in _portfolios() or (countries.lookup(word) or ("", ""))[1] in (countries.NAME, countries.SHORT_NAME)

    for i in range(1, len(words) - 1):
        word = words[i].group(0)
        if word[:1].isupper() and ends_complement(words[i - 1].group(0).rstrip(",")) and not ends_complement(word):
            role_start = before.start("role")
            return " ".join(text[role_start : start + words[i].start()].split()), role_start, start + words[i].start()
    return None


@cache
def _portfolios() -> frozenset[str]:
    return frozenset(vocabulary.read("titles.yml")["portfolios"])


def _name_word(token) -> bool:
    """A word that can continue a person's name: capitalised, a proper noun, not the start of a sentence."""
    return token.pos_ == "PROPN" and bool(re.fullmatch(r"[^\W\d_][\w’'-]*", token.text)) and token.text[:1].isupper() \
        and not token.is_sent_start and not token.ent_type_


def _mention(ent: Span, text: str, taken: Spans, sentence_starts: list[int], k: Knowledge) -> dict | None:
    start, end = clean(text, ent.start_char, ent.end_char)
    if start >= end or not any(ch.isupper() for ch in text[start:end]):
        return None
    role, name_start = split_role(text, start, end, k)
    role_start = start
    rest = text[name_start:end].split()
    if role and ent.label_ != "PERSON" and (len(rest) < 2 or rest[-1] in _name_kinds()["organization_heads"]):
        role = None  # a body's name that opens with a title word ("General Motors", "King George's Medical University")
    if role and name_start < end:
        start = name_start
    end = _without_post_nominals(text, start, end)
    credit = k.credit_suffix.search(text[start:end])
    if credit and credit.start() > 0:
        end = start + credit.start()
    outlet = k.outlet_suffix.search(text[start:end])
    if outlet and text[start : start + outlet.start()] in k.known:
        end = start + outlet.start()
    if role is None and ent.label_ in ("PERSON", "ORG", "GPE"):
        after_role = _name_after_a_role_of(text, start, end)
        if after_role is not None:
            role, role_start, start = after_role
    suffix = k.organization_suffix.match(text[end:])
    if suffix and ent.label_ in ("PERSON", "ORG"):
        end += suffix.end()
        return _record(text, start, end, sentence_starts, kind="organization", label=ent.label_)
    name = " ".join(text[start:end].split())
    known_country = countries.lookup(name)
    if taken.contain(start, end) or (known_country and known_country[1] != countries.CAPITAL):
        return None  # a country or its people: scripts/countries.py has it
    if role is None:
        sentence = _sentence_of(start, sentence_starts)
        found = role_before(text, start, sentence_starts[sentence] if sentence_starts else 0, k,
                            complement=ent.label_ == "PERSON" and len(text[start:end].split()) >= 2)  # not "officer for [Yorkshire]"
        if found:
            role, role_start = found
    if role is not None and ent.label_ != "PERSON" and {name.split()[0], name.split()[-1]} & _name_kinds()["organization_heads"]:
        role = None  # "the Bankers [Association of the Philippines]": a body's name after a person noun
    kind, canonical, fixed = classify(name, ent.label_, role is not None, k)
    if known_country and kind != "agreement":  # a capital it did not take as a government is a place
        kind, fixed = "place", True
    if kind == "person" and not fixed and role is None:
        kind = _person_or_not(ent, name)
        if kind is None:
            return None
    elif kind in ("organization", "other") and not fixed and ent.label_ in ("ORG", "PRODUCT", "WORK_OF_ART") \
            and not set(name.split()) & _name_kinds()["organization_heads"] and _introduced_as_person(ent):  # not "BBC News NI reporter"
        # (a place's name in apposition with a person noun, "Joost's mother, Wilhelmina", was tried: it lost a blind person)
        kind = "person"
    is_person = kind == "person" and role is not None
    record = _record(text, start, end, sentence_starts, kind=kind, name=canonical or name, label=ent.label_, fixed=fixed,
                     role=role if is_person else None, role_start=role_start if is_person else None)
    record["acts"] = _acts_as_person(ent)
    return record


#: Prepositions after which a name is where something is, not who.
_WHERE = {"in", "at", "near", "outside", "inside", "across", "around", "from", "into", "towards", "toward", "via"}


def _person_or_not(ent: Span, name: str) -> str | None:
    """What a name the model calls a person is, when the sentence says otherwise.

    No person's name has a digit ("Magnitude 5.9") or opens with a lower-case
    word that is no particle (a cut "s Tamil"): those are no entity. A name
    after "in" or "at" is a place ("talks in La Paz"). A name that modifies a
    common noun is what that noun belongs to: a body before a role ("HHLA
    spokeswoman", "Zhongxin president"), else a place ("Rotterdam dockworkers").
    """
    first = name.split()[0]
    if name.casefold() in _role_words():
        return None  # a title alone ("Coun")
    if any(ch.isdigit() for ch in name) or (first[:1].islower() and first not in vocabulary.name_particles().all):
        return None
    kinds = _name_kinds()
    if name.split()[-1] in kinds["place_heads"]:
        return "place"
    if name.split()[-1] in kinds["organization_heads"] or any(len(w) > 1 and w.isupper() and w.isalpha() for w in name.split()) \
            or re.fullmatch(r"[A-Z][a-z]+[A-Z][A-Za-z]*", name):
        return "organization"  # "Nation Media Group"; an acronym in it: "BBC Wales"; capitals inside a word: "DepEd", "PhilHealth"
    if _a_label_in_quotes(ent):
        return None
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.lower_ in kinds["body_nouns"] and before.head.i >= ent.start:
        return "organization"
    root = ent.root
    # a name listed before a common noun is what the noun says: "the Pütürge, Yeşilyurt and Battalgazi districts"
    # (a name listed with a place the model tagged may still be a person: measured, that rule lost more than it won)
    first = root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first is not root and first.dep_ in ("compound", "nmod"):
        root = first
    if root.dep_ == "pobj" and (root.head.lower_ in _WHERE or (root.head.lower_ == "of" and root.head.head.lower_ in kinds["place_nouns"])):
        return "place"  # "talks in La Paz", "the border town of Ben Gardane"
    if root.dep_ in ("compound", "nmod") and root.head.pos_ == "NOUN" and root.head.text[:1].islower() and root.head.i >= ent.end:
        return "organization" if is_role(root.head.text) else "place"
    return "person"


def body_nouns() -> frozenset[str]:
    """Common nouns for a body ("the agency", "the club"): data/entities.yml."""
    return _name_kinds()["body_nouns"]


@cache
def _name_kinds() -> dict[str, frozenset[str]]:
    """data/entities.yml's place heads and nouns, body nouns and heads."""
    data = vocabulary.read("entities.yml")
    return {key: frozenset(data[key]) for key in ("place_heads", "place_nouns", "body_nouns", "organization_heads")}


#: At most this many words in quote marks make a label, not a quotation.
LABEL_WORDS = 6


def _a_label_in_quotes(ent: Span) -> bool:
    """A name in quote marks with a few words at most: a title, a programme, a nickname
    ("the clean-up programme "Lago Limpio"", "the "Two Countries, Twin Parks" model")."""
    sentence = ent.sent  # labels stand within a sentence; the Doc's whole text would be rebuilt on every call
    text, start, end = sentence.text, ent.start_char - sentence.start_char, ent.end_char - sentence.start_char
    line_start = text.rfind("\n", 0, start) + 1
    opening = max(text.rfind(q, line_start, start) for q in "\"“‘«")
    if opening < 0 or any(q in text[opening + 1 : start] for q in "\"”»"):
        return False
    closing = min((i for i in (text.find(q, end) for q in "\"”’»") if i >= 0), default=-1)
    return closing >= 0 and "\n" not in text[end:closing] and len(text[opening + 1 : closing].split()) <= LABEL_WORDS


@cache
def _title_words() -> frozenset[str]:
    """The one-word titles of data/titles.yml as they are capitalised ("Sheriff", "Undersecretary")."""
    return frozenset(t for t in vocabulary.read("titles.yml")["titles"] if " " not in t)


@cache
def _role_words() -> frozenset[str]:
    titles = vocabulary.read("titles.yml")
    return frozenset(t.casefold() for t in titles["titles"] + titles["person_nouns"])


def is_role(word: str) -> bool:
    """A noun for what a person is or does ("spokeswoman", "ambassador", "elder"): a title or person noun of data/titles.yml."""
    word = word.casefold()
    return word in _role_words() or word.endswith(("spokesman", "spokeswoman", "woman", "person")) or (word.endswith("s") and word[:-1] in _role_words())


@cache
def _human_verbs() -> frozenset[str]:
    return frozenset(vocabulary.read("speech.yml")["speech_verbs"])


def _acts_as_person(ent: Span) -> bool:
    """Whether the sentence treats a name as someone: the subject of a verb of saying, a courtesy
    title or an age beside it, or a person noun in apposition ("Hugo Tapia, a former ambassador")."""
    root = ent.root
    if root.dep_ == "appos" and (is_role(root.head.text) or root.head.ent_type_ == "PERSON"):
        return True  # "Niger's Commerce Minister, Seyni Abdou Harouna,"
    subject = root.head if root.dep_ == "appos" else root  # "the NLC President, Comrade Adeyemi-Ogunleye, said"
    if subject.dep_ in ("nsubj", "nsubjpass") and subject.head.lemma_.lower() in _human_verbs():
        return True
    # a title a few words before, set off by a comma: "ECOWAS Commissioner for Trade, Customs and Free Movement, Kwame Asante-Mensah"
    before = ent.doc[max(ent.sent.start, ent.start - APPOSED_ROLE_WORDS) : ent.start]
    if len(before) and before[-1].text == "," and any(is_role(t.text) for t in before[:-1]):
        return True
    return _introduced_as_person(ent)


#: How many words before a name a title set off by a comma may stand.
APPOSED_ROLE_WORDS = 9


def _introduced_as_person(ent: Span) -> bool:
    """Whether the sentence says a name is a person: an apposition with a person noun ("Hugo Tapia, a former
    ambassador"; "the trade secretary, Martín Sáenz") or an age after it ("Maureen Hay, 58, who …")."""
    root = ent.root
    if any(c.dep_ == "appos" and c.pos_ == "NOUN" and is_role(c.text) for c in root.children):
        return True
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and is_role(root.head.text):
        return True
    doc = ent.doc
    # an age after it: "Maureen Hay, 58, who …", "Rohit Jadhav (29)"
    return ent.end + 2 < len(doc) and doc[ent.end].text in (",", "(") and doc[ent.end + 1].like_num \
        and doc[ent.end + 2].text in (",", ")")


def _sentence_of(start: int, sentence_starts: list[int]) -> int:
    return max(0, bisect.bisect_right(sentence_starts, start) - 1)


def _record(text: str, start: int, end: int, sentence_starts: list[int], *, kind: str, name: str | None = None,
            label: str | None = None, fixed: bool = True, role: str | None = None, role_start: int | None = None) -> dict:
    """One mention as extraction stores it (the caller adds its field)."""
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "name": name or " ".join(text[start:end].split()),
        "type": kind,
        "label": label,
        "role": role,
        "role_start": role_start,
        "fixed": fixed,
        "sentence": _sentence_of(start, sentence_starts),
    }


_FIELD_ORDER = {"title": 0, "subtitle": 1, "caption": 2, "body": 3}


def contains_words(full: str, part: str) -> bool:
    """Whether the words of `part` stand in `full`, in a row, case aside ("De Groot" in "Pieter-Jan de Groot")."""
    whole, piece = full.casefold().split(), part.casefold().split()
    return any(whole[i : i + len(piece)] == piece for i in range(len(whole) - len(piece) + 1))


def _resolve_surnames(mentions: list[dict], texts: dict[str, str] | None = None) -> None:
    """Within one article: a lone surname, or any part of a longer name, is the full name given in it, and a person.

    When several people in the article share the surname, the lone name is
    the one the he or she after it agrees with ("Smith said …. "…," she
    added"); else the one it already stood for with the same title (a
    namesake named since is called by full name or another title: "Mokoena
    … her grandmother, Thandiwe Mokoena … Mokoena told", "Ms Byrne … her
    mother, Gráinne Byrne … Mrs Byrne said"); else the one last named before it ("Park Ji-hoon … Park
    told"); with none before it, it stays as written. "Lee" also resolves to "Lee Jae-myung",
    where the family name comes first. A plural ("the two Mendozas") names
    several people and is no mention of one.
    """

    def place(m: dict) -> tuple[int, int]:
        return (_FIELD_ORDER.get(m["field"], 9), m["start"])

    _short_given_names(mentions)
    people = [m for m in mentions if m["type"] == "person" and len(m["name"].split()) >= 2]
    by_last: dict[str, set[str]] = {}
    by_first: dict[str, set[str]] = {}
    by_word: dict[str, set[str]] = {}  # indexes by name, so a long text costs a look-up per mention, not a scan
    places: dict[str, list[tuple[int, int]]] = {}
    for m in people:
        by_last.setdefault(surname(m["name"]), set()).add(m["name"])
        by_first.setdefault(m["name"].split()[0], set()).add(m["name"])
        written = m["text"].split()
        if len(written) >= 2 and written[1:] == m["name"].split()[1:]:
            by_first.setdefault(written[0], set()).add(m["name"])  # "Lo" of "Lo Simmons", the short form of "Loretta Simmons"
        for word in m["name"].casefold().split():
            by_word.setdefault(word, set()).add(m["name"])
        places.setdefault(m["name"], []).append(place(m))
    for found in places.values():
        found.sort()
    plurals = {f"{name}s" for name, full in by_last.items() if len(full) > 1}
    mentions[:] = [m for m in mentions if m["name"] not in plurals]
    short: dict[tuple[str, str], str] = {}  # the person each lone name, with its title, has stood for so far
    starts: dict[str, list[int]] = {}
    for p in people:
        starts.setdefault(p["field"], []).append(p["start"])
    for found in starts.values():
        found.sort()
    for m in sorted(mentions, key=place):
        words = m["name"].split()
        if m["fixed"] or not words or len(words) > 3 or (len(words) > 1 and m["type"] != "person"):
            continue
        candidates = (by_last.get(m["name"]) or by_first.get(m["name"], set())) if len(words) == 1 else set()
        if not candidates:  # part of a longer name: "Choque" in "Marcelo Choque Villarroel", "De Groot" in "Pieter-Jan de Groot"
            candidates = {n for n in by_word.get(words[0].casefold(), ()) if len(n.split()) > len(words) and contains_words(n, m["name"])}
        if len(candidates) > 1 and texts is not None:  # "Smith said …. "…," she added": the one who agrees
            after = _pronoun_after(m, texts, starts.get(m["field"], []))
            agreeing = {n for n in candidates if after in (None, *given_names.gender(n))}
            candidates = agreeing or candidates
        written = ((m.get("role") or "").casefold().rstrip("."), m["name"])  # "Ms Byrne" the daughter, "Mrs Byrne" her mother
        if len(candidates) > 1 and short.get(written) in candidates:
            candidates = {short[written]}  # the one this lone name already stood for: a namesake named since is called in full
        if len(candidates) > 1:  # the one named last before it
            here, last = place(m), {}
            for name in candidates:
                i = bisect.bisect_left(places[name], here)
                if i:
                    last[name] = places[name][i - 1]
            candidates = {max(last, key=last.get)} if last else set()
        if len(candidates) == 1:
            m["name"] = next(iter(candidates))
            m["type"] = "person"
            if len(words) == 1:
                short[written] = m["name"]


#: Initials before a surname, as only people's names are written: "S R Kadam", "K.R. Meera", "J. M. Coetzee".
_INITIALS_FIRST = re.compile(r"(?:(?:[A-Z]\.){1,3}|[A-Z])(?:\s+(?:(?:[A-Z]\.){1,3}|[A-Z]))*\s+[A-Z][a-z][\w’'-]*")


def _shared_surnames(mentions: list[dict], texts: dict[str, str]) -> None:
    """A given name alone before "and" and a full name shares its surname: "Ron and Linda Grant" are Ron Grant and Linda Grant."""
    by_place = sorted(mentions, key=lambda m: (m["field"], m["start"]))
    for first, second in zip(by_place, by_place[1:]):
        words = second["name"].split()
        if first["field"] == second["field"] and first["type"] == second["type"] == "person" and not first["fixed"] \
                and len(first["name"].split()) == 1 and len(words) >= 2 \
                and re.fullmatch(r"\s+(?:and|&)\s+", texts[first["field"]][first["end"] : second["start"]]) \
                and given_names.opens_with_given_name(f"{first['name']} {words[-1]}") and given_names.opens_with_given_name(second["name"]):
            first["name"] = " ".join([first["name"], *words[1:]])


#: How far after a name its he or she is looked for.
PRONOUN_REACH = 250


def _pronoun_after(m: dict, texts: dict[str, str], starts: list[int]) -> str | None:
    """"m" or "f": the he or she that first follows a mention in its paragraph, before another person is named
    (`starts`: where the field's people are named, sorted)."""
    text = texts.get(m["field"], "")
    i = bisect.bisect_right(starts, m["end"])
    reach = min(starts[i] if i < len(starts) else len(text), m["end"] + PRONOUN_REACH)
    paragraph_end = text.find("\n\n", m["end"], reach)
    window = text[m["end"] : paragraph_end if paragraph_end >= 0 else reach]
    found = re.search(r"\b(he|she)\b", window, re.IGNORECASE)
    return None if found is None else "m" if found.group(1).lower() == "he" else "f"


def _unsupported_persons(mentions: list[dict]) -> None:
    """A name the model alone calls a person, with nothing in the article to say so, is no person.

    What says so: a title or role with any of its mentions, a byline or credit, a
    first word that is a given name (data: gender-guesser's dictionary), or a
    sentence that treats it as someone (it says, tells, warns; an age or a person
    noun beside it). "Wentworth", "Fenay Beck" and "Nordwind Netz" have none of these.
    """
    evidence: dict[str, bool] = {}
    for m in mentions:
        if m["type"] != "person":
            continue
        supported = m["fixed"] or m["role"] is not None or m["label"] is None or m.get("acts", False) \
            or given_names.opens_with_given_name(m["name"]) or _INITIALS_FIRST.fullmatch(m["name"]) is not None \
            or given_names.given_names_after_family_name(m["name"])
        evidence[m["name"]] = evidence.get(m["name"], False) or supported
    for m in mentions:
        if m["type"] == "person" and not evidence[m["name"]]:
            m["type"] = "other"


def _bodies_named_in_full(mentions: list[dict]) -> None:
    """A name the model alone calls a person that is a body's name the article gives in full, less its
    legal form or head word, is that body: "Harbourfront Realty" after "Harbourfront Realty Ltd"; so is
    a name the article also writes as a body's, when nothing says it is a person's ("Gor Mahia")."""
    heads = _name_kinds()["organization_heads"]
    bodies = {m["name"] for m in mentions if m["type"] == "organization"}
    full: dict[str, str] = {}
    for name in bodies:
        words = name.split()
        while len(words) > 2 and words[-1] in heads:
            words = words[:-1]
            full.setdefault(" ".join(words), name)
    supported = {m["name"] for m in mentions if m["type"] == "person"
                 and (m["fixed"] or m["role"] is not None or m["label"] is None or m.get("acts", False))}
    for m in mentions:
        if m["type"] != "person" or m["fixed"] or m["name"] in supported:
            continue
        if m["name"] in full:
            m["name"], m["type"] = full[m["name"]], "organization"
        elif m["name"] in bodies:
            m["type"] = "organization"


def _short_given_names(mentions: list[dict]) -> None:
    """A short form of a given name beside the full one, same surname, is that person:
    "Lo Simmons" in a headline and "Loretta Simmons" in the story, "Ron Grant" and "Ronald Grant"."""
    full: dict[tuple[str, ...], list[str]] = {}
    for m in mentions:
        words = m["name"].split()
        if m["type"] == "person" and len(words) >= 2:
            full.setdefault(tuple(words[1:]), []).append(words[0])
    for m in mentions:
        words = m["name"].split()
        if m["type"] != "person" or len(words) < 2 or m["fixed"]:
            continue
        longer = {g for g in full.get(tuple(words[1:]), ()) if len(g) > len(words[0]) >= 2 and g.startswith(words[0])}
        if len(longer) == 1:
            m["name"] = " ".join([longer.pop(), *words[1:]])


def initials(name: str) -> str:
    """The capitals that open a name's words: "Nigerian Ports Authority" → NPA."""
    return "".join(w[0] for w in re.findall(r"[A-Z][\w’'-]*", name))


def _expand_acronyms(mentions: list[dict], texts: dict[str, str]) -> None:
    """An acronym is the name it was introduced with: "the Nigeria Labour Congress (NLC) … the NLC said".

    The article states the link itself, a name followed by its initials in
    brackets; every mention of the initials in that article takes the name
    and its type.
    """
    expanded: dict[str, dict] = {}
    for m in mentions:
        text = texts[m["field"]]
        after = re.match(r"\s*\(([A-Z][A-Z0-9&.-]{1,9})\)", text[m["end"] : m["end"] + 14])
        # the first letters agree; the rest may come from another language ("Alliance of Sahel States (AES)")
        if after and len(m["name"].split()) >= 2 and initials(m["name"])[:1] == after.group(1)[:1]:
            expanded.setdefault(after.group(1), m)
    # failing that, the one body of the article whose words give the initials ("the NPA" after "the Nigerian Ports Authority")
    by_initials: dict[str, set[str]] = {}
    for m in mentions:
        if m["type"] == "organization" and len(m["name"].split()) >= 2:
            by_initials.setdefault(initials(m["name"]), set()).add(m["name"])
    for m in mentions:
        full = expanded.get(m["name"])
        if full is None and re.fullmatch(r"[A-Z]{2,6}", m["name"]) and len(by_initials.get(m["name"], ())) == 1:
            full = {"name": next(iter(by_initials[m["name"]])), "type": "organization"}
        if full is not None and not m["fixed"]:
            m["name"], m["type"] = full["name"], full["type"]


def _drop_headline_noise(mentions: list[dict], texts: dict[str, str]) -> None:
    """In a Title Case headline keep only names the rest of the article or the data files confirm.

    A span the model stretched over capitalised headline words shrinks to
    its longest confirmed tail ("… Decided To Join Abraham Accords" → "Abraham Accords").
    """
    headline_fields = {f for f, text in texts.items() if f in ("title", "subtitle") and is_headline_case(text)}
    if not headline_fields:
        return
    known = knowledge().known
    confirmed = {m["name"] for m in mentions if m["field"] not in headline_fields}
    confirmed |= {surname(n) for n in confirmed}
    kept = []
    for m in mentions:
        if m["field"] not in headline_fields or m["name"] in confirmed or m["name"] in known \
                or (m["label"] is None and m["type"] == "person"):
            kept.append(m)  # confirmed, known, or a credit's name, not the model's reading of capitals
            continue
        words = m["text"].split()
        for cut in range(1, len(words)):
            tail = " ".join(words[cut:])
            if tail in confirmed:
                start = m["start"] + m["text"].rindex(tail)
                kept.append({**m, "start": start, "text": tail, "name": tail})
                break
    seen: set[tuple[str, int, int]] = set()
    mentions[:] = [m for m in kept if (key := (m["field"], m["start"], m["end"])) not in seen and not seen.add(key)]  # a tail another rule found too
