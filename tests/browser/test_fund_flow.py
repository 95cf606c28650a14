"""A loan's way through the pages: the chairman records the application and the council's vote, the township
officer approves it, the chairman pays it out and records a repayment, and the loan's schedule (a fund report)
shows the payment — with the schedule's table kept inside the window."""

from decimal import Decimal

from django.urls import reverse

from finance.fund.models import Loan, Stage
from tests.browser.conftest import box, choose, shot
from tests.fund.conftest import fund_world, paper_world  # noqa: F401  the fund's world, on this package's `world`


def test_a_loan_from_application_to_a_repayment_on_its_schedule(fund_world, page_as):  # noqa: F811
    b = fund_world
    day = b.day.isoformat()  # 2026-11-02: in the books' open months
    chair = page_as(b.chair)
    chair.goto(chair.base + reverse("admin:fund_loan_add"))
    choose(chair, "member", "借款人1")
    chair.fill("#id_amount", "5000")
    chair.fill("#id_term_months", "12")
    chair.select_option("#id_method", "annuity")
    chair.fill("#id_purpose", "养殖土鸡")
    chair.fill("#id_applied_on", day)
    chair.fill("#id_payee_bank", "农村信用社")
    chair.fill("#id_payee_account", "6228480000000001")
    shot(chair, "fund-1-application")
    with chair.expect_navigation():
        chair.click("input[name=_save]")
    loan = Loan.objects.get()
    assert loan.stage == Stage.APPLIED

    chair.goto(chair.base + reverse("admin:fund_loan_step", args=[loan.pk, "review"]))
    chair.fill("#id_reviewed_on", day)
    chair.fill("#id_votes_for", "5")
    with chair.expect_navigation():
        chair.locator("form button[type=submit], form input[type=submit]").last.click()
    loan.refresh_from_db()
    assert loan.stage == Stage.COUNCIL_REVIEWED

    officer = page_as(b.officer)
    officer.goto(officer.base + reverse("admin:fund_loan_change", args=[loan.pk]))
    shot(officer, "fund-2-approval")
    with officer.expect_navigation():
        officer.locator("button", has_text="审批入账").click()
    loan.refresh_from_db()
    assert loan.stage == Stage.APPROVED

    chair.goto(chair.base + reverse("admin:fund_loan_step", args=[loan.pk, "disburse"]))
    chair.fill("#id_disbursed_on", day)
    with chair.expect_navigation():
        chair.locator("form button[type=submit], form input[type=submit]").last.click()
    loan.refresh_from_db()
    assert loan.stage == Stage.DISBURSED and loan.voucher_id

    chair.goto(chair.base + reverse("admin:fund_repayment_add") + f"?loan={loan.pk}")
    chair.fill("#id_paid_on", day)
    chair.fill("#id_amount", "500")
    with chair.expect_navigation():
        chair.click("input[name=_save]")
    assert loan.repayments.get().amount == Decimal("500.00")

    officer.goto(officer.base + reverse("fund:schedule", args=[loan.pk]))
    shot(officer, "fund-3-schedule")
    page_text = officer.locator("body").inner_text()
    assert "还款 500.00 元" in page_text and "借款人1" in page_text
    table = box(officer, "table.coop-report-table")
    width = officer.evaluate("document.documentElement.clientWidth")
    assert table["x"] >= 0 and table["x"] + table["width"] <= width  # the schedule fits the window
    first_row = box(officer, "table.coop-report-table tbody tr")
    assert first_row["height"] < 40  # one instalment a line
