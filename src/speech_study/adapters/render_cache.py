"""MkDocs' Markdown conversion of a page, cached by everything it reads (buildcache.py adds this package's code).

`Page.render` turns the page's Markdown into its content, its table of contents,
its title and the anchors it has and links to. What it reads, besides the
Markdown itself:

- the page's place: its source path and its address;
- the site's settings: mkdocs.yml as written (the extensions and their
  options, the URL style), the offline copy this build links, whether the site
  is a library, and the versions of the libraries that convert (Python-Markdown,
  pymdown-extensions, MkDocs, Material, Pygments);
- where its links lead: every relative target in the Markdown, with the page
  it opens (its address, or none) — a link to a page that is gone warns again;
- what the study extension reads (adapters/markdown_ext.py): a page whose
  Markdown has no site-wide marker reads the speeches it draws — its own and
  any its markers name — and the glossary: an imported speech's files are those
  of its docs folder and of speeches/SLUG/, the site's own speech's are docs/
  but the imported speeches' folders, and source/; a page with a site-wide
  marker (the glossary, the library, 来源与说明, the offline copy) may read the
  whole library, so its scope is every file under docs/, speeches/ and
  source/, and the glossary.

So importing a speech into a library converts only the new speech's pages and
the pages with a site-wide marker again; editing one page of an imported speech
converts that speech's pages (and those site-wide ones). The log lines MkDocs writes while converting (a link to a
missing page) are stored with the result and written again when it is reused,
so `--strict` fails the same way. A page whose conversion raises is not stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..buildcache import BuildCache, digest, version
from ..kit import MARKERS, SPEECH_MARKERS
from ..library import ROOT_SLUG, SPEECHES
from ..pages import MARKER_RE

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from ..project import Project

KIND = "markdown"
LIBRARIES = ("markdown", "pymdown-extensions", "mkdocs", "mkdocs-material", "pygments")
# every link target a Markdown page can hold: inline links and images, reference definitions, raw HTML's
# href and src (a wider net than MkDocs' own only costs a few misses)
TARGET = re.compile(
    r"""\]\(\s*<?([^)\s>]+)|^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]+)|(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.M | re.I
)
# the markers whose text reads more than one speech (the glossary, the library, the offline copy)
WHOLE_LIBRARY_MARKERS = tuple(m for m in MARKERS if m not in SPEECH_MARKERS)
# the Markdown extensions known to read nothing but the page they convert (and their options in mkdocs.yml):
# with any other (pymdownx.snippets includes other files, a plugin's extension may read anything) a page's
# inputs are not known, and no conversion is taken from the cache
PAGE_ONLY_EXTENSIONS = frozenset(
    {
        *(
            f"markdown.extensions.{name}"
            for name in (
                "abbr",
                "admonition",
                "attr_list",
                "codehilite",
                "def_list",
                "fenced_code",
                "footnotes",
                "legacy_attrs",
                "legacy_em",
                "md_in_html",
                "meta",
                "nl2br",
                "sane_lists",
                "smarty",
                "tables",
                "toc",
                "wikilinks",
            )
        ),
        *(
            f"pymdownx.{name}"
            for name in (
                "arithmatex",
                "betterem",
                "blocks.admonition",
                "blocks.details",
                "blocks.html",
                "blocks.tab",
                "caret",
                "critic",
                "details",
                "emoji",
                "escapeall",
                "highlight",
                "inlinehilite",
                "keys",
                "magiclink",
                "mark",
                "progressbar",
                "saneheaders",
                "smartsymbols",
                "superfences",
                "tabbed",
                "tasklist",
                "tilde",
            )
        ),
        "speech_study.adapters.markdown_ext",  # its inputs are the page's scope, below
    }
)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def unknown_extensions(config: dict) -> list[str]:
    """The Markdown extensions mkdocs.yml names that are not known to read only the page (in its order)."""
    names = [next(iter(e), "") if isinstance(e, dict) else str(e) for e in config.get("markdown_extensions") or []]
    full = [n if "." in n else f"markdown.extensions.{n}" for n in names]
    return [n for n, f in zip(names, full, strict=True) if f not in PAGE_ONLY_EXTENSIONS]


def _files_digest(*folders: Path, skip: tuple[str, ...] = ()) -> str:
    """Every file under `folders`, by path and content; `skip`: the folders ("x/", relative) of the first left out."""
    h = hashlib.sha256()
    for n, folder in enumerate(folders):
        if not folder.is_dir():
            h.update(f"absent {folder.name}\n".encode())
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            if n == 0 and rel.startswith(skip):
                continue
            data = path.read_bytes()
            h.update(f"{rel} {len(data)}\n".encode())
            h.update(data)
    return h.hexdigest()


