"""make serve WORKERS=2: several processes over the one immutable file, each the whole site."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psutil

from tests.builds import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_workers_serve_the_site_with_its_reader_pages(seeds_db):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "scripts.tools.serve", str(seeds_db), "--port", str(port), "--workers", "2"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                answer = json.load(urllib.request.urlopen(f"{base}/news.json?sql=select+count(*)+from+articles", timeout=2))
                break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError(server.stderr.read().decode()[-2000:])
                time.sleep(0.1)
        assert answer["rows"] == [[5]]
        page = urllib.request.urlopen(f"{base}/news/articles/001_832fafafc341e9ad", timeout=10).read().decode()
        assert 'class="reader-page"' in page and 'data-mention="' in page  # the plugin and templates in every worker
        settings = json.load(urllib.request.urlopen(f"{base}/-/settings.json", timeout=10))
        assert settings["sql_time_limit_ms"] == 2000  # settings.json, as datasette serve would have it
        workers = [p for p in psutil.Process(server.pid).children(recursive=True) if "spawn" in " ".join(p.cmdline())]
        assert len(workers) == 2
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def test_the_shared_socket_says_it_is_tcp_so_every_connection_gets_tcp_nodelay():
    """Without TCP_NODELAY a kept-alive connection waits for the client's delayed ACK on every response."""
    import asyncio

    from scripts.tools import serve

    listening = serve.TcpConfig("scripts.tools.serve:create_app", factory=True, host="127.0.0.1", port=0).bind_socket()
    assert listening.proto == socket.IPPROTO_TCP

    async def accepted_nodelay() -> int:
        found = asyncio.get_running_loop().create_future()

        def connected(reader, writer):
            found.set_result(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(connected, sock=listening)
        _, writer = await asyncio.open_connection(*listening.getsockname())
        try:
            return await asyncio.wait_for(found, 10)
        finally:
            writer.close()
            server.close()

    assert asyncio.run(accepted_nodelay()) != 0
