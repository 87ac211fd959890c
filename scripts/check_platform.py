"""The browser part of scripts/check_platform.sh, run inside the other system's root.

  .venv/bin/python scripts/check_platform.py SITE [--chromium /usr/bin/chromium]

Serves SITE on 127.0.0.1, opens the home page and one speech page in Chromium (Playwright),
checks the title, the author's notice and that no request left the origin, then types a
query into the search box and waits for a result that holds it. One line per check; exit 1
on the first that fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from searchbox import type_query  # noqa: E402

from speech_study.localserver import serve  # noqa: E402

TITLE = "怎么做新时代合格的基层党组织书记"
QUERY = "四大三苦"
PAGE = "part-1-leadership-team/"


def check(site: Path, chromium: str) -> list[str]:
    from playwright.sync_api import sync_playwright

    httpd, url = serve(site)
    outside: list[str] = []
    errors: list[str] = []
    done: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda r: urlparse(r.url).netloc != urlparse(url).netloc and outside.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url, wait_until="networkidle")
            if TITLE not in page.title():
                raise SystemExit(f"home page: title is {page.title()!r}")
            done.append(f"home page: {page.title()}")
            page.goto(url + PAGE, wait_until="networkidle")
            heading = page.locator("article h1").first.inner_text().rstrip("¶")
            done.append(f"{PAGE}: {heading}")
            hrefs = type_query(page, QUERY)
            if not hrefs:
                raise SystemExit(f"search {QUERY}: no result")
            page.locator("li.md-search-result__item > a").first.click()
            page.wait_for_load_state("networkidle")
            body = page.locator("article").inner_text()
            if QUERY not in body:
                raise SystemExit(f"search {QUERY}: the first result {hrefs[0]} does not hold it")
            done.append(f"search {QUERY}: {len(hrefs)} results, first {hrefs[0]}")
            browser.close()
    finally:
        httpd.shutdown()
    if outside or errors:
        raise SystemExit(f"requests outside the site: {outside}; page errors: {errors}")
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    try:
        lines = check(args.site, args.chromium)
    except Exception as exc:  # one line, whatever failed (the browser, its driver, the page)
        said = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"chromium: 检查失败：{type(exc).__name__}: {said}", file=sys.stderr)
        return 1
    for line in lines:
        print(f"chromium: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
