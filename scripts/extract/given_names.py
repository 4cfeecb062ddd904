"""Given names: whether a word is someone's first name, and of which gender.

From gender-guesser's dictionary of some 40,000 given names of many countries
(Jörg Michael's nam_dict), loaded once per process on first use.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path

import gender_guesser.detector

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


def _first(name: str) -> str | None:
    words = [w for w in name.split() if w[:1].isupper()]
    return words[0].split("-")[0] if len(words) >= 2 else None


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
