"""PDF output through WeasyPrint: HTML templates rendered by an engine of their own (`pdf_engine`, with the
filters money, cn_date and pad_rows built in), fonts named explicitly (Noto Sans CJK SC) and subset, and a URL
fetcher that may only read files under the project's static dirs and the admin's static files.

A missing glyph is logged by the "weasyprint" logger as a `.notdef` warning; `missing_glyphs()` collects them.

WeasyPrint is imported when the first PDF is made, not with this module: importing it took half of every
`manage.py` start (~2.5 s of 5 under load), paid four times by `make run` before the login page answers (issue 10).
"""

import logging
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import django.contrib.admin
from django import template
from django.conf import settings

from coop.money import yuan
from coop.reports.table import Report, report_context

if TYPE_CHECKING:
    from coop.reports.fetcher import StaticOnlyURLFetcher


class URLNotAllowed(ValueError):
    """WeasyPrint asked for something outside the project's static files."""


def static_roots() -> list[Path]:
    roots = [Path(d[1] if isinstance(d, list | tuple) else d) for d in settings.STATICFILES_DIRS]
    roots.append(Path(django.contrib.admin.__file__).parent / "static")  # the admin's own static files
    return [root.resolve() for root in roots]


def static_base_url() -> str:
    return static_roots()[0].as_uri() + "/"


def url_fetcher(*, fail_on_errors: bool = True) -> "StaticOnlyURLFetcher":
    """The fetcher every PDF uses. A refused URL stops the rendering (FatalURLFetchingError), so a stray
    reference in a template is found in tests rather than silently dropped."""
    from coop.reports.fetcher import StaticOnlyURLFetcher

    return StaticOnlyURLFetcher(static_roots(), fail_on_errors=fail_on_errors)


register = template.Library()  # built into pdf_engine()


@register.filter
def money(value) -> str:
    return "" if value is None or value == "" else yuan(value, symbol=False)


@register.filter
def cn_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


@register.filter
def pad_rows(items, size) -> range:
    return range(max(0, int(size) - len(items or ())))


@cache
def pdf_engine() -> template.Engine:
    dirs = [d for t in settings.TEMPLATES if t["BACKEND"].endswith("DjangoTemplates") for d in t.get("DIRS", [])]
    # No {% static %}: it gives /static/… URLs. Refer to static files relatively ("coop/logo.png"): the base URL
    # is the first of STATICFILES_DIRS.
    return template.Engine(dirs=dirs, app_dirs=True, builtins=["coop.reports.pdf"])


def html_to_pdf(html: str) -> bytes:
    return _document(html).write_pdf()


def _document(html: str):
    """The laid-out pages of one HTML document (a WeasyPrint Document)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=static_base_url(), url_fetcher=url_fetcher()).render()


def render_pdf_template(template_name: str, context: dict) -> bytes:
    html = pdf_engine().get_template(template_name).render(template.Context(context, autoescape=True))
    return html_to_pdf(html)


def _report_html(report: Report, bookmark: str = "") -> str:
    context = {**report_context(report), "bookmark": bookmark}
    return pdf_engine().get_template("reports/table_pdf.html").render(template.Context(context, autoescape=True))


def render_pdf(report: Report) -> bytes:
    return html_to_pdf(_report_html(report))


def render_pdf_bundle(reports, *, title: str = "", bookmarks=()) -> bytes:
    """Several reports bound into one PDF, in the order given. Each is laid out on its own, so it keeps its own
    page numbers (第 1 页 共 n 页), running header and first page. The PDF's outline has an entry per report,
    named by `bookmarks` (by position; the report's title where none is given); `title` is the PDF's own."""
    reports = list(reports)
    if not reports:
        raise ValueError("render_pdf_bundle needs at least one report")
    documents = [_document(_report_html(report, bookmarks[at] if at < len(bookmarks) else ""))
                 for at, report in enumerate(reports)]
    bound = documents[0].copy([page for document in documents for page in document.pages])
    if title:
        bound.metadata.title = title
    return bound.write_pdf()


@contextmanager
def page_progress(callback):
    """Calls `callback(page)` each time WeasyPrint lays out a page further than before (its "weasyprint.progress"
    log), so a report job can show how far a long PDF has got: `with page_progress(lambda n: ...): render_...`."""
    logger = logging.getLogger("weasyprint.progress")
    furthest = 0

    class Count(logging.Handler):
        def emit(self, record):
            nonlocal furthest
            if record.msg == "Step 5 - Creating layout - Page %d" and record.args[0] > furthest:
                furthest = record.args[0]
                callback(furthest)

    handler, level, propagate = Count(logging.INFO), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the page-by-page lines are for the callback, not the console
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@contextmanager
def missing_glyphs():
    """Collects WeasyPrint's missing-glyph warnings: `with missing_glyphs() as found: ...; assert not found`."""
    found: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record):
            message = record.getMessage()
            if ".notdef" in message or "glyph" in message.lower():
                found.append(message)

    handler, logger = Catch(logging.WARNING), logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)
