"""Add: fetch web pages into the seeds folder, each saved once as <id>.html.

    python -m scripts.tools.add --seeds seeds https://example.org/story …
    python -m scripts.tools.add --seeds seeds --urls addresses.txt

`make add URL=…` or `make add URLS=file` runs this, then builds. The client
is polite: one request per address, a timeout, a size limit, redirects
followed (up to a limit), a User-Agent that names the project, and each
site's robots.txt obeyed (read once per site; a site without one allows all). Each
address either becomes a complete file in the seeds folder or is reported
with its reason; nothing is left half-written. An address already saved is
not fetched again.

The stored page is the server's bytes, with the mark a browser's "Save page
as" writes first (`<!-- saved from url=(0043)https://… -->`), so the page
keeps the address it came from; and, when the server declared the
character encoding only in its HTTP header, a <meta charset> saying the
same, so the saved file decodes as it was served.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..extract import ingest

USER_AGENT = "news-dataset/2 (a research dataset of news articles, published with Datasette; fetched by `make add`)"
TIMEOUT = 30.0  # seconds, for connecting and for each read
MAX_REDIRECTS = 5
PAGE_TYPES = ("text/html", "application/xhtml+xml")
_SLUG = re.compile(r"[^A-Za-z0-9_]+")


class FetchError(RuntimeError):
    pass


@dataclass(frozen=True)
class Added:
    url: str
    path: Path | None  # None when it was saved before
    bytes: int = 0


def page_id(url: str) -> str:
    """A stable article id for an address: its host and last path words, and a hash of the whole address.

    The same address always gets the same id, so adding it twice finds the
    file already there; two addresses never share one.
    """
    parts = urlsplit(url)
    words = [w for w in parts.path.split("/") if w]
    last = re.sub(r"\.(?:s?html?|php|aspx?)$", "", words[-1]) if words else "index"
    slug = _SLUG.sub("-", f"{parts.hostname or 'page'}_{last}").strip("-")[:80].strip("-")
    return f"{slug}-{hashlib.sha256(url.encode()).hexdigest()[:10]}"


class Robots:
    """Each site's robots.txt, fetched once with the same client."""

    def __init__(self, client: httpx.Client):
        self.client, self.sites = client, {}

    def allow(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.sites:
            rules = RobotFileParser()
            try:
                response = self.client.get(f"{site}/robots.txt")
                rules.parse(response.text.splitlines() if response.status_code == 200 else [])
            except httpx.HTTPError:
                rules.parse([])  # no answer about robots.txt: nothing is forbidden
            self.sites[site] = rules
        return self.sites[site].can_fetch(USER_AGENT, url)


def fetch(client: httpx.Client, url: str, max_bytes: int) -> tuple[str, bytes, str | None]:
    """The final address, the page's bytes and the charset of its Content-Type header, or raise FetchError."""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise FetchError("not an http(s) address")
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"the server answered {response.status_code} {response.reason_phrase}")
            content_type = response.headers.get("content-type", "")
            if content_type and not content_type.split(";")[0].strip().lower() in PAGE_TYPES:
                raise FetchError(f"not a web page (Content-Type: {content_type})")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"too large: {int(declared):,} bytes (the limit is {max_bytes:,})")
            body = bytearray()
            for chunk in response.iter_bytes():  # gzip and the like already undone, so the limit holds for what is stored
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise FetchError(f"too large: over {max_bytes:,} bytes (the limit)")
            return str(response.url), bytes(body), response.charset_encoding
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {client.timeout.read:.0f} seconds") from None
    except httpx.HTTPError as error:
        raise FetchError(f"cannot be fetched: {error}") from None


def saved_page(url: str, data: bytes, header_charset: str | None) -> bytes:
    """The bytes to store: the browser's "saved from" mark, a charset the header alone gave, then the page."""
    from w3lib.encoding import html_body_declared_encoding, read_bom

    mark = f"<!-- saved from url=({len(url):04d}){url} -->\n".encode("ascii", "backslashreplace")
    bom, _ = read_bom(data)
    if bom or not header_charset or html_body_declared_encoding(data):
        return data if bom else mark + data
    return mark + f'<meta charset="{header_charset}">\n'.encode("ascii") + data


def add(urls: list[str], seeds: Path, *, max_bytes: int = ingest.DEFAULT_MAX_PAGE_BYTES, timeout: float = TIMEOUT,
        report=print) -> tuple[list[Added], list[tuple[str, str]]]:
    """Fetch each address into `seeds`; return what was added and (address, reason) for each failure."""
    added, failed = [], []
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}
    with httpx.Client(headers=headers, timeout=timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS) as client:
        robots = Robots(client)
        for url in urls:
            path = seeds / f"{page_id(url)}.html"
            if path.exists():
                added.append(Added(url, None))
                report(f"{url}: already saved as {path}; not fetched again")
                continue
            try:
                if urlsplit(url).scheme in ("http", "https") and not robots.allow(url):
                    raise FetchError("the site's robots.txt does not allow fetching it")
                final, data, charset = fetch(client, url, max_bytes)
                page = saved_page(final, data, charset)
                ingest.decode_page(page)  # refuse now what the build would refuse
            except (FetchError, ingest.IngestError) as error:
                failed.append((url, str(error)))
                report(f"{url}: {error}", file=sys.stderr)
                continue
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            try:
                tmp.write_bytes(page)
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
            added.append(Added(url, path, len(page)))
            report(f"{url}: saved as {path} ({len(page):,} bytes)")
    return added, failed


def read_addresses(path: Path) -> list[str]:
    """One address a line; blank lines and lines starting with # are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SystemExit(f"add: {path}: cannot be read ({error})") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*", help="addresses of news pages")
    parser.add_argument("--urls", dest="url_file", type=Path, help="a file with one address a line")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="the seeds folder (default: seeds)")
    parser.add_argument("--max-bytes", type=int, default=ingest.DEFAULT_MAX_PAGE_BYTES)
    parser.add_argument("--timeout", type=float, default=TIMEOUT)
    args = parser.parse_args(argv)
    urls = list(args.urls) + (read_addresses(args.url_file) if args.url_file else [])
    if not urls:
        parser.error("give at least one address, or --urls FILE")
    if not args.seeds.is_dir():
        raise SystemExit(f"add: {args.seeds}: no such folder")
    added, failed = add(list(dict.fromkeys(urls)), args.seeds, max_bytes=args.max_bytes, timeout=args.timeout)
    new = sum(1 for a in added if a.path)
    print(f"add: {new} saved, {len(added) - new} already there, {len(failed)} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
