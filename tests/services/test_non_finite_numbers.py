"""F3: NaN, Infinity and numbers too long for the books (1E+30) are refused in words at every door of the services
— the payroll form's lines, the payroll and service-record imports, and the operations called directly — naming
the field, and nothing is written (decimal.InvalidOperation used to escape as a 500)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coop.errors import Rule, RuleViolation
from services import imports
from services import operations as ops
from services.models import AgencyTrade, FeeSchedule, Payroll, PayrollLine, SanitationFunding, ServiceRecord
from services.models import ServiceOrganisation as Org
from tests import builders

ON = date(2026, 6, 10)
BAD = ["nan", "inf", "1E+30"]
WORDS = ("不是有效的数字", "超出上限")


def refused_in_words(text):
    return any(words in text for words in WORDS)


@pytest.fixture
def team(site):
    org = site.organisation(leader=site.people["刘一"])
    ops.set_fee_schedule(organisation=org, service="机耕", unit="mu", rate=Decimal("85"),
                         effective_from=date(2026, 1, 5), by=site.chair)
    return org


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("column", ["days", "rate"])
def test_the_payroll_form_refuses_a_non_finite_or_huge_number_in_its_lines(site, team, client_for, bad, column):
    line = f"陈二 {bad} 100" if column == "days" else f"陈二 20 {bad}"
    response = client_for(site.chair).post(reverse("admin:services_payroll_add"), {
        "organisation": team.pk, "year": "2026", "month": "5", "on": "2026-06-10", "summary": "", "lines": line})
    page = response.content.decode()
    assert response.status_code == 200 and refused_in_words(page)
    assert not Payroll.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_the_payroll_import_refuses_a_non_finite_or_huge_number_against_its_cell(site, team, client_for, bad):
    person = site.people["陈二"]
    data = builders.xlsx([[person.name, person.id_number, "工资", "20", bad, ""]], imports.PAY_HEADERS)
    parsed = imports.parse_payroll(data, team, 2026, 5, ON)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "单价")] and refused_in_words(parsed.errors[0].message)
    response = client_for(site.chair).post(reverse("admin:services_payroll_import"), {
        "organisation": team.pk, "year": "2026", "month": "5", "on": "2026-06-10",
        "file": SimpleUploadedFile("工资表.xlsx", data)})
    assert response.status_code == 200 and 'name="token"' not in response.content.decode()
    assert not Payroll.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_the_service_import_refuses_a_non_finite_or_huge_quantity(site, team, bad):
    data = builders.xlsx([["机耕", "2026-05-06", bad, "002", "", "", ""]], imports.SERVICE_HEADERS)
    parsed = imports.parse_services(data, team)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "数量")] and refused_in_words(parsed.errors[0].message)


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("field", ["quantity", "rate"])
def test_record_payroll_refuses_a_non_finite_or_huge_number_naming_the_field(site, team, bad, field):
    values = {"quantity": Decimal("20"), "rate": Decimal("100")} | {field: Decimal(bad)}
    line = ops.PayLine(person=site.people["陈二"], kind=PayrollLine.Kind.WAGE, row=1, **values)
    with pytest.raises(ops.BatchRefused) as refused:
        ops.record_payroll(organisation=team, year=2026, month=5, on=ON, lines=[line], by=site.chair)
    assert [(r.row, r.error.field) for r in refused.value.refusals] == [(1, field)]
    assert refused_in_words(str(refused.value))
    assert not Payroll.objects.exists() and not PayrollLine.objects.exists()


def test_a_payroll_line_whose_amount_passes_the_ledgers_14_digits_is_refused(site, team):
    line = ops.PayLine(person=site.people["陈二"], kind=PayrollLine.Kind.WAGE, quantity=Decimal("99999"),
                       rate=Decimal("99999999999"), row=1)
    with pytest.raises(ops.BatchRefused) as refused:
        ops.record_payroll(organisation=team, year=2026, month=5, on=ON, lines=[line], by=site.chair)
    assert "超出上限" in str(refused.value) and not Payroll.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_record_services_refuses_a_non_finite_or_huge_quantity(site, team, bad):
    with pytest.raises(ops.BatchRefused) as refused:
        ops.record_service(organisation=team, service="机耕", on=date(2026, 5, 6), quantity=Decimal(bad),
                           household=site.people["陈二"].household, by=site.chair)
    assert refused.value.field == "quantity" and refused_in_words(str(refused.value))
    assert not ServiceRecord.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_the_money_operations_refuse_a_non_finite_or_huge_amount_naming_the_field(site, bad):
    shop = site.organisation(name="电商服务点", form=Org.Form.POINT, category=Org.Category.ECOMMERCE)
    calls = {
        "rate": lambda: ops.set_fee_schedule(organisation=shop, service="代购", unit="次", rate=Decimal(bad),
                                             effective_from=date(2026, 2, 1), by=site.chair),
        "amount": lambda: ops.record_sanitation_funding(cooperative=site.coop, year=2026, source_kind="fiscal",
                                                        on=date(2026, 3, 1), amount=Decimal(bad), by=site.chair),
        "gross": lambda: ops.record_trade(organisation=shop, kind="sale", person=site.people["陈二"], goods="香菇",
                                          on=date(2026, 5, 6), gross=Decimal(bad), commission=Decimal("15"),
                                          counterparty="甲", pay_account="62170000111122223", by=site.chair),
    }
    for field, call in calls.items():
        with pytest.raises(RuleViolation) as refused:
            call()
        assert refused.value.rule == Rule.SERVICES and refused.value.field == field
        assert refused_in_words(str(refused.value))
    assert not (FeeSchedule.objects.filter(organisation=shop).exists() or SanitationFunding.objects.exists()
                or AgencyTrade.objects.exists())
