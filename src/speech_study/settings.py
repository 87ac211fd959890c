"""The build's settings, read once: the environment (PDF_EXPORT, OFFLINE, …) and mkdocs.yml.

`Settings.load(config)` is the one place the package reads the environment; every
adapter loads it once per build and passes it down (the PDF export, the offline copy,
the post-build pipeline's public address). A child process gets its environment from
`child_environment()`, the one other place that looks at it. A switch is read one way
everywhere (1/true/yes/on, 0/false/no/off); a misspelt one stops the build with one
line in Chinese.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import ContentError

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")
LOCAL_SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url without SITE_URL: the local preview
CHROMIUM = "/usr/bin/chromium"  # Debian's; CHROMIUM names another (Chrome or Edge on Windows)


def parse_switch(name: str, value: str | None, default: bool = False) -> bool:
    """An environment switch's value (None: not set) as a bool; a value that is neither is a ContentError."""
    if value is None:
        return default
    if value.strip().lower() in TRUE:
        return True
    if value.strip().lower() in FALSE:
        return False
    raise ContentError(f"环境变量 {name}", f"“{value}”不是可用的值；可用的值：{'、'.join(TRUE + FALSE[:-1])}")


@dataclass(frozen=True)
class Settings:
    """What a build was asked to do, beyond the sources."""

    pdf_export: bool = False  # PDF_EXPORT: export the handouts' PDFs with Chromium
    offline: bool = False  # OFFLINE: this build is the offline copy (.html pages, no server)
    offline_zip: str = ""  # OFFLINE_ZIP: the offline copy this release links (a path from the working folder)
    site_url: str | None = None  # SITE_URL: the public address (canonical links, handouts' QR codes)
    directory_urls: bool = True  # mkdocs.yml's use_directory_urls, else DIRECTORY_URLS
    chromium: str = CHROMIUM  # CHROMIUM: the browser the PDF export drives
    playwright_nodejs_path: str | None = None  # PLAYWRIGHT_NODEJS_PATH: the Node.js for Playwright's driver
    build_cache: bool = True  # BUILD_CACHE: reuse outputs made before from the same inputs (buildcache.py)

    @classmethod
    def load(cls, config: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the environment (default: this process's) and the site's configuration (mkdocs.yml), once."""
        env = os.environ if environ is None else environ
        given = (config or {}).get("use_directory_urls")  # None: `!ENV [DIRECTORY_URLS, true]`, read here
        return cls(
            pdf_export=parse_switch("PDF_EXPORT", env.get("PDF_EXPORT")),
            offline=parse_switch("OFFLINE", env.get("OFFLINE")),
            offline_zip=env.get("OFFLINE_ZIP", "").strip(),
            site_url=env.get("SITE_URL"),
            directory_urls=parse_switch("DIRECTORY_URLS", env.get("DIRECTORY_URLS"), True)
            if given is None
            else bool(given),
            chromium=env.get("CHROMIUM", CHROMIUM),
            playwright_nodejs_path=env.get("PLAYWRIGHT_NODEJS_PATH") or None,
            build_cache=parse_switch("BUILD_CACHE", env.get("BUILD_CACHE"), True),
        )


def child_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of a program this one runs: this process's, with `extra` set."""
    return {**os.environ, **extra}
