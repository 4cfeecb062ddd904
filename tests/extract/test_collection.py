import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.extract import collection as extract

ROOT = Path(__file__).resolve().parents[2]


def run(seeds: Path, build: Path, jobs: int = 1) -> dict:
    return extract.run(seeds, build / "articles", build / "collection.json", jobs=jobs)


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}


def test_writes_one_deterministic_json_per_article(seeds_copy, tmp_path):
    index = run(seeds_copy, tmp_path / "one")
    assert [a["id"] for a in index["articles"]] == sorted(p.stem for p in seeds_copy.glob("*.txt"))
    again = run(seeds_copy, tmp_path / "two", jobs=2)  # two workers give the same bytes
    for entry in index["articles"]:
        one = (tmp_path / "one" / "articles" / entry["json"]).read_bytes()
        two = (tmp_path / "two" / "articles" / entry["json"]).read_bytes()
        assert one == two
    assert index == again


def test_sentences_point_into_their_field(seeds_copy, tmp_path):
    run(seeds_copy, tmp_path)
    for path in (tmp_path / "articles").glob("*.json"):
        record = json.loads(path.read_text())
        assert record["sentences"], path
        for sentence in record["sentences"]:
            text = record["article"][sentence["field"]]
            assert text[sentence["start"] : sentence["end"]] == sentence["text"]
            assert sentence["text"] == sentence["text"].strip()


def test_paragraph_breaks_start_sentences(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("The talks ended.\nWhat comes next\nNobody knows what comes next.\n")
    run(seeds, tmp_path / "build")
    record = json.loads((tmp_path / "build" / "articles" / "a.json").read_text())
    assert [s["text"] for s in record["sentences"]] == ["The talks ended.", "What comes next", "Nobody knows what comes next."]


def test_only_changed_articles_are_analysed_again(seeds_copy, tmp_path):
    run(seeds_copy, tmp_path)
    before = mtimes(tmp_path / "articles")
    run(seeds_copy, tmp_path)
    assert mtimes(tmp_path / "articles") == before  # nothing re-written

    changed = sorted(seeds_copy.glob("*.txt"))[1]
    changed.write_text(changed.read_text() + "\nA new closing paragraph was added.\n")
    (seeds_copy / sorted(before)[0].replace(".json", ".txt")).touch()  # touched, not changed
    run(seeds_copy, tmp_path)
    after = mtimes(tmp_path / "articles")
    assert {name for name in after if after[name] != before[name]} == {changed.stem + ".json"}


def test_damaged_extraction_is_rebuilt(seeds_copy, tmp_path):
    index = run(seeds_copy, tmp_path)
    victim = tmp_path / "articles" / index["articles"][0]["json"]
    good = victim.read_bytes()
    victim.write_bytes(good[: len(good) // 2])  # truncated
    run(seeds_copy, tmp_path)
    assert victim.read_bytes() == good


def test_removed_seed_removes_its_extraction(seeds_copy, tmp_path):
    run(seeds_copy, tmp_path)
    gone = sorted(seeds_copy.glob("*.txt"))[0]
    gone.unlink()
    index = run(seeds_copy, tmp_path)
    assert gone.stem not in {a["id"] for a in index["articles"]}
    assert not (tmp_path / "articles" / f"{gone.stem}.json").exists()


def test_text_with_only_boilerplate_is_rejected(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "chrome.txt").write_text("Comments are closed.\nShare this article\n")
    (seeds / "real.txt").write_text("The minister resigned on Monday.\n")
    index = run(seeds, tmp_path / "build")
    assert [a["id"] for a in index["articles"]] == ["real"]
    assert index["rejected"] == [{"file": "chrome.txt", "reason": "no article text is left after removing boilerplate", "bytes": 40}]
    assert f"{seeds / 'chrome.txt'}: no article text is left" in capsys.readouterr().err


def test_check_fails_only_when_files_were_rejected(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "real.txt").write_text("The minister resigned on Monday.\n")
    run(seeds, tmp_path / "build")
    assert extract.check(tmp_path / "build" / "collection.json") == 0
    (seeds / "empty.txt").write_bytes(b"")
    run(seeds, tmp_path / "build")
    assert extract.check(tmp_path / "build" / "collection.json") == 1
    assert "rejected: empty.txt: empty file" in capsys.readouterr().err


def test_makefile_and_fingerprint_cover_the_same_folder():
    """The Makefile re-extracts on a change to any file the fingerprint hashes, and on no other."""
    makefile = (ROOT / "Makefile").read_text()
    patterns = re.search(r"^EXTRACT_CODE := \$\(wildcard ([^)]+)\)", makefile, re.M).group(1).split()
    in_make = {p.relative_to(ROOT / "scripts" / "extract").as_posix() for pattern in patterns for p in ROOT.glob(pattern)}
    fingerprinted = {name for name, _ in extract.extraction_files()}
    assert in_make == fingerprinted
    assert {"articles.py", "collection.py", "data/boilerplate.yml", "data/events.yml"} <= fingerprinted


def test_extraction_imports_nothing_outside_its_package(tmp_path):
    """Extracting an article in a fresh process loads no module of the project that the fingerprint leaves out."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("“We are ready,” the minister told Reuters on Monday in Paris.\n")
    code = (
        "import sys; from pathlib import Path; from scripts.extract import collection; "
        f"collection.run(Path({str(seeds)!r}), Path({str(tmp_path / 'out')!r}), Path({str(tmp_path / 'index.json')!r})); "
        "print(sorted(m for m in sys.modules if m.startswith('scripts.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    imported = set(eval(result.stdout.strip().splitlines()[-1]))
    assert "scripts.extract.entities" in imported and "scripts.extract.quotes" in imported
    assert all(name.startswith("scripts.extract") for name in imported), imported


def test_fingerprint_changes_with_a_data_file(tmp_path, monkeypatch):
    before = extract.fingerprint()
    package = tmp_path / "extract"
    shutil.copytree(extract.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(extract, "PACKAGE", package)
    assert extract.fingerprint() == before
    (package / "data" / "boilerplate.yml").write_text((package / "data" / "boilerplate.yml").read_text() + "\n# a new rule\n")
    assert extract.fingerprint() != before


def test_fingerprint_ignores_compiled_files(tmp_path, monkeypatch):
    package = tmp_path / "extract"
    shutil.copytree(extract.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(extract, "PACKAGE", package)
    before = extract.fingerprint()
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "nlp.cpython-311.pyc").write_bytes(b"\x00compiled")
    assert extract.fingerprint() == before
