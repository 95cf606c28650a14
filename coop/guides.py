"""The role guides (docs/guide/*.md) served as pages inside the app: each user's 帮助 link opens their role's guide.

The Markdown is rendered with raw HTML switched off (a guide's text can never inject markup or script), headings
get the ids GitHub gives them so the guides' own #links keep working, and a link to another guide becomes a link
to its page here. A link to anything else that is relative (e.g. ../operations.md, for the system's operators) is
not served, so it is shown as its text only. The one tag the guides write by hand, <br> inside a table cell, is
let through as exactly that tag.
"""

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

from coop.roles import Role

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"


@dataclass(frozen=True)
class Guide:
    slug: str  # the file's name without .md, and the page's address
    title: str


GUIDES = [
    Guide("township-officer", _("镇财政所会计使用指南")),
    Guide("chairman", _("合作社理事长使用指南")),
    Guide("auditor", _("县审计(纪检)使用指南")),
    Guide("inspector", _("行业部门检查人员使用指南")),
    Guide("county-admin", _("县级管理员使用指南")),
    Guide("members", _("社员与股金使用指南")),
]
BY_SLUG = {guide.slug: guide for guide in GUIDES}
FOR_ROLE = {
    Role.TOWNSHIP_OFFICER: "township-officer",
    Role.CHAIRMAN: "chairman",
    Role.AUDITOR: "auditor",
    Role.INSPECTOR: "inspector",
    Role.COUNTY_ADMIN: "county-admin",
}


def guide_for(user) -> Guide | None:
    """The guide of the user's role; None for a login without a role (an operator's superuser)."""
    slug = FOR_ROLE.get(getattr(user, "role", "") or "")
    return BY_SLUG[slug] if slug else None


def render(slug: str) -> str:
    """The guide's HTML. Read from disk each time in development, once per process otherwise."""
    if settings.DEBUG:
        return _render(slug, _mtime(slug))
    return _render(slug, 0)


def _mtime(slug):
    return (GUIDE_DIR / f"{slug}.md").stat().st_mtime


@lru_cache(maxsize=32)
def _render(slug: str, _version) -> str:
    text = (GUIDE_DIR / f"{slug}.md").read_text(encoding="utf-8")
    return _markdown().render(text).replace("&lt;br&gt;", "<br>")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    md.use(anchors_plugin, min_level=1, max_level=6)
    md.core.ruler.push("guide_links", _rewrite_links)
    md.validateLink = _safe_link
    return md


def _safe_link(url: str) -> bool:
    scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
    return scheme in ("", "http", "https", "mailto")


def _rewrite_links(state) -> None:
    """Links to another guide point to its page here; other relative links lose their target, keeping their text."""
    for block in state.tokens:
        children = block.children or []
        for position, token in enumerate(children):
            if token.type != "link_open":
                continue
            href = token.attrGet("href") or ""
            if href.startswith(("#", "http://", "https://", "mailto:")):
                continue
            target = _guide_href(href)
            if target:
                token.attrSet("href", target)
            else:
                _unlink(children, position)


def _guide_href(href: str) -> str:
    path, _hash, fragment = href.partition("#")
    name = posixpath.normpath(path)
    if not name.endswith(".md") or "/" in name:
        return ""
    slug = name[: -len(".md")]
    if slug not in BY_SLUG:
        return ""
    return reverse("help:guide", args=[slug]) + (f"#{fragment}" if fragment else "")


def _unlink(children, position) -> None:
    depth = 0
    for token in children[position:]:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            depth -= 1
            if depth == 0:
                token.type, token.tag, token.nesting = "text", "", 0
                break
    opening = children[position]
    opening.type, opening.tag, opening.nesting, opening.attrs = "text", "", 0, {}
