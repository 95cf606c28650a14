"""The fund through the admin over HTTP: the chairman records an application, the council's vote and the
disbursement, the officer approves; every R6 refusal comes back as the rule's words at the door that met it —
the add form, the step pages and the bulk actions."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from finance.fund import operations as fund_ops
from finance.fund.models import CapitalReceipt, Instalment, Loan, Stage
from members import operations as mem
from tests.fund.conftest import apply, approved, open_through_today, terms_kwargs

ADD = reverse("admin:fund_loan_add")
LIST = reverse("admin:fund_loan_changelist")


def form(b, member, amount="5000", **kw):
    return {"member": member.pk, "amount": amount, "term_months": 12, "method": "annuity", "purpose": "养殖土鸡",
            "applied_on": "2026-11-02", "payee_bank": "农村信用社", "payee_account": "6228480000000001"} | kw


def step(loan, name):
    return reverse("admin:fund_loan_step", args=[loan.pk, name])


def said(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_the_whole_way_through_the_admin(fund_world, client_for):
    b = fund_world
    chair = client_for(b.chair)
    assert chair.post(ADD, form(b, b.members[0])).status_code == 302
    loan = Loan.objects.get()
    assert chair.post(step(loan, "review"), {"reviewed_on": "2026-11-02", "votes_for": 5, "votes_against": 0,
                                             "votes_abstain": 0}).status_code == 302
    officer = client_for(b.officer)
    officer.post(LIST, {"action": "approve_selected", "_selected_action": [loan.pk]})
    assert Loan.objects.get().stage == Stage.APPROVED
    chair = client_for(b.chair)
    assert chair.post(step(loan, "disburse"), {"disbursed_on": "2026-11-02"}).status_code == 302
    page = chair.get(reverse("admin:fund_loan_change", args=[loan.pk]))
    assert page.status_code == 200 and "fund-schedule" in page.text and Instalment.objects.count() == 12


@pytest.mark.parametrize(("data", "words"), [
    ({"amount": "5000.01"}, "首次借款上限"),
    ({"term_months": 9}, "借款期限 9 个月"),
    ({"method": "equal_principal"}, "等额本金"),
    ({"amount": "299999"}, "可用余额"),
])
def test_the_application_form_shows_each_refusal_and_saves_nothing(fund_world, client_for, data, words):
    b = fund_world
    if "299999" in data.get("amount", ""):
        fund_ops.set_terms(fund=b.fund, adopted_on=date(2026, 11, 1), effective_from=date(2026, 11, 1),
                           by=b.officer, **terms_kwargs(reserve_amount=296000))
        data = {"amount": "5000"}
    response = client_for(b.chair).post(ADD, form(b, b.members[0], **data))
    assert response.status_code == 200 and words in response.text and "R6" in response.text
    assert not Loan.objects.exists()


def test_the_application_form_refuses_an_overdue_household_and_a_member_who_left(fund_world, client_for):
    b = fund_world
    early = approved(b, b.members[1], "3000", method="fee_monthly", term_months=6, applied_on=date(2026, 1, 5))
    fund_ops.disburse_loan(loan=early, disbursed_on=date(2026, 1, 5), by=b.chair)
    mem.leave_cooperative(member=b.members[0], on=b.day, by=b.chair)
    client = client_for(b.chair)
    assert "逾期" in client.post(ADD, form(b, b.members[1], "1000")).text
    assert "R6" in client.post(ADD, form(b, b.members[0], "1000")).text
    assert Loan.objects.count() == 1


def test_the_application_form_refuses_a_guarantor_at_his_maximum(fund_world, client_for):
    b = fund_world
    apply(b, b.members[0], guarantors=[b.members[5]])
    apply(b, b.members[1], guarantors=[b.members[5]])
    response = client_for(b.chair).post(ADD, form(b, b.members[2], guarantor_members=[b.members[5].pk]))
    assert "达到章程规定的上限" in response.text and Loan.objects.count() == 2


def test_the_bulk_disbursement_pays_what_it_can_and_names_each_refusal(fund_world, client_for):
    b = fund_world
    fund_ops.set_terms(fund=b.fund, adopted_on=date(2026, 11, 1), effective_from=date(2026, 11, 1), by=b.officer,
                       **terms_kwargs(reserve_amount=294000))
    first, second = approved(b, b.members[0], "5000"), approved(b, b.members[1], "5000")
    open_through_today(b)  # the action pays out today
    response = client_for(b.chair).post(LIST, {"action": "disburse_selected", "_selected_action": [first.pk,
                                                                                                    second.pk]})
    assert "可用余额" in said(response) and "已放款 1 笔" in said(response)
    assert list(Loan.objects.order_by("number").values_list("stage", flat=True)) == [Stage.DISBURSED,
                                                                                      Stage.APPROVED]


def test_the_bulk_approval_names_an_r6_refusal(fund_world, client_for):
    b = fund_world
    later = apply(b, b.members[0], "1000", applied_on=date(2026, 1, 6), term_months=6)
    later = fund_ops.review_loan(loan=later, reviewed_on=date(2026, 1, 6), votes_for=3, votes_against=0, by=b.chair)
    early = approved(b, b.members[0], "3000", method="fee_monthly", term_months=6, applied_on=date(2026, 1, 5))
    fund_ops.disburse_loan(loan=early, disbursed_on=date(2026, 1, 5), by=b.chair)
    response = client_for(b.officer).post(LIST, {"action": "approve_selected", "_selected_action": [later.pk]})
    assert "R6" in said(response) and "逾期" in said(response)
    assert Loan.objects.get(pk=later.pk).stage == Stage.COUNCIL_REVIEWED


def test_the_disbursement_page_refuses_with_the_rule_on_the_form(fund_world, client_for):
    b = fund_world
    loan = approved(b, b.members[0])
    mem.leave_cooperative(member=b.members[0], on=b.day, by=b.chair)
    response = client_for(b.chair).post(step(loan, "disburse"), {"disbursed_on": "2026-11-02"})
    assert response.status_code == 200 and "已退社" in response.text
    assert Loan.objects.get().stage == Stage.APPROVED


def test_an_auditor_cannot_open_the_step_pages(fund_world, client_for):
    b = fund_world
    loan = apply(b, b.members[0])
    auditor = b.world.users["auditor"]
    assert client_for(auditor).post(step(loan, "review"), {"reviewed_on": "2026-11-02", "votes_for": 5,
                                                           "votes_against": 0}).status_code == 403
    assert Loan.objects.get().stage == Stage.APPLIED


def test_capital_is_recorded_by_the_village_and_approved_by_the_township(fund_world, client_for):
    b = fund_world
    response = client_for(b.chair).post(reverse("admin:fund_capitalreceipt_add"), {
        "source": "member_contribution", "amount": "500", "received_on": "2026-11-02",
        "member": b.members[0].pk, "payer": "", "document": ""})
    assert response.status_code == 302
    receipt = CapitalReceipt.objects.get(source="member_contribution")
    client_for(b.officer).post(reverse("admin:fund_capitalreceipt_changelist"),
                               {"action": "approve_selected", "_selected_action": [receipt.pk]})
    receipt.refresh_from_db()
    assert receipt.status == "approved" and receipt.voucher.lines.filter(account__code="21121").exists()
