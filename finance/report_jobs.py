"""The ledger's report jobs, rendered by the background worker: the bulk voucher print, and many villages' year of
books (年度账簿) in one ZIP."""

import zipfile
from io import BytesIO
from math import ceil

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.jobs.registry import Output, register
from coop.reports import PDF_MIME, ZIP_MIME, page_progress, render_pdf_template
from finance import year_books
from finance.models import Ledger, Voucher
from finance.printing import print_title, voucher_context

VOUCHER_PRINT = "finance.voucher_print"
YEAR_BOOKS = "finance.year_books"
PRINT_LIMIT = 200  # WeasyPrint holds ~5 MB a page until the worker exits: 200 vouchers are ~100 pages
HALF_PAGE_LINES = 6  # the template prints a voucher of up to 6 lines on half a page, a longer one on its own


def estimated_pages(line_counts) -> int:
    """The pages a print will take, known before it is laid out, so its progress has a total."""
    pages = halves = 0
    for lines in line_counts:
        if lines > HALF_PAGE_LINES:
            pages, halves = pages + ceil(halves / 2) + 1, 0
        else:
            halves += 1
    return max(1, pages + ceil(halves / 2))


def vouchers_in_order(queryset):
    return queryset.order_by("ledger__village__code", "date", "number")


@register(VOUCHER_PRINT, label=gettext_lazy("打印记账凭证"))
def print_vouchers(job, progress) -> Output:
    """params: {"vouchers": [pk, ...]} in print order. Prints nothing if any of them has left the requester's
    scope since the job was asked for."""
    wanted = job.params["vouchers"]
    found = {v.pk: v for v in access.visible(job.requested_by, Voucher.objects.filter(pk__in=wanted))
             .select_related("ledger__village")}
    if len(found) != len(set(wanted)):
        raise PermissionDenied(_("有 %(n)s 张所选凭证已不在您的管辖范围内,未生成") % {
            "n": len(set(wanted) - set(found))})
    vouchers = [found[pk] for pk in wanted]
    context = voucher_context(vouchers)
    estimate = estimated_pages(len(v["lines"]) for v in context["vouchers"])
    progress(0, estimate)
    with page_progress(lambda page: progress(page, estimate)):
        data = render_pdf_template("finance/voucher_print.html", context)
    return Output(data, print_title(vouchers) + ".pdf", PDF_MIME)


@register(YEAR_BOOKS, label=gettext_lazy("年度账簿(多村)"))
def make_year_books(job, progress) -> Output:
    """params: {"ledgers": [pk, ...], "year": 2025, "format": "pdf" | "xlsx"}. A ZIP with one file per village
    (finance.year_books.village_file), written village by village; progress counts villages. Makes nothing if
    the requester may no longer read vouchers, or if any of the ledgers has left their scope since."""
    user, wanted = job.requested_by, set(job.params["ledgers"])
    if not access.allows(user, access.VIEW, Voucher):
        raise PermissionDenied(_("您已无权查看村级账簿,未生成"))
    found = list(access.visible(user, Ledger.objects.filter(pk__in=wanted))
                 .select_related("village__township__county"))
    if len(found) != len(wanted):
        raise PermissionDenied(_("有 %(n)s 个所选账套已不在您的管辖范围内,未生成") % {"n": len(wanted) - len(found)})
    year, output = int(job.params["year"]), job.params["format"]
    ledgers = year_books.admitted(found, year)
    progress(0, len(ledgers))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, ledger in enumerate(ledgers, start=1):
            archive.writestr(*year_books.village_file(ledger, year, output))  # one village's file at a time
            progress(done, len(ledgers))
    return Output(buffer.getvalue(), year_books.title(ledgers, year) + ".zip", ZIP_MIME)
