"""Import a speech into the library: its source text, its pages and anchors, and a report.

`plan(root, path, …)` reads the file (read.py, received.py), finds the notice, title,
speaker and date, parts, sections and points (analyse.py, speech.py) and writes nothing:
it returns every file the speech needs, and what it found. `apply` writes the
files into place all at once (staged in a temporary folder, then moved), or
not at all; a second run on the same file finds every file already so and
changes nothing.

Anchors and page names are made from pinyin (pypinyin) the first time a
heading or point is seen and kept in speeches/SLUG/anchors.yml: a later
import keeps every name it has ever given, so links shared in chat groups
keep working when a corrected text is imported again.
"""

from __future__ import annotations

import os  # noqa: F401 - tests patch os.replace through here

from ..library import ROOT_SLUG
from .analyse import Found, analyse
from .apply import apply
from .pages import md_text
from .plan import Plan, plan
from .report import report

__all__ = ["ROOT_SLUG", "Found", "Plan", "analyse", "apply", "md_text", "plan", "report"]
