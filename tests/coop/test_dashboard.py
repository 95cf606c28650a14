"""The admin front page: titled for the county, a dashboard per role, constant query counts."""

import pytest
from django.urls import reverse

from coop.models import Village
from coop.roles import Role
from tests import builders


def figures(response):
    return {str(item.label): item.value for item in response.context["dashboard"]["figures"]}


def todos(response):
    return {str(item.label): item.value for item in response.context["dashboard"]["todos"]}


@pytest.mark.smoke
def test_the_site_is_titled_for_the_users_county(world, client_for):
    response = client_for(world.users[Role.CHAIRMAN]).get(reverse("admin:index"))
    assert "留坝县村级扶贫互助合作社管理系统" in response.text
    response = client_for(world.admin2).get(reverse("admin:index"))
    assert "佛坪县村级扶贫互助合作社管理系统" in response.text


@pytest.mark.parametrize(("role", "villages", "coops"), [
    (Role.CHAIRMAN, "1(1)", 1), (Role.TOWNSHIP_OFFICER, "2(1)", 2), (Role.AUDITOR, "4(1)", 3),
    (Role.COUNTY_ADMIN, "4(1)", 3), (Role.INSPECTOR, "4(1)", 3),
])
def test_the_dashboard_counts_only_the_users_scope(world, client_for, role, villages, coops):
    response = client_for(world.users[role]).get(reverse("admin:index"))
    assert figures(response)["村(其中大村)"] == villages
    assert figures(response)["扶贫互助合作社"] == coops


def test_the_county_admin_is_told_of_cooperatives_without_a_charter(world, client_for):
    builders.cooperative(world.v22, charter=False)
    response = client_for(world.users[Role.COUNTY_ADMIN]).get(reverse("admin:index"))
    assert todos(response)["合作社尚未录入章程"] == 1
    listed = client_for(world.users[Role.COUNTY_ADMIN]).get(
        reverse("admin:coop_cooperative_changelist") + "?charters__isempty=1")
    assert [c.village for c in listed.context["cl"].result_list] == [world.v22]


def test_a_chairman_has_no_organisation_todos(world, client_for):
    response = client_for(world.users[Role.CHAIRMAN]).get(reverse("admin:index"))
    assert todos(response) == {}
    assert "暂无待办事项" in response.text


def test_a_chairman_sees_only_the_models_they_may_read(world, client_for):
    response = client_for(world.users[Role.CHAIRMAN]).get(reverse("admin:index"))
    shown = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert shown == {"Village", "Cooperative", "Charter", "Ledger", "Period", "Voucher", "OpeningBalance", "Account",
                     "BankDesignation", "BankStatement", "BankMatch", "ReconciliationNote", "BankFormat",
                     "Household", "Person", "Member", "ShareTransaction", "CadreTerm", "Kinship",
                     "SubsidyPolicy", "BankLoan", "Drawdown", "PrincipalRepayment", "InterestPeriod",
                     "InterestPayment", "SubsidyClaim",
                     "Project", "FundsReceipt", "Variation", "Payment", "LabourRecord", "Rental", "Asset",
                     "ServiceOrganisation", "Leadership", "Worker", "Equipment", "FeeSchedule", "ServiceRecord",
                     "FeeReceipt", "ManagementFee", "Payroll", "AgencyTrade", "SanitationFunding", "SanitationStandard",
                     "FundPolicy", "Fund", "FundTerms", "CapitalReceipt", "GuaranteeGroup", "Loan", "Repayment",
                     "Reschedule", "WriteOff", "CarriedLoan",
                     "Disclosure", "CommitteeMember", "DisclosureSettings", "Question",
                     "Inspection", "Finding", "Rectification", "Evidence",
                     "DistributionPlan", "Dividend", "DividendPayment",
                     "ReportJob"}  # their own print jobs


def grow(world, n):
    for i in range(n):
        builders.cooperative(builders.village(world.t1, f"新村{i}", f"{300 + i}"))


@pytest.mark.parametrize("n", [0, 49])
@pytest.mark.parametrize("page", ["admin:index", "admin:coop_village_changelist", "admin:coop_cooperative_changelist",
                                  "admin:coop_charter_changelist", "admin:coop_township_changelist",
                                  "admin:coop_user_changelist"])
def test_pages_take_the_same_queries_for_one_row_and_fifty(world, client_for, django_assert_max_num_queries,
                                                           n, page):
    grow(world, n)
    client = client_for(world.users[Role.COUNTY_ADMIN])
    assert Village.objects.count() >= n
    # 14, the disclosure panel's count, services' organisations and R4a flags, supervision's rectifications and log,
    # the distribution's unpaid dividends
    with django_assert_max_num_queries(19):
        assert client.get(reverse(page)).status_code == 200


def test_english_stays_available(world, client_for):
    client = client_for(world.users[Role.AUDITOR])
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    response = client.get(reverse("admin:index"))
    assert "Log out" in response.text
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/admin/"})
    assert "注销" in client.get(reverse("admin:index")).text
