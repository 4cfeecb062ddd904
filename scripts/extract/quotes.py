"""Quotes: every direct quotation in a text, with who said it and how.

A stretch in quote marks is a quotation when the sentence attributes it
(a speech verb above it in the parse: "said", "told", "adding that",
"calling for", "describing it as"; or "according to") or when it is a whole
quoted sentence. Words in quote marks that are neither — a name in scare
quotes, a title, a one-word label — are not quotations. The decision uses
attribution and form only, never a list of quoted words.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from . import countries, entities, given_names, vocabulary
from .spans import Sorted, Spans

DATA_FILE = Path(__file__).parent / "data" / "speech.yml"

#: A quoted whole sentence is a quotation even when the attribution is out of reach.
MIN_UNATTRIBUTED_WORDS = 6
_SUBJECTS = {"nsubj", "nsubjpass"}
_RELATIVE = {"who", "which", "that"}
#: Clause links to climb from a verb with no subject to the one that has it
#: ("..., adding that", "a statement calling for", "saying ...").
_CLIMB = {"advcl", "xcomp", "conj", "acl", "relcl", "ccomp", "dobj", "pobj", "prep", "appos", "npadvmod", "pcomp"}


@dataclass(frozen=True)
class Speech:
    verbs: frozenset[str]
    anonymous_heads: frozenset[str]
    pronouns: frozenset[str]
    phrases: tuple[str, ...]
    male_words: frozenset[str]
    female_words: frozenset[str]
    male_pronouns: frozenset[str]
    female_pronouns: frozenset[str]
    speaking_for: frozenset[str]
    label_markers: tuple[str, ...]
    label_verbs: frozenset[str]


@cache
def speech() -> Speech:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    return Speech(
        verbs=frozenset(data["speech_verbs"]),
        anonymous_heads=frozenset(data["anonymous_heads"]),
        pronouns=frozenset(data["person_pronouns"]),
        phrases=tuple(data["attribution_phrases"]),
        male_words=frozenset(data["male_words"]),
        female_words=frozenset(data["female_words"]),
        male_pronouns=frozenset(data["male_pronouns"]),
        female_pronouns=frozenset(data["female_pronouns"]),
        speaking_for=frozenset(data["speaking_for"]),
        label_markers=tuple(data["label_markers"]),
        label_verbs=frozenset(data["label_verbs"]),
    )


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quote marks, marks excluded.

    Curly double quotes pair “ with ”; straight double quotes pair in order
    within a paragraph; single quotes (‘…’ or '…') pair only where they
    cannot be apostrophes. A double mark that opens and is not closed in its
    paragraph runs to the paragraph's end: newswriting leaves a quotation
    that goes on into the next paragraph open. Any other lone mark is left alone.
    """
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        base, para = paragraph.start(), paragraph.group(0)
        for match in re.finditer(r"“([^“”]+)(?:”|$)", para):
            words = match.group(1) if match.group(0).endswith("”") else match.group(1).rstrip()
            if words.strip():
                spans.append((base + match.start(1), base + match.start(1) + len(words)))
        for match in re.finditer(r'"([^"\n]+)"', para):
            spans.append((base + match.start(1), base + match.end(1)))
        if para.count('"') % 2 and para.rfind('"') < len(para.rstrip()) - 1:  # an odd mark opens the rest
            opening = para.rfind('"') + 1
            spans.append((base + opening, base + len(para.rstrip())))
        # an apostrophe inside ("Fifa's", "won't") is followed by a letter; a closing mark is not
        for match in re.finditer(r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘']((?:[^‘’'\n]|[’'](?=\w))+?)[’'](?![\w])", para):
            if not match.group(1).startswith(" "):
                spans.append((base + match.start(1), base + match.end(1)))
    return sorted(set(spans))


def _is_name_like(words: list[str]) -> bool:
    """A short quoted stretch in which every word is capitalised: a name or title, not speech."""
    letters = [w for w in words if any(ch.isalpha() for ch in w)]
    return bool(letters) and len(letters) <= 4 and all(w.lstrip("“‘\"'(")[:1].isupper() for w in letters)


def _cue_above(span: Span, s: Speech) -> Token | None:
    """The nearest speech verb above the quotation in the parse, outside it."""
    inside = set(range(span.start, span.end))
    for token in span:
        node = token
        for _ in range(12):
            if node.head is node:
                break
            node = node.head
            if node.i not in inside and node.lemma_.lower() in s.verbs:
                return node
    return None


def _cue_in_sentence(span: Span, s: Speech) -> Token | None:
    """A speech verb elsewhere in the sentence: "“…,” a U.S. official told Axios." parsed loosely."""
    sentence = span.sent
    inside = set(range(span.start, span.end))
    candidates = [t for t in sentence if t.i not in inside and t.lemma_.lower() in s.verbs and t.pos_ in ("VERB", "AUX")]
    if not candidates:
        return None
    return min(candidates, key=lambda t: min(abs(t.i - span.start), abs(t.i - span.end)))


