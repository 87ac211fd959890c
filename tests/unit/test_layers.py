"""No import runs back up a layer: the model knows no renderer, the renderers no post-build pass, and so on.

The layers, bottom up: the engine-free model (src/speech_study/*.py, importer/),
the pure renderers (render/), the post-build passes (postbuild/), the thin
adapters to the engines (adapters/), and the command line (cli.py,
__main__.py). A module may import from its own layer and the ones below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "speech_study"
PACKAGE = "speech_study"
LAYERS = {"model": 0, "render": 1, "postbuild": 2, "adapters": 3, "cli": 4}
FOLDERS = {"render": "render", "postbuild": "postbuild", "adapters": "adapters"}  # any other folder: the model
ENTRY_POINTS = {"cli", "__main__"}


def layer(module: str) -> str:
    """`speech_study.render.word` -> render; `speech_study.questions` -> model."""
    parts = module.split(".")[1:]
    if not parts:
        return "model"
    if parts[0] in ENTRY_POINTS:
        return "cli"
    return FOLDERS.get(parts[0], "model")


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str) -> bool:
    path = SRC.parent / name.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(source: str, name: str, is_package: bool = False) -> list[str]:
    """The speech_study modules module `name` imports, relative imports resolved (`from . import x` names x too)."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == PACKAGE]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == PACKAGE:
                target = node.module
            else:
                continue
            found.append(target)
            found += [f"{target}.{a.name}" for a in node.names if _is_module(f"{target}.{a.name}")]
    return found


def imports(path: Path) -> list[str]:
    return imports_of(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")


MODULES = sorted(SRC.rglob("*.py"))


def test_every_module_is_found():
    names = {module_name(p) for p in MODULES}
    assert {"speech_study.questions", "speech_study.render.word", "speech_study.render.docx_format"} <= names
    # a module's own imports are read: word.py's walk uses the format module and the model's generator
    word = imports(SRC / "render" / "word.py")
    assert "speech_study.render.docx_format" in word and "speech_study.questions" in word


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_no_import_runs_back_up_a_layer(path):
    own = layer(module_name(path))
    upward = sorted({m for m in imports(path) if LAYERS[layer(m)] > LAYERS[own]})
    assert not upward, f"{module_name(path)} ({own}) imports from a layer above it: {upward}"


def upward(source: str, name: str) -> list[str]:
    return sorted({m for m in imports_of(source, name) if LAYERS[layer(m)] > LAYERS[layer(name)]})


def test_the_rule_sees_an_upward_import():
    """The generator's old imports (render/self_test.py) would be caught in the model; the renderer's are fine."""
    old = "from ..counts import chinese\nfrom . import claims, places\nfrom .text import link, md\n"
    assert upward(
        old.replace("from ..", "from .")
        .replace("from . import", "from .render import")
        .replace("from .text", "from .render.text"),
        "speech_study.questions",
    ) == ["speech_study.render", "speech_study.render.claims", "speech_study.render.text"]
    assert upward(old, "speech_study.render.self_test") == []
    assert upward("from ..adapters import mkdocs_plugin\n", "speech_study.postbuild.x") == [
        "speech_study.adapters",
        "speech_study.adapters.mkdocs_plugin",
    ]
    assert upward("import speech_study.cli\n", "speech_study.adapters.x") == ["speech_study.cli"]


# what a module loads only where its work is done: python-docx in the process that writes the Word files
HEAVY = ("docx",)
# the modules the build's own process loads, and those the other processes of a build run (`python -m`)
BUILD_PROCESSES = (
    "speech_study.adapters.mkdocs_plugin",
    "speech_study.adapters.markdown_ext",
    "speech_study.postbuild.early_pages",
    "speech_study.postbuild.content_checks",
    "speech_study.postbuild.search_index",
)


@pytest.mark.parametrize("module", BUILD_PROCESSES)
def test_a_build_process_loads_no_module_it_does_not_use(module):
    """The build's process and the passes' processes start without python-docx (about 0.06 s a process): it is
    loaded where the Word files are written."""
    import subprocess
    import sys

    code = f"import sys, {module}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []
