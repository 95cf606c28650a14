"""R4b: wages and rents are never paid to a village cadre or a cadre's immediate family, judged on the payment
date, for a whole payroll at once; a labour batch is refused whole, naming the row and the relation."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from members import operations as mem
from members.models import CadreTerm
from projects import operations as ops
from projects.models import LabourRecord, Payment, Rental


def _labour(site, names, on=date(2026, 5, 6), first_row=2):
    return [ops.LabourRow(person=site.people[name], on=on, days=Decimal("5"), daily_wage=Decimal("150"),
                          row=first_row + i) for i, name in enumerate(names)]


def test_a_labour_batch_with_a_cadres_son_is_refused_whole_naming_the_row_and_the_relation(site):
    project = site.build.at("under_way")
    with pytest.raises(ops.BatchRefused) as refused:
        ops.record_labour_batch(project=project, rows=_labour(site, ["刘一", "陈二", "张小明"]), by=site.chair)
    only = refused.value.refusals
    assert [(r.row, r.error.rule) for r in only] == [(4, Rule.R4B)]
    assert "张小明" in str(only[0].error) and "张德明" in str(only[0].error) and "子女" in str(only[0].error)
    assert "第 4 行" in str(refused.value)
    assert not LabourRecord.objects.exists()


def test_the_payroll_of_clean_workers_is_paid_and_each_line_keeps_its_check(site):
    project = site.build.at("under_way")
    ops.record_labour_batch(project=project, rows=_labour(site, ["刘一", "陈二", "刘一"]), by=site.chair)
    payment = ops.pay_labour(project=project, on=date(2026, 5, 20), by=site.chair)
    assert sorted((line.payee, line.amount) for line in payment.lines.all()) == [
        ("刘一", Decimal("1500.00")), ("陈二", Decimal("750.00"))]
    ops.approve_payment(payment=payment, by=site.officer)
    assert {line.cadre_check for line in payment.lines.all()} == {"经核查,非村干部及其直系亲属"}
    assert LabourRecord.objects.filter(payment=payment).count() == 3


def test_the_payroll_is_judged_on_the_payment_date_when_a_worker_has_since_become_a_cadre(site):
    project = site.build.at("under_way")
    ops.record_labour_batch(project=project, rows=_labour(site, ["刘一", "陈二"]), by=site.chair)
    mem.record_cadre_term(village=site.world.v11, person=site.people["陈二"], post=CadreTerm.Post.COMMITTEE_MEMBER,
                          start=date(2026, 5, 15), by=site.officer)
    with pytest.raises(RuleViolation) as refused:
        ops.pay_labour(project=project, on=date(2026, 5, 20), by=site.chair)
    assert refused.value.rule == Rule.R4B and "陈二" in str(refused.value)
    assert set(refused.value.offenders) == {site.people["陈二"].pk}
    assert not Payment.objects.exists()


def test_a_wage_paid_to_the_cadre_through_a_plain_payment_is_refused(site):
    project = site.build.at("under_way")
    with pytest.raises(RuleViolation) as refused:
        ops.record_payment(project=project, kind=Payment.Kind.WAGES, on=date(2026, 5, 20), summary="工资",
                           payees=[ops.Payee(amount=Decimal("500"), person=site.people["张德明"])], by=site.chair)
    assert refused.value.rule == Rule.R4B


def test_a_wage_must_name_the_person_paid(site):
    project = site.build.at("under_way")
    with pytest.raises(RuleViolation) as refused:
        ops.record_payment(project=project, kind=Payment.Kind.WAGES, on=date(2026, 5, 20), summary="工资",
                           payees=[ops.Payee(amount=Decimal("500"), name="张小明")], by=site.chair)
    assert refused.value.rule == Rule.R4B


def test_a_rental_from_the_cadres_son_is_refused(site):
    project = site.build.at("under_way")
    rows = [ops.RentalRow(owner=site.people["张小明"], on=date(2026, 5, 6), item="挖掘机", units=Decimal("2"),
                          rate=Decimal("800"), row=2)]
    with pytest.raises(ops.BatchRefused) as refused:
        ops.record_rental_batch(project=project, rows=rows, by=site.chair)
    assert refused.value.rule == Rule.R4B and not Rental.objects.exists()


def test_rent_is_paid_per_owner(site):
    project = site.build.at("under_way")
    rows = [ops.RentalRow(owner=site.people["杨三"], on=date(2026, 5, 6), item="搅拌机", units=Decimal("3"),
                          rate=Decimal("120.50"))]
    ops.record_rental_batch(project=project, rows=rows, by=site.chair)
    payment = ops.pay_rentals(project=project, on=date(2026, 5, 20), by=site.chair)
    assert payment.kind == "rent" and payment.amount == Decimal("361.50")


def test_a_cadre_appointed_between_recording_and_approval_stops_the_approval(site):
    project = site.build.at("under_way")
    ops.record_labour_batch(project=project, rows=_labour(site, ["刘一"]), by=site.chair)
    payment = ops.pay_labour(project=project, on=date(2026, 5, 20), by=site.chair)
    mem.record_cadre_term(village=site.world.v11, person=site.people["刘一"], post=CadreTerm.Post.BRANCH_MEMBER,
                          start=date(2026, 5, 1), by=site.officer)
    with pytest.raises(RuleViolation) as refused:
        ops.approve_payment(payment=payment, by=site.officer)
    assert refused.value.rule == Rule.R4B
    payment.refresh_from_db()
    assert payment.status == "pending" and payment.voucher is None


def test_the_payroll_check_costs_the_same_queries_for_one_worker_and_for_fifty(site, django_assert_max_num_queries):
    from members.models import Household, Person
    from tests import builders

    project = site.build.at("under_way")
    household = Household.objects.get(village=site.world.v11, number="001")
    for i in range(50):
        Person.objects.create(household=household, name=f"工人{i}", relation="other",
                              id_number=builders.id_number(100 + i, 1990))
    workers = list(Person.objects.filter(name__startswith="工人"))
    for count in (1, 50):
        rows = [ops.LabourRow(person=w, on=date(2026, 5, 6), days=Decimal("1"), daily_wage=Decimal("100"))
                for w in workers[:count]]
        with django_assert_max_num_queries(8):
            ops.labour_refusals(project, rows)
