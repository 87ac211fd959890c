"""Build the offline variant of the site and pack it as site.zip.

  .venv/bin/python scripts/offline_zip.py [--out site.zip]

OFFLINE=true turns on Material's offline plugin (pages as .html files, the
search index as a script) and the project's file:// worker shim; the PDFs are
exported too when Chromium is there. Unzipped anywhere, index.html opens from
disk with navigation, tooltips, search and printing, and no network request.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "dangzuzhi-shuji-study"  # the folder inside the zip


def build(dest: Path) -> None:
    env = {**os.environ, "OFFLINE": "true", "PDF_EXPORT": "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(dest)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def pack(site: Path, out: Path) -> int:
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(site.rglob("*")):
            if path.is_file() and not path.name.endswith(".map"):
                zf.write(path, f"{FOLDER}/{path.relative_to(site).as_posix()}")
                count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site.zip")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site)
        count = pack(site, args.out)
    print(f"{args.out}: {count} files, {args.out.stat().st_size / 1e6:.1f} MB; open {FOLDER}/index.html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
