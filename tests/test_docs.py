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


def test_the_readmes_layout_names_every_module_and_only_those():
    import re
    from pathlib import Path

    import callback_cli

    package = Path(callback_cli.__file__).parent
    readme = (package.parents[1] / "README.md").read_text()
    block = readme.split("### Layout", 1)[1].split("```", 2)[1]
    words = set(re.findall(r"[a-z_]+(?:\.py|/)?", block))
    for path in sorted(package.rglob("*.py")):
        part = path.relative_to(package)
        if part.name in ("__init__.py", "__main__.py") and len(part.parts) > 1:
            continue
        named = part.name if len(part.parts) == 1 or part.parts[0] == "cli" else part.stem
        assert named in words, f"the README's Layout does not name {part}"
    for listed in re.findall(r"^\s+([a-z_]+\.py)", block, re.M):
        assert list(package.rglob(listed)), f"the README's Layout names {listed}, which is gone"
