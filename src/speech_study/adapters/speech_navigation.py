"""Each imported speech's own navigation, in the sidebar and the phone's drawer (MkDocs adapter).

The site's nav (mkdocs.yml) lists the site's own speech. An imported speech's
pages are left out of it (every page would otherwise carry every speech's nav,
and the build would grow with its square); each of its pages gets instead a
navigation of the same shape as the site's: its opening, parts and 结束语, its
学习提纲, 结构导图 and 学习自测, then the site's shared pages (术语表, 来源与说明,
文库). Material's own nav templates draw it, so it looks and works as the site's.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..kit import STUDY_MARKERS  # in the site nav's order

if TYPE_CHECKING:
    from ..project import Project


def shared_items(project: Project, nav: Navigation) -> list:
    """The site nav's items that belong to no speech: the glossary, about and library pages."""
    return [
        item
        for item in nav.items
        if not (isinstance(item, Page) and project.speech_of(project.page(item.file.src_uri)) is not None)
    ]


def build(project: Project, nav: Navigation, files) -> dict[str, Navigation]:
    """src_uri of each imported speech's page -> that speech's navigation."""
    shared = shared_items(project, nav)
    navs: dict[str, Navigation] = {}
    for view in project.views():
        if not view.entry.imported:
            continue
        models = [*view.speech_pages(), *filter(None, (view.marker_page(m) for m in STUDY_MARKERS))]
        own = []
        for model in models:
            page = files.get_file_from_path(model.src_uri).page
            if model.meta.get("label"):
                # as a title in mkdocs.yml's nav does for the site's own speech (开场白)
                page.title = model.meta["label"]
            own.append(page)
        # 上一页 / 下一页 within the speech: the shared pages' own 上一页 leads into the site's speech,
        # so a reader who went on from here would come back to the other speech's pages of the same name
        for before, after in pairwise(own):
            before.next_page, after.previous_page = after, before
        speech_nav = Navigation([*own, *shared], [*own, *(i for i in shared if isinstance(i, Page))])
        speech_nav.homepage = nav.homepage
        for model in view.pages:  # its print page too, which no navigation lists
            navs[model.src_uri] = speech_nav
    return navs
