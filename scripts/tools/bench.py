"""Bench: build throughput against the language model's own, incremental rebuilds, memory.

    python -m scripts.tools.bench [--n 500] [--jobs 2] [--out build/bench]
    python -m scripts.tools.bench --serve [--n 10000] [--seconds 60] [--users 20] [--rate 25] [--workers 1,2]
    python -m scripts.tools.bench --dask SEEDS [--jobs 2]
    python -m scripts.tools.bench --generate [--n 500]

Generates a synthetic corpus of N distinct articles by deterministic
recombination of the real paragraphs of the seeds and hold-out articles,
builds it from scratch with `make` (as a user would), pushes the same texts
through bare `nlp.pipe` with the same pipeline and process count, then times
a no-op rebuild and a rebuild after one article changes, one is added and one
is removed (each an incremental load, which the load's line says). Prints the figures
and writes them to OUT/bench-N.json. A command, not a test: machines are
shared and noisy, so compare the ratios measured in one run.

With --serve it measures the site instead: the extraction files of N
synthetic articles (scripts/tools/synthetic.py, no language model, so
100,000 fit this machine) are loaded by the real loader (timed, with the
database's size and row counts), served as `make serve` serves them, driven
by a closed loop (locust, USERS clients that never pause: the capacity at
saturation) and then by an open loop at a fixed rate (scripts/tools/openloop.py:
the latency a reader arriving at that rate sees), once per number of
serving processes in --workers.
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

from .synthetic import source_material

ROOT = Path(__file__).resolve().parents[2]


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
from scripts.extract import nlp, ingest, articles
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
    one_change, analysed, loaded = _rebuild(corpus, out / f"build-{jobs}", jobs)
    added = corpus / "bench_added.txt"
    added.write_text(files[0].read_text(encoding="utf-8") + "\nThe envoy said on Monday that a second round was planned.\n", encoding="utf-8")
    one_added, _, loaded_added = _rebuild(corpus, out / f"build-{jobs}", jobs)
    files[n // 3].unlink()
    one_removed, _, loaded_removed = _rebuild(corpus, out / f"build-{jobs}", jobs)

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
            "one_change_load_line": loaded,
            "one_added_rebuild_seconds": round(one_added, 2),
            "one_added_share_of_full": round(one_added / full, 3),
            "one_added_load_line": loaded_added,
            "one_removed_rebuild_seconds": round(one_removed, 2),
            "one_removed_share_of_full": round(one_removed / full, 3),
            "one_removed_load_line": loaded_removed,
        }
    )
    return figures


def _rebuild(corpus: Path, build_dir: Path, jobs: int) -> tuple[float, str, str]:
    """Seconds of a `make build` after a change, with the extraction's and the load's summary lines."""
    started = time.perf_counter()
    log = subprocess.run(
        ["make", "-C", str(ROOT), "--no-print-directory", f"SEEDS={corpus}", f"BUILD={build_dir}", f"JOBS={jobs}", "build"],
        check=True, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - started
    lines = log.stderr.splitlines()
    analysed = next((line for line in lines if line.startswith("extract:")), "")
    # "load: build/news.db: incremental (1 changed, 0 added, 0 removed): wrote …", or "…: full build (why)"
    loaded = next((line.split(": ", 2)[2] for line in lines if line.startswith("load:") and (" incremental (" in line or " full build (" in line)), "")
    return seconds, analysed, loaded


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
            f"one article changed           {f['one_change_rebuild_seconds']:.2f} s  = {f['one_change_share_of_full']:.1%} of the full build (target < 5% at N=2000)",
            f"                              {f['one_change_extract_line']}",
            f"                              load: {f['one_change_load_line'][:110]}",
            f"one article added             {f['one_added_rebuild_seconds']:.2f} s  = {f['one_added_share_of_full']:.1%} of the full build",
            f"                              load: {f['one_added_load_line'][:110]}",
            f"one article removed           {f['one_removed_rebuild_seconds']:.2f} s  = {f['one_removed_share_of_full']:.1%} of the full build",
            f"                              load: {f['one_removed_load_line'][:110]}",
        ]
    )


def long_run(out: Path, size: int = 990_000, normal: int = 40) -> dict:
    """Extraction cost per word of one very long single-line article (just under the 1 MB limit) against normal ones.

    Both are made of the same real paragraphs: the long one runs them together
    on one line up to `size` bytes; the normal ones are 8 paragraphs each.
    Each set is extracted from scratch in its own process (one job), so both
    pay the model's load once; it is measured apart and taken off.
    """
    _, paragraphs = source_material()
    folders = {"long": out / "long-1", "normal": out / f"long-normal-{normal}"}
    for folder in folders.values():
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    text, i = "", 0
    while len(text.encode()) < size:
        text += paragraphs[i % len(paragraphs)] + " "
        i += 1
    (folders["long"] / "long.txt").write_text("A very long article\n\n" + text.strip() + "\n", encoding="utf-8")
    for k in range(normal):
        body = "\n\n".join(paragraphs[(k * 7 + j) % len(paragraphs)] for j in range(8))
        (folders["normal"] / f"normal_{k:03d}.txt").write_text(f"A normal article {k}\n\n{body}\n", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from scripts.extract import nlp; nlp.load()"], check=True, cwd=ROOT)
    load = time.perf_counter() - started
    figures: dict = {"model_load_seconds": round(load, 2), "bytes": size}
    for name, folder in folders.items():
        build_dir = out / f"{folder.name}-build"
        shutil.rmtree(build_dir, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "scripts.extract", str(folder), str(build_dir), "--index", str(build_dir / "index.json"), "--jobs", "1"],
                       check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        words = sum(json.loads(p.read_text())["article"]["word_count"] for p in build_dir.glob("*.json") if p.name != "index.json")
        peak = _peak_child_rss_mb()
        figures[name] = {"seconds": round(seconds, 2), "words": words, "ms_per_1000_words": round(1000 * 1000 * (seconds - load) / words, 1), "peak_rss_mb": round(peak)}
    figures["long_vs_normal_per_word"] = round(figures["long"]["ms_per_1000_words"] / figures["normal"]["ms_per_1000_words"], 2)
    return figures


def long_report(f: dict) -> str:
    lines = [f"model load (taken off each run)  {f['model_load_seconds']:.1f} s"]
    for name in ("long", "normal"):
        e = f[name]
        lines.append(f"{name:<8} {e['words']:>8,} words  {e['seconds']:>6.1f} s  {e['ms_per_1000_words']:>7.1f} ms per 1,000 words  peak RSS so far {e['peak_rss_mb']} MB")
    lines.append(f"long / normal cost per word        {f['long_vs_normal_per_word']:.2f}   (target <= 1)")
    return "\n".join(lines)


def dask_run(seeds: Path, jobs: int, out: Path) -> dict:
    """`make build` of `seeds` with JOBS local processes, then with a local Dask cluster of JOBS single-threaded workers.

    The cluster's first build pays for loading the model on each worker, as
    the local build does in each process; its second build (into another
    empty folder) finds the workers warm, as a long-lived cluster is. The
    local build runs again after them, and the ratio is taken against the
    mean of the two, so that a change in the shared machine's load during
    the run favours neither side. CPU seconds (every process of the build,
    and the scheduler's and workers') are steadier than wall time there.
    """
    from distributed import Client

    from . import dask_cluster

    out = out / "dask"
    figures: dict = {"seeds": str(seeds), "jobs": jobs, "cores": os.cpu_count()}

    def timed_build(name: str, *how: str) -> None:
        if (out / name).exists():
            shutil.rmtree(out / name)
        cpu = _cpu_seconds()
        figures[f"{name}_seconds"] = round(_make(f"SEEDS={seeds}", f"BUILD={out / name}", *how, "build"), 2)
        figures[f"{name}_cpu_seconds"] = round(_cpu_seconds() - cpu, 1)

    print(f"bench: make build of {seeds} with JOBS={jobs} …", file=sys.stderr)
    timed_build("local", f"JOBS={jobs}")
    figures["local_peak_rss_mb"] = round(_peak_child_rss_mb())
    started = time.perf_counter()
    with dask_cluster.running(out / "cluster", {f"worker-{i}": {} for i in range(1, jobs + 1)}) as address:
        figures["cluster_start_seconds"] = round(time.perf_counter() - started, 2)
        for workers in ("cold", "warm"):
            print(f"bench: make build of {seeds} with DASK_SCHEDULER={address} ({workers} workers) …", file=sys.stderr)
            timed_build(f"dask_{workers}", f"DASK_SCHEDULER={address}")
        with Client(address, set_as_default=False) as client:
            figures["worker_peak_rss_mb"] = sorted(round(mb) for mb in client.run(_own_peak_rss_mb).values())
    print(f"bench: make build of {seeds} with JOBS={jobs} again …", file=sys.stderr)
    timed_build("local_again", f"JOBS={jobs}")
    index = json.loads((out / "local" / "collection.json").read_text(encoding="utf-8"))
    figures["articles"] = len(index["articles"])
    builds = [_extraction_files(out / name) for name in ("local", "dask_cold", "dask_warm", "local_again")]
    figures["same_bytes"] = all(files == builds[0] for files in builds)
    local = (figures["local_seconds"] + figures["local_again_seconds"]) / 2
    for workers in ("cold", "warm"):
        figures[f"dask_{workers}_vs_local"] = round(local / figures[f"dask_{workers}_seconds"], 2)
    return figures


def _cpu_seconds() -> float:
    """CPU time of every process this one waited for (the builds) and of those still running under it (a Dask cluster)."""
    import psutil

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    running = 0.0
    for process in psutil.Process().children(recursive=True):
        try:
            times = process.cpu_times()
            running += times.user + times.system
        except psutil.Error:
            pass
    return children.ru_utime + children.ru_stime + running


def _own_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _extraction_files(build_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in [build_dir / "collection.json", *sorted((build_dir / "articles").glob("*.json"))]}


def dask_report(f: dict) -> str:
    jobs = f["jobs"]
    return "\n".join(
        [
            f"folder                           {f['seeds']}: {f['articles']} articles, {f['cores']} cores",
            f"make build, JOBS={jobs}               {f['local_seconds']:.1f} s, {f['local_cpu_seconds']:.1f} CPU s; "
            f"after the Dask builds {f['local_again_seconds']:.1f} s, {f['local_again_cpu_seconds']:.1f} CPU s",
            f"local Dask cluster start-up      {f['cluster_start_seconds']:.1f} s  (scheduler + {jobs} workers, 1 thread each)",
            f"make build, DASK_SCHEDULER       {f['dask_cold_seconds']:.1f} s, {f['dask_cold_cpu_seconds']:.1f} CPU s = "
            f"{f['dask_cold_vs_local']:.2f}x the local speed (the workers load the model)",
            f"  again, workers warm            {f['dask_warm_seconds']:.1f} s, {f['dask_warm_cpu_seconds']:.1f} CPU s = {f['dask_warm_vs_local']:.2f}x",
            f"peak RSS of one process          local {f['local_peak_rss_mb']} MB; each Dask worker "
            + ", ".join(f"{mb} MB" for mb in f["worker_peak_rss_mb"]),
            f"same bytes in all four builds    {'yes' if f['same_bytes'] else 'NO'}",
        ]
    )


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sample_memory(pid: int, stop, samples: list[float]) -> None:
    """Private memory (MB, USS) of the serving processes under `pid` (all workers together), every two seconds until stopped.

    Not RSS: the workers map the database file (scripts/site/plugins/memory_map.py), and the pages of it
    they touch count in each one's RSS although they are the kernel's page cache, shared and reclaimable.
    """
    import psutil

    while not stop.is_set():
        try:
            processes = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
            rss = [p.memory_full_info().uss for p in processes if p.name() not in ("make", "bash", "sh")]
            if rss:
                samples.append(round(sum(rss) / 2**20, 1))
        except psutil.Error:
            pass
        stop.wait(2)


def _wait_until_up(base: str, tries: int = 300) -> None:
    import urllib.request

    for _ in range(tries):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            return
        except OSError:
            time.sleep(0.2)


def _locust_figures(prefix: Path) -> dict:
    """Per-endpoint and overall figures from the CSV files locust wrote under `prefix`."""
    import csv

    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    endpoints = {
        row["Name"]: {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "rps": float(row["Requests/s"]),
        }
        for row in rows
        if row["Name"] != "Aggregated"
    }
    total = next(row for row in rows if row["Name"] == "Aggregated")
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))
    server_errors = sum(int(row["Occurrences"]) for row in failures if "50" in row["Error"][:40] or "HTTP 5" in row["Error"])
    return {"endpoints": endpoints, "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
            "server_errors": server_errors, "rps": float(total["Requests/s"]),
            "failure_kinds": [f"{row['Name']}: {row['Error'][:120]} x{row['Occurrences']}" for row in failures]}


def serve_build(n: int, jobs: int, out: Path, seed: int = 0, reuse: bool = False) -> dict:
    """The N-article database of the serving benchmark: synthetic extraction files (no language model), then the real loader, timed.

    With `reuse`, the database the last run loaded and its figures (only to measure the site again).
    """
    from . import synthetic

    build_dir = out / f"serve-{n}"
    figures = build_dir / "build.json"
    if reuse:
        if not figures.exists() or not (build_dir / "news.db").exists():
            raise SystemExit(f"bench: no loaded {n}-article database in {build_dir} to reuse; run without --reuse first")
        return json.loads(figures.read_text(encoding="utf-8"))
    figures.unlink(missing_ok=True)
    print(f"bench-serve: writing the extraction files of {n:,} synthetic articles in {build_dir} (kept when already there) …", file=sys.stderr)
    started = time.perf_counter()
    index = synthetic.write(n, build_dir, seed=seed, jobs=jobs)
    generated = time.perf_counter() - started
    db = build_dir / "news.db"
    (build_dir / "inspect.json").unlink(missing_ok=True)  # the counts of the database about to be replaced
    print(f"bench-serve: loading them with `python -m scripts.load` …", file=sys.stderr)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scripts.load", str(index), "--manifest", str(build_dir / "manifest.yml"), "--out", str(db)],
                   check=True, cwd=ROOT)
    loaded = time.perf_counter() - started
    found = {"articles": n, "db": str(db), "db_bytes": db.stat().st_size, "generate_seconds": round(generated, 1),
             "load_seconds": round(loaded, 1), "load_peak_rss_mb": round(_peak_child_rss_mb()),
             "json_bytes": sum(p.stat().st_size for p in (build_dir / "articles").iterdir()), **database_counts(db)}
    figures.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return found


#: What a reader of the figures needs to know about the corpus behind them.
COUNTS = {
    "persons": "select count(*) from entities where type = 'person'",
    "organizations": "select count(*) from entities where type = 'organization'",
    "quote clusters": "select count(*) from quote_clusters",
    "quote clusters in 2+ sources": "select count(*) from quote_clusters where article_count >= 2",
    "event clusters": "select count(*) from event_clusters",
    "event clusters in 2+ sources": "select count(*) from event_clusters where article_count >= 2",
}


def database_counts(db: Path) -> dict:
    """Rows per table, and the counts of COUNTS."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%' order by name")]
        rows = {table: conn.execute(f"select count(*) from [{table}]").fetchone()[0] for table in tables}
        counts = {name: conn.execute(sql).fetchone()[0] for name, sql in COUNTS.items()}
    return {"rows": rows, "counts": counts}


