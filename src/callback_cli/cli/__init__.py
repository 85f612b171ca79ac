"""The command line. Typer lives here and nowhere else.

Each command lives in one module; `main()` imports only the module of the command being
run (all of them for help and completion), so start-up pays for one command, not all.
"""

from __future__ import annotations

import importlib
import os
import sys

from callback_cli.cli.app import MODULES, app
from callback_cli.errors import OutputClosed, OutputError

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


class _Guarded:
    """Standard output, with its write errors named: a closed pipe becomes OutputClosed and
    any other failure OutputError, so the app can tell them from its own errors."""

    def __init__(self, inner):
        self._inner = inner

    def _call(self, name, *args):
        try:
            return getattr(self._inner, name)(*args)
        except BrokenPipeError as exc:
            raise OutputClosed(exc) from None
        except OSError as exc:
            raise OutputError(exc) from None

    def write(self, data):
        return self._call("write", data)

    def flush(self):
        return self._call("flush")

    @property
    def buffer(self):
        return _Guarded(self._inner.buffer)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so what is still buffered goes nowhere quietly
    (instead of Python's 'Exception ignored' at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main() -> None:
    from callback_cli.cli.app import report_output_error  # lazy: the app loads after the handler

    if sys.stdout is not None and not isinstance(sys.stdout, _Guarded):
        sys.stdout = _Guarded(sys.stdout)
    completing = any(k.endswith("_COMPLETE") for k in os.environ)
    command = None if completing else _command_in(sys.argv[1:])
    if not (command is None and not completing and "--version" in sys.argv[1:]):
        load(command)  # (the eager --version answers before any command is looked at: none loaded)
    if command in MODULES:
        # Typer builds every registered command before it runs one: keep just this one
        app.registered_commands = [
            c for c in app.registered_commands if (c.name or getattr(c.callback, "__name__", None)) == command
        ]
    code = 0
    try:
        app(prog_name="callback")
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except OutputError as exc:
        code = report_output_error(exc)
    _ignore_sigint()  # the command is over: nothing left to cancel
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OutputError as exc:
        code = report_output_error(exc, code)
    if code and isinstance(code, int) and code < 0:
        code = 1
    sys.exit(code)


def _ignore_sigint() -> None:
    import signal  # lazy: only on this path (start-up pays for what a command uses)
    import threading  # lazy: only on this path (start-up pays for what a command uses)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
