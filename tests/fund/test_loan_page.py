"""A loan's page: the 下一步 box and the buttons by role and stage, each a form calling the operations, refusals in
the rule's words on the form (never a 500, nothing written), and the links that lead to the page."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from coop.roles import Role
from finance.fund import operations as fund_ops
from finance.fund.models import Repayment, Stage, WriteOff
from tests.fund.conftest import apply
from tests.fund.running import pay, running, with_early_capital

CEILING = 45


@pytest.fixture
def b(fund_world):
    return with_early_capital(fund_world)


def page(client, loan):
    return client.get(reverse("admin:fund_loan_change", args=[loan.pk]))


def step(loan, name):
    return reverse("admin:fund_loan_step", args=[loan.pk, name])


def labels(response):
    return [action.label for action in response.context["loan_actions"]]


def test_an_application_waits_for_the_council_and_the_chairman_is_offered_the_review(b, client_for):
    loan = apply(b, b.members[0])
    response = page(client_for(b.chair), loan)
    assert "理事会审议" in response.context["next_step"].text and response.context["next_step"].who == "理事长"
    assert labels(response)[0] == "录入理事会审议" and "登记还款" not in labels(response)


def test_a_running_loan_offers_the_chairman_repayment_reschedule_write_off_and_the_papers(b, client_for):
    loan = running(b, b.members[0], "5000")
    pay(b, loan, "450", date(2026, 2, 5))
    response = page(client_for(b.chair), loan)
    assert labels(response) == ["登记还款", "申请展期", "申请核销", "打印借款合同", "打印最近收据 2026-00001",
                                "还款计划表"]
    assert "下一步" in response.text and "fund-loan-next" in response.text
    assert "逾期" in response.context["next_step"].text  # instalments have fallen due since (today is later)


def test_the_auditor_reads_the_page_without_buttons_and_cannot_open_a_step(b, client_for):
    loan = running(b, b.members[0], "5000")
    auditor = client_for(b.world.users[Role.AUDITOR])
    response = page(auditor, loan)
    assert response.status_code == 200 and labels(response) == ["打印借款合同", "还款计划表"]
    assert auditor.post(step(loan, "repay"), {"paid_on": "2026-02-05", "amount": "100"}).status_code == 403
    assert not Repayment.objects.exists()


def test_a_repayment_from_the_loan_page_goes_through_the_operation(b, client_for):
    loan = running(b, b.members[0], "5000")
    client = client_for(b.chair)
    form = client.get(step(loan, "repay"))
    assert form.status_code == 200 and "提前结清需" in form.text and form.context["form"].initial["amount"] > 0
    response = client.post(step(loan, "repay"), {"paid_on": "2026-02-05", "amount": "450.00"})
    assert response.status_code == 302 and response.url == reverse("admin:fund_loan_change", args=[loan.pk])
    assert Repayment.objects.get().amount == Decimal("450.00")


def test_an_overpayment_on_the_loan_page_is_refused_on_the_form_and_writes_nothing(b, client_for):
    loan = running(b, b.members[0], "5000")
    response = client_for(b.chair).post(step(loan, "repay"), {"paid_on": "2026-02-05", "amount": "90000"})
    assert response.status_code == 200 and "多收的钱不能入账" in response.text
    assert not Repayment.objects.exists()


def test_a_reschedule_needs_a_reason_and_reaches_the_township(b, client_for):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    client = client_for(b.chair)
    missing = client.post(step(loan, "reschedule"), {"on": "2026-04-05", "new_term_months": "12", "reason": ""})
    assert missing.status_code == 200 and not loan.reschedules.exists()
    done = client.post(step(loan, "reschedule"), {"on": "2026-04-05", "new_term_months": "12", "reason": "外出务工"})
    assert done.status_code == 302 and loan.reschedules.get().reason == "外出务工"
    officer_page = page(client_for(b.officer), loan)
    assert "审批展期申请" in labels(officer_page) and "展期申请" in officer_page.context["next_step"].text


def test_the_township_decides_a_write_off_on_the_loan_page_never_its_own(b, client_for):
    loan = running(b, b.members[0], "5000")
    client_for(b.chair).post(step(loan, "write_off"), {"on": "2026-06-01", "reason": "借款人死亡,无财产可供清偿"})
    assert WriteOff.objects.get().status == "pending"
    officer = client_for(b.officer)
    assert "审批核销" in labels(page(officer, loan))
    form = officer.get(step(loan, "decide_write_off"))
    assert "借款人死亡" in form.text
    officer.post(step(loan, "decide_write_off"), {"decision": "approve", "reason": ""})
    loan.refresh_from_db()
    assert loan.stage == Stage.WRITTEN_OFF and "已于" in page(officer, loan).context["next_step"].text


def test_a_write_off_proposed_by_the_officer_is_not_his_to_approve(b, client_for):
    loan = running(b, b.members[0], "5000")
    officer = client_for(b.officer)
    officer.post(step(loan, "write_off"), {"on": "2026-06-01", "reason": "失踪"})
    assert "审批核销" not in labels(page(officer, loan))
    refused = officer.post(step(loan, "decide_write_off"), {"decision": "approve"})
    assert refused.status_code == 200 and "R2" in refused.text
    assert WriteOff.objects.get().status == "pending"


def test_a_loans_page_costs_the_same_with_one_repayment_and_with_many(b, client_for, django_assert_max_num_queries):
    loan = running(b, b.members[0], "5000")
    pay(b, loan, "450", date(2026, 2, 5))
    client = client_for(b.chair)
    with django_assert_max_num_queries(CEILING):
        assert page(client, loan).status_code == 200
    for month in range(3, 8):
        pay(b, loan, "450", date(2026, month, 5))
    with django_assert_max_num_queries(CEILING):
        assert page(client, loan).status_code == 200


def test_the_member_page_the_dashboard_and_the_repayment_list_lead_to_the_loan(b, client_for):
    loan = running(b, b.members[0], "5000")
    pay(b, loan, "450", date(2026, 2, 5))
    target = reverse("admin:fund_loan_change", args=[loan.pk])
    client = client_for(b.chair)
    assert target in client.get(reverse("admin:members_member_change", args=[b.members[0].pk])).text
    assert target in client.get(reverse("admin:index")).text
    assert target in client.get(reverse("admin:fund_repayment_changelist")).text
    fund_ops.mark_overdue()
