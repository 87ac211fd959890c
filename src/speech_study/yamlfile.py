"""YAML as editors write it: safe tags only, no duplicate keys, errors with their line."""

from __future__ import annotations

import yaml

from .errors import ContentError


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (the later would silently win)."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
        seen[key] = True
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
# mkdocs.yml's !ENV tags: the value does not matter to the model, only that it loads
_StrictLoader.add_constructor("!ENV", lambda loader, node: None)


def load(text: str, name: str, first_line: int = 1):
    """Parse `text`; on error a ContentError with the line (counted from `first_line`)."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + first_line}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if problem.startswith("duplicate key"):
            raise ContentError(name, f"{where}{problem} (the later value would silently win)") from None
        raise ContentError(name, f"{where}malformed YAML: {problem}") from None
