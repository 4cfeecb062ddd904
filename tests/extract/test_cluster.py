"""Extraction on a Dask cluster: the same files as a local build, clear failures otherwise.

The clusters are real: a `dask scheduler` and `dask worker` processes on
127.0.0.1 (scripts.tools.dask_cluster), started outside the repository with
the repository on their PYTHONPATH, as on a machine of a real cluster.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.extract import collection, ingest
from scripts.tools import dask_cluster
from tests.builds import SEEDS

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "tests" / "extract" / "pages" / "jsonld.html"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The address of a scheduler with two good workers; all three processes end after the module's tests."""
    with dask_cluster.running(tmp_path_factory.mktemp("cluster"), {"one": {}, "two": {}}) as address:
        yield address


@pytest.fixture
def folder(tmp_path) -> Path:
    """The seeds, a saved page, and two files the build rejects: one on the client, one on a worker."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    shutil.copy(PAGE, seeds / "page.html")
    (seeds / "empty.txt").write_bytes(b"")  # rejected by the scan
    (seeds / "chrome.txt").write_text("Comments are closed.\nShare this article\n")  # rejected after parsing
    return seeds


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two articles, so that both workers get some."""
    monkeypatch.setattr(collection, "BATCH", 2)


def build(seeds: Path, out: Path, **how) -> dict:
    return collection.run(seeds, out / "articles", out / "collection.json", **how)


