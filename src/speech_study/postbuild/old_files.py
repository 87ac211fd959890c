"""The PDF/Word files of a speech imported before its files had their own folder, under their old names too.

Links to pdf/SLUG-part-1.pdf live on in chat groups; a static host cannot redirect a file, so the
same bytes are written under the old name beside the new one (library.read_old_files)."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy(folder: Path, suffix: str, names: dict[str, str]) -> list[Path]:
    """FOLDER/NEW.suffix copied to FOLDER/OLD.suffix for each old -> new name whose file was written."""
    written = []
    for old, new in sorted(names.items()):
        source = folder / f"{new}{suffix}"
        if source.is_file():
            target = folder / f"{old}{suffix}"
            shutil.copyfile(source, target)
            written.append(target)
    return written
