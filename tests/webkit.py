"""WebKit, the engine of Safari and of every browser on an iPhone, for the browser tests' core journeys.

Debian's WebKitWebDriver (webkit2gtk-driver) drives WebKitGTK's MiniBrowser through Selenium. The
browser needs a display: an Xvfb started here. MiniBrowser's toolbar is wider than a phone; a small
GTK stylesheet (in a configuration directory of its own) lets the window narrow to 390 px.
scripts/install_webkit.sh installs the Debian packages; a missing piece fails the tests, it never
skips them.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
BROWSER = os.environ.get("WEBKIT_BROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
XVFB = os.environ.get("XVFB", "/usr/bin/Xvfb")
INSTALL = "run scripts/install_webkit.sh (Debian: webkit2gtk-driver, xvfb) and pip install -e '.[test]'"
# MiniBrowser's toolbar at its smallest, so that the page can be 390 px wide
TOOLBAR_CSS = "* { padding: 0; margin: 0; min-width: 0; min-height: 0; font-size: 4px; border-width: 0; }\n"


def missing() -> list[str]:
    """What the WebKit tier needs and this machine lacks, said plainly."""
    gaps = [
        f"{what} not found at {path}"
        for what, path in (("WebKitWebDriver", DRIVER), ("MiniBrowser", BROWSER), ("Xvfb", XVFB))
        if not Path(path).is_file()
    ]
    try:
        import selenium  # noqa: F401
    except ImportError:
        gaps.append("the Python package selenium is not installed")
    return gaps


@contextlib.contextmanager
def display() -> Iterator[str]:
    """An Xvfb display of its own, on a free number Xvfb picks itself (-displayfd)."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 20)  # Xvfb writes the number when it accepts clients
        number = os.read(read, 16).decode().strip() if ready else ""
        if not number:
            raise RuntimeError("Xvfb did not start within 20 s")
        yield f":{number}"
    finally:
        os.close(read)
        xvfb.terminate()
        xvfb.wait(10)


@contextlib.contextmanager
def webkit() -> Iterator[object]:
    """A WebKitGTK MiniBrowser under WebDriver, on its own display; quit and gone afterwards."""
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    config = Path(tempfile.mkdtemp(prefix="webkit-config-"))
    (config / "gtk-3.0").mkdir()
    (config / "gtk-3.0" / "gtk.css").write_text(TOOLBAR_CSS, encoding="utf-8")
    with display() as name:
        saved = {k: os.environ.get(k) for k in ("DISPLAY", "XDG_CONFIG_HOME", "WAYLAND_DISPLAY")}
        os.environ.update(DISPLAY=name, XDG_CONFIG_HOME=str(config))
        os.environ.pop("WAYLAND_DISPLAY", None)
        options = Options()
        options.binary_location = BROWSER
        options.add_argument("--automation")
        driver = None
        try:
            driver = webdriver.WebKitGTK(options=options, service=Service(executable_path=DRIVER))
            yield driver
        finally:
            if driver is not None:
                driver.quit()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            shutil.rmtree(config, ignore_errors=True)