#: How many words after a quotation its speech verb may stand when a question or exclamation ended the sentence.
AFTER_WORDS = 6


def _cue_after(span: Span, s: Speech) -> Token | None:
    """The speech verb right after a quotation that ends in "?" or "!", which the parser made a sentence of its own:
    "“Are we to understand that a notice is notice?” Justice Rao asked the counsel."."""
    doc = span.doc
    if not span.text.rstrip().endswith(("?", "!")):
        return None
    i = span.end
    while i < len(doc) and doc[i].text in "\"”’'":
        i += 1
    following = doc[i : i + AFTER_WORDS]
    if not len(following) or "\n" in doc[span.end - 1 : i].text_with_ws or any("\n" in t.text_with_ws for t in following[:-1]):
        return None
    return next((t for t in following if t.lemma_.lower() in s.verbs and t.pos_ in ("VERB", "AUX")), None)


def _subject(verb: Token, s: Speech, quoted: Span | None = None) -> Span | None:
    """Who speaks: the subject of the cue, or of the speech verb the cue hangs from.

    "Trump said a ceremony will be held soon, adding that …": "adding" has no
    subject; "held" has one but does not speak; "said" does. Without a
    speaking subject above, the first subject found is taken ("the mayor's
    office released a statement calling for …"). A subject inside the
    quotation itself is none ("“Two moments of concentration, that is the
    game,” Tesfaye said", parsed with two subjects).
    """
    node, first = verb, None
    inside = range(quoted.start, quoted.end) if quoted is not None else range(0)
    for _ in range(6):
        subjects = [c for c in node.children if c.dep_ in _SUBJECTS and c.i not in inside]
        subject = subjects[0] if subjects else None
        if subject is not None:
            span = noun_phrase(subject)
            for other in subjects[1:]:  # a name the parser cut into several subjects: "al" "-" "Hammami", "vice" "-" "president Park"
                if other.left_edge.i != span.end:
                    break
                span = subject.doc[span.start : noun_phrase(other).end]
            if subject.lower_ in _RELATIVE and node.dep_ == "relcl":  # "a source …, who called it": the source
                antecedent = _noun_phrase_head(node.head)
                span = subject.doc[antecedent.left_edge.i : subject.left_edge.i]
            if node.lemma_.lower() in s.verbs:
                return span
            first = first or span
        if node.dep_ not in _CLIMB or node.head is node:
            break
        node = node.head
    return first


#: What follows a speaker's name without being part of it: "Ana Ruiz, who led the talks", "Ruiz, the spokeswoman".
_NOT_THE_NAME = {"relcl", "appos", "acl", "cc", "conj", "advcl"}
#: Punctuation that ends a name (a hyphen inside "al-Mahdi" does not).
_NAME_ENDS = {",", ";", ":", "(", ")", "—", "–"}


