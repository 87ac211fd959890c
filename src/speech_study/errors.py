"""One error type for bad input: its message is the one line an editor sees."""

from __future__ import annotations

import re


class Phrasebook:
    """Another program's English messages, each said in Chinese: (pattern, template); the first pattern found in a
    message gives the template, its groups put in as {0}, {1} … (PyYAML's problems, argparse's mistakes, an
    engine's last line: one way of saying them all)."""

    def __init__(self, *entries: tuple[str, str]) -> None:
        self.entries = [(re.compile(pattern), said) for pattern, said in entries]

    def say(self, message: str) -> str | None:
        """`message` in Chinese, or None when no entry knows it."""
        for pattern, said in self.entries:
            found = pattern.search(message)
            if found:
                return said.format(*found.groups())
        return None


def clip(text: str, limit: int = 40) -> str:
    """`text` on one line and at most `limit` characters, for quoting input in a message."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ContentError(Exception):
    """A problem in a source file: `file：entry：problem`, on one line of bounded length.

    The parts are joined with the full-width colon, as Chinese text is punctuated (SEP).

    Input quoted in a message is clipped at its source (clip); whatever still
    comes in too long or with line breaks is clipped here, so a term of a
    million characters never makes a message of a megabyte.
    """

    SEP = "："  # between the file, the entry and the problem

    def __init__(self, file: str, problem: str, entry: str | None = None) -> None:
        # one line of reasonable length, whatever the input held (a term of a million characters)
        file, problem = _clip(str(file), 200), _clip(str(problem), 400)
        entry = _clip(str(entry), 80) if entry is not None else None
        self.file, self.entry, self.problem = file, entry, problem
        where = f"{file}{self.SEP}{entry}" if entry else file
        super().__init__(f"{where}{self.SEP}{problem}")

    def __reduce__(self):
        """Pickled as its parts (an error raised in another process comes back as it was; clipping is
        idempotent)."""
        return (type(self), (self.file, self.problem, self.entry))


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
QUOTED = re.compile(r"(“|')([^”'\n]{81,})(”|')")


def _clip(text: str, limit: int) -> str:
    """One line of at most `limit` characters; a long quoted text is cut first, keeping what follows it."""
    text = " ".join(text.splitlines())
    text = CONTROL.sub(lambda m: f"U+{ord(m.group()):04X}", text)  # shown by name, never sent to the terminal
    if len(text) > limit:
        text = QUOTED.sub(lambda m: f"{m.group(1)}{m.group(2)[:60]}…{m.group(3)}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
