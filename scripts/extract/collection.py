"""Collection: write one JSON file per article and an index of the collection.

    python -m scripts.extract SEEDS_DIR OUT_DIR --index build/collection.json [--jobs N | --scheduler tcp://host:8786]

Every file in SEEDS_DIR is validated on every run (cheap). Only articles
whose raw bytes or extraction code changed since their JSON was written go
through the language model; each worker process loads the model once and
streams its share of the articles through `nlp.pipe`. The workers are local
processes (--jobs), or those of a Dask cluster (--scheduler, see cluster.py),
which send the JSON bytes back for this process to write. Each JSON file and
the index are written to a temporary name and renamed, so an interrupted run
leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

from spacy.tokens import Doc
from tqdm import tqdm

from . import articles, given_names, ingest

#: Bumped when the layout of the per-article JSON changes.
FORMAT = 2
#: Articles per task handed to a worker: large enough for nlp.pipe to batch,
#: small enough to spread work evenly and keep memory flat.
BATCH = 16


PACKAGE = Path(__file__).parent


def extraction_files() -> list[tuple[str, Path]]:
    """Every file of this package (code and data), with stable names: what decides an extraction's output.

    The Makefile's dependency is the same folder, so the two cannot drift apart.
    """
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    return sorted((p.relative_to(PACKAGE).as_posix(), p) for p in files)


def fingerprint() -> str:
    """Hash of everything that decides an extraction's output.

    This package's code and data files and the language model's name and
    version. The loader is not part of it, so a schema change reloads the
    database without re-running spaCy.
    """
    from . import nlp

    digest = hashlib.sha256(f"format {FORMAT}\n{nlp.describe()}\n".encode())
    for name, path in extraction_files():
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def file_digests() -> dict[str, str]:
    """The sha256 of each file the fingerprint hashes, by name: says which file two fingerprints differ by."""
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in extraction_files()}


def analyse(seed: ingest.Seed, article: articles.Article, docs: dict[str, Doc]) -> dict:
    """The extraction record of one article, from its parsed fields and their spaCy docs."""
    from . import countries, entities, events, nlp, quotes

    sentences, country_mentions = [], []
    sentence_starts: dict[str, list[int]] = {}
    country_spans: dict[str, list[tuple[int, int]]] = {}
    texts = {name: doc.text for name, doc in docs.items()}  # Doc.text joins every token: build it once
    for field_name, doc in docs.items():
        spans = nlp.sentence_spans(doc, texts[field_name])
        sentence_starts[field_name] = [start for start, _ in spans]
        text = texts[field_name]
        for position, (start, end) in enumerate(spans):
            sentences.append({"field": field_name, "position": position, "start": start, "end": end, "text": text[start:end]})
        found = countries.find(doc, texts[field_name])
        country_spans[field_name] = [(m["start"], m["end"]) for m in found]
        for m in found:
            m["field"] = field_name
            m["sentence"] = max(0, bisect.bisect_right(sentence_starts[field_name], m["start"]) - 1)
        country_mentions.extend(found)
    mentions = entities.find(docs, sentence_starts, country_spans, texts)
    outlets = entities.outlet_names()
    named = quotes.Named(mentions, country_mentions, texts, docs)
    quotes_found, events_found, said = [], [], []
    for field_name, doc in docs.items():
        for q in quotes.find(doc, sentence_starts[field_name], outlets, article.title if field_name == "subtitle" else None, texts[field_name]):
            q = {"field": field_name, **q}
            said.append(quotes.attribute(q, texts, named, said))
            quotes_found.append({**q, **{k: v for k, v in said[-1].items() if k not in ("speaker_person", "at", "singular")}})
        for e in events.find(doc, sentence_starts[field_name], texts[field_name]):
            events_found.append({"field": field_name, **e})
    fields = article.to_json()
    removed = fields.pop("removed")
    return {
        "format": FORMAT,
        "id": seed.id,
        "file": seed.file,
        "kind": seed.kind,
        "sha256": seed.sha256,
        "article": fields,
        "boilerplate": removed,
        "sentences": sentences,
        "mentions": mentions,
        "country_mentions": country_mentions,
        "quotes": quotes_found,
        "events": events_found,
    }


def read_article(seed: ingest.Seed, content: str) -> articles.Article:
    """The fields of one article: from a saved page's markup, or from a text file's lines."""
    if seed.kind == ingest.PAGE:
        from . import pages

        return pages.parse(content)
    return articles.parse(content)


def extract_batch(seeds: list[ingest.Seed], out_dir: Path, fingerprint_: str) -> list[dict]:
    """Analyse a batch of articles and write their JSON files; return one index entry each.

    Runs inside a worker (or the main process with --jobs 1). A file that
    cannot be read, or turns out to hold no article text, comes back as a rejection.
    """
    readable, unreadable = read_batch(seeds)
    return [{"rejected": asdict(r)} for r in unreadable] + [
        written(outcome, out_dir, fingerprint_) for outcome in analyse_batch(readable, fingerprint_)
    ]


def read_batch(seeds: list[ingest.Seed]) -> tuple[list[tuple[ingest.Seed, bytes]], list[ingest.Rejection]]:
    """The bytes of each seed of a batch, and a rejection for each seed that can no longer be read."""
    readable, unreadable = [], []
    for seed in seeds:
        try:
            readable.append((seed, ingest.read_raw(seed)))
        except ingest.IngestError as error:
            unreadable.append(ingest.Rejection(seed.file, str(error), seed.bytes))
    return readable, unreadable


def analyse_batch(batch: list[tuple[ingest.Seed, bytes]], fingerprint_: str) -> list[tuple[ingest.Seed, bytes] | ingest.Rejection]:
    """The JSON bytes of each article of a batch, from its seed file's bytes; a rejection for a file with no article text.

    Touches no file: the same call runs in a local worker process, which
    then writes the files, and on a Dask worker, whose client writes them.
    """
    from . import nlp

    model = nlp.load()
    parsed: list[tuple[ingest.Seed, articles.Article]] = []
    results: list[tuple[ingest.Seed, bytes] | ingest.Rejection] = []
    for seed, raw in batch:
        try:
            parsed.append((seed, read_article(seed, ingest.decode_seed(seed, raw))))
        except (ingest.IngestError, articles.EmptyArticle) as error:
            results.append(ingest.Rejection(seed.file, str(error), seed.bytes))

    def texts() -> Iterator[tuple[str, tuple[int, str]]]:
        for index, (_, article) in enumerate(parsed):
            for field_name in articles.FIELDS:
                value = getattr(article, field_name)
                if value:
                    yield value, (index, field_name)

    docs: list[dict[str, Doc]] = [{} for _ in parsed]
    for doc, (index, field_name) in nlp.parse(model, texts()):
        docs[index][field_name] = doc  # in FIELDS order, as texts() yields them
    for (seed, article), article_docs in zip(parsed, docs):
        record = analyse(seed, article, article_docs)
        record["fingerprint"] = fingerprint_
        results.append((seed, json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8") + b"\n"))
    return results


def written(outcome: tuple[ingest.Seed, bytes] | ingest.Rejection, out_dir: Path, fingerprint_: str) -> dict:
    """The index entry of one analysed article, once its JSON file is written; or its rejection."""
    if isinstance(outcome, ingest.Rejection):
        return {"rejected": asdict(outcome)}
    seed, data = outcome
    path = out_dir / f"{seed.id}.json"
    _write_atomically(path, data)
    return {"article": _entry(seed, path, data, fingerprint_)}


def _entry(seed: ingest.Seed, path: Path, data: bytes, fingerprint_: str) -> dict:
    return {
        "id": seed.id,
        "file": seed.file,
        "sha256": seed.sha256,
        "fingerprint": fingerprint_,
        "json": path.name,
        "json_sha256": hashlib.sha256(data).hexdigest(),
    }


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _cached(seed: ingest.Seed, previous: dict | None, out_dir: Path, fingerprint_: str) -> bool:
    """True when the JSON on disk was made from these bytes by this code and is intact."""
    if not previous or previous["sha256"] != seed.sha256 or previous["fingerprint"] != fingerprint_:
        return False
    path = out_dir / previous["json"]
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == previous["json_sha256"]
    except OSError:
        return False


def _read_index(path: Path) -> dict:
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
        return {entry["id"]: entry for entry in index["articles"]} if index.get("format") == FORMAT else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no usable index: everything is re-extracted


_worker_fingerprint = ""


def _init_worker(fingerprint_: str) -> None:
    global _worker_fingerprint
    _worker_fingerprint = fingerprint_
    from . import nlp

    nlp.load()


def _run_in_worker(task: tuple[list[ingest.Seed], Path]) -> list[dict]:
    seeds, out_dir = task
    return extract_batch(seeds, out_dir, _worker_fingerprint)


def _batches(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run(
    seeds_dir: Path, out_dir: Path, index_path: Path, jobs: int = 1, max_bytes: int | None = None, scheduler: str | None = None
) -> dict:
    """Bring out_dir and the index up to date with seeds_dir; return the index.

    The stale articles are analysed by `jobs` local processes, or by the
    workers of the Dask scheduler at `scheduler` (an address like tcp://host:8786).
    """
    started = time.monotonic()
    if not seeds_dir.is_dir():
        raise SystemExit(f"extract: {seeds_dir}: no such folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    given_names.CACHE_DIR = out_dir.parent / "cache"  # what a worker parses once, kept between runs
    seeds, rejections = ingest.scan(seeds_dir, max_bytes)
    fingerprint_ = fingerprint()
    previous = _read_index(index_path)
    entries: dict[str, dict] = {}
    stale: list[ingest.Seed] = []
    for seed in seeds:
        if _cached(seed, previous.get(seed.id), out_dir, fingerprint_):
            entries[seed.id] = previous[seed.id]
        else:
            stale.append(seed)
    rejected = [asdict(r) for r in rejections]

    if stale:
        tasks = [(batch, out_dir) for batch in _batches(stale, BATCH)]
        progress = tqdm(total=len(stale), unit="article", desc="extract", file=sys.stderr, disable=None, smoothing=0.1)
        if scheduler:
            from . import cluster

            for outcomes in cluster.analyse(scheduler, [batch for batch, _ in tasks], fingerprint_):
                _collect([written(outcome, out_dir, fingerprint_) for outcome in outcomes], entries, rejected, progress)
        elif jobs > 1 and len(tasks) > 1:
            with multiprocessing.get_context("fork").Pool(jobs, _init_worker, (fingerprint_,)) as pool:
                for results in pool.imap_unordered(_run_in_worker, tasks):
                    _collect(results, entries, rejected, progress)
        else:
            for batch, _ in tasks:
                _collect(extract_batch(batch, out_dir, fingerprint_), entries, rejected, progress)
        progress.close()

    _remove_orphans(out_dir, {entry["json"] for entry in entries.values()})
    index = {
        "format": FORMAT,
        "fingerprint": fingerprint_,
        "articles": [entries[key] for key in sorted(entries)],
        "rejected": sorted(rejected, key=lambda r: r["file"]),
    }
    _write_atomically(index_path, json.dumps(index, ensure_ascii=False, sort_keys=True, indent=1).encode() + b"\n")
    for rejection in index["rejected"]:
        print(f"{seeds_dir / rejection['file']}: {rejection['reason']}", file=sys.stderr)
    print(
        f"extract: {len(entries)} articles ({len(stale)} analysed, {len(seeds) - len(stale)} unchanged), "
        f"{len(index['rejected'])} rejected, {time.monotonic() - started:.1f}s",
        file=sys.stderr,
    )
    return index


def _collect(results: list[dict], entries: dict, rejected: list, progress: tqdm) -> None:
    for result in results:
        if "article" in result:
            entries[result["article"]["id"]] = result["article"]
        else:
            rejected.append(result["rejected"])
        progress.update(1)


def _remove_orphans(out_dir: Path, keep: set[str]) -> None:
    """Delete JSON files of articles no longer in the seeds folder, and stale temporaries."""
    for path in out_dir.iterdir():
        if path.name not in keep and (path.suffix == ".json" or path.name.endswith(".tmp")):
            path.unlink()


def check(index_path: Path) -> int:
    """Exit status for STRICT builds: 1 when the index lists a rejected file."""
    rejected = json.loads(index_path.read_text(encoding="utf-8"))["rejected"]
    for rejection in rejected:
        print(f"rejected: {rejection['file']}: {rejection['reason']}", file=sys.stderr)
    if rejected:
        print(f"strict: {len(rejected)} file(s) in the seeds folder were not loaded", file=sys.stderr)
    return 1 if rejected else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds_dir", type=Path, nargs="?")
    parser.add_argument("out_dir", type=Path, nargs="?")
    parser.add_argument("--index", type=Path, help="the collection index to write")
    parser.add_argument("--check", type=Path, metavar="INDEX", help="only report the rejected files of INDEX; exit 1 if any")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (each loads the model once)")
    parser.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="analyse on the workers of this Dask scheduler (tcp://host:8786) instead of --jobs local processes",
    )
    parser.add_argument(
        "--max-bytes", type=int, default=int(os.environ["MAX_BYTES"]) if os.environ.get("MAX_BYTES") else None,
        help=f"largest seed file accepted (default {ingest.DEFAULT_MAX_BYTES:,} bytes for text, "
        f"{ingest.DEFAULT_MAX_PAGE_BYTES:,} for a saved page)",
    )
    args = parser.parse_args(argv)
    if args.check:
        return check(args.check)
    if not (args.seeds_dir and args.out_dir and args.index):
        parser.error("SEEDS_DIR, OUT_DIR and --index are required")
    run(args.seeds_dir, args.out_dir, args.index, jobs=max(1, args.jobs), max_bytes=args.max_bytes, scheduler=args.scheduler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
