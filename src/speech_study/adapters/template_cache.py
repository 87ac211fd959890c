"""MkDocs' page templates, their output cached by everything a template reads (buildcache.py adds this package's
code).

MkDocs renders every page through the theme's templates on every build (about 2.5 s of a warm build at 100
speeches). A page's HTML depends only on its template context: the page (its content as the Markdown
extensions and plugins left it, table of contents, title, front matter, addresses, the pages before and after
it and its ancestors), the navigation the page shows (every item's title, address, front matter and whether it
is open), the context's other values (`base_url`, the scripts and styles), the site's configuration as the
plugins left it, and the templates (the project's `overrides/` files; Material's and MkDocs' by their
versions). Those are the key; the output is reused when they are unchanged.

Not read by any page template, so not in the key: `pages` (every docs page) and `build_date_utc` (the sitemap
reads them; the sitemap and the 404 page, which have no page, are rendered as always). A context value this
module does not know (a plugin of another kind adding one) goes into the key as it is.

Installed on the build's Jinja environment by the MkDocs plugin (on_env): `get_template(name)` without a
parent, as MkDocs asks for a page's template, returns the template behind a proxy whose `render` looks in the
cache; Jinja's own lookups (`extends`, `include`, which pass the parent) get the template itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.plugins import BasePlugin
from mkdocs.theme import Theme

from ..buildcache import COMPILED, BuildCache, canonical, digest, version

KIND = "template"
# the context's values the key reads in its own way (the rest go in as they are)
KNOWN = {"nav", "page", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "build_date_utc"}
KNOWN |= {"config"}
LIBRARIES = ("mkdocs", "mkdocs-material", "jinja2", "markupsafe")


def plain(value: object, depth: int = 0) -> object:
    """`value` as JSON-able data for a key: mappings, sequences and scalars as they are; MkDocs' theme and
    plugins by their settings; any other object by its repr when that names no memory address, else its type."""
    if depth > 12:
        return "…"
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Theme):
        return {"name": value.name, "dirs": [str(d) for d in value.dirs], "vars": plain(dict(value.items()), depth + 1)}
    if isinstance(value, BasePlugin):  # a plugin: its settings
        return {"plugin": type(value).__qualname__, "config": plain(value.config, depth + 1)}
    if isinstance(value, Mapping):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain(v, depth + 1) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def _files_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        h.update(f"{path.relative_to(folder).as_posix()} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def _library_folders() -> list[Path]:
    import jinja2
    import material
    import mkdocs

    return [Path(str(m.__file__)).resolve().parent for m in (mkdocs, material, jinja2)]


def _in_library(folder: Path) -> bool:
    """Whether `folder` is inside MkDocs', Material's or Jinja's installed package (keyed by their versions)."""
    return any(folder.resolve().is_relative_to(lib) for lib in _library_folders())


def _toc(items) -> list:
    return [[i.title, i.id, i.level, _toc(i.children)] for i in items or []]


def _nav_items(items) -> list:
    """A navigation as a page shows it: each item's kind, title, address, front matter, whether it is open."""
    out: list = []
    for item in items or []:
        if item.is_section:
            out.append(["section", item.title, None, item.active, None, _nav_items(item.children)])
        elif item.is_page:
            out.append(["page", item.title, item.url, item.active, plain(item.meta), item.is_index])
        else:
            out.append(["link", item.title, item.url, item.active, None, None])
    return out


def _near(page) -> list | None:
    return None if page is None else [page.title, page.url]


@dataclass
class TemplateScopes:
    """What every page's template reads of the build, reckoned once: the configuration and the templates."""

    config: object
    _site: str | None = None

    def site(self) -> str:
        if self._site is None:
            theme: Theme = self.config["theme"]  # type: ignore[index]
            # every template folder but the libraries' own (their versions stand for them): the project's
            # overrides, and a custom_dir anywhere else
            own = [(str(d), _files_digest(Path(d))) for d in theme.dirs if not _in_library(Path(d))]
            versions = {name: version(name) for name in LIBRARIES}
            # where the build writes is no part of what it writes (`serve` writes to a new temporary folder)
            settings = plain(self.config)
            assert isinstance(settings, dict)
            config = {k: v for k, v in settings.items() if k != "site_dir"}
            self._site = digest({"config": config, "templates": own, **versions})
        return self._site


