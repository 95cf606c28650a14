"""Every admin door of the subsidised loans goes through the operations: refusals come back as the rule's words
on the page (never a 500), and nothing is written when refused."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from finance.bankloan import operations as loans
from finance.bankloan.models import BankLoan, Drawdown, InterestPayment, InterestPeriod, SubsidyClaim
from tests.bankloan.conftest import draw, pay

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:bankloan_{model._meta.model_name}_{view}", args=args)


def test_a_loan_is_registered_through_the_form_and_a_duplicate_is_refused_on_it(bl, client_for):
    client = client_for(bl.chair)
    data = {"cooperative": bl.world.k11.pk, "bank": "中国农业银行留坝支行", "contract_number": "NY-9",
            "principal": "80000", "annual_rate": "4.35", "term_months": "24", "signed_on": "2026-02-01",
            "maturity": "2028-02-01", "settlement": "quarterly", "penalty_markup": "50", "purpose": "中蜂养殖"}
    first = client.post(url(BankLoan, "add"), data)
    assert first.status_code == 302, first.context["adminform"].form.errors
    assert BankLoan.objects.get(contract_number="NY-9").recorded_by == bl.chair
    again = client.post(url(BankLoan, "add"), data)
    assert again.status_code == 200 and "已经登记" in again.text
    assert BankLoan.objects.filter(contract_number="NY-9").count() == 1


def test_a_drawdown_past_the_principal_is_refused_on_the_form(bl, client_for):
    client = client_for(bl.chair)
    response = client.post(url(Drawdown, "add"), {"loan": bl.loan.pk, "on": "2026-01-05", "amount": "300000.01"})
    assert response.status_code == 200 and "不能超过合同金额" in response.text
    assert not Drawdown.objects.exists()
    assert client.post(url(Drawdown, "add"), {"loan": bl.loan.pk, "on": "2026-01-05",
                                              "amount": "300000"}).status_code == 302


def test_the_township_approves_a_drawdown_on_its_page_and_the_recorder_cannot(bl, client_for):
    row = loans.record_drawdown(loan=bl.loan, on=date(2026, 1, 5), amount=D("1000"), by=bl.officer)
    decide = url(Drawdown, "decide", row.pk, "approve")
    page = client_for(bl.officer).post(decide, follow=True)
    assert "四眼原则" in page.text
    assert Drawdown.objects.get().status == "pending"
    client_for(bl.officer_b).post(decide)
    assert Drawdown.objects.get().voucher is not None


def test_the_loan_page_shows_its_movements_and_periods_and_computes_the_next_quarter(bl, client_for):
    draw(bl, date(2026, 1, 5), "300000")
    client = client_for(bl.chair)
    client.post(url(BankLoan, "changelist"), {"action": "compute_selected", "_selected_action": [bl.loan.pk]})
    assert InterestPeriod.objects.get().interest_due == D("2718.75")
    page = client.get(url(BankLoan, "change", bl.loan.pk))
    assert page.status_code == 200 and "2,718.75" in page.text and "¥300,000.00" in page.text


def test_recording_a_periods_interest_as_paid_and_a_refusal_as_a_message(bl, client_for):
    draw(bl, date(2026, 1, 5), "300000")
    period = loans.compute_interest_period(loan=bl.loan, by=bl.chair)
    client = client_for(bl.chair)
    action = {"action": "record_paid_selected", "_selected_action": [period.pk]}
    client.post(url(InterestPeriod, "changelist"), action)
    payment = InterestPayment.objects.get()
    assert (payment.interest, payment.on, payment.status) == (D("2718.75"), date(2026, 3, 20), "pending")
    again = client.post(url(InterestPeriod, "changelist"), action, follow=True)
    assert "付息金额必须大于 0" in again.text
    assert InterestPayment.objects.count() == 1


def test_a_claim_is_made_on_its_form_once_and_the_township_confirms_it_received(bl, client_for):
    draw(bl, date(2026, 1, 5), "300000")
    pay(bl, loans.compute_interest_period(loan=bl.loan, by=bl.chair), date(2026, 3, 20), "2718.75")
    chair = client_for(bl.chair)
    data = {"cooperative": bl.world.k11.pk, "within": "2026-03-01"}
    first = chair.post(url(SubsidyClaim, "add"), data)
    assert first.status_code == 302, first.context["adminform"].form.errors
    again = chair.post(url(SubsidyClaim, "add"), data)
    assert again.status_code == 200 and "不能重复申请" in again.text
    claim = SubsidyClaim.objects.get()
    assert claim.is_draft  # the form prepares a draft; the chairman submits it from its page
    chair.post(reverse("admin:bankloan_subsidyclaim_draft", args=[claim.pk]), {"do": "submit", "note": ""})
    officer = client_for(bl.officer)
    officer.post(url(SubsidyClaim, "decide", claim.pk, "approve"))
    claim.refresh_from_db()
    assert claim.status == "approved"
    action = {"action": "receive_selected", "_selected_action": [claim.pk]}
    asked = officer.post(url(SubsidyClaim, "changelist"), action)
    assert "到账日期" in asked.text
    done = officer.post(url(SubsidyClaim, "changelist"), {**action, "on": "2026-11-20"}, follow=True)
    assert "已登记 1 笔贴息到账" in done.text, [str(m) for m in done.context["messages"]]
    claim.refresh_from_db()
    assert claim.received_amount == D("2718.75") and claim.receipt_voucher is not None
    assert "贴息申请表" in officer.get(url(SubsidyClaim, "change", claim.pk)).text


def test_a_chairman_is_not_offered_the_townships_actions(bl, client_for):
    draw(bl, date(2026, 1, 5), "300000")
    pay(bl, loans.compute_interest_period(loan=bl.loan, by=bl.chair), date(2026, 3, 20), "2718.75")
    loans.make_claim(cooperative=bl.world.k11, within=date(2026, 3, 1), by=bl.chair)
    for user, offered in ((bl.chair, False), (bl.officer, True)):
        form = client_for(user).get(url(SubsidyClaim, "changelist")).context["action_form"]
        names = [name for name, _label in form.fields["action"].choices] if form else []
        assert ("receive_selected" in names) is offered and ("reject_selected" in names) is offered
