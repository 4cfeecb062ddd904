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
