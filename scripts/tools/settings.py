"""Settings: settings.json, Datasette's settings file, as `--setting` flags for `datasette serve`.

    python -m scripts.tools.settings settings.json

The one place the site's settings are written; `make serve`, the tests and
the benchmarks all read it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "settings.json"


def read(path: Path = FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def flags(settings: dict) -> list[str]:
    """["--setting", name, value, …]; booleans as Datasette's on/off."""
    found = []
    for name, value in settings.items():
        found += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    print(" ".join(flags(read(Path(args[0]) if args else FILE))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
