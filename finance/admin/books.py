"""Admin pages for the books themselves: ledgers (账套), periods, the chart of accounts, which bank account
serves which purpose, opening balances and the statement layouts."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from coop import access
from coop.admin_base import OperationAdmin, ScopedAdmin, action_form_page, run_each
from coop.errors import DOMAIN_ERRORS, Rule, RuleViolation, explain_text, show_on_form
from coop.jobs import operations as jobs
from coop.money import yuan
from finance import chain, statements, year_books
from finance import operations as fin
from finance.models import BANK_CODE, Account, BankDesignation, Ledger, OpeningBalance, Period, StatementLine, Voucher
from finance.report_jobs import YEAR_BOOKS
from finance.reports.summary import may_see


class YearBooksForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), help_text=_(
        "默认上一年度(所选各村都是今年建账的,默认本年度);本年度的报表截至账簿已到的月份"))
    output = forms.ChoiceField(label=_("格式"), widget=forms.RadioSelect, initial="pdf",
                               choices=[("pdf", _("PDF(每村一个文件,可直接打印)")),
                                        ("xlsx", _("Excel(每村一个工作簿,每张报表一个工作表)"))])


@admin.register(Ledger)
class LedgerAdmin(OperationAdmin):
    list_display = ["village", "township", "chart", "start_date", "current_period", "report_links"]
    list_select_related = ["village__township"]
    list_filter = ["village__township", "chart"]
    search_fields = ["village__name"]
    fields = ["village", "chart", "start_date"]
    change_form_template = "admin/finance/ledger/change_form.html"
    change_list_template = "admin/finance/ledger/change_list.html"
    actions = ["verify_books", "export_year_books"]
    action_rights = {"verify_books": "verify", "export_year_books": (Voucher, access.VIEW)}

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "show_books_summary": may_see(request.user)})

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("periods")

    def has_change_permission(self, request, obj=None):
        return False  # a ledger's village, chart and start never change; its months do

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("核验账簿(防篡改校验)"))
    def verify_books(self, request, queryset):
        """Recompute the selected ledgers' chains (finance.chain) and name the first voucher that no longer matches
        what was posted: one ledger at once, several (a township, the county) as a background job whose report —
        every ledger's seal or break — is downloaded from the job's page."""
        if queryset.count() > 1:
            return self._verify_in_background(request, queryset)
        for result in chain.verify(queryset):
            if result.ok:
                messages.success(request, _("%(village)s 账套核验通过,%(v)s 张已记账凭证与记账时一致") % {
                    "village": result.village, "v": result.vouchers})
            else:
                messages.error(request, _("核验未通过:%(break)s") % {"break": result.broken})
        return None

    def _verify_in_background(self, request, queryset):
        from coop.jobs.operations import enqueue_report
        from finance.report_jobs import VERIFY_BOOKS

        ledgers = list(queryset.values_list("pk", "village_id"))
        try:
            job = enqueue_report(kind=VERIFY_BOOKS, by=request.user,
                                 title=_("核验账簿(%(n)s 个账套)") % {"n": len(ledgers)},
                                 params={"ledgers": [pk for pk, _village in ledgers], "format": "pdf"},
                                 villages={village for _pk, village in ledgers}, total=len(ledgers), unit=_("个账套"))
        except DOMAIN_ERRORS as exc:
            messages.error(request, explain_text(exc))
            return None
        return HttpResponseRedirect(reverse("admin:jobs_reportjob_change", args=[job.pk]))

    @admin.action(description=_("导出年度账簿(后台生成)"))
    def export_year_books(self, request, queryset):
        """A page asking the year and the format; on its submit the worker binds each selected village's year of
        books (finance.year_books) into one ZIP, and the job's page shows its progress, then the download."""
        ledgers = list(queryset.select_related("village__township__county").order_by("village__code"))
        selected = set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
        if not ledgers or (request.POST.get("select_across") != "1" and len(selected) != len(ledgers)):
            messages.error(request, _("所选账套有不在您管辖范围内的,未导出") if ledgers or selected
                           else _("请至少选择一个账套"))
            return None
        # last year's books, unless none of the selected villages kept books yet then (all opened this year)
        this_year = timezone.localdate().year
        default = this_year - 1 if min(ledger.start_date.year for ledger in ledgers) < this_year else this_year
        form = YearBooksForm(request.POST if "year" in request.POST else None, initial={"year": default})
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                kept = year_books.admitted(ledgers, year)
                job = jobs.enqueue_report(
                    kind=YEAR_BOOKS, by=request.user, title=year_books.title(kept, year),
                    params={"ledgers": [ledger.pk for ledger in kept], "year": year,
                            "format": form.cleaned_data["output"]},
                    villages={ledger.village_id for ledger in kept}, total=len(kept), unit=_("村"))
            except DOMAIN_ERRORS as exc:
                show_on_form(form, exc)
            else:
                skipped = [ledger.village.name for ledger in ledgers if ledger not in kept]
                if skipped:
                    messages.warning(request, _("%(villages)s 在 %(year)s 年以后才建账,未包括在内") % {
                        "villages": "、".join(skipped), "year": year})
                return HttpResponseRedirect(reverse("admin:jobs_reportjob_change", args=[job.pk]))
        return action_form_page(self, request, template="admin/finance/ledger/year_books.html",
                                action="export_year_books", form=form, rows=ledgers, title=_("导出年度账簿"))

    @admin.display(description=_("所属镇(街道)"), ordering="village__township__code")
    def township(self, obj):
        return obj.village.township

    @admin.display(description=_("当前期间"))
    def current_period(self, obj):
        periods = sorted(obj.periods.all(), key=lambda p: (p.year, p.month))
        open_ones = [p for p in periods if p.status == Period.Status.OPEN]
        return str(open_ones[0]) if open_ones else "—"

    @admin.display(description=_("报表"))
    def report_links(self, obj):
        from finance.reports.views import REPORTS

        return format_html_join(" · ", '<a href="{}">{}</a>', (
            (reverse("finance:report", args=[obj.village.code, key]), title) for key, title in REPORTS.items()))

    def perform(self, request, form, change):
        data = form.cleaned_data
        return fin.open_ledger(village=data["village"], start=data["start_date"], by=request.user,
                               chart=data["chart"])

    def get_urls(self):
        return [path("<int:pk>/open-period/", self.admin_site.admin_view(self.open_period_view),
                     name="finance_ledger_open_period"),
                path("<int:pk>/year-end/", self.admin_site.admin_view(self.year_end_view),
                     name="finance_ledger_year_end"),
                path("<int:pk>/clear-openings/", self.admin_site.admin_view(self.clear_openings_view),
                     name="finance_ledger_clear_openings")] + super().get_urls()

    def _ledger_step(self, request, pk, run):
        """A POST button on a ledger's page: run the operation, report its refusal, go where it says."""
        if request.method != "POST":
            raise PermissionDenied
        ledger = self.get_object(request, str(pk))
        if ledger is None:
            raise PermissionDenied
        try:
            with transaction.atomic():
                return HttpResponseRedirect(run(ledger))
        except DOMAIN_ERRORS as exc:
            messages.error(request, explain_text(exc))
        return HttpResponseRedirect(reverse("admin:finance_ledger_change", args=[pk]))

    def year_end_view(self, request, pk):
        """年末结转: generate the closing voucher of a year; another officer reviews and posts it."""
        def run(ledger):
            year = request.POST.get("year", "")
            if not year.isdigit():
                raise RuleViolation(Rule.LEDGER, str(_("请填写年度")), field="year")
            voucher = fin.prepare_year_end(ledger=ledger, year=int(year), by=request.user)
            messages.success(request, _("已生成年末结转凭证 %(v)s,请另一位镇财政所人员审核记账") % {"v": voucher})
            return reverse("admin:finance_voucher_change", args=[voucher.pk])

        return self._ledger_step(request, pk, run)

    def clear_openings_view(self, request, pk):
        """清除期初余额: before the first posting, so a register's opening figures can be entered first."""
        if not access.allows(request.user, "import", OpeningBalance):
            raise PermissionDenied

        def run(ledger):
            removed = fin.clear_opening_balances(ledger=ledger, by=request.user)
            messages.success(request, _("已清除 %(n)s 个科目的期初余额") % {"n": removed})
            return reverse("admin:finance_ledger_change", args=[pk])

        return self._ledger_step(request, pk, run)

    def open_period_view(self, request, pk):
        def run(ledger):
            period = fin.open_period(ledger=ledger, by=request.user)
            messages.success(request, _("已开启 %(p)s") % {"p": period})
            return reverse("admin:finance_ledger_change", args=[pk])

        return self._ledger_step(request, pk, run)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        ledger = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if ledger is not None:
            from finance.reports.views import REPORTS

            extra.update({
                "periods": ledger.periods.order_by("-year", "-month")[:24],
                "can_open_period": access.allows(request.user, access.ADD, Period),
                "can_close_year": access.allows(request.user, "close", Period),
                "last_year": timezone.localdate().year - (timezone.localdate().month < 12),
                "reports": [(reverse("finance:report", args=[ledger.village.code, k]), t) for k, t in REPORTS.items()]
                + [(reverse("finance:bank", args=[ledger.village.code]), _("银行存款余额调节表"))],
                "can_import": access.allows(request.user, "import", OpeningBalance),
                "has_openings": ledger.openings.exists(),
                "import_url": reverse("finance:import", args=[ledger.village.code]),
            })
        return super().change_view(request, object_id, form_url, extra)


