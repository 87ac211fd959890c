"""Read the project's text files strictly: UTF-8 only, with the line of any bad byte.

Editors save files from Word, WPS or Notepad; a GBK file read as UTF-8 must
stop the build with one line saying so, never a traceback or mojibake.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ContentError

# C0 controls but tab and line breaks, DEL, C1: invisible, and fatal to XML (the Word export) and to readers
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_controls(text: str, name: str) -> None:
    """A ContentError naming the line and column of the first control character in `text`."""
    bad = CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise ContentError(
            name, f"第{line}行第{column}列有控制字符 U+{ord(bad.group()):04X}（看不见，会弄坏网页和 Word 文件）：请删去"
        )


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
            hint = "it looks GBK/GB18030-encoded; save it as UTF-8"
        except UnicodeDecodeError:
            hint = "save it as UTF-8"
        raise ContentError(name, f"line {line}: not UTF-8 text ({hint})") from None
    check_controls(text, name)
    return text


def read_text(path: Path, name: str | None = None) -> str:
    name = name or path.name
    if not path.is_file():
        raise ContentError(name, "file not found")
    return decode(path.read_bytes(), name)
