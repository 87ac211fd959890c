"""Any clone, any supported Python: the fast tier's own promises (README, "测试")."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from acceptance import acceptance_params, missing

ROOT = Path(__file__).resolve().parents[2]


def test_requires_python_has_no_upper_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"


def test_a_missing_acceptance_set_is_one_failing_parameter_with_the_reason(tmp_path):
    [param] = acceptance_params(tmp_path / "queries.tsv")
    assert param.id == "acceptance-set-missing"
    assert [m.args[0] for m in param.marks] == [missing(tmp_path / "queries.tsv")]


def test_a_clone_without_shared_collects_and_fails_only_the_acceptance_tests(tmp_path):
    """The project copied where no ../shared is beside it: collection succeeds, the two acceptance tests
    fail with the reason before building anything, and the rest of the file is collected as usual."""
    clone = tmp_path / "clone"
    skip = (".venv", "node_modules", ".git", "site", "test-artifacts", ".cache", "__pycache__", "*.egg-info")
    shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(*skip))
    assert not (tmp_path / "shared").exists()
    run = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/browser/test_search.py", "-rf"]
    collected = subprocess.run([*run, "--collect-only", "-q"], cwd=clone, capture_output=True, text=True)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert " error" not in collected.stdout.splitlines()[-1], collected.stdout
    assert collected.stdout.count("acceptance-set-missing") == 2
    assert "test_bad_input_is_harmless" in collected.stdout  # the rest of the file is there
    failed = subprocess.run([*run, "-k", "acceptance-set-missing"], cwd=clone, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "2 errors" in failed.stdout, failed.stdout  # at set-up, before any fixture
    assert "the public search acceptance set is missing" in failed.stdout
    assert "mkdocs build" not in failed.stdout


def test_no_file_of_the_tests_or_the_code_is_hidden_by_gitignore():
    """A folder named tests/site once matched .gitignore's `site/` (the build's output): its tests were never
    committed and a fresh clone ran without them. Every source, test, template and script file is one git keeps."""
    git = shutil.which("git")
    assert git, "缺少 git：apt-get install git"
    files = [
        str(p.relative_to(ROOT))
        for folder in ("src", "tests", "overrides", "scripts", "docs", "source", "speeches")
        if (ROOT / folder).is_dir()
        for p in (ROOT / folder).rglob("*")
        if p.is_file()
        and not {"__pycache__", ".hypothesis", "node_modules"} & set(p.parts)
        and not any(part.endswith(".egg-info") for part in p.parts)
    ]
    assert len(files) > 100
    ignored = subprocess.run(
        [git, "check-ignore", "--no-index", "--stdin"], cwd=ROOT, input="\n".join(files), capture_output=True, text=True
    )
    assert ignored.returncode in (0, 1), ignored.stderr
    assert ignored.stdout.split() == []


def test_the_other_release_check_stops_at_once_when_its_port_already_answers(tmp_path):
    """scripts/check_platform.sh judges serve.sh by what answers on its port: a program already answering there
    (a folder served by hand, found in a CI rehearsal: serve.sh "passed" in 1 s without running) stops the check
    with one line, before it installs, makes or mounts anything (a mirror that cannot answer and a cache folder of
    the test's own, in case it went on)."""
    import os
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            **os.environ,
            "CHECK_PORT": str(port),
            "SPEECH_STUDY_CACHE": str(tmp_path / "cache"),
            "DEBIAN_MIRROR": "http://127.0.0.1:9/debian",
        }
        result = subprocess.run(
            ["bash", str(ROOT / "scripts" / "check_platform.sh"), "debian13"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert result.returncode == 1, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"端口 {port} 已被别的程序占用" in lines[0], lines
    assert result.stdout == "" and not (tmp_path / "cache").exists()


def test_lint_holds_in_a_project_with_imported_speeches(tmp_path):
    """A maintainer imported a speech, then ran `bash scripts/test.sh --fast`: ruff failed with 11 I001 errors, because
    the new speeches/ folder made the tests' helper module `speeches` first-party (pyproject.toml: src)."""
    root = Path(__file__).parents[2]
    shutil.copy(root / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(root / "tests", tmp_path / "tests", ignore=shutil.ignore_patterns("fixtures", "__pycache__"))
    (tmp_path / "src").symlink_to(root / "src", target_is_directory=True)  # the package: first-party
    (tmp_path / "speeches" / "2024-dangke").mkdir(parents=True)
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "-q", "tests"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
