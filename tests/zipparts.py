"""Zip files as a hostile sender makes them: any sizes declared, any method, any flags, bombs built cheaply.

zipfile cannot write a member whose declared size differs from its data,
nor a method it does not know; these files are written here byte by byte.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import speechfiles


@dataclass
class Member:
    name: str
    data: bytes  # as stored (already compressed for method 8)
    size: int  # the inflated size declared
    crc: int
    method: int = 8
    flags: int = 0


def deflated(raw: bytes, name: str) -> Member:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, c.compress(raw) + c.flush(), len(raw), zlib.crc32(raw))


def bomb(name: str, megabytes: int, declared: int | None = None) -> Member:
    """A member inflating to `megabytes` MB of spaces, in ~1 KB per MB (one block repeated after a full flush)."""
    mb = b" " * 2**20
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(mb) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(mb) + c.flush(zlib.Z_FULL_FLUSH)  # no history after a full flush: the same bytes each time
    data = first + block * (megabytes - 1) + c.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(mb, crc)
    return Member(name, data, megabytes * 2**20 if declared is None else declared, crc)


def write(path: Path, members: list[Member]) -> Path:
    with open(path, "wb") as f:
        write_to(f, members)
    return path


def write_to(stream: BinaryIO, members: list[Member]) -> None:
    out, central = bytearray(), bytearray()
    for m in members:
        name = m.name.encode()
        offset = len(out)
        out += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, m.flags, m.method, 0, 0x21, m.crc, len(m.data), m.size, len(name), 0
        )
        out += name + m.data
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, m.flags, m.method, 0, 0x21, m.crc, len(m.data), m.size,
            len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name
    count = min(len(members), 0xFFFF)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    stream.write(bytes(out + central + end))


def docx_members(tmp: Path) -> list[Member]:
    """The members of the test speech's .docx (speechfiles.write_docx), deflated again."""
    import zipfile

    source = speechfiles.write_docx(tmp / "base.docx")
    with zipfile.ZipFile(source) as z:
        return [deflated(z.read(info), info.filename) for info in z.infolist()]


def replace(members: list[Member], new: Member) -> list[Member]:
    return [new if m.name == new.name else m for m in members] + (
        [] if any(m.name == new.name for m in members) else [new]
    )
