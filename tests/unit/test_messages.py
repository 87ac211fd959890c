"""Every refusal a maintainer can see is in Chinese (issue 20: one line for every bad input, in Chinese).

An allow-list rule over the source, not a list of known English phrases: every message given to
ContentError (its problem, and its file and entry when they are written out), to the other refusals
(ONE_LINE_REFUSALS), and to a `fail(...)` helper that raises one, must be Chinese text (CJK
characters) once its placeholders are set aside, and must hold no English phrase outside its
technical tokens (`code`, <!-- markers -->, quoted names, paths, a `python -m` command). A message
that is not written out where it is raised is followed to its definition in the same module (a
constant, a local variable, a function's return values); what cannot be followed must be named in
RELAYS below, with the reason it is safe.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "speech_study"

CJK = re.compile(r"[\u3400-\u9fff]")
# what a message may hold in English: technical tokens, set aside before looking for English phrases
TOKENS = re.compile(
    r"`[^`]*`|<!--.*?-->|<[^<>]*>|“[^”]*”|'[^']*'|\{[^{}]*\}"
    r"|python3? -m [\w.]+(?: [\w-]+)?"  # a command to run
    r"|[\w./-]*[/.][\w./-]*"  # a path or file name
)
ENGLISH_PHRASE = re.compile(r"[A-Za-z]+(?:[\s,;:()-]+[A-Za-z]+){2,}")  # three English words in a row
PLACEHOLDER = "\x00"

# the other refusals whose message is the maintainer's one line (cli.py prints them after 错误：)
ONE_LINE_REFUSALS = {"CliError", "OutdirError", "NotOurZip"}

# Messages passed on from elsewhere, which this rule cannot follow; each with why it is safe.
RELAYS = {
    # _Checker.fail(problem): every call of .fail(...) in glossary.py is checked as a message itself
    ("glossary.py", "problem"): "each check.fail(...) call's argument is checked",
    # questions.py check(): fail(q, problem) wraps the problem, each fail(q, ...) call is checked
    ("questions.py", "problem"): "each fail(q, ...) call's argument is checked",
    # adapters/zensical.py own_error(): a ContentError raised inside Zensical, read back from its output
    ("adapters/zensical.py", "file"): "the project's own ContentError, each checked where it is raised",
    ("adapters/zensical.py", "problem"): "the project's own ContentError, each checked where it is raised",
}


def _relay_ok(template: str) -> bool:
    """A message made only of other messages and punctuation ('{}：{}', '{}（{}）') relays them."""
    return not re.search(r"[A-Za-z\u3400-\u9fff]", template.replace(PLACEHOLDER, ""))


class Module:
    def __init__(self, path: Path) -> None:
        self.rel = path.relative_to(SRC).as_posix()
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.assigned: dict[str, list[ast.expr]] = {}
        self.functions: dict[str, ast.FunctionDef] = {}
        self.params: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
                self.assigned.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node
                self.params |= {a.arg for a in node.args.args + node.args.kwonlyargs}

    def templates(self, node: ast.expr, seen: frozenset[str] = frozenset()) -> list[str] | str:
        """The message's text with placeholders, one per way it can be built; or why it cannot be followed."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else PLACEHOLDER for v in node.values]
            return ["".join(str(p) for p in parts)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.templates(node.left, seen), self.templates(node.right, seen)
            if isinstance(left, str) or isinstance(right, str):
                return left if isinstance(left, str) else right
            return [a + b for a in left for b in right]
        if isinstance(node, ast.IfExp):
            body, orelse = self.templates(node.body, seen), self.templates(node.orelse, seen)
            if isinstance(body, str) or isinstance(orelse, str):
                return body if isinstance(body, str) else orelse
            return body + orelse
        if isinstance(node, ast.Name):
            if (self.rel, node.id) in RELAYS:
                return [PLACEHOLDER]
            if node.id in self.assigned and node.id not in seen:
                out: list[str] = []
                for value in self.assigned[node.id]:
                    got = self.templates(value, seen | {node.id})
                    if isinstance(got, str):
                        return got
                    out += got
                return out
            return f"the name {node.id} (a parameter or import): follow it, or add it to RELAYS"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in self.functions:
            out = []
            for ret in ast.walk(self.functions[node.func.id]):
                if isinstance(ret, ast.Return) and ret.value is not None:
                    got = self.templates(ret.value, seen)
                    if isinstance(got, str):
                        return got
                    out += got
            return out or f"{node.func.id}() returns no text"
        return f"{ast.unparse(node)[:60]}: write the message out here, or add it to RELAYS"

    def messages(self):
        """(line, role, node) for every argument of a refusal that an editor reads."""
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            kw = {k.arg: k.value for k in node.keywords}
            if name == "ContentError":
                for index, role in enumerate(("file", "problem", "entry")):
                    arg = node.args[index] if len(node.args) > index else kw.get(role)
                    if arg is not None:
                        yield node.lineno, role, arg
            elif name in ONE_LINE_REFUSALS and node.args:
                yield node.lineno, "problem", node.args[0]
            elif name == "fail" and node.args:
                yield node.lineno, "problem", node.args[-1]


def problems() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        module = Module(path)
        for line, role, node in module.messages():
            got = module.templates(node)
            if isinstance(got, str):
                if role == "problem":
                    found.append(f"{module.rel}:{line}: {got}")
                continue  # a file or entry computed elsewhere (a path, a label) is checked where it is made
            for template in got:
                shown = template.replace(PLACEHOLDER, "{}")
                rest = TOKENS.sub(" ", template.replace(PLACEHOLDER, " "))
                if ENGLISH_PHRASE.search(rest):
                    found.append(f"{module.rel}:{line}: English in the {role}: {shown!r}")
                elif role == "problem" and not CJK.search(template) and not _relay_ok(template):
                    found.append(f"{module.rel}:{line}: the problem is not in Chinese: {shown!r}")
    return found


def test_every_refusal_is_written_in_chinese():
    found = problems()
    assert not found, "messages a maintainer reads must be Chinese:\n" + "\n".join(found)


def test_the_rule_sees_english_and_accepts_chinese(tmp_path, monkeypatch):
    """The rule itself can fail: an English problem, an English entry, an unfollowable name."""
    package = tmp_path / "speech_study"
    package.mkdir()
    (package / "bad.py").write_text(
        "def f(name, why):\n"
        "    raise ContentError(name, 'file not found')\n"
        "def g(name):\n"
        "    raise ContentError(name, '第1行：格式有误', f'entry {name} is wrong')\n"
        "def h(name, why):\n"
        "    raise ContentError(name, why)\n"
        "def i(name):\n"
        "    raise ContentError(name, f'front matter 的键“{name}”未知；可用的键：title、label')\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(globals(), "SRC", package)
    found = problems()
    assert [f.split(":", 2)[1] for f in found] == ["2", "4", "6"], found
    assert "English in the problem" in found[0] and "English in the entry" in found[1] and "RELAYS" in found[2]


# --- numbers next to Chinese: no space ("第3行", "有5个部件"), as the site's own text is written -------

# a placeholder that holds a number: arithmetic, len()/sum()…, a number format (:, .1f), a number's name
NUMERIC_CALLS = {"len", "sum", "int", "round", "min", "max", "abs"}
NUMERIC_NAME = re.compile(
    r"(?:^|_)(?:line|lines|lineno|number|n|count|column|size|total|shared|pid|index|limit|depth|code|port|"
    r"max|chars|bytes|members|nodes)$",
    re.I,
)
NUMBER = "\x01"
# a number standing alone (not the 8 of UTF-8, the 2024 of 2024-dangke) beside a Chinese character
ALONE = r"(?<![\w.-])\d+(?![\w.-])"
SPACED = re.compile(rf"[\u3400-\u9fff] (?:{NUMBER}|{ALONE})|(?:{NUMBER}|{ALONE}) [\u3400-\u9fff]")


def _numeric(value: ast.FormattedValue) -> bool:
    node = value.value
    if value.format_spec is not None:
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float))
    if isinstance(node, ast.BinOp):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in NUMERIC_CALLS
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return bool(NUMERIC_NAME.search(name))


