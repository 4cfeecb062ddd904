"""Settings: settings.json, Datasette's settings file, as `--setting` flags for `datasette serve`, with the site's templates and plugin.

    python -m scripts.tools.settings settings.json [--with-site]

The one place the site's settings are written; `make serve`, the tests and
the benchmarks all read it. The reader pages live in scripts/site/
(templates/ and plugins/), and every way of serving passes them here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "settings.json"
SITE = ROOT / "scripts" / "site"
TEMPLATES = SITE / "templates"
PLUGINS = SITE / "plugins"


def read(path: Path = FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def flags(settings: dict) -> list[str]:
    """["--setting", name, value, …]; booleans as Datasette's on/off."""
    found = []
    for name, value in settings.items():
        found += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return found


def site_flags() -> list[str]:
    """The flags that give `datasette serve` the reader pages."""
    return ["--template-dir", str(TEMPLATES), "--plugins-dir", str(PLUGINS)]


def app(databases: list[str], metadata: dict, inspect_data: dict | None = None):
    """A Datasette served the way `make serve` serves: immutable files, metadata, settings and the reader pages."""
    from datasette.app import Datasette

    return Datasette(immutables=[str(d) for d in databases], metadata=metadata, settings=read(), inspect_data=inspect_data,
                     template_dir=str(TEMPLATES), plugins_dir=str(PLUGINS))


def main(argv: list[str] | None = None) -> int:
    """Print the flags; with --with-site also the reader pages' (local paths: `make serve`, not `datasette publish`)."""
    args = sys.argv[1:] if argv is None else argv
    files = [a for a in args if not a.startswith("--")]
    print(" ".join(flags(read(Path(files[0]) if files else FILE)) + (site_flags() if "--with-site" in args else [])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
