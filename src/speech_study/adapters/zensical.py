"""The Zensical adapter: what the MkDocs plugin does, for an engine that runs no plugins.

Zensical (0.0.73, pinned in scripts/build.sh: later releases need a UI package the registry
does not serve) reads mkdocs.yml, runs the Markdown extension and Material's
templates as they are, but no plugin. So `build(root, out)`:

1. writes `.zensical.yml` beside mkdocs.yml: `INHERIT: mkdocs.yml` plus the
   settings the plugin's on_config and on_files would set (`overlay`): the
   Word files the pages link, the print version's URL, the PDF buttons, the
   library's 文库 in the nav and its stylesheet, and Material's classic look
   (Zensical's default is its own "modern" one);
2. builds into `.zensical-site/` (Zensical writes only inside the project);
3. runs the post-build pipeline over it, keeping Zensical's own search (the
   project's worker speaks Material's protocol only) but filtering its index
   (postbuild/zensical_index.py), then the PDF export;
4. moves the finished site to `out`.

Every ContentError stops the build with its one-line message.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from ..buildcache import BuildCache
from ..errors import ContentError
from ..postbuild import pdf_export, pipeline, word_export, zensical_index
from ..project import LIBRARY_PAGE, Project
from ..render import claims
from ..settings import LOCAL_SITE_URL, Settings, child_environment

CONFIG = ".zensical.yml"
WORK = ".zensical-site"


def page_url(src_uri: str, directory_urls: bool) -> str:
    """A page's site-relative URL as the engines write it (print.md -> print/ or print.html)."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")] if directory_urls else f"{stem}.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def overlay(project: Project, pdf: bool, settings: Settings | None = None) -> dict:
    """The settings Zensical gets on top of mkdocs.yml: the MkDocs plugin's, as data.

    `pdf`: the PDF export will run (PDF_EXPORT set and Chromium found), so the
    pages show 下载 PDF. `settings`: the build's (default: read from the environment and mkdocs.yml).
    """
    config = project.config
    # mkdocs.yml: use_directory_urls: !ENV [DIRECTORY_URLS, true] (settings.py reads both)
    directory_urls = (settings or Settings.load(config)).directory_urls
    extra: dict = {"docx": word_export.names(project), "pdf_export": pdf}
    print_page = project.marker_page("print-whole")
    if print_page is not None:
        extra["print_url"] = page_url(print_page.src_uri, directory_urls)
    out: dict = {"INHERIT": "mkdocs.yml", "theme": {"variant": "classic"}, "extra": extra}
    if project.is_library:
        extra["library"] = True  # main.html inlines library.css
        # INHERIT merges lists by appending: the site's nav, then 文库
        out["nav"] = [{"文库": LIBRARY_PAGE}]
        # an imported speech's pages are reached from 文库 and their own links, not from the site's nav
        kept = str(config.get("not_in_nav") or "").splitlines()
        folders = [f"/{e.folder}" for e in project.speeches if e.imported]
        out["not_in_nav"] = "\n".join([line for line in kept if line.strip()] + folders) + "\n"
    return out


def write_config(project: Project, pdf: bool, settings: Settings | None = None) -> Path:
    path = Path(project.root) / CONFIG
    text = "# written by speech_study.adapters.zensical at every Zensical build; do not edit\n"
    text += yaml.safe_dump(overlay(project, pdf, settings), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def zensical_command() -> list[str]:
    """This Python's Zensical (`python -m zensical`: the same on Windows, where the script is zensical.exe)."""
    if importlib.util.find_spec("zensical") is None:
        # the tested version is pinned in one place: cli.PINNED (README, 引擎)
        raise ContentError(
            "zensical",
            "没有装在这个 Python 里；`python -m speech_study build --engine zensical --out OUT` 会装上测试过的版本",
        )
    return [sys.executable, "-m", "zensical"]


def own_error(output: str) -> ContentError | None:
    """The project's own error (a ContentError raised inside Zensical's Markdown run) found in its output."""
    marker = f"{ContentError.__name__}: "  # Zensical writes “RuntimeError: Python error: ContentError: …”
    lines = [line.rsplit(marker, 1)[1] for line in output.splitlines() if marker in line]
    if not lines:
        return None
    file, _, problem = lines[-1].partition(ContentError.SEP)
    return ContentError(file, problem) if problem else ContentError("zensical", file)


def _zensical(root: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*zensical_command(), "build", "--clean", "--strict", "-f", str(config)],
        cwd=root,
        env=child_environment({"SITE_DIR": WORK}),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )


