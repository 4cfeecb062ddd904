"""Ingest: turn the files in a seeds folder into validated, decoded articles.

A seed is a plain UTF-8 text file (`<id>.txt`) or a saved web page
(`<id>.html`, `<id>.htm`). Every file in the folder is either accepted
(decoded text, or decoded page) or rejected with a one-line reason; nothing
is dropped without a trace. The checks are cheap, so they run over the whole
folder on every build; the page extraction and language work downstream are
incremental.
"""

from __future__ import annotations

import hashlib
import os
import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path

#: Files in the seeds folder that are not articles.
MANIFEST_NAME = "manifest.yml"
NOT_ARTICLES = {MANIFEST_NAME, "README.md", "README.txt"}
#: What each file name ending holds.
TEXT, PAGE = "text", "html"
KINDS = {".txt": TEXT, ".html": PAGE, ".htm": PAGE}

#: spaCy refuses texts over 1,000,000 characters by default, and no news
#: article comes near it; a larger file is almost certainly not an article.
DEFAULT_MAX_BYTES = 1_000_000
#: A saved page carries scripts, styles and inline images around the text:
#: real news pages run to 1-3 MB, so pages get a larger limit.
DEFAULT_MAX_PAGE_BYTES = 5_000_000
#: Some markup a saved web page has; a ".html" file without any is not a page.
_MARKUP = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main|div|p|meta|title)[\s>/]", re.IGNORECASE)

#: An id is the file's stem: it appears in URLs, file names and SQL, so it is
#: kept to characters that need no escaping anywhere.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@dataclass(frozen=True)
class Seed:
    """An accepted article file."""

    id: str
    file: str  # name within the seeds folder
    path: Path
    kind: str  # TEXT or PAGE
    sha256: str  # of the raw bytes, as published in articles.sha256
    text_sha256: str  # of the normalized text, for duplicate detection
    bytes: int


@dataclass(frozen=True)
class Rejection:
    """A file that is not loaded, and why."""

    file: str
    reason: str
    bytes: int | None = None

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


class IngestError(ValueError):
    """Raised by `decode` with a reason a user can act on."""


def decode(raw: bytes) -> str:
    """Decode a seed file's bytes to normalized text or raise IngestError.

    A UTF-8 byte-order mark is dropped and CRLF or lone CR line ends become
    LF, since editors and scrapers add them freely. Anything that is not
    UTF-8 text (binary, NUL bytes, another encoding) is refused rather than
    guessed at: a wrong guess would publish garbled text under a real
    outlet's name.
    """
    if not raw.strip():
        raise IngestError("empty file" if not raw else "contains only white space")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError("is UTF-16 (has a UTF-16 byte-order mark); save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise IngestError(f"binary file (NUL byte at offset {nul})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); save it as UTF-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("contains only white space")
    return text


