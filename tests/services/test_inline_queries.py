"""A payroll's page reads its lines' people in the inline's own query: the same number of queries for one line as
for six."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from services import operations as ops
from services.models import ServiceOrganisation as Org


@pytest.fixture
def team(site):
    return site.organisation(fee_mode=Org.FeeMode.RATE, fee_rate=Decimal("10"), leader=site.people["刘一"])

CLEARED = ["刘一", "陈二", "杨三", "赵前", "孙组长", "钱后"]  # none of them tied to a cadre in office in May 2026


@pytest.mark.parametrize("n", [1, 6])
def test_a_payroll_page_costs_the_same_for_one_line_or_six(site, team, client_for, django_assert_max_num_queries, n):
    lines = [ops.PayLine(person=site.people[name], kind="wage", quantity=Decimal("2"), rate=Decimal("100"))
             for name in CLEARED[:n]]
    payroll = ops.record_payroll(organisation=team, year=2026, month=5, on=date(2026, 6, 1), by=site.chair,
                                 lines=lines)
    client = client_for(site.chair)
    url = reverse("admin:services_payroll_change", args=[payroll.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200 and all(name in response.text for name in CLEARED[:n])