def spaced_numbers(src: Path = SRC) -> list[str]:
    """Every string of the package with Chinese in it (messages, the import report, notes; not docstrings)."""
    found = []
    for path in sorted(src.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        inside = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(
                    v.value if isinstance(v, ast.Constant) else NUMBER if _numeric(v) else PLACEHOLDER
                    for v in node.values
                )
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in docstrings or id(node) in inside:
                    continue
                text = node.value
            else:
                continue
            if SPACED.search(text):
                shown = text.replace(NUMBER, "{n}").replace(PLACEHOLDER, "{}")
                found.append(f"{path.relative_to(src).as_posix()}:{node.lineno}: {shown!r}")
    return found


def test_numbers_stand_next_to_chinese_without_a_space():
    found = spaced_numbers()
    assert not found, "a number next to Chinese takes no space (第3行, 5个):\n" + "\n".join(found)


def test_the_number_rule_sees_spaces_and_accepts_english_tokens(tmp_path):
    (tmp_path / "m.py").write_text(
        "def f(name, line, parts):\n"
        "    a = f'{name}，第 {line} 行'\n"  # caught: a number's name
        "    b = f'有 {len(parts)} 个部件'\n"  # caught: len()
        "    c = '第 1 行应是作者声明'\n"  # caught: a digit
        "    d = f'{name} 里没有 mkdocs.yml'\n"  # a name, not a number
        "    e = '这一行是 UTF-8 编码，如 2024-dangke'\n"  # numbers inside English tokens
        "    g = f'第{line}行，超过 {len(parts)} MB'\n"  # caught: before a unit too (超过5 MB)
        "    h = f'第{line}行，超过{len(parts)} MB'\n"
        "    return a, b, c, d, e, g, h\n",
        encoding="utf-8",
    )
    assert [f.split(":")[1] for f in spaced_numbers(tmp_path)] == ["2", "3", "4", "7"]


def test_the_parts_of_a_message_are_joined_with_the_full_width_colon():
    from speech_study.errors import ContentError

    assert (
        str(ContentError("glossary.yml", "缺少字段“explanation”", "第1条"))
        == "glossary.yml：第1条：缺少字段“explanation”"
    )
    assert str(ContentError("讲话.txt，第3行", "文件是空的")) == "讲话.txt，第3行：文件是空的"
