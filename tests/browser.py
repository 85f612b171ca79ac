"""Headless Chromium driven over its DevTools pipe: open a page at a given width, measure it,
take a screenshot. Used by the browser tests and by `python tests/browser.py` to remake the
README's pictures.

Why the pipe and not `chromium --screenshot --window-size`: headless windows are at least
500 px wide, so a page's scripts see 500 px, not a phone's 390; the DevTools command
Emulation.setDeviceMetricsOverride sets the real viewport.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="callback-chromium-")
        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()

        def onto_3_and_4():  # Chromium reads commands on fd 3 and answers on fd 4
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(3, 4),  # kept open in the child after onto_3_and_4 has run
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=onto_3_and_4,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)[
            "sessionId"
        ]

    def _read(self) -> dict:
        while b"\0" not in self._buf:
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def page(self, method: str, **params) -> dict:
        return self.call(method, self.session, **params)

    def open(self, path: Path, width: int, height: int = 900) -> None:
        self.page(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self.page("Page.navigate", url=Path(path).resolve().as_uri())
        for _ in range(200):  # a local file: loaded within a few tenths of a second
            if self.evaluate("document.readyState") == "complete":
                return
            import time

            time.sleep(0.05)
        raise RuntimeError(f"{path} did not finish loading")

    def evaluate(self, expression: str):
        result = self.page("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def widths(self) -> tuple[int, int]:
        """(the page's scroll width, the viewport's width): equal when nothing overflows."""
        return tuple(self.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))

    def screenshot(self, full: bool = True) -> bytes:
        params = {"format": "png"}
        if full:
            height = self.evaluate("document.documentElement.scrollHeight")
            width = self.evaluate("window.innerWidth")
            params.update(
                captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            )
        return base64.b64decode(self.page("Page.captureScreenshot", **params)["data"])

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._r)
        os.close(self._w)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---- reading a PNG without an imaging library ------------------------------------------------
def png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, the filtered scanlines) of a PNG: enough to tell a blank image, whose
    rows are all alike, from a drawn one, without decoding every pixel in Python."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind == b"IHDR":
            header = data[pos + 8 : pos + 8 + length]
        elif kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    assert header[8] == 8 and header[9] in (2, 6), "expected 8-bit RGB(A)"
    stride = 1 + width * (3 if header[9] == 2 else 4)
    raw = zlib.decompress(idat)
    return width, height, [raw[i : i + stride] for i in range(0, len(raw), stride)]


def distinct_rows(data: bytes) -> float:
    """The share of scanlines unlike any other. A blank screenshot, one colour all over, has
    only a handful of distinct (filtered) rows whatever its height; a drawn page has many."""
    _, height, rows = png_rows(data)
    return len(set(rows)) / height


if __name__ == "__main__":  # python tests/browser.py PAGE.html OUT.png WIDTH
    page, out, width = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Browser() as b:
        b.open(Path(page), width)
        print("scroll width, viewport width:", b.widths())
        Path(out).write_bytes(b.screenshot())
