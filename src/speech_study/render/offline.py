"""离线版: where a reader gets the offline copy, said as the build found it.

Three cases, never a dead link:
- the release build was given the zip (OFFLINE_ZIP): a link “下载离线版” with its size;
- this is the offline copy itself (OFFLINE): it says so;
- neither: how the site's maintainer makes the zip and has it linked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import offlinezip
from ..errors import ContentError
from ..settings import Settings
from .text import link, md

if TYPE_CHECKING:
    from ..project import Project

TARGET = "download/dangzuzhi-shuji-study.zip"  # where the site serves the zip (docs-relative)


@dataclass(frozen=True)
class OfflineCopy:
    zip_path: Path | None  # the zip the release build links, if any
    size: int  # bytes
    is_offline: bool  # this build is the offline copy


def from_settings(settings: Settings) -> OfflineCopy:
    """The build's OFFLINE_ZIP (a path, relative to the working folder) and OFFLINE (settings.py).

    The zip is published only when it is an offline copy made by this project (offlinezip.verify).
    """
    offline = settings.offline
    value = settings.offline_zip
    if not value or offline:
        return OfflineCopy(None, 0, offline)
    path = Path(value).resolve()
    if not path.is_file():
        said = "没有这个文件（请先用 python -m speech_study offline-zip 生成）"
        raise ContentError("环境变量 OFFLINE_ZIP", f"{value}：{said}")
    try:
        offlinezip.verify(path)
    except offlinezip.NotOurZip as exc:
        raise ContentError(
            "环境变量 OFFLINE_ZIP",
            f"{value}：不是本项目生成的离线版，{exc}；请用 python -m speech_study offline-zip 生成",
        ) from None
    return OfflineCopy(path, path.stat().st_size, False)


def size_text(size: int) -> str:
    """3.2 MB, 850 KB: the size as the link shows it."""
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(size / 1e3, 1):.0f} KB"


def render(project: Project, copy: OfflineCopy, short: bool = False) -> str:
    """The about page's paragraph, or (`short`) the home page's line."""
    if copy.is_offline:
        text = "你现在打开的就是离线版：整个网站都在这个文件夹里，不需要网络。"
        return md(text) if not short else f"离线版：{md('你现在打开的就是离线版')}"
    if copy.zip_path is not None:
        download = f"{link('下载离线版', TARGET)}（zip 文件，{size_text(copy.size)}）"
        if short:
            return f"离线版：{download}"
        return f"{download}：解压后打开其中的 index.html 即可使用，不需要网络，可以拷到 U 盘上带到会议室。"
    if short:
        return f"离线版：{link('怎样获得', 'about.md#offline')}"
    return (
        # for readers: no command line and no project file here; the steps are in the README's 离线版
        "本次发布没有附带离线版。离线版由网站维护者在发布时生成，"
        "生成后本页和开场白页会出现“下载离线版”的链接和文件大小。需要离线版时，请联系转发本站链接的同志或网站维护者。"
    )
