"""Hook: export PDFs of the pages that name one (front matter `pdf: NAME`) after the build.

The export itself is scripts/export_pdf.py (headless Chromium through
Playwright). Every page links to its own PDF, or to the whole speech's. Without
Chromium the site still builds and the export is skipped with a message; during
`mkdocs serve` it is skipped to keep reloads fast.
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
STATE = {"command": "build", "targets": {}}  # targets: page url -> pdf name


def on_startup(command, **kwargs):
    STATE["command"] = command


def on_page_markdown(markdown, page, **kwargs):
    name = page.meta.get("pdf")
    if name:
        STATE["targets"][page.url] = name
    page.meta["pdf_url"] = f"pdf/{name or WHOLE}.pdf"
    return markdown


def chromium() -> str | None:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    return path if Path(path).is_file() or shutil.which(path) else None


def on_post_build(config):
    if STATE["command"] == "serve" or os.environ.get("PDF_EXPORT", "").lower() in ("0", "false", "no"):
        log.info("PDF export skipped (serve, or PDF_EXPORT=false)")
        return
    if WHOLE not in STATE["targets"].values():
        raise PluginError(f"no page has `pdf: {WHOLE}` in its front matter, but every page links to it")
    browser = chromium()
    if browser is None:
        log.info("PDF export skipped: Chromium not found (apt-get install chromium, or set CHROMIUM)")
        return
    script = Path(config.config_file_path).parent / "scripts" / "export_pdf.py"
    args = [sys.executable, str(script), config.site_dir, "--chromium", browser]
    for url, name in sorted(STATE["targets"].items()):
        args += ["--page", f"{url}={name}"]
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"PDF export failed:\n{result.stderr.strip()}")
    log.info(result.stdout.strip())
