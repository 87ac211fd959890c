"""YAML as editors write it: safe tags only, no duplicate keys, errors with their line.

Limits come before any object is built, from the parser's events (a loop, no
recursion, memory that does not grow with what aliases would expand to): no
alias (`*name`: nothing the project reads needs one, and nested aliases are
the "billion laughs" that take a 0.5 KB value to gigabytes), nesting at most
MAX_DEPTH deep (the composer recurses), at most MAX_NODES values. Mapping keys
must be plain text: a list or number as a key is refused with its line.

A file is read by libyaml (PyYAML's C parser, about ten times faster: a library
of 100 speeches has a thousand front matters) when PyYAML has it; whatever
libyaml refuses is read again by PyYAML's own parser, so every error is the one
that parser gives and `explain` knows (tests/unit/test_fuzz.py holds the two
readers to the same values over mutated and generated YAML).
"""

from __future__ import annotations

from typing import Any

import yaml

from . import characters
from .errors import ContentError, Phrasebook


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (the later would silently win)."""


MAX_DEPTH = 20  # mkdocs.yml, the deepest file the project reads, nests 5 deep
MAX_NODES = 200_000  # a glossary of 10,000 entries holds about 60,000


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            raise yaml.constructor.ConstructorError(
                None, None, "键只能是文字（不能是列表、映射、数字或真假值）", key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"键“{key}”出现了两次", key_node.start_mark)
        seen[key] = True
    return loader.construct_mapping(node, deep=deep)


def _text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """A text value, its characters held to the allow-list the files themselves are (characters.py): an escape in
    a double-quoted value ("\\e", "\\x07", "\\u200b") writes what the file's own check never sees."""
    value = loader.construct_scalar(node)
    at = characters.first_refused(value)
    if at is not None:
        what, remedy = characters.describe(value[at])
        raise yaml.constructor.ConstructorError(None, None, f"{REFUSED}{what}：{remedy}", node.start_mark)
    return value


REFUSED = "这个值里有"


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> None:
    """mkdocs.yml's !ENV tags: the value does not matter to the model, only that it loads."""


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_StrictLoader.add_constructor("!ENV", _env)
_StrictLoader.add_constructor("tag:yaml.org,2002:str", _text)

_FastLoader: type | None = None
if yaml.__with_libyaml__:

    class _CStrictLoader(yaml.CSafeLoader):
        """_StrictLoader's constructors on libyaml's parser."""

    _CStrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _CStrictLoader.add_constructor("!ENV", _env)
    _CStrictLoader.add_constructor("tag:yaml.org,2002:str", _text)
    _FastLoader = _CStrictLoader


def _limits(text: str, name: str, first_line: int, loader: type = _StrictLoader) -> None:
    """Refuse aliases, deep nesting and too many values, reading the events only."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=loader):
        line = f"第{event.start_mark.line + first_line}行：" if event.start_mark else ""
        if isinstance(event, yaml.AliasEvent):
            raise ContentError(name, f"{line}不能用 YAML 别名（*{str(event.anchor)[:40]}）：请把内容直接写出来")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContentError(name, f"{line}嵌套超过{MAX_DEPTH}层：这里的 YAML 不该这么深")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise ContentError(name, f"{line}值超过{MAX_NODES}个：文件太大")


def _said(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """The line (0-based) and the problem a YAML error names; a marked error knows where."""
    first = (str(exc).splitlines() or [""])[0]
    if isinstance(exc, yaml.MarkedYAMLError):
        # a key that never found its colon (`explanation： …`, a full-width one) is found missing on the next line:
        # the line is where the key began (found by a tester: the message named the line after)
        if exc.context_mark is not None and "simple key" in (exc.context or ""):
            return exc.context_mark.line, exc.problem or first
        return (exc.problem_mark.line if exc.problem_mark else None), exc.problem or first
    return None, first


def load(text: str, name: str, first_line: int = 1) -> Any:
    """Parse `text`; on error a ContentError with the line (counted from `first_line`)."""
    if _FastLoader is not None:
        try:
            _limits(text, name, first_line, _FastLoader)
            return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a CSafeLoader subclass
        except (yaml.YAMLError, ContentError):
            pass  # read again below: the error as PyYAML's own parser gives it
    return _load(text, name, first_line)


def _load(text: str, name: str, first_line: int) -> Any:
    """`load` by PyYAML's own parser, whose errors are the ones explained."""
    try:
        _limits(text, name, first_line)
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        line, problem = _said(exc)
        where = f"第{line + first_line}行：" if line is not None else ""
        if problem.startswith(("键只能是文字", REFUSED)):
            raise ContentError(name, f"{where}{problem}") from None
        if problem.endswith("出现了两次"):
            raise ContentError(name, f"{where}{problem}（后面的值会悄悄覆盖前面的）") from None
        raise ContentError(name, f"{where}{explain(problem)}") from None


# PyYAML's problems, as an editor of the file would understand them (the first that matches)
EXPLAINED = Phrasebook(
    (r"found character '\\t' that cannot start any token", "有制表符（Tab）：YAML 只能用空格缩进"),
    (r"found character '(.)' that cannot start any token", "值不能以“{0}”开头：请给整个值加引号"),
    (r"mapping values are not allowed here", "这里不能再有“键: 值”：值里有“: ”时请给整个值加引号，或检查这一行的缩进"),
    (r"found unexpected end of stream", "文件在引号闭合之前就结束了：检查引号是否成对"),
    (r"expected ',' or '([\]}])', but got", "缺少“{0}”：列表或映射没有闭合"),
    (r"expected <block end>, but found", "缩进没有对齐：同一层的各行应从同一列开始"),
    (r"did not find expected '-' indicator", "列表各项没有对齐：每项应从同一列的“- ”开始"),
    (r"could not find expected ':'", "缺少“:”：每一行应是“键: 值”"),
    (r"did not find expected key", "缩进没有对齐，或这一行少了键"),
)


def explain(problem: str) -> str:
    """PyYAML's English problem in Chinese; one it does not know is quoted as the parser gave it."""
    return EXPLAINED.say(problem) or f"YAML 格式有误（解析器报告“{problem}”）"