def run_zensical(
    root: Path, config: Path, work: Path, zensical: Callable[[Path, Path], subprocess.CompletedProcess] = _zensical
) -> subprocess.CompletedProcess:
    """Zensical's build into `work` (emptied first). Once in CI, under load, Zensical 0.0.73 ended without an
    error in 0.07 s having written no page: then its cache (.cache/) is emptied and it builds once more; a
    second build without a home page is an error (one line), never a site built from nothing."""
    for attempt in (1, 2):
        shutil.rmtree(work, ignore_errors=True)
        result = zensical(root, config)
        if result.returncode != 0 or (work / "index.html").is_file():
            return result
        if attempt == 1:
            print("Zensical 没有写出页面：清空它的缓存（.cache）再构建一次")
            shutil.rmtree(root / ".cache", ignore_errors=True)
    print(result.stdout, end="", file=sys.stderr)
    raise ContentError("zensical", "构建结束，但没有写出任何页面（没有首页 index.html）；见上面 Zensical 的输出")


def copied_docs(project: Project, root: Path) -> dict[str, str]:
    """The docs files the engine copies into the site (site-relative path -> project-relative path): all but those
    MkDocs leaves out of a build (mkdocs.structure.files.set_exclusions: dot files and /templates/, `exclude_docs`,
    then `draft_docs`), which Zensical reads from the same mkdocs.yml (INHERIT)."""
    import pathspec

    def spec(*lines: str) -> pathspec.GitIgnoreSpec:
        return pathspec.GitIgnoreSpec.from_lines(list(lines))

    config = project.config
    left_out = [spec(".*", "/templates/", *str(config.get("exclude_docs") or "").splitlines())]
    if config.get("draft_docs"):
        left_out.append(spec(*str(config["draft_docs"]).splitlines()))
    docs = root / str(config.get("docs_dir", "docs"))
    copied = {}
    for path in docs.rglob("*"):
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and not any(s.match_file(rel) for s in left_out):
            copied[rel] = path.relative_to(root).as_posix()
    return copied


def build(root: Path, out: Path, settings: Settings | None = None) -> Path:
    """Build the complete site with Zensical into `out` (emptied first). Returns `out`.

    `settings`: the build's (default: read from the environment and mkdocs.yml, once)."""
    root = Path(root).resolve()
    out = Path(out).resolve()
    if root.is_relative_to(out):  # `out` is emptied first: never the project or a folder holding it
        raise ContentError(str(out), "包含了项目本身；请另选一个文件夹（如 site）")
    project = Project.load(root)
    claims.check(project)  # the glossary's statements, before Zensical renders a page (as the plugin does)
    pipeline.check_not_planned(project, copied_docs(project, root))  # as the plugin does
    settings = settings or Settings.load(project.config)
    lacking = pdf_export.missing(settings) if settings.pdf_export else None
    chromium = pdf_export.chromium(settings) if settings.pdf_export and not lacking else None
    if lacking:
        print(f"跳过 PDF 导出：{lacking}")  # the same line as the MkDocs plugin's
    config = write_config(project, pdf=chromium is not None, settings=settings)
    work = root / WORK
    result = run_zensical(root, config, work)
    if result.returncode != 0:
        ours = own_error(result.stdout)
        if ours is not None:  # the project's one line, without the traceback Zensical wraps it in
            raise ours
        print(result.stdout, end="", file=sys.stderr)
        raise ContentError("zensical", f"构建失败（退出码{result.returncode}），见上面 Zensical 的输出")
    print(result.stdout, end="")
    cache = BuildCache.at(project.root, settings.build_cache)
    layout = pipeline.run(work, project, search=False, site_url=settings.site_url, cache=cache)
    for line in pipeline.cache_summary(cache):
        print(line)
    zensical_index.run(work, project, layout)
    if chromium is not None:
        targets = pdf_export.targets(project, layout)
        url = settings.site_url or LOCAL_SITE_URL
        links = pdf_export.link_map(project, layout, url)
        print("\n".join(pdf_export.run(layout.site, targets, chromium, project.old_file_names(), cache, url, links)))
    pruned = cache.prune_line()  # the build succeeded: what it used was used today, and stays
    if pruned:
        print(pruned)
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(work), str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m speech_study.adapters.zensical", description=__doc__.splitlines()[0]
    )
    parser.add_argument("out", type=Path, help="the folder to write the site to (emptied first)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    args = parser.parse_args(argv)
    try:
        out = build(args.root, args.out)
    except ContentError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"zensical：网站已写入 {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
