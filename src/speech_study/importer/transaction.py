"""An import's switch into the project: staged beside it, under a lock, with a journal.

Everything lives in the project's `.import/` folder (ignored by git):

- `.import/lock` — created with O_EXCL, holding the importing process's id,
  host and start time. One import at a time: a second one is refused with
  one line. A lock whose process is gone (same host) is stale and taken over.
- `.import/TXID/new/…` — the whole result, written before anything in the
  project changes.
- `.import/TXID/journal.json` — written (atomically: a temporary file, then a
  rename) once the result is complete. It lists the targets (folders and
  files of the project) and the direction: "forward" (switching in) or
  "back" (undoing after an error).
- `.import/TXID/old/…` — each target's previous version, moved aside.

The switch is one rename per target out (old) and one in (new); the journal
tells, after a crash at any point, which way to go: with no journal the
project was never touched and the staging folder is deleted; with one,
`recover` finishes the switch ("forward") or undoes it ("back"), looking at
which of new/old/project holds each target, so running it twice is harmless.
The next import and the next build (the MkDocs plugin) call `recover` first.
`STEP_HOOK`, when set, is called before every step that changes a file: the
tests stop the process there (os._exit) at every step in turn.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError
from ..received import os_reason

FOLDER = ".import"
LOCK = "lock"
JOURNAL = "journal.json"
STALE_FOREIGN_SECONDS = 3600  # a lock from another computer (a shared folder) is stale after an hour
EMPTY_LOCK_SECONDS = 10  # a lock file without content (its writer died at once) is stale after this

STEP_HOOK: Callable[[str], None] | None = None


def step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)


class Busy(ContentError):
    """Another import holds the lock."""


@dataclass(frozen=True)
class Owner:
    pid: int
    host: str
    started: float

    def alive(self) -> bool:
        if self.host != socket.gethostname():
            return time.time() - self.started < STALE_FOREIGN_SECONDS
        return _pid_alive(self.pid)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl+C there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_owner(path: Path) -> Owner | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Owner(int(data["pid"]), str(data["host"]), float(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def folder_error(root: Path, exc: OSError, what: str) -> ContentError:
    """An operating-system error blamed on what caused it: the project folder, never the received file."""
    where = Path(exc.filename).as_posix() if exc.filename else str(root)
    return ContentError(where, f"{what}（{os_reason(exc)}）")


@contextmanager
def lock(root: Path) -> Iterator[None]:
    """The project's import lock, or Busy naming the other import."""
    folder = root / FOLDER
    path = folder / LOCK
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise folder_error(root, exc, "无法在项目文件夹里建立导入用的 .import 文件夹") from None
    for _attempt in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            owner = _read_owner(path)
            if owner is None:
                try:
                    age = time.time() - path.stat().st_mtime
                except FileNotFoundError:
                    continue
                if age < EMPTY_LOCK_SECONDS:
                    raise Busy(f"{FOLDER}/{LOCK}", "另一个导入正在进行：请等它结束后再导入") from None
            elif owner.alive():
                started = time.strftime("%H:%M:%S", time.localtime(owner.started))
                raise Busy(
                    f"{FOLDER}/{LOCK}",
                    f"另一个导入正在进行（进程{owner.pid}，{started}开始）：请等它结束后再导入；"
                    f"如果确认没有导入在运行，删除 {FOLDER}/{LOCK} 即可",
                ) from None
            _take_over(path, owner)
            continue
        except OSError as exc:
            raise folder_error(root, exc, "无法建立导入锁") from None
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}, f)
        break
    else:
        raise Busy(f"{FOLDER}/{LOCK}", "另一个导入正在进行：请等它结束后再导入")
    try:
        yield
    finally:
        step("unlock")
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _take_over(path: Path, seen: Owner | None) -> None:
    """Remove a stale lock, unless another process replaced it meanwhile (then its owner is checked again)."""
    aside = path.with_name(f"{LOCK}.stale-{uuid.uuid4().hex}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return
    if _read_owner(aside) != seen:  # not the one judged stale: put it back
        try:
            os.link(aside, path)
        except OSError:
            pass
    aside.unlink(missing_ok=True)


# --- the switch ----------------------------------------------------------------------------------


def _write_journal(tx: Path, targets: list[dict], direction: str) -> None:
    tmp = tx / (JOURNAL + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"direction": direction, "targets": targets}, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    step(f"journal {direction}")
    os.replace(tmp, tx / JOURNAL)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _move(src: Path, dst: Path, name: str) -> None:
    step(name)
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dst)


