"""The voucher entry form: the header of a 记账凭证 and its lines as a clerk writes them, one line per row
with the amount under 借方 or 贷方. Validation of the books' rules stays in finance.operations."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop import access
from finance.models import Account, Ledger, Side
from finance.operations import Line


class VoucherHeaderForm(forms.Form):
    ledger = forms.ModelChoiceField(Ledger.objects.none(), label=_("账套(村)"))
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    attachments = forms.IntegerField(label=_("附单据张数"), min_value=0, max_value=999, initial=0)

    def __init__(self, *args, user, fixed_ledger=None, **kwargs):
        super().__init__(*args, **kwargs)
        ledgers = access.visible(user, Ledger.objects.select_related("village"))
        self.fields["ledger"].queryset = ledgers
        self.fields["ledger"].label_from_instance = lambda ledger: ledger.village.name
        if fixed_ledger is not None:
            self.fields["ledger"].initial = fixed_ledger.pk
            self.fields["ledger"].disabled = True
        elif ledgers.count() == 1:
            self.fields["ledger"].initial = ledgers.first().pk
        self.fields["date"].initial = timezone.localdate()


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, account):
        prefix = f"[{account.village.name}] " if account.village_id else ""
        return f"{prefix}{account.code} {account.name}"


class VoucherLineForm(forms.Form):
    summary = forms.CharField(label=_("摘要"), max_length=100, required=False)
    account = AccountChoiceField(Account.objects.none(), label=_("会计科目"), required=False)
    debit = forms.DecimalField(label=_("借方金额"), max_digits=14, decimal_places=2, required=False, min_value=0)
    credit = forms.DecimalField(label=_("贷方金额"), max_digits=14, decimal_places=2, required=False, min_value=0)

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if accounts is not None:
            self.fields["account"].queryset = accounts

    def clean(self):
        data = super().clean()
        debit, credit = data.get("debit") or Decimal(0), data.get("credit") or Decimal(0)
        if not data.get("account") and not debit and not credit and not data.get("summary"):
            return data  # an empty row
        if not data.get("account"):
            self.add_error("account", _("请选择会计科目"))
        if debit and credit:
            raise ValidationError(_("一行只能填借方或贷方金额之一"))
        if not debit and not credit:
            raise ValidationError(_("请填写借方或贷方金额(大于 0)"))
        return data

    def to_line(self, default_summary: str) -> Line | None:
        data = self.cleaned_data
        if not data or not data.get("account"):
            return None
        side, amount = (Side.DEBIT, data["debit"]) if data.get("debit") else (Side.CREDIT, data["credit"])
        return Line(data["account"], side, amount, (data.get("summary") or "").strip() or default_summary)


class BaseLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[Line]:
        first = next((f.cleaned_data.get("summary", "").strip() for f in self.forms
                      if f.cleaned_data and f.cleaned_data.get("summary")), "")
        return [line for f in self.forms if (line := f.to_line(first)) is not None]


def line_formset(extra_rows: int = 2):
    """The lines of the entry form: at least six rows, plus `extra_rows` blank ones after the filled."""
    return forms.formset_factory(VoucherLineForm, formset=BaseLineFormSet, extra=max(0, min(extra_rows, 60)),
                                 min_num=6, max_num=200, validate_max=True)


def accounts_for(user):
    """Leaf accounts the user may post to: the standard ones and the sub-accounts of villages in scope."""
    charts = access.visible(user, Ledger.objects.all()).values("chart")
    visible = access.visible(user, Account.objects.select_related("village")).filter(chart__in=charts)
    parents = Account.objects.filter(parent__isnull=False).values("parent_id")
    return visible.exclude(pk__in=parents.filter(village__isnull=True)).order_by("chart", "code")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class ScanForm(forms.Form):
    """Only asks for a file: what the file may be is decided by finance.operations.attach_scan, for every door."""

    file = forms.FileField(label=_("原始凭证扫描件(PDF、JPG、PNG,不超过 10 MB)"), allow_empty_file=True,
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
