"""The ledger's reports on screen, as PDF and as xlsx, for whoever may read the village's vouchers."""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop import access
from coop.error_pages import BadParameter, form_errors_text
from coop.reports import respond
from finance.models import Account, Ledger, Voucher
from finance.reports import builders

REPORTS = {
    "trial-balance": _("科目余额表"),
    "balance-sheet": _("资产负债表"),
    "income-statement": _("收益及收益分配表"),
    "cash-journal": _("现金日记账"),
    "bank-journal": _("银行存款日记账"),
    "general-ledger": _("总分类账"),
    "subsidiary-ledger": _("明细分类账"),
}
NEEDS_ACCOUNT = {"general-ledger", "subsidiary-ledger"}


class ReportFilter(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
    account = forms.ModelChoiceField(Account.objects.none(), label=_("科目"), required=False)

    def __init__(self, *args, ledger, needs_account, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_account:
            self.fields["account"].queryset = Account.objects.filter(chart=ledger.chart).filter(
                Q(village__isnull=True) | Q(village=ledger.village_id)).order_by("code")
            self.fields["account"].required = True
        else:
            del self.fields["account"]


def report(request, village_code: str, key: str):
    if key not in REPORTS:
        raise Http404
    if not access.allows(request.user, access.VIEW, Voucher):
        raise PermissionDenied
    ledger = get_object_or_404(access.visible(request.user, Ledger.objects.select_related("village__township")),
                               village__code=village_code)
    today = timezone.localdate()
    params = request.GET.copy()
    params.setdefault("year", str(today.year))
    params.setdefault("month", str(today.month))
    if key in NEEDS_ACCOUNT and "account" not in params:
        first = Account.objects.filter(chart=ledger.chart, village__isnull=True, code="102").first()
        params["account"] = str(first.pk) if first else ""
    form = ReportFilter(params, ledger=ledger, needs_account=key in NEEDS_ACCOUNT)
    if not form.is_valid():
        raise BadParameter(form_errors_text(form))
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    built = _build(ledger, key, year, month, form.cleaned_data.get("account"))
    return respond(
        request, built, params=params, template_name="finance/report_screen.html",
        extra_context={"filter_form": form, "ledger": ledger, "reports": REPORTS, "current": key,
                       "first_day": date(year, month, 1)})


def _build(ledger, key, year, month, account):
    if key == "trial-balance":
        return builders.trial_balance(ledger, year, month)
    if key == "balance-sheet":
        return builders.balance_sheet(ledger, year, month)
    if key == "income-statement":
        return builders.income_statement(ledger, year, month)
    if key == "cash-journal":
        return builders.journal(ledger, year, month, "cash")
    if key == "bank-journal":
        return builders.journal(ledger, year, month, "bank")
    if key == "general-ledger":
        return builders.general_ledger(ledger, year, account)
    return builders.subsidiary_ledger(ledger, year, account)
