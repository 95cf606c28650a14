"""F2: a year typed with a digit too many (20266) is refused in words at every door of the services — the admin's
payroll, management-fee and sanitation-funding add forms answer 200 with the message beside the year and write
nothing, and the operations refuse it when called directly (no ValueError from date(), no 500)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from coop.errors import Rule, RuleViolation
from services import operations as ops
from services.models import ManagementFee, Payroll, PayrollLine, SanitationFunding

TYPO = 20266


@pytest.fixture
def team(site):
    return site.organisation(leader=site.people["刘一"])


def assert_refused_on_the_form(response, model):
    page = response.content.decode()
    year_error = re.search(r'<ul class="errorlist" id="id_year_error"><li>(.*?)</li>', page)
    assert response.status_code == 200 and year_error and "2100" in year_error.group(1)  # 确保该值小于或等于2100。
    assert not model.objects.exists()


def test_the_payroll_add_form_refuses_year_20266(site, team, client_for):
    response = client_for(site.chair).post(reverse("admin:services_payroll_add"), {
        "organisation": team.pk, "year": str(TYPO), "month": "5", "on": "2026-06-10", "summary": "",
        "lines": "陈二 20 100"})
    assert_refused_on_the_form(response, Payroll)


def test_the_management_fee_add_form_refuses_year_20266(site, team, client_for):
    response = client_for(site.chair).post(reverse("admin:services_managementfee_add"), {
        "organisation": team.pk, "year": str(TYPO), "month": "5"})
    assert_refused_on_the_form(response, ManagementFee)


def test_the_sanitation_funding_add_form_refuses_year_20266(site, client_for):
    response = client_for(site.chair).post(reverse("admin:services_sanitationfunding_add"), {
        "cooperative": site.coop.pk, "year": str(TYPO), "source": "fiscal", "on": "2026-03-01", "amount": "500",
        "document": ""})
    assert_refused_on_the_form(response, SanitationFunding)


@pytest.mark.parametrize("year", [TYPO, 1999, 2101])
def test_record_payroll_refuses_a_year_outside_2000_to_2100(site, team, year):
    line = ops.PayLine(person=site.people["陈二"], kind=PayrollLine.Kind.WAGE, quantity=Decimal("20"),
                       rate=Decimal("100"))
    with pytest.raises(RuleViolation) as refused:
        ops.record_payroll(organisation=team, year=year, month=5, on=date(2026, 6, 10), lines=[line], by=site.chair)
    assert refused.value.rule == Rule.SERVICES and refused.value.field == "year" and str(year) in str(refused.value)
    assert not Payroll.objects.exists()


def test_charge_management_fee_refuses_year_20266(site, team):
    with pytest.raises(RuleViolation) as refused:
        ops.charge_management_fee(organisation=team, year=TYPO, month=5, by=site.chair)
    assert refused.value.field == "year" and "2100" in str(refused.value)
    assert not ManagementFee.objects.exists()


def test_record_sanitation_funding_refuses_year_20266(site):
    with pytest.raises(RuleViolation) as refused:
        ops.record_sanitation_funding(cooperative=site.coop, year=TYPO, source_kind="fiscal", on=date(2026, 3, 1),
                                      amount=Decimal("500"), by=site.chair)
    assert refused.value.field == "year" and "2100" in str(refused.value)
    assert not SanitationFunding.objects.exists()
