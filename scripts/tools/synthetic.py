"""Synthetic: the per-article extraction files of a news-like corpus of any size, without the language model.

    python -m scripts.tools.synthetic --n 100000 --out build/bench/synthetic-100000 [--seed 0] [--jobs 2]

Writes OUT/articles/<id>.json and OUT/collection.json exactly as
`python -m scripts.extract` does (same record layout, same index), so the
real loader (`python -m scripts.load OUT/collection.json …`) builds a
database from them. It skips the language work, which costs about a minute
per thousand articles: `make bench-serve` measures the loader and the site,
not spaCy (`make bench` measures that).

What makes it look like news at scale rather than one story repeated:

- people, organizations and outlets are drawn from Zipf-like
  distributions with no fixed list, so the number of distinct names grows
  with the corpus (hundreds at 200 articles, tens of thousands at 100,000)
  while a few names are everywhere;
- events are reports of "real" events drawn from a pool that grows with
  the corpus (one per ten articles), each with its type, stated date, the
  person doing it and the country it happens in, so the loader's
  clustering (scripts/load/clusters.py) groups every source's report of
  one event — thousands of clusters at 100,000 articles; a tenth of the
  reports give no date;
- most quotations are unique wordings; a few are statements drawn from a
  shared pool, so several sources carry them (shared_quotes);
- sentences, mentions, country mentions, quotes and events point at the
  exact characters of the body they were written into.

Deterministic: the same N and seed write the same bytes, whatever --jobs is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import re
import shutil
import sys
import time
from functools import cache
from pathlib import Path
from random import Random

from ..extract import articles, collection, ingest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "seeds", ROOT / "tests" / "holdout")

#: Bumped when the generator's output changes, so a cached corpus is rewritten.
VERSION = 1
#: Zipf-like draws: P(rank k) falls as (k + q) ** -(1 + alpha) (a shifted Pareto, rounded down).
PEOPLE = (0.5, 30)
ORGANIZATIONS = (0.5, 30)
COUNTRIES = (0.8, 3)
EVENTS = (0.6, 50)
STATEMENTS = (0.6, 20)
OUTLETS = (0.8, 5)
#: Pools that grow with the corpus: one real event per EVENTS_PER articles, one shared statement per STATEMENTS_PER.
EVENTS_PER = 10
STATEMENTS_PER = 5
#: Share of quotations that are a shared statement rather than a wording of their own.
SHARED_QUOTES = 0.12
#: Share of event reports that give no date.
UNDATED = 0.1
#: The first day real events happen on; each type's events fall on successive days from it.
FIRST_DAY = dt.date(2022, 1, 3)

# Syllables that fold to distinct name keys (scripts/load/entities.py folds g/q/k, h-pairs and doubled letters).
_CONSONANTS = "bdflmnprstvz"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]
_FIRST_NAMES = (
    "Amina Ana Boris Carlos Chen Daniel Elena Fatima Hassan Ines Ivan Jamal Julia Layla Leila Lucas Maria Marta Mei "
    "Mohammed Nadia Noor Olga Omar Pablo Priya Rahul Rosa Samir Sara Sofia Tariq Tomas Yusuf Zainab Aidan Beatriz "
    "Dmitri Esther Farid Greta Hana Irina Jonas Karim Lena Mateo Nikolai Oksana Pedro Ravi Sione Thabo Umar Vera"
).split()
_BODIES = "Ministry Institute Party Bank Council Group Authority Foundation Agency Union Commission Alliance".split()
_OUTLETS = "Times Post Herald Tribune Courier Observer Gazette Chronicle Monitor Journal".split()
_ROLES = ("President", "Prime Minister", "Foreign Minister", "Ambassador", "Senator", "Governor", "Chief Executive")
_ANONYMOUS = ("a senior official", "a diplomat", "an aide", "a government spokesperson", "a person familiar with the talks")
#: Per event type: the words of a report (the trigger first), and whether the trigger is a verb.
_REPORTS = {
    "announcement": ("announced", "a new plan"),
    "meeting": ("met", "the delegation"),
    "visit": ("visited", "the capital"),
    "call": ("phoned", "the leadership"),
    "signing": ("signed", "the agreement"),
    "agreement": ("agreed", "to the terms"),
    "statement": ("statement", None),
    "other": ("vote", None),
}
_DATE_FORMATS = ("{d.day} {month} {d.year}", "{month} {d.day}, {d.year}")


def zipf(rng: Random, shape: tuple[float, int], limit: int | None = None) -> int:
    """A rank from 1: small ranks often, any rank possible (or at most `limit`)."""
    alpha, q = shape
    while True:
        rank = int(q * (rng.paretovariate(alpha) - 1)) + 1
        if limit is None or rank <= limit:
            return rank


def syllables(number: int, least: int = 2) -> str:
    """A capitalised made-up word, one for every number (base-60 digits as syllables)."""
    parts = []
    while number or len(parts) < least:
        number, digit = divmod(number, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(parts).capitalize()


def person(rank: int) -> str:
    return f"{_FIRST_NAMES[rank * 7 % len(_FIRST_NAMES)]} {syllables(rank, 3)}"


def organization(rank: int) -> str:
    return f"{syllables(rank // len(_BODIES) + 1)} {_BODIES[rank % len(_BODIES)]}"


def outlet(rank: int) -> str:
    return f"The {syllables(rank // len(_OUTLETS) + 7)} {_OUTLETS[rank % len(_OUTLETS)]}"


@cache
def source_material() -> tuple[list[str], list[str]]:
    """Headlines and body paragraphs of the real articles (seeds and hold-out)."""
    titles, paragraphs = [], []
    for folder in SOURCES:
        seeds, _ = ingest.scan(folder)
        for seed in seeds:
            _, text = ingest.read_seed(seed.path)
            article = articles.parse(text)
            if article.title:
                titles.append(article.title)
            paragraphs.extend(p for p in article.body.split("\n\n") if len(p.split()) >= 8)
    return titles, paragraphs


@cache
def _material() -> tuple[list[str], list[str], list[str]]:
    """Real headlines, real sentences (filler between the extracted ones) and a vocabulary for quotations."""
    titles, paragraphs = source_material()
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", p) if 6 <= len(s.split()) <= 45]
    words = sorted({w for s in sentences for w in re.findall(r"[a-z]{3,}", s)})
    return titles, sentences, words


@cache
def _countries() -> list[tuple[str, str]]:
    """(iso3, name) of every country, in a fixed shuffled order: the order of their Zipf ranks."""
    from ..extract import countries

    found = sorted((c.iso3, c.name) for c in countries.gazetteer().countries.values())
    Random(1).shuffle(found)
    return found


def _date_text(day: dt.date, rng: Random) -> str:
    return rng.choice(_DATE_FORMATS).format(d=day, month=day.strftime("%B"))


@cache
def real_event(seed: int, number: int) -> dict:
    """The `number`-th real event of the corpus: type, day, who does it and where."""
    rng = Random(f"{seed}:event:{number}")
    types = list(_REPORTS)
    return {
        "type": types[number % len(types)],
        "day": FIRST_DAY + dt.timedelta(days=number // len(types)),
        "agent": person(zipf(rng, PEOPLE)),
        "iso3": _countries()[zipf(rng, COUNTRIES, len(_countries())) - 1],
    }


@cache
def statement(seed: int, number: int) -> tuple[str, str]:
    """The `number`-th shared statement: its words and who said it."""
    rng = Random(f"{seed}:statement:{number}")
    return _wording(rng), person(zipf(rng, PEOPLE))


def _wording(rng: Random) -> str:
    words = rng.choices(_material()[2], k=rng.randint(8, 18))
    return " ".join(words).capitalize()


class _Body:
    """An article body written sentence by sentence, with the offsets of everything marked in it."""

    def __init__(self) -> None:
        self.text = ""
        self.sentences: list[dict] = []
        self.mentions: list[dict] = []
        self.country_mentions: list[dict] = []
        self.quotes: list[dict] = []
        self.events: list[dict] = []
        self._start = 0

    def begin(self, new_paragraph: bool) -> None:
        if self.text:
            self.text += "\n\n" if new_paragraph else " "
        self._start = len(self.text)

    def write(self, words: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += words
        return start, len(self.text)

    def end(self) -> int:
        position = len(self.sentences)
        self.sentences.append({"field": "body", "position": position, "start": self._start, "end": len(self.text),
                               "text": self.text[self._start:]})
        return position

    def name(self, name: str, kind: str, role: str | None = None) -> tuple[int, int]:
        if role:
            self.write(role + " ")
        start, end = self.write(name)
        self.mentions.append({"field": "body", "start": start, "end": end, "text": name, "name": name, "type": kind,
                              "label": "PERSON" if kind == "person" else "ORG", "role": role, "fixed": False, "sentence": None})
        return start, end

    def country(self, iso3: str, name: str) -> tuple[int, int]:
        start, end = self.write(name)
        self.country_mentions.append({"field": "body", "start": start, "end": end, "text": name, "iso3": iso3, "via": "name", "sentence": None})
        return start, end

    def close(self, position: int) -> None:
        """Give the sentence's rows their sentence number."""
        for rows in (self.mentions, self.country_mentions, self.quotes, self.events):
            for row in rows:
                if row["sentence"] is None:
                    row["sentence"] = position