def _forward(root: Path, tx: Path, targets: list[dict]) -> None:
    for target in targets:
        rel = target["path"]
        new, old, live = tx / "new" / rel, tx / "old" / rel, root / rel
        if not new.exists():
            continue  # already in place
        if live.exists() or live.is_symlink():
            if old.exists():  # cannot happen under the lock: a third version; keep it beside the old one
                _move(live, tx / "other" / rel, f"aside {rel}")
            else:
                _move(live, old, f"out {rel}")
        _move(new, live, f"in {rel}")


def _back(root: Path, tx: Path, targets: list[dict]) -> None:
    for target in reversed(targets):
        rel = target["path"]
        new, old, live = tx / "new" / rel, tx / "old" / rel, root / rel
        if old.exists() or old.is_symlink():
            if live.exists() or live.is_symlink():
                _move(live, new if not new.exists() else tx / "other" / rel, f"undo {rel}")
            _move(old, live, f"restore {rel}")
        elif not target["existed"] and not new.exists() and (live.exists() or live.is_symlink()):
            _move(live, new, f"undo {rel}")


def _finish(tx: Path) -> None:
    step("journal done")
    (tx / JOURNAL).unlink(missing_ok=True)
    step("clean")
    shutil.rmtree(tx, ignore_errors=True)


def recover(root: Path) -> list[str]:
    """Finish or undo every interrupted switch, delete unfinished staging; what was done, for a message.

    Call with the lock held (or from `locked_recover`)."""
    folder = root / FOLDER
    done: list[str] = []
    if not folder.is_dir():
        return done
    for tx in sorted(p for p in folder.iterdir() if p.is_dir()):
        journal = tx / JOURNAL
        if journal.is_file():
            data = json.loads(journal.read_text(encoding="utf-8"))
            if data["direction"] == "forward":
                _forward(root, tx, data["targets"])
                done.append("完成了上次中断的导入")
            else:
                _back(root, tx, data["targets"])
                done.append("撤销了上次中断的导入")
        _finish(tx)
    return done


def locked_recover(root: Path) -> list[str]:
    """For the build: finish an interrupted import before reading the project; Busy if an import is running."""
    if not (root / FOLDER).is_dir():
        return []
    with lock(root):
        try:
            return recover(root)
        except OSError as exc:
            raise folder_error(root, exc, "无法完成上次中断的导入") from None


def switch(root: Path, files: dict[str, str], targets: list[str]) -> None:
    """Put `files` (project-relative path -> text) into the project; each target (folder or file) replaced whole.

    Call with the lock held. On an error the project is left as it was (or,
    when even that fails, the journal says how to finish)."""
    tx = root / FOLDER / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
    try:
        step("stage")
        (tx / "new").mkdir(parents=True)
        for rel, text in files.items():
            path = tx / "new" / rel
            step(f"write {rel}")
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
    except OSError as exc:
        shutil.rmtree(tx, ignore_errors=True)
        raise folder_error(root, exc, "无法在项目文件夹里写入导入结果，项目没有改动") from None
    records = [{"path": rel, "existed": (root / rel).exists()} for rel in targets]
    try:
        _write_journal(tx, records, "forward")
    except OSError as exc:
        shutil.rmtree(tx, ignore_errors=True)
        raise folder_error(root, exc, "无法写入导入日志，项目没有改动") from None
    try:
        _forward(root, tx, records)
    except OSError as exc:
        try:
            _write_journal(tx, records, "back")
            _back(root, tx, records)
        except OSError:
            raise folder_error(
                root, exc, "导入在替换文件时出错，且未能撤销：下次导入或生成网站时会自动撤销（见 .import 文件夹）"
            ) from None
        _finish(tx)
        raise folder_error(root, exc, "导入在替换文件时出错，已恢复原样") from None
    _finish(tx)
