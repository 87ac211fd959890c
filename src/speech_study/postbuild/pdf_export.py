"""Export PDFs of built pages with headless Chromium (Playwright), into SITE/pdf/.

  python -m speech_study.postbuild.pdf_export site --page part-1-leadership-team/=part-1-leadership-team ...

Run after the build when PDF_EXPORT is on (in its own process: Playwright's
sync API wants no running event loop); usable by hand on any built site.
Pages are served from 127.0.0.1 for the export, so the PDF is what a reader's
Chromium or Edge prints, with the site's print stylesheet.

With the build cache (`--cache FOLDER --fingerprint CODE`), a PDF is taken from it when nothing it was printed
from changed. What a print reads is known only once it is printed: every file of the site the page requested
(itself, its styles, scripts, fonts and pictures, whatever asked for them), so each PDF is stored with those
files' digests, under a key of what is known before: the page's address and PDF name, the browser's version and
executable, Playwright's version, the fonts installed on the machine (`system_fonts`) and the code. It is taken
when every file it read is still the same (a file then missing, or one now there that was missing, is a
change); a page that requested anything outside the site is never stored.

A link in a PDF leads to the site's public address (`links`: each page's local URL -> its address, as the QR
codes give it; any other file of the site: the public address and its path), not to the local server the page
was printed from (whose port changes every export: every link of the 学习提纲 and 结构导图 PDFs led nowhere).
A PDF is stored with the addresses its links were given, and taken only while they are still what they would be.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..buildcache import BuildCache, canonical, version
from ..errors import ContentError
from ..localserver import serve
from ..settings import LOCAL_SITE_URL, Settings
from . import old_files, qr

if TYPE_CHECKING:
    from ..project import Project
    from .layout import Layout

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]


KIND = "pdf"  # the build cache's kind for an exported PDF (with the digests of the files it was printed from)
# where the fonts a browser may print with are installed, on each system (their files' names, sizes and times are
# part of a PDF's key: a font added, removed or updated prints another PDF)
FONT_FOLDERS = {
    "linux": ["/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts", "~/.fonts", "~/.local/share/fonts"],
    "win32": ["C:/Windows/Fonts", "~/AppData/Local/Microsoft/Windows/Fonts"],
    "darwin": ["/System/Library/Fonts", "/Library/Fonts", "~/Library/Fonts"],
}


# the site's search index (Material's search/search_index.json, a library's shards): loaded by the search after the
# page, never printed (print.css hides the search), and changed by every speech imported. Refused to the export's
# pages, so that no PDF is printed from it (were it among a print's files, an import would print every PDF again)
SEARCH = "search/"


def system_fonts(folders: list[str] | None = None) -> str:
    """A digest of the font files in `folders` (default: this system's FONT_FOLDERS): each file's path, size and
    modification time."""
    found = []
    for folder in FONT_FOLDERS.get(sys.platform, FONT_FOLDERS["linux"]) if folders is None else folders:
        top = Path(folder).expanduser()
        for base, _dirs, names in os.walk(top):
            for name in names:
                path = Path(base) / name
                try:
                    stat = path.stat()
                except OSError:
                    continue
                found.append([path.as_posix(), stat.st_size, stat.st_mtime_ns])
    return hashlib.sha256(canonical(sorted(found))).hexdigest()


def read_files(requested: list[str], base: str, site: Path) -> dict[str, str | None] | None:
    """The site's files the print of a page requested (`requested`: the URLs, served from `base`), each with its
    content's digest (None: not there); None when it requested anything outside the site (then not stored)."""
    files: dict[str, str | None] = {}
    for url in requested:
        if url.startswith(("data:", "blob:", "about:")):
            continue
        if not url.startswith(base):
            return None
        files[_served(unquote(urlsplit(url).path)[len(urlsplit(base).path) :])] = None
    return {rel: _digest(site, rel) for rel in files}


def _served(rel: str) -> str:
    """`rel` as the local server reads it (http.server's translate_path): no empty, `.` or `..` part, none holding
    a path separator or a drive of this system; a folder's trailing slash kept."""
    parts = [
        part
        for part in rel.split("/")
        if part not in ("", ".", "..") and not os.path.dirname(part) and not os.path.splitdrive(part)[0]
    ]
    return "/".join(parts) + ("/" if rel.endswith("/") and parts else "")


def _digest(site: Path, rel: str) -> str | None:
    """The digest of the file the local server answers `rel` with (a folder: its index.html), None if none."""
    path = site / rel
    if path.is_dir():
        path = path / "index.html"
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def link_map(project: Project, layout: Layout, site_url: str) -> dict[str, str]:
    """Each page's site-relative URL (as the export's server answers it) -> its public address (qr.page_url)."""
    return {layout.url(p.src_uri): qr.page_url(site_url, p.src_uri) for p in project.pages}


def public(rel: str, links: dict[str, str], site_url: str) -> str:
    """The public address of a link to `rel` (site-relative, perhaps with a query and a fragment)."""
    path, mark, rest = rel.partition("#")
    path, qmark, query = path.partition("?")
    address = links.get(path, site_url.rstrip("/") + "/" + path)
    return address + (qmark + query) + (mark + rest)


# every link of the page (HTML's and SVG's `a`, and `area`: not a stylesheet's `link`) to the local server: its
# site-relative target returned, and, given `addresses` (worked out by `public` for what a first call found), the
# link given its public address
LINKS = """([base, addresses]) => {
  const found = []
  for (const el of document.querySelectorAll('a, area'))
    for (const name of ['href', 'xlink:href']) {
      const value = el.getAttribute(name)
      if (value === null) continue
      const url = new URL(value, document.baseURI).href
      if (!url.startsWith(base)) continue
      const rel = url.slice(base.length)
      found.push(rel)
      if (addresses) el.setAttribute(name, addresses[rel])
    }
  return found
}"""


def stored(files: dict[str, str | None], pdf: bytes, addresses: dict[str, str] | None = None) -> bytes:
    """A PDF as the cache holds it: the digests of the files it was printed from and the addresses its links were
    given, then its bytes."""
    header = json.dumps({"files": files, "links": addresses or {}}, sort_keys=True).encode("utf-8")
    return len(header).to_bytes(8, "big") + header + pdf


def still_valid(data: bytes, site: Path, links: dict[str, str] | None = None, site_url: str = "") -> bytes | None:
    """The PDF of a cache entry (`stored`) when every file it was printed from is the same in `site` now, and each
    of its links would be given the same address (`public`)."""
    size = int.from_bytes(data[:8], "big")
    try:
        header = json.loads(data[8 : 8 + size].decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(header, dict) or not isinstance(header.get("files"), dict):
        return None
    if not isinstance(header.get("links"), dict):
        return None
    if any(_digest(site, rel) != digest for rel, digest in header["files"].items()):
        return None
    if any(public(rel, links or {}, site_url) != address for rel, address in header["links"].items()):
        return None
    return data[8 + size :]


def export(
    site: Path,
    pages: dict[str, str],
    chromium: str,
    cache: BuildCache | None = None,
    site_url: str = LOCAL_SITE_URL,
    links: dict[str, str] | None = None,
) -> tuple[list, int]:
    """Every page of `pages` (URL -> PDF name) printed into site/pdf, its links given their addresses at `site_url`
    (`links`: link_map); the files written and how many of them were taken from `cache`."""
    from playwright.sync_api import sync_playwright

    cache = cache or BuildCache.off()
    links = links or {}
    out = site / "pdf"
    out.mkdir(exist_ok=True)
    httpd, base = serve(site)
    written = []
    reused = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
            known = {
                "browser": browser.version,  # the version only: Chrome, Edge and Chromium of one version share it
                "executable": str(Path(chromium).resolve()),
                "playwright": version("playwright"),
                "fonts": system_fonts(),
            }
            requested: list[str] = []

            def record(route) -> None:  # every request the page makes: routed, so none is answered from a cache
                if route.request.url.startswith(base + SEARCH):
                    route.abort()  # the search's index: no part of a print (below)
                    return
                requested.append(route.request.url)
                route.continue_()

            page = browser.new_page()
            page.route("**/*", record)
            # each page opens with the site's storage empty, as a reader's link opens it: nothing a page before it
            # left (a library's pages keep the speech last read in sessionStorage, and a shared page opened after
            # it shows that speech's notice) is in its print, nor, unrecorded, in a stored PDF (found by a review:
            # the glossary's PDF took the notice of the speech whose page was printed before it). A browser
            # context for each page did the same at 0.5 s a page
            page.add_init_script(EMPTY_STORAGE)
            for url, name in pages.items():
                target = out / f"{name}.pdf"
                target.parent.mkdir(parents=True, exist_ok=True)  # a library speech's files are in its own folder
                key = cache.key(KIND, canonical({**known, "url": url, "name": name})) if cache.folder else ""
                entry = cache.get(KIND, key) if key else None
                pdf = None if entry is None else still_valid(entry, site, links, site_url)
                if pdf is not None:
                    target.write_bytes(pdf)
                    written.append(target)
                    reused += 1
                    continue
                requested.clear()
                page.goto(base + url, wait_until="load")
                page.evaluate(FONTS_READY)
                addresses = {rel: public(rel, links, site_url) for rel in page.evaluate(LINKS, [base, None])}
                page.evaluate(LINKS, [base, addresses])
                page.emulate_media(media="print")
                page.pdf(path=str(target), prefer_css_page_size=True, print_background=False)
                if page.evaluate(KEY_ON_VERSO) and page_count(target.read_bytes()) % 2 == 0:
                    # the answer key came out on a left-hand page (the back of the questions' last sheet): a blank
                    # page before it (handout.css), as Word's odd-page break makes
                    page.pdf(path=str(target), prefer_css_page_size=True, print_background=False)
                files = read_files(list(requested), base, site)
                if key and files is not None:
                    cache.put(KIND, key, stored(files, target.read_bytes(), addresses))
                written.append(target)
            browser.close()
    finally:
        httpd.shutdown()
    return written, reused


EMPTY_STORAGE = "try { sessionStorage.clear(); localStorage.clear() } catch (e) {}"

# printed once the page and what it links are in (`load`: its styles, scripts and images; what the site
# fetches later, the search index, is not printed) and its fonts are ready. `networkidle` waited half a
# second more on every page: the same pages and text, pixel for pixel at 40 dpi (the site's four handouts)
FONTS_READY = "() => document.fonts.ready.then(() => true)"

# the self-test's answer key prints on a page of its own, and it should be a right-hand one so that a double-sided
# run can leave it out (its introduction says so). Chromium ignores `break-before: right`; the key is the last page
# and one page long (questions.MAX_QUESTIONS; tests/print/test_handouts.py), so an even page count means it is on
# a left-hand page: marked, it is printed again with a blank page before it. True when the page has a key to mark.
KEY_ON_VERSO = """() => {
  const key = document.querySelector('.answer-key')
  if (key) key.classList.add('answer-key--verso')
  return Boolean(key)
}"""
PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def page_count(pdf: bytes) -> int:
    """The pages of a PDF Chromium wrote (Skia: each page's dictionary in plain text, no object streams)."""
    return len(PAGE.findall(pdf))


WHOLE = "speech"  # the PDF of the whole speech, for pages without one of their own


def chromium(settings: Settings) -> str | None:
    """The browser CHROMIUM names (settings.py), when it is there."""
    path = settings.chromium
    return path if Path(path).is_file() or shutil.which(path) else None


def missing(settings: Settings) -> str | None:
    """What the export lacks on this machine and how to get it, or None: the build skips it with this line."""
    if importlib.util.find_spec("playwright") is None:
        # a base dependency (pyproject.toml): only a .venv installed before it was one lacks it
        return f"这个 Python 里没有安装 Playwright：请运行{sys.executable} -m pip install -e ."
    if chromium(settings) is None:
        where = settings.chromium
        return f"在{where}找不到 Chromium（请 apt-get install chromium，或用环境变量 CHROMIUM 指向 Chrome 或 Edge）"
    return driver_problem(settings)


def driver_node(settings: Settings) -> Path:
    """The Node.js that runs Playwright's driver: its own, or PLAYWRIGHT_NODEJS_PATH."""
    import playwright

    given = settings.playwright_nodejs_path
    if given:
        return Path(given)
    return Path(playwright.__file__).parent / "driver" / ("node.exe" if sys.platform == "win32" else "node")


def driver_problem(settings: Settings) -> str | None:
    """Whether Playwright's driver starts here (a minimal Debian 12 lacks libatomic1, which it needs)."""
    node = driver_node(settings)
    try:
        result = subprocess.run([str(node), "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Playwright 的驱动程序{node}启动不了（{exc}）"
    if result.returncode == 0:
        return None
    said = (result.stderr.strip().splitlines() or ["没有给出原因"])[-1]
    missing_lib = re.search(r"(lib[\w+-]+)\.so[.\d]*: cannot open shared object file", said)
    if missing_lib:
        package = DEBIAN_PACKAGES.get(missing_lib.group(1), "含有它的软件包")
        return f"Playwright 的驱动程序需要{missing_lib.group(1)}（请 apt-get install {package}）"
    return f"Playwright 的驱动程序{node}启动不了：{said}"


# shared libraries the driver's Node.js needs that a minimal Debian may lack -> the package that has them
DEBIAN_PACKAGES = {"libatomic": "libatomic1", "libstdc++": "libstdc++6", "libgcc_s": "libgcc-s1"}


def targets(project: Project, layout: Layout) -> dict[str, str]:
    """Page URL -> PDF name, for every page whose front matter names one."""
    found = {layout.url(p.src_uri): p.meta["pdf"] for p in project.pages if p.meta.get("pdf")}
    if WHOLE not in found.values():
        raise ContentError("docs", f"没有哪一页的 front matter 写了 `pdf: {WHOLE}`，但有页面链接到它")
    return found


def run(
    site: Path,
    pages: dict[str, str],
    browser: str,
    old_names: dict[str, str] | None = None,
    cache: BuildCache | None = None,
    site_url: str = LOCAL_SITE_URL,
    links: dict[str, str] | None = None,
) -> list[str]:
    """Export in a child process; returns its lines for the build's log (what it wrote; with `cache`, how many
    were taken from it). `old_names`: old file name -> the name now (Project.old_file_names), each written under
    both; `site_url`, `links`: where the PDFs' links lead (export)."""
    args = [sys.executable, "-m", __name__, str(site), "--chromium", browser, "--site-url", site_url, "--links", "-"]
    if cache is not None and cache.folder is not None and cache.usable:  # not one this build stopped using
        args += ["--cache", str(cache.folder), "--fingerprint", cache.fingerprint]
    for url, name in sorted(pages.items()):
        args += ["--page", f"{url}={name}"]
    # the links on stdin: a library's pages are too many for a command line
    # both ways in UTF-8 (main), whatever the system's code page (Windows: not UTF-8)
    result = subprocess.run(args, capture_output=True, input=json.dumps(links or {}).encode("utf-8"))
    if result.returncode != 0:
        tail = (result.stderr.decode("utf-8", "replace").strip().splitlines() or ["没有给出原因"])[-1]
        raise ContentError("PDF 导出", f"Chromium 或 Playwright 出错：{tail}")
    copies = old_files.copy(Path(site) / "pdf", ".pdf", old_names or {})
    lines = result.stdout.decode("utf-8", "replace").strip().splitlines() or [""]
    lines[0] += f"；另按旧文件名写了{len(copies)}个" if copies else ""
    return lines


def read_links(source: str) -> dict[str, str] | str:
    """The links' addresses `--links` names (a JSON file, or -: stdin, in UTF-8), or the one line saying why not."""
    name = "标准输入" if source == "-" else source
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        links = json.loads(data.decode("utf-8"))
    except FileNotFoundError:
        return f"{name}：没有这个文件"
    except OSError:
        return f"{name}：读不出这个文件（没有权限，或它是文件夹）"
    except UnicodeDecodeError:
        return f"{name}：不是UTF-8编码"
    except json.JSONDecodeError as exc:
        return f"{name}：不是JSON（第{exc.lineno}行第{exc.colno}个字符）"
    if not isinstance(links, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in links.items()):
        return f"{name}：应是页面地址到公开地址的对照（JSON 对象，键和值都是字符串）"
    return links


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--page", action="append", default=[], help="URL=NAME, e.g. glossary/=glossary")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--cache", type=Path, help="the build cache's folder (.speech-study-cache)")
    parser.add_argument("--fingerprint", default="", help="the code's fingerprint, as the build's cache has it")
    parser.add_argument("--site-url", default=LOCAL_SITE_URL, help="the public address the PDFs' links lead to")
    parser.add_argument("--links", help="a JSON file of each page's URL -> its public address (-: stdin)")
    args = parser.parse_args()
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]  # read as UTF-8 by `run`
    sys.stderr.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    pages = dict(item.split("=", 1) for item in args.page)
    cache = BuildCache(args.cache, args.fingerprint) if args.cache else None
    links = read_links(args.links) if args.links else None
    if isinstance(links, str):
        print(links, file=sys.stderr)
        return 2
    written, reused = export(args.site, pages, args.chromium, cache, args.site_url, links)
    print(
        f"PDF 导出：{args.site / 'pdf'}里有{len(written)}个文件："
        + "、".join(p.relative_to(args.site / "pdf").as_posix() for p in written)
    )
    if cache is not None:
        print(f"PDF 共{len(written)}份：{reused}份沿用构建缓存，{len(written) - reused}份重新生成")
        if cache.failure_line():  # the cache failed here (disk full, damaged): said as the build says it
            print(cache.failure_line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
