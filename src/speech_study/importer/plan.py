"""The plan: every file a speech needs, made in memory; nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import yamlfile
from ..errors import ContentError
from ..library import SPEECHES, check_slug
from ..sources import read_text
from . import read as read_mod
from . import transaction
from .analyse import Found, analyse
from .name import Names, default_slug
from .pages import LIBRARY_MD, LIBRARY_PAGE, meta_yaml, speech_pages, study_pages


@dataclass
class Plan:
    slug: str
    found: Found
    files: dict[str, str]  # project-relative path -> text
    folders: tuple[str, ...]  # folders the speech owns, replaced as a whole
    changed: list[str] = field(default_factory=list)


def plan(
    root: Path,
    path: Path,
    slug: str | None = None,
    title: str | None = None,
    speaker: str | None = None,
    date: str | None = None,
    name: str | None = None,
) -> Plan:
    root = Path(root)
    transaction.locked_recover(root)  # an interrupted import finished (or undone) before the project is read
    received = read_mod.read(Path(path), name)
    found = analyse(received, title, speaker, date)
    slug = slug or default_slug(found.title)
    check_slug(slug, "--slug")
    docs = root / "docs"
    if (docs / f"{slug}.md").exists():
        raise ContentError("--slug", f"'{slug}' is the name of the page docs/{slug}.md; choose another name")
    store_name = f"{SPEECHES}/{slug}/anchors.yml"
    store = root / store_name
    stored = yamlfile.load(read_text(store, store_name), store_name) if store.is_file() else None
    names = Names(stored if isinstance(stored, dict) else None)
    pages = speech_pages(found, slug, names)
    pages.update(study_pages(slug))
    files = {f"docs/{slug}/{page}": text for page, text in pages.items()}
    files[f"{SPEECHES}/{slug}/source.txt"] = received.text
    files[f"{SPEECHES}/{slug}/speech.yml"] = meta_yaml(found)
    files[store_name] = names.dump()
    if not (docs / LIBRARY_PAGE).exists():
        files[f"docs/{LIBRARY_PAGE}"] = LIBRARY_MD
    return Plan(slug, found, files, (f"docs/{slug}", f"{SPEECHES}/{slug}"))
