"""The per-page passes' result cached by everything they read (buildcache.py adds the code).

`pipeline.process_page` turns a page as the engine wrote it into the page as
published. What it reads, besides the page itself:

- the page's place: its output path, the site's URL style, its frame (where the
  content stands, and the page's digest), its public address (handouts);
- the pages its links lead to: for every href in the page, the docs page it
  opens and the speech that page belongs to (links, speech_nav, library_frame's
  shared pages), for a docs path (`x.md`) whether the site has it, and for
  any other whether the site has the file it names (links refuses a link of
  the content to nothing);
- the scope it belongs to (`scope`): a speech page reads its own speech — its
  title, notice, pages and their titles, its print version, its glossary terms
  and its search example — and the site's settings (mkdocs.yml); a page every
  speech shares (home, 术语表, 文库 …) reads every speech, so its scope is the
  whole library;
- the scripts the site serves (the CSP hashes the styles a bundle injects).

So importing a speech into a library leaves every other speech's pages as they
were: their HTML, their links and their scope are unchanged, and their result is
taken from the cache; the new speech's pages and the shared pages are made
afresh. A page that fails a check is never stored (the pass raises first).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

from ..buildcache import canonical, digest
from ..kit import STUDY_MARKERS
from . import links
from .layout import Layout, written
from .search_index import SHARD_PATH

if TYPE_CHECKING:
    from ..project import Project, SpeechView
    from .content_safety import Frame

KIND = "page"
# every href, however quoted, as Python's HTML parser reads it (its white space is Unicode's, `=` may be doubled,
# an unquoted value runs to `>` or white space), matched in the page's UTF-8 lowered (ASCII letters only, so
# every byte stays where it was; the value is taken from the page itself), three times faster than on the text
WHITESPACE = (  # the UTF-8 of every character `\s` matches in a str pattern (tests/unit/test_page_hrefs.py)
    rb"(?:[\t\n\x0b\x0c\r\x1c-\x1f ]|\xc2[\x85\xa0]|\xe1\x9a\x80"
    rb"|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80)"
)
HREF = re.compile(
    rb"href" + WHITESPACE + rb"*=+" + WHITESPACE + rb"*"
    rb"""(?:"([^"]*)"|'([^']*)'|(?!["'])((?:(?!""" + WHITESPACE + rb")[^>])*))"
)
SHORTER = re.compile(r"""[^"'=<>`]*""")  # an unquoted value as older readings end it (a wider net: both kept)


def hrefs(source: str) -> list[str]:
    """Every href attribute's value in `source`, unescaped, each once, in order of first appearance (an unquoted
    one also as far as its first quote, `=`, `<`, `>` or backquote, where other parsers end it)."""
    return hrefs_in(source.encode("utf-8"))


def hrefs_in(data: bytes) -> list[str]:
    """`hrefs` of a page given as its UTF-8."""
    lowered = data.lower()
    found: dict[str, None] = {}
    # each match searched for from just after the last one's start, not its end: a quoted value may hold what the
    # parser reads as a tag of its own (`href="<a href=v.md>`, the first "href" in the page's text)
    match = HREF.search(lowered)
    while match is not None:
        group = next(i for i in (1, 2, 3) if match.start(i) >= 0)
        value = data[match.start(group) : match.end(group)].decode("utf-8")
        found[unescape(value) if "&" in value else value] = None
        if group == 3:
            short = SHORTER.match(value).group()  # type: ignore[union-attr]
            if short != value:
                found[unescape(short) if "&" in short else short] = None
        match = HREF.search(lowered, match.start() + 1)
    return list(found)