def files(out: Path) -> dict[str, bytes]:
    """The files a build wrote; not build/cache/, what a local run keeps to start faster next time."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).parts[0] != "cache"}


def test_dask_build_writes_the_bytes_of_a_local_build(cluster, folder, tmp_path, small_batches, capsys):
    index = build(folder, tmp_path / "dask", scheduler=cluster)
    err = capsys.readouterr().err
    assert f"extract: 2 Dask workers at {cluster}" in err
    assert "extract: 6 articles (7 analysed, 0 unchanged), 2 rejected" in err  # chrome.txt was analysed, then rejected
    build(folder, tmp_path / "local", jobs=1)
    dask, local = files(tmp_path / "dask"), files(tmp_path / "local")
    assert sorted(dask) == ["articles/" + f"{a['id']}.json" for a in index["articles"]] + ["collection.json"]
    assert "articles/page.json" in dask
    assert dask == local
    assert [r["file"] for r in index["rejected"]] == ["chrome.txt", "empty.txt"]


def test_both_workers_take_a_share_and_the_scheduler_only_routes(cluster, folder, tmp_path, small_batches):
    from distributed import Client

    build(folder, tmp_path, scheduler=cluster)
    with Client(cluster, set_as_default=False) as client:
        loaded = client.run(lambda: "scripts.extract.quotes" in sys.modules)
        on_scheduler = client.run_on_scheduler(lambda: sorted(m for m in sys.modules if m.startswith(("scripts", "spacy"))))
    assert list(loaded.values()) == [True, True]  # each loaded the extraction (and the model) to analyse a batch
    assert on_scheduler == ["scripts", "scripts.extract", "scripts.extract.cluster", "scripts.extract.ingest"]  # to unpickle the tasks


def test_the_cache_is_shared_with_local_builds(cluster, folder, tmp_path, capsys):
    (folder / "chrome.txt").unlink()  # a file rejected after parsing is parsed again on every build
    out = tmp_path / "build"
    build(folder, out, jobs=1)
    before = {p.name: p.stat().st_mtime_ns for p in (out / "articles").iterdir()}
    capsys.readouterr()
    build(folder, out, scheduler=cluster)
    assert "(0 analysed, 6 unchanged)" in capsys.readouterr().err
    changed = folder / "001_832fafafc341e9ad.txt"
    changed.write_text(changed.read_text() + "\nA closing paragraph was added.\n")
    build(folder, out, scheduler=cluster)
    assert "(1 analysed, 5 unchanged)" in capsys.readouterr().err
    after = {p.name: p.stat().st_mtime_ns for p in (out / "articles").iterdir()}
    assert {name for name in after if after[name] != before[name]} == {"001_832fafafc341e9ad.json"}
    build(folder, tmp_path / "local", jobs=1)  # from nothing: the incremental Dask build is the same
    assert files(tmp_path / "local") == files(out)


def test_make_build_on_the_cluster(cluster, folder, tmp_path):
    result = subprocess.run(
        ["make", "-C", str(ROOT), f"SEEDS={folder}", f"BUILD={tmp_path / 'build'}", f"DASK_SCHEDULER={cluster}"],
        capture_output=True, text=True, env={**os.environ, "MAKEFLAGS": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "--scheduler" in result.stdout and "extract: 2 Dask workers" in result.stderr
    assert len(json.loads((tmp_path / "build" / "collection.json").read_text())["articles"]) == 6
    assert (tmp_path / "build" / "news.db").exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_naming_it(folder, tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    result = subprocess.run(
        [sys.executable, "-m", "scripts.extract", str(folder), str(tmp_path / "articles"), "--index", str(tmp_path / "index.json"),
         "--scheduler", address],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(f"extract: cannot reach the Dask scheduler at {address}: ")
    assert len([line for line in result.stderr.splitlines() if line.startswith("extract: cannot")]) == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "index.json").exists()


def test_a_malformed_address_is_named(folder, tmp_path):
    with pytest.raises(SystemExit, match=r"^extract: cannot reach the Dask scheduler at udp://x:1: unknown address scheme 'udp'"):
        build(folder, tmp_path, scheduler="udp://x:1")


def test_workers_without_the_model_or_with_other_code_are_named(folder, tmp_path, tmp_path_factory):
    other = tmp_path / "other"  # a checkout where one rule file differs
    shutil.copytree(ROOT / "scripts", other / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    rules = other / "scripts" / "extract" / "data" / "boilerplate.yml"
    rules.write_text(rules.read_text() + "\n# a rule added on that machine\n")
    with dask_cluster.running(
        tmp_path_factory.mktemp("bad-cluster"),
        {"no-model": {"NEWS_SPACY_MODEL": "no_such_model"}, "other-code": {"PYTHONPATH": str(other)}, "no-code": {"PYTHONPATH": None}},
        scheduler={"PYTHONPATH": None},
    ) as address:
        with pytest.raises(SystemExit) as raised:
            build(folder, tmp_path / "build", scheduler=address)
    lines = str(raised.value).splitlines()
    assert lines[0].startswith("extract: the Dask cluster cannot run this extraction (see \"Extraction on a Dask cluster\" in README.md)")
    assert lines[1].startswith(f"  scheduler {address}: cannot import the extraction code (")
    by_name = {name: next(line for line in lines[2:] if f"({name}):" in line) for name in ("no-model", "other-code", "no-code")}
    assert "cannot load the spaCy model 'no_such_model'" in by_name["no-model"]
    assert "another version of the extraction code (differs in scripts/extract/data/boilerplate.yml)" in by_name["other-code"]
    assert "cannot import the extraction code" in by_name["no-code"]
    for line in by_name.values():
        assert line.startswith("  worker tcp://127.0.0.1:")
    assert len(lines) == 5
    assert not (tmp_path / "build" / "articles").exists() or not any((tmp_path / "build" / "articles").iterdir())


@pytest.mark.parametrize(
    "report, reason",
    [
        ({"problem": None, "fingerprint": "same", "model": "m", "files": {}}, None),
        ({"problem": "cannot load the spaCy model 'x': E050", "fingerprint": "f", "model": "m", "files": {}}, "cannot load the spaCy model 'x': E050"),
        ({"problem": None, "fingerprint": "other", "model": "spacy 0.1", "files": {}}, "another spaCy or model version: spacy 0.1"),
        (ModuleNotFoundError("No module named 'scripts'"), "cannot import the extraction code (No module named 'scripts')"),
    ],
)
def test_why_a_worker_cannot_run_the_extraction(report, reason):
    from scripts.extract import cluster

    found = cluster.mismatch(report, "same", collection.file_digests())
    assert found == reason if reason is None else found.startswith(reason)


def test_the_task_refuses_to_run_on_another_fingerprint(cluster):
    """A worker that joins after the start-up check checks itself before its first task."""
    from distributed import Client

    from scripts.extract import cluster as on_cluster

    seed, _ = ingest.read_seed(SEEDS / "000_fee7810e8accf7a7.txt")
    with Client(cluster, set_as_default=False) as client:
        future = client.submit(on_cluster.analyse_on_worker, [(seed, seed.path.read_bytes())], "not-this-fingerprint", pure=False)
        with pytest.raises(on_cluster.WorkerMismatch, match=r"^Dask worker tcp://127\.0\.0\.1:\d+: its extraction code or model differs"):
            future.result()
