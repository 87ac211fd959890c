"""Reading the file a speech arrives in: received.py does the work (.txt, .docx, limits, encodings)."""

from __future__ import annotations

from pathlib import Path

from .. import received as received_mod
from ..received import Extra, Received

__all__ = ["Extra", "Received", "read"]


def read(path: Path, name: str | None = None) -> Received:
    """The text of `path` as a reader of the file sees it, and how it was read."""
    return received_mod.read(Path(path), name)
