"""The study kit, declared once: the markers the pages carry and every speech's study pages.

The model (project.py), the Markdown extension, the importer and the
navigation all read these names from here. The site's own study pages in
docs/ (outline.md, map.md, self-test.md, print.md) are the only template of
an imported speech's: the importer copies them into docs/SLUG/, each marker
naming the speech, so the wording, the screen-only sentences (which paper
never shows) and every later change to them reach every speech alike.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StudyPage:
    marker: str  # <!-- study:MARKER --> draws it
    file: str  # its file in docs/ (the site's own) and in docs/SLUG/ (an imported speech's)
    pdf: str  # its PDF and Word file's name (in SLUG/ for an imported speech)
    in_nav: bool  # listed in a speech's navigation (the print version is reached from its pages)


STUDY_PAGES = (
    StudyPage("outline", "outline.md", "outline", True),
    StudyPage("map", "map.md", "map", True),
    StudyPage("self-test", "self-test.md", "self-test", True),
    StudyPage("print-whole", "print.md", "speech", False),
)
# the study pages in a speech's navigation, in the site nav's order
STUDY_MARKERS = tuple(p.marker for p in STUDY_PAGES if p.in_nav)
# markers drawn for one speech (given its view): the study pages, the page's speech and its navigation
SPEECH_MARKERS = (*(p.marker for p in STUDY_PAGES), "speech", "speech-nav")
# speech: the page holds speech SLUG's text; speech-nav: that speech's own navigation; library: the 文库 list;
# about-source: 来源与说明's account of which speech the site holds
MARKERS = ("glossary", *SPEECH_MARKERS, "library", "about-source", "offline", "offline-link")
# page names an imported speech's own pages may not take (its study pages, its opening, its closing)
RESERVED_PAGES = ("index", "closing", *(p.file.removesuffix(".md") for p in STUDY_PAGES))
