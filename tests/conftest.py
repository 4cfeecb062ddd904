"""Shared fixtures: the real pipeline run on the real seeds, into temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

from scripts.tools import settings
from tests.builds import METADATA, SEEDS, build_database


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """The database built from seeds/."""
    return build_database(SEEDS, tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def metadata() -> dict:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))


@pytest.fixture
def datasette(seeds_db, metadata) -> Datasette:
    """Datasette serving the seeds database the way `make serve` does: immutable, with metadata.yml."""
    return settings.app([seeds_db], metadata)


@pytest.fixture
def unreadable(monkeypatch):
    """Make files of the given names unreadable, as for a user without permission (tests run as root)."""

    def make(*names: str) -> None:
        real = Path.read_bytes

        def read_bytes(path: Path) -> bytes:
            if path.name in names:
                raise PermissionError(13, "Permission denied")
            return real(path)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)

    return make


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A writable copy of seeds/ to add bad files to."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


PAGES = Path(__file__).parent / "extract" / "pages"


@pytest.fixture
def page_server():
    """A web server on 127.0.0.1 serving the saved-page fixtures, plus the awkward answers real servers give.

    Yields (base address, the requests it received as (path, User-Agent)).
    """
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

        def send(self, status: int, body: bytes = b"", content_type: str = "text/html", **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            received.append((self.path, self.headers.get("User-Agent", "")))
            path = self.path.split("?")[0]
            if path.startswith("/pages/") and (PAGES / path[len("/pages/"):]).is_file():
                self.send(200, (PAGES / path[len("/pages/"):]).read_bytes())
            elif path == "/robots.txt":
                self.send(200, b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
            elif path == "/moved":
                self.send(301, Location="/pages/jsonld.html")
            elif path == "/loop":
                self.send(302, Location="/loop")
            elif path == "/report.pdf":
                self.send(200, b"%PDF-1.7 not a page", content_type="application/pdf")
            elif path == "/huge":
                self.send(200, b"<html><body>" + b"<p>word word word</p>" * 20_000 + b"</body></html>")
            elif path == "/charset-in-header":
                page = "<html><body><article><h1>Caf\u00e9 owners protest</h1>" + "".join(
                    f"<p>Jos\u00e9 P\u00e9rez said the caf\u00e9 tax was unfair to the {n} owners on street {n} of the old town.</p>"
                    for n in range(2, 10)
                ) + "</article></body></html>"
                self.send(200, page.encode("cp1252"), content_type="text/html; charset=windows-1252")
            elif path == "/slow":
                time.sleep(2)
                self.send(200, b"<html><body><p>late</p></body></html>")
            else:
                self.send(404, b"<html><body>Not found</body></html>")

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # a client that gave up on /slow: expected
            pass

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()
