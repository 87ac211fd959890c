"""The plan: every file a speech needs, made in memory; nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import characters, kit, plaintext, redirect, yamlfile
from ..errors import ContentError
from ..library import OLD_FILES, OLD_NAME_RE, ROOT_SLUG, SOURCE, SPEECHES, check_slug, read_meta, read_old_files
from ..pages import split_front_matter
from ..sources import read_text
from ..speech import parse, sentences
from . import read as read_mod
from . import transaction
from .analyse import Found, analyse
from .name import Names, check_slug_free, default_slug
from .pages import LIBRARY_MD, LIBRARY_PAGE, meta_yaml, speech_pages, study_pages

WHOLE_FILE = next(p.pdf for p in kit.STUDY_PAGES if p.marker == "print-whole")  # the whole speech's file


@dataclass
class Plan:
    slug: str
    found: Found
    files: dict[str, str]  # project-relative path -> text
    folders: tuple[str, ...]  # folders the speech owns, replaced as a whole
    changed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # headings reworded or renumbered that kept their address
    added: list[str] = field(default_factory=list)  # headings and points given a new address
    gone: list[str] = field(default_factory=list)  # pages of parts no longer in the text, sent to the first page
    old_files: dict[str, str] = field(default_factory=dict)  # PDF/Word names from before its own folder -> now
    kept: dict[str, str] = field(default_factory=dict)  # speech.yml's hand-written speaker, date, title, kept


def _check_given(given: dict[str, str | None]) -> None:
    """The texts given on the command line, held to what the build takes in speech.yml (library.read_meta): one
    line, not blank, every character on the allow-list the files are held to (characters.py)."""
    for option, value in given.items():
        if value is None:
            continue
        plaintext.check_line(value, option)
        at = characters.first_refused(value)
        if at is not None:
            what, remedy = characters.describe(value[at])
            raise ContentError(option, f"第{at + 1}个字是{what}：{remedy}")
        if not value.strip():
            raise ContentError(option, "是空的：不需要时不写这个选项")


def plan(
    root: Path,
    path: Path,
    slug: str | None = None,
    title: str | None = None,
    speaker: str | None = None,
    date: str | None = None,
    name: str | None = None,
    replace: bool = False,
) -> Plan:
    root = Path(root)
    _check_given({"--title": title, "--speaker": speaker, "--date": date})
    transaction.locked_recover(root)  # an interrupted import finished (or undone) before the project is read
    received = read_mod.read(Path(path), name)
    found = analyse(received, title, speaker, date)
    given = slug is not None
    slug = default_slug(found.title) if slug is None else slug
    # a name made from the title: the message says so, and how to give another
    check_slug(slug, "--slug" if given else "网址名字（没有给出 --slug，由标题得出；可用 --slug 另给一个）")
    check_slug_free(root, slug)
    docs = root / "docs"
    previous = _previous(root, slug)
    if previous is not None:
        _check_same_speech(found, previous, slug, replace)
    twin = _same_text(root, slug, found.received.text)
    if twin is not None:  # the same file imported again under another name: most likely a slip
        where = SOURCE if twin == ROOT_SLUG else f"{SPEECHES}/{twin}/"
        again = "那是站内的讲话" if twin == ROOT_SLUG else f"要重新导入那一篇，请用 --slug {twin}"
        found.notes.append(f"这篇讲话与文库里已有的 {where} 文字完全相同，是不是导入了两次？（{again}）")
    same = _same_title(root, slug, found.title) if twin is None else None
    if same:
        found.notes.append(
            f"文库里已有同名的讲话（{same}）：读者在文库、搜索结果和“返回《……》”里分不清两篇，可用 --title 换一个标题"
        )
    store_name = f"{SPEECHES}/{slug}/anchors.yml"
    store = root / store_name
    stored = yamlfile.load(read_text(store, store_name), store_name) if store.is_file() else None
    names = Names(stored if isinstance(stored, dict) else None)
    known = set(names.anchors.values())
    moved = names.adopt(found.speech) if stored else []
    pages = speech_pages(found, slug, names)
    added = [key.rsplit(" › ", 1)[-1] for key, name in names.anchors.items() if name not in known] if stored else []
    gone = names.gone_pages(found.speech)
    for page in gone:  # a part that is no longer in the text: its address opens the speech's first page
        pages[f"{page}/index.html"] = redirect.page("../index.html", found.title)  # works from a folder on disk
    if (docs / slug / "closing.md").is_file() and "closing.md" not in pages:  # closing remarks no longer apart
        last = names.pages[found.speech.parts[-1].title]
        pages["closing/index.html"] = redirect.page(f"../{last}/index.html", found.title)
        gone.append("closing")
    pages.update(study_pages(root, slug))
    files = {f"docs/{slug}/{page}": text for page, text in pages.items()}
    old_files = _old_files(root, slug, files)
    if old_files:
        files[f"{SPEECHES}/{slug}/{OLD_FILES}"] = _old_files_yaml(old_files)
    files[f"{SPEECHES}/{slug}/source.txt"] = received.text
    kept = _kept(found, previous, speaker, date)
    files[f"{SPEECHES}/{slug}/speech.yml"] = meta_yaml(found, kept)
    files[store_name] = names.dump()
    if not (docs / LIBRARY_PAGE).exists():
        files[f"docs/{LIBRARY_PAGE}"] = LIBRARY_MD
    folders = (f"docs/{slug}", f"{SPEECHES}/{slug}")
    return Plan(slug, found, files, folders, moved=moved, added=added, gone=gone, old_files=old_files, kept=kept)


def _old_files(root: Path, slug: str, files: dict[str, str]) -> dict[str, str]:
    """The speech's PDF/Word names from before they moved into SLUG/ (old-files.yml, and the pages an import
    before 2026-12-04 wrote with `pdf: SLUG-part-1`) -> the name the same page's file has now."""
    kept = read_old_files(root, slug) if (root / SPEECHES / slug).is_dir() else {}
    now = {}
    for rel, text in files.items():
        if rel.endswith(".md"):
            meta, _ = split_front_matter(text, rel)
            if meta.get("pdf"):
                now[rel] = str(meta["pdf"])
    whole = next((name for name in now.values() if name == f"{slug}/{WHOLE_FILE}"), None)
    folder = root / "docs" / slug
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = f"docs/{slug}/{path.name}"
        meta, _ = split_front_matter(read_text(path, rel), rel)
        old = meta.get("pdf")
        if isinstance(old, str) and "/" not in old and OLD_NAME_RE.match(old):
            new = now.get(rel) or whole  # a page no longer there: its file is the whole speech's
            if new:
                kept[old] = new
    return {old: new for old, new in kept.items() if new in now.values()}


