"""One error type for bad input: its message is the one line an editor sees."""

from __future__ import annotations

PART_CHARS = 300  # the most any part of a message (file, entry, problem) keeps


def clip(text: str, limit: int = 40) -> str:
    """`text` on one line and at most `limit` characters, for quoting input in a message."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _part(text: str) -> str:
    """A part of a message on one line; an overlong one keeps its head and its end (where the cause is said)."""
    text = (
        " ".join(str(text).split())
        if any(ch in str(text) for ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        else text
    )
    if len(text) <= PART_CHARS:
        return text
    return f"{text[: PART_CHARS - 80]}……（中间省略 {len(text) - PART_CHARS + 2:,} 字）……{text[-78:]}"


class ContentError(Exception):
    """A problem in a source file: `file: entry: problem`, on one line of bounded length.

    Input quoted in a message is clipped at its source (clip); whatever still
    comes in too long or with line breaks is clipped here, so a term of a
    million characters never makes a message of a megabyte.
    """

    def __init__(self, file: str, problem: str, entry: str | None = None) -> None:
        file, problem = _part(file), _part(problem)
        entry = _part(entry) if entry else entry
        self.file, self.entry, self.problem = file, entry, problem
        where = f"{file}: {entry}" if entry else file
        super().__init__(f"{where}: {problem}")
