"""One error type for bad input: its message is the one line an editor sees."""

from __future__ import annotations


class ContentError(Exception):
    """A problem in a source file: `file: entry: problem`, on one line."""

    def __init__(self, file: str, problem: str, entry: str | None = None) -> None:
        self.file, self.entry, self.problem = file, entry, problem
        where = f"{file}: {entry}" if entry else file
        super().__init__(f"{where}: {problem}")
