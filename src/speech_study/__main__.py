"""Command line: `python -m speech_study COMMAND` (speech_study.cli): serve, build, offline-zip, import, check.

`python -m speech_study postbuild SITE [--root DIR]` runs the post-build passes, for engines that
run no plugins (Zensical: `python -m speech_study build --engine zensical` calls it after the
engine wrote SITE). Errors are one line naming the file and the problem.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .settings import Settings


def postbuild(site: Path, root: Path, search: bool = True, settings: Settings | None = None) -> int:
    """`settings`: the build's (default: read from the environment and mkdocs.yml, once).

    Its modules are imported here, not when the command line starts: `build` and `serve` only start the
    engine, and the passes' imports (python-docx, lxml …) cost them 0.3 s."""
    from .buildcache import BuildCache
    from .errors import ContentError
    from .postbuild import pdf_export, pipeline
    from .project import Project
    from .settings import LOCAL_SITE_URL, Settings

    try:
        project = Project.load(root)
        settings = settings or Settings.load(project.config)
        cache = BuildCache.at(project.root, settings.build_cache)
        layout = pipeline.run(site, project, search=search, site_url=settings.site_url, cache=cache)
        for line in pipeline.cache_summary(cache):
            print(line)
        if settings.pdf_export:
            missing = pdf_export.missing(settings)
            chromium = pdf_export.chromium(settings)
            if missing or chromium is None:
                print(f"跳过 PDF 导出：{missing}")
            else:
                targets = pdf_export.targets(project, layout)
                url = settings.site_url or LOCAL_SITE_URL
                links = pdf_export.link_map(project, layout, url)
                old = project.old_file_names()
                print("\n".join(pdf_export.run(layout.site, targets, chromium, old, cache, url, links)))
        pruned = cache.prune_line()  # the passes succeeded: what they used was used today, and stays
        if pruned:
            print(pruned)
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
