"""The county's policy, the funds and their dated terms."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coop.errors import DOMAIN_ERRORS
from coop.money import yuan
from finance.fund import operations as fund_ops
from finance.fund import queries
from finance.fund.admin.base import AddOnlyAdmin
from finance.fund.models import Fund, FundPolicy, FundTerms, RepaymentMethod
from finance.fund.operations.fund import POLICY_FIELDS, TERMS_FIELDS


@admin.register(FundPolicy)
class FundPolicyAdmin(AddOnlyAdmin):
    list_display = ["county", "effective_from", "document", "first_loan_max", "loan_max", "household_max",
                    "max_term_months", "fee_rate_monthly", "penalty_rate_daily", "cadre_loans_allowed"]
    list_select_related = ["county"]
    fields = ["county", "effective_from", *POLICY_FIELDS]

    def perform(self, request, form, change):
        data = form.cleaned_data
        return fund_ops.set_policy(county=data["county"], effective_from=data["effective_from"], by=request.user,
                                   **{k: data[k] for k in POLICY_FIELDS if k in data})


@admin.register(Fund)
class FundAdmin(AddOnlyAdmin):
    list_display = ["name", "cooperative", "established_on", "capital_total", "loans_out", "available"]
    list_select_related = ["cooperative__village"]
    search_fields = ["name"]
    fields = ["cooperative", "name", "established_on", "registration_no"]

    def perform(self, request, form, change):
        return fund_ops.open_fund(by=request.user, **form.cleaned_data)

    def _position(self, obj):
        """The fund's money from its village's books (a village without books yet shows blanks)."""
        if not hasattr(obj, "_position"):
            try:
                obj._position = queries.position(obj)
            except DOMAIN_ERRORS:
                obj._position = None
        return obj._position

    def _figure(self, obj, name):
        position = self._position(obj)
        return yuan(getattr(position, name)) if position else "—"

    @admin.display(description=_("资金总额"))
    def capital_total(self, obj):
        return self._figure(obj, "capital_total")

    @admin.display(description=_("借出本金"))
    def loans_out(self, obj):
        return self._figure(obj, "loans_out")

    @admin.display(description=_("可用余额"))
    def available(self, obj):
        return self._figure(obj, "available")


class TermsForm(forms.ModelForm):
    methods_allowed = forms.MultipleChoiceField(label=_("可选还款方式"), choices=RepaymentMethod.choices,
                                                widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = FundTerms
        fields = ["fund", "adopted_on", "effective_from", *TERMS_FIELDS]


@admin.register(FundTerms)
class FundTermsAdmin(AddOnlyAdmin):
    form = TermsForm
    list_display = ["fund", "version", "effective_from", "adopted_on", "first_loan_max", "loan_max",
                    "household_max", "terms_allowed", "fee_rate_monthly", "group_required", "cadres_barred"]
    list_select_related = ["fund"]
    fields = ["fund", "adopted_on", "effective_from", *TERMS_FIELDS]

    def perform(self, request, form, change):
        data = form.cleaned_data
        return fund_ops.set_terms(fund=data["fund"], adopted_on=data["adopted_on"],
                                  effective_from=data["effective_from"], by=request.user,
                                  **{k: data[k] for k in TERMS_FIELDS if k in data})
