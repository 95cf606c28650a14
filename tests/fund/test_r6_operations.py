"""R6 at the operations' door: each refusal names the rule and leaves nothing written — at application, and
again at approval and disbursement when things changed in between."""

from datetime import date
from decimal import Decimal as D

import pytest

from coop.errors import Rule, RuleViolation
from finance.fund import operations as fund_ops
from finance.fund.models import GuaranteeGroup, Instalment, Loan, LoanGuarantor, Stage
from members import operations as mem
from tests import builders
from tests.fund.conftest import apply, approved, lend, terms_kwargs

EARLY = date(2026, 1, 5)  # a loan paid out then has an instalment overdue by DAY


def refused(words, act):
    loans, guarantors = Loan.objects.count(), LoanGuarantor.objects.count()
    with pytest.raises(RuleViolation, match=words) as err:
        act()
    assert err.value.rule == Rule.R6, err.value
    assert (Loan.objects.count(), LoanGuarantor.objects.count()) == (loans, guarantors)
    return err.value


def overdue_loan(b, member):
    loan = approved(b, member, "3000", method="fee_monthly", term_months=6, applied_on=EARLY)
    return fund_ops.disburse_loan(loan=loan, disbursed_on=EARLY, by=b.chair)


def test_a_member_of_another_cooperative_is_refused(fund_world):
    b = fund_world
    household = mem.register_household(village=b.world.v12, number="001", is_registered_poor=True, by=b.officer)
    mem.register_person(household=household, name="外村人", id_number=builders.id_number(90), by=b.officer)
    stranger = mem.admit_member(cooperative=b.world.k12, kind="poor_household", household=household,
                                joined_on=date(2025, 1, 1), by=b.officer)
    refused("不是本社社员", lambda: apply(b, stranger))


def test_a_member_who_left_is_refused(fund_world):
    b = fund_world
    mem.leave_cooperative(member=b.members[0], on=b.day, by=b.chair)
    refused("已退社", lambda: apply(b, b.members[0]))


def test_a_first_loan_over_the_first_loan_ceiling_is_refused(fund_world):
    b = fund_world
    refused("首次借款上限", lambda: apply(b, b.members[0], "5000.01"))


def test_a_later_loan_over_the_per_loan_ceiling_is_refused(fund_world):
    b = fund_world
    lend(b, b.members[0], "1000")
    refused("单笔借款上限", lambda: apply(b, b.members[0], "10000.01"))


def test_the_household_limit_counts_what_it_owes_and_what_it_has_applied_for(fund_world):
    b = fund_world
    lend(b, b.members[0], "5000")
    apply(b, b.members[0], "6000")
    refused("每户借款余额上限", lambda: apply(b, b.members[0], "4000.01"))
    apply(b, b.members[0], "4000")


def test_a_household_with_an_overdue_loan_gets_no_new_one(fund_world):
    b = fund_world
    overdue_loan(b, b.members[0])
    refused("逾期", lambda: apply(b, b.members[0], "1000"))


def test_a_guarantor_with_an_overdue_loan_is_refused(fund_world):
    b = fund_world
    overdue_loan(b, b.members[0])
    refused("担保人 .*逾期", lambda: apply(b, b.members[1], guarantors=[b.members[0]]))


def test_a_guarantor_who_already_guarantees_the_maximum_is_refused(fund_world):
    b = fund_world
    apply(b, b.members[0], guarantors=[b.members[5]])
    apply(b, b.members[1], guarantors=[b.members[5]])
    refused("达到章程规定的上限 2 笔", lambda: apply(b, b.members[2], guarantors=[b.members[5]]))


def test_the_borrower_cannot_guarantee_himself(fund_world):
    b = fund_world
    refused("不能为自己担保", lambda: apply(b, b.members[0], guarantors=[b.members[0]]))


def test_a_cadre_is_refused_when_the_terms_bar_cadres(fund_world):
    b = fund_world
    head = b.households[0].persons.get()
    mem.record_cadre_term(village=b.world.v11, person=head, post="committee_member", start=date(2024, 1, 1),
                          by=b.officer)
    refused("不得向村组干部借款", lambda: apply(b, b.members[0]))


@pytest.mark.parametrize(("kw", "words"), [({"term_months": 9}, "借款期限 9 个月"),
                                           ({"method": "equal_principal"}, "等额本金")])
def test_a_term_or_method_the_terms_do_not_allow_is_refused(fund_world, kw, words):
    refused(words, lambda: apply(fund_world, fund_world.members[0], **kw))


