"""The `callback` command's entry point. Ctrl-C is handled before anything heavy is loaded:
pressing it while Python imports Typer and Rich ends quietly, as at any other moment."""

from __future__ import annotations

import os
import signal


def _cancel_while_loading(signum, frame) -> None:
    os.write(2, b"\nCancelled; nothing was written.\n")
    os._exit(130)


def main() -> None:
    signal.signal(signal.SIGINT, _cancel_while_loading)
    from callback_cli.cli import main as run  # lazy: Typer and the app: the slow part of start-up

    run()
