"""python -m speech_study: each command run in-process, the engines replaced by a recorder (no build here).

What is checked is what the command decides before and after an engine runs: which folder it may
empty, the environment every build gets, what a release publishes as the offline copy, and that
every refusal is one line in Chinese with nothing touched.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import sys
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from speech_study import cli, offlinezip, outdir
from speech_study.errors import ContentError
from speech_study.postbuild import pdf_export
from speech_study.render import offline
from speech_study.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


class Recorder:
    """Stands in for the engines: records each call and writes a tiny site where a build would."""

    def __init__(self, code: int = 0) -> None:
        self.calls: list[tuple[list[str], Path, dict[str, str]]] = []
        self.code = code

    def __call__(self, argv, cwd, env) -> int:
        self.calls.append((list(argv), Path(cwd), dict(env)))
        if "-d" in argv and self.code == 0:
            site = Path(argv[argv.index("-d") + 1])
            for name in (*offlinezip.REQUIRED, "assets/site.css"):
                (site / name).parent.mkdir(parents=True, exist_ok=True)
                (site / name).write_text(f"{name}\n", encoding="utf-8")
        return self.code


def tree(path: Path) -> dict[str, str]:
    return {
        p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file() and ".venv" not in p.parts and "node_modules" not in p.parts and "__pycache__" not in p.parts
    }


def one_chinese_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("错误：") and "Traceback" not in err
    return lines[0]


# --- build: the output folder ------------------------------------------------------------------


@pytest.mark.parametrize("folder", [".", "..", "speeches", "source", ".git", "overrides", "docs", "docs/new", "src"])
def test_build_refuses_the_project_and_every_folder_in_it_but_site(folder, capsys):
    before = {name: tree(ROOT / name) for name in ("source", "overrides", "docs")}
    record = Recorder()
    assert cli.main(["--root", str(ROOT), "build", "--out", str(ROOT / folder)], runner=record) == 2
    line = one_chinese_line(capsys.readouterr().err)
    assert str(ROOT / folder) in line and "清空" in line
    assert record.calls == []
    assert {name: tree(ROOT / name) for name in before} == before


def test_build_refuses_a_folder_holding_files_it_did_not_write(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("私人笔记", encoding="utf-8")
    record = Recorder()
    assert cli.main(["--root", str(ROOT), "build", "--out", str(out)], runner=record) == 2
    assert "不是空的，也不是本项目构建出来的" in one_chinese_line(capsys.readouterr().err)
    assert record.calls == [] and (out / "notes.txt").read_text(encoding="utf-8") == "私人笔记"


def test_a_folder_the_build_made_may_be_built_again_until_something_else_is_put_there(tmp_path, capsys):
    out = tmp_path / "public"
    record = Recorder()
    assert cli.main(["--root", str(ROOT), "build", "--out", str(out)], runner=record) == 0
    marker = json.loads((out / outdir.MARKER).read_text(encoding="utf-8"))
    assert marker["made_by"] == outdir.MADE_BY and not marker["building"]
    assert sorted(marker["files"]) == sorted([*offlinezip.REQUIRED, "assets/site.css"])
    assert cli.main(["--root", str(ROOT), "build", "--out", str(out)], runner=record) == 0
    assert len(record.calls) == 2
    (out / "assets" / "deploy-key.txt").write_text("x", encoding="utf-8")
    assert cli.main(["--root", str(ROOT), "build", "--out", str(out)], runner=record) == 2
    assert "assets/deploy-key.txt" in one_chinese_line(capsys.readouterr().err)
    assert len(record.calls) == 2


def test_a_build_that_failed_half_way_leaves_a_folder_it_may_build_again(tmp_path):
    out = tmp_path / "public"
    assert cli.main(["--root", str(ROOT), "build", "--out", str(out)], runner=Recorder(code=1)) == 1
    (out / "half-written.html").write_text("…", encoding="utf-8")  # what the failed engine left
    assert json.loads((out / outdir.MARKER).read_text(encoding="utf-8"))["building"]
    assert cli.main(["--root", str(ROOT), "build", "--out", str(out)], runner=Recorder()) == 0


def test_the_dedicated_site_folder_and_new_or_empty_folders_are_accepted(tmp_path):
    assert outdir.check(ROOT / "site", ROOT) == ROOT / "site"
    assert outdir.check(tmp_path / "new" / "deeper", ROOT) == tmp_path / "new" / "deeper"
    (tmp_path / "empty").mkdir()
    assert outdir.check(tmp_path / "empty", ROOT) == tmp_path / "empty"


@pytest.mark.parametrize(
    "path,problem",
    [
        (PureWindowsPath(r"C:\Users\书记\Desktop\site"), None),
        (PureWindowsPath(r"D:\网站\发布"), None),
        (PurePosixPath("/srv/site"), None),
        (PureWindowsPath(r"C:\Users\me\CON"), "保留名"),
        (PureWindowsPath(r"C:\Users\me\nul.txt"), "保留名"),
        (PureWindowsPath(r"C:\Users\me\com1\site"), "保留名"),
        (PureWindowsPath(r"C:\Users\me\LPT9"), "保留名"),
        (PurePosixPath("out/site:2026"), "“:”"),
        (PurePosixPath("out/a?b"), "“?”"),
        (PureWindowsPath(r"C:\Users\me\site."), "以点或空格结尾"),
        (PureWindowsPath("C:\\Users\\me\\site "), "以点或空格结尾"),
        (PurePosixPath("out/tab\there"), "U+0009"),
    ],
)
def test_folder_names_are_ones_windows_can_hold(path, problem):
    found = outdir.windows_problem(path)
    assert (found is None) if problem is None else (problem in found), found


def test_a_windows_style_output_name_is_refused_before_anything_runs(tmp_path, capsys):
    record = Recorder()
    assert cli.main(["--root", str(ROOT), "build", "--out", str(tmp_path / "AUX")], runner=record) == 2
    assert "Windows 的保留名" in one_chinese_line(capsys.readouterr().err)
    assert record.calls == [] and not (tmp_path / "AUX").exists()


# --- build: what every engine runs with ---------------------------------------------------------


def test_every_build_runs_without_the_english_banner_and_with_its_release_switches(tmp_path):
    record = Recorder()
    argv = ["--root", str(ROOT), "build", "--out", str(tmp_path / "a"), "--site-url", "https://example.org/xuexi/"]
    assert cli.main([*argv, "--pdf"], runner=record) == 0
    command, cwd, env = record.calls[0]
    assert command[1:4] == ["-m", "mkdocs", "build"] and "--strict" in command and cwd == ROOT
    assert env["NO_MKDOCS_2_WARNING"] == "1" and env["PYTHONUTF8"] == "1"
    assert env["SITE_URL"] == "https://example.org/xuexi/" and env["PDF_EXPORT"] == "true"
    assert cli.main(["--root", str(ROOT), "build", "--out", str(tmp_path / "b"), "--no-pdf"], runner=record) == 0
    env = record.calls[1][2]
    assert env["NO_MKDOCS_2_WARNING"] == "1" and env["PDF_EXPORT"] == "false" and "SITE_URL" not in env


def test_an_unknown_engine_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["--root", str(ROOT), "build", "--engine", "hugo", "--out", str(tmp_path / "x")], runner=Recorder())
    assert "参数 --engine 的值“hugo”不在可选的" in one_chinese_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["buidl"], "参数 命令 的值“buidl”不在可选的"),
        (["build", "--outt", "x"], "不认识的参数：--outt x"),
        (["build", "--out"], "参数 --out/-d 后面要跟一个值"),
        (["serve", "--port", "八千"], "参数 --port 的值“八千”无效"),
        (["import", "讲话.docx", "--slg", "x"], "不认识的参数：--slg"),
        (["import", "--slug", "x"], "缺少必须给出的参数：文件"),
        (["import", "讲话.docx", "--slug"], "参数 --slug 后面要跟一个值"),
    ],
)
def test_a_mistyped_command_line_is_one_chinese_line(argv, said, capsys):
    """Found by a tester: a mistyped option, a missing file or a value left out printed argparse's usage and an
    English error over three lines (python -m speech_study and scripts/import_speech.py alike)."""
    with pytest.raises(SystemExit) as ended:
        cli.main(["--root", str(ROOT), *argv], runner=Recorder())
    assert ended.value.code == 2
    assert said in one_chinese_line(capsys.readouterr().err)


@pytest.mark.parametrize("argv", [["import", "讲话.docx", "--slug=--"], ["build", "--out=--"]])
def test_a_double_dash_value_is_one_chinese_line(argv, capsys):
    """`--slug=--`: argparse before Python 3.13 took the "--" away and gave an empty list (a traceback, found by a
    tester); 3.13 gives the value "--", which the command then refuses. Either way: one line, and no success."""
    try:
        code = cli.main(["--root", str(ROOT), *argv], runner=Recorder())
    except SystemExit as ended:
        code = ended.code
    assert code not in (0, None)
    said = one_chinese_line(capsys.readouterr().err)
    assert "--slug" in said or "--out" in said or "-- " in said or "--”" in said or "讲话.docx" in said, said


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--site-url", "https://…/"], "--site-url：“https://…/”不是网站的公开地址"),
        (["--site-url", "example.org/xuexi/"], "--site-url：“example.org/xuexi/”不是网站的公开地址"),
        (["--offline-zip", "没有.zip"], "找不到 --offline-zip 给出的文件 没有.zip（请先用 python -m speech_study"),
    ],
)
def test_a_bad_build_option_is_named_as_given(argv, said, tmp_path, capsys):
    """They were named 环境变量 SITE_URL / OFFLINE_ZIP, the placeholder https://… was taken, and example.org/… got
    MkDocs' English error first (a maintainer's run)."""
    record = Recorder()
    code = cli.main(["--root", str(ROOT), "build", "--out", str(tmp_path / "site"), *argv], runner=record)
    assert code != 0 and said in one_chinese_line(capsys.readouterr().err)
    assert not [call for call in record.calls if "build" in call[0]]


def test_every_option_is_explained_and_import_is_named_as_typed(capsys):
    """A maintainer's run: import --help said “python scripts/import_speech.py” under python -m speech_study import;
    --port, --engine and check links had no word of help; --version was “缺少必须给出的参数”."""
    for argv in (["serve", "--help"], ["build", "--help"], ["check", "links", "--help"], ["import", "--help"]):
        with pytest.raises(SystemExit):
            cli.main(["--root", str(ROOT), *argv], runner=Recorder())
        shown = capsys.readouterr().out
        lines = shown.splitlines() + [""]
        options = [n for n, line in enumerate(lines) if line.strip().startswith("--")]
        # its words on its line, or (a long option) on the next, indented
        said = [re.search(r"\S\s{2,}\S", lines[n]) or lines[n + 1].startswith(" " * 8) for n in options]
        assert options and all(said), shown
    with pytest.raises(SystemExit):
        cli.main(["--root", str(ROOT), "import", "--help"], runner=Recorder())
    assert capsys.readouterr().out.startswith("用法：python -m speech_study import")
    with pytest.raises(SystemExit) as ended:
        cli.main(["--version"], runner=Recorder())
    assert ended.value.code == 0 and capsys.readouterr().out.startswith("speech_study ")


def test_help_is_in_chinese(capsys):
    for argv in (["--help"], ["build", "--help"], ["import", "--help"]):
        with pytest.raises(SystemExit):
            cli.main(["--root", str(ROOT), *argv], runner=Recorder())
        shown = capsys.readouterr().out
        assert shown.startswith("用法：") and "选项：" in shown and "显示这段说明后退出" in shown, shown
        assert not any(w in shown for w in ("usage", "show this help", "options:", "positional")), shown


def test_a_folder_that_is_not_the_project_is_named(tmp_path, capsys):
    assert cli.main(["--root", str(tmp_path), "build"], runner=Recorder()) == 2
    assert "里没有 mkdocs.yml" in one_chinese_line(capsys.readouterr().err)


# --- the offline copy ---------------------------------------------------------------------------


@pytest.fixture
def made_zip(tmp_path) -> Path:
    out = tmp_path / "离线版.zip"
    record = Recorder()
    assert cli.main(["--root", str(ROOT), "offline-zip", "--out", str(out)], runner=record) == 0
    env = record.calls[0][2]
    assert env["OFFLINE"] == "true" and env["PDF_EXPORT"] == "true" and env["NO_MKDOCS_2_WARNING"] == "1"
    return out


def test_offline_zip_packs_one_folder_and_its_manifest(made_zip):
    assert offlinezip.verify(made_zip) == len(offlinezip.REQUIRED) + 1
    with zipfile.ZipFile(made_zip) as zf:
        names = zf.namelist()
    assert all(name.startswith(f"{offlinezip.FOLDER}/") for name in names)
    assert f"{offlinezip.FOLDER}/{offlinezip.MANIFEST}" in names
    assert not any(outdir.MARKER in name for name in names)


def rewrite(source: Path, dest: Path, change) -> Path:
    with zipfile.ZipFile(source) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    change(members)
    with zipfile.ZipFile(dest, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return dest


F = offlinezip.FOLDER


@pytest.mark.parametrize(
    "change,reason",
    [
        (lambda m: m.__setitem__(f"{F}/extra.txt", b"x"), "清单以外的文件"),
        (lambda m: m.pop(f"{F}/assets/site.css"), "缺少清单列出的文件"),
        (lambda m: m.__setitem__(f"{F}/index.html", b"changed\n"), "生成之后被改过"),
        (lambda m: m.__setitem__(f"{F}/index.html", b"same size"), "生成之后被改过"),
        (lambda m: m.pop(f"{F}/{offlinezip.MANIFEST}"), "没有本项目离线版的清单"),
        (lambda m: m.__setitem__(f"{F}/{offlinezip.MANIFEST}", b"{}"), "清单不是本项目写的"),
        (lambda m: m.__setitem__(f"{F}/{offlinezip.MANIFEST}", b"\xff"), "清单不是 JSON"),
        (lambda m: m.__setitem__("../evil.html", b"x"), "不在 dangzuzhi-shuji-study/ 文件夹里"),
        (lambda m: m.__setitem__("other/index.html", b"x"), "不在 dangzuzhi-shuji-study/ 文件夹里"),
    ],
)
def test_only_an_unchanged_copy_made_by_offline_zip_is_accepted(made_zip, tmp_path, change, reason):
    with pytest.raises(offlinezip.NotOurZip, match=reason):
        offlinezip.verify(rewrite(made_zip, tmp_path / "changed.zip", change))


def test_a_zip_of_something_else_is_not_an_offline_copy(tmp_path):
    other = tmp_path / "other.zip"
    offlinezip.pack_members(other, [("index.html", b"<title>x</title>")])
    with pytest.raises(offlinezip.NotOurZip, match="不是本网站的离线版：缺少 dangzuzhi-shuji-study/404.html"):
        offlinezip.verify(other)


def test_a_release_publishes_no_private_file_as_the_offline_copy(tmp_path, monkeypatch):
    private = tmp_path / "工资表.zip"
    private.write_text("姓名,工资\n", encoding="utf-8")
    monkeypatch.setenv("OFFLINE_ZIP", str(private))
    monkeypatch.delenv("OFFLINE", raising=False)
    with pytest.raises(ContentError) as caught:
        offline.from_settings(Settings.load())
    message = str(caught.value)
    assert "\n" not in message
    assert message.endswith("不是本项目生成的离线版，不是 zip 文件；请用 python -m speech_study offline-zip 生成")


def test_a_release_publishes_a_copy_made_by_offline_zip(made_zip, monkeypatch):
    monkeypatch.setenv("OFFLINE_ZIP", str(made_zip))
    monkeypatch.delenv("OFFLINE", raising=False)
    copy = offline.from_settings(Settings.load())
    assert copy.zip_path == made_zip.resolve() and copy.size == made_zip.stat().st_size


def test_offline_zip_refuses_a_name_windows_cannot_hold(tmp_path, capsys):
    record = Recorder()
    assert cli.main(["--root", str(ROOT), "offline-zip", "--out", str(tmp_path / "a:b.zip")], runner=record) == 2
    assert "“:”" in one_chinese_line(capsys.readouterr().err) and record.calls == []


# --- serve, import, check -----------------------------------------------------------------------


def test_serve_runs_the_preview_without_the_banner(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    record = Recorder()
    assert cli.main(["--root", str(ROOT), "serve", "--port", str(port)], runner=record) == 0
    command, cwd, env = record.calls[0]
    assert command[1:] == ["-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]
    assert cwd == ROOT and env["NO_MKDOCS_2_WARNING"] == "1"


def test_serve_on_a_taken_port_names_a_free_one(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        record = Recorder()
        assert cli.main(["--root", str(ROOT), "serve", "--port", str(port)], runner=record) == 2
    line = one_chinese_line(capsys.readouterr().err)
    assert f"端口{port}已被占用" in line and " -m speech_study serve --port " in line
    assert "bash scripts/serve.sh" in line
    assert record.calls == []


def test_a_port_the_last_preview_left_in_time_wait_is_free():
    """Ctrl-C, then serve.sh again: “port 8000 is already in use” while nothing listened (TIME_WAIT, a maintainer's
    run on Debian 13)."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the preview's server binds
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        served, _ = listener.accept()
        served.close()  # the server closes first: its end waits in TIME_WAIT
        client.close()
    assert cli.port_free(port)


