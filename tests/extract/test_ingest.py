from pathlib import Path

import pytest

from scripts.extract import ingest
from scripts.extract.ingest import IngestError


@pytest.mark.parametrize(
    "raw, text",
    [
        (b"Plain text.\n", "Plain text.\n"),
        (b"\xef\xbb\xbfWith a BOM.", "With a BOM."),
        (b"Windows\r\nline ends\r\n", "Windows\nline ends\n"),
        (b"Old Mac\rline ends", "Old Mac\nline ends"),
        ("Curly “quotes” and é".encode(), "Curly “quotes” and é"),
    ],
)
def test_decode_normalizes(raw, text):
    assert ingest.decode(raw) == text


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "only white space"),
        (b"\xef\xbb\xbf \n", "only white space"),
        (b"text\x00with a NUL", "NUL byte at offset 4"),
        (b"caf\xe9 latin-1", "not valid UTF-8 (byte 0xe9 at offset 3)"),
        ("UTF-16 text".encode("utf-16"), "UTF-16"),
    ],
)
def test_decode_refuses(raw, reason):
    with pytest.raises(IngestError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        ingest.decode(raw)


@pytest.mark.parametrize("name, stem, kind", [
    ("000_abc.txt", "000_abc", "text"),
    ("story-1.v2.txt", "story-1.v2", "text"),
    ("saved.page.html", "saved.page", "html"),
    ("Old_Page.HTM", "Old_Page", "html"),
])
def test_check_name_accepts(name, stem, kind):
    assert ingest.check_name(name) == (stem, kind)


@pytest.mark.parametrize(
    "name, reason",
    [
        ("my story.txt", "cannot be an article id"),
        ("étude.txt", "cannot be an article id"),
        (".hidden.txt", "cannot be an article id"),
        ("-dash.txt", "cannot be an article id"),
        ("notes.md", "not an article file"),
        (".html", "not an article file"),
        ("x" * 101 + ".txt", "cannot be an article id"),
    ],
)
def test_check_name_refuses(name, reason):
    with pytest.raises(IngestError, match=reason):
        ingest.check_name(name)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_scan_reports_every_bad_file_and_keeps_the_good(tmp_path, unreadable):
    good = "Officials met on Monday. They talked.\n"
    write(tmp_path, "a_good.txt", good.encode())
    write(tmp_path, "b_copy.txt", good.replace("\n", "\r\n").encode())  # same text, other line ends
    write(tmp_path, "c_empty.txt", b"")
    write(tmp_path, "d_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path, "e_latin1.txt", "Café society".encode("latin-1"))
    write(tmp_path, "f_big.txt", b"word " * 300)
    write(tmp_path, "g space.txt", b"A fine article with a bad name.")
    write(tmp_path, "h_notes.md", b"Not an article.")
    (tmp_path / "i_link.txt").symlink_to(tmp_path / "a_good.txt")
    (tmp_path / "j_folder.txt").mkdir()
    write(tmp_path, "k_secret.txt", b"Readable by nobody.")
    write(tmp_path, "manifest.yml", b"articles: {}\n")
    write(tmp_path, ".DS_Store", b"\x00\x00")

    unreadable("k_secret.txt")
    seeds, rejections = ingest.scan(tmp_path, max_bytes=1000)

    assert [s.id for s in seeds] == ["a_good"]
    reasons = {r.file: r.reason for r in rejections}
    assert reasons == {
        "b_copy.txt": "same content as a_good.txt",
        "c_empty.txt": "empty file",
        "d_binary.txt": "binary file (NUL byte at offset 8)",
        "e_latin1.txt": "not valid UTF-8 (byte 0xe9 at offset 3); save it as UTF-8",
        "f_big.txt": "too large: 1,500 bytes (the limit is 1,000; set MAX_BYTES to change it)",
        "g space.txt": reasons["g space.txt"],
        "h_notes.md": reasons["h_notes.md"],
        "i_link.txt": "is a symbolic link; copy the article into the folder instead",
        "j_folder.txt": "is a folder; articles must sit directly in the seeds folder",
        "k_secret.txt": "cannot be read: Permission denied",
    }
    assert reasons["g space.txt"].startswith("file name cannot be an article id")
    assert reasons["h_notes.md"].startswith("not an article file")
    assert {r.file: r.bytes for r in rejections}["f_big.txt"] == 1500


def test_seed_hash_is_of_the_raw_bytes(tmp_path):
    raw = b"\xef\xbb\xbfLine one.\r\nLine two.\r\n"
    seed, text = ingest.read_seed(write(tmp_path, "x.txt", raw))
    assert seed.sha256 == ingest.sha256(raw)
    assert seed.text_sha256 == ingest.sha256(text) == ingest.sha256("Line one.\nLine two.\n")
