"""What a renderer may ask of ONE speech: the `OneSpeech` interface.

Two scopes run through the code, and each has its own type:

- one speech (`OneSpeech`): its text, its pages in reading order, its sections, its
  anchors, its glossary entries and their matcher, its own study pages. A library's
  speech is a `project.SpeechView` (`project.view(slug)`); the renderers of one speech
  (outline, map, self-test, print version, a speech's navigation, the handouts' places)
  take this Protocol and nothing wider;
- the whole site (`project.Project`): every page, every speech (`views()`), the whole
  glossary. Its site-wide questions have their own names: `all_sections()` (every
  speech's sections, for the glossary) and `all_occurrences(entry)`.

`Project` also answers the questions of one speech, for the site's own speech
(`project.speech`, `ROOT_SLUG`), the same as `project.view()` does: a site of one
speech is the site's own speech. In a library, a caller about one speech asks
`project.view(slug)`, never the Project.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # types only: no import at run time, so the model can import this module
    from .glossary import Entry
    from .pages import Page, Section
    from .speech import Speech
    from .terms import TermMatcher


class OneSpeech(Protocol):
    """One speech, as the renderers of one speech see it (read-only)."""

    @property
    def speech(self) -> Speech:
        """The speech's text, parsed (title, notice, parts, sentences)."""
        ...

    @property
    def glossary(self) -> list[Entry]:
        """The glossary entries of this speech: its own and those of every speech that it uses."""
        ...

    @property
    def matcher(self) -> TermMatcher:
        """Finds this speech's glossary terms in a text."""
        ...

    @property
    def title(self) -> str:
        """The speech's title as the site shows it."""
        ...

    @property
    def folder(self) -> str:
        """Its pages' folder under docs/ ("" for the site's own speech)."""
        ...

    def speech_pages(self) -> list[Page]:
        """Its speech pages in reading order."""
        ...

    def sections(self) -> list[Section]:
        """Its sections, in reading order (this speech's only)."""
        ...

    def anchors(self) -> dict[str, tuple[str, str]]:
        """Heading or lead sentence of the speech -> (src_uri, anchor)."""
        ...

    def marker_page(self, marker: str) -> Page | None:
        """Its page that carries <!-- study:MARKER --> (its outline, map, self-test, print version)."""
        ...
