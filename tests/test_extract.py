import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from scripts import extract

ROOT = Path(__file__).resolve().parent.parent


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


def test_makefile_and_fingerprint_agree_on_the_extraction_code():
    makefile = (ROOT / "Makefile").read_text()
    listed = re.search(r"^EXTRACT_CODE := \$\(addprefix scripts/,\$\(addsuffix \.py,([^)]+)\)\)", makefile, re.M).group(1).split()
    assert tuple(listed) == extract.EXTRACTION_MODULES
    names = {path.name for _, path in extract.extraction_files()}
    assert "articles.py" in names and "boilerplate.yml" in names and "load.py" not in names


def test_extraction_imports_only_the_listed_modules(tmp_path):
    """Extracting an article in a fresh process loads no module of the package that the fingerprint leaves out."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("“We are ready,” the minister told Reuters on Monday in Paris.\n")
    code = (
        "import sys; from pathlib import Path; from scripts import extract; "
        f"extract.run(Path({str(seeds)!r}), Path({str(tmp_path / 'out')!r}), Path({str(tmp_path / 'index.json')!r})); "
        "print(sorted(m.split('.')[1] for m in sys.modules if m.startswith('scripts.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    imported = set(eval(result.stdout.strip().splitlines()[-1]))
    assert imported <= set(extract.EXTRACTION_MODULES), imported - set(extract.EXTRACTION_MODULES)


def test_fingerprint_changes_with_a_data_file(tmp_path, monkeypatch):
    before = extract.fingerprint()
    data = tmp_path / "data"
    shutil.copytree(extract.DATA_DIR, data)
    monkeypatch.setattr(extract, "DATA_DIR", data)
    assert extract.fingerprint() == before
    (data / "boilerplate.yml").write_text((data / "boilerplate.yml").read_text() + "\n# a new rule\n")
    assert extract.fingerprint() != before
