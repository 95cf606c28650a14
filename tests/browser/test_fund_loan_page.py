"""The loan page in a browser at 1280 px: the chairman opens a loan from the member's page, records a repayment
with its button and sees it on the schedule; the township writes off another loan the chairman proposed; a group's
collection day for three members. The 下一步 box sits on its own row and leaves the title its width."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from finance.fund import operations as fund_ops
from finance.fund.models import Repayment, Stage
from tests.browser.conftest import box, shot
from tests.fund.conftest import fund_world, paper_world  # noqa: F401  the fund's world, on this package's `world`
from tests.fund.running import running, with_early_capital

WIDTH = 1280


def test_the_loan_page_from_repayment_to_write_off_and_a_collection_day(fund_world, page_as):  # noqa: F811
    b = with_early_capital(fund_world)
    loan = running(b, b.members[0], "5000")
    other = running(b, b.members[1], "5000")
    third = running(b, b.members[2], "5000")
    group = fund_ops.form_group(fund=b.fund, name="一组", formed_on=date(2025, 12, 1), members=b.members[2:5],
                                by=b.chair)
    fourth = running(b, b.members[3], "5000")
    fifth = running(b, b.members[4], "5000")

    chair = page_as(b.chair, width=WIDTH)
    chair.goto(chair.base + reverse("admin:members_member_change", args=[b.members[0].pk]))
    with chair.expect_navigation():
        chair.locator("a.fund-loan-link").first.click()
    title, next_box = box(chair, "#content h1"), box(chair, ".fund-loan-next")
    content = box(chair, "#content")
    shot(chair, "fund-loan-page-1-chairman")
    assert next_box["y"] >= title["y"] + title["height"] - 1  # on a row of its own, under the title
    assert title["width"] >= content["width"] * 0.6  # the title is not squeezed by the box
    assert next_box["width"] >= content["width"] * 0.9
    assert "下一步" in chair.locator(".fund-loan-next").inner_text()

    with chair.expect_navigation():
        chair.locator(".fund-loan-actions a", has_text="登记还款").click()
    chair.fill("#id_paid_on", "2026-02-05")
    chair.fill("#id_amount", "450")
    shot(chair, "fund-loan-page-2-repayment-form")
    with chair.expect_navigation():
        chair.locator("form input[type=submit]").last.click()
    assert Repayment.objects.get(loan=loan).amount == Decimal("450.00")
    with chair.expect_navigation():
        chair.locator(".fund-loan-actions a", has_text="还款计划表").click()
    shot(chair, "fund-loan-page-3-schedule")
    assert "还款 450.00 元" in chair.locator("body").inner_text()

    chair.goto(chair.base + reverse("admin:fund_loan_change", args=[other.pk]))
    with chair.expect_navigation():
        chair.locator(".fund-loan-actions a", has_text="申请核销").click()
    chair.fill("#id_on", "2026-06-01")
    chair.fill("#id_reason", "借款人死亡,无财产可供清偿")
    with chair.expect_navigation():
        chair.locator("form input[type=submit]").last.click()
    officer = page_as(b.officer, width=WIDTH)
    officer.goto(officer.base + reverse("admin:fund_loan_change", args=[other.pk]))
    assert "核销申请" in officer.locator(".fund-loan-next").inner_text()
    shot(officer, "fund-loan-page-4-write-off-waiting")
    with officer.expect_navigation():
        officer.locator(".fund-loan-actions a", has_text="审批核销").click()
    with officer.expect_navigation():
        officer.locator("form input[type=submit]").last.click()
    other.refresh_from_db()
    assert other.stage == Stage.WRITTEN_OFF
    assert "核销" in officer.locator(".fund-loan-next").inner_text()

    chair.goto(chair.base + reverse("admin:fund_guaranteegroup_collect", args=[group.pk]) + "?on=2026-03-05")
    rows = chair.locator("table.collection-lines tbody tr")
    assert rows.count() == 3
    chair.fill(f"#id_amount_{fifth.pk}", "300")  # this member brought less than was due
    table, content = box(chair, "table.collection-lines"), box(chair, "#content")
    assert table["x"] + table["width"] <= content["x"] + content["width"] + 1
    shot(chair, "fund-loan-page-5-collection-form")
    with chair.expect_navigation():
        chair.locator("input[name=save]").click()
    paid = {r.loan_id: r.amount for r in Repayment.objects.filter(paid_on=date(2026, 3, 5))}
    assert set(paid) == {third.pk, fourth.pk, fifth.pk} and paid[fifth.pk] == Decimal("300.00")
    assert chair.locator("table.collection-done tbody tr").count() == 3
    shot(chair, "fund-loan-page-6-collection-done")
