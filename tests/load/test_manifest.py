import datetime as dt

import pytest

from scripts.load import manifest
from scripts.load.manifest import ManifestError, Value


def test_reads_the_collection_manifest():
    m = manifest.read(manifest.Path("seeds/manifest.yml"))
    assert m.collection["reference_date"].value == "2025-11-06"
    assert m.collection["reference_date"].source


def test_missing_file_is_an_empty_manifest(tmp_path):
    assert manifest.read(tmp_path / "manifest.yml") == manifest.Manifest()


def test_values_keep_their_source():
    m = manifest.parse(
        {
            "articles": {
                "a1": {
                    "publisher": {"value": "Example News", "source": "masthead"},
                    "published": {"value": dt.date(2025, 11, 6), "source": "page footer"},
                    "url": None,
                },
                "a2": None,
            }
        }
    )
    assert m.article("a1") == {"publisher": Value("Example News", "masthead"), "published": Value("2025-11-06", "page footer")}
    assert m.article("a2") == {}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"articles": {"a1": {"publisher": "Example News"}}}, r"articles\.a1\.publisher: write it as \{value: …, source: …\}"),
        ({"articles": {"a1": {"publisher": {"value": "Example News"}}}}, "needs a `source`"),
        ({"articles": {"a1": {"publisher": {"value": "", "source": "me"}}}}, "`value` is empty"),
        ({"articles": {"a1": {"published": {"value": "6 Nov 2025", "source": "me"}}}}, "not a date written YYYY-MM-DD"),
        ({"articles": {"a1": {"author": {"value": "X", "source": "me"}}}}, r"unknown key\(s\) author"),
        ({"collection": {"reference_date": {"value": "2025-13-01", "source": "me"}}}, "collection.reference_date"),
        ({"sources": {}}, r"unknown key\(s\) sources"),
        (["a list"], "expected a mapping"),
    ],
)
def test_refuses_with_the_place_and_the_reason(data, message):
    with pytest.raises(ManifestError, match=message):
        manifest.parse(data, "seeds/manifest.yml")


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "manifest.yml"
    path.write_text("articles: [unclosed\n")
    with pytest.raises(ManifestError, match=f"{path}: not valid YAML"):
        manifest.read(path)
