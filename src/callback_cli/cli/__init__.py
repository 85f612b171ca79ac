"""The command line. Typer lives here and nowhere else."""

from __future__ import annotations

from callback_cli.cli import checklist, data, demo, entry, insight, view  # noqa: F401
from callback_cli.cli.app import app


def main() -> None:
    app(prog_name="callback")
