"""The forms of the distribution's admin pages. They only collect input: every rule is the operation's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from distribution.models import DistributionPlan

DATE = forms.DateInput(attrs={"type": "date"})


class PlanForm(forms.ModelForm):
    """编制: the year and the record date; the ratios only when the village states the assembly's (they must be the
    charter's on the record date, R7); left empty, the charter's are used."""

    dividend_ratio = forms.DecimalField(label=_("社员分红比例(%)"), required=False, max_digits=5, decimal_places=2)
    development_ratio = forms.DecimalField(label=_("合作社发展比例(%)"), required=False, max_digits=5,
                                           decimal_places=2)
    accumulation_ratio = forms.DecimalField(label=_("集体积累比例(%)"), required=False, max_digits=5,
                                            decimal_places=2, help_text=_("三项比例留空则按股权登记日适用的章程"))

    class Meta:
        model = DistributionPlan
        fields = ["cooperative", "year", "record_date"]
        widgets = {"record_date": DATE}

    def stated_ratios(self):
        ratios = [self.cleaned_data.get(f) for f in ("dividend_ratio", "development_ratio", "accumulation_ratio")]
        if all(r is None for r in ratios):
            return None
        return tuple(r if r is not None else 0 for r in ratios)


class AssemblyForm(forms.Form):
    on = forms.DateField(label=_("社员大会日期"), widget=DATE)
    attendance = forms.IntegerField(label=_("出席人数"), min_value=1)
    votes_for = forms.IntegerField(label=_("赞成票"), min_value=0)
    votes_against = forms.IntegerField(label=_("反对票"), min_value=0)
    minutes = forms.FileField(label=_("会议记录扫描件"), help_text=_("PDF、JPG 或 PNG,不超过 10 MB"))