@dataclass
class RenderScopes:
    """The scopes of one build's conversions, each reckoned once: the site's, a speech's, the whole library's."""

    project: Project
    docs_dir: Path
    settings: object  # what else the conversion reads of the build (the offline copy it links)
    _site: str | None = None
    _speech: dict[str, str] = field(default_factory=dict)
    _library: str | None = None

    def site(self) -> str:
        if self._site is None:
            versions = {name: version(name) for name in LIBRARIES}
            project = self.project
            self._site = digest(
                {"config": project.config, "library": project.is_library, "settings": self.settings, **versions}
            )
        return self._site

    def glossary(self) -> str:
        from ..project import GLOSSARY

        path = self.project.root / GLOSSARY
        return hashlib.sha256(path.read_bytes() if path.is_file() else b"").hexdigest()

    def speech(self, slug: str) -> str:
        """One speech's files and the glossary: an imported speech's docs folder and speeches/SLUG/; the site's
        own, docs/ but the imported speeches' folders, and source/."""
        if slug not in self._speech:
            root, project = self.project.root, self.project
            if slug == ROOT_SLUG:
                folders = tuple(e.folder.rstrip("/") + "/" for e in project.speeches if e.imported)
                files = _files_digest(self.docs_dir, root / "source", skip=folders)
            else:
                entry = next(e for e in project.speeches if e.slug == slug)
                files = _files_digest(self.docs_dir / entry.folder, root / SPEECHES / slug)
            self._speech[slug] = digest([self.glossary(), files])
        return self._speech[slug]

    def library(self) -> str:
        """Everything a page may read: every speech's pages and sources, the site's own, the glossary."""
        if self._library is None:
            root = self.project.root
            self._library = digest([self.glossary(), _files_digest(self.docs_dir, root / SPEECHES, root / "source")])
        return self._library

    def of(self, src_uri: str, markdown: str) -> str:
        """The page's scope: the speeches it draws — its own, and any its markers name (a marker without a name
        draws the site's own) — or, with a marker that reads more than one speech, the whole library."""
        if any(f"study:{m}" in markdown for m in WHOLE_LIBRARY_MARKERS):
            return self.library()
        own = self.project.speech_of_uri(src_uri)
        named = {m[2] or ROOT_SLUG for line in markdown.splitlines() if (m := MARKER_RE.match(line))}
        slugs = named | {own} if own is not None else set()
        if not slugs or not slugs <= {e.slug for e in self.project.speeches}:
            return self.library()  # a page outside every speech, or a marker naming none: read as the whole library
        return digest([self.speech(slug) for slug in sorted(slugs)])


def _targets(markdown: str, src_uri: str, files: Files) -> list:
    """Each relative link target of the Markdown with the page it opens: its address and whether it is built."""
    base = posixpath.dirname(src_uri)
    out = []
    for match in TARGET.finditer(markdown):
        href = next(g for g in match.groups() if g is not None)
        path = href.split("#")[0].split("?")[0]
        if not path or path.startswith("/") or SCHEME.match(path):
            continue
        target = posixpath.normpath(posixpath.join(base, path))
        found = files.get_file_from_path(target)
        out.append([href, None if found is None else [found.url, found.inclusion.is_included()]])
    return out


def _toc_tokens(links) -> list:
    return [{"name": a.title, "id": a.id, "level": a.level, "children": _toc_tokens(a.children)} for a in links]


class _Records(logging.Handler):
    """The log lines MkDocs writes while a page converts (to write again when the result is reused)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[list[Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append([record.name, record.levelno, record.getMessage()])


def render_inputs(page: Page, files: Files, scopes: RenderScopes) -> bytes:
    """The cache key's inputs for the page's conversion: everything `Page.render` reads (its Markdown read)."""
    markdown = page.markdown or ""
    src_uri = page.file.src_uri
    return digest(
        {
            "markdown": markdown,
            "meta": page.meta,
            "src_uri": src_uri,
            "url": page.file.url,
            "dest": page.file.dest_uri,
            "site": scopes.site(),
            "scope": scopes.of(src_uri, markdown),
            "targets": _targets(markdown, src_uri, files),
        }
    ).encode("ascii")


def converted(page: Page, convert: Callable[[], None]) -> bytes:
    """The page converted by `convert` (its own `Page.render`), as the cache stores it: its content, table of
    contents, title, anchors, links and the log lines written meanwhile."""
    records = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(records)
    try:
        convert()
    finally:
        logger.removeHandler(records)
    links = page.links_to_anchors
    return json.dumps(
        {
            "content": page.content,
            "toc": _toc_tokens(page.toc),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: v for f, v in links.items()},
            "log": records.lines,
        },
        ensure_ascii=False,
    ).encode("utf-8")


def cached_render(page: Page, cache: BuildCache, scopes: RenderScopes, found: dict[str, bytes] | None = None) -> None:
    """Make `page.render` take its result from the cache when every input is the same (called by on_pre_page).
    `found`: where the sha256 of the inputs of a page found in the cache is noted, by its source path (what
    render_ahead.py compares with the pages it made)."""
    convert = page.render

    def render(config, files: Files) -> None:
        src_uri = page.file.src_uri
        inputs = render_inputs(page, files, scopes)
        hits = len(cache.stats.hits)
        data = json.loads(cache.fetch(KIND, src_uri, inputs, lambda: converted(page, lambda: convert(config, files))))
        if len(cache.stats.hits) == hits:
            return  # converted just now: the page holds its result already
        if found is not None:
            found[src_uri] = hashlib.sha256(inputs).digest()
        from mkdocs.structure.toc import get_toc

        page.content = data["content"]
        page.toc = get_toc(data["toc"])
        page._title_from_render = data["title"]
        page.present_anchor_ids = set(data["anchors"])
        if data["links"] is not None:
            linked = {files.get_file_from_path(uri): v for uri, v in data["links"].items()}
            # each linked file is a link target of the key: present now as when the page was converted
            page.links_to_anchors = {file: v for file, v in linked.items() if file is not None}
        for name, level, message in data["log"]:
            logging.getLogger(name).log(level, message)

    page.render = render  # type: ignore[method-assign]
