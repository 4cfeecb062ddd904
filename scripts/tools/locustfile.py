"""Locustfile: the closed loop of `make bench-serve` and `make soak`.

Each client sends its next request as soon as the last is answered, so the
server is kept saturated and the rate measured is its capacity. The
endpoints (scripts/tools/endpoints.py) come from the database under test
through the environment; each request is named after its endpoint, so
locust reports percentiles per endpoint.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from locust import FastHttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # locust imports this file by path
from scripts.tools.endpoints import RUNAWAY, from_environment  # noqa: E402

ENDPOINTS = from_environment()


class Reader(FastHttpUser):
    """A reader who never pauses: every request right after the last."""

    wait_time = constant(0)

    @task
    def visit(self) -> None:
        name, path = random.choice(ENDPOINTS)
        if name != RUNAWAY:
            self.client.get(path, name=name)
            return
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code == 400 and "interrupted" in response.text.lower():
                response.success()  # stopped by sql_time_limit_ms, as it should be
            else:
                response.failure(f"runaway query answered {response.status_code}")
