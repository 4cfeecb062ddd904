"""Events: what a text reports as happening, with its date as written.

A trigger word (data/events.yml) opens an event of its type. The event
takes the date expressions of its sentence that are nearest to it in the
parse ("visit the White House on November 18"), each date going to one
event only; its participants are the entities and countries of the
sentence; its place an entity after "in" or "at". Dates are only read here;
they are resolved at load time against the article's publication date
(scripts/dates.py), since that may come from the manifest.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from . import dates, vocabulary

DATA_FILE = Path(__file__).parent / "data" / "events.yml"
_DATE_LABELS = {"DATE", "TIME"}


@dataclass(frozen=True)
class Triggers:
    verbs: dict[str, str]  # lemma -> type
    nouns: dict[str, str]
    not_after: dict[str, frozenset[str]]
    future: frozenset[str]
    dated_only: dict[str, str]  # lemma -> type, kept only with a date


@cache
def triggers() -> Triggers:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    verbs, nouns = {}, {}
    for kind, words in data["types"].items():
        for lemma in words.get("verbs", []):
            verbs[lemma] = kind
        for lemma in words.get("nouns", []):
            nouns[lemma.split()[-1]] = kind
    return Triggers(
        verbs=verbs,
        nouns=nouns,
        not_after={k: frozenset(v) for k, v in data.get("not_after", {}).items()},
        future=frozenset(data["future_markers"]),
        dated_only={lemma: kind for kind, lemmas in data.get("dated_only", {}).items() for lemma in lemmas},
    )


def _event_type(token: Token, t: Triggers) -> str | None:
    if token.ent_type_ and token.ent_type_ not in _DATE_LABELS and token.pos_ == "PROPN":
        return None  # part of a name ("the Abraham Accords"), not something happening
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB",) and lemma in t.verbs:
        return t.verbs[lemma]
    if token.pos_ in ("VERB",) and lemma in t.dated_only:
        return t.dated_only[lemma]
    if token.pos_ == "NOUN" and (lemma in t.nouns or token.lower_ in t.nouns):  # "Declaration" in a name is no statement
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if following is not None and following.lower_ in t.not_after.get(lemma, ()):
            return None
        return t.nouns.get(lemma) or t.nouns.get(token.lower_)
    return None


def _governor(token: Token) -> Token:
    """The verb a trigger belongs to: itself, or the verb its noun phrase hangs from."""
    node = token
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head is node:
            return node
        node = node.head
    return node


def tense(token: Token) -> str | None:
    """'future', 'past' or None, from the clause around a trigger."""
    t = triggers()
    node = _governor(token)
    chain = [node, *list(node.ancestors)[:3]]
    for verb in chain:
        words = [verb, *verb.children]
        if any(w.lower_ in t.future or w.lemma_.lower() in t.future or w.tag_ == "MD" for w in words if w.dep_ in ("aux", "ROOT", "xcomp", "auxpass") or w is verb):
            return "future"
        if verb.tag_ == "TO" or any(c.tag_ == "TO" for c in verb.children):
            continue
        if verb.tag_ in ("VBD",) or (verb.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had", "was", "were") for c in verb.children)):
            return "past"
        if verb.tag_ in ("VBZ", "VBP"):
            return None
    return None


_VERBAL = ("VERB", "AUX")
#: Links along which a date still belongs to the same happening: "return ... to announce",
#: "followed by talks". A clause opened by a marker ("since", "after", "as") is another happening.
_CLAUSE_LINKS = {"xcomp", "advcl", "ccomp", "conj", "pcomp", "prep", "pobj", "dobj", "nsubj", "nsubjpass", "acl"}


def _clause_verb(token: Token) -> Token:
    node = token
    for _ in range(8):
        if node.pos_ in _VERBAL or node.head is node:
            return node
        node = node.head
    return node


def _reaches(start: Token, goal: Token) -> bool:
    node = start
    for _ in range(4):
        if node == goal:
            return True
        if node.dep_ not in _CLAUSE_LINKS or node.head is node \
                or any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.lower_ in ("when", "while", "whenever")) for c in node.children):
            return False  # a clause opened by "since", "after", "when" is another happening
        node = node.head
    return node == goal


def _linked(date: Token, trigger: Token) -> bool:
    """Whether a date expression belongs to the happening a trigger names."""
    for node in [date, *date.ancestors]:
        if node == trigger:
            return True  # "visit ... on November 18"
        if node.pos_ in _VERBAL:
            break
    verb, governor = _clause_verb(date), _governor(trigger)
    return _reaches(verb, governor) or _reaches(governor, verb)


def _tree_distance(a: Token, b: Token) -> int:
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return 99


#: One-word vague dates that stand alone as adverbs ("will be held soon");
#: "earlier", "later" and "recently" mostly modify other words.
_VAGUE_ADVERBS = frozenset(w for w in dates.VAGUE_WORDS if " " not in w) - vocabulary.date_words().modifiers


def _date_spans(sentence: Span, date_ents: list[Span]) -> list[Span]:
    """Date expressions of a sentence: the model's DATE/TIME spans and vague adverbs.

    Adjacent spans are one expression ("Thursday" + "evening"), and so are two
    joined as a range ("from Monday to Wednesday", "May 2 and May 5").
    """
    joins = vocabulary.date_words().range_joins
    doc = sentence.doc
    spans: list[Span] = []
    for e in date_ents:
        if e.start < sentence.start or e.end > sentence.end or dates.is_duration(e.text):
            continue
        e = _with_days_before(e, sentence.start)
        if spans:
            gap = doc[spans[-1].end : e.start]
            openers = {spans[-1][0].lower_, doc[spans[-1].start - 1].lower_ if spans[-1].start > sentence.start else ""}
            # "12-14 March", "from Monday to Wednesday", "between 2017 and 2020", "June 13 and 14", "Thursday and Friday"
            ranged = gap[0].text in "-–" or bool(openers & {"from", "between"}) or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", e.text) \
                or _next_day(spans[-1].text, e.text) if len(gap) == 1 and gap[0].lower_ in joins else False
            if len(gap) == 0 or ranged:
                spans[-1] = doc[spans[-1].start : e.end]
                continue
        spans.append(e)
    # the end of a range the model did not tag as a date: "from 2022 to 2025", "from August 24 to 26"
    for n, span in enumerate(spans):
        end = span.end
        opener = doc[span.start - 1].lower_ if span.start > sentence.start else ""
        if end + 1 < sentence.end and doc[end].lower_ in joins and opener in ("from", "between") \
                and re.fullmatch(r"\d{1,2}|\d{4}", doc[end + 1].text) and not doc[end + 1].ent_type_ in _DATE_LABELS:
            spans[n] = doc[span.start : end + 2]
    taken = {i for e in spans for i in range(e.start, e.end)}
    for token in sentence:
        if token.lower_ in _VAGUE_ADVERBS and token.pos_ == "ADV" and token.i not in taken:
            spans.append(doc[token.i : token.i + 1])
    return spans


def _triggers(sentence: Span, t: Triggers) -> list[tuple[Token, str]]:
    """The words of a sentence that report a happening of a known type."""
    found = []
    for token in sentence:
        kind = _event_type(token, t)
        if kind is None:
            continue
        if token.dep_ == "compound" and _event_type(token.head, t) == kind:
            continue  # "signing ceremony": one event
        found.append((token, kind))
    return found


def _assign(found: list[tuple[Token, str]], spans: list[Span], t: Triggers) -> tuple[dict[int, Span], list[Span]]:
    """Each date to the nearest trigger whose happening it belongs to; returns those and the dates no trigger took."""
    assignment: dict[int, Span] = {}
    left: list[Span] = []
    for date in spans:
        root = date.root
        if root.dep_ in ("compound", "poss") and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= date.end \
                and not any(f[0] == root.head for f in found):
            left.append(date)  # "the December deadline", "Sunday's vote": the noun's date, no verb's
            continue
        linked = [f for f in found if _linked(date.root, f[0])]
        # A speech verb gets a date only when no happening in its clause takes it, and the date
        # is its own ("said on Tuesday that …", not "said talks would be held on Tuesday").
        happenings = [f for f in linked if f[0].lemma_.lower() not in t.dated_only or f[0].lemma_.lower() in t.verbs]
        if not happenings:
            anchor = _anchor(date)
            happenings = [f for f in linked if anchor is None or f[0] == anchor]
        linked = happenings
        if not linked:
            left.append(date)
            continue
        nearest = min(linked, key=lambda f: (_tree_distance(f[0], date.root), abs(f[0].i - date.start)))
        previous = assignment.get(nearest[0].i)
        if previous is None or _tree_distance(nearest[0], date.root) < _tree_distance(nearest[0], previous.root):
            assignment[nearest[0].i] = date
            if previous is not None:
                left.append(previous)
        else:
            left.append(date)
    return assignment, left


#: Dependency links from a date up to what it dates that pass through no happening of their own.
_DATE_LINKS = {"pobj", "prep", "npadvmod", "nummod", "compound", "appos", "conj", "cc", "quantmod", "amod", "advmod", "nmod", "poss", "pcomp"}


def _anchor(date: Span) -> Token | None:
    """The happening a date no trigger took belongs to: the noun it modifies or the predicate of its clause.

    "the September deadline" and "Sunday's vote" date the noun; "recalled its
    envoy on Monday" and "rejected the plan Tuesday" date the verb; "the
    referendum on October 12" the noun the phrase hangs from.
    """
    inside = set(range(date.start, date.end))
    node = date.root
    for _ in range(8):
        if node.i not in inside and node.pos_ in ("VERB", "AUX", "NOUN", "PROPN") and node.ent_type_ not in _DATE_LABELS:
            return node
        if node.head is node or (node.i not in inside and node.dep_ not in _DATE_LINKS and node.pos_ not in ("ADP", "PART", "DET")):
            return None
        node = node.head
    return None


_DAY_NUMBER = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")


def _with_days_before(date: Span, sentence_start: int) -> Span:
    """A month the model tagged without the days written before it: "12-14" + "March", "3 and 4" + "June"."""
    doc, start = date.doc, date.start
    if date[0].lower_ not in dates.MONTH_NAMES:
        return date
    while start - 1 >= sentence_start and _DAY_NUMBER.fullmatch(doc[start - 1].text):
        start -= 1
        if start - 2 >= sentence_start and doc[start - 1].lower_ in ("-", "–", "and", "to") and _DAY_NUMBER.fullmatch(doc[start - 2].text):
            start -= 2
        break
    return doc[start : date.end] if start < date.start else date


def _next_day(first: str, second: str) -> bool:
    """Two weekdays or two months in a row, "Thursday and Friday", "September and October": one stretch."""
    a, b = first.casefold().strip(), second.casefold().strip()
    if a in dates.WEEKDAYS and b in dates.WEEKDAYS:
        return (dates.WEEKDAYS[a] + 1) % 7 == dates.WEEKDAYS[b]
    months = [m.casefold() for m in calendar.month_name]
    return a in months[1:] and b in months[1:] and months.index(a) % 12 + 1 == months.index(b)


def find(doc: Doc, sentence_starts: list[int], text: str | None = None) -> list[dict]:
    """Events in one parsed text: type, trigger, start, end, sentence, tense, date_text, date span, place/participant spans.

    A word of data/events.yml opens an event of its type, dated or not; every
    date no such word takes dates the happening it belongs to, as type
    `other` (or the type its anchor word has).
    """
    t = triggers()
    events: list[dict] = []
    date_ents = [e for e in doc.ents if e.label_ in _DATE_LABELS]
    date_starts = [e.start for e in date_ents]
    text = doc.text if text is None else text
    for sentence in doc.sents:
        in_sentence = date_ents[bisect.bisect_left(date_starts, sentence.start) : bisect.bisect_left(date_starts, sentence.end)]
        found = _triggers(sentence, t)
        assignment, left = _assign(found, _date_spans(sentence, in_sentence), t)
        for token, kind in found:
            date = assignment.get(token.i)
            if date is None and token.lemma_.lower() in t.dated_only and token.lemma_.lower() not in t.verbs:
                continue
            events.append(_record(token, kind, date, sentence, sentence_starts, text))
        for date in left:
            anchor = _anchor(date)
            if anchor is not None:
                kind = _event_type(anchor, t) or t.dated_only.get(anchor.lemma_.lower()) or "other"
                events.append(_record(anchor, kind, date, sentence, sentence_starts, text))
    return events


def _record(token: Token, kind: str, date: Span | None, sentence: Span, sentence_starts: list[int], text: str) -> dict:
    trigger = _trigger_phrase(token)
    return {
        "type": kind,
        "trigger": text[trigger[0] : trigger[1]],
        "start": trigger[0],
        "end": trigger[1],
        "sentence": max(0, bisect.bisect_right(sentence_starts, token.idx) - 1),
        # A dated noun of no known type ("the December deadline" under "had agreed") has no tense of its own.
        "tense": None if kind == "other" and token.pos_ in ("NOUN", "PROPN") else tense(token),
        "date_text": _date_text(date) if date is not None else None,
        "date_start": date.start_char if date is not None else None,
        "date_end": date.end_char if date is not None else None,
        "places": _places(sentence, token),
        "agents": _agents(token),
        "sentence_start": sentence.start_char,
        "sentence_end": sentence.end_char,
    }


def _date_text(date: Span) -> str:
    """The date as written, with the words that shape it ("as early as this weekend", "by 2027", "the eve of the March 9")."""
    text = date.text
    before = date.doc[max(date.start - 4, date.sent.start) : date.start].text
    qualifiers = vocabulary.date_words().qualifiers
    match = re.search(rf"(?<![\w-])(?:{'|'.join(map(re.escape, qualifiers))})\s*$", before, re.IGNORECASE)
    return f"{match.group(0).strip()} {text}" if match and not text.lower().startswith(qualifiers) else text


def _trigger_phrase(token: Token) -> tuple[int, int]:
    """The trigger with the compound words around it ("signing ceremony", "phone call")."""
    words = [token] + [c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    if token.dep_ == "compound":
        words.append(token.head)
    start = min(w.idx for w in words)
    end = max(w.idx + len(w.text) for w in words)
    return start, end


def _places(sentence: Span, trigger: Token) -> list[tuple[int, int]]:
    """Character spans of noun phrases after "in" or "at" in the trigger's clause."""
    spans = []
    governor = _governor(trigger)
    for token in sentence:
        if token.dep_ == "pobj" and token.head.lower_ in ("in", "at") and (token.head.head in (trigger, governor) or token.head.head.head in (trigger, governor)):
            spans.append((token.left_edge.idx, token.idx + len(token.text)))
    return spans


def _agents(trigger: Token) -> list[tuple[int, int]]:
    """Character spans of who does it: the subject of the trigger's verb, or of the verb it hangs from.

    "the president is expected to visit": the subject of "expected"; "the
    king's visit": the possessor of the noun.
    """
    spans = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for c in trigger.children if c.dep_ == "poss"]
    node = _governor(trigger)
    for _ in range(3):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
        if subjects:
            spans.extend((c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for c in subjects)
            break
        if node.dep_ not in ("xcomp", "advcl", "conj") or node.head is node:
            break
        node = node.head
    return spans
