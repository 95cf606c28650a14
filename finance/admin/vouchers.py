"""The 记账凭证 pages: a list for the township's daily work, an entry form that looks like the paper
voucher, a read-only page with the workflow buttons, bulk actions, and the print."""

from datetime import date
from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from coop import access
from coop.admin_base import Exportable, ReadOnlyInline, ScopedAdmin, ScopedRelatedFilter
from coop.errors import DOMAIN_ERRORS, explain_text, show_on_form
from coop.jobs import operations as jobs
from coop.money import daxie, yuan
from coop.reports import pdf_response, render_pdf_template
from finance import operations as fin
from finance import report_jobs, scans
from finance.admin import workflow
from finance.forms import ReasonForm, ScanForm, VoucherHeaderForm, accounts_for, line_formset
from finance.models import Ledger, Period, Side, Voucher, VoucherLine, VoucherScan
from finance.printing import print_title, voucher_context
from finance.resources import VoucherResource

# The list counts, and sums in its 金额合计, at most this many vouchers: past it the first page costs the same
# whatever the size of the books, the pages stop at the limit and the list asks for a month or a village.
LIST_LIMIT = 1000
# What the list shows and links, read for each row of the page (with the two annotations); nothing else.
LIST_COLUMNS = ["pk", "date", "number", "status", "ledger__village__name", "ledger__village__code",
                "prepared_by__username", "prepared_by__first_name", "prepared_by__last_name"]


def debit_total(vouchers) -> Decimal:
    """金额合计 of the listed vouchers: their debit lines' sum, one aggregate over the filtered list."""
    return (VoucherLine.objects.filter(voucher__in=vouchers.order_by().values("pk"), side=Side.DEBIT)
            .aggregate(t=Sum("amount"))["t"] or Decimal("0"))


class LimitedPaginator(Paginator):
    """Counts the list up to LIST_LIMIT (a COUNT over at most that many rows, not over the user's whole scope)
    and says whether the list went past it."""

    limited = False

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by().values("pk")[:LIST_LIMIT + 1].count()
        self.limited = found > LIST_LIMIT
        return min(found, LIST_LIMIT)


class VoucherChangeList(ChangeList):
    """The page's rows read only the columns shown (LIST_COLUMNS); actions still get whole vouchers."""

    def get_results(self, request):
        queryset = self.queryset
        self.queryset = queryset.only(*LIST_COLUMNS)
        try:
            super().get_results(request)
        finally:
            self.queryset = queryset


class VoucherLineInline(ReadOnlyInline):
    model = VoucherLine
    fields = ["line_no", "summary", "account", "debit_display", "credit_display"]
    readonly_fields = fields
    verbose_name_plural = _("分录")

    @admin.display(description=_("借方金额"))
    def debit_display(self, obj):
        return yuan(obj.debit, symbol=False) if obj.debit else ""

    @admin.display(description=_("贷方金额"))
    def credit_display(self, obj):
        return yuan(obj.credit, symbol=False) if obj.credit else ""


