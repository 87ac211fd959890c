"""The offline copy as a zip: packed with a manifest, and published only when it is one of ours.

`pack` writes every file of an offline build under one folder (`FOLDER/`) plus a manifest
(`FOLDER/MANIFEST`: who made it, and each member's size and SHA-256). `verify` is what a
release build runs on the zip it is given (OFFLINE_ZIP) before serving it to readers: a zip
whose members are exactly the manifest's, byte for byte, laid out as an offline build of
this site (its home page, 404 page and the offline search index). Anything else (a private
file, another zip, a zip changed after it was made, one too large to be ours) is refused with
one line in Chinese naming the file and the reason.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FOLDER = "dangzuzhi-shuji-study"  # the folder inside the zip
MANIFEST = ".speech-study-offline.json"
MADE_BY = "speech_study offline-zip"
# what an offline build of this site always has (Material's offline plugin: pages as .html files)
REQUIRED = ("index.html", "404.html", "search/search_index.js")
MAX_TOTAL = 500_000_000  # bytes unpacked: the real copy is a few MB
MAX_MEMBERS = 20_000


class NotOurZip(Exception):
    """The one line a refused zip gets (without the file name; the caller names it)."""


@dataclass(frozen=True)
class Packed:
    out: Path
    count: int  # files of the site (the manifest not counted)
    size: int  # bytes of the zip


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pack_members(out: Path, members: Iterable[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> Packed:
    """Write `members` (posix path inside the site, content) under FOLDER/, with the manifest."""
    files: dict[str, dict] = {}
    with zipfile.ZipFile(out, "w", compression, compresslevel=9 if compression else None) as zf:
        for name, data in members:
            zf.writestr(f"{FOLDER}/{name}", data)
            files[name] = {"size": len(data), "sha256": _digest(data)}
        manifest = {"made_by": MADE_BY, "version": 1, "folder": FOLDER, "files": files}
        zf.writestr(f"{FOLDER}/{MANIFEST}", json.dumps(manifest, ensure_ascii=False, indent=0, sort_keys=True))
    return Packed(out, len(files), out.stat().st_size)


def site_members(site: Path) -> Iterable[tuple[str, bytes]]:
    """A built site's files (source maps and the build's own marker left out), in a stable order."""
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.name.endswith(".map") and not path.name.startswith(".speech-study-"):
            yield path.relative_to(site).as_posix(), path.read_bytes()


def pack(site: Path, out: Path) -> Packed:
    return pack_members(out, site_members(site))


def verify(path: Path) -> int:
    """Raise NotOurZip unless `path` is an offline copy made by `pack`; returns its file count."""
    if not zipfile.is_zipfile(path):
        raise NotOurZip("不是 zip 文件")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise NotOurZip(f"有{len(infos)}个文件，超过离线版的上限{MAX_MEMBERS}")
            names = {}
            for info in infos:
                if info.is_dir():
                    continue
                pure = PurePosixPath(info.filename)
                if pure.is_absolute() or ".." in pure.parts or "\\" in info.filename or pure.parts[0] != FOLDER:
                    raise NotOurZip(f"含有不在 {FOLDER}/ 文件夹里的文件 {info.filename}")
                names[pure.relative_to(FOLDER).as_posix()] = info
            if MANIFEST not in names:
                raise NotOurZip("里面没有本项目离线版的清单")
            if names[MANIFEST].file_size > 10_000_000:
                raise NotOurZip("清单过大")
            try:
                manifest = json.loads(zf.read(names.pop(MANIFEST)).decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise NotOurZip("清单不是 JSON") from None
            if not isinstance(manifest, dict) or manifest.get("made_by") != MADE_BY:
                raise NotOurZip("清单不是本项目写的")
            files = manifest.get("files")
            if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
                raise NotOurZip("清单的文件列表格式不对")
            extra = sorted(set(names) - set(files))
            if extra:
                raise NotOurZip(f"含有清单以外的文件 {FOLDER}/{extra[0]}（共{len(extra)}个）")
            missing = sorted(set(files) - set(names))
            if missing:
                raise NotOurZip(f"缺少清单列出的文件 {FOLDER}/{missing[0]}（共{len(missing)}个）")
            absent = [name for name in REQUIRED if name not in files]
            if absent:
                raise NotOurZip(f"不是本网站的离线版：缺少 {FOLDER}/{absent[0]}")
            total = sum(info.file_size for info in names.values())
            if total > MAX_TOTAL:
                raise NotOurZip(f"解压后有{total / 1e6:.0f} MB，超过离线版的上限{MAX_TOTAL / 1e6:.0f} MB")
            for name, info in sorted(names.items()):
                want = files[name]
                if info.file_size != want.get("size"):
                    raise NotOurZip(f"{FOLDER}/{name} 的大小与清单不符（生成之后被改过）")
                with zf.open(info) as member:
                    data = member.read(info.file_size + 1)
                if len(data) != info.file_size or _digest(data) != want.get("sha256"):
                    raise NotOurZip(f"{FOLDER}/{name} 的内容与清单不符（生成之后被改过）")
            return len(names)
    except zipfile.BadZipFile as exc:
        raise NotOurZip(f"zip 文件已损坏（{exc}）") from None
    except (NotImplementedError, RuntimeError) as exc:  # unsupported compression, encryption
        raise NotOurZip(f"无法读取（{exc}）") from None
