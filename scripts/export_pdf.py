"""Export PDFs of built pages with headless Chromium (Playwright), into SITE/pdf/.

  python scripts/export_pdf.py site --page part-1-leadership-team/=part-1-leadership-team ...

Run by the pdf_export hook after each `mkdocs build`; usable by hand on any
built site. Pages are served from 127.0.0.1 for the export, so the PDF is what
a reader's Chromium or Edge prints, with the site's print stylesheet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from localserver import serve  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]


def export(site: Path, pages: dict[str, str], chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out = site / "pdf"
    out.mkdir(exist_ok=True)
    httpd, base = serve(site)
    written = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page()
            for url, name in pages.items():
                page.goto(base + url, wait_until="networkidle")
                page.emulate_media(media="print")
                target = out / f"{name}.pdf"
                page.pdf(path=str(target), prefer_css_page_size=True, print_background=False)
                written.append(target)
            browser.close()
    finally:
        httpd.shutdown()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--page", action="append", default=[], help="URL=NAME, e.g. glossary/=glossary")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    pages = dict(item.split("=", 1) for item in args.page)
    written = export(args.site, pages, args.chromium)
    print(f"PDF export: {len(written)} files in {args.site / 'pdf'}: " + ", ".join(p.name for p in written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
