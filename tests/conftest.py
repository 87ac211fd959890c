from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, settings

# generated inputs are checked for what they produce, not how fast: a 2-core machine busy with a build
# would otherwise fail a correct example on Hypothesis's 200 ms deadline (seen in test_titles under load)
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")

ROOT = Path(__file__).resolve().parent.parent
# the scripts (check_links, check_text) are tools, not a package: importable by the tests from here
sys.path.insert(0, str(ROOT / "scripts"))

from speech_study.localserver import serve  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# the browser the tests drive: Debian's headless build of the same Chromium (package chromium-headless-shell;
# the headless mode Playwright itself uses). Same engine, no browser window behind it: measured 2026-12-06
# on 2 cores, the whole suite (3 workers) in 5:38 against 7:45 with the full browser just before, every test
# passing with both. The builds' PDF export and printing as Chromium does (speeches.cold_print) stay
# Chromium's own, and test_print compares the two browsers' prints.
TEST_BROWSER = os.environ.get("TEST_BROWSER", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]
ARTIFACTS = ROOT / "test-artifacts"


# a test whose fixtures build the site or start a browser is slow: `scripts/test.sh --fast` leaves it out
SLOW_FIXTURES = {"build", "browser", "folder", "library", "imported_build", "speech", "site_speech"}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds the site or drives a browser (left out by --fast)")
    config.addinivalue_line("markers", "acceptance_missing(reason): the acceptance set this test needs is missing")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # before any fixture builds the site or starts a browser (tests/acceptance.py)
    missing = item.get_closest_marker("acceptance_missing")
    if missing is not None:
        pytest.fail(missing.args[0], pytrace=False)


# pytest-xdist hands out whole files (--dist loadfile --no-loadscope-reorder: in the order of `items`), each to the
# next worker free: the longest first, so that no long file starts last and holds the run's end (each file's
# seconds in the last whole run, tests/durations.json; a file not in it counts as the middle one). Rewritten by a
# whole run with WRITE_TEST_DURATIONS=1.
DURATIONS = ROOT / "tests" / "durations.json"
_durations: dict[str, float] = {}


def _file_seconds() -> Callable[[Path], float]:
    known = json.loads(DURATIONS.read_text(encoding="utf-8")) if DURATIONS.is_file() else {}
    middle = sorted(known.values())[len(known) // 2] if known else 0.0
    return lambda path: known.get(path.relative_to(ROOT).as_posix(), middle) if path.is_relative_to(ROOT) else middle


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)
    seconds = _file_seconds()
    items.sort(key=lambda item: -seconds(item.path))  # stable: a file's tests keep their order


def pytest_runtest_logreport(report):
    if os.environ.get("WRITE_TEST_DURATIONS"):
        path = report.nodeid.split("::", 1)[0]
        _durations[path] = _durations.get(path, 0.0) + report.duration


def pytest_sessionfinish(session, exitstatus):
    # on the controller (a pytest-xdist worker has its own `workerinput`), after a whole run that passed: every
    # test file ran, none chosen by -k or -m (found by a review: one file's run wrote a file of one)
    every = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("*/test_*.py")}
    chosen = session.config.option.keyword or session.config.option.markexpr
    whole = set(_durations) == every and not chosen
    if (
        os.environ.get("WRITE_TEST_DURATIONS")
        and not hasattr(session.config, "workerinput")
        and exitstatus == 0
        and whole
    ):
        rounded = {path: round(total, 1) for path, total in sorted(_durations.items())}
        DURATIONS.write_text(json.dumps(rounded, indent=1) + "\n", encoding="utf-8")


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


