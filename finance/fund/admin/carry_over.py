"""结转旧账: the page of loans carried over from paper — the form for one loan and the import of the paper loan
list (template, upload, preview with every row error in Chinese, confirmation: the whole file or nothing). Both
call finance.fund.operations.carry_over_loans, the one door; the import through coop.import_flow."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access, import_flow, spreadsheets
from coop.reports import xlsx_response
from finance.fund import carry_over_import
from finance.fund import operations as fund_ops
from finance.fund.admin.base import AMOUNT, OneFundAdmin, money
from finance.fund.models import CapitalSource, CarriedLoan, Fund
from finance.fund.operations import CarriedRow, CarriedState
from members.models import Member

SHOWN_ERRORS = 200


class CarriedLoanForm(forms.ModelForm):
    lent_on = forms.DateField(label=gettext_lazy("放款日期"), help_text=gettext_lazy("须在建账日之前"))
    state = forms.ChoiceField(label=gettext_lazy("建账时状态"), choices=CarriedState.choices)
    repaid_principal = forms.DecimalField(label=gettext_lazy("建账前已还本金"), max_digits=14, decimal_places=2,
                                          min_value=0, initial=0)
    repaid_fee = forms.DecimalField(label=gettext_lazy("建账前已付占用费"), max_digits=14, decimal_places=2,
                                    min_value=0, initial=0)
    closed_on = forms.DateField(label=gettext_lazy("结清或核销日期"), required=False,
                                help_text=gettext_lazy("已结清或已核销的借款填写"))
    source = forms.ChoiceField(label=gettext_lazy("资金来源"), choices=CapitalSource.choices,
                               initial=CapitalSource.COUNTY_CAPITAL)

    class Meta:
        model = CarriedLoan
        fields = ["fund", "member", "contract_no", "amount", "method", "term_months", "fee_rate_monthly",
                  "penalty_rate_daily", "purpose", "group"]


@admin.register(CarriedLoan)
class CarriedLoanAdmin(OneFundAdmin):
    form = CarriedLoanForm
    list_display = ["loan_number", "contract_no", "member", "amount_display", "disbursed_on", "method",
                    "term_months", "stage", "closed_on"]
    list_filter = ["stage", "method"]
    list_select_related = ["fund", "member__household"]
    search_fields = ["contract_no", "member__household__persons__name", "member__enterprise_name"]
    autocomplete_fields = ["member"]
    fields = ["fund", "member", "contract_no", "lent_on", "amount", "method", "term_months", "fee_rate_monthly",
              "penalty_rate_daily", "state", "repaid_principal", "repaid_fee", "closed_on", "source", "purpose",
              "group", "guarantor_members"]
    readonly_page = ["fund", "number", "contract_no", "member", "amount", "disbursed_on", "method", "term_months",
                     "fee_rate_monthly", "penalty_rate_daily", "stage", "closed_on", "purpose", "group"]
    amount_display = money(AMOUNT, "amount")
    change_list_template = "admin/fund/carriedloan/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("member__household__persons")

    def get_fields(self, request, obj=None):
        return super().get_fields(request, obj) if obj is None else self.readonly_page

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_page if obj else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["fields"] = [n for n in self.get_fields(request) if n in CarriedLoanForm.Meta.fields]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            members = access.visible(request.user, Member.objects.all()).select_related(
                "household").prefetch_related("household__persons")
            form_class.base_fields["guarantor_members"] = forms.ModelMultipleChoiceField(
                label=_("担保人"), queryset=members, required=False, widget=forms.CheckboxSelectMultiple)
            if "fund" in form_class.base_fields:
                form_class.base_fields["fund"].queryset = access.visible(request.user, Fund.objects.all())
        return form_class

    def perform(self, request, form, change):
        data = form.cleaned_data
        row = CarriedRow(member=data["member"], contract_no=data["contract_no"], lent_on=data["lent_on"],
                         amount=data["amount"], method=data["method"], term_months=data["term_months"],
                         fee_rate_monthly=data["fee_rate_monthly"], penalty_rate_daily=data["penalty_rate_daily"],
                         state=data["state"], source=data["source"], repaid_principal=data["repaid_principal"],
                         repaid_fee=data["repaid_fee"], closed_on=data.get("closed_on"),
                         purpose=data.get("purpose", ""), group=data.get("group"),
                         guarantors=list(data.get("guarantor_members") or []))
        return fund_ops.carry_over_loans(fund=self.fund_of(request, form), rows=[row], by=request.user)[0]

    @admin.display(description=gettext_lazy("编号"), ordering="number")
    def loan_number(self, obj):
        return f"{obj.number:05d}"

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view),
                     name="fund_carriedloan_import")] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra = {"may_import": access.allows(request.user, access.ADD, CarriedLoan), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def import_view(self, request):
        """The paper loan list for the user's fund (a township officer with several chooses one)."""
        if not access.allows(request.user, access.ADD, CarriedLoan):
            raise PermissionDenied
        if request.GET.get("template"):
            return xlsx_response(carry_over_import.template(), carry_over_import.TEMPLATE_NAME)
        funds = access.visible(request.user, Fund.objects.select_related("cooperative__village__ledger"))
        form = ImportForm(request.POST or None, request.FILES or None, funds=funds)
        context = {**self.admin_site.each_context(request), "opts": CarriedLoan._meta, "form": form,
                   "title": _("导入结转旧账借款清单"), "shown_errors": SHOWN_ERRORS, "kind": "carried_loans"}
        if request.method == "POST" and "token" in request.POST:
            fund = funds.filter(pk=request.POST.get("fund")).first()
            if fund is None:
                raise PermissionDenied
            done = import_flow.confirm(request.user, request.POST["token"],
                                       lambda data: carry_over_import.parse(data, fund),
                                       lambda parsed: carry_over_import.apply(parsed, request.user))
            if done.expired:
                messages.error(request, _("上传的文件已过期,请重新上传"))
                return HttpResponseRedirect(request.path)
            if done.error:
                context.update(parsed=done.parsed, apply_error=done.error, fund=fund)
                return TemplateResponse(request, "admin/fund/carriedloan/import.html", context)
            messages.success(request, _("已结转 %(n)s 笔借款:%(f)s") % {"n": len(done.written), "f": fund})
            return HttpResponseRedirect(reverse("admin:fund_carriedloan_changelist"))
        if request.method == "POST" and form.is_valid():
            fund = form.cleaned_data["fund"]
            context["fund"] = fund
            context.update(import_flow.preview(request.user, form.cleaned_data["file"].read(),
                                               lambda data: carry_over_import.parse(data, fund)))
        return TemplateResponse(request, "admin/fund/carriedloan/import.html", context)


class ImportForm(spreadsheets.UploadForm):
    fund = forms.ModelChoiceField(label=gettext_lazy("互助资金协会"), queryset=Fund.objects.none())

    field_order = ["fund", "file"]

    def __init__(self, *args, funds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds
        if len(funds[:2]) == 1:
            self.fields["fund"].initial = funds[0]
