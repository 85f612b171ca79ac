"""`config set` / `config unset`: the file edited in place, validated, created 0600."""

from __future__ import annotations

import os
import stat

import pytest

from callback_cli import config
from callback_cli.errors import BadInput


def test_set_creates_the_file_0600_and_the_value_takes_effect(cli, tmp_path):
    path = tmp_path / "config.toml"
    cli("config", "set", "stale_days", "21")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert cli.json("config")["stale_days"] == 21
    cli("config", "set", "items.thank-you", "off")
    assert cli.json("config")["items"]["thank-you"] is False
    cli("config", "unset", "stale_days")
    assert cli.json("config")["stale_days"] == 14
    assert "stale_days" not in path.read_text()


def test_a_bad_value_or_key_is_refused_and_the_file_untouched(cli, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# mine\nweek_start = "sunday"\n')
    before = path.read_text()
    for args in (
        ("config", "set", "week_start", "funday"),
        ("config", "set", "stale_days", "soon"),
        ("config", "set", "colour", "red"),
        ("config", "set", "stale_days"),
        ("config", "frobnicate", "x"),
    ):
        result = cli(*args, code=2)
        assert result.stderr.startswith("Error:"), args
    assert path.read_text() == before


def test_edited_keeps_comments_and_other_keys():
    text = "# my settings\nstale_days = 3\n\n[items]\nprep = true\n"
    out = config.edited(text, "week_start", "Sunday")
    assert out == '# my settings\nstale_days = 3\nweek_start = "sunday"\n\n[items]\nprep = true\n'
    out = config.edited(out, "items.notes", "no")
    assert out.endswith("[items]\nprep = true\nnotes = false\n")
    assert config.edited(out, "stale_days", None).startswith("# my settings\nweek_start")
    with pytest.raises(BadInput):
        config.edited(text, "date_order", "ymd")


def test_bare_config_explains_each_key_in_a_line(cli):
    screen = cli("config").stdout
    for key in ("stale_days", "followup_days", "week_start", "date_order", "thank_you_after_days"):
        line = next(line for line in screen.splitlines() if line.startswith(key))
        assert len(line.split("  ")[-1].split()) >= 4, line  # a few words of explanation
