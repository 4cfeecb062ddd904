import pytest

from scripts.extract import given_names


@pytest.mark.parametrize("name, gender", [
    ("Joost van der Meulen", ["m"]), ("Maria Luisa dela Cruz", ["f"]), ("Liu Haiyan", []), ("Okafor", []), ("Zzyzx Qwerty", [])])
def test_gender(name, gender):
    assert given_names.gender(name) == gender


@pytest.mark.parametrize("name, given", [
    ("Maria Luisa dela Cruz", True), ("Liu Haiyan", True), ("Fenay Beck", False), ("Nordwind Netz", False), ("Murray", False)])
def test_opens_with_given_name(name, given):
    assert given_names.opens_with_given_name(name) == given


@pytest.mark.parametrize("word, known", [("Martín", True), ("Ezequiel", True), ("Barreiro", False), ("ministry", False)])
def test_one_word_is_a_given_name(word, known):
    assert given_names.is_given_name(word) is known


@pytest.mark.parametrize("name, family_first", [
    ("Nguyen Thi Bich Ngoc", True), ("Nguyen Thanh Hai", True), ("Park Ji-sung", True), ("Tan Tock Seng Hospital", False),
    ("Liu Haiyan", False)])
def test_a_name_written_family_name_first(name, family_first):
    assert given_names.given_names_after_family_name(name) is family_first


def test_the_dictionary_kept_in_the_cache_answers_as_the_parsed_one(tmp_path, monkeypatch):
    parsed = given_names._dictionary()
    monkeypatch.setattr(given_names, "CACHE_DIR", tmp_path)
    given_names._dictionary.cache_clear()
    try:
        first = given_names._dictionary()  # parsed, and written to the cache
        assert [p.suffix for p in tmp_path.iterdir()] == [".pickle"]
        given_names._dictionary.cache_clear()
        kept = given_names._dictionary()  # read back
        assert kept is not first and kept.names == first.names == parsed.names
        (next(tmp_path.iterdir())).write_bytes(b"damaged")
        given_names._dictionary.cache_clear()
        assert given_names._dictionary().names == parsed.names  # a damaged cache is parsed again
    finally:
        given_names._dictionary.cache_clear()
