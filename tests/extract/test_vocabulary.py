"""The data files read through vocabulary.read: the fast loader gives the data the reference loader gives."""

import pytest
import yaml

from scripts.extract import vocabulary


@pytest.mark.parametrize("path", sorted(vocabulary.DATA_DIR.glob("*.yml")), ids=lambda p: p.name)
def test_every_data_file_parses_the_same_with_the_fast_loader(path):
    text = path.read_text(encoding="utf-8")
    fast, reference = yaml.load(text, Loader=vocabulary.LOADER), yaml.safe_load(text)  # noqa: S506 - a safe loader
    assert fast == reference and repr(fast) == repr(reference)  # the same values, in the same order
