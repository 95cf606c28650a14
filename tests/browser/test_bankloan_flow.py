"""The subsidised loan as the township officer meets it: the quarter's interest, computed, is recorded as paid from
the interest periods' list; a second officer approves it on the payment's page; the officer makes the quarter's
subsidy claim on its form and downloads the 贴息申请表 as PDF."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from coop.roles import Role
from finance.bankloan import operations as loans
from finance.bankloan.models import InterestPayment, SubsidyClaim
from tests.browser.conftest import box, shot


def test_the_officer_records_a_quarters_interest_paid_and_makes_the_claim(books, page_as):
    officer, chair = books.users[Role.TOWNSHIP_OFFICER], books.users[Role.CHAIRMAN]
    loans.set_policy(county=books.c1, effective_from=date(2016, 1, 1), method="actual", max_principal=Decimal("300000"),
                     by=books.users[Role.COUNTY_ADMIN])
    loan = loans.register_loan(cooperative=books.k11, bank="留坝县农村信用合作联社", contract_number="LB-2026-01",
                               principal=Decimal("300000"), annual_rate=Decimal("4.35"), term_months=12,
                               signed_on=date(2026, 1, 5), by=chair)
    loans.approve_drawdown(drawdown=loans.record_drawdown(loan=loan, on=date(2026, 1, 5), amount=Decimal("300000"),
                                                          by=chair), by=books.officer_b)
    period = loans.compute_interest_period(loan=loan, by=chair)

    page = page_as(officer)
    page.goto(page.base + reverse("admin:bankloan_interestperiod_changelist"))
    assert "¥2,718.75" in page.locator("#result_list").inner_text()
    page.locator(f"input[name=_selected_action][value='{period.pk}']").check()
    page.select_option("select[name=action]", "record_paid_selected")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    assert "已登记 1 笔付息" in page.locator(".messagelist").inner_text()
    payment = InterestPayment.objects.get()
    shot(page, "bankloan_1_interest_recorded")

    checker = page_as(books.officer_b)
    checker.goto(checker.base + reverse("admin:bankloan_interestpayment_change", args=[payment.pk]))
    with checker.expect_navigation():
        checker.get_by_role("button", name="审批入账").click()
    assert "已审批入账" in checker.locator(".messagelist").inner_text()
    payment.refresh_from_db()
    assert payment.voucher is not None

    page.goto(page.base + reverse("admin:bankloan_subsidyclaim_add"))
    page.select_option("#id_cooperative", str(books.k11.pk))
    page.fill("#id_within", "2026-03-01")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert "已编制贴息申请草稿" in page.locator(".messagelist").inner_text()
    with page.expect_navigation():  # the draft is submitted from its page
        page.locator("button[name=do][value=submit]").click()
    assert "已提交贴息申请" in page.locator(".messagelist").inner_text()
    claim = SubsidyClaim.objects.get()
    assert not claim.is_draft
    assert claim.amount == Decimal("2718.75")
    link = page.locator("a.claim-form-link")
    area, content = box(page, "a.claim-form-link"), box(page, "#content")
    assert area["x"] >= content["x"] and area["x"] + area["width"] <= content["x"] + content["width"]
    shot(page, "bankloan_2_claim")
    pdf = page.request.get(page.base + link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
