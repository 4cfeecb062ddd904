"""Ids derived from what a row is: the same set of keys always gets the same ids."""

from scripts.load import identifiers


def test_an_id_depends_on_its_key_only():
    ids = identifiers.stable_ids(["name:donald trump", "country:KAZ", "name:tokayev"])
    more = identifiers.stable_ids(["name:tokayev", "name:someone new", "country:KAZ", "name:donald trump"])
    assert all(more[key] == found for key, found in ids.items())
    assert ids["name:donald trump"] == identifiers.digest("name:donald trump")


def test_ids_are_exact_as_javascript_numbers():
    ids = identifiers.stable_ids(f"name:person {n}" for n in range(2000))
    assert len(set(ids.values())) == 2000
    assert all(0 < i < 2**53 for i in ids.values())


def test_keys_sharing_a_digest_take_the_next_free_id_in_key_order():
    def shared(key: str) -> int:
        return 7 if key in ("b", "a", "c") else identifiers.digest(key)

    ids = identifiers.stable_ids(["c", "b", "a", "d"], preferred=shared)
    assert (ids["a"], ids["b"], ids["c"]) == (7, 8, 9)
    assert identifiers.stable_ids(["a", "c"], preferred=shared) == {"a": 7, "c": 8}


def test_the_last_id_wraps_to_the_first():
    ids = identifiers.stable_ids(["x", "y"], preferred=lambda key: identifiers.SPACE)
    assert ids == {"x": identifiers.SPACE, "y": 1}