def load_parameters(db: Path) -> tuple[list[str], str, dict[str, str]]:
    """The tables, the most-mentioned person and the reader pages with the most on them, from the database under test."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%'")]
        person = conn.execute("select name from entities where type = 'person' order by mention_count desc limit 1").fetchone()
        reader = {
            "article": "select article_id from mentions group by article_id order by count(*) desc limit 1",
            "entity_id": "select id from entities order by mention_count desc limit 1",
            "cluster_id": "select id from event_clusters order by article_count desc limit 1",
        }
        reader = {name: str((conn.execute(sql).fetchone() or [""])[0]) for name, sql in reader.items()}
    return tables, person[0] if person else "", reader


def serve_run(build: dict, out: Path, seconds: int, users: int, heavy: bool = False, workers: int = 1, rate: float = 0) -> dict:
    """Serve the database as `make serve` does, drive it with `users` closed-loop clients, then at `rate` requests/s in open loop."""
    import threading

    from . import endpoints

    db = Path(build["db"])
    n = build["articles"]
    tables, entity, reader = load_parameters(db)
    port = _free_port()
    # -o: the database is up to date (the bench just loaded it); make only writes the inspect file and serves.
    server = subprocess.Popen(
        ["make", "-C", str(ROOT), "--no-print-directory", "-o", str(db), f"BUILD={db.parent}", f"PORT={port}", f"WORKERS={workers}", "serve"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    base, prefix, memory = f"http://127.0.0.1:{port}", out / f"locust-{n}-{users}-{workers}", []
    env = {**os.environ, **endpoints.environment(tables, entity, entity.split()[-1] if entity else "said", reader, heavy)}
    opened = None
    try:
        _wait_until_up(base)
        alone = _one_reader(base, reader)
        stop = threading.Event()
        sampler = threading.Thread(target=_sample_memory, args=(server.pid, stop, memory), daemon=True)
        sampler.start()
        print(f"bench-serve: closed loop, {users} clients for {seconds} s against {base} ({workers} worker{'s' if workers > 1 else ''}) …", file=sys.stderr)
        subprocess.run(
            # The load generator shares the machine: niced, so the server gets the CPU it needs first.
            ["nice", "-n", "10", str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "scripts" / "tools" / "locustfile.py"), "--headless",
             "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", base, "--csv", str(prefix), "--only-summary"],
            check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        if rate:
            print(f"bench-serve: open loop, {rate:g} requests/s for {seconds} s …", file=sys.stderr)
            opened_path = out / f"open-{n}-{rate:g}-{workers}.json"
            subprocess.run(["nice", "-n", "10", sys.executable, "-m", "scripts.tools.openloop", "--host", base, "--rate", str(rate),
                            "--seconds", str(seconds), "--out", str(opened_path)], check=True, env=env, cwd=ROOT)
            opened = json.loads(opened_path.read_text(encoding="utf-8"))
        stop.set()
        sampler.join()
    finally:
        _stop(server)
    return {"articles": n, "users": users, "seconds": seconds, "heavy": heavy, "workers": workers, "memory_mb": memory, "alone": alone,
            "open": opened, **_locust_figures(prefix)}


def _stop(server: subprocess.Popen) -> None:
    """Stop the server and its workers; an overloaded one drains its queue first, so it gets 20 s before SIGKILL."""
    os.killpg(server.pid, 15)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, 9)
        server.wait(timeout=20)


#: Requests per page when one reader is alone on the server.
ALONE_REQUESTS = 20


def _one_reader(base: str, reader: dict[str, str]) -> dict[str, dict]:
    """p50 and p95 of each reader page, and of `select 1`, for one reader alone: how long a page takes to load."""
    import statistics
    import urllib.request

    from .endpoints import READER_TABLES, TRIVIAL

    pages = {TRIVIAL: "/news.json?sql=select+1"}
    pages.update({f"reader {READER_TABLES[name]}": f"/news/{READER_TABLES[name]}/{value}" for name, value in reader.items() if value})
    found = {}
    for name, path in pages.items():
        times = []
        for _ in range(ALONE_REQUESTS + 1):
            started = time.perf_counter()
            with urllib.request.urlopen(base + path, timeout=60) as response:
                size = len(response.read())
            times.append((time.perf_counter() - started) * 1000)
        times = sorted(times[1:])  # the first request warms the page cache
        found[name] = {"p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))], "bytes": size}
    return found


def build_report(b: dict) -> str:
    rows = ", ".join(f"{table} {count:,}" for table, count in sorted(b["rows"].items(), key=lambda item: -item[1]) if count)
    counts = ", ".join(f"{name} {count:,}" for name, count in b["counts"].items())
    return "\n".join([
        f"{b['articles']:,} synthetic articles: extraction files {b['json_bytes'] / 2**20:,.0f} MB written in {b['generate_seconds']:.0f} s "
        f"(no language model; reused when already there)",
        f"load (python -m scripts.load)  {b['load_seconds']:.1f} s, peak RSS {b['load_peak_rss_mb']:,} MB; database {b['db_bytes'] / 2**20:,.0f} MB",
        f"counts: {counts}",
        f"rows: {rows}",
    ])


#: A page's p95 must be under this, and under 3 x the trivial query's; a reader page under READER_TARGET_MS.
TARGET_MS, READER_TARGET_MS = 200, 300


def verdict(name: str, p95: float, trivial: float) -> str:
    if name.startswith("reader"):
        return "ok" if p95 < READER_TARGET_MS else "MISSED"
    if name.startswith(("query", "search", "table")):
        return "ok" if p95 < TARGET_MS and p95 <= 3 * trivial else "MISSED"
    return ""


def serve_report(f: dict) -> str:
    """The figures of one serving run; endpoints graded on the open loop when there was one (its fixed rate is the condition), else the closed."""
    memory = f["memory_mb"] or [0]
    opened = f.get("open")
    graded = opened["endpoints"] if opened else f["endpoints"]
    trivial = graded["trivial select 1"]["p95_ms"]
    alone = [f"one reader alone ({ALONE_REQUESTS} requests each; target for the reader pages: p95 < {READER_TARGET_MS} ms):"] + [
        f"  {name:<32}p50 {e['p50_ms']:6.0f} ms  p95 {e['p95_ms']:6.0f} ms  {e['bytes']:>9,} bytes"
        + ("" if name.startswith("trivial") else ("  ok" if e["p95_ms"] < READER_TARGET_MS else "  MISSED"))
        for name, e in f.get("alone", {}).items()]
    lines = [*alone,
             f"closed loop: {f['users']} clients, {f['seconds']} s, {f['workers']} worker(s): {f['requests']} requests, {f['rps']:.1f} requests/s at saturation, "
             f"{f['failures']} failed ({f['server_errors']} server errors)",
             *[f"  failure: {kind}" for kind in f["failure_kinds"]]]
    if opened:
        lines.append(f"open loop: {opened['rate']:g} requests/s offered for {opened['seconds']:g} s ({opened['achieved_rate']:.1f}/s sent, generator late by "
                     f"p95 {opened['late_p95_ms']:.0f} ms, max {opened['late_max_ms']:.0f} ms): {opened['requests']} requests, {opened['failures']} failed")
    lines.append(f"server memory (all workers, private, the mapped file not counted): {memory[0]:.0f} MB at start, {max(memory):.0f} MB peak, {memory[-1]:.0f} MB at end ({len(memory)} samples)")
    lines.append(f"{'endpoint':<34}{'closed':>14}{'':>5}{'open' if opened else '':>14}  target: p95 < {TARGET_MS} ms and <= 3 x trivial "
                 f"= {3 * trivial:.0f} ms{' (open loop)' if opened else ''}; reader pages < {READER_TARGET_MS} ms")
    lines.append(f"{'':<34}{'n':>5}{'p50':>5}{'p95':>5}{'err':>4}" + (f"{'n':>5}{'p50':>5}{'p95':>5}{'p99':>5}{'err':>4}" if opened else ""))
    missed = []
    for name, e in sorted(graded.items(), key=lambda item: -item[1]["p95_ms"]):
        c = f["endpoints"].get(name, {"requests": 0, "p50_ms": 0, "p95_ms": 0, "failures": 0})
        line = f"{name:<34}{c['requests']:>5}{c['p50_ms']:>5.0f}{c['p95_ms']:>5.0f}{c['failures']:>4}"
        if opened:
            line += f"{e['requests']:>5}{e['p50_ms']:>5.0f}{e['p95_ms']:>5.0f}{e['p99_ms']:>5.0f}{e['failures']:>4}"
        mark = verdict(name, e["p95_ms"], trivial)
        missed += [name] if mark == "MISSED" else []
        lines.append(f"{line}  {mark}")
    lines.append(f"{len(missed)} endpoint(s) missed the target" + (f": {', '.join(missed)}" if missed else ""))
    return "\n".join(lines)


def serve_profile(n: int, out: Path, repeat: int = 3) -> str:
    """Each endpoint alone (Datasette's in-process client, median of `repeat` after a warm-up), slowest first,
    then the query plan of every canned query: where a page's time goes, before any load."""
    import asyncio
    import sqlite3
    import statistics
    from urllib.parse import parse_qsl

    import yaml
    from datasette.utils import escape_fts

    from . import endpoints, settings

    db = out / f"serve-{n}" / "news.db"
    if not db.exists():
        raise SystemExit(f"bench: no {n}-article database in {db}; run `make bench-serve SERVE_N={n}` first")
    tables, entity, reader = load_parameters(db)
    word = entity.split()[-1] if entity else "said"
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    inspect = db.parent / "inspect.json"
    site = settings.app([str(db)], metadata, inspect_data=json.loads(inspect.read_text(encoding="utf-8")) if inspect.exists() else None)

    async def timings() -> list[tuple[float, str, int]]:
        found = []
        for name, path in endpoints.endpoints(tables, entity, word, reader):
            times = []
            for _ in range(repeat + 1):
                started = time.perf_counter()
                response = await site.client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            found.append((statistics.median(times[1:]), name, len(response.content)))
        return sorted(found, reverse=True)

    lines = [f"each endpoint alone, {n:,} articles (median of {repeat}, in-process):"]
    lines += [f"  {ms:8.1f} ms  {size:>9,} bytes  {name}" for ms, name, size in asyncio.run(timings())]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.create_function("escape_fts", 1, escape_fts)
    for query, params in endpoints.queries(entity, word).items():
        sql = metadata["databases"]["news"]["queries"][query]["sql"]
        bound = {name: "" for name in metadata["databases"]["news"]["queries"][query].get("params", [])} | dict(parse_qsl(params))
        lines.append(f"query plan of {query} ({params or 'no parameters'}):")
        lines += [f"  {row[3]}" for row in conn.execute("explain query plan " + sql, bound)]
    return "\n".join(lines)


def profile(n: int, jobs: int, out: Path) -> str:
    """pyinstrument profiles of a rebuild after one article changes, in the N-article bench build."""
    corpus, build_dir = out / f"corpus-{n}", out / f"build-{jobs}"
    if not (build_dir / "collection.json").exists():
        raise SystemExit(f"bench: no {n}-article build in {build_dir}; run `make bench N={n}` first")
    changed = sorted(corpus.glob("*.txt"))[n // 3]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOfficials said on Monday that the talks had ended.\n", encoding="utf-8")
    pyinstrument = str(Path(sys.executable).parent / "pyinstrument")
    steps = {
        "extract": ["-m", "scripts.extract", str(corpus), str(build_dir / "articles"), "--index", str(build_dir / "collection.json"), "--jobs", str(jobs)],
        "load": ["-m", "scripts.load", str(build_dir / "collection.json"), "--manifest", str(corpus / "manifest.yml"), "--out", str(build_dir / "news.db")],
    }
    report_lines = []
    for step, args in steps.items():
        path = out / f"profile-one-change-{step}.txt"
        subprocess.run([pyinstrument, "-o", str(path), *args], check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
        report_lines += [f"==> {path}", *path.read_text(encoding="utf-8").splitlines()[6:40]]
    return "\n".join(report_lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--serve", action="store_true", help="build N articles, serve them, and drive the site with locust")
    parser.add_argument("--seconds", type=int, default=60, help="with --serve: how long the load runs")
    parser.add_argument("--users", type=int, default=20, help="with --serve: concurrent clients")
    parser.add_argument("--heavy", action="store_true", help="with --serve: add heavy and runaway SQL to the mix (the soak)")
    parser.add_argument("--workers", default="1", help="with --serve: serving processes, or several to compare (\"1,2\")")
    parser.add_argument("--rate", type=float, default=25, help="with --serve: requests/s of the open loop that follows the closed one (0: none)")
    parser.add_argument("--profile", action="store_true", help="profile a one-article rebuild of the N-article bench build")
    parser.add_argument("--reuse", action="store_true", help="with --serve: the database the last --serve run loaded, not loaded again")
    parser.add_argument("--serve-profile", action="store_true", help="each endpoint of the --serve database alone, and the canned queries' plans")
    parser.add_argument("--long", action="store_true", help="cost per word of a 1 MB single-line article against normal ones")
    parser.add_argument("--generate", action="store_true", help="only write the synthetic corpus of N articles to OUT/corpus-N")
    parser.add_argument("--dask", type=Path, metavar="SEEDS", help="make build of SEEDS with --jobs local processes, then on a local Dask cluster of as many workers")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.generate:
        generate(args.n, args.out / f"corpus-{args.n}")
        print(args.out / f"corpus-{args.n}")
        return 0
    if args.profile:
        print(profile(args.n, args.jobs, args.out))
        return 0
    if args.serve_profile:
        print(serve_profile(args.n, args.out))
        return 0
    if args.long:
        figures = long_run(args.out)
        text, name = long_report(figures), "long.json"
    elif args.dask:
        figures = dask_run(args.dask, args.jobs, args.out)
        text, name = dask_report(figures), "dask.json"
    elif args.serve:
        workers = list(dict.fromkeys(int(w) for w in args.workers.split(",")))
        built = serve_build(args.n, args.jobs, args.out, reuse=args.reuse)
        print(build_report(built), flush=True)
        rate = 0 if args.heavy else args.rate
        runs = [serve_run(built, args.out, args.seconds, args.users, args.heavy, w, rate) for w in workers]
        text = "\n\n".join(f"==> {f['workers']} worker(s)\n{serve_report(f)}" for f in runs)
        if len(runs) > 1:
            text += "\n\ncapacity (closed loop, requests/s at saturation): " + ", ".join(
                f"{f['workers']} worker(s) {f['rps']:.1f} ({f['rps'] / runs[0]['rps']:.2f}x)" for f in runs)
        figures = {"build": built, "runs": runs}
        name = f"serve-{args.n}-{args.users}{'-heavy' if args.heavy else ''}.json"
    else:
        figures = run(args.n, args.jobs, args.out)
        text, name = report(figures), f"bench-{args.n}.json"
    print(text)
    (args.out / name).write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