@admin.register(Period)
class PeriodAdmin(ScopedAdmin):
    list_display = ["ledger", "__str__", "status", "closed_by", "closed_at"]
    list_filter = ["status", "year", "ledger__village__township"]
    list_select_related = ["ledger__village", "closed_by"]
    actions = ["close_selected"]
    action_rights = {"close_selected": "close"}
    fields = ["ledger", "year", "month", "status", "closed_by", "closed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # months are opened from the ledger's page, in order

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("结账(所选期间,按月份顺序)"))
    def close_selected(self, request, queryset):
        run_each(request, queryset.select_related("ledger__village").order_by("ledger", "year", "month"),
                 lambda period: fin.close_period(period=period, by=request.user), _("已结账 %(n)s 个期间"),
                 label=lambda period: f"{period.ledger} {period}")


@admin.register(Account)
class AccountAdmin(OperationAdmin):
    list_display = ["code", "name", "category", "side", "village", "is_standard", "allows_sub"]
    list_filter = ["chart", "category", "is_standard"]
    search_fields = ["code", "name"]
    list_select_related = ["village"]
    autocomplete_fields = ["parent"]
    fields = ["parent", "village", "code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["parent", "village", "code", "chart", "category", "side"] if obj else []

    def get_fields(self, request, obj=None):
        return ["chart", "code", "name", "category", "side", "parent", "village"] if obj else self.fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_standard:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_standard:
            return False
        return super().has_delete_permission(request, obj)

    def perform(self, request, form, change):
        data = form.cleaned_data
        if change:
            return fin.rename_account(account=form.instance, name=data["name"], by=request.user)
        if data.get("village") is None:
            raise RuleViolation(Rule.LEDGER, str(_("请选择明细科目所属的村")), field="village")
        return fin.add_sub_account(parent=data["parent"], village=data["village"], code=data["code"],
                                   name=data["name"], by=request.user)

    def remove(self, request, obj):
        fin.remove_sub_account(account=obj, by=request.user)


@admin.register(BankDesignation)
class BankDesignationAdmin(OperationAdmin):
    list_display = ["ledger", "purpose", "account", "designated_by", "designated_at"]
    list_select_related = ["ledger__village", "account", "designated_by"]
    list_filter = ["purpose"]
    fields = ["ledger", "purpose", "account"]

    def get_readonly_fields(self, request, obj=None):
        return ["ledger", "purpose"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False  # a purpose keeps an account once named; the township names another instead

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "account":
            kwargs["queryset"] = access.visible(request.user, Account.objects.filter(code__startswith=BANK_CODE))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def perform(self, request, form, change):
        data = form.cleaned_data
        row = form.instance
        return fin.designate_bank_account(village=row.ledger if change else data["ledger"],
                                          purpose=row.purpose if change else data["purpose"],
                                          account=data["account"], by=request.user)


@admin.register(OpeningBalance)
class OpeningBalanceAdmin(ScopedAdmin):
    list_display = ["ledger", "account", "debit_display", "credit_display"]
    list_select_related = ["ledger__village", "account"]
    list_filter = ["ledger__village__township"]
    fields = ["ledger", "account", "debit", "credit"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # opening balances come in whole, balanced, through the import on the ledger's page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("借方余额"))
    def debit_display(self, obj):
        return yuan(obj.debit) if obj.debit else ""

    @admin.display(description=_("贷方余额"))
    def credit_display(self, obj):
        return yuan(obj.credit) if obj.credit else ""


@admin.register(StatementLine)
class StatementLineAdmin(OperationAdmin):
    list_display = ["chart", "statement", "line_no", "label", "formula", "bold"]
    list_display_links = ["label"]
    list_filter = ["chart", "statement"]
    fields = ["chart", "statement", "column", "line_no", "label", "formula", "bold"]

    def get_readonly_fields(self, request, obj=None):
        return ["chart", "statement", "column", "line_no"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"subtitle": statements.PROVISIONAL_NOTE, **(extra_context or {})})

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and obj.chart == "2023":
            kwargs["help_texts"] = {"formula": statements.PROVISIONAL_NOTE}
        return super().get_form(request, obj, **kwargs)

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def perform(self, request, form, change):
        return fin.revise_statement_line(line=form.instance, label=form.cleaned_data["label"],
                                         formula=form.cleaned_data["formula"], bold=form.cleaned_data["bold"],
                                         by=request.user)
