"""Cluster: the articles' language work on the workers of a Dask cluster.

    python -m scripts.extract SEEDS_DIR OUT_DIR --index build/collection.json --scheduler tcp://host:8786

This process is the Dask client. It reads the seed files and sends their
bytes with each task; a worker sends back each article's JSON bytes, and the
client writes them. So the workers need no shared file system, and the
files are the bytes a local build writes: the same `collection.analyse_batch`
makes them.

Workers must run the same extraction code and model as the client. Before
any work is sent, every worker loads the model and reports the fingerprint
of its `scripts/extract/`; a worker that joins later checks itself before
its first task. Either way a mismatch stops the build with the worker's
address and the reason. The scheduler unpickles the tasks, so it must be
able to import this module too (checked first); this module imports
spaCy only inside the functions that run on a worker or the client, so
the scheduler never loads it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import cache

from . import ingest

#: Tasks waiting or running per worker thread: enough that no worker waits
#: for the client, few enough that the client never holds more than a few
#: batches of seed bytes in memory however large the folder.
TASKS_PER_THREAD = 2
#: How long a build waits for the first worker of an empty cluster (one still
#: being scheduled by a batch system) before it gives up, in seconds.
WORKER_WAIT = 600
#: What the README calls the section on setting up workers.
HOW_TO = 'see "Extraction on a Dask cluster" in README.md'

#: One article batch at a time per worker process: a worker started with
#: several threads shares one model, and spaCy does not promise that two
#: threads may run the same pipeline at once.
_model_lock = threading.Lock()


class WorkerMismatch(RuntimeError):
    """A worker that cannot produce the client's extraction: no model, or other code."""


def analyse(address: str, batches: list[list[ingest.Seed]], fingerprint_: str) -> Iterator[list]:
    """Analyse the batches on the cluster at `address`; yield each batch's outcomes as `collection.analyse_batch` gives them.

    Seeds that can no longer be read come back as rejections. Batches are
    sent as workers free up, so the seed bytes in flight stay bounded.
    """
    from distributed import as_completed

    from . import collection

    with connect(address) as client:
        check_workers(client, fingerprint_)
        queue = iter(batches)
        running = as_completed(loop=client.loop)

        def send_more() -> list[ingest.Rejection]:
            unreadable: list[ingest.Rejection] = []
            while running.count() < TASKS_PER_THREAD * max(1, sum(client.nthreads().values())):
                batch = next(queue, None)
                if batch is None:
                    break
                readable, rejections = collection.read_batch(batch)
                unreadable += rejections
                if readable:  # pure=False: a key of its own, never a result another client computed
                    running.add(client.submit(analyse_on_worker, readable, fingerprint_, pure=False))
            return unreadable

        first = send_more()
        if first:
            yield first
        for future in running:
            try:
                outcomes = future.result()
            except WorkerMismatch as error:
                raise SystemExit(f"extract: {error} ({HOW_TO})") from None
            future.release()
            yield outcomes + send_more()


def connect(address: str):
    """A Dask client of the scheduler at `address` that has at least one worker, or SystemExit with one line naming it."""
    from distributed import Client

    try:
        client = Client(address, set_as_default=False)
    except (OSError, ValueError, TypeError) as error:  # refused, timed out, unknown host; a malformed address
        raise SystemExit(f"extract: cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        if not client.nthreads():
            _say(f"extract: waiting up to {WORKER_WAIT} s for a worker to join {address}")
            client.wait_for_workers(1, timeout=WORKER_WAIT)
    except (OSError, TimeoutError) as error:
        client.close()
        raise SystemExit(f"extract: the Dask scheduler at {address} has no worker: {error}") from None
    return client


def check_workers(client, fingerprint_: str) -> None:
    """Stop with every worker that cannot run this extraction, and why, before any work is sent.

    Loads the model on every worker as a side effect, all at once.
    """
    from . import collection

    expected = collection.file_digests()
    reports = client.run(worker_report, on_error="return")
    names = {address: str(info.get("name", "")) for address, info in client.scheduler_info(n_workers=-1)["workers"].items()}
    problems = [
        f"  worker {address}{_named(names.get(address, ''), address)}: {reason}"
        for address, report in sorted(reports.items())
        if (reason := mismatch(report, fingerprint_, expected))
    ]
    try:
        client.run_on_scheduler(scheduler_ready)
    except Exception as error:  # whatever failed there comes back as is; most likely our module is missing
        problems.insert(0, f"  scheduler {client.scheduler.address}: {mismatch(error, fingerprint_, expected)}")
    if problems:
        raise SystemExit(f"extract: the Dask cluster cannot run this extraction ({HOW_TO}):\n" + "\n".join(problems))
    _say(f"extract: {len(reports)} Dask workers at {client.scheduler.address}")


def _say(line: str) -> None:
    """A line on stderr above the progress bar, not through it."""
    import sys

    from tqdm import tqdm

    tqdm.write(line, file=sys.stderr)


def _named(name: str, address: str) -> str:
    """A worker's name beside its address, when it was given one (dask worker --name)."""
    return f" ({name})" if name and name not in address else ""


def mismatch(report: dict | BaseException, fingerprint_: str, expected: dict[str, str]) -> str | None:
    """Why a worker's report shows it cannot make this client's extraction; None when it can."""
    if isinstance(report, BaseException):  # the report could not even run there
        if isinstance(report, ImportError) or "ModuleNotFoundError" in str(report):  # the latter as it failed to unpickle
            return f"cannot import the extraction code ({report}); put the repository on its PYTHONPATH"
        return f"{type(report).__name__}: {report}"
    if report["problem"]:
        return report["problem"]
    if report["fingerprint"] == fingerprint_:
        return None
    from . import nlp

    here = nlp.describe()
    if report["model"] != here:
        return f"another spaCy or model version: {report['model']} (here: {here})"
    differ = sorted(name for name in expected.keys() | report["files"].keys() if expected.get(name) != report["files"].get(name))
    return "another version of the extraction code (differs in " + (", ".join(f"scripts/extract/{name}" for name in differ) or "its format") + ")"


def scheduler_ready() -> bool:
    """Run on the scheduler: that it could unpickle this function shows it can unpickle the tasks."""
    return True


def worker_report() -> dict:
    """On a worker: whether the model loads, and the fingerprint of its extraction code."""
    from . import collection, nlp

    try:
        nlp.load()
        problem = None
    except (OSError, ImportError, ValueError) as error:  # spaCy's E050 (not installed) is an OSError
        problem = f"cannot load the spaCy model {nlp.MODEL!r}: {error}"
    return {
        "problem": problem,
        "fingerprint": collection.fingerprint(),
        "model": nlp.describe(),
        "files": collection.file_digests(),
    }


@cache
def _own_mismatch(fingerprint_: str) -> str | None:
    report = worker_report()
    if report["problem"]:
        return report["problem"]
    return None if report["fingerprint"] == fingerprint_ else "its extraction code or model differs from the client's (another fingerprint)"


def analyse_on_worker(batch: list[tuple[ingest.Seed, bytes]], fingerprint_: str) -> list:
    """The task a worker runs: `collection.analyse_batch`, after checking once that it is the client's extraction."""
    from distributed import get_worker

    from . import collection

    reason = _own_mismatch(fingerprint_)
    if reason:
        raise WorkerMismatch(f"Dask worker {get_worker().address}: {reason}")
    with _model_lock:
        return collection.analyse_batch(batch, fingerprint_)
