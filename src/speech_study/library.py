"""The library: the site's own speech (source/speech.txt, pages at the top of docs/) and imported ones.

An imported speech SLUG lives in two folders, both written by
scripts/import_speech.py and both plain files an editor can read:

  speeches/SLUG/source.txt    the text as received (the fidelity reference)
  speeches/SLUG/speech.yml    title, speaker or unit, date, how the text was read
  speeches/SLUG/anchors.yml   the pages' and anchors' names, kept for ever
  docs/SLUG/*.md              its pages: opening, one per part, 结束语, and its study pages

With no imported speech the site is the one-speech site, unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import plaintext, yamlfile
from .errors import ContentError, clip
from .sources import read_text

ROOT_SLUG = "main"  # the site's own speech, whose pages stand at the top of docs/
SPEECHES = "speeches"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# names a speech's folder may not take: the top-level pages and the site's own folders
RESERVED = {ROOT_SLUG, "assets", "search", "pdf", "stylesheets", "javascripts", "library", "404", "sitemap"}
META_FIELDS = {
    "title": "the speech's title, as the library lists it",
    "speaker": "who gave it: a person or a unit (optional)",
    "date": "when it was given, as written (optional)",
    "notice": "true when line 1 of source.txt is the author's notice",
    "title_in_text": "true when the title is a line of source.txt (after the notice)",
    "title_lines": "how many lines of source.txt the title is written over (when more than one)",
    "received": "the file it was imported from",
    "encoding": "how that file was read",
}


@dataclass(frozen=True)
class Entry:
    slug: str
    folder: str  # docs subfolder with its slash ("slug/"), or "" for the site's own speech
    source: str  # the source text, relative to the project root
    meta: dict

    @property
    def imported(self) -> bool:
        return self.slug != ROOT_SLUG


SLUG_CHARS = 60  # the longest file name made from it (SLUG-self-test.docx …) stays far below 255 bytes


def check_slug(slug: str, name: str) -> None:
    if len(slug) > SLUG_CHARS:
        raise ContentError(name, f"“{clip(slug, 20)}”有 {len(slug)} 个字符，网址名字最多 {SLUG_CHARS} 个字符")
    if not SLUG_RE.match(slug):
        raise ContentError(
            name, f"'{slug}' is not a usable name: lowercase ASCII words joined by '-', e.g. 2024-dangke"
        )
    if slug in RESERVED:
        raise ContentError(name, f"'{slug}' is reserved for the site; choose another name")


def read_meta(root: Path, slug: str) -> dict:
    name = f"{SPEECHES}/{slug}/speech.yml"
    meta = yamlfile.load(read_text(root / name, name), name) or {}
    if not isinstance(meta, dict):
        raise ContentError(name, "must be key: value lines")
    unknown = sorted(set(meta) - set(META_FIELDS))
    if unknown:
        raise ContentError(name, f"unknown key '{unknown[0]}'; allowed: {', '.join(META_FIELDS)}")
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        raise ContentError(name, "'title' is missing")
    for key in ("title", "speaker", "date"):
        plaintext.check(meta.get(key), name, key)
    for key in ("notice", "title_in_text"):
        if not isinstance(meta.get(key, True), bool):
            raise ContentError(name, f"'{key}' must be true or false")
    lines = meta.get("title_lines", 1)
    if not isinstance(lines, int) or isinstance(lines, bool) or not 1 <= lines <= 4:
        raise ContentError(name, "'title_lines' must be a number from 1 to 4")
    return meta


def discover(root: Path, docs_dir: str = "docs") -> list[Entry]:
    """The site's own speech, then every imported one in the order of their names."""
    entries = [Entry(ROOT_SLUG, "", "source/speech.txt", {})]
    folder = Path(root) / SPEECHES
    if not folder.is_dir():
        return entries
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        name = f"{SPEECHES}/{sub.name}"
        check_slug(sub.name, name)
        if not (Path(root) / docs_dir / sub.name).is_dir():
            raise ContentError(name, f"has no pages in {docs_dir}/{sub.name}/: import the speech again")
        entries.append(Entry(sub.name, f"{sub.name}/", f"{name}/source.txt", read_meta(Path(root), sub.name)))
    return entries
