"""The ledger's report jobs, rendered by the background worker: the bulk voucher print, the verification of many
ledgers' tamper-evidence chains (a township's or the county's books), and many villages' year of books (年度账簿)
in one ZIP."""

import zipfile
from io import BytesIO
from math import ceil

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.jobs.registry import Output, register
from coop.jobs.tables import register_table
from coop.reports import PDF_MIME, ZIP_MIME, Column, Report, page_progress, render_pdf_template
from coop.reports.heading import compiled_by
from finance import chain, year_books
from finance.models import Ledger, Voucher
from finance.printing import print_title, voucher_context

VOUCHER_PRINT = "finance.voucher_print"
VERIFY_BOOKS = "finance.verify_books"
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


def build_verification(job, progress) -> Report:
    """params: {"ledgers": [pk, ...], "format": "pdf"|"xlsx"}. Each ledger's chain recomputed (finance.chain), one
    row a ledger with its seal or the first voucher that no longer matches; progress counted in ledgers."""
    user, wanted = job.requested_by, set(job.params["ledgers"])
    if not access.allows(user, "verify", Ledger):
        raise PermissionDenied(_("您的角色不能核验账簿"))
    ledgers = list(access.visible(user, Ledger.objects.filter(pk__in=wanted))
                   .select_related("village__township").order_by("village__township__code", "village__code"))
    if len(ledgers) != len(wanted):
        raise PermissionDenied(_("有 %(n)s 个所选账套已不在您的管辖范围内,未核验") % {"n": len(wanted) - len(ledgers)})
    rows, passed = [], 0
    progress(0, len(ledgers))
    for done, ledger in enumerate(ledgers, start=1):
        result = chain.verify_ledger(ledger)
        passed += result.ok
        broken = result.broken
        rows.append({"township": ledger.village.township.name, "village": ledger.village.name,
                     "vouchers": result.vouchers, "head": result.head if result.vouchers else "",
                     "result": _("通过") if result.ok else _("未通过"),
                     "where": "" if result.ok else f"{broken.voucher_label}(链位 {broken.seq})",
                     "reason": "" if result.ok else broken.reason})
        progress(done, len(ledgers))
    rows.append({"township": _("合计"), "village": _("%(n)s 个账套") % {"n": len(ledgers)},
                 "vouchers": sum(row["vouchers"] for row in rows),
                 "result": _("通过 %(ok)s,未通过 %(bad)s") % {"ok": passed, "bad": len(ledgers) - passed},
                 "_style": "total"})
    villages = {ledger.village for ledger in ledgers}
    townships = {village.township for village in villages}
    org = compiled_by(user, village=next(iter(villages)) if len(villages) == 1 else None,
                      township=next(iter(townships)) if len(townships) == 1 else None)
    now = timezone.localtime()
    return Report(
        title=_("账簿防篡改核验报告"), org=org, period=_("核验时间 %(t)s") % {"t": f"{now:%Y年%m月%d日 %H:%M}"},
        landscape=True, unit=_("张"), rows=rows,
        columns=[Column("township", _("镇(街道)"), width=0.9), Column("village", _("村"), width=0.9),
                 Column("vouchers", _("已记账凭证"), "int", width=0.7),
                 Column("head", _("账簿校验值(链首)"), width=3.0), Column("result", _("结果"), width=1.1),
                 Column("where", _("首个不符之处"), width=1.6), Column("reason", _("原因"), width=2.6)],
        notes=[_("逐个账套按记账顺序重新计算每张已记账凭证的校验值(SHA-256,链接前一张),并与记账时保存的校验值及"
                 "各月结账时打印在科目余额表上的校验值比对;“通过”表示账簿自记账以来未被改动。"),
               _("未通过的账套,请从“首个不符之处”所指凭证起,对照纸质凭证与打印的科目余额表核查。")],
        signatures=[_("核验人"), _("复核")],
        filename=_("账簿核验报告-%(org)s-%(d)s") % {"org": org, "d": f"{now:%Y%m%d}"})


register_table(VERIFY_BOOKS, label=gettext_lazy("核验账簿"), build=build_verification)


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
