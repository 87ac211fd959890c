"""Where a docs page lands in the output folder, whatever the engine's URL style."""

from __future__ import annotations

import posixpath
import stat
from pathlib import Path

# ns since 1970: the modification time adapters/old_output.py gives each file a previous build left, until this
# build writes it (the files still so are deleted before the post-build passes, but the passes begun while the
# engine writes the pages, early_pages.py, find them there)
UNWRITTEN = 1_000_000_000


def written(path: Path) -> bool:
    """Whether a file is at `path` and this build's: not one a previous build left that this one has not (yet)
    written over."""
    try:
        st = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_mtime_ns != UNWRITTEN


class Layout:
    def __init__(self, site: Path, src_uris: list[str], directory_urls: bool | None = None) -> None:
        """`directory_urls`: the engine's URL style, when known before it has written the pages."""
        self.site = Path(site)
        if directory_urls is None:
            # directory URLs (part-1/index.html) or plain files (part-1.html): read off the output
            probe = next((u for u in src_uris if Path(u).stem != "index"), None)
            directory_urls = probe is None or (self.site / Path(probe).with_suffix("") / "index.html").is_file()
        self.directory_urls = directory_urls
        self.src_uris = set(src_uris)
        self.files = {self.output(u): u for u in src_uris}
        # files a pass writes after the pages' passes (the Word and PDF files): a link to one is not broken
        self.planned: set[str] = set()

    def has(self, rel: str) -> bool:
        """Whether the site has the file at `rel` (site-relative, not above the site), or will when the build ends."""
        path = self.site / rel
        # a folder without its slash (../part-1): the server answers with its index.html
        return rel in self.files or rel in self.planned or written(path) or written(path / "index.html")

    def output(self, src_uri: str) -> str:
        """Site-relative path of the page's HTML file."""
        stem = src_uri[: -len(".md")]
        if stem == "index" or stem.endswith("/index") or not self.directory_urls:
            return f"{stem}.html"
        return f"{stem}/index.html"

    def url(self, src_uri: str) -> str:
        """Site-relative URL of the page, as links write it."""
        out = self.output(src_uri)
        if self.directory_urls and out.endswith("index.html"):
            return out[: -len("index.html")]
        return out

    def relative(self, src_uri: str, from_html: str) -> str:
        """URL of `src_uri` as seen from the page written at `from_html`."""
        base = posixpath.dirname(from_html)
        target = self.url(src_uri)
        rel = posixpath.relpath(target or ".", base or ".")
        if target.endswith("/") or target == "":
            rel = "./" if rel == "." else rel.rstrip("/") + "/"
        return rel

    def source_of(self, html_file: Path) -> str:
        """The file an editor would fix for a problem in `html_file`."""
        rel = html_file.relative_to(self.site).as_posix()
        if rel in self.files:
            return f"docs/{self.files[rel]}"
        if rel == "404.html":
            return "overrides/404.html"
        return rel

    def pages(self) -> list[Path]:
        """The HTML files that are pages: `<html` in their first 2,000 characters (only those are read)."""
        return sorted(p for p in self.site.rglob("*.html") if "<html" in _head(p).lower())


def _head(path: Path, chars: int = 2000) -> str:
    """The file's first `chars` characters: at most four UTF-8 bytes each, so only that many bytes are read."""
    with path.open("rb") as f:
        return f.read(4 * chars).decode("utf-8", errors="replace")[:chars]
