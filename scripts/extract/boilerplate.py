"""Boilerplate: recognise the site chrome a scraped article carries along.

The phrases live in data/boilerplate.yml; this module only knows how to apply
them to one line at a time. Each function returns what it removed, with the
name of the rule, so the build can publish what was taken out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "boilerplate.yml"

#: A line with no letter or digit: separators ("-", "* * *") and stray
#: punctuation left behind by a scrape (a lone ")").
_NO_WORDS = re.compile(r"^[\W_]+$")


@dataclass(frozen=True)
class Removal:
    text: str
    rule: str


@dataclass(frozen=True)
class Rules:
    lines: frozenset[str]
    line_prefixes: tuple[str, ...]
    glued_prefix: re.Pattern[str] | None
    inline: re.Pattern[str] | None
    caption_credit: re.Pattern[str]
    date_labels: tuple[str, ...]


def _normal(phrase: str) -> str:
    return " ".join(phrase.casefold().split()).rstrip(".:")


@cache
def rules(path: Path = DATA_FILE) -> Rules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    glued = sorted(data.get("glued_prefixes", []), key=len, reverse=True)
    inline = data.get("inline_patterns", [])
    credits = sorted(data["caption_credit_words"], key=len, reverse=True)
    return Rules(
        lines=frozenset(_normal(p) for p in data.get("lines", [])),
        line_prefixes=tuple(p.casefold() for p in data.get("line_prefixes", [])),
        # Glued only when a capital letter or an opening quote follows at once:
        # "More ShortsTrump said" is a widget label, "More shorts are sold" is prose.
        glued_prefix=re.compile(
            r"^(?:" + "|".join(re.escape(p) for p in glued) + r")(?=[A-Z\"“‘'])"
        )
        if glued
        else None,
        inline=re.compile("|".join(f"(?:{p})" for p in inline)) if inline else None,
        caption_credit=re.compile(r"\b(?:" + "|".join(re.escape(w) for w in credits) + r")\b"),
        date_labels=tuple(sorted(data.get("date_labels", []), key=len, reverse=True)),
    )


def is_separator(line: str) -> bool:
    """True for a line with no letters or digits at all."""
    return bool(_NO_WORDS.match(line))


def whole_line_rule(line: str, r: Rules | None = None) -> str | None:
    """Name the rule that makes this whole line boilerplate, or None."""
    r = r or rules()
    normal = _normal(line)
    if normal in r.lines:
        return "line"
    folded = line.strip().casefold()
    for prefix in r.line_prefixes:
        if folded.startswith(prefix):
            return "line prefix"
    return None


def strip_glued_prefix(line: str, r: Rules | None = None) -> tuple[str, Removal | None]:
    """Remove a widget label glued to the start of a paragraph."""
    r = r or rules()
    if r.glued_prefix is None:
        return line, None
    match = r.glued_prefix.match(line)
    if not match:
        return line, None
    return line[match.end():], Removal(match.group(0), "glued prefix")


def strip_inline(line: str, r: Rules | None = None) -> tuple[str, list[Removal]]:
    """Remove footnote markers and the like from inside a line.

    The marker's space is kept only when it was the sole separator between
    two words ("word[1]next" -> "word next"; "reported [1]by" -> "reported by").
    """
    r = r or rules()
    if r.inline is None:
        return line, []
    removed: list[Removal] = []

    def replace(match: re.Match[str]) -> str:
        removed.append(Removal(match.group(0), "inline marker"))
        before = line[match.start() - 1] if match.start() > 0 else " "
        after = line[match.end()] if match.end() < len(line) else " "
        return " " if before.isalnum() and after.isalnum() else ""

    cleaned = r.inline.sub(replace, line)
    return cleaned, removed


def is_caption(paragraph: str, r: Rules | None = None) -> bool:
    """A photo caption ends with a parenthesised credit naming a photo source.

    "Leaders meet in Dushanbe, October 10 (Jane Doe, Pool Photo via AP)"
    """
    r = r or rules()
    text = paragraph.rstrip()
    if not text.endswith(")"):
        return False
    opening = text.rfind("(")
    if opening <= 0:
        return False
    credit = text[opening + 1 : -1]
    return bool(r.caption_credit.search(credit)) and ("," in credit or "/" in credit or " via " in f" {credit} ")
