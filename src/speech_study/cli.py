"""What a maintainer does, as one command line on any system: python -m speech_study COMMAND.

  serve         preview the site on http://127.0.0.1:8000/, rebuilt on every change
  build         build the complete site (engine mkdocs, properdocs or zensical) into a folder
  offline-zip   build the offline copy and pack it as a zip
  import        add a speech (.docx or .txt) to the library (scripts/import_speech.py)
  check         check a built site's links (check links SITE) or the site's own text (check text)
  postbuild     run the post-build passes over a site an engine wrote (Zensical)

No shell: the engines run as `python -m …` of this same Python, with every setting passed as
an argument or an environment variable; paths are pathlib paths, every text file is read and
written as UTF-8, and the names it makes are ones Windows can hold. Errors are one line.
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from . import offlinezip, outdir
from .errors import ContentError, Phrasebook
from .settings import check_site_url, child_environment

ENGINES = ("mkdocs", "properdocs", "zensical")
# the other engines this project was tested with (README, "引擎"), installed on first use
PINNED = {
    "properdocs": "properdocs==1.6.7",
    "zensical": "zensical==0.0.73",  # newer releases need zensical-ui, which the registry here does not serve
}
DEFAULT_PORT = 8000
CHECKOUT = Path(__file__).resolve().parents[2]  # the project, when the package is installed from it (-e)


class CliError(Exception):
    """A refusal: the message is the one line the maintainer sees."""


# the one way a command runs a program: argv (never a shell), in a folder, with extra environment
Runner = Callable[[Sequence[str], Path, dict[str, str]], int]


# the engines' last English line, said in Chinese (a maintainer read “Aborted with a BuildError!” after every
# one-line error, found by a tester); anything else passes as it is
ENDINGS = Phrasebook(
    (r"Aborted with a BuildError!", "构建已停止（原因见上一行）。"),
    (r"Aborted with a configuration error!", "构建已停止：设置有误（原因见上一行）。"),
    (r"Aborted with (\d+) warnings? in strict mode!", "构建已停止：有{0}条警告，严格模式下警告也算错误。"),
)


def said_in_chinese(line: str) -> str:
    """An engine's output line, its ending words (Aborted …) in Chinese."""
    said = ENDINGS.say(line)
    return line if said is None else said + ("\n" if line.endswith("\n") else "")


