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
import re
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
            site_url=check_site_url(env["SITE_URL"], "环境变量 SITE_URL") if env.get("SITE_URL") else None,
            directory_urls=parse_switch("DIRECTORY_URLS", env.get("DIRECTORY_URLS"), True)
            if given is None
            else bool(given),
            chromium=env.get("CHROMIUM", CHROMIUM),
            playwright_nodejs_path=env.get("PLAYWRIGHT_NODEJS_PATH") or None,
            build_cache=parse_switch("BUILD_CACHE", env.get("BUILD_CACHE"), True),
        )


# http(s)://, a host of names or numbers (a Chinese one too: 党建.中国), a port, a path: the README's own
# placeholder “https://…” was taken, and printed on every handout as https://…/part-1-…/ (a maintainer's run)
SITE_URL_RE = re.compile(r"https?://(?:[\w-]+\.)*[\w-]+(?::\d{1,5})?(?:/[^\s?#]*)?")
OTHER_ORIGIN_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")  # a scheme (https:, data:) or //host


def check_site_url(value: str, where: str) -> str:
    """The public address, as given: http(s)://host/path, nothing around it (a trailing space made every canonical
    link, sitemap entry and printed address “https://example.org/xuexi/ /…”, found by a tester)."""
    if not SITE_URL_RE.fullmatch(value):
        shown = value.replace(" ", "␣").replace("\t", "␉")
        said = "应是 https://example.org/xuexi/ 这样的一个地址（换成真实的网址），前后和中间都不能有空格（␣）"
        raise ContentError(where, f"“{shown}”不是网站的公开地址：{said}")
    return value


def check_site_config(config: Mapping[str, object], file: str) -> None:
    """What mkdocs.yml may not say, each a published promise: no address of the site changes (use_directory_urls
    stays as the offline copy's switch leaves it), no style or script comes from another origin, and the public
    address is one."""
    if config.get("use_directory_urls") is False:
        raise ContentError(
            f"{file}：use_directory_urls",
            "写成 false 会改变网站的每一个网址（/about/ 变成 /about.html），发出去的链接都会失效；"
            "请改回 !ENV [DIRECTORY_URLS, true]（离线版的构建自己会用 DIRECTORY_URLS=false）",
        )
    site_url = config.get("site_url")
    if isinstance(site_url, str):
        check_site_url(site_url, f"{file}：site_url")
    for key in ("extra_css", "extra_javascript"):
        items = config.get(key)
        for item in items if isinstance(items, list) else []:
            path = item.get("path") if isinstance(item, dict) else item
            if isinstance(path, str) and OTHER_ORIGIN_RE.match(path.strip()):
                raise ContentError(
                    f"{file}：{key}",
                    f"“{path}”在别的网站上：本站不从任何别的网站载入东西（很多网络连不上，也没有网络的会议室打不开）；"
                    "请把文件放进 overrides/assets/ 再写它的路径",
                )


def child_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of a program this one runs: this process's, with `extra` set."""
    return {**os.environ, **extra}