def _event_sentence(body: _Body, rng: Random, seed: int, events: int) -> None:
    event = real_event(seed, zipf(rng, EVENTS, events))
    trigger, rest = _REPORTS[event["type"]]
    iso3, country = event["iso3"]
    agent = body.name(event["agent"], "person", rng.choice(_ROLES) if rng.random() < 0.3 else None)
    if rest:
        body.write(" ")
        where = body.write(trigger)
        body.write(f" {rest} in ")
    else:
        body.write(" issued a ")
        where = body.write(trigger)
        body.write(" in ")
    place = body.country(iso3, country)
    dated = rng.random() >= UNDATED
    date_span = None
    if dated:
        body.write(" on ")
        date_span = body.write(_date_text(event["day"], rng))
    if rng.random() < 0.5:
        body.write(", according to the ")
        body.name(organization(zipf(rng, ORGANIZATIONS)), "organization")
    body.write(".")
    sentence_start = body._start
    body.events.append({
        "field": "body", "type": event["type"], "trigger": trigger, "start": where[0], "end": where[1], "tense": "past",
        "date_text": body.text[date_span[0]:date_span[1]] if date_span else None,
        "date_start": date_span[0] if date_span else None, "date_end": date_span[1] if date_span else None,
        "agents": [list(agent)], "places": [list(place)], "sentence": None,
        "sentence_start": sentence_start, "sentence_end": len(body.text),
    })