def inputs(name: str, context: Mapping, scopes: TemplateScopes) -> bytes:
    """The key's inputs for rendering template `name` with a page's `context`."""
    page = context["page"]
    nav = context.get("nav")
    data = {
        "template": name,
        "site": scopes.site(),
        "page": {
            "content": hashlib.sha256((page.content or "").encode("utf-8")).hexdigest(),
            "toc": _toc(page.toc),
            "title": page.title,
            "meta": plain(page.meta),
            "url": page.url,
            "canonical_url": page.canonical_url,
            "abs_url": page.abs_url,
            "edit_url": page.edit_url,
            "src_uri": page.file.src_uri,
            "homepage": page.is_homepage,
            "previous": _near(page.previous_page),
            "next": _near(page.next_page),
            "ancestors": [a.title for a in page.ancestors],
        },
        "nav": None if nav is None else [_nav_items(nav.items), _near(nav.homepage)],
        "base_url": context.get("base_url"),
        "extra_css": plain(context.get("extra_css")),
        "extra_javascript": plain(context.get("extra_javascript")),
        "other": {k: plain(v) for k, v in context.items() if k not in KNOWN},
    }
    return canonical(data)


class _Cached:
    """A page template whose render is taken from the cache when its inputs are unchanged."""

    def __init__(self, template, name: str, cache: BuildCache, scopes: TemplateScopes) -> None:
        self._template, self._name, self._cache, self._scopes = template, name, cache, scopes

    def render(self, context=None, **more) -> str:
        if more or context is None or context.get("page") is None:
            return self._template.render(context or {}, **more)  # the sitemap, the 404 page
        page = context["page"]
        data = self._cache.fetch(
            KIND,
            page.file.src_uri,
            inputs(self._name, context, self._scopes),
            lambda: self._template.render(context).encode("utf-8"),
        )
        return data.decode("utf-8")


class _Compiled(BytecodeCache):
    """Jinja's compiled templates, one file each in `folder`, kept by their source's checksum (Jinja's own check)
    and by `salt` (this code's fingerprint, Jinja's version and the environment's extensions: compiled code from
    another Jinja or another environment is never loaded). Each file carries the SHA-256 of what follows it: a
    file that is truncated, changed or unreadable is compiled again and written over; a write that fails is no
    cache, as everywhere in the build cache."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder, self.salt = folder, salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{self.salt}|{name}|{filename or ''}".encode()).hexdigest()

    def _file(self, bucket) -> Path:
        return self.folder / f"{bucket.key}.cache"

    def load_bytecode(self, bucket) -> None:
        try:
            data = self._file(bucket).read_bytes()
        except OSError:
            return
        check, payload = data[:32], data[32:]
        if len(check) < 32 or hashlib.sha256(payload).digest() != check:
            return
        try:
            bucket.bytecode_from_string(payload)
        except Exception:  # a file this Jinja cannot read: compiled again
            bucket.reset()
            return
        with contextlib.suppress(OSError):
            os.utime(self._file(bucket))  # used today: the cache's prune keeps it (buildcache.py)

    def dump_bytecode(self, bucket) -> None:
        payload = bucket.bytecode_to_string()
        try:
            with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".part", delete=False) as out:
                out.write(hashlib.sha256(payload).digest() + payload)
            os.replace(out.name, self._file(bucket))
        except OSError:
            pass


def install(env, cache: BuildCache, scopes: TemplateScopes) -> None:
    """MkDocs' requests for a page's template (a name and no parent) go through the cache; Jinja's own do not.

    The templates' compiled code is kept too (`serve` makes a new environment, so compiles again, each rebuild).
    """
    assert cache.folder is not None
    compiled = cache.folder / COMPILED
    try:
        compiled.mkdir(parents=True, exist_ok=True)
        extensions = sorted(type(e).__module__ + "." + type(e).__qualname__ for e in env.extensions.values())
        env.bytecode_cache = _Compiled(compiled, digest([cache.fingerprint, version("jinja2"), extensions]))
    except OSError:
        pass
    real = env.get_template

    def get_template(name, parent=None, globals=None):
        template = real(name, parent, globals)
        return template if parent is not None else _Cached(template, str(name), cache, scopes)

    env.get_template = get_template