def test_more_than_the_fund_has_available_is_refused(fund_world):
    b = fund_world
    fund_ops.set_terms(fund=b.fund, adopted_on=date(2026, 11, 3), effective_from=date(2026, 11, 3), by=b.officer,
                       **terms_kwargs(reserve_amount=D("296000")))
    refused("可用余额 ¥4,000.00,不足借出 ¥5,000.00", lambda: apply(b, b.members[1], "5000",
                                                                   applied_on=date(2026, 11, 3)))


def test_the_terms_and_policy_as_they_stood_on_the_application_date_apply(fund_world):
    b = fund_world
    fund_ops.set_terms(fund=b.fund, adopted_on=date(2026, 10, 1), effective_from=date(2026, 10, 1), by=b.officer,
                       **terms_kwargs(first_loan_max=D("3000")))
    before = apply(b, b.members[0], "5000", applied_on=date(2026, 9, 15))
    assert before.terms == b.terms
    refused("首次借款上限 ¥3,000.00", lambda: apply(b, b.members[1], "5000"))


def test_terms_beyond_the_county_policy_are_refused(fund_world):
    b = fund_world
    with pytest.raises(RuleViolation, match="超过县政策") as err:
        fund_ops.set_terms(fund=b.fund, adopted_on=b.day, effective_from=b.day, by=b.officer,
                           **terms_kwargs(loan_max=D("12000"), household_max=D("20000")))
    assert err.value.rule == Rule.R6
    with pytest.raises(RuleViolation, match="最长 24 个月"):
        fund_ops.set_terms(fund=b.fund, adopted_on=b.day, effective_from=b.day, by=b.officer,
                           **terms_kwargs(terms_allowed=[12, 36]))


def test_a_policy_tighter_than_terms_in_force_is_refused(fund_world):
    b = fund_world
    with pytest.raises(RuleViolation, match="超过县政策"):
        fund_ops.set_policy(county=b.world.c1, effective_from=b.day, by=b.admin, first_loan_max=D("3000"),
                            loan_max=D("10000"), household_max=D("20000"), max_term_months=24,
                            fee_rate_monthly=D("10"), penalty_rate_daily=D("10"))


def test_a_group_guarantee_is_required_when_the_terms_say_so(fund_world):
    b = fund_world
    fund_ops.set_terms(fund=b.fund, adopted_on=b.day, effective_from=b.day, by=b.officer,
                       **terms_kwargs(group_required=True, group_min_size=3))
    refused("联保小组担保", lambda: apply(b, b.members[0]))
    small = fund_ops.form_group(fund=b.fund, name="一组联保", formed_on=b.day, members=b.members[:2], by=b.chair)
    refused("至少 3 户", lambda: apply(b, b.members[0], group=small))
    fund_ops.join_group(group=small, member=b.members[2], on=b.day, by=b.chair)
    loan = apply(b, b.members[0], group=GuaranteeGroup.objects.get(pk=small.pk))
    assert set(loan.guarantors.all()) == {b.members[1], b.members[2]}


def test_approval_checks_again_and_refuses_a_household_fallen_overdue(fund_world):
    b = fund_world
    later = apply(b, b.members[0], "1000", applied_on=date(2026, 1, 6), term_months=6)
    later = fund_ops.review_loan(loan=later, reviewed_on=date(2026, 1, 6), votes_for=3, votes_against=0, by=b.chair)
    overdue_loan(b, b.members[0])
    refused("逾期", lambda: fund_ops.approve_loan(loan=later, by=b.officer))
    assert Loan.objects.get(pk=later.pk).stage == Stage.COUNCIL_REVIEWED


def test_disbursement_checks_again_and_refuses_a_member_who_left_meanwhile(fund_world):
    b = fund_world
    loan = approved(b, b.members[0])
    mem.leave_cooperative(member=b.members[0], on=b.day, by=b.chair)
    refused("已退社", lambda: fund_ops.disburse_loan(loan=loan, disbursed_on=b.day, by=b.chair))
    assert Loan.objects.get(pk=loan.pk).stage == Stage.APPROVED and not Instalment.objects.filter(loan=loan).exists()


def test_disbursement_refuses_when_earlier_loans_took_the_money(fund_world):
    b = fund_world
    fund_ops.set_terms(fund=b.fund, adopted_on=date(2026, 11, 1), effective_from=date(2026, 11, 1), by=b.officer,
                       **terms_kwargs(reserve_amount=D("294000")))
    first, second = approved(b, b.members[0], "5000"), approved(b, b.members[1], "5000")
    fund_ops.disburse_loan(loan=first, disbursed_on=b.day, by=b.chair)
    refused("可用余额 ¥1,000.00", lambda: fund_ops.disburse_loan(loan=second, disbursed_on=b.day, by=b.chair))