def decode_page(raw: bytes) -> str:
    """Decode a saved web page as a browser would, or raise IngestError.

    The byte-order mark wins, then the charset its <meta> declares (read with
    w3lib, Scrapy's implementation of the HTML rules, which also maps labels
    such as "iso-8859-1" to the windows-1252 that browsers use), then UTF-8.
    A page that declares no charset and is not UTF-8 is decoded by
    charset_normalizer's best guess. Bytes that do not fit the chosen
    encoding are refused rather than replaced.
    """
    from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

    if not raw.strip():
        raise IngestError("empty file" if not raw else "contains only white space")
    bom, bom_bytes = read_bom(raw)
    if bom:
        encoding, raw, declared = bom, raw[len(bom_bytes):], "its byte-order mark"
    else:
        label = html_body_declared_encoding(raw)
        encoding = resolve_encoding(label) if label else None
        declared = f"its <meta> charset {label!r}"  # w3lib reads only labels it knows: an unknown one is no declaration
        if encoding and codecs.lookup(encoding).name.startswith("utf-16"):
            encoding = None  # a page read as bytes cannot be UTF-16 when its meta is legible ASCII
    if encoding is None:
        nul = raw.find(b"\x00")
        if nul >= 0:
            raise IngestError(f"binary file (NUL byte at offset {nul})")
        encoding, declared = _guess_encoding(raw), "a guess (no charset declared)"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise IngestError(
            f"not valid {encoding} (byte 0x{raw[error.start]:02x} at offset {error.start}), "
            f"the encoding given by {declared}"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise IngestError(f"binary file (NUL character at offset {nul})")
    if not _MARKUP.search(text):
        raise IngestError("named like a web page but holds no HTML markup; a plain text article belongs in a .txt file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _guess_encoding(raw: bytes) -> str:
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise IngestError("not text in any character encoding charset_normalizer knows; declare it with <meta charset>")
    return best.encoding


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def check_name(name: str) -> tuple[str, str]:
    """Return the article id and the kind of file for a file name, or raise IngestError."""
    stem, dot, suffix = name.rpartition(".")
    kind = KINDS.get(dot + suffix.lower())
    if not stem or kind is None:
        raise IngestError(
            "not an article file; articles are plain UTF-8 text files named <id>.txt "
            "or saved web pages named <id>.html"
        )
    if not ID_PATTERN.match(stem):
        raise IngestError(
            "file name cannot be an article id: use 1-100 ASCII letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return stem, kind


def limit(kind: str, max_bytes: int | None = None) -> int:
    """The largest file of this kind accepted; `max_bytes` (MAX_BYTES) overrides both defaults."""
    if max_bytes is not None:
        return max_bytes
    return DEFAULT_MAX_PAGE_BYTES if kind == PAGE else DEFAULT_MAX_BYTES


def read_seed(path: Path, max_bytes: int | None = None) -> tuple[Seed, str]:
    """Validate one file and return it with its decoded text (or page), or raise IngestError."""
    name = path.name
    try:
        info = path.lstat()
    except OSError as error:
        raise IngestError(f"cannot be read: {error.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise IngestError("is a symbolic link; copy the article into the folder instead")
    if stat.S_ISDIR(info.st_mode):
        raise IngestError("is a folder; articles must sit directly in the seeds folder")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError("is not a regular file")
    article_id, kind = check_name(name)
    largest = limit(kind, max_bytes)
    if info.st_size > largest:
        raise IngestError(f"too large: {info.st_size:,} bytes (the limit is {largest:,}; set MAX_BYTES to change it)")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot be read: {error.strerror}") from None
    text = decode_page(raw) if kind == PAGE else decode(raw)
    seed = Seed(
        id=article_id,
        file=name,
        path=path,
        kind=kind,
        sha256=sha256(raw),
        text_sha256=sha256(text),
        bytes=len(raw),
    )
    return seed, text


def read_raw(seed: Seed) -> bytes:
    """The bytes of an accepted seed, read again for the language work, or IngestError."""
    try:
        return seed.path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot be read: {error.strerror}") from None


def decode_seed(seed: Seed, raw: bytes) -> str:
    """The decoded text (or page) of a seed's bytes, wherever they were read (here, or by a cluster's client)."""
    return decode_page(raw) if seed.kind == PAGE else decode(raw)


def scan(folder: Path, max_bytes: int | None = None) -> tuple[list[Seed], list[Rejection]]:
    """Validate every file in `folder`; return accepted seeds and rejections, both sorted by file name.

    Texts are not kept: a collection of thousands of articles is streamed
    through the language model later, one batch at a time.
    """
    seeds: list[Seed] = []
    rejections: list[Rejection] = []
    first_with_text: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name in NOT_ARTICLES:
            continue
        path = Path(entry.path)
        try:
            seed, _ = read_seed(path, max_bytes)
        except IngestError as error:
            size = _size(path)
            rejections.append(Rejection(entry.name, str(error), size))
            continue
        if seed.text_sha256 in first_with_text:
            rejections.append(
                Rejection(seed.file, f"same content as {first_with_text[seed.text_sha256]}", seed.bytes)
            )
            continue
        if seed.id.lower() in seen_ids:  # ids must stay distinct on case-insensitive file systems too
            rejections.append(Rejection(seed.file, f"id differs only in case from {seen_ids[seed.id.lower()]}", seed.bytes))
            continue
        first_with_text[seed.text_sha256] = seed.file
        seen_ids[seed.id.lower()] = seed.file
        seeds.append(seed)
    return seeds, rejections


def _size(path: Path) -> int | None:
    try:
        return path.lstat().st_size
    except OSError:
        return None
