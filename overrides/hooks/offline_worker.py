"""Hook: for the offline build (OFFLINE=true), use the project's file:// worker shim.

Material's offline plugin adds a shim for Web Workers on file:// from a CDN
(unpkg.com); nothing may be fetched from outside this site, so that entry is
replaced by overrides/assets/javascripts/search/iframe-worker.js.
"""

from __future__ import annotations

SHIM = "assets/javascripts/search/iframe-worker.js"


def on_config(config):
    polyfills = config.extra.get("polyfills") or []
    if any("iframe-worker" in url for url in polyfills):
        config.extra["polyfills"] = [url for url in polyfills if "://" not in url] + [SHIM]
    return config
