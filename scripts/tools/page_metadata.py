"""Page metadata: how well saved web pages are read, against each folder's expected.yml.

    python -m scripts.tools.page_metadata tests/extract/pages tests/extract/pages/holdout [--details]

Per folder: how many pages get each metadata field right, how many bodies
start and contain what they should, how many chrome strings reach a body,
and how many non-articles are rejected. `make evaluate` prints it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from ..extract import ingest, pages
from ..extract.articles import EmptyArticle

FIELDS = ("publisher", "published", "published_source", "title", "subtitle", "authors", "url", "language")


def found_fields(article) -> dict:
    return {
        "publisher": article.publisher, "published": article.published, "published_source": article.sources.get("published"),
        "title": article.title, "subtitle": article.subtitle, "authors": article.authors, "url": article.url,
        "language": article.language,
    }


def score(folder: Path) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Each measure as (right, out of), and a line for each miss."""
    expected = yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8"))
    counts = {name: [0, 0] for name in (*FIELDS, "body", "chrome kept", "rejected")}
    misses = []
    for name, wanted in expected.items():
        try:
            _, page = ingest.read_seed(folder / name)
            article = pages.parse(page)
        except (ingest.IngestError, EmptyArticle) as error:
            article, reason = None, str(error)
        if wanted.get("rejected"):
            counts["rejected"][1] += 1
            counts["rejected"][0] += article is None
            if article is not None:
                misses.append(f"{name}: not rejected")
            continue
        if article is None:
            misses.append(f"{name}: rejected ({reason})")
            for measure in (*FIELDS, "body"):
                counts[measure][1] += 1
            continue
        found = found_fields(article)
        for field in FIELDS:
            counts[field][1] += 1
            counts[field][0] += found[field] == wanted[field]
            if found[field] != wanted[field]:
                misses.append(f"{name}: {field} {found[field]!r}, expected {wanted[field]!r}")
        body_right = article.body.startswith(wanted["body_starts"]) and all(w in article.body for w in wanted["body_contains"])
        counts["body"][0] += body_right
        counts["body"][1] += 1
        if not body_right:
            misses.append(f"{name}: body starts {article.body[:60]!r}")
        for chrome in wanted["not_in_body"]:
            counts["chrome kept"][1] += 1
            if chrome in article.body:
                counts["chrome kept"][0] += 1
                misses.append(f"{name}: chrome in the body: {chrome!r}")
    return {k: (v[0], v[1]) for k, v in counts.items()}, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of saved pages, each with an expected.yml")
    parser.add_argument("--details", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    results = {}
    for folder in args.folders:
        results[folder.name], misses = score(folder)
        if args.details:
            print(f"{folder}:\n" + "".join(f"  {m}\n" for m in misses))
    width = max(12, *(len(name) + 2 for name in results))
    print("measure".ljust(18) + "".join(name.rjust(width) for name in results))
    for measure in next(iter(results.values())):
        print(measure.ljust(18) + "".join(f"{r}/{n}".rjust(width) for r, n in (res[measure] for res in results.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
