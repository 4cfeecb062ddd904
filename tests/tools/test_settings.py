"""settings.json as flags: the same settings for make serve and for datasette publish, the reader pages only where local paths work."""

from scripts.tools import settings


def test_flags_carry_every_setting_and_the_site_only_when_asked(capsys):
    settings.main(["settings.json"])
    plain = capsys.readouterr().out.split()
    assert plain.count("--setting") == len(settings.read()) and "--template-dir" not in plain
    assert plain[plain.index("sql_time_limit_ms") + 1] == str(settings.read()["sql_time_limit_ms"])
    assert "off" in plain  # a boolean setting as Datasette spells it
    settings.main(["settings.json", "--with-site"])
    served = capsys.readouterr().out.split()
    assert served[: len(plain)] == plain
    assert served[len(plain):] == ["--template-dir", str(settings.TEMPLATES), "--plugins-dir", str(settings.PLUGINS)]
    assert (settings.TEMPLATES / "row-news-articles.html").is_file() and (settings.PLUGINS / "reader.py").is_file()
