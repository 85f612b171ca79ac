"""The config in force: `callback config`, and `config set` / `config unset` to change it."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

import json as _json
import os
from typing import Annotated, Optional

import typer

from callback_cli import config, render
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.errors import BadInput, CallbackError
from callback_cli.paths import config_path
from callback_cli.render.layout import paragraph


def _complete_config(ctx: typer.Context, incomplete: str):
    return [k for k in config.known_keys() if k.startswith(incomplete)]


@app.command("config")
def show_config(
    action: Annotated[
        Optional[str],
        typer.Argument(help="set or unset; leave out to show the settings.", show_default=False),
    ] = None,
    key: Annotated[
        Optional[str],
        typer.Argument(
            help="A setting, e.g. stale_days or items.thank-you.", autocompletion=_complete_config
        ),
    ] = None,
    value: Annotated[Optional[str], typer.Argument(help="Its new value (for set).")] = None,
    json: o.Json = False,
) -> None:
    """Show the settings in force, or change one in the config file.

    Example: callback config set stale_days 21
    """
    if action is not None:
        if action not in ("set", "unset"):
            raise BadInput(f"config takes set KEY VALUE or unset KEY, not {action!r}")
        if key is None or (action == "set") != (value is not None):
            raise BadInput("give config set KEY VALUE, or config unset KEY")
        _change(key, value)
        config.load.cache_clear()
    cfg = config.load()
    doc = {
        "path": cfg.path,
        "loaded": cfg.loaded,
        "stale_days": cfg.stale_days,
        "followup_days": cfg.followup_days,
        "week_start": cfg.week_start,
        "date_order": cfg.date_order,
        "thank_you_after_days": cfg.thank_you_after_days,
        "currency": cfg.currency,
        "mileage_rate": cfg.mileage_rate,
        "calendar_alarms": cfg.calendar_alarms,
        "name": cfg.name,
        "items": dict(cfg.items),
    }
    if json:
        render.json_out(doc)
        return
    if action is not None:
        render.say(f"{'Set' if value is not None else 'Unset'} {key} in {render.esc(cfg.path)}.")
        return
    width = render.size().width
    where = "" if cfg.loaded else " (not there yet: these are the defaults)"
    lines = paragraph(f"[bold]Config file[/]: {render.esc(cfg.path)}{where}", width)
    pairs: list[tuple[str | None, str]] = [
        (k, f"{k} = {str(doc[k]).lower() if isinstance(doc[k], bool) else repr(doc[k])}".replace("'", '"'))
        for k in config.DEFAULTS
    ]
    if cfg.name:
        pairs.append(("name", f"name = {_json.dumps(cfg.name, ensure_ascii=False)}"))
    else:  # listed all the same, so a new user learns the pages can carry it
        pairs.append(("name", '# name = "Your Name"'))
    pairs.append(("items", "[items]"))
    pairs += [(None, f"{k} = {str(v).lower()}") for k, v in cfg.items.items()]
    pad = max(len(text) for _, text in pairs) + 2
    for key_, text in pairs:
        why = config.EXPLAIN.get(key_ or "", "")
        if key_ == "name" and not cfg.name:
            why = f"not set: {why}"
        if not why:
            lines.append(render.esc(text))
            continue
        lines += paragraph(f"[dim]{render.esc(why)}[/]", width, render.esc(text.ljust(pad)), pad)
    lines.append("")
    lines += paragraph(
        "Change one with: callback config set stale_days 21 (unset KEY goes back to the default).", width
    )
    render.lines_out(lines)


def _change(key: str, value: Optional[str]) -> None:
    """Edit the config file: validated first, written whole and 0600 (it is the user's)."""
    path = config_path()
    new = config.edited(config.read_text(path) or "", key, value)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new)
        os.replace(tmp, path)
    except OSError as exc:
        raise CallbackError(f"cannot write {path}: {exc.strerror}") from None
