"""复利 on unpaid interest (a hand-computed case, docs/design/bankloan.md) and the subsidy claim's draft step
(prepared → submitted → approved → received; edited only as a draft), from the operations and the admin."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from coop.errors import Rule
from coop.roles import Role
from finance.bankloan import operations as loans
from finance.bankloan.models import SubsidyClaim
from tests.bankloan.conftest import draw, pay, submitted
from tests.bankloan.test_loan_operations import refused

pytestmark = pytest.mark.django_db


def compounding_loan(bl, compound=True):
    loan = loans.register_loan(cooperative=bl.world.k11, bank="中国农业银行留坝支行", contract_number="FL-1",
                               principal=D("100000"), annual_rate=D("4.35"), term_months=12,
                               signed_on=date(2026, 1, 5), compound_interest=compound, by=bl.chair)
    draw(bl, date(2026, 1, 5), "100000", loan=loan)
    return loan


def test_unpaid_interest_compounds_at_the_penalty_rate_from_the_day_after_its_settlement(bl):
    """100,000 at 4.35 %, markup 50 % (6.525 %). Q1 (5 Jan–20 Mar, 75 days): 906.25, left unpaid. Q2 (21 Mar–
    20 Jun, 92 days): interest 1,111.67; 复利 906.25 × 92 = 83,375.00 × 6.525 % / 360 = 15.11. Q1's interest paid
    on 10 Jul; Q3 (21 Jun–20 Sep, 92 days): 复利 on 2,017.92 for 19 days (21 Jun–9 Jul) and on Q2's 1,111.67 for
    73 days (10 Jul–20 Sep) = 38,340.48 + 81,151.91 = 119,492.39 × 6.525 % / 360 = 21.6580 → 21.66."""
    loan = compounding_loan(bl)
    q1 = loans.compute_interest_period(loan=loan, by=bl.chair)
    assert (q1.interest_due, q1.compound_due, q1.penalty_due) == (D("906.25"), 0, 0)
    q2 = loans.compute_interest_period(loan=loan, by=bl.chair)
    assert (q2.interest_due, q2.compound_basis, q2.compound_due) == (D("1111.67"), D("83375.00"), D("15.11"))
    assert q2.penalty_due == D("15.11")  # the compound interest is a penalty: paid as one, never subsidised
    pay(bl, q1, date(2026, 7, 10), "906.25")
    q3 = loans.compute_interest_period(loan=loan, by=bl.chair)
    assert (q3.days, q3.interest_due) == (92, D("1111.67"))
    assert (q3.compound_basis, q3.compound_due) == (D("119492.39"), D("21.66"))


def test_a_loan_whose_contract_has_no_compound_clause_charges_none(bl):
    loan = compounding_loan(bl, compound=False)
    loans.compute_interest_period(loan=loan, by=bl.chair)
    q2 = loans.compute_interest_period(loan=loan, by=bl.chair)
    assert (q2.compound_due, q2.penalty_due) == (0, 0)


def test_compound_interest_is_paid_as_a_penalty_and_never_subsidised(bl):
    loan = compounding_loan(bl)
    q1 = loans.compute_interest_period(loan=loan, by=bl.chair)
    q2 = loans.compute_interest_period(loan=loan, by=bl.chair)
    pay(bl, q1, date(2026, 6, 25), "906.25")
    pay(bl, q2, date(2026, 6, 25), "1111.67", penalty="15.11")
    claim = loans.make_claim(cooperative=bl.world.k11, within=date(2026, 6, 1), by=bl.chair)
    assert claim.amount == D("1111.67")  # Q2's interest; its 15.11 of 复利 is not in it


def test_old_interest_cannot_be_paid_inside_a_period_already_compounded(bl):
    loan = compounding_loan(bl)
    q1 = loans.compute_interest_period(loan=loan, by=bl.chair)
    loans.compute_interest_period(loan=loan, by=bl.chair)  # Q2 compounds Q1's unpaid interest to 20 Jun
    with refused():
        loans.record_interest_payment(period=q1, on=date(2026, 6, 1), interest_paid=D("906.25"), by=bl.chair)
    assert loans.record_interest_payment(period=q1, on=date(2026, 6, 21), interest_paid=D("906.25"), by=bl.chair)


@pytest.fixture
def q1_paid(bl):
    draw(bl, date(2026, 1, 5), "300000")
    pay(bl, loans.compute_interest_period(loan=bl.loan, by=bl.chair), date(2026, 3, 20), "2718.75")
    return bl


def test_a_claim_is_prepared_as_a_draft_the_township_cannot_decide(q1_paid):
    b = q1_paid
    claim = loans.make_claim(cooperative=b.world.k11, within=date(2026, 2, 1), note="一季度", by=b.chair)
    assert (claim.stage, claim.amount, claim.note) == (SubsidyClaim.Stage.PREPARED, D("2718.75"), "一季度")
    with refused(Rule.BANKLOAN):
        loans.approve_claim(claim=claim, by=b.officer)
    with refused(Rule.BANKLOAN):
        loans.reject_claim(claim=claim, by=b.officer, reason="不对")
    claim.refresh_from_db()
    assert claim.stage == SubsidyClaim.Stage.PREPARED and claim.approved_by is None


def test_a_draft_is_revised_from_the_books_and_only_a_draft(q1_paid):
    b = q1_paid
    claim = loans.make_claim(cooperative=b.world.k11, within=date(2026, 2, 1), by=b.chair)
    claim = loans.revise_claim(claim=claim, note="附银行付息回单", by=b.chair)
    assert (claim.note, claim.amount, claim.lines.count()) == ("附银行付息回单", D("2718.75"), 1)
    with refused(Rule.R2):  # the auditor reads; only the village's hands revise
        loans.revise_claim(claim=claim, note="x", by=b.world.users[Role.AUDITOR])
    claim = loans.submit_claim(claim=claim, by=b.chair)
    assert claim.stage == SubsidyClaim.Stage.SUBMITTED and claim.submitted_by == b.chair
    for act in (lambda: loans.revise_claim(claim=claim, note="改", by=b.chair),
                lambda: loans.submit_claim(claim=claim, by=b.chair)):
        with refused(Rule.BANKLOAN):
            act()
    claim = loans.approve_claim(claim=claim, by=b.officer)
    assert claim.stage == SubsidyClaim.Stage.APPROVED and claim.voucher is None
    claim = loans.record_subsidy_received(claim=claim, on=date(2026, 5, 10), amount=D("2718.75"), by=b.officer)
    assert claim.stage == SubsidyClaim.Stage.RECEIVED


def test_the_claim_page_offers_the_draft_to_the_village_and_says_what_approving_does(q1_paid, client_for):
    b = q1_paid
    claim = loans.make_claim(cooperative=b.world.k11, within=date(2026, 2, 1), by=b.chair)
    page_url = reverse("admin:bankloan_subsidyclaim_change", args=[claim.pk])
    chair, officer = client_for(b.chair), client_for(b.officer)
    page = chair.get(page_url)
    assert "提交镇审核" in page.text and "草稿" in page.text
    assert not officer.get(page_url).context["can_decide"]  # a draft waits for the village, not the township
    refused_decision = officer.post(reverse("admin:bankloan_subsidyclaim_decide", args=[claim.pk, "approve"]),
                                    follow=True)
    assert refused_decision.status_code == 200 and "草稿" in refused_decision.text
    draft = reverse("admin:bankloan_subsidyclaim_draft", args=[claim.pk])
    assert officer.post(draft, {"do": "submit", "note": ""}).status_code == 302  # a township hand may submit too
    claim.refresh_from_db()
    assert claim.stage == SubsidyClaim.Stage.SUBMITTED
    assert chair.post(draft, {"do": "revise", "note": "晚了"}, follow=True).status_code == 200
    claim.refresh_from_db()
    assert claim.note == "" and claim.submitted_by == b.officer
    page = client_for(b.officer_b).get(page_url)
    assert page.context["can_decide"] and "审核同意(不入账" in page.text and "审批入账</button>" not in page.text
    client_for(b.officer_b).post(reverse("admin:bankloan_subsidyclaim_decide", args=[claim.pk, "approve"]))
    claim.refresh_from_db()
    assert claim.stage == SubsidyClaim.Stage.APPROVED and claim.voucher is None


def test_the_draft_buttons_refuse_a_reader(q1_paid, client_for):
    b = q1_paid
    claim = submitted(b, date(2026, 2, 1))
    response = client_for(b.admin).post(reverse("admin:bankloan_subsidyclaim_draft", args=[claim.pk]), {"do": "submit"})
    assert response.status_code == 403