def _quote_sentence(body: _Body, rng: Random, seed: int, statements: int, outlets: int) -> None:
    shared = rng.random() < SHARED_QUOTES
    if shared:
        words, speaker = statement(seed, zipf(rng, STATEMENTS, statements))
    else:
        words, speaker = _wording(rng), (person(zipf(rng, PEOPLE)) if rng.random() < 0.75 else None)
    body.write("“")
    quoted = body.write(words)
    body.write(",” ")
    quote = {"field": "body", "start": quoted[0], "end": quoted[1], "text": words, "sentence": None}
    if speaker:
        said = body.name(speaker, "person")
        body.write(" said.")
        quote.update(speaker=speaker, speaker_start=said[0], speaker_end=said[1], cue="said", anonymous=0,
                     speaker_ref={"field": "body", "start": said[0], "end": said[1]}, via=None, via_start=None, via_end=None)
    else:
        anonymous = rng.choice(_ANONYMOUS)
        said = body.write(anonymous)
        body.write(" told ")
        via = body.name(outlet(zipf(rng, OUTLETS, outlets)), "organization")
        body.write(".")
        quote.update(speaker=anonymous, speaker_start=said[0], speaker_end=said[1], cue="told", anonymous=1,
                     speaker_ref=None, via=body.text[via[0]:via[1]], via_start=via[0], via_end=via[1])
    body.quotes.append(quote)


def _mention_sentence(body: _Body, rng: Random) -> None:
    body.name(person(zipf(rng, PEOPLE)), "person", rng.choice(_ROLES) if rng.random() < 0.4 else None)
    body.write(" of the ")
    body.name(organization(zipf(rng, ORGANIZATIONS)), "organization")
    body.write(" discussed ")
    iso3, name = _countries()[zipf(rng, COUNTRIES, len(_countries())) - 1]
    body.country(iso3, name)
    body.write(" with ")
    body.name(person(zipf(rng, PEOPLE)), "person")
    body.write(".")


def article_id(number: int) -> str:
    return f"syn_{number:06d}"


