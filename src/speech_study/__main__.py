"""Command line: `python -m speech_study COMMAND` (speech_study.cli): serve, build, offline-zip, import, check.

`python -m speech_study postbuild SITE [--root DIR]` runs the post-build passes, for engines that
run no plugins (Zensical: `python -m speech_study build --engine zensical` calls it after the
engine wrote SITE). Errors are one line naming the file and the problem.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import ContentError
from .postbuild import pdf_export, pipeline
from .project import Project
from .switches import switch


def postbuild(site: Path, root: Path, search: bool = True) -> int:
    try:
        project = Project.load(root)
        layout = pipeline.run(site, project, search=search, site_url=os.environ.get("SITE_URL"))
        if switch("PDF_EXPORT"):
            missing = pdf_export.missing()
            if missing:
                print(f"跳过 PDF 导出：{missing}")
            else:
                print(pdf_export.run(layout.site, pdf_export.targets(project, layout), pdf_export.chromium()))
    except ContentError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"构建后处理完成：{site}")
    return 0


def main(argv: list[str] | None = None) -> int:
    from .cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
