"""Every command explains itself in one sentence and shows an example (as sqlite-utils does)."""

import pytest
from typer.main import get_command

from callback_cli.cli import app, load

load()

COMMANDS = sorted(get_command(app).commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(cli, name):
    out = cli(name, "--help").stdout
    assert "Example: callback" in out, out
    command = get_command(app).commands[name]
    assert command.help and command.help.strip().split("\n")[0].endswith(".")
    for param in command.params:
        if param.name not in ("ctx",) and getattr(param, "param_type_name", "") == "option":
            assert param.help, f"{name} --{param.name} has no help"


def test_root_help_and_version(cli):
    assert "Example: callback add" in cli("--help").stdout
    assert cli("--version").stdout.startswith("callback ")


def test_every_command_is_mapped_to_its_module():
    from callback_cli.cli.app import MODULES

    assert set(MODULES) == set(COMMANDS)
