"""Open loop: requests sent on a fixed schedule, whatever the server does.

    python -m scripts.tools.openloop --host http://127.0.0.1:8001 --rate 25 --seconds 60 --out build/bench/open.json

Request k leaves at start + k / rate, to the endpoints of
scripts/tools/endpoints.py in turn (each round in a new seeded order), and
its time is counted from that scheduled moment: a slow server makes the
queue grow, never the generator slow down, so the percentiles are those a
reader arriving at this rate sees (no coordinated omission, unlike a closed
loop). How late the generator itself was is reported beside them, so a
generator that could not keep up shows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
from pathlib import Path

import httpx

from .endpoints import RUNAWAY, from_environment


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (`share` 0.95 for the p95) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def schedule(endpoints: list[tuple[str, str]], total: int, seed: int = 0) -> list[tuple[str, str]]:
    """`total` requests: every endpoint once per round, each round in a new seeded order."""
    rng, order = random.Random(seed), []
    while len(order) < total:
        round_ = list(endpoints)
        rng.shuffle(round_)
        order += round_
    return order[:total]


async def drive(base: str, endpoints: list[tuple[str, str]], rate: float, seconds: float, timeout: float = 30) -> dict:
    """Send rate x seconds requests on schedule; per-endpoint times (ms from the scheduled moment) and statuses."""
    loop = asyncio.get_running_loop()
    planned = schedule(endpoints, int(rate * seconds))
    times: dict[str, list[float]] = {name: [] for name, _ in endpoints}
    failures: dict[str, int] = {name: 0 for name, _ in endpoints}
    lateness: list[float] = []
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:

        async def one(name: str, path: str, due: float) -> None:
            lateness.append((loop.time() - due) * 1000)
            try:
                response = await client.get(path)
                ok = response.status_code < 400 or (name == RUNAWAY and response.status_code == 400)
            except httpx.HTTPError:
                ok = False
            times[name].append((loop.time() - due) * 1000)
            failures[name] += not ok

        start = loop.time() + 0.1
        tasks = []
        for k, (name, path) in enumerate(planned):
            due = start + k / rate
            await asyncio.sleep(max(0.0, due - loop.time()))
            tasks.append(asyncio.create_task(one(name, path, due)))
        await asyncio.gather(*tasks)
        elapsed = loop.time() - start
    return {
        "rate": rate, "seconds": seconds, "requests": len(planned), "achieved_rate": round(len(planned) / elapsed, 2),
        "failures": sum(failures.values()),
        "late_p95_ms": round(percentile(lateness, 0.95), 1), "late_max_ms": round(max(lateness), 1),
        "endpoints": {
            name: {"requests": len(t), "failures": failures[name], "p50_ms": round(percentile(t, 0.5), 1),
                   "p95_ms": round(percentile(t, 0.95), 1), "p99_ms": round(percentile(t, 0.99), 1), "max_ms": round(max(t), 1)}
            for name, t in times.items() if t
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True, help="the site's address, e.g. http://127.0.0.1:8001")
    parser.add_argument("--rate", type=float, default=25, help="requests per second")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--out", type=Path, required=True, help="where to write the figures (JSON)")
    args = parser.parse_args(argv)
    figures = asyncio.run(drive(args.host, from_environment(), args.rate, args.seconds))
    args.out.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
