"""What finishing issue 12 added: a rental owner from another village is refused from every door; the charter
sets the minimum number of quotes as it stood on the competition's day; a settlement refunds the surplus to the
commissioning body in a balanced voucher that the project file shows."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coop import operations as coop_ops
from coop.errors import Rule, RuleViolation
from finance.models import VoucherLine
from members import operations as mem
from projects import operations as ops
from projects.models import Competition, Rental
from projects.reports import project_file
from tests import builders
from tests.projects.test_reports import pdf_text


@pytest.fixture
def outsider(site):
    """A villager of 小留坝村 (the same township), not of the project's 桑园村."""
    home = mem.register_household(village=site.world.v12, number="901", by=site.officer)
    return mem.register_person(household=home, name="外村人", id_number=builders.id_number(90), by=site.officer)


def _rental(owner):
    return ops.RentalRow(owner=owner, on=date(2026, 5, 6), item="挖掘机", units=Decimal("2"), rate=Decimal("800"),
                         row=2)


def test_a_rental_owner_from_another_village_is_refused_by_the_operation(site, outsider):
    project = site.build.at("under_way")
    with pytest.raises(ops.BatchRefused) as refused:
        ops.record_rental_batch(project=project, rows=[_rental(outsider)], by=site.chair)
    assert refused.value.rule == Rule.R5 and "不是本村人员" in str(refused.value)
    assert refused.value.refusals[0].error.field == "owner"
    assert not Rental.objects.exists()


def test_a_rental_owner_from_another_village_is_refused_on_the_add_form(site, outsider, client_for):
    project = site.build.at("under_way")
    # the chairman cannot even pick him (his form offers his village's people only): the township officer can
    response = client_for(site.officer).post(reverse("admin:projects_rental_add"), {
        "project": project.pk, "owner": outsider.pk, "item": "挖掘机", "on": "2026-05-06", "units": "2",
        "unit": "台班", "rate": "800"})
    assert response.status_code == 200 and "不是本村人员" in response.content.decode()
    assert not Rental.objects.exists()


def test_a_rental_outside_the_work_period_is_refused(site):
    project = site.build.at("under_way")
    row = ops.RentalRow(owner=site.people["杨三"], on=date(2026, 11, 3), item="搅拌机", units=Decimal("1"),
                        rate=Decimal("100"))
    with pytest.raises(ops.BatchRefused) as refused:
        ops.record_rental_batch(project=project, rows=[row], by=site.chair)
    assert "工期" in str(refused.value)


def test_the_minimum_of_quotes_is_the_charters_on_the_competitions_day(site):
    project = site.build.at("entrusted")
    coop_ops.amend_charter(cooperative=site.coop, adopted_on=date(2026, 3, 18), project_min_quotes=4,
                           by=site.admin)
    with pytest.raises(RuleViolation) as refused:
        site.build.compete(project)  # three quotes on 2026-03-20, the charter of 2026-03-18 asks four
    assert refused.value.rule == Rule.R5 and "至少 4 家" in str(refused.value)
    assert not Competition.objects.exists()


def test_a_competition_before_the_charter_changed_keeps_the_old_minimum(site):
    project = site.build.at("entrusted")
    coop_ops.amend_charter(cooperative=site.coop, adopted_on=date(2026, 3, 25), project_min_quotes=4,
                           by=site.admin)
    competition = site.build.compete(project)  # on 2026-03-20, under the version that asks three
    assert competition.min_quotes == 3


def test_a_charter_asking_fewer_than_two_quotes_is_refused(site):
    with pytest.raises(ValidationError):
        coop_ops.amend_charter(cooperative=site.coop, adopted_on=date(2026, 3, 18), project_min_quotes=1,
                               by=site.admin)


def test_the_settlement_refunds_the_surplus_in_one_balanced_voucher(site):
    project = site.build.at("accepted")  # received 240,000.00, paid 200,000.00
    settlement = site.build.settle(project)
    assert settlement.surplus == Decimal("40000.00")
    lines = list(VoucherLine.objects.filter(voucher=settlement.voucher).select_related("account"))
    sides = {side: sum(line.amount for line in lines if line.side == side) for side in ("debit", "credit")}
    assert sides == {"debit": Decimal("240000.00"), "credit": Decimal("240000.00")}
    assert {(line.account.code[:3], line.side, line.amount) for line in lines} == {
        ("231", "debit", Decimal("240000.00")), ("311", "credit", Decimal("200000.00")),
        ("102", "credit", Decimal("40000.00"))}
    assert all("退回" in line.summary for line in lines)


def test_the_project_file_shows_the_refund(site):
    project = site.build.at("settled")
    text = pdf_text(project_file(project))
    assert "结余资金" in text and "¥40,000.00" in text and "退回留坝县交通运输局" in text


def test_the_project_page_and_the_list_link_to_the_outputs(site, client_for):
    project = site.build.at("under_way")
    payment = ops.pay_labour(project=project, on=date(2026, 5, 20), by=site.chair) if ops.record_labour_batch(
        project=project, by=site.chair, rows=[ops.LabourRow(person=site.people["刘一"], on=date(2026, 5, 6),
                                                            days=Decimal("2"), daily_wage=Decimal("150"))]) else None
    client = client_for(site.chair)
    page = client.get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    for url in (reverse("projects:file", args=[project.pk]), reverse("projects:payroll", args=[payment.pk]),
                reverse("projects:register"), reverse("projects:overview"),
                reverse("admin:projects_project_labour_import", args=[project.pk])):
        assert url in page
    listing = client.get(reverse("admin:projects_project_changelist")).content.decode()
    for url in (reverse("projects:file", args=[project.pk]), reverse("projects:register"),
                reverse("projects:overview")):
        assert url in listing
    payments = client.get(reverse("admin:projects_payment_changelist")).content.decode()
    assert reverse("projects:payroll", args=[payment.pk]) in payments