def mkdocs_build_in_process(project: Path, dest: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` run in this process: what mkdocs_build returns, without a new Python.

    For a test of a bad input (the build stops with one line naming file, entry and cause): the steps of
    `mkdocs build` (load_config, on_startup, build, on_shutdown) in the project's folder, `env` set only for
    the build (the !ENV entries of mkdocs.yml and Settings.load read it), the `mkdocs` logger at INFO and
    not propagating as the command sets it, its lines written as the command writes them to stderr
    (`ERROR   -  …`), the Abort's line to stdout, an exception other than Abort as its traceback. Every
    build is independent of the one before: new config and plugins, and the logger, os.environ and the
    working folder restored after. The whole build as a user sees it stays with mkdocs_build.
    """
    import contextlib
    import io
    import logging
    import traceback
    from unittest import mock

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    if os.environ.get("FAST_TIER"):
        pytest.fail("this test builds the site: mark it @pytest.mark.slow", pytrace=False)
    log, out = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))  # mkdocs' own, without colours
    logger = logging.getLogger("mkdocs")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    code = 0
    try:
        with mock.patch.dict(os.environ, {"NO_MKDOCS_2_WARNING": "1", **(env or {})}), contextlib.chdir(project):
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(dest), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config, dirty=False)
            finally:
                config.plugins.on_shutdown()
    except Abort as abort:
        code = abort.code
        out.write(f"\n{abort.format_message()}\n")
    except Exception:
        code = 1
        log.write(traceback.format_exc())
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
    args = ["mkdocs", "build", "--strict", "--clean", "-d", str(dest)]
    return subprocess.CompletedProcess(args, code, stdout=out.getvalue(), stderr=log.getvalue())


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
        ".venv",
        "site",
        ".git",
        "test-artifacts",
        "node_modules",
        ".cache",
        ".speech-study-cache",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".hypothesis",
        "*.egg-info",
        "bench-results",
    )
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def built_once(
    tmp_path_factory, name: str, make: Callable[[Path], subprocess.CompletedProcess]
) -> subprocess.CompletedProcess:
    """`make(work)` (a build into the empty folder `work`, its result carrying `.site` and perhaps `.project`) run
    once for the whole run. Under pytest-xdist the first worker to ask makes it while the others wait on a lock;
    each then reads what it left: the folder, the exit code and the output."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    work, record = shared / name, shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not record.exists():
            work.mkdir()
            made = make(work)
            paths = {key: str(getattr(made, key)) for key in ("site", "project") if hasattr(made, key)}
            said = {"args": made.args, "returncode": made.returncode, "stdout": made.stdout, "stderr": made.stderr}
            record.write_text(json.dumps({**said, "paths": paths}), encoding="utf-8")
    data = json.loads(record.read_text(encoding="utf-8"))
    result = subprocess.CompletedProcess(data["args"], data["returncode"], data["stdout"], data["stderr"])
    for key, path in data["paths"].items():
        setattr(result, key, Path(path))
    return result


def _site_build(work: Path) -> subprocess.CompletedProcess:
    result = mkdocs_build(ROOT, work / "site", env={"PDF_EXPORT": "true"})
    result.site = work / "site"
    return result


@pytest.fixture(scope="session")
def build(tmp_path_factory) -> subprocess.CompletedProcess:
    """The site built once with PDF export on."""
    result = built_once(tmp_path_factory, "site", _site_build)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def site(build) -> Path:
    return build.site


def _serving(site: Path):
    """`site` served over HTTP on a free port while the fixture lives: its base URL."""
    httpd, url = serve(site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def server(site):
    yield from _serving(site)


@pytest.fixture(scope="session")
def imported_build(tmp_path_factory) -> subprocess.CompletedProcess:
    """The site with one speech imported (speeches.IMPORTED_SOURCE as speeches.IMPORTED_SLUG), built once with PDF
    export on: the imported speech of every printed-wording, handout, PDF and Word test."""
    result = built_once(tmp_path_factory, "imported", _imported_build)
    assert result.returncode == 0, f"mkdocs build --strict of the library failed:\n{result.stderr[-3000:]}"
    return result


def _imported_build(work: Path) -> subprocess.CompletedProcess:
    from speeches import IMPORTED_SLUG, IMPORTED_SOURCE, SHORT_SELF_TEST, SHORT_SELF_TEST_SLUG

    from speech_study import importer

    project = copy_project(work / "project")
    importer.apply(project, importer.plan(project, IMPORTED_SOURCE, IMPORTED_SLUG))
    # and a speech of other text whose self-test is short (one page of questions): its key's page (test_handouts)
    importer.apply(project, importer.plan(project, SHORT_SELF_TEST, SHORT_SELF_TEST_SLUG))
    return _with_pdfs(project, work)


def _with_pdfs(project: Path, work: Path) -> subprocess.CompletedProcess:
    """`project` built into work/site with PDF export on; the result carries `.site` and `.project`."""
    result = mkdocs_build(project, work / "site", env={"PDF_EXPORT": "true"})
    result.site = work / "site"
    result.project = project
    return result


@pytest.fixture(scope="session")
def imported_server(imported_build):
    yield from _serving(imported_build.site)


@pytest.fixture(scope="session")
def library(tmp_path_factory) -> subprocess.CompletedProcess:
    """The site with test_library's second speech imported (from a Word file) and a glossary entry of its own,
    built once with PDF export: the library that test_library, test_first_screen and test_engines read."""
    result = built_once(tmp_path_factory, "library", _library_build)
    assert result.returncode == 0, result.stderr
    return result


def _library_build(work: Path) -> subprocess.CompletedProcess:
    from test_library import make_library

    return _with_pdfs(make_library(work), work)


@pytest.fixture(scope="session")
def library_server(library):
    yield from _serving(library.site)


@pytest.fixture(scope="session")
def site_speech(site, server, browser, tmp_path_factory):
    """The site's own speech in the site's build, as speeches.Speech."""
    from speeches import Speech

    from speech_study.project import Project

    out = tmp_path_factory.mktemp("ctrl-p-site")
    return Speech("site", site, server, Project.load(ROOT), None, out, browser)


@pytest.fixture(scope="session")
def imported_speech(imported_build, imported_server, browser, tmp_path_factory):
    """The imported speech in the library's build, as speeches.Speech."""
    from speeches import IMPORTED_SLUG, Speech

    from speech_study.project import Project

    project = Project.load(imported_build.project)
    out = tmp_path_factory.mktemp("ctrl-p-imported")
    return Speech("imported", imported_build.site, imported_server, project, IMPORTED_SLUG, out, browser)


@pytest.fixture(scope="session", params=["site", "imported"])
def speech(request):
    """Each speech a test of printed wording, handouts, PDF or Word runs for: the site's own and an imported one."""
    return request.getfixturevalue(f"{request.param}_speech")


@pytest.fixture(scope="session")
def browser():
    if not (Path(TEST_BROWSER).is_file() or shutil.which(TEST_BROWSER)):
        pytest.fail(
            f"Chromium's headless shell not found at {TEST_BROWSER}. Install Debian's package (apt-get install "
            "chromium-headless-shell) or run scripts/test.sh, which does; set TEST_BROWSER=/path/to/chromium to use "
            "another.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=TEST_BROWSER, args=CHROMIUM_ARGS)
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
