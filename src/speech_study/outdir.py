"""Where a build may write: never the project, never a folder holding what the build did not make.

Every engine empties its output folder first (Zensical's move replaces it whole), so the
folder is checked before anything runs:

- not the project, not a folder holding it, and inside it only the dedicated `site/`;
- a folder that exists and is not empty must carry the marker a build of this project left
  there (`MARKER`), and hold only files that build listed in it (or be a build still marked
  as under way, e.g. one that failed half-way);
- every part of its name is one Windows can hold (no `:`, no reserved names such as CON or
  NUL, no trailing dot or space), so a command written down on one system works on another.

Refusals are one line in Chinese (`OutdirError`), naming the folder and the reason.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePath

MARKER = ".speech-study-build.json"  # written by `python -m speech_study build` into its output
MADE_BY = "speech_study build"
DEDICATED = "site"  # the one output folder inside the project
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
WINDOWS_FORBIDDEN = set('<>:"|?*') | {chr(c) for c in range(32)}


class OutdirError(Exception):
    """A refused output folder: the message is the one line the maintainer sees."""


@dataclass(frozen=True)
class Marker:
    files: frozenset[str]  # posix paths relative to the folder, as the build wrote them
    building: bool  # written before the build, rewritten with `files` after it


def windows_problem(path: PurePath) -> str | None:
    """Why Windows could not hold this path's folder names, or None."""
    for part in path.parts:
        if part == path.anchor or part in (".", ".."):
            continue
        bad = sorted(set(part) & WINDOWS_FORBIDDEN)
        if bad:
            shown = "、".join(f"“{c}”" if c.isprintable() else f"U+{ord(c):04X}" for c in bad)
            return f"文件夹名“{part}”含有 Windows 不允许的字符 {shown}"
        if part.split(".")[0].rstrip(" ").upper() in WINDOWS_RESERVED:
            return f"文件夹名“{part}”是 Windows 的保留名"
        if part.endswith((".", " ")):
            return f"文件夹名“{part}”以点或空格结尾，Windows 不允许"
    return None


def read_marker(folder: Path) -> Marker | None:
    path = folder / MARKER
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("made_by") != MADE_BY or not isinstance(data.get("files"), list):
        return None
    return Marker(frozenset(str(f) for f in data["files"]), bool(data.get("building")))


def _files(folder: Path) -> list[str]:
    """Every file under `folder` as a sorted posix path relative to it (os.walk: a tenth of rglob's time on a
    library's four thousand files)."""
    root = str(folder)
    found: list[str] = []
    for where, _, names in os.walk(root):
        relative = os.path.relpath(where, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.extend(prefix + name for name in names if os.path.isfile(os.path.join(where, name)))
    return sorted(found)


def write_marker(folder: Path, building: bool) -> None:
    """Mark `folder` as this project's build output: before the build (`building`), then with its files."""
    files = [] if building else [f for f in _files(folder) if f != MARKER]
    text = json.dumps({"made_by": MADE_BY, "building": building, "files": files}, ensure_ascii=False, indent=0)
    (folder / MARKER).write_text(text + "\n", encoding="utf-8")


def check(out: Path, root: Path, given: str | None = None) -> Path:
    """The output folder, resolved, if a build may empty and fill it; else OutdirError."""
    shown = given if given is not None else str(out)
    problem = windows_problem(PurePath(shown))
    if problem:
        raise OutdirError(f"输出文件夹 {shown}：{problem}，请换一个名字")
    target = out.resolve()
    project = root.resolve()
    if target == project or project.is_relative_to(target):
        raise OutdirError(f"输出文件夹 {shown} 是本项目或包含本项目，构建会清空它；请用 site 或项目以外的空文件夹")
    if target.is_relative_to(project) and target != project / DEDICATED:
        raise OutdirError(
            f"输出文件夹 {shown} 在本项目里面，构建会清空它；项目里只能用 {DEDICATED}，或用项目以外的空文件夹"
        )
    if target.exists() and not target.is_dir():
        raise OutdirError(f"输出文件夹 {shown} 是一个文件，不是文件夹")
    if target.is_dir() and target != project / DEDICATED:
        present = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file() or p.is_symlink()}
        present.discard(MARKER)
        if present or any(target.iterdir()):
            marker = read_marker(target)
            if marker is None:
                raise OutdirError(
                    f"输出文件夹 {shown} 不是空的，也不是本项目构建出来的，构建会清空它；请用空文件夹或新文件夹"
                )
            foreign = sorted(present - marker.files) if not marker.building else []
            if foreign:
                raise OutdirError(
                    f"输出文件夹 {shown} 里有不是构建写出的文件（如 {foreign[0]}，共{len(foreign)}个），"
                    "构建会删除它们；请先移走，或换一个空文件夹"
                )
    return target
