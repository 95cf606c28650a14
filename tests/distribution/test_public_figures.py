"""The distribution in the county summary (dividends paid, a link to the payments) and in the villagers'
disclosure sheet (the plan's split, what was paid, what is still owed; names only where the village allows)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from coop.roles import Role
from county_summary import registry
from disclosure import operations as disclosure_ops
from disclosure.models import DisclosureSettings
from distribution import operations
from tests.distribution.conftest import give_accounts

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(approved):
    dividends = list(approved.plan.dividends.select_related("member").order_by("member__number"))
    give_accounts(approved, dividends[:3])
    payment = operations.record_payment(plan=approved.plan, dividends=dividends[:3], on=date(2026, 4, 10),
                                        by=approved.chair)
    operations.approve_payment(payment=payment, by=approved.officer)
    return approved


def test_the_county_summary_counts_the_dividends_paid_in_its_range_and_links_to_the_payments(paid, client_for):
    assert registry.is_available(next(line for line in registry.lines() if line.key == "dividends_paid"))
    client = client_for(paid.world.users[Role.AUDITOR])
    rows = {row["label"]: row for row in client.get(reverse("county_summary:summary"), {
        "start": "2026-01", "end": "2026-11"}).context["report"].rows}
    assert rows["已支付社员分红"]["total"] == "14,400.00"
    assert "/admin/distribution/dividendpayment/" in rows["已支付社员分红"]["_links"]["total"]
    before = {row["label"]: row for row in client.get(reverse("county_summary:summary"), {
        "start": "2026-01", "end": "2026-03"}).context["report"].rows}
    assert before["已支付社员分红"]["total"] in ("0.00", "")


def texts(disclosure):
    section = next(s for s in disclosure_ops.snapshot(disclosure)["sections"] if s["key"] == "dividends")
    return [" ".join(row) for row in section["rows"]]


def test_the_disclosure_sheet_shows_the_split_the_payments_and_what_is_owed(paid):
    first = disclosure_ops.draft(village=paid.world.v11, period="quarter", year=2026, number=1, by=paid.chair)
    rows = texts(first)
    assert any("2025年度可分配收益" in row for row in rows)
    assert any("期末尚未发放分红" in row and "24,000.00" in row for row in rows)
    assert not any("社员:" in row for row in rows)
    second = disclosure_ops.draft(village=paid.world.v11, period="quarter", year=2026, number=2, by=paid.chair)
    rows = texts(second)
    assert any("本期发放分红" in row and "14,400.00" in row for row in rows)
    assert any("期末尚未发放分红" in row and "9,600.00" in row for row in rows)


def test_members_are_named_on_the_sheet_only_where_the_village_allows(paid):
    DisclosureSettings.objects.update_or_create(village=paid.world.v11, defaults={"names_in_public": True})
    first = disclosure_ops.draft(village=paid.world.v11, period="quarter", year=2026, number=1, by=paid.chair)
    named = [row for row in texts(first) if row.startswith("社员:")]
    assert len(named) == 4 and all("股" in row for row in named)
    assert Decimal("24000.00") == sum(Decimal(row.split()[-1].replace(",", "")) for row in named)
