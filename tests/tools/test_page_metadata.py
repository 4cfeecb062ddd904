"""The saved-page score counts right and wrong values, kept chrome and rejections."""

import shutil
from pathlib import Path

import yaml

from scripts.tools import page_metadata

PAGES = Path(__file__).parent.parent / "extract" / "pages"


def test_a_wrong_expectation_and_kept_chrome_are_counted(tmp_path, capsys):
    for name in ("opengraph.html", "no_article.html"):
        shutil.copy(PAGES / name, tmp_path / name)
    expected = yaml.safe_load((PAGES / "expected.yml").read_text(encoding="utf-8"))
    wrong = {**expected["opengraph.html"], "publisher": "Another Outlet", "not_in_body": ["Estravia", "Cookie settings"]}
    (tmp_path / "expected.yml").write_text(yaml.safe_dump({"opengraph.html": wrong, "no_article.html": {"rejected": True}}))
    counts, misses = page_metadata.score(tmp_path)
    assert counts["publisher"] == (0, 1) and counts["title"] == (1, 1) and counts["body"] == (1, 1)
    assert counts["chrome kept"] == (1, 2) and counts["rejected"] == (1, 1)
    assert misses == ["opengraph.html: publisher 'The Northern Ledger', expected 'Another Outlet'",
                      "opengraph.html: chrome in the body: 'Estravia'"]
    page_metadata.main([str(tmp_path)])
    assert capsys.readouterr().out.splitlines()[1].split() == ["publisher", "0/1"]
