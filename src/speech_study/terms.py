"""Where glossary terms stand in the speech: one matcher for tooltips and occurrence links.

Matching is leftmost-longest over all forms (四大三苦 wins over 四大), and
phrases an entry excludes (又当学习的带头人) are matched as nothing. A form
that begins with a numeral is not matched right after another numeral: there
it is the tail of a larger number (the 四大 of 十四大, the 14th Congress). Because
a longer match hides any shorter term inside it, `check_hidden` fails the
build, naming both entries, wherever that happens and the longer entry has
not declared it (`contains:`): a tooltip can never vanish silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ContentError
from .glossary import Entry

# the characters of a number, Chinese and Arabic (half- and full-width): 十四大 is a number, not 四大
NUMERALS = "〇零一二两三四五六七八九十百千万亿0123456789０１２３４５６７８９"


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: Entry | None  # None: an excluded phrase
    text: str


class TermMatcher:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.owner: dict[str, Entry | None] = {}
        self.excluded_by: dict[str, Entry] = {}
        for entry in entries:
            for form in entry.forms:
                self.owner[form] = entry
        for entry in entries:
            for phrase in entry.exclude:
                self.owner.setdefault(phrase, None)
                self.excluded_by[phrase] = entry
        # longest first: at one position the regex takes the first alternative that matches
        alternatives = sorted(self.owner, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    def matches(self, text: str) -> list[Match]:
        """Every match in `text`, excluded phrases included (entry None).

        A match that begins with a numeral right after a numeral is none: every form that could match there
        begins with the same numeral, so the search goes on from the next character. (A lookbehind in the
        pattern said the same, but cost the regex its scan for first characters: 40 times slower.)"""
        if self.pattern is None:
            return []
        found, pos = [], 0
        while (m := self.pattern.search(text, pos)) is not None:
            start = m.start()
            if start and text[start] in NUMERALS and text[start - 1] in NUMERALS:
                pos = start + 1
                continue
            found.append(Match(start, m.end(), self.owner[m.group()], m.group()))
            pos = m.end()
        return found

    def terms(self, text: str) -> list[Match]:
        """The matches that become tooltips and occurrences."""
        return [m for m in self.matches(text) if m.entry is not None]

    def entries_in(self, match: Match) -> list[Entry]:
        """The entries a match stands for: its own, and those it declares it contains."""
        if match.entry is None:
            return []
        by_id = {e.id: e for e in self.entries}
        inner = [by_id[i] for i in match.entry.contains if any(f in match.text for f in by_id[i].forms)]
        return [match.entry, *inner]

    def check_hidden(self, texts: list[tuple[str, str]], name: str = "glossary.yml") -> None:
        """Fail where one entry's match hides another's form in `texts` ((where, text) pairs)."""
        for where, text in texts:
            chosen = self.matches(text)
            for entry in self.entries:
                for form in entry.forms:
                    start = text.find(form)
                    while start >= 0:
                        end = start + len(form)
                        cover = next((m for m in chosen if m.start < end and start < m.end), None)
                        start_next = text.find(form, start + 1)
                        if cover is not None and cover.entry is not entry:
                            self._hidden(entry, form, cover, where, name)
                        start = start_next

    def _hidden(self, entry: Entry, form: str, cover: Match, where: str, name: str) -> None:
        if cover.entry is None:
            owner = self.excluded_by[cover.text]
            if owner is entry:
                return  # the entry's own exclusion
            raise ContentError(
                name,
                f"它的 exclude 短语“{cover.text}”在 {where} 遮住了词条“{entry.id}”的“{form}”",
                f"词条“{owner.id}”",
            )
        if entry.id in cover.entry.contains:
            return
        raise ContentError(
            name,
            f"“{cover.text}”在 {where} 遮住了词条“{entry.id}”（{entry.term}）的“{form}”；"
            f"若本应如此，请在词条“{cover.entry.id}”里加上 `contains: [{entry.id}]`",
            f"词条“{cover.entry.id}”（{cover.entry.term}）",
        )