def run_program(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> int:
    """Run a program, its output and errors passed on to this one's standard error line by line as they come, in
    the order it wrote them (one pipe: MkDocs writes its errors to stderr and its “Aborted …” to stdout), the
    engines' endings in Chinese (`said_in_chinese`)."""
    with subprocess.Popen(
        list(argv),
        cwd=cwd,
        env={**child_environment(env), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
    ) as process:
        assert process.stdout is not None
        held = ""  # a blank line, kept back: MkDocs writes one before its ending, which here follows its reason
        for line in process.stdout:
            said = said_in_chinese(line)
            if not line.strip():
                sys.stderr.write(held)
                held = line
                continue
            sys.stderr.write((held if said == line else "") + said)
            sys.stderr.flush()
            held = ""
        sys.stderr.write(held)
        return process.wait()


@dataclass(frozen=True)
class BuildConfig:
    root: Path
    out: Path
    out_given: str  # as the maintainer wrote it, for messages
    engine: str = "mkdocs"
    site_url: str | None = None
    pdf: bool | None = None  # None: as PDF_EXPORT says
    offline: bool = False
    offline_zip: Path | None = None
    search: bool = True


@dataclass(frozen=True)
class ServeConfig:
    root: Path
    port: int = DEFAULT_PORT
    extra_env: dict[str, str] = field(default_factory=dict)


def build_env(config: BuildConfig) -> dict[str, str]:
    """The environment every build runs with: no English end-of-life banner, UTF-8 everywhere."""
    env = {"NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
    if config.site_url is not None:
        env["SITE_URL"] = config.site_url
    if config.pdf is not None:
        env["PDF_EXPORT"] = "true" if config.pdf else "false"
    if config.offline:
        env["OFFLINE"] = "true"
    if config.offline_zip is not None:
        env["OFFLINE_ZIP"] = str(config.offline_zip.resolve())
    return env


def find_root(given: Path | None) -> Path:
    """The project folder: --root, else the working folder, else the checkout the package is installed from."""
    candidates = [given] if given is not None else [Path.cwd(), CHECKOUT]
    for candidate in candidates:
        if (candidate / "mkdocs.yml").is_file():
            return candidate.resolve()
    shown = given if given is not None else Path.cwd()
    raise CliError(f"{shown} 里没有 mkdocs.yml，不是本项目的文件夹；请在项目文件夹里运行，或用 --root 指定")


def read_config(root: Path) -> None:
    """mkdocs.yml read as the project reads it, before an engine does: a slip in it (a tab, a full-width colon)
    is one Chinese line naming its line, not the engine's English over three (found by a tester)."""
    from . import yamlfile
    from .sources import read_text

    yamlfile.load(read_text(root / "mkdocs.yml", "mkdocs.yml"), "mkdocs.yml")


def ensure_pinned(engine: str, runner: Runner, root: Path) -> None:
    spec = PINNED.get(engine)
    if spec is None:
        return
    name, version = spec.split("==")
    try:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as installed

        if installed(name) == version:
            return
    except PackageNotFoundError:
        pass
    code = runner([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", spec], root, {})
    if code != 0:
        raise CliError(f"安装 {spec} 失败（见上面 pip 的输出）")


def engine_program(engine: str) -> list[str]:
    return [sys.executable, "-m", engine]


def build(config: BuildConfig, runner: Runner = run_program) -> int:
    if config.engine not in ENGINES:
        raise CliError(f"不认识的引擎“{config.engine}”，可选 {'、'.join(ENGINES)}")
    target = outdir.check(config.out, config.root, config.out_given)
    read_config(config.root)
    # what the command line gave, named as given (MkDocs read --site-url example.org/ first, in English, and the
    # project's messages blamed 环境变量 SITE_URL: a maintainer's run)
    if config.site_url is not None:
        check_site_url(config.site_url, "--site-url")
    if config.offline_zip is not None and not config.offline_zip.is_file():
        how = "请先用 python -m speech_study offline-zip 生成"
        raise CliError(f"找不到 --offline-zip 给出的文件 {config.offline_zip}（{how}）")
    env = build_env(config)
    ensure_pinned(config.engine, runner, config.root)
    if config.engine in ("mkdocs", "properdocs"):
        target.mkdir(parents=True, exist_ok=True)
        outdir.write_marker(target, building=True)
        # MkDocs empties the folder but keeps dot-files: the marker stays, then lists what was written
        argv = [*engine_program(config.engine), "build", "--strict", "--clean", "-d", str(target)]
        code = runner(argv, config.root, env)
        if code == 0:
            outdir.write_marker(target, building=False)
        return code
    # Zensical runs no plugin: its adapter writes the plugin's settings (.zensical.yml), builds inside the
    # project (Zensical writes nowhere else), runs the post-build passes and moves the site to the output folder
    adapter = [sys.executable, "-m", "speech_study.adapters.zensical", str(target), "--root", str(config.root)]
    code = runner(adapter, config.root, env)
    if code == 0:
        outdir.write_marker(target, building=False)
    return code


def port_free(port: int) -> bool:
    """Whether a preview could listen on `port`: bound as the server binds it, so that the last preview's connections
    waiting out TCP's TIME_WAIT (a minute after Ctrl-C) do not count (they did: a maintainer restarting the preview
    was told the port was taken). On Windows that option would bind a port in use, and TIME_WAIT does not hold one."""
    with socket.socket() as s:
        if sys.platform != "win32":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def serve(config: ServeConfig, runner: Runner = run_program) -> int:
    if not port_free(config.port):
        other = next((p for p in range(config.port + 1, config.port + 50) if port_free(p)), None)
        python = Path(sys.executable)
        if python.is_relative_to(config.root):  # .venv/bin/python: Debian has no `python` command
            python = python.relative_to(config.root)
        hint = (
            f"，请换一个：{python} -m speech_study serve --port {other}（用 scripts/serve.sh 时：PORT={other} bash"
            " scripts/serve.sh）"
            if other
            else ""
        )
        raise CliError(f"端口{config.port}已被占用（另一个预览？）{hint}")
    read_config(config.root)
    env = {"NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1", **config.extra_env}
    argv = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{config.port}"]
    try:
        return runner(argv, config.root, env)
    except KeyboardInterrupt:
        return 0


def offline_zip(root: Path, out: Path, runner: Runner = run_program, pdf: bool = True) -> offlinezip.Packed:
    """Build the offline variant (OFFLINE=true, PDFs when Chromium is there) and pack it with its manifest."""
    problem = outdir.windows_problem(out)
    if problem:
        raise CliError(f"{out}：{problem}")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        config = BuildConfig(root=root, out=site, out_given=str(site), offline=True, pdf=pdf)
        code = build(config, runner)
        if code != 0:
            raise CliError(f"离线版的构建失败（退出码{code}，见上面的输出），没有写出 {out}")
        out.parent.mkdir(parents=True, exist_ok=True)
        return offlinezip.pack(site, out)


def load_script(root: Path, name: str):
    """One of the project's tools in scripts/ (not part of the installed package), by its path."""
    path = root / "scripts" / f"{name}.py"
    if not path.is_file():
        raise CliError(f"找不到 {path}")
    spec = importlib.util.spec_from_file_location(f"speech_study_scripts_{name}", path)
    if spec is None or spec.loader is None:
        raise CliError(f"{path} 不是可以载入的 Python 文件")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# argparse's own words, as a maintainer reads them (a typo in an option printed three lines of English)
ARGPARSE_WORDS = Phrasebook(
    (r"the following arguments are required: (.+)", "缺少必须给出的参数：{0}"),
    (r"unrecognized arguments: (.+)", "不认识的参数：{0}"),
    (r"argument (\S+?): expected one argument", "参数 {0} 后面要跟一个值"),
    (r"argument (\S+?): invalid choice: '(.*)' \(choose from (.*)\)", "参数 {0} 的值“{1}”不在可选的 {2} 之中"),
    (r"argument (\S+?): invalid \S+ value: '(.*)'", "参数 {0} 的值“{1}”无效"),
    (r"argument (\S+?): ignored explicit argument '(.*)'", "参数 {0} 不带值，却给了“{1}”"),
    (r"ambiguous option: (\S+?) could match (.+)", "选项 {0} 不完整，可能是 {1}"),
)
HELP_WORDS = {
    "usage: ": "用法：",
    "positional arguments:": "参数：",
    "options:": "选项：",
    "optional arguments:": "选项：",
}


class Parser(argparse.ArgumentParser):
    """argparse in Chinese for a maintainer: a mistake is one line (错误：…；用法见 --help), and help has
    Chinese headings."""

    def __init__(self, add_help: bool = True, **kwargs) -> None:
        super().__init__(add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示这段说明后退出")

    def format_help(self) -> str:
        out = super().format_help()
        for english, chinese in HELP_WORDS.items():
            out = out.replace(english, chinese)
        return out

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "用法：")

    def _get_values(self, action: argparse.Action, arg_strings: list[str]):
        # `--slug=--`: argparse (Python 3.11 and 3.12) takes the "--" away and gives a one-value option an empty list
        value = super()._get_values(action, arg_strings)
        if action.nargs is None and action.option_strings and isinstance(value, list):
            self.error(f"参数 {'/'.join(action.option_strings)} 后面要跟一个值（“--”不是值）")
        return value

    def error(self, message: str) -> NoReturn:
        message = ARGPARSE_WORDS.say(message) or message
        print(f"错误：{self.prog} 的命令行有误：{message}（用法见 {self.prog} --help）", file=sys.stderr)
        raise SystemExit(2)


def version() -> str:
    """The installed package's version (pyproject.toml's), or “未安装” when it runs from a checkout not installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("dangzuzhi-shuji-study")
    except PackageNotFoundError:
        return "未安装"


def parser() -> argparse.ArgumentParser:
    about = "维护者要做的事，在任何系统上都是这一条命令行"
    top = Parser(prog="python -m speech_study", description=about)
    root_help = "项目文件夹（默认：当前文件夹，或安装本包的那个仓库）"
    top.add_argument("--root", type=Path, default=None, help=root_help)
    top.add_argument("--version", action="version", version=f"speech_study {version()}", help="显示版本后退出")
    # --root also after the command (postbuild SITE --root DIR, as before); SUPPRESS keeps the top one
    common = Parser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=root_help)
    sub = top.add_subparsers(dest="command", required=True, metavar="命令")

    s = sub.add_parser("serve", parents=[common], help="在 http://127.0.0.1:PORT/ 预览，改动后自动重建")
    s.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"预览用的端口（默认{DEFAULT_PORT}）")

    b = sub.add_parser("build", parents=[common], help="构建完整网站（含构建后处理）")
    b.add_argument("--engine", choices=ENGINES, default="mkdocs", help="用哪个引擎构建（默认 mkdocs，见 README“引擎”）")
    b.add_argument("--out", "-d", default="site", help="输出文件夹（默认 site），构建前会被清空")
    b.add_argument("--site-url", help="正式网址（规范链接、站点地图、打印稿上的二维码）")
    pdf = b.add_mutually_exclusive_group()
    pdf.add_argument("--pdf", dest="pdf", action="store_true", default=None, help="导出 PDF（用本机的 Chromium）")
    pdf.add_argument("--no-pdf", dest="pdf", action="store_false", help="不导出 PDF，不管 PDF_EXPORT 怎么设")
    b.add_argument("--offline", action="store_true", help="构建离线版（页面为 .html 文件）")
    b.add_argument("--offline-zip", type=Path, help="随网站发布这个离线版（必须是 offline-zip 生成的）")

    z = sub.add_parser("offline-zip", parents=[common], help="构建离线版并打包成 zip")
    z.add_argument("--out", type=Path, default=None, help="写出的 zip（默认：项目里的 site.zip）")
    z.add_argument("--no-pdf", dest="pdf", action="store_false", default=True, help="不带 PDF")

    sub.add_parser("import", help="把一篇讲话加入文库（选项见 import --help）", add_help=False)

    c = sub.add_parser("check", parents=[common], help="检查构建结果的链接（links），或网站自己的文字（text）")
    what = c.add_subparsers(dest="what", required=True, metavar="检查什么")
    links = what.add_parser("links", help="构建结果中的每个内部链接和锚点都能到达")
    links.add_argument("site", type=Path, metavar="网站文件夹", help="构建出的网站，如 site")
    links.add_argument("--site-url", default="", help="网站的公开地址（默认：首页的规范链接，即构建时的地址）")
    what.add_parser("text", help="网站自己的文字是否符合 T1～T4（见 README“文字规范”）")

    p = sub.add_parser("postbuild", parents=[common], help="对引擎写出的网站运行构建后处理（Zensical 用）")
    p.add_argument("site", type=Path)
    p.add_argument("--no-search", action="store_true", help="保留引擎自己的搜索索引")
    return top


def command_index(argv: list[str]) -> int | None:
    """Where the command stands: the first word that is neither an option nor --root's value."""
    skip = False
    for i, word in enumerate(argv):
        if skip:
            skip = False
        elif word == "--root":
            skip = True
        elif not word.startswith("-"):
            return i
    return None


def dispatch(argv: list[str], runner: Runner) -> int:
    # `import` hands everything after it to scripts/import_speech.py's own parser
    split = command_index(argv) if "import" in argv else None
    if split is not None and argv[split] != "import":
        split = None
    head = argv[: split + 1] if split is not None else argv
    args, rest = parser().parse_known_args(head)
    if rest:
        parser().error(f"unrecognized arguments: {' '.join(rest)}")
    root = find_root(args.root)
    if args.command == "import":
        assert split is not None  # the command word was found where argparse found it
        tail = argv[split + 1 :]
        if "--root" not in tail and "-h" not in tail and "--help" not in tail:
            tail = [*tail, "--root", str(root)]
        return load_script(root, "import_speech").main(tail, prog="python -m speech_study import")
    if args.command == "serve":
        return serve(ServeConfig(root=root, port=args.port), runner)
    if args.command == "build":
        out = Path(args.out)
        config = BuildConfig(
            root=root,
            out=out,
            out_given=args.out,
            engine=args.engine,
            site_url=args.site_url,
            pdf=args.pdf,
            offline=args.offline,
            offline_zip=args.offline_zip,
        )
        return build(config, runner)
    if args.command == "offline-zip":
        out = args.out if args.out is not None else root / "site.zip"
        packed = offline_zip(root, out, runner, pdf=args.pdf)
        print(
            f"{packed.out}：{packed.count}个文件，{packed.size / 1e6:.1f} MB；解压后打开 {offlinezip.FOLDER}/index.html"
        )
        return 0
    if args.command == "check":
        if args.what == "links":
            links = load_script(root, "check_links")
            try:
                problems = links.check(args.site, args.site_url)
            except links.NoSite as exc:
                print(f"错误：{exc}", file=sys.stderr)
                return 1
            for problem in problems:
                print(problem)
            print(f"{len(problems)}处链接失效" if problems else "链接：全部在站内，全部有效")
            return 1 if problems else 0
        try:
            return load_script(root, "check_text").main()
        except ModuleNotFoundError as exc:  # its checkers are the tests' (serve.sh installs none of them)
            said = f"检查文字要用测试所需的软件（缺少 {exc.name}）：先运行一次 bash scripts/test.sh --fast，它会装上"
            print(f"错误：{said}", file=sys.stderr)
            return 1
    from .__main__ import postbuild  # the engine-free passes, as Zensical's builds run them

    return postbuild(args.site, root, search=not args.no_search)


def main(argv: list[str] | None = None, runner: Runner = run_program) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return dispatch(argv, runner)
    except (CliError, outdir.OutdirError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
