"""Command line: `python -m speech_study postbuild SITE [--root DIR]` runs the post-build passes.

For engines that run no plugins (Zensical): scripts/build.sh calls it after
the engine wrote SITE. Errors are one line naming the file and the problem.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import ContentError
from .postbuild import pdf_export, pipeline
from .project import Project
from .switches import switch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m speech_study", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    post = sub.add_parser("postbuild", help="run the post-build passes over a built site")
    post.add_argument("site", type=Path)
    post.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    post.add_argument("--no-search", action="store_true", help="leave the engine's search index as it is")
    args = parser.parse_args(argv)
    try:
        project = Project.load(args.root)
        layout = pipeline.run(args.site, project, search=not args.no_search, site_url=os.environ.get("SITE_URL"))
        if switch("PDF_EXPORT"):
            browser = pdf_export.chromium()
            if browser is None:
                print("PDF export skipped: Chromium not found (apt-get install chromium, or set CHROMIUM)")
            else:
                print(pdf_export.run(layout.site, pdf_export.targets(project, layout), browser))
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"post-build passes done: {args.site}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