def noun_phrase(head: Token) -> Span:
    """The noun phrase a token heads, without a relative clause or a clause after it.

    "Harjit Singh Dhaliwal, who moved the motion" → "Harjit Singh Dhaliwal".
    A name in apposition to a role is the speaker's name and stays: "Peru's
    sports minister, Rosa Huamán" (but "De Groot, the spokesman" is De Groot).
    """
    end = head.i
    named = next((c for c in head.children if c.i > head.i and c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if named is not None and (head.pos_ != "PROPN" or entities.is_role(head.text)):  # "Commerce Minister, Seyni Harouna"
        start = min((c.left_edge.i for c in head.children if c.i < head.i), default=head.i)
        return head.doc[start : noun_phrase(named).end]
    for child in (c for c in head.children if c.i > head.i):
        if child.dep_ in _NOT_THE_NAME or (child.dep_ == "punct" and child.text in _NAME_ENDS):
            break
        end = max(end, child.right_edge.i)
    start = min((c.left_edge.i for c in head.children if c.i < head.i), default=head.i)
    return head.doc[start : end + 1]


def _noun_phrase_head(token: Token) -> Token:
    """From the last noun before a relative clause up to the head of its phrase:
    "talks" in "a source familiar with the talks" → "source"."""
    node = token
    for _ in range(6):
        if node.dep_ not in ("pobj", "prep", "amod") or node.head is node:
            return node
        parent = node.head
        if node.dep_ == "pobj" and node is not token and node.pos_ in ("NOUN", "PROPN"):
            return node
        node = parent
    return node


def _according_to(span: Span, s: Speech) -> Span | None:
    text = span.sent.text
    for phrase in s.phrases:
        match = re.search(rf"\b{re.escape(phrase)}\s+", text, re.IGNORECASE)
        if match:
            char = span.sent.start_char + match.end()
            token = span.doc.char_span(char, char + 1, alignment_mode="expand")
            if token is not None:
                head = token.root
                for _ in range(3):  # from "a" up to the noun it opens: "according to a statement issued by …"
                    if head.dep_ == "pobj" or head.head is head or head.head.i < token.start:
                        break
                    head = head.head
                return span.doc[head.left_edge.i : head.right_edge.i + 1] if head.dep_ == "pobj" else span.doc[head.i : head.i + 1]
    return None


def _via(verb: Token, outlets: set[str]) -> Span | None:
    """The outlet words were given to: "told Axios", "told Time Magazine", "said to Reuters"."""

    def outlet(token: Token) -> Span | None:
        phrase = token.doc[token.left_edge.i : token.right_edge.i + 1]
        for candidate in (phrase, token.doc[token.i : token.i + 1]):
            if candidate.text in outlets or re.sub(r"^the\s+", "", candidate.text, flags=re.I) in outlets:
                return candidate
        return None

    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "iobj", "npadvmod", "advmod", "attr") and outlet(child):
            return outlet(child)
        if child.dep_ in ("prep", "dative") and child.lower_ == "to":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj" and outlet(grandchild):
                    return outlet(grandchild)
    return None


def _trim(span: Span, text: str) -> tuple[int, int]:
    start, end = span.start_char, span.end_char
    while start < end and text[start] in " ,;:“”\"'‘’":
        start += 1
    while end > start and text[end - 1] in " ,;:“”\"'‘’":
        end -= 1
    return start, end


#: A quotation of at most this many words is someone's only when a speech verb governs it.
SHORT = 3
#: "Candidates call themselves 'outsiders'": a label they give themselves, not a quotation.
_REFLEXIVE = {"themselves", "himself", "herself", "itself", "ourselves", "myself", "yourself"}


def _labelled(text: str, start: int, s: Speech) -> bool:
    """Whether a quoted stretch follows a word that makes it a label ("so-called", "dubbed", "known as")."""
    before = text[max(0, start - 30) : start].rstrip(" “\"‘'").casefold()
    return any(re.search(rf"(?<![\w-]){re.escape(marker)}(?:\s+(?:the|a|an|its|their|his|her))?$", before) for marker in s.label_markers)


def _governing_speech_verb(span: Span, s: Speech) -> Token | None:
    """The speech verb that governs a short quotation: the first verb above it, or the one whose clause that is.

    "called the letter 'blackmail'", "described the talks as 'frank'", "said
    the vote was 'rigged'"; not "families live near the 'red zones'".
    """
    inside = set(range(span.start, span.end))
    node = span.root
    if node.dep_ in _SUBJECTS and any(c.i not in inside and c.dep_ in ("det", "amod", "poss", "compound", "nummod") for c in node.children):
        return None  # the head of what a clause is about ("a humanitarian 'truce' … collapsed, he said"): named, not quoted
    for _ in range(8):
        if node.head is node:
            return None
        node = node.head
        if node.i not in inside and node.pos_ in ("VERB", "AUX"):
            for _ in range(3):  # up the clauses a speech verb reports: "said the vote was 'rigged'"
                if node.lemma_.lower() in s.label_verbs:
                    return None
                if node.lemma_.lower() in s.verbs:
                    return None if any(c.dep_ == "dobj" and c.lower_ in _REFLEXIVE for c in node.children) else node
                if node.dep_ not in ("ccomp", "xcomp", "conj") or node.head is node:
                    return None
                node = node.head
            return None
    return None


def _attribution(span: Span, short: bool, s: Speech, outlets: set[str]) -> tuple[str | None, Span | None, Span | None]:
    """(cue as written, speaker span, outlet span) of a quotation, or Nones."""
    cue = _governing_speech_verb(span, s) if short else _cue_above(span, s) or _cue_in_sentence(span, s) or _cue_after(span, s)
    if cue is None:
        speaker = _according_to(span, s) if not short else None
        return ("according to" if speaker is not None else None), speaker, None
    particle = next((c.text for c in cue.children if c.dep_ == "prep" and c.lower_ == "for" and cue.lemma_ == "call"), None)
    return (f"{cue.text} {particle}" if particle else cue.text), _subject(cue, s, span), _via(cue, outlets)


def _introduced(doc: Doc, text: str, start: int, s: Speech) -> Token | None:
    """The speech verb of the sentence that ends in a colon right before a quotation ("Ms Ruiz said:")."""
    window = max(0, start - 200)  # a window, not the whole text before: a long text stays linear
    before = text[window:start].rstrip(" \n“\"")
    if not before.endswith(":"):
        return None
    colon = doc.char_span(window + len(before) - 1, window + len(before), alignment_mode="expand")
    if colon is None:
        return None
    verbs = [t for t in colon.sent if t.lemma_.lower() in s.verbs and t.pos_ in ("VERB", "AUX")]
    return verbs[-1] if verbs else None


def find(doc: Doc, sentence_starts: list[int], outlets: set[str], title: str | None = None, text: str | None = None) -> list[dict]:
    """Quotations in one parsed text: start, end, text, sentence, cue, speaker span, via span.

    A quotation with no attribution of its own continues the one before it
    in the same paragraph ("“…,” he said. “…”"), or in the paragraph before
    when it opens its own; one left open takes the attribution that ends its
    run; a quotation under "X said:" is X's. A short one
    (SHORT words or fewer) counts only where a speech verb governs it, and
    never after a label word ("so-called"). A standfirst's speechless verb
    ("Says a signing will follow") takes the speaker its headline names
    after a colon ("…: Trump").
    """
    s = speech()
    text = doc.text if text is None else text
    found: list[dict] = []
    for start, end in quoted_spans(text):
        span = doc.char_span(start, end, alignment_mode="expand")
        words = text[start:end].split()
        if span is None or len(span) == 0 or _is_name_like(words) or _labelled(text, start, s):
            continue
        short = len(words) <= SHORT and not re.search(r"[.!?]", text[start:end])
        cue_text, speaker, via = _attribution(span, short, s, outlets)
        if cue_text is None and not short and (intro := _introduced(doc, text, start, s)) is not None:
            cue_text, speaker, via = intro.text, _subject(intro, s), _via(intro, outlets)
        if short and cue_text is None:
            continue
        trimmed = _trim(speaker, text) if speaker is not None else (None, None)
        record = {
            "start": start,
            "end": end,
            "text": text[start:end],
            "sentence": max(0, bisect.bisect_right(sentence_starts, start) - 1),
            "cue": cue_text,
            "speaker_start": trimmed[0],
            "speaker_end": trimmed[1],
            "via_start": via.start_char if via is not None else None,
            "via_end": via.end_char if via is not None else None,
        }
        if cue_text is None and not _continue(record, found, text, words):
            continue
        if record["cue"] and record["speaker_start"] is None and title:
            headline = re.search(r":\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*$", title)
            if headline:
                record["speaker_in_title"] = [headline.start(1), headline.end(1)]
        found.append(record)
        if record["cue"] is not None:
            _fill_back(found, text)
    return found


_ATTRIBUTION = ("cue", "speaker_start", "speaker_end", "via_start", "via_end")


def _left_open(quote: dict, text: str) -> bool:
    return quote["end"] >= len(text) or text[quote["end"]] not in "”\"’'"


def _fill_back(found: list[dict], text: str) -> None:
    """A quotation run over paragraphs whose attribution comes in its last part gives it to the parts before."""
    last = found[-1]
    for earlier in reversed(found[:-1]):
        if earlier["cue"] is not None or not _left_open(earlier, text) or text[earlier["end"] : last["start"]].strip(" \n“\"‘'"):
            return
        earlier.update({k: last[k] for k in _ATTRIBUTION})
        last = earlier


def _continue(record: dict, found: list[dict], text: str, words: list[str]) -> bool:
    """Give an unattributed quotation the attribution of the one it continues; False to drop it.

    It continues the quotation before it in its paragraph, or one left open
    at the end of the paragraph before. Failing that, a whole quoted
    sentence of MIN_UNATTRIBUTED_WORDS words or more stands on its own.
    """
    previous = found[-1] if found else None
    if previous is not None and previous["cue"] is not None:
        between = text[previous["end"] : record["start"]]
        opens_paragraph = text[max(0, record["start"] - 20) : record["start"]].rstrip(" “\"‘'").endswith("\n")
        if "\n" not in between or (_left_open(previous, text) and not between.strip(" \n“\"‘'")) \
                or (opens_paragraph and between.count("\n\n") == 1):  # the paragraph after its speaker's goes on quoting them
            record.update({k: previous[k] for k in _ATTRIBUTION})
            if "speaker_in_title" in previous:
                record["speaker_in_title"] = previous["speaker_in_title"]
            return True
    return len(words) >= MIN_UNATTRIBUTED_WORDS and bool(re.search(r"[.!?][”\"’']?$|[.!?],?$", record["text"].rstrip()))


def is_anonymous(speaker: str | None, names_a_person: bool) -> int | None:
    """1 for an unnamed official or source, 0 for a named speaker, None when there is no speaker.

    A phrase built on "official", "diplomat", "source" … is anonymous even
    when it names a country or a body ("a senior EU diplomat", "a U.S.
    official"); only a named person makes it named.
    """
    if speaker is None:
        return None
    if names_a_person:
        return 0
    words = re.findall(r"[a-z]+", speaker.casefold())
    if set(words) & speech().anonymous_heads:
        return 1
    if words[:2] == ["one", "of"]:
        return 1  # "one of them said", after "two officials, who spoke on condition of anonymity"
    # someone unnamed by what they are: "a senior dealer at a Karachi brokerage", "one resident"
    return 1 if words and words[0] in _INDEFINITE and any(entities.is_role(w) for w in words[1:4]) else 0


#: Words right after a speaker that say the speaker is not named: "…, who asked not to be named,".
_ASKED_NOT_TO_BE_NAMED = re.compile(r",?\s*(?:who|speaking|and)?\s*(?:asked not to be (?:named|identified)|declined to be (?:named|identified)|"
                                    r"spoke on (?:the )?condition of anonymity|requested anonymity|on condition of anonymity)", re.IGNORECASE)

def _demonym(word: str) -> bool:
    """A word for someone of a country: "Tanzanian", "Frenchman", "Dutchwoman"."""
    for form in (word, re.sub(r"(?:man|woman)$", "", word)):
        if form and (countries.lookup(form) or ("", ""))[1] == countries.DEMONYM:
            return True
    return False


#: "A spokeswoman for …", "the spokesman of …": someone who speaks for what follows.
_SPEAKING_FOR = re.compile(r"(?i)(?:an?|the)\s+(?:[\w-]+\s+){0,2}?spokes(?:man|woman|person)\s+(?:for|of|at)\s+(?=\S)")

#: Words that open a phrase for someone not named.
_INDEFINITE = {"a", "an", "one", "another"}


#: How many mentions back a speaker's words may refer: antecedents are near, and a long text stays linear.
NEAR = 50


class Named:
    """An article's entity and country mentions, indexed by field for the questions attribution asks."""

    def __init__(self, mentions: list[dict], country_mentions: list[dict], texts: dict[str, str] | None = None,
                 docs: dict[str, Doc] | None = None):
        self.mentions = mentions
        self.docs = docs or {}
        self._by_field = self._index(mentions)
        self._bodies = self._index(m for m in mentions if m["type"] == "organization")
        self._nations = self._index(m for m in country_mentions if m["via"] != "demonym")
        self.gender = _genders(mentions, texts or {})
        self._quoted = {f: Spans(quoted_spans(text)) for f, text in (texts or {}).items()}
        # bylines and photo credits name people nobody in the story refers back to
        credits = {f: Spans(entities.credited_names(text)) for f, text in (texts or {}).items()}
        self._persons = self._index(m for m in mentions if m["type"] == "person"
                                    and not (m["field"] in credits and credits[m["field"]].overlap(m["start"], m["end"])))

    @staticmethod
    def _index(items) -> dict[str, Sorted[dict]]:
        fields: dict[str, list[dict]] = {}
        for m in items:
            fields.setdefault(m["field"], []).append(m)
        return {f: Sorted(found, lambda m: m["start"], lambda m: m["end"]) for f, found in fields.items()}

    def inside(self, field: str, start: int, end: int) -> list[dict]:
        return self._by_field[field].inside(start, end) if field in self._by_field else []

    def nations_inside(self, field: str, start: int, end: int) -> list[dict]:
        return self._nations[field].inside(start, end) if field in self._nations else []

    def persons_before(self, field: str, position: int) -> list[dict]:
        """The persons mentioned last before `position` (at most NEAR), nearest first."""
        return self._persons[field].before(position, NEAR)[::-1] if field in self._persons else []

    def bodies_before(self, field: str, position: int) -> list[dict]:
        return self._bodies[field].before(position, NEAR)[::-1] if field in self._bodies else []

    def leads_its_sentence(self, m: dict) -> bool:
        """Whether a mention is the subject of its sentence's main verb ("Hale said he was not worried",
        "Ambassador to Vietnam Liu Haiyan, who attended, stressed …"), not of a clause inside it nor
        inside a quotation."""
        doc = self.docs.get(m["field"])
        if self.quoted(m):
            return False  # "Sam organised that back four," he said: a name the quotation speaks of
        span = doc.char_span(m["start"], m["end"], alignment_mode="expand") if doc is not None else None
        if span is None:
            return False
        root = span.root
        while root.dep_ in ("appos", "pobj", "prep", "compound") and root.head.i != root.i \
                and (root.dep_ != "pobj" or entities.is_role(root.head.head.text)):
            root = root.head  # "Ambassador to Vietnam Liu Haiyan … stressed": the title heads the subject
        verb = root.head
        while verb.dep_ == "conj":  # "… arrived and said"
            verb = verb.head
        return root.dep_ in _SUBJECTS and verb.dep_ == "ROOT"

    def quoted(self, m: dict) -> bool:
        """Whether a mention stands inside a quotation."""
        return m["field"] in self._quoted and self._quoted[m["field"]].overlap(m["start"], m["end"])

    def unnamed_lead(self, field: str, start: int, end: int) -> int | None:
        """Where the last sentence between start and end that an unnamed person leads names them
        ("A senior Nigerian official who asked not to be named said …"), or None."""
        doc = self.docs.get(field)
        span = doc.char_span(max(0, start), end, alignment_mode="contract") if doc is not None else None
        if span is None:
            return None
        found = None
        for sentence in span.sents:
            root = sentence.root
            for subject in (c for c in root.children if c.dep_ in _SUBJECTS):
                phrase = noun_phrase(subject)
                if phrase[0].lower_ in _INDEFINITE and subject.tag_ in ("NN", "NNP") and is_anonymous(phrase.text, False) == 1 \
                        and not self._quoted.get(field, Spans([])).overlap(phrase.start_char, phrase.end_char):
                    found = phrase.start_char
        return found

    def last_person_before(self, field: str, position: int) -> dict | None:
        found = self.persons_before(field, position)
        return found[0] if found else None


def _genders(mentions: list[dict], texts: dict[str, str]) -> dict[str, str]:
    """Person name -> "m" or "f" where the article tells.

    A courtesy title or gendered role by the name decides ("Mr", "spokeswoman",
    data/speech.yml); failing that, the he or she that first follows the name
    before another person is named, by majority. A tie tells nothing.
    """
    s = speech()
    titled: dict[str, list[str]] = {}
    pronouns: dict[str, list[str]] = {}
    persons = sorted((m for m in mentions if m["type"] == "person" and m["field"] in texts), key=lambda m: (m["field"], m["start"]))
    for n, m in enumerate(persons):
        text = texts[m["field"]]
        words = (re.findall(r"[\w.]+", m.get("role") or "") + re.findall(r"[\w.]+", text[max(0, m["start"] - 40) : m["start"]])[-3:]
                 + re.findall(r"[\w.]+", m["text"])[:1])
        if any(w in s.male_words for w in words):
            titled.setdefault(m["name"], []).append("m")
        elif any(w in s.female_words for w in words):
            titled.setdefault(m["name"], []).append("f")
        following = persons[n + 1]["start"] if n + 1 < len(persons) and persons[n + 1]["field"] == m["field"] else len(text)
        after = re.search(r"\b(he|she)\b", text[m["end"] : min(following, m["end"] + 250)], re.IGNORECASE)
        if after:
            pronouns.setdefault(m["name"], []).append("m" if after.group(1).lower() in s.male_pronouns else "f")
    genders = {}
    for name in {m["name"] for m in persons}:
        # a dictionary that says only "mostly male" ("Tan" of "Tan Wei Ling", a family name first) decides nothing by itself
        votes = titled.get(name) or ([] if given_names.is_weak(name) else given_names.gender(name)) or pronouns.get(name, [])
        if votes.count("m") != votes.count("f"):
            genders[name] = max("mf", key=votes.count)
    return genders


def _agrees(person: dict, pronoun: str, named: Named) -> bool:
    s = speech()
    gender = named.gender.get(person["name"])
    word = pronoun.casefold()
    wanted = "m" if word in s.male_pronouns else "f" if word in s.female_pronouns else None
    return gender is None or wanted is None or gender == wanted


def _pronoun_referent(pronoun: str, field: str, start: int, texts: dict[str, str], named: Named, previous: list[dict]) -> dict | None:
    """Who "he" or "she" is.

    A person named earlier in the pronoun's own sentence ("Ruiz confirmed
    that she …"); else the nearest who leads a sentence of the pronoun's
    paragraph after the quotation before ("Hale said he was not worried. "…,"
    he said"); else the speaker of the quotation just before, in the same or
    the previous paragraph ("…," he added); else the nearest person named
    before it. Each must agree with the pronoun. Someone unnamed ("a senior
    official who asked not to be named said …", or the unnamed speaker of the
    quotation before) makes the pronoun UNNAMED where no person came since.
    """
    text = texts[field]
    agreeing = [m for m in named.persons_before(field, start) if _agrees(m, pronoun, named)]
    if agreeing and not re.search(r"[.!?][”\"’']?\s", text[agreeing[0]["end"] : start]):
        return agreeing[0]
    # someone who leads a sentence of the pronoun's paragraph, after the quotation before: the story has moved on to them
    window = max(0, start - PARAGRAPH_REACH)  # a text without paragraph breaks stays linear
    since = max(window, text.rfind("\n\n", window, start))
    last = previous[-1] if previous and previous[-1].get("at", (None, 0))[0] == field else None
    if last is not None:
        since = max(since, last["at"][1])
    leader = next((m for m in agreeing if m["start"] >= since and named.leads_its_sentence(m)), None)
    # or someone unnamed who leads a sentence since, here or in the paragraph before ("A senior official who asked not to be named said …")
    unnamed = named.unnamed_lead(field, max(window, text.rfind("\n\n", window, max(window, text.rfind("\n\n", window, start))), since),
                                 start) \
        if pronoun.casefold() in speech().pronouns else None
    if unnamed is not None and (leader is None or unnamed > leader["start"]) \
            and not any(unnamed < m["start"] and not named.quoted(m) for m in agreeing[:1]):
        return UNNAMED
    if leader is not None:
        return leader
    if last is not None and text[last["at"][1] : start].count("\n\n") <= 1:
        ref = last.get("speaker_person")
        if ref is not None and _agrees(ref, pronoun, named):
            return ref
        if last.get("anonymous") == 1 and last.get("singular") \
                and not any(m["start"] > last["at"][1] and not named.quoted(m) for m in agreeing[:1]):
            return UNNAMED  # "…," a senior official said. "…," he added.
    return agreeing[0] if agreeing else None


#: How far back a paragraph's start is looked for: news paragraphs are shorter, and a text without breaks stays linear.
PARAGRAPH_REACH = 3000

#: What a pronoun refers to when its antecedent is someone the text does not name.
UNNAMED = {"type": "unnamed"}


def _role_referent(speaker: str, field: str, start: int, texts: dict[str, str], named: Named) -> dict | None:
    """Who a role or a body without a name is: "the spokesman", "Niger's Commerce Minister", "the ministry".

    A role word ("spokesman", "minister": data/titles.yml) is the person
    introduced with it before: the one whose title, or the words by whose
    name in its sentence, hold most of the speaker's words, the nearest on a
    tie ("Foreign Ministry spokesman Ana Ruiz", "Ana Ruiz, the ministry's
    spokesman"). Any other word names a body: the organization named
    before whose name holds it ("the ministry": the Foreign Ministry).
    """
    words = [w for w in re.findall(r"[\w’'-]+", speaker) if w.casefold() not in ("the", "a", "an", "'s", "’s", "of", "and")]
    role = next((w for w in reversed(words) if entities.is_role(w)), None)
    text = texts[field]
    if role is None:
        if not words:
            return None
        head = re.compile(rf"\b{re.escape(words[-1])}\b", re.IGNORECASE)
        bodies = named.bodies_before(field, start)
        # "the ministry": the Foreign Ministry; else the body written with that noun ("the FNV Havens union")
        acronym = words[-1] if re.fullmatch(r"[A-Z]{2,6}", words[-1]) else None  # "the NPA": the Nigerian Ports Authority
        found = next((m for m in bodies if head.search(m["name"]) or (acronym and entities.initials(m["name"]) == acronym)), None) \
            or next((m for m in bodies if _written_with(texts[m["field"]], m, head)), None)
        if found is None and len(words) == 1 and words[0].casefold() in entities.body_nouns():
            # "the agency said", with no name holding the noun: the body named last, in this paragraph or the one before
            outlets = entities.outlet_names()
            window = max(0, start - PARAGRAPH_REACH)
            near = max(window, text.rfind("\n\n", window, max(window, text.rfind("\n\n", window, start))))
            found = next((m for m in bodies if m["start"] > near and m["name"] not in outlets and not named.quoted(m)), None)
        return found
    best, best_score = None, 0
    s = speech()
    implied = "m" if role in s.male_words else "f" if role in s.female_words else None  # "the spokeswoman" is a woman
    for m in named.persons_before(field, start):
        if implied and named.gender.get(m["name"], implied) != implied:
            continue
        around = " ".join([m.get("role") or "", text[max(0, m["start"] - 80) : m["start"]].rsplit(".", 1)[-1],
                           text[m["end"] : m["end"] + 80].split(".", 1)[0]]).casefold()
        if not re.search(rf"\b{re.escape(role.casefold())}", around):
            continue
        score = sum(1 for w in words if re.search(r"\b" + re.escape(re.sub(r"[’']s$", "", w.casefold())), around))
        if re.search(rf"\b{re.escape(role.casefold())}", (m.get("role") or "").casefold()):
            score += 1  # introduced with that title, not only named near it ("District Judge Amanda Leung said Tsang …")
        if score > best_score:
            best, best_score = m, score
    return best


def _written_with(text: str, mention: dict, noun: re.Pattern[str]) -> bool:
    """Whether a noun stands right by a name, within two words: "the FNV Havens union", "the union, FNV Havens"."""
    after = text[mention["end"] : mention["end"] + 40].split()[:2]
    before = text[max(0, mention["start"] - 40) : mention["start"]].split()[-2:]
    return any(noun.fullmatch(re.sub(r"[’']s?$", "", w.strip(",.;:()"))) for w in after + before)


def attribute(quote: dict, texts: dict[str, str], named: Named, previous: list[dict] | None = None) -> dict:
    """Who a found quotation belongs to, in the article's terms.

    Returns the speaker as written, the mention (field, start, end) that
    names the speaker, whether the speaker is anonymous, and the outlet
    (`via`) as written. A named speaker is the person or body named in the
    words; "he" is the speaker of the quotation before (`previous`, the
    attributions so far) or the nearest person before it, whichever agrees
    first; "his office" is that person; "the spokesman" the person introduced
    with that role, "the ministry" the body of that name. A phrase headed by
    "official" or "source" is anonymous even when it names a country ("a U.S.
    official").
    """
    s = speech()
    field = quote["field"]
    start, end = quote["speaker_start"], quote["speaker_end"]
    if start is None and quote.get("speaker_in_title"):
        field, (start, end) = "title", quote["speaker_in_title"]
    via = texts[quote["field"]][quote["via_start"] : quote["via_end"]] if quote["via_start"] is not None else None
    if start is None:
        return {"speaker": None, "speaker_ref": None, "anonymous": None, "via": via}
    speaker = texts[field][start:end]
    ref = _referent(speaker, field, start, end, texts, named, previous or [])
    anonymous = is_anonymous(speaker, names_a_person=ref is not None and ref.get("type") == "person")
    if ref is UNNAMED:
        ref, anonymous = None, 1
    elif (ref is None or ref.get("type") != "person") and field == quote["field"] \
            and (_ASKED_NOT_TO_BE_NAMED.search(speaker) or _ASKED_NOT_TO_BE_NAMED.match(texts[field], end)):
        anonymous = 1  # "the daughter of one victim, who asked not to be named, said"
    elif ref is not None and _SPEAKING_FOR.match(speaker):
        anonymous = 0  # "a spokeswoman for the National Transport Authority" speaks for the body
    if anonymous:
        ref = None
    widened = {}
    if ref is not None and ref.get("field") == field and ref["start"] < start < ref["end"] and field == quote["field"]:
        start = ref["start"]  # the parser cut the name ("yee" of "Amanda Leung Wai-yee"): the speaker is the whole name
        speaker = texts[field][start:end]
        widened = {"speaker_start": start}
    return {
        **widened,
        "speaker": speaker,
        "speaker_ref": {"field": ref["field"], "start": ref["start"], "end": ref["end"]} if ref else None,
        "speaker_person": ref if ref is not None and ref.get("type") == "person" else None,  # for the next quotation
        "at": (quote["field"], quote["start"]),
        "singular": anonymous == 1 and not any(w.endswith("s") and w in speech().anonymous_heads for w in speaker.casefold().split()),
        "anonymous": anonymous,
        "via": via,
    }


def _referent(speaker: str, field: str, start: int, end: int, texts: dict[str, str], named: Named, previous: list[dict]) -> dict | None:
    """The mention a speaker's words refer to, or None."""
    s = speech()
    words = speaker.split()
    if speaker.casefold() in s.pronouns:
        return _pronoun_referent(speaker, field, start, texts, named, previous)
    if len(words) == 2 and words[0].casefold() in s.male_pronouns | s.female_pronouns and words[1].casefold() in s.speaking_for:
        return _pronoun_referent(words[0], field, start, texts, named, previous)  # "his office said"
    spokes = _SPEAKING_FOR.match(speaker)
    if spokes:  # "a spokeswoman for the National Transport Authority": the body, or the person, spoken for
        return _referent(speaker[spokes.end():], field, start + spokes.end(), end, texts, named, previous)
    owner = re.fullmatch(r"(?P<owner>.+?)['’]s\s+(?P<what>\w+)", speaker)
    if owner and owner.group("what").casefold() in s.speaking_for and start + owner.end("owner") < end:
        # "the governor's office", "Ms Ruiz's spokesman": whoever the owner is
        return _referent(owner.group("owner"), field, start, start + owner.end("owner"), texts, named, previous)
    if speaker.casefold() == "it":  # a body named just before: "the council … it said"
        bodies = named.bodies_before(field, start)
        return bodies[0] if bodies and not re.search(r"\n\n.*\n\n", texts[field][bodies[0]["end"] : start], re.S) else None
    # a name the speaker's words hold, or one they run into ("… Youssef bin Salah al" of "al-Mahdi"), or a part of ("yee" of "Wai-yee")
    held = [m for m in named.inside(field, max(0, start - 60), end + 60) if m["start"] < end and m["end"] > start]
    text = texts[field]

    def possessor(m: dict) -> bool:  # "Tamil Nadu's Water Resources Minister K.R. Senthil Nathan": the minister speaks
        return bool(re.match(r"['’]s?\b", text[m["end"] : m["end"] + 3]))

    ranked = sorted(held, key=lambda m: (m["type"] != "person", m["type"] != "organization", possessor(m), m["start"]))
    named_here = [m for m in ranked if m["type"] in ("person", "organization") and not _demonym(m["text"])]  # not "the Frenchman"
    if named_here:
        return named_here[0]
    if 1 <= len(words) <= 3 and (not words[0].islower() or words[0] in vocabulary.name_particles().all):
        # "Salazar" or "von Harlessem" where the model tagged nothing: the one person whose name holds it
        part = speaker.strip(".,")
        _, name_start = entities.split_role(part, 0, len(part))
        part = part[name_start:] or part  # "Justice Bedi": Bedi
        for pool in (named.persons_before(field, start), [m for m in named.mentions if m["type"] == "person"]):  # a headline's "…: Ortiz" names someone of the body
            holders = {m["name"]: m for m in pool if entities.contains_words(m["name"], part)}
            if holders:
                return next(iter(holders.values())) if len(holders) == 1 else None
    nations = named.nations_inside(field, start, end)
    if nations:
        return nations[0]
    # "the spokesman", "Niger's Commerce Minister", "the union"; never "a senior official" or "diplomats": those are unnamed
    definite = words and (words[0].casefold() in ("the", "this") or re.search(r"[’']s\b", speaker))
    if definite and 2 <= len(words) <= 3 and words[0].casefold() == "the" \
            and (_demonym(words[1]) or re.fullmatch(r"\d{1,3}-year-old", words[1])) \
            and (len(words) == 2 or words[2].casefold() not in entities.body_nouns()):
        # "the Tanzanian", "the Frenchman", "the Portuguese tactician", "the 34-year-old": someone the story is
        # about, named before, as "he" would be; not the body with "Argentine" in its name ("the Argentine ministry" is one)
        return _pronoun_referent("they", field, start, texts, named, previous)
    if definite and len(words) <= 7:
        return _role_referent(speaker, field, start, texts, named)
    return None
