"""The `callback` command's entry point. Ctrl-C is handled before anything heavy is loaded:
pressing it while Python imports Typer and Rich ends quietly, as at any other moment.

When the command is over, the process ends at once: the command has closed its journal
and flushed what it printed, and Python's own tear-down (freeing every module one by one)
would cost more CPU than most commands do (about 15 ms).
"""

from __future__ import annotations

import os
import signal
import sys


def _cancel_while_loading(signum, frame) -> None:
    os.write(2, b"\nCancelled; nothing was written.\n")
    os._exit(130)


def main() -> None:
    signal.signal(signal.SIGINT, _cancel_while_loading)
    from callback_cli.cli import main as run  # lazy: Typer and the app: the slow part of start-up

    try:
        run()
    except SystemExit as done:
        if not isinstance(done.code, int):  # (cli.main always gives a number; anything else
            raise  # is Python's to report)
        end(done.code)


def end(code: int) -> None:
    """Exit with `code` now: what the libraries asked to run at exit is run, the standard
    streams are flushed, and the interpreter's tear-down is skipped."""
    import atexit  # lazy: only here (a built-in module, loaded in no time)

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # cli.main has reported its own output's failure
            pass
    os._exit(code)
