"""Write the Word version of the handouts into SITE/docx/ at every build (render/word.py makes the bytes).

Unlike the PDFs, it needs no browser: every build has it, and the pages link
it (“下载 Word”, partials/handout-actions.html) by the names `names` gives.
"""

from __future__ import annotations

from pathlib import Path

from ..render import word


def names(project) -> list[str]:
    """The files every build writes, e.g. part-1-leadership-team, speech, glossary, self-test."""
    return sorted(word.targets(project))


def run(site: Path, project) -> list[Path]:
    out = Path(site) / "docx"
    out.mkdir(exist_ok=True)
    written = []
    for name, data in word.render(project).items():
        path = out / f"{name}.docx"
        path.parent.mkdir(parents=True, exist_ok=True)  # a library speech's files are in its own folder
        path.write_bytes(data)
        written.append(path)
    return written
