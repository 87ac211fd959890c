"""Writing a plan into place: all or nothing, one import at a time (transaction.py: stage, lock, journal)."""

from __future__ import annotations

from pathlib import Path

from .. import yamlfile
from ..errors import ContentError
from ..library import SPEECHES
from . import transaction
from .plan import Plan


def _same(root: Path, files: dict[str, str], folders: tuple[str, ...]) -> bool:
    for rel, text in files.items():
        target = root / rel
        if not target.is_file() or target.read_bytes() != text.encode("utf-8"):
            return False
    for folder in folders:  # no file the import would not write again
        existing = {p.relative_to(root).as_posix() for p in (root / folder).rglob("*") if p.is_file()}
        if existing - set(files):
            return False
    return True


def _names_kept(root: Path, plan: Plan) -> None:
    """Every page and anchor name given so far is in the plan: another import may have added some since it was made."""
    rel = f"{SPEECHES}/{plan.slug}/anchors.yml"
    path = root / rel
    if not path.is_file() or rel not in plan.files:
        return
    now = yamlfile.load(path.read_text(encoding="utf-8"), rel) or {}
    planned = yamlfile.load(plan.files[rel], rel) or {}
    for kind in ("pages", "anchors"):
        given = (now.get(kind) if isinstance(now, dict) else None) or {}
        kept = (planned.get(kind) if isinstance(planned, dict) else None) or {}
        if any(kept.get(key) != name for key, name in given.items()):
            raise ContentError(rel, "在本次导入读取之后，另一个导入改动了这篇讲话的网址名字：请重新运行本次导入")


def apply(root: Path, plan: Plan) -> bool:
    """Write the plan's files; False when every file was already so (nothing written).

    Under the project's import lock: an interrupted earlier import is finished
    or undone first; then the speech's folders (and the library page) are
    replaced whole, by a journalled switch that a crash cannot leave half-done."""
    root = Path(root)
    with transaction.lock(root):
        try:
            transaction.recover(root)
        except OSError as exc:
            raise transaction.folder_error(root, exc, "无法完成上次中断的导入") from None
        if _same(root, plan.files, plan.folders):
            return False
        _names_kept(root, plan)
        inside = tuple(f + "/" for f in plan.folders)
        targets = [*plan.folders, *(rel for rel in plan.files if not rel.startswith(inside))]
        transaction.switch(root, plan.files, targets)
    plan.changed = sorted(plan.files)
    return True
