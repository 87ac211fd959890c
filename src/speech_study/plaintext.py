"""Texts that templates print as they are (titles, descriptions): plain text, one line, no markup.

mkdocs.yml's nav titles and site_name/site_description, a speech.yml's title,
speaker and date and a page's front-matter title reach the page frame, where
the theme writes them unescaped, inside elements and attributes. So they may
not hold the characters that would start markup or end an attribute; an
editor gets one line naming the file, the entry and the character.
"""

from __future__ import annotations

import re

from .errors import ContentError

MARKUP = re.compile(r"[<>&\"\n\r]")
NAMES = {"<": "<", ">": ">", "&": "&", '"': '"', "\n": "换行", "\r": "换行"}


def check(value: object, file: str, entry: str) -> None:
    """A ContentError if `value` (a string) holds markup characters or a line break."""
    if not isinstance(value, str):
        return
    bad = MARKUP.search(value)
    if bad:
        raise ContentError(file, f"含有“{NAMES[bad.group()]}”：这里的文字会原样写进每个页面，只能是一行纯文字", entry)


def check_line(value: object, file: str, entry: str | None = None) -> None:
    """A ContentError if `value` (a string) is more than one line; for texts the site escapes itself."""
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        raise ContentError(file, "含有换行：这里只能写一行文字", entry)


def check_config(config: dict, file: str) -> None:
    """mkdocs.yml's texts that reach the frame of every page."""
    for key in ("site_name", "site_description", "site_author", "copyright"):
        check(config.get(key), file, key)
    extra = config.get("extra")
    if isinstance(extra, dict):
        for key, value in extra.items():
            check(value, file, f"extra.{key}")
