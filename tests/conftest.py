from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the scripts (check_links, check_text) are tools, not a package: importable by the tests from here
sys.path.insert(0, str(ROOT / "scripts"))

from speech_study.localserver import serve  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]
ARTIFACTS = ROOT / "test-artifacts"


# a test whose fixtures build the site or start a browser is slow: `scripts/test.sh --fast` leaves it out
SLOW_FIXTURES = {"build", "browser", "folder", "library"}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds the site or drives a browser (left out by --fast)")
    config.addinivalue_line("markers", "acceptance_missing(reason): the acceptance set this test needs is missing")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # before any fixture builds the site or starts a browser (tests/acceptance.py)
    missing = item.get_closest_marker("acceptance_missing")
    if missing is not None:
        pytest.fail(missing.args[0], pytrace=False)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)


def mkdocs_build(project: Path, dest: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` as a user would, returning its output."""
    if os.environ.get("FAST_TIER"):
        pytest.fail("this test builds the site: mark it @pytest.mark.slow", pytrace=False)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(dest)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


SOURCES = ("docs", "source", "glossary.yml", "mkdocs.yml")  # what an import reads and writes beside


def copy_sources(dest: Path) -> Path:
    """Only the project's sources (docs, source, glossary.yml, mkdocs.yml) copied to `dest`, to import into."""
    dest.mkdir(parents=True)
    for item in SOURCES:
        src = ROOT / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / item)
    return dest


def copy_project(dest: Path) -> Path:
    """The project's sources (not its venv, outputs or caches) copied to `dest`, to build a broken variant."""
    ignore = shutil.ignore_patterns(
        ".venv", "site", ".git", "test-artifacts", "node_modules", ".cache", "*.egg-info", "bench-results"
    )
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="session")
def build(tmp_path_factory) -> subprocess.CompletedProcess:
    dest = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, dest, env={"PDF_EXPORT": "true"})
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    result.site = dest
    return result


@pytest.fixture(scope="session")
def site(build) -> Path:
    return build.site


@pytest.fixture(scope="session")
def server(site):
    httpd, url = serve(site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's package (apt-get install chromium) "
            "or run scripts/test.sh, which does; set CHROMIUM=/path/to/chromium to use another.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's script (npm ci, by scripts/test.sh), for the accessibility checks."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run scripts/test.sh (npm ci)", pytrace=False)
    return AXE.read_text(encoding="utf-8")
