"""Given names: whether a word is someone's first name, and of which gender.

From gender-guesser's dictionary of some 40,000 given names of many countries
(Jörg Michael's nam_dict), loaded once per process on first use.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from functools import cache
from pathlib import Path

import gender_guesser.detector

from . import vocabulary

#: What the dictionary says of a name it knows.
_MALE, _FEMALE = ("male", "mostly_male"), ("female", "mostly_female")
_KNOWN = (*_MALE, *_FEMALE, "andy")


#: A folder where the parsed dictionary is kept between runs (the runner sets it to build/cache); None parses it every time.
#: Parsing the 40,000 lines costs half a second, most of what re-analysing one changed article costs besides spaCy.
CACHE_DIR: Path | None = None


@cache
def _dictionary() -> gender_guesser.detector.Detector:
    if CACHE_DIR is None:
        return gender_guesser.detector.Detector(case_sensitive=False)
    source = Path(gender_guesser.detector.__file__).parent / "data" / "nam_dict.txt"
    kept = CACHE_DIR / f"given-names-{hashlib.sha256(source.read_bytes() + pickle.dumps(pickle.HIGHEST_PROTOCOL)).hexdigest()[:16]}.pickle"
    try:
        found = pickle.loads(kept.read_bytes())
        if isinstance(found, gender_guesser.detector.Detector) and found.case_sensitive is False:
            return found
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        pass
    detector = gender_guesser.detector.Detector(case_sensitive=False)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_name(f".{kept.name}.{os.getpid()}.part")
        tmp.write_bytes(pickle.dumps(detector, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, kept)
    except OSError:
        pass  # a cache that cannot be written costs only time
    return detector


@cache
def abbreviations() -> frozenset[str]:
    """Given names written short before a name: "Ma." (María), "Md", "Mohd" (data/names.yml)."""
    return frozenset(vocabulary.read("names.yml")["given_name_abbreviations"])


def _first(name: str) -> str | None:
    words = [w for w in name.split() if w[:1].isupper()]
    if len(words) > 2 and words[0] in abbreviations():
        words = words[1:]  # "Ma. Lourdes Sarmiento-Abad": Lourdes
    return words[0].split("-")[0] if len(words) >= 2 else None


def is_weak(name: str) -> bool:
    """Whether the dictionary gives the first word's gender only as mostly one ("Tan", "Kim")."""
    first = _first(name)
    return bool(first) and _dictionary().get_gender(first) in ("mostly_male", "mostly_female")


def gender(name: str) -> list[str]:
    """["m"] or ["f"] when the name's first word is a given name of one gender ("Joost", "Rania");
    [] when it tells nothing (a family name written first, "Liu", is no one's given name there)."""
    first = _first(name)
    found = _dictionary().get_gender(first) if first else "unknown"
    return ["m"] if found in _MALE else ["f"] if found in _FEMALE else []


def opens_with_given_name(name: str) -> bool:
    """Whether a name of two words or more opens with a word the dictionary knows as a given name."""
    first = _first(name)
    return bool(first) and _dictionary().get_gender(first) in _KNOWN


def is_given_name(word: str) -> bool:
    """Whether one word is a given name the dictionary knows ("Martín", "Ezequiel")."""
    return word[:1].isupper() and _dictionary().get_gender(word) in _KNOWN


def given_names_after_family_name(name: str) -> bool:
    """Whether a name is written family name first, as in Vietnam, China or Korea: every word after the
    first is a given name the dictionary knows ("Nguyen Thi Bich Ngoc", "Nguyen Thanh Hai"), or the one
    after it is a given name romanized in two syllables ("Park Ji-sung")."""
    words = name.split()
    return (3 <= len(words) <= 4 and all(is_given_name(w) for w in words[1:])) \
        or (len(words) == 2 and re.fullmatch(r"[A-Z][a-z]+-[a-z]+", words[1]) is not None)  # "Ji-sung", "Wai-yee"
