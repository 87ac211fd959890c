"""Hook: with PDF_EXPORT=true, export PDFs of the pages that name one (front matter `pdf: NAME`).

The export itself is scripts/export_pdf.py (headless Chromium through
Playwright), run after the build; every page then links to its own PDF, or to
the whole speech's. It is opt-in so that a plain `mkdocs build` stays as fast
as Material's own. Asked for without Chromium, the export is skipped with a
message, the site still builds, and no page shows a 下载 PDF link.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.pdf_export")
WHOLE = "speech"  # the PDF of the whole speech, for pages without one of their own
STATE: dict = {"command": "build", "targets": {}, "chromium": None}  # targets: page url -> pdf name


def chromium() -> str | None:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    return path if Path(path).is_file() or shutil.which(path) else None


def on_startup(command, **kwargs):
    STATE["command"] = command


def on_config(config):
    wanted = os.environ.get("PDF_EXPORT", "").lower() in ("1", "true", "yes")
    STATE["chromium"] = chromium() if wanted and STATE["command"] != "serve" else None
    if wanted and STATE["chromium"] is None:
        log.info("PDF export skipped: Chromium not found (apt-get install chromium, or set CHROMIUM)")
    config.extra["pdf_export"] = STATE["chromium"] is not None
    STATE["targets"] = {}
    return config


def on_page_markdown(markdown, page, **kwargs):
    name = page.meta.get("pdf")
    if name:
        STATE["targets"][page.url] = name
    page.meta["pdf_url"] = f"pdf/{name or WHOLE}.pdf"
    return markdown


def on_post_build(config):
    if STATE["chromium"] is None:
        return
    if WHOLE not in STATE["targets"].values():
        raise PluginError(f"no page has `pdf: {WHOLE}` in its front matter, but pages link to it")
    script = Path(config.config_file_path).parent / "scripts" / "export_pdf.py"
    args = [sys.executable, str(script), config.site_dir, "--chromium", STATE["chromium"]]
    for url, name in sorted(STATE["targets"].items()):
        args += ["--page", f"{url}={name}"]
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"PDF export failed:\n{result.stderr.strip()}")
    log.info(result.stdout.strip())