def record(number: int, n: int, seed: int = 0) -> dict:
    """The extraction record of article `number` of an N-article corpus, as scripts/extract/collection.py writes it."""
    rng = Random(f"{seed}:article:{number}")
    titles, fillers, _ = _material()
    events, statements, outlets = max(20, n // EVENTS_PER), max(10, n // STATEMENTS_PER), max(5, n // 300)
    kinds = ["event"] * rng.randint(4, 9) + ["quote"] * rng.randint(1, 5) + ["mention"] * rng.randint(1, 3) + ["filler"] * rng.randint(2, 5)
    rng.shuffle(kinds)
    body = _Body()
    for kind in kinds:
        body.begin(new_paragraph=rng.random() < 0.6)
        if kind == "event":
            _event_sentence(body, rng, seed, events)
        elif kind == "quote":
            _quote_sentence(body, rng, seed, statements, outlets)
        elif kind == "mention":
            _mention_sentence(body, rng)
        else:
            body.write(rng.choice(fillers))
        body.close(body.end())
    title = rng.choice(titles)
    published = FIRST_DAY + dt.timedelta(days=rng.randrange(4 * 365))
    authors = [person(10**6 + zipf(rng, (0.8, 10), max(10, n // 20))) for _ in range(rng.randint(1, 2))]
    fields = articles.Article(
        title=title, body=body.text, published=published.isoformat(), url=f"https://news.example/{article_id(number)}",
        publisher=outlet(zipf(rng, OUTLETS, outlets)), byline=" and ".join(authors), authors=authors, language="en",
        sources={name: "html-meta" for name in ("published", "url", "publisher", "byline")},
        word_count=len(body.text.split()),
    ).to_json()
    fields.pop("removed")
    title_sentence = {"field": "title", "position": 0, "start": 0, "end": len(title), "text": title}
    return {
        "format": collection.FORMAT,
        "id": article_id(number),
        "file": f"{article_id(number)}.html",
        "kind": ingest.PAGE,
        "sha256": hashlib.sha256(f"{seed}:{number}:{body.text}".encode()).hexdigest(),
        "article": fields,
        "boilerplate": [],
        "sentences": [title_sentence, *body.sentences],
        "mentions": body.mentions,
        "country_mentions": body.country_mentions,
        "quotes": body.quotes,
        "events": body.events,
        "fingerprint": fingerprint(seed),
    }


def fingerprint(seed: int) -> str:
    return f"synthetic {VERSION} seed {seed}"


def _write_range(task: tuple[int, int, int, int, Path]) -> list[dict]:
    """Write the JSON files of articles start..stop; their index entries."""
    start, stop, n, seed, folder = task
    entries = []
    for number in range(start, stop):
        data = record(number, n, seed)
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8") + b"\n"
        path = folder / f"{data['id']}.json"
        path.write_bytes(text)
        entries.append({"id": data["id"], "file": data["file"], "sha256": data["sha256"], "fingerprint": data["fingerprint"],
                        "json": path.name, "json_sha256": hashlib.sha256(text).hexdigest()})
    return entries


#: Articles per task handed to a worker.
CHUNK = 500


def write(n: int, out: Path, seed: int = 0, jobs: int = 1) -> Path:
    """Write OUT/articles/*.json and OUT/collection.json for N articles; return the index's path.

    A folder already holding this N, seed and generator version is kept as it is.
    """
    index_path, stamp = out / "collection.json", out / "synthetic.json"
    wanted = {"n": n, "seed": seed, "version": VERSION}
    if index_path.exists() and stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
        return index_path
    folder = out / "articles"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    stamp.unlink(missing_ok=True)
    _material(), _countries()  # read once, before any worker forks
    tasks = [(start, min(n, start + CHUNK), n, seed, folder) for start in range(0, n, CHUNK)]
    entries: list[dict] = []
    started = time.monotonic()
    if jobs > 1 and len(tasks) > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for done in pool.imap(_write_range, tasks):
                entries += done
                _progress(len(entries), n, started)
    else:
        for task in tasks:
            entries += _write_range(task)
            _progress(len(entries), n, started)
    index = {"format": collection.FORMAT, "fingerprint": fingerprint(seed), "articles": entries, "rejected": []}
    index_path.write_text(json.dumps(index, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    stamp.write_text(json.dumps(wanted) + "\n", encoding="utf-8")
    return index_path


def _progress(done: int, n: int, started: float) -> None:
    if done == n or done % (20 * CHUNK) == 0:
        print(f"synthetic: {done:,}/{n:,} articles written, {time.monotonic() - started:.0f}s", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True, help="folder for articles/ and collection.json")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    print(write(args.n, args.out, args.seed, args.jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