def test_import_hands_its_arguments_to_the_importer(monkeypatch):
    seen = []

    class Script:
        @staticmethod
        def main(argv, prog="python scripts/import_speech.py"):
            seen.append(argv)
            return 0

    monkeypatch.setattr(cli, "load_script", lambda root, name: seen.append((root, name)) or Script)
    windows_name = "讲话 2024（定稿）.docx"
    assert cli.main(["--root", str(ROOT), "import", windows_name, "--slug", "2024-dangke"]) == 0
    assert seen == [(ROOT, "import_speech"), [windows_name, "--slug", "2024-dangke", "--root", str(ROOT)]]


def test_import_reports_a_bad_file_in_one_line(tmp_path, capsys):
    missing = tmp_path / "没有这个文件.txt"
    assert cli.main(["--root", str(ROOT), "import", str(missing), "--slug", "x-test", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "没有这个文件.txt" in err and "Traceback" not in err


def test_check_links_reports_a_broken_link(tmp_path, capsys):
    (tmp_path / "index.html").write_text('<a href="missing/">x</a>', encoding="utf-8")
    assert cli.main(["--root", str(ROOT), "check", "links", str(tmp_path)]) == 1
    assert "1处链接失效" in capsys.readouterr().out


@pytest.mark.parametrize("made", [None, "empty"])
def test_check_links_of_no_built_site_is_one_line_and_fails(tmp_path, capsys, made):
    """A maintainer ran it before building: “链接：全部在站内，全部有效” of a folder that was not there, or empty."""
    site = tmp_path / "site"
    if made:
        site.mkdir()
    assert cli.main(["--root", str(ROOT), "check", "links", str(site)]) == 1
    captured = capsys.readouterr()
    assert "全部有效" not in captured.out and "先构建网站" in one_chinese_line(captured.err)


def test_check_links_reads_a_site_published_under_a_folder(tmp_path, capsys):
    """`--site-url https://example.org/xuexi/` (the README's own example) makes the 404 page link its files from the
    host's root (/xuexi/assets/…): 16 such links were reported broken, and the Pages workflow would stop."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "main.css").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="canonical" href="https://example.org/xuexi/"><a href="assets/main.css">x</a>', encoding="utf-8"
    )
    (tmp_path / "404.html").write_text('<link rel="stylesheet" href="/xuexi/assets/main.css">', encoding="utf-8")
    assert cli.main(["--root", str(ROOT), "check", "links", str(tmp_path)]) == 0, capsys.readouterr().out
    (tmp_path / "404.html").write_text('<link rel="stylesheet" href="/xuexi/assets/gone.css">', encoding="utf-8")
    assert cli.main(["--root", str(ROOT), "check", "links", str(tmp_path)]) == 1
    assert "/xuexi/assets/gone.css 指向的文件不存在" in capsys.readouterr().out


def test_check_text_without_the_tests_software_is_one_line(monkeypatch, capsys):
    """After `serve.sh` alone (no test extras) it ended with ModuleNotFoundError's traceback (a maintainer's run)."""
    monkeypatch.setitem(sys.modules, "autocorrect_py", None)
    assert cli.main(["--root", str(ROOT), "check", "text"]) == 1
    assert "bash scripts/test.sh --fast" in one_chinese_line(capsys.readouterr().err)


def test_check_text_runs_the_text_rules(monkeypatch, capsys):
    assert cli.main(["--root", str(ROOT), "check", "text"]) == 0
    assert "text: T1–T4 hold" in capsys.readouterr().out


def test_pdf_export_names_what_is_missing_and_how_to_get_it(monkeypatch):
    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")
    assert pdf_export.missing(Settings.load()) == (
        "在/nonexistent/chromium找不到 Chromium"
        "（请 apt-get install chromium，或用环境变量 CHROMIUM 指向 Chrome 或 Edge）"
    )


def test_playwright_is_a_base_dependency():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.startswith("playwright") for dep in project["dependencies"])
    assert not any(dep.startswith("playwright") for dep in project["optional-dependencies"]["test"])


def test_a_driver_that_cannot_start_is_named_with_the_package_to_install(tmp_path, monkeypatch):
    """A minimal Debian 12 lacks libatomic1: Playwright's Node.js does not start (seen in check_platform)."""
    node = tmp_path / "node"
    node.write_text(
        "#!/bin/sh\necho 'node: error while loading shared libraries: libatomic.so.1: "
        "cannot open shared object file: No such file or directory' >&2\nexit 127\n",
        encoding="utf-8",
    )
    node.chmod(0o755)
    monkeypatch.setenv("PLAYWRIGHT_NODEJS_PATH", str(node))
    monkeypatch.setenv("CHROMIUM", sys.executable)  # any file: Chromium is "there"
    assert pdf_export.missing(Settings.load()) == "Playwright 的驱动程序需要libatomic（请 apt-get install libatomic1）"
    monkeypatch.delenv("PLAYWRIGHT_NODEJS_PATH")
    assert pdf_export.missing(Settings.load()) is None  # this machine's driver starts


@pytest.mark.parametrize("command", [["build", "--dirty"], ["serve", "--dirtyreload", "--dev-addr", "127.0.0.1:0"]])
def test_a_dirty_build_stops_at_once_with_one_line(command, tmp_path):
    """`--dirty` and `--dirtyreload` rewrite only the pages changed since the last build, and the post-build passes
    then found the pages the last build had processed bad (found by a review: the second build stopped on a CSP
    line in a page nobody changed): refused before anything is read or written, in one line naming the option."""
    import os
    import subprocess

    site = tmp_path / "site"
    more = ["-d", str(site)] if command[0] == "build" else []
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", *command, *more],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert result.returncode != 0 and len(errors) == 1, result.stderr[-2000:]
    assert "不支持 --dirty 和 --dirtyreload" in errors[0] and "Traceback" not in result.stderr
    assert not site.exists()


@pytest.mark.slow
def test_a_build_that_stops_ends_in_chinese_right_after_its_reason(tmp_path, capsys):
    """Found by a tester: every build error, one Chinese line, was followed by a blank line and MkDocs' English
    “Aborted with a BuildError!”. `python -m speech_study build` passes the engine's lines on as they come, in
    their order, its ending said in Chinese."""
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "use_directory_urls: !ENV [DIRECTORY_URLS, true]", "use_directory_urls: false"
        ),
        encoding="utf-8",
    )
    code = cli.main(["--root", str(project), "build", "--out", str(tmp_path / "out")], runner=cli.run_program)
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code != 0 and "Aborted" not in "\n".join(lines), lines
    assert lines[-2].startswith("ERROR") and "use_directory_urls" in lines[-2], lines
    assert lines[-1] == "构建已停止（原因见上一行）。", lines


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("Aborted with a BuildError!\n", "构建已停止（原因见上一行）。\n"),
        ("Aborted with 3 warnings in strict mode!\n", "构建已停止：有3条警告，严格模式下警告也算错误。\n"),
        ("Aborted with a configuration error!", "构建已停止：设置有误（原因见上一行）。"),
        ("INFO    -  Documentation built in 1.2 seconds\n", "INFO    -  Documentation built in 1.2 seconds\n"),
    ],
)
def test_the_engines_endings_are_said_in_chinese(line, said):
    assert cli.said_in_chinese(line) == said


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("site_name: ", "\tsite_name: ", "mkdocs.yml"),  # Notepad's tab
        ("site_name: ", "site_name： ", "mkdocs.yml"),  # a full-width colon
    ],
)
def test_a_slip_in_mkdocs_yml_is_one_chinese_line_before_any_engine_runs(tmp_path, capsys, old, new, said):
    """Found by a tester: a tab in mkdocs.yml gave MkDocs' YAML error in English over three lines."""
    from conftest import copy_sources

    project = copy_sources(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    record = Recorder()
    for argv in (["build", "--out", str(tmp_path / "out")], ["serve", "--port", "18765"]):
        assert cli.main(["--root", str(project), *argv], runner=record) == 1
        assert one_chinese_line(capsys.readouterr().err).startswith(f"错误：{said}")
    assert record.calls == []
