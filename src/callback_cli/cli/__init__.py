"""The command line. Typer lives here and nowhere else.

Each command lives in one module; `main()` imports only the module of the command being
run (all of them for help and completion), so start-up pays for one command, not all.
"""

from __future__ import annotations

import importlib
import os
import sys

from callback_cli.cli.app import MODULES, app

_GLOBAL_WITH_VALUE = ("--db",)


def _command_in(argv: list[str]) -> str | None:
    """The command word in argv, skipping the global options before it."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
        elif arg == "--":
            return None
    return None


def load(command: str | None = None) -> None:
    """Register one command's module, or every module (tests call load() for the whole app)."""
    wanted = {MODULES[command]} if command in MODULES else set(MODULES.values())
    for name in sorted(wanted):
        importlib.import_module(f"callback_cli.cli.{name}")


def main() -> None:
    completing = any(k.endswith("_COMPLETE") for k in os.environ)
    command = None if completing else _command_in(sys.argv[1:])
    load(command)
    if command in MODULES:
        # Typer builds every registered command before it runs one: keep just this one
        app.registered_commands = [
            c for c in app.registered_commands if (c.name or getattr(c.callback, "__name__", None)) == command
        ]
    app(prog_name="callback")
