"""Build the offline variant of the site and pack it as site.zip.

  .venv/bin/python scripts/offline_zip.py [--out site.zip] [--no-pdf]

The same as `python -m speech_study offline-zip` (src/speech_study/cli.py, offlinezip.py):
OFFLINE=true turns on Material's offline plugin (pages as .html files, the search index as a
script) and the project's file:// worker shim; the PDFs are exported too when Chromium is
there. The zip holds one folder and a manifest of every file in it (size, SHA-256): a release
build publishes a zip as the offline copy only when it is one of these (OFFLINE_ZIP).
Unzipped anywhere, index.html opens from disk with navigation, tooltips, search and
printing, and no network request.
"""

from __future__ import annotations

import sys
from pathlib import Path

from speech_study.cli import main

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    raise SystemExit(main(["--root", str(ROOT), "offline-zip", *sys.argv[1:]]))
