"""Questions in a terminal: line editing, history and Tab-completion (prompt_toolkit).

Imported only on the interactive path (bare `add`, `delete` without --yes, a far-off
`--date`), so commands given their arguments never load prompt_toolkit. Ctrl-D cancels
exactly as Ctrl-C does: KeyboardInterrupt, exit 130, nothing written.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

YES = ("y", "yes")
NO = ("n", "no")


def ask(
    label: str,
    default: Optional[str] = None,
    known: Sequence[str] = (),
    preview: Optional[Callable[[str], str]] = None,
) -> str:
    """One answer. Up/Down walk through `known` (history), Tab completes from it (any case,
    any part of the words); `preview(text)` is shown under the line as it is typed (a date
    word's meaning). Enter on an empty line gives `default`."""
    from prompt_toolkit import PromptSession  # lazy: prompt_toolkit loads only when a question is asked
    from prompt_toolkit.completion import WordCompleter  # lazy: as above
    from prompt_toolkit.history import InMemoryHistory  # lazy: as above

    history = InMemoryHistory()
    for value in reversed(list(known)):
        history.append_string(value)
    completer = (
        WordCompleter(list(known), ignore_case=True, match_middle=True, sentence=True) if known else None
    )
    session: PromptSession = PromptSession(history=history, completer=completer)
    toolbar = None
    if preview is not None:

        def toolbar():
            return preview(session.default_buffer.text)

    shown = f"{label} [{default}]: " if default else f"{label}: "
    try:
        answer = session.prompt(
            shown,
            bottom_toolbar=toolbar,
            complete_while_typing=False,  # Tab asks; a list popping up on every key is noise
        )
    except EOFError:  # Ctrl-D: the same as Ctrl-C
        raise KeyboardInterrupt from None
    return answer.strip() or (default or "")


def confirm(question: str) -> bool:
    """A yes/no question: y, yes, n or no in any case; anything else asks again."""
    while True:
        answer = ask(f"{question} (y/n)").strip().lower()
        if answer in YES:
            return True
        if answer in NO:
            return False
