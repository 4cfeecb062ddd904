"""A Dask cluster of local processes on 127.0.0.1: the tests' and the benchmark's stand-in for a real one.

A `dask scheduler` and one single-threaded `dask worker` process per name,
each started outside the repository with the repository on its PYTHONPATH,
as on a machine of a real cluster. Each gets its own environment changes,
so a test can start a worker without the model or with other code.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Seconds for the scheduler and every worker to come up.
START_TIMEOUT = 90


@contextmanager
def running(folder: Path, workers: dict[str, dict[str, str | None]], scheduler: dict[str, str | None] | None = None) -> Iterator[str]:
    """The scheduler's address while the cluster runs; every process is stopped on the way out.

    `workers` maps each worker's name to changes of its environment (None
    removes a variable); `scheduler` changes the scheduler's. Logs go to
    `folder`/<name>.log.
    """
    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    scheduler_file.unlink(missing_ok=True)
    processes: list[subprocess.Popen] = []
    try:
        processes.append(_start(folder, "scheduler", ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                                      "--scheduler-file", str(scheduler_file)], scheduler or {}))
        for name, changes in workers.items():
            processes.append(_start(folder, name, ["worker", "--scheduler-file", str(scheduler_file), "--host", "127.0.0.1",
                                                   "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", name], changes))
        _wait_for(scheduler_file, len(workers), folder)
        yield json.loads(scheduler_file.read_text())["address"]
    finally:
        stop(processes)


def _start(folder: Path, name: str, args: list[str], changes: dict[str, str | None]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_TEMPORARY_DIRECTORY": str(folder)}  # scratch space: not the shared /tmp
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    with open(folder / f"{name}.log", "wb") as log:  # the child keeps its own copy of the descriptor
        # A session of its own: stop() ends the process and whatever it started, and nothing else.
        return subprocess.Popen([sys.executable, "-m", "dask", *args], cwd=folder, env=env, stdout=log, stderr=log, start_new_session=True)


def _wait_for(scheduler_file: Path, workers: int, folder: Path) -> None:
    from distributed import Client

    deadline = time.monotonic() + START_TIMEOUT
    try:
        while not scheduler_file.exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no scheduler file after {START_TIMEOUT} s")
            time.sleep(0.2)
        with Client(scheduler_file=str(scheduler_file), set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=max(1.0, deadline - time.monotonic()))
    except (OSError, TimeoutError) as error:
        logs = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-2000:]}" for p in sorted(folder.glob("*.log")))
        raise RuntimeError(f"the local Dask cluster in {folder} did not start: {error}\n{logs}") from None


def stop(processes: list[subprocess.Popen]) -> None:
    """End each process's session: workers first, so that none waits for a scheduler that has gone."""
    for process in reversed(processes):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
