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
import socket
import sys
from pathlib import Path

import uvicorn
from uvicorn.supervisors import Multiprocess

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
    run(args.host, args.port, max(1, args.workers))
    return 0


class TcpConfig(uvicorn.Config):
    """uvicorn's Config, whose shared listening socket says it is TCP.

    uvicorn makes it with protocol 0, and asyncio sets TCP_NODELAY only on
    connections whose socket says TCP: without it every response on a
    kept-alive connection waited about 40 ms for the client's delayed ACK
    (Nagle's algorithm held the body back behind the headers). Measured on
    `select 1` over one kept-alive connection: 44-50 ms before, 2-5 ms after.
    """

    def bind_socket(self) -> socket.socket:
        made = super().bind_socket()
        tcp = socket.socket(made.family, made.type, socket.IPPROTO_TCP, fileno=made.detach())
        tcp.set_inheritable(True)
        return tcp


def run(host: str, port: int, workers: int) -> None:
    """uvicorn's process manager running `workers` copies of the app on one listening socket (what `uvicorn --workers` does)."""
    sys.path.insert(0, str(settings.ROOT))  # the workers import create_app from here
    config = TcpConfig("scripts.tools.serve:create_app", factory=True, host=host, port=port, workers=workers,
                       access_log=False, log_level="warning")
    try:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
