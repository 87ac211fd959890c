"""Hook: keep the editorial notes (校注 footnotes) out of the search index.

They are the site's words, not the speech's: a footnote number between
“函询滅勉” and “，” would break an exact-phrase search for the sentence, and
the notes themselves land in whichever section happens to end the page.
Material's search plugin skips any element marked data-search-exclude.
"""

from __future__ import annotations

import re

FOOTNOTE_REF = re.compile(r'<sup id="fnref:')
FOOTNOTES = re.compile(r'<div class="footnote">')


def on_page_content(html, page, **kwargs):
    html = FOOTNOTE_REF.sub('<sup data-search-exclude id="fnref:', html)
    return FOOTNOTES.sub('<div class="footnote" data-search-exclude>', html)
