"""Read the project's text files strictly: UTF-8 only, with the line of any bad byte.

Editors save files from Word, WPS or Notepad; a GBK file read as UTF-8 must
stop the build with one line saying so, never a traceback or mojibake. A
character outside the allow-list of characters.py (a control character, a
zero-width space…) stops it too, naming its line and column.
"""

from __future__ import annotations

from pathlib import Path

from . import characters
from .errors import ContentError


def decode(data: bytes, name: str) -> str:
    """`data` as UTF-8 text (a BOM is dropped), or a ContentError naming the line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            hint = "看来是 GBK/GB18030 编码；请另存为 UTF-8"
        except UnicodeDecodeError:
            hint = "请另存为 UTF-8"
        raise ContentError(name, f"第{line}行不是 UTF-8 文字（{hint}）") from None
    characters.check(text, name)  # control and other invisible characters, with their line and column
    return text


def read_text(path: Path, name: str | None = None) -> str:
    name = name or path.name
    if not path.is_file():
        raise ContentError(name, "找不到这个文件")
    return decode(path.read_bytes(), name)
