"""Chromium as the benchmarks start it, and the phone profile."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]
# a phone on a poor line: CPU 4× slower, 180 KB/s, 562 ms round trip (CDP emulation; a Web Worker's
# requests go through the same throttled line, checked with a worker fetching 540 KB: 3.6 s)
PHONE = {"cpu": 4, "bytes_per_s": 180_000, "rtt_ms": 562}


def launch(playwright):
    if not shutil.which(CHROMIUM):
        raise SystemExit(f"no Chromium at {CHROMIUM} (set CHROMIUM to its path)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


@dataclass
class PageCount:
    """What the page's own requests received (CDP): a Web Worker's downloads are not among them."""

    bytes: int = 0
    requests: int = 0


def phone_context(browser):
    """A 390 px touch context throttled to PHONE, cache disabled: (context, page, PageCount)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": PHONE["rtt_ms"],
            "downloadThroughput": PHONE["bytes_per_s"],
            "uploadThroughput": PHONE["bytes_per_s"],
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE["cpu"]})
    received = PageCount()

    def finished(event):
        received.bytes += event.get("encodedDataLength", 0)
        received.requests += 1

    cdp.on("Network.loadingFinished", finished)
    return context, page, received
