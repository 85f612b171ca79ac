"""One exception family. The CLI maps it to `Error: ...` on stderr and an exit code."""

from __future__ import annotations


class CallbackError(Exception):
    """A runtime failure: exit 1."""

    exit_code = 1


class NotFound(CallbackError):
    """No audition (or other thing) with that id."""


class JournalError(CallbackError):
    """The journal file cannot be used: unreadable, corrupt, locked, too new."""


class BadInput(CallbackError):
    """Bad usage or bad input (a date, an option value, an import file): exit 2. `field`
    names the record's field at fault, when one is."""

    exit_code = 2
    field: str | None = None


class ImportRowsError(BadInput):
    """An import file with bad rows; `problems` lists (row, column, why)."""

    def __init__(self, message: str, problems: list[tuple[int, str, str]], hint: str | None = None):
        super().__init__(message)
        self.problems = problems
        self.hint = hint  # one more line of advice after the problems


class NoTable(BadInput):
    """An import file (or a workbook's sheet) that holds no table of auditions: no header
    with a date and a project, or no row below it."""


class InvalidValue(JournalError):
    """The journal holds a value it cannot hold (a bit flip, another program's write)."""

    def __init__(self, audition: int, column: str, value):
        shown = repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        super().__init__(f"the journal has an invalid value in audition {audition} ({column} {shown})")
        self.audition, self.column, self.value = audition, column, value


class OutputError(CallbackError):
    """Standard output could not be written (a full disk, an I/O error)."""

    def __init__(self, exc: OSError):
        super().__init__(f"could not write the output ({exc.strerror or exc})")
        self.errno = exc.errno


class OutputClosed(OutputError):
    """The reader of standard output went away (`callback list | head`): not an error."""
