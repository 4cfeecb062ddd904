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
    return Datasette(immutables=[str(seeds_db)], metadata=metadata, settings=settings.read())


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
