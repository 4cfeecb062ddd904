"""Serve: the site in several processes over the one immutable database file.

    python -m scripts.tools.serve build/news.db --inspect-file build/inspect.json --host 127.0.0.1 --port 8001 --workers 2

`make serve WORKERS=N` runs this when N > 1 (with one worker it runs
`datasette serve` itself). One Datasette process answers one request at a
time in Python, so on a machine with several cores the pages queue behind
each other; uvicorn's own process manager runs N copies of Datasette's ASGI
app on one listening socket, each with the same settings, metadata, reader
pages and inspect data as `datasette serve` would have. The database is
immutable, so the processes share nothing and never coordinate.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import settings

#: How a worker learns what to serve: uvicorn imports the factory anew in each process.
ENVIRONMENT = "NEWS_SITE"


def create_app():
    """Datasette's ASGI app, configured from the environment by `main` (uvicorn's --factory)."""
    import yaml

    config = json.loads(os.environ[ENVIRONMENT])
    inspect_data = json.loads(Path(config["inspect_file"]).read_text(encoding="utf-8")) if config["inspect_file"] else None
    metadata = yaml.safe_load(Path(config["metadata"]).read_text(encoding="utf-8"))
    return settings.app(config["databases"], metadata, inspect_data=inspect_data).app()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="+", type=Path)
    parser.add_argument("--inspect-file", type=Path)
    parser.add_argument("--metadata", type=Path, default=settings.ROOT / "metadata.yml")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    os.environ[ENVIRONMENT] = json.dumps({
        "databases": [str(d.resolve()) for d in args.databases],
        "inspect_file": str(args.inspect_file.resolve()) if args.inspect_file else None,
        "metadata": str(args.metadata.resolve()),
    })
    print(f"serve: http://{args.host}:{args.port}/ with {args.workers} worker processes (Ctrl-C stops them)", file=sys.stderr, flush=True)
    uvicorn = str(Path(sys.executable).parent / "uvicorn")
    os.execv(uvicorn, [uvicorn, "--factory", "scripts.tools.serve:create_app", "--app-dir", str(settings.ROOT),
                       "--host", args.host, "--port", str(args.port), "--workers", str(max(1, args.workers)),
                       "--no-access-log", "--log-level", "warning"])
    return 0  # not reached: uvicorn replaces this process


if __name__ == "__main__":
    sys.exit(main())
