"""The forms of the project's step pages. They only read the clerk's input; every rule is the operation's, and
its refusal shows on the form."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop import spreadsheets
from projects import operations as ops
from projects.models import Acceptance, Audit

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


def _today():
    return timezone.localdate()


def _rows(text: str, columns: int, label: str) -> list[list[str]]:
    """Lines of comma-separated cells (full-width commas too), each with at least `columns` cells."""
    rows = []
    for number, line in enumerate(filter(None, (raw.strip() for raw in (text or "").splitlines())), start=1):
        cells = [cell.strip() for cell in line.replace(",", ",").split(",")]
        if len(cells) < columns:
            raise ValidationError(_("%(label)s第 %(n)s 行应有 %(c)s 项,用逗号分隔") % {
                "label": label, "n": number, "c": columns})
        rows.append(cells)
    return rows


def _money(text: str, where: str) -> Decimal:
    """An amount typed in a line (a bid's price): a finite number the ledger holds, read as an import reads one."""
    try:
        amount = spreadsheets.number(text, _("%(w)s的金额") % {"w": where})
    except spreadsheets.CellError as error:
        raise ValidationError(str(error)) from error
    if amount is None:
        raise ValidationError(_("%(w)s的金额“%(t)s”不是数字") % {"w": where, "t": text})
    return amount


class DecisionForm(forms.Form):
    approved = forms.TypedChoiceField(label=_("批复意见"), choices=[("1", _("同意")), ("", _("不同意"))],
                                      coerce=bool, empty_value=False, required=False, initial="1")
    decided_by = forms.CharField(label=_("委托方批复人"), max_length=30)
    on = forms.DateField(label=_("批复日期"), initial=_today, **DATE)
    document_number = forms.CharField(label=_("批复文号"), max_length=50, required=False)
    reason = forms.CharField(label=_("理由(不同意时必填)"), max_length=200, required=False)


class EntrustmentForm(forms.Form):
    upload = forms.FileField(label=_("协议扫描件(PDF、JPG 或 PNG)"))
    on = forms.DateField(label=_("签订日期"), initial=_today, **DATE)
    body_signatory = forms.CharField(label=_("委托方签字人"), max_length=30)
    cooperative_signatory = forms.CharField(label=_("合作社签字人"), max_length=30)
    amount = forms.DecimalField(label=_("委托金额(元)"), max_digits=14, decimal_places=2)


class CompetitionForm(forms.Form):
    on = forms.DateField(label=_("比选日期"), initial=_today, **DATE)
    bids = forms.CharField(label=_("报价(每行:单位,负责人,报价)"), widget=forms.Textarea(attrs={"rows": 4}))
    selected = forms.IntegerField(label=_("中选的是第几行"), min_value=1, initial=1)
    reason = forms.CharField(label=_("选定理由"), max_length=300)
    evaluators = forms.CharField(label=_("评选人员(每行:姓名,身份,与报价单位有无利害关系:无/有)"),
                                 widget=forms.Textarea(attrs={"rows": 3}))

    def clean_bids(self):
        return [ops.Bid(bidder=cells[0], leader=cells[1], price=_money(cells[2], cells[0]))
                for cells in _rows(self.cleaned_data["bids"], 3, _("报价"))]

    def clean_evaluators(self):
        return [ops.Evaluator(name=cells[0], position=cells[1], no_conflict=cells[2] in ("无", "否", "no"))
                for cells in _rows(self.cleaned_data["evaluators"], 3, _("评选人员"))]

    def clean_selected(self):
        return self.cleaned_data["selected"] - 1


class ContractForm(forms.Form):
    on = forms.DateField(label=_("签订日期"), initial=_today, **DATE)
    amount = forms.DecimalField(label=_("合同金额(元)"), max_digits=14, decimal_places=2)
    starts_on = forms.DateField(label=_("开工日期"), **DATE)
    ends_on = forms.DateField(label=_("竣工日期"), **DATE)
    team_leader = forms.CharField(label=_("施工队负责人"), max_length=30, required=False)


class ReceiptForm(forms.Form):
    on = forms.DateField(label=_("到账日期"), initial=_today, **DATE)
    amount = forms.DecimalField(label=_("金额(元)"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("资金来源"), max_length=50)
    document_number = forms.CharField(label=_("拨款文号"), max_length=50, required=False)


class AcceptanceForm(forms.Form):
    on = forms.DateField(label=_("验收日期"), initial=_today, **DATE)
    findings = forms.CharField(label=_("验收意见"), widget=forms.Textarea(attrs={"rows": 3}))
    committee = forms.CharField(label=_("验收小组(每行:姓名,单位及职务;至少三人)"),
                                widget=forms.Textarea(attrs={"rows": 3}))
    forms_asset = forms.BooleanField(label=_("形成固定资产"), required=False, initial=True)
    asset_name = forms.CharField(label=_("资产名称"), max_length=100, required=False)
    condition = forms.ChoiceField(label=_("资产状况"), choices=[("", "—"), *Acceptance.condition.field.choices],
                                  required=False)

    def clean_committee(self):
        return [ops.CommitteeMember(cells[0], cells[1]) for cells in _rows(self.cleaned_data["committee"], 2,
                                                                           _("验收小组"))]


class SettlementForm(forms.Form):
    on = forms.DateField(label=_("决算日期"), initial=_today, **DATE)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class AuditForm(forms.Form):
    on = forms.DateField(label=_("审计日期"), initial=_today, **DATE)
    auditor = forms.CharField(label=_("审计人员"), max_length=50, required=False)
    conclusion = forms.ChoiceField(label=_("审计结论"), choices=Audit.Conclusion.choices)
    findings = forms.CharField(label=_("审计意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ConfirmForm(forms.Form):
    """A confirmation asks nothing: the township officer reads the recorded step and confirms it."""
