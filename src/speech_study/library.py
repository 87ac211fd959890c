"""The library: the site's own speech (source/speech.txt, pages at the top of docs/) and imported ones.

An imported speech SLUG lives in two folders, both written by
scripts/import_speech.py and both plain files an editor can read:

  speeches/SLUG/source.txt    the text as received (the fidelity reference)
  speeches/SLUG/speech.yml    title, speaker or unit, date, how the text was read
  speeches/SLUG/anchors.yml   the pages' and anchors' names, kept for ever
  speeches/SLUG/old-files.yml the PDF/Word names it had before they moved into its own folder (if it had any)
  docs/SLUG/*.md              its pages: opening, one per part, 结束语, and its study pages

With no imported speech the site is the one-speech site, unchanged.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import plaintext, yamlfile
from .errors import ContentError, clip
from .sources import read_text
from .speech import FORMS

ROOT_SLUG = "main"  # the site's own speech, whose pages stand at the top of docs/
SOURCE = "source/speech.txt"  # its text
SPEECHES = "speeches"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# names a speech's folder may not take: the top-level pages and the site's own folders (the site's own
# pages and folders in docs/ and overrides/ are refused by the importer as well, whatever their names)
RESERVED = {
    ROOT_SLUG,
    *("assets", "search", "pdf", "docx", "stylesheets", "javascripts", "library", "404", "sitemap", "offline"),
    "download",  # the offline copy's zip (render/offline.py's TARGET; tests/unit/test_import.py holds the two together)
    *("speeches", "source", "overrides", "site", "docs", "index", "print", "glossary", "about", "images", "fonts"),
}
# names Windows refuses for a file or folder (an unzipped offline copy would break), whatever follows the dot
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
SLUG_MAX = 40  # a speech's folder name, kept short so every path of the offline copy stays short on Windows
OLD_FILES = "old-files.yml"
OLD_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
META_FIELDS = {
    "title": "the speech's title, as the library lists it",
    "speaker": "who gave it: a person or a unit (optional)",
    "date": "when it was given, as written (optional)",
    "notice": "true when line 1 of source.txt is the author's notice",
    "title_in_text": "true when the title is a line of source.txt (after the notice)",
    "title_lines": "how many lines of source.txt the title is written over (when more than one)",
    "received": "the file it was imported from",
    "encoding": "how that file was read",
    "reading": "the rules the import read its structure by (speech.READING; none: 1, the first)",
}


@dataclass(frozen=True)
class Entry:
    slug: str
    folder: str  # docs subfolder with its slash ("slug/"), or "" for the site's own speech
    source: str  # the source text, relative to the project root
    meta: dict
    # PDF/Word file name it had before its files moved into its own folder -> the name now (old-files.yml)
    old_files: dict[str, str] = field(default_factory=dict)

    @property
    def imported(self) -> bool:
        return self.slug != ROOT_SLUG


def check_slug(slug: str, name: str) -> None:
    if not SLUG_RE.match(slug):
        raise ContentError(name, f"“{slug}”不能用作讲话的名字：只能用小写英文字母、数字和连字符“-”，如 2024-dangke")
    if len(slug) > SLUG_MAX:
        raise ContentError(name, f"“{clip(slug, 20)}”太长（{len(slug)}个字符）：讲话的名字最多{SLUG_MAX}个字符")
    if slug in RESERVED:
        raise ContentError(name, f"“{slug}”是网站自己使用的名字，请换一个")
    if slug in WINDOWS_RESERVED:
        raise ContentError(name, f"“{slug}”是 Windows 保留的文件名，解压离线版时会出错，请换一个")


def read_meta(root: Path, slug: str) -> dict:
    name = f"{SPEECHES}/{slug}/speech.yml"
    meta = yamlfile.load(read_text(root / name, name), name) or {}
    if not isinstance(meta, dict):
        raise ContentError(name, "应是“键: 值”的若干行")
    unknown = sorted(set(meta) - set(META_FIELDS))
    if unknown:
        raise ContentError(name, f"不认识的键“{unknown[0]}”；可以用的键：{'、'.join(META_FIELDS)}")
    for key in ("speaker", "date"):  # as the maintainer wrote it: 2024-03-05 is text, not a date to reformat
        if isinstance(meta.get(key), (int, float, datetime.date)) and not isinstance(meta[key], bool):
            meta[key] = str(meta[key])
        if key in meta and not isinstance(meta[key], str):
            raise ContentError(name, f"“{key}”应是一行文字")
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        raise ContentError(name, "缺少“title”（讲话的标题）")
    # any character, shown as written (escaped wherever it is printed); a line break never
    for key in ("title", "speaker", "date"):
        plaintext.check_line(meta.get(key), name, key)
    for key in ("notice", "title_in_text"):
        if not isinstance(meta.get(key, True), bool):
            raise ContentError(name, f"“{key}”只能是 true 或 false")
    if meta.get("reading", 1) not in FORMS or isinstance(meta.get("reading"), bool):
        known = "、".join(str(r) for r in FORMS)
        raise ContentError(name, f"“reading”是导入时读结构的规则的编号，只能是{known}；请重新导入这篇讲话")
    lines = meta.get("title_lines", 1)
    if not isinstance(lines, int) or isinstance(lines, bool) or not 1 <= lines <= 4:
        raise ContentError(name, "“title_lines”应是1到4的数")
    return meta


def discover(root: Path, docs_dir: str = "docs") -> list[Entry]:
    """The site's own speech, then every imported one in the order of their names."""
    entries = [Entry(ROOT_SLUG, "", SOURCE, {})]
    folder = Path(root) / SPEECHES
    if not folder.is_dir():
        return entries
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        name = f"{SPEECHES}/{sub.name}"
        check_slug(sub.name, name)
        if not (Path(root) / docs_dir / sub.name).is_dir():
            raise ContentError(name, f"在 {docs_dir}/{sub.name}/ 里没有页面：请重新导入这篇讲话")
        meta = read_meta(Path(root), sub.name)
        entries.append(
            Entry(sub.name, f"{sub.name}/", f"{name}/source.txt", meta, read_old_files(Path(root), sub.name))
        )
    return entries


def read_old_files(root: Path, slug: str) -> dict[str, str]:
    """What speeches/SLUG/old-files.yml keeps: the speech's PDF/Word names from before they moved into SLUG/.

    An import before 2026-12-04 named them SLUG-part-1 beside every other speech's; links to them
    live on in chat groups, so every build writes each file under its old name as well."""
    name = f"{SPEECHES}/{slug}/{OLD_FILES}"
    path = Path(root) / name
    if not path.is_file():
        return {}
    data = yamlfile.load(read_text(path, name), name) or {}
    if not isinstance(data, dict):
        raise ContentError(name, "应是“旧文件名: 现在的文件名”的若干行")
    for old, new in data.items():
        if not isinstance(old, str) or not OLD_NAME_RE.match(old):
            raise ContentError(name, f"旧文件名“{clip(str(old), 20)}”只能用小写英文字母、数字和连字符")
        if not isinstance(new, str) or not new.startswith(f"{slug}/"):
            raise ContentError(name, f"“{old}”应对应这篇讲话自己文件夹里的文件（{slug}/……）")
    return dict(data)