@dataclass
class PageScopes:
    """The scopes of one build's pages, each reckoned once: a speech's, the whole library's, the site's."""

    project: Project
    layout: Layout
    _speech: dict[str, str] = field(default_factory=dict)
    _library: str | None = None
    _site: str | None = None

    def site(self) -> str:
        """The settings every page reads, and the scripts it may load (hashed as the engine wrote them)."""
        if self._site is None:
            site = self.layout.site
            # not a library index's shards (loaded by the search worker, never by a page; an offline build's are
            # .js, and a previous build's stay until the index is written over: adapters/old_output.py)
            shards = f"{SHARD_PATH}/"
            # nor a previous build's script not written by this one (early_pages.py meets them: layout.written)
            scripts = sorted(
                (rel, hashlib.sha256(p.read_bytes()).hexdigest())
                for p in site.rglob("*.js")
                if not (rel := p.relative_to(site).as_posix()).startswith(shards) and written(p)
            )
            self._site = digest(
                {
                    "config": self.project.config,
                    "library": self.project.is_library,
                    "directory_urls": self.layout.directory_urls,
                    "scripts": scripts,
                }
            )
        return self._site

    def speech(self, slug: str) -> str:
        """What a page of speech `slug` reads of its speech."""
        if slug not in self._speech:
            self._speech[slug] = digest(_speech_data(self.project, self.project.view(slug)))
        return self._speech[slug]

    def library(self) -> str:
        """What a shared page may read: every speech, and every page's speech."""
        if self._library is None:
            views = [_speech_data(self.project, view) for view in self.project.views()]
            pages = [[p.src_uri, self.project.speech_of(p), p.title, p.meta] for p in self.project.pages]
            self._library = digest({"views": views, "pages": pages})
        return self._library

    def of(self, src_uri: str | None) -> str:
        """The scope of the page built from `src_uri` (None: a page with no source, e.g. 404.html)."""
        if src_uri is None or not self.project.is_library:
            return self.library()
        slug = self.project.speech_of(self.project.page(src_uri))
        return self.library() if slug is None else self.speech(slug)


def _speech_data(project: Project, view: SpeechView) -> dict:
    from .library_frame import example

    pages = [*view.speech_pages(), *(view.marker_page(m) for m in STUDY_MARKERS)]
    return {
        "slug": view.slug,
        "title": view.title,
        "notice": view.speech.notice,
        "imported": view.entry.imported,
        "pages": [None if p is None else [p.src_uri, p.title, p.meta] for p in pages],
        "print": [m for m in STUDY_MARKERS if view.marker_page(m) is not None],
        "terms": [entry.term for entry in project.entries_for(view.slug)],
        "example": example(project, view),
    }


def _links(data: bytes, layout: Layout, rel: str, project: Project) -> list:
    """Every href of the page with the docs page it opens, that page's speech, and a docs path's presence."""
    page = layout.files.get(rel)
    folder = posixpath.dirname(page) if page else ""
    base = posixpath.dirname(rel)
    out = []
    for href in hrefs_in(data):
        path = href.split("#")[0]
        if path.endswith(".md"):
            out.append([href, posixpath.normpath(posixpath.join(folder, path)) in layout.src_uris])
            continue
        target = posixpath.normpath(posixpath.join(base, path)) if path else rel
        if not target.endswith(".html"):
            target = "index.html" if target == "." else posixpath.join(target, "index.html")
        uri = layout.files.get(target)
        if uri is not None:
            out.append([href, uri, project.speech_of(project.page(uri))])
        else:  # a file, or nothing (links.edits refuses a link of the content to nothing)
            opens = links.opened(href, rel)
            out.append([href, None, opens is not None and not opens.startswith("../") and layout.has(opens)])
    return out


def inputs(
    page: bytes,
    path: Path,
    layout: Layout,
    project: Project,
    scopes: PageScopes,
    source_url: str | None,
    frame: Frame | None,
) -> bytes:
    """The cache key's inputs for one page: everything `process_page` reads. `page`: the page as the passes read
    it, in UTF-8 (`read_page`)."""
    rel = path.relative_to(layout.site).as_posix()
    data = {
        "rel": rel,
        "page": hashlib.sha256(page).hexdigest(),
        "frame": None if frame is None else [frame.start, frame.end, frame.digest],
        "source_url": source_url,
        "site": scopes.site(),
        "scope": scopes.of(layout.files.get(rel)),
        "links": _links(page, layout, rel, project),
    }
    return canonical(data)


def read_page(path: Path) -> bytes:
    """A page's UTF-8 as the passes read it: as `read_text` reads it (a line break written "\\r\\n" or "\\r" is
    "\\n"), without decoding it when it holds neither (a page taken from the cache is never decoded)."""
    data = path.read_bytes()
    if b"\r" in data:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return data