def _old_files_yaml(names: dict[str, str]) -> str:
    head = (
        "# 这篇讲话的 PDF 和 Word 文件移进自己的文件夹之前的名字：每次构建也按旧名字写一份，旧链接照样能下载。\n"
        "# 旧文件名: 现在的文件名\n"
    )
    return head + yaml.safe_dump(dict(sorted(names.items())), allow_unicode=True, sort_keys=False, width=1000)


@dataclass
class Previous:
    """The speech already under the slug: its text's sentences and its speech.yml."""

    sentences: list[str]
    meta: dict


def _previous(root: Path, slug: str) -> Previous | None:
    source = root / SPEECHES / slug / "source.txt"
    if not source.is_file():
        return None
    text = read_text(source, f"{SPEECHES}/{slug}/source.txt")
    meta = read_meta(root, slug) if (root / SPEECHES / slug / "speech.yml").is_file() else {}
    return Previous(sentences("".join(line.strip() for line in text.splitlines())), meta)


def _check_same_speech(found: Found, previous: Previous, slug: str, replace: bool) -> None:
    """A revised text of the same speech shares at least half its sentences with it; another speech is refused."""
    new = found.speech.sentences()
    if replace or not new:
        return
    shared = len(set(new) & set(previous.sentences))
    if shared * 2 < len(new):
        title = previous.meta.get("title", slug)
        raise ContentError(
            found.received.name,
            f"与已导入的“{title}”（{SPEECHES}/{slug}/）只有{shared}/{len(new)}句相同，像是另一篇讲话："
            "请换一个 --slug；确要替换那一篇时加 --replace（它的网址会指向新的文字）",
        )


def _kept(found: Found, previous: Previous | None, speaker: str | None, date: str | None) -> dict:
    """What the maintainer wrote in speech.yml and the new text does not contradict: kept, the rest noted."""
    if previous is None:
        return {}
    kept: dict = {}
    given = {"speaker": speaker, "date": date}
    now = {"speaker": found.speaker, "date": found.date, "title": found.title}
    label = {"speaker": "讲话人", "date": "日期", "title": "标题"}
    for key in ("speaker", "date", "title"):
        old = previous.meta.get(key)
        if not old or given.get(key) or old == now[key]:
            continue
        if not now[key]:
            kept[key] = old
        elif key == "title" and not found.title_in_text:
            kept[key] = old
        else:
            found.notes.append(
                f"speech.yml 里的{label[key]}是“{old}”，新文本写的是“{now[key]}”：按新文本写入（原来的是手工改的吗？）"
            )
    return kept


def _same_text(root: Path, slug: str, text: str) -> str | None:
    """The slug of another speech of the library with this very text (the site's own: ROOT_SLUG), or None."""

    def lines(t: str) -> list[str]:
        return [line.rstrip() for line in t.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")]

    wanted = lines(text)
    candidates = [(ROOT_SLUG, root / SOURCE)]
    folder = root / SPEECHES
    candidates += [(sub.name, sub / "source.txt") for sub in sorted(folder.iterdir())] if folder.is_dir() else []
    for other, path in candidates:
        if other == slug or not path.is_file():
            continue
        try:
            if lines(path.read_text(encoding="utf-8-sig")) == wanted:
                return other
        except (OSError, UnicodeDecodeError):
            continue
    return None


def _same_title(root: Path, slug: str, title: str) -> str | None:
    """Where the library already has a speech of this title (another slug), or None."""
    source = root / SOURCE
    if source.is_file():
        try:
            if parse(read_text(source, SOURCE), SOURCE).title == title:
                return SOURCE
        except ContentError:
            pass  # the site's own text is checked by the build, not here
    folder = root / SPEECHES
    for sub in sorted(folder.iterdir()) if folder.is_dir() else []:
        if sub.name != slug and (sub / "speech.yml").is_file():
            try:
                if read_meta(root, sub.name).get("title") == title:
                    return f"{SPEECHES}/{sub.name}/"
            except ContentError:
                continue
    return None
