"""The config in force: `callback config`."""

from __future__ import annotations

from callback_cli import config, render
from callback_cli.cli import options as o
from callback_cli.cli.app import app


@app.command("config")
def show_config(json: o.Json = False) -> None:
    """Show the settings in force and where the config file is.

    Example: callback config
    """
    cfg = config.load()
    doc = {
        "path": cfg.path,
        "loaded": cfg.loaded,
        "stale_days": cfg.stale_days,
        "followup_days": cfg.followup_days,
        "week_start": cfg.week_start,
        "date_order": cfg.date_order,
        "thank_you_after_days": cfg.thank_you_after_days,
        "items": dict(cfg.items),
    }
    if json:
        render.json_out(doc)
        return
    where = "" if cfg.loaded else " (not there: these are the defaults)"
    render.say(f"[bold]Config file[/]: {render.esc(cfg.path)}{where}")
    for key in ("stale_days", "followup_days", "week_start", "date_order", "thank_you_after_days"):
        render.say(f"{key} = {doc[key]!r}".replace("'", '"'))
    render.say(render.esc("[items]"))
    for key, value in cfg.items.items():
        render.say(f"{key} = {str(value).lower()}")