class VoucherScanInline(ReadOnlyInline):
    model = VoucherScan
    fields = ["file_link", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("扫描件"))
    def file_link(self, obj):
        url = reverse("admin:finance_voucher_scan_file", args=[obj.voucher_id, obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, obj)


class MonthFilter(admin.SimpleListFilter):
    """按月份: the months of the user's ledgers (their periods, a few rows a year), filtered as a date range the
    list's (date, number) index answers — not the date hierarchy's DISTINCT over every voucher in scope."""

    title = _("月份")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        ledgers = access.visible(request.user, Ledger.objects.all()).values("pk")
        months = (Period.objects.filter(ledger__in=ledgers).order_by("-year", "-month")
                  .values_list("year", "month").distinct())
        return [(f"{y}-{m:02d}", _("%(year)s年%(month)s月") % {"year": y, "month": m}) for y, m in months]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year, month = (int(part) for part in self.value().split("-"))
            first = date(year, month, 1)
        except ValueError:
            return queryset.none()
        following = date(year + month // 12, month % 12 + 1, 1)
        return queryset.filter(date__gte=first, date__lt=following)


@admin.register(Voucher)
class VoucherAdmin(Exportable, ScopedAdmin):
    list_display = ["date", "number_label", "village", "first_summary", "amount", "status", "prepared_by"]
    list_display_links = ["date", "number_label"]
    list_filter = [MonthFilter, "status", ("ledger__village__township", ScopedRelatedFilter),
                   ("ledger__village", ScopedRelatedFilter), "is_closing"]
    list_select_related = ["ledger__village", "prepared_by"]
    search_fields = ["lines__summary", "ledger__village__name"]
    inlines = [VoucherLineInline, VoucherScanInline]
    change_form_template = "admin/finance/voucher/change_form.html"
    # the list's own template draws the 导出 Excel link next to the imports, not import-export's "导出"
    change_list_template = "admin/finance/voucher/change_list.html"
    import_export_change_list_template = None
    resource_classes = [VoucherResource]
    actions = ["submit_selected", "review_selected", "post_selected", "print_selected"]
    action_rights = {"submit_selected": "submit", "review_selected": "review", "post_selected": "post"}
    fieldsets = [
        (None, {"fields": [("ledger", "date", "number", "attachments"), ("status", "note")]}),
        (_("签章"), {"fields": [("prepared_by", "reviewed_by", "posted_by")]}),
        (_("关联"), {"fields": [("reversal_of", "reversed_by_link", "source")], "classes": ["collapse"]}),
    ]
    readonly_fields = ["ledger", "date", "number", "attachments", "status", "note", "prepared_by", "reviewed_by",
                       "posted_by", "reversal_of", "reversed_by_link", "source"]

    @admin.display(description=_("冲销凭证"))
    def reversed_by_link(self, obj):
        reversal = Voucher.objects.filter(reversal_of=obj).exclude(status=Voucher.Status.VOID).first()
        return str(reversal) if reversal else "—"

    def get_changelist(self, request, **kwargs):
        return VoucherChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return LimitedPaginator(queryset, per_page, orphans, allow_empty_first_page)

    def get_queryset(self, request):
        from django.db.models import OuterRef, Subquery, Sum

        first_line = VoucherLine.objects.filter(voucher=OuterRef("pk")).order_by("line_no").values("summary")[:1]
        total = (VoucherLine.objects.filter(voucher=OuterRef("pk"), side="debit").order_by().values("voucher")
                 .annotate(t=Sum("amount")).values("t"))
        return (super().get_queryset(request)
                .select_related("ledger__village", "prepared_by")
                .annotate(first_summary_text=Subquery(first_line), total=Subquery(total)))

    @admin.display(description=_("凭证号"), ordering="number")
    def number_label(self, obj):
        return obj.number_label

    @admin.display(description=_("村"), ordering="ledger__village__code")
    def village(self, obj):
        return obj.ledger.village

    @admin.display(description=_("摘要"))
    def first_summary(self, obj):
        return obj.first_summary_text

    @admin.display(description=_("金额"), ordering="total")
    def amount(self, obj):
        return yuan(obj.total)

    # ------------------------------------------------------------ rights

    def has_add_permission(self, request, obj=None):
        return access.allows(request.user, access.ADD, Voucher)

    def has_change_permission(self, request, obj=None):
        # The standard change form is never used to edit: editing happens in the entry view below.
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # R3: vouchers are voided or reversed, never deleted

    # ------------------------------------------------------------ views

    def get_urls(self):
        own = [
            path("<int:pk>/edit/", self.admin_site.admin_view(self.entry_view), name="finance_voucher_edit"),
            path("<int:pk>/step/<str:step>/", self.admin_site.admin_view(self.step_view),
                 name="finance_voucher_step"),
            path("<int:pk>/reverse/", self.admin_site.admin_view(self.reverse_view), name="finance_voucher_reverse"),
            path("<int:pk>/scan/", self.admin_site.admin_view(self.scan_view), name="finance_voucher_scan"),
            path("<int:pk>/scan/<int:scan_pk>/", self.admin_site.admin_view(self.scan_file_view),
                 name="finance_voucher_scan_file"),
            path("<int:pk>/print/", self.admin_site.admin_view(self.print_view), name="finance_voucher_print"),
        ]
        return own + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return self.entry_view(request, None)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        voucher = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if voucher is not None:
            extra.update(self._workflow_context(request, voucher))
        return super().change_view(request, object_id, form_url, extra)

    def _workflow_context(self, request, voucher):
        steps = workflow.available_steps(request.user, voucher)
        refusals = {s: workflow.refusal(request.user, voucher, s) for s in steps}
        return {
            "voucher": voucher,
            "steps": [(s, workflow.STEPS[s][1], workflow.STEPS[s][2]) for s in steps
                      if s in workflow.STEPS and not refusals[s]],
            "refused_steps": [(workflow.STEPS[s][1], why) for s, why in refusals.items() if why],
            "can_reverse": "reverse" in steps and not Voucher.objects.filter(reversal_of=voucher).exclude(
                status=Voucher.Status.VOID).exists(),
            "can_edit": voucher.is_editable and access.allows(request.user, access.CHANGE, Voucher),
            "can_scan": access.allows(request.user, access.CHANGE, Voucher),
            "total_daxie": daxie(sum(line.amount for line in voucher.lines.all() if line.side == "debit")),
            "reason_form": ReasonForm(),
            "scan_form": ScanForm(),
            "today": date.today().isoformat(),
        }

    def _scoped_voucher(self, request, pk) -> Voucher:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def entry_view(self, request, pk=None):
        """制单 / 修改: the header and the lines, saved through finance.operations in one go."""
        voucher = self._scoped_voucher(request, pk) if pk else None
        if voucher is not None and not (voucher.is_editable and access.allows(request.user, access.CHANGE, Voucher)):
            raise PermissionDenied
        accounts = accounts_for(request.user)
        try:  # extra empty lines asked for by the "more lines" link; at most a paper voucher's worth of pages
            more = max(0, min(int(request.GET.get("rows", "2")), 60))
        except ValueError:
            more = 2
        VoucherLineFormSet = line_formset(more)  # noqa: N806 - a form class made per request
        if request.method == "POST":
            header = VoucherHeaderForm(request.POST, user=request.user, fixed_ledger=voucher and voucher.ledger)
            lines = VoucherLineFormSet(request.POST, prefix="lines", form_kwargs={"accounts": accounts})
            if header.is_valid() and lines.is_valid():
                try:
                    with transaction.atomic():
                        saved = self._save_entry(request, voucher, header.cleaned_data, lines.lines())
                        if "_submit" in request.POST:
                            fin.submit(voucher=saved, by=request.user)
                except DOMAIN_ERRORS as exc:
                    show_on_form(header, exc)
                else:
                    messages.success(request, _("%(voucher)s 已保存") % {"voucher": saved})
                    return HttpResponseRedirect(reverse("admin:finance_voucher_change", args=[saved.pk]))
        else:
            header = VoucherHeaderForm(user=request.user, fixed_ledger=voucher and voucher.ledger,
                                       initial=voucher and {"date": voucher.date, "attachments": voucher.attachments})
            initial = [{"summary": ln.summary, "account": ln.account_id, "debit": ln.debit, "credit": ln.credit}
                       for ln in voucher.lines.all()] if voucher else []
            lines = VoucherLineFormSet(prefix="lines", initial=initial, form_kwargs={"accounts": accounts})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": voucher and _("修改 %(v)s") % {"v": voucher} or _("制单(新增记账凭证)"),
            "header": header, "lines": lines, "voucher": voucher, "has_view_permission": True,
            "more_rows": min(more + 6, 60),
        }
        return TemplateResponse(request, "admin/finance/voucher/entry.html", context)

    def _save_entry(self, request, voucher, data, lines):
        if voucher is None:
            return fin.prepare(ledger=data["ledger"], on=data["date"], lines=lines, by=request.user,
                               attachments=data["attachments"])
        return fin.update_draft(voucher=voucher, by=request.user, on=data["date"], lines=lines,
                                attachments=data["attachments"])

    def step_view(self, request, pk, step):
        """记账 cannot be undone: it first shows what will be posted, and posts only once that page is confirmed."""
        if step == "post" and request.POST.get("confirmed") != "yes":
            voucher = self._scoped_voucher(request, pk)
            return self._confirm_posting(request, [voucher], reverse("admin:finance_voucher_step", args=[pk, step]),
                                         back=reverse("admin:finance_voucher_change", args=[pk]))
        if request.method != "POST" or step not in workflow.STEPS:
            raise PermissionDenied
        voucher = self._scoped_voucher(request, pk)
        reason = request.POST.get("reason", "")
        workflow.run(request, step, [voucher], reason)
        return HttpResponseRedirect(reverse("admin:finance_voucher_change", args=[pk]))

    def reverse_view(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        voucher = self._scoped_voucher(request, pk)
        try:
            on = date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            messages.error(request, _("冲销日期格式不正确"))
            return HttpResponseRedirect(reverse("admin:finance_voucher_change", args=[pk]))
        try:
            with transaction.atomic():
                new = fin.reverse(voucher=voucher, by=request.user, on=on, reason=request.POST.get("reason", ""))
        except DOMAIN_ERRORS as exc:
            messages.error(request, explain_text(exc))
            return HttpResponseRedirect(reverse("admin:finance_voucher_change", args=[pk]))
        messages.success(request, _("已生成冲销凭证 %(v)s,请另一位镇财政所人员审核记账") % {"v": new})
        return HttpResponseRedirect(reverse("admin:finance_voucher_change", args=[new.pk]))

    def scan_view(self, request, pk):
        """Every refusal — no file, an empty, oversized or wrong file, a right the user lacks — comes back to the
        voucher's page as the rule's message, never as an error page."""
        voucher = self._scoped_voucher(request, pk)
        back = HttpResponseRedirect(reverse("admin:finance_voucher_change", args=[pk]))
        if request.method != "POST":
            return back
        form = ScanForm(request.POST, request.FILES)
        if not form.is_valid():
            for error in form.errors.get("file", []):
                messages.error(request, error)
            return back
        try:
            with transaction.atomic():
                fin.attach_scan(voucher=voucher, upload=form.cleaned_data["file"], by=request.user)
        except DOMAIN_ERRORS as exc:
            messages.error(request, explain_text(exc))
        else:
            messages.success(request, _("扫描件已上传"))
        return back

    def scan_file_view(self, request, pk, scan_pk):
        """Scans are served through the voucher's scope, never straight from MEDIA_ROOT, and always as a download
        of the type their content proved (finance.scans): nothing a village uploads runs in a township officer's
        browser session."""
        voucher = self._scoped_voucher(request, pk)
        scan = get_object_or_404(VoucherScan, pk=scan_pk, voucher=voucher)
        scan_type = scans.type_of(scan.content_type)
        try:
            handle = scan.file.open("rb")
        except (OSError, ValueError) as error:
            raise Http404(_("扫描件文件不存在")) from error
        response = FileResponse(handle, as_attachment=True, content_type=scan_type.content_type,
                                filename=scans.download_name(str(scan), scan_type))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response._csp_ro_config = {}  # the page policy would only add noise to a download
        return response

    def changelist_view(self, request, extra_context=None):
        imports = []
        if access.allows(request.user, access.ADD, Voucher):
            found = list(access.visible(request.user, Ledger.objects.select_related("village"))[:2])
            if len(found) == 1:  # a chairman's one village; township staff import from each ledger's page
                imports = [(found[0].village.name, reverse("finance:import", args=[found[0].village.code]))]
        response = super().changelist_view(request, {**(extra_context or {}), "imports": imports})
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data.update(self._list_total(changelist))
        return response

    def get_export_queryset(self, request):
        """The changelist's filtered, searched queryset, with what each exported row names joined in."""
        return super().get_export_queryset(request).select_related(
            "ledger__village__township", "prepared_by", "reviewed_by", "posted_by")

    def _list_total(self, changelist) -> dict:
        """金额合计 of the filtered list; past LIST_LIMIT vouchers, of this page only, saying so."""
        if getattr(changelist.paginator, "limited", False):
            return {"voucher_total": yuan(sum((v.total or 0 for v in changelist.result_list), Decimal("0"))),
                    "list_limited": LIST_LIMIT}
        return {"voucher_total": yuan(debit_total(changelist.queryset))}

    def print_view(self, request, pk):
        voucher = self._scoped_voucher(request, pk)
        return self._print([voucher])

    # ------------------------------------------------------------ bulk actions

    @admin.action(description=_("提交所选凭证"))
    def submit_selected(self, request, queryset):
        workflow.run(request, "submit", queryset.order_by("date", "number"))

    @admin.action(description=_("审核所选凭证"))
    def review_selected(self, request, queryset):
        workflow.run(request, "review", queryset.order_by("date", "number"))

    @admin.action(description=_("记账所选凭证"))
    def post_selected(self, request, queryset):
        vouchers = queryset.order_by("date", "number")
        if request.POST.get("confirmed") == "yes":
            workflow.run(request, "post", vouchers)
            return None
        return self._confirm_posting(request, list(vouchers), reverse("admin:finance_voucher_changelist"),
                                     back=reverse("admin:finance_voucher_changelist"),
                                     hidden=[("action", "post_selected")])

    def _confirm_posting(self, request, vouchers, action_url, *, back, hidden=()):
        """The page between the 记账 click and the posting: each voucher with its amount in figures and in 大写,
        those that cannot be posted apart with the reason, and a warning that posting cannot be undone (R3)."""
        ready, refused = [], []
        for voucher in vouchers:
            why = workflow.post_refusal(request.user, voucher)
            if why:
                refused.append((voucher, why))
            else:
                amount = voucher.total or 0
                ready.append({"voucher": voucher, "amount": yuan(amount), "daxie": daxie(amount),
                              "summary": voucher.first_summary_text})
        total = sum((row["voucher"].total or 0 for row in ready), 0)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": _("确认记账"), "ready": ready, "refused": refused,
            "total": yuan(total), "total_daxie": daxie(total), "action_url": action_url, "back_url": back,
            "hidden": [*hidden, *((ACTION_CHECKBOX_NAME, row["voucher"].pk) for row in ready)] if hidden else [],
        }
        return TemplateResponse(request, "admin/finance/voucher/post_confirm.html", context)

    @admin.action(description=_("打印所选凭证(PDF,后台生成,一次最多 200 张)"))
    def print_selected(self, request, queryset):
        """Hands the print to the worker and shows the job's page (progress, then the download)."""
        ids = list(report_jobs.vouchers_in_order(queryset).values_list("pk", flat=True)[:report_jobs.PRINT_LIMIT + 1])
        if not ids:
            messages.error(request, _("所选凭证不在您的管辖范围内"))
            return None
        if len(ids) > report_jobs.PRINT_LIMIT:
            messages.error(request, _("一次最多打印 %(n)s 张凭证,请缩小选择范围(如按日期筛选)") % {
                "n": report_jobs.PRINT_LIMIT})
            return None
        selected = list(Voucher.objects.filter(pk__in=ids).select_related("ledger__village").only(
            "pk", "date", "number", "ledger__village__name"))
        try:
            job = jobs.enqueue_report(kind=report_jobs.VOUCHER_PRINT, by=request.user, title=print_title(selected),
                                      params={"vouchers": ids}, villages={v.ledger.village_id for v in selected},
                                      unit=_("页"))
        except DOMAIN_ERRORS as exc:
            messages.error(request, explain_text(exc))
            return None
        return HttpResponseRedirect(reverse("admin:jobs_reportjob_change", args=[job.pk]))

    def _print(self, vouchers):
        data = render_pdf_template("finance/voucher_print.html", voucher_context(vouchers))
        return pdf_response(data, print_title(vouchers))
