"""Bench: build throughput against the language model's own, incremental rebuilds, memory.

    python -m scripts.bench [--n 500] [--jobs 2] [--out build/bench]

Generates a synthetic corpus of N distinct articles by deterministic
recombination of the real paragraphs of the seeds and hold-out articles,
builds it from scratch with `make` (as a user would), pushes the same texts
through bare `nlp.pipe` with the same pipeline and process count, then times
a no-op rebuild and a rebuild after one article changes. Prints the figures
and writes them to OUT/bench-N.json. A command, not a test: machines are
shared and noisy, so compare the ratios measured in one run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import articles, ingest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "seeds", ROOT / "tests" / "holdout")


def source_material() -> tuple[list[str], list[str]]:
    """Headlines and body paragraphs of the real articles."""
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


def generate(n: int, out: Path, seed: int = 0) -> list[Path]:
    """Write N distinct articles to `out` (replacing what was there); the same N and seed give the same bytes."""
    titles, paragraphs = source_material()
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    seen: set[str] = set()
    written = []
    for i in range(n):
        while True:
            body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(5, 10)))
            head = [rng.choice(titles)] if rng.random() < 0.5 else []
            dated = ["date 2025-11-%02d" % rng.randint(1, 28)] if rng.random() < 0.3 else []
            text = "\n\n".join(dated + head + body) + "\n"
            digest = hashlib.sha256(text.encode()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                break
        path = out / f"bench_{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _make(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run(["make", "-C", str(ROOT), "--no-print-directory", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if "-s" in args else None)
    return time.perf_counter() - started


def _peak_child_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


BARE = """
import json, sys, time
started = time.perf_counter()
from scripts import nlp, ingest, articles
model = nlp.load()
texts = []
for path in sys.argv[2:]:
    article = articles.parse(ingest.decode(open(path, 'rb').read()))
    texts.extend(t for t in (article.title, article.subtitle, article.caption, article.body) if t)
tokens = sum(len(doc) for doc in model.pipe(texts, n_process=int(sys.argv[1]), batch_size=16))
print(json.dumps({"seconds": time.perf_counter() - started, "tokens": tokens}))
"""


def bare_pipe(files: list[Path], jobs: int) -> dict:
    """The same texts through bare nlp.pipe, same pipeline and process count, in a fresh process."""
    result = subprocess.run([sys.executable, "-c", BARE, str(jobs), *map(str, files)], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def build(corpus: Path, build_dir: Path, jobs: int) -> float:
    if build_dir.exists():
        shutil.rmtree(build_dir)
    return _make(f"SEEDS={corpus}", f"BUILD={build_dir}", f"JOBS={jobs}", "build")


def run(n: int, jobs: int, out: Path) -> dict:
    corpus = out / f"corpus-{n}"
    files = generate(n, corpus)
    figures: dict = {"articles": n, "jobs": jobs, "cores": os.cpu_count()}

    print(f"bench: {n} articles in {corpus}; full build with JOBS=1 …", file=sys.stderr)
    one = build(corpus, out / "build-1", 1)
    rss_one = _peak_child_rss_mb()
    print(f"bench: full build with JOBS={jobs} …", file=sys.stderr)
    full = build(corpus, out / f"build-{jobs}", jobs)
    print("bench: bare nlp.pipe …", file=sys.stderr)
    bare = bare_pipe(files, jobs)
    bare_one = bare_pipe(files, 1) if jobs != 1 else bare

    noop = _make(f"SEEDS={corpus}", f"BUILD={out / f'build-{jobs}'}", f"JOBS={jobs}", "build")
    changed = files[n // 2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOfficials said on Friday that talks would resume next week.\n", encoding="utf-8")
    started = time.perf_counter()
    log = subprocess.run(
        ["make", "-C", str(ROOT), "--no-print-directory", f"SEEDS={corpus}", f"BUILD={out / f'build-{jobs}'}", f"JOBS={jobs}", "build"],
        check=True, capture_output=True, text=True,
    )
    one_change = time.perf_counter() - started
    analysed = next((line for line in log.stderr.splitlines() if line.startswith("extract:")), "")

    tokens = bare["tokens"]
    figures.update(
        {
            "tokens": tokens,
            "build_seconds_jobs1": round(one, 2),
            f"build_seconds_jobs{jobs}": round(full, 2),
            "build_articles_per_second": round(n / full, 1),
            "build_tokens_per_second": round(tokens / full),
            "bare_pipe_seconds": round(bare["seconds"], 2),
            "bare_pipe_tokens_per_second": round(tokens / bare["seconds"]),
            "build_vs_bare_pipe": round(bare["seconds"] / full, 3),
            "bare_pipe_seconds_jobs1": round(bare_one["seconds"], 2),
            "build_vs_bare_pipe_jobs1": round(bare_one["seconds"] / one, 3),
            "jobs_speedup": round(one / full, 2),
            "peak_rss_mb_jobs1": round(rss_one),
            "peak_rss_mb_any_process": round(_peak_child_rss_mb()),
            "noop_rebuild_seconds": round(noop, 3),
            "one_change_rebuild_seconds": round(one_change, 2),
            "one_change_share_of_full": round(one_change / full, 3),
            "one_change_extract_line": analysed,
        }
    )
    return figures


def report(f: dict) -> str:
    jobs = f["jobs"]
    return "\n".join(
        [
            f"articles                      {f['articles']} ({f['tokens']:,} tokens), {f['cores']} cores",
            f"full build, JOBS={jobs}            {f[f'build_seconds_jobs{jobs}']:.1f} s  = {f['build_articles_per_second']} articles/s, {f['build_tokens_per_second']:,} tokens/s",
            f"bare nlp.pipe, {jobs} process(es)  {f['bare_pipe_seconds']:.1f} s  = {f['bare_pipe_tokens_per_second']:,} tokens/s",
            f"build / bare throughput       {f['build_vs_bare_pipe']:.3f}   (target >= 0.8; with 1 process: {f['build_vs_bare_pipe_jobs1']:.3f})",
            f"JOBS={jobs} vs JOBS=1              {f['jobs_speedup']:.2f}x  (target >= 1.6; JOBS=1 took {f['build_seconds_jobs1']:.1f} s)",
            f"peak RSS of one process       {f['peak_rss_mb_any_process']} MB (JOBS=1 run: {f['peak_rss_mb_jobs1']} MB; target <= 1024)",
            f"no-op rebuild                 {f['noop_rebuild_seconds']:.3f} s  (target < 1)",
            f"one article changed           {f['one_change_rebuild_seconds']:.2f} s  = {f['one_change_share_of_full']:.1%} of the full build (target < 10%)",
            f"                              {f['one_change_extract_line']}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    figures = run(args.n, args.jobs, args.out)
    text = report(figures)
    print(text)
    (args.out / f"bench-{args.n}.json").write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
