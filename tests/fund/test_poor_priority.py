"""贫困户优先: when the terms give registered-poor households priority, a loan to a household that is not registered
poor is refused the township's approval and the disbursement while a poor household's application waits for the
same fund and the money left cannot cover both — from the operation, the admin action and the command, naming R6
and the waiting household."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse

from coop.errors import Rule, RuleViolation
from finance.fund import operations as fund_ops
from finance.fund.models import Loan, Stage
from tests.fund.conftest import apply, approved, terms_kwargs

LIST = reverse("admin:fund_loan_changelist")


@pytest.fixture
def short(fund_world):
    """4,000 left to lend: the terms from 1 November keep 296,000 of the 300,000 back."""
    b = fund_world
    fund_ops.set_terms(fund=b.fund, adopted_on=date(2026, 11, 1), effective_from=date(2026, 11, 1), by=b.officer,
                       **terms_kwargs(reserve_amount=296000))
    return b


def reviewed(b, member, amount):
    loan = apply(b, member, amount)
    return fund_ops.review_loan(loan=loan, reviewed_on=b.day, votes_for=5, votes_against=0, by=b.chair)


def test_a_non_poor_household_waits_while_a_poor_one_waits_and_the_money_cannot_cover_both(short):
    b = short
    apply(b, b.members[0], "3000")  # 借款人1, registered poor, waiting for the council
    richer = reviewed(b, b.members[4], "3000")
    with pytest.raises(RuleViolation) as refused:
        fund_ops.approve_loan(loan=richer, by=b.officer)
    assert refused.value.rule == Rule.R6
    assert "贫困户优先" in str(refused.value) and "借款人1" in str(refused.value)
    assert Loan.objects.get(pk=richer.pk).stage == Stage.COUNCIL_REVIEWED


def test_when_the_money_covers_both_the_non_poor_loan_is_approved(short):
    b = short
    apply(b, b.members[0], "3000")
    richer = reviewed(b, b.members[4], "1000")
    assert fund_ops.approve_loan(loan=richer, by=b.officer).stage == Stage.APPROVED


def test_without_the_priority_in_the_terms_nothing_waits(fund_world):
    b = fund_world
    fund_ops.set_terms(fund=b.fund, adopted_on=date(2026, 11, 1), effective_from=date(2026, 11, 1), by=b.officer,
                       **terms_kwargs(reserve_amount=296000, poor_priority=False))
    apply(b, b.members[0], "3000")
    richer = reviewed(b, b.members[4], "3000")
    assert fund_ops.approve_loan(loan=richer, by=b.officer).stage == Stage.APPROVED


def test_the_disbursement_is_refused_when_a_poor_application_came_in_after_the_approval(short):
    b = short
    richer = approved(b, b.members[4], "3000")
    apply(b, b.members[1], "2000")  # 借款人2, registered poor
    with pytest.raises(RuleViolation) as refused:
        fund_ops.disburse_loan(loan=richer, disbursed_on=b.day, by=b.chair)
    assert refused.value.rule == Rule.R6 and "借款人2" in str(refused.value)
    assert Loan.objects.get(pk=richer.pk).voucher is None


def test_a_poor_household_is_never_held_back_by_the_priority(short):
    b = short
    apply(b, b.members[1], "3000")
    poor = reviewed(b, b.members[0], "3000")
    assert fund_ops.approve_loan(loan=poor, by=b.officer).stage == Stage.APPROVED


def test_the_admin_action_names_the_rule_and_the_waiting_household(short, client_for):
    b = short
    apply(b, b.members[0], "3000")
    richer = reviewed(b, b.members[4], "3000")
    response = client_for(b.officer).post(LIST, {"action": "approve_selected", "_selected_action": [richer.pk]})
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert response.status_code == 302 and "贫困户优先" in said and "借款人1" in said
    assert Loan.objects.get(pk=richer.pk).stage == Stage.COUNCIL_REVIEWED


def test_the_command_names_the_rule_and_the_waiting_household(short, capsys):
    b = short
    richer = approved(b, b.members[4], "3000")
    apply(b, b.members[0], "3000")
    with pytest.raises(CommandError):
        call_command("fund_disburse", "--village", b.world.v11.code, str(richer.number), "--on", "2026-11-02")
    err = capsys.readouterr().err
    assert "贫困户优先" in err and "借款人1" in err
