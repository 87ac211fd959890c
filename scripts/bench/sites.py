"""The projects a benchmark builds: copies of this project, libraries made with the import command,
vanilla Material on the same pages; and what their search indexes weigh."""

from __future__ import annotations

import contextlib
import gzip
import io
import shutil
import sys
import time
from pathlib import Path

from bench import ROOT

SOURCES = ("docs", "source", "glossary.yml", "mkdocs.yml", "overrides")


def copy_sources(dest: Path) -> Path:
    """A buildable copy of this project (its pages, speech, glossary, configuration, templates) in `dest`."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for item in SOURCES:
        src = ROOT / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / item)
    (dest / "src").mkdir()  # mkdocs.yml watches it
    return dest


def import_speech(project: Path, text: str, slug: str) -> None:
    """Import one speech with the import command (scripts/import_speech.py), in this process."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    import import_speech as command

    incoming = project.parent / f"{project.name}-incoming"
    incoming.mkdir(exist_ok=True)
    path = incoming / f"{slug}.txt"
    path.write_text(text, encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        code = command.main([str(path), "--slug", slug, "--root", str(project), "--quiet"])
    if code:
        raise SystemExit(f"import of {path} failed")


def slug(k: int) -> str:
    return f"s{k:04d}"


def make_library(dest: Path, texts: list[str]) -> float:
    """A copy of this project with every text imported (slugs s0001…); returns the seconds the imports took."""
    copy_sources(dest)
    started = time.perf_counter()
    for k, text in enumerate(texts, start=1):
        import_speech(dest, text, slug(k))
    return time.perf_counter() - started


def vanilla_config(
    site_name: str,
    features: list[str],
    *,
    search: bool = True,
    extensions: tuple[str, ...] = (),
    top_nav_only: bool = False,
) -> str:
    """mkdocs.yml for vanilla Material (font: false: nothing fetched from outside); with `search`, Material's
    own search plugin (jieba segments Chinese when it is installed: Material's recommendation)."""
    lines = [f"site_name: {site_name}", "theme:", "  name: material", "  language: zh", "  font: false"]
    lines.append(f"  features: [{', '.join(features)}]")
    if top_nav_only:  # nav kept to the top pages, as the project's library does
        lines += ["nav:", "  - 首页: index.md", "not_in_nav: |", "  /*/", "  /*.md"]
    lines += ["plugins:", "  - search"] if search else ["plugins: []"]
    if extensions:
        lines.append("markdown_extensions:")
        for ext in extensions:
            name, _, option = ext.partition(":")
            lines.append(f"  - {name}" + (f":\n      {option.strip()}" if option else ""))
    if top_nav_only:
        lines += ["validation:", "  nav:", "    omitted_files: ignore", "  links:"]
        lines += ["    not_found: ignore", "    anchors: ignore", "    unrecognized_links: ignore"]
    return "\n".join(lines) + "\n"


def write_vanilla(docs: Path, dest: Path, config: str) -> Path:
    """A vanilla Material project in `dest`: a copy of the pages in `docs` and `config`."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(docs, dest / "docs")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def index_bytes(files: list[Path], precompressed: bool = False) -> tuple[int, int]:
    """The files' raw bytes and gzip bytes (the raw ones again when they are compressed already)."""
    raw = sum(f.stat().st_size for f in files)
    return raw, raw if precompressed else sum(gzip_size(f) for f in files)


def project_index(site: Path) -> list[Path]:
    """This project's search index: the page's index file and, in a library, its shards."""
    return [site / "search" / "search_index.json", *(site / "search" / "shards").rglob("*.json")]
