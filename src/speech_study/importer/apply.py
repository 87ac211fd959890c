"""Writing a plan into place: all at once (staged in a temporary folder, then moved), or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

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


def apply(root: Path, plan: Plan) -> bool:
    """Write the plan's files; False when every file was already so (nothing written)."""
    root = Path(root)
    if _same(root, plan.files, plan.folders):
        return False
    stage = Path(tempfile.mkdtemp(prefix=".import-", dir=root))
    moved: list[tuple[Path, Path]] = []
    try:
        for rel, text in plan.files.items():
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        # the speech's own folders are replaced whole; the rest (library.md) file by file
        for folder in plan.folders:
            dest = root / folder
            if dest.exists():
                old = stage / ".old" / folder
                old.parent.mkdir(parents=True, exist_ok=True)
                os.replace(dest, old)
                moved.append((old, dest))
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / folder, dest)
        for rel in plan.files:
            if not any(rel.startswith(f + "/") for f in plan.folders):
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(stage / rel, root / rel)
        moved.clear()
    finally:
        for old, dest in moved:  # a failure half-way: put the old folders back
            if dest.exists():
                shutil.rmtree(dest)
            os.replace(old, dest)
        shutil.rmtree(stage, ignore_errors=True)
    plan.changed = sorted(plan.files)
    return True
