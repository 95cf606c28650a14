"""县级汇总表: the field report's figures computed from the registers, each a link to its list; a figure whose app
is missing shows as not available, not 0; a township sees its own villages; the query count does not grow with
the villages."""

from datetime import date

import pytest
from django.urls import reverse

from coop.roles import Role
from county_summary import registry
from county_summary.compute import compute
from tests import builders


def rows_by_label(response):
    return {row["label"]: row for row in response.context["report"].rows}


@pytest.fixture
def county(world):
    """The world, with 桑园村's books open."""
    officer = world.users[Role.TOWNSHIP_OFFICER]
    builders.ledger(world.v11, officer)
    return world


def test_the_county_sees_every_pilot_cooperative_and_the_missing_apps_as_not_available(county, client_for,
                                                                                       monkeypatch):
    monkeypatch.setattr(registry, "EXPECTED", [*registry.EXPECTED, registry.Expected(
        "not_built", "尚未建设的台账", "个", 999, "某个台账")])
    response = client_for(county.users[Role.AUDITOR]).get(reverse("county_summary:summary"),
                                                          {"start": "2016-01", "end": "2026-11"})
    assert response.status_code == 200
    rows = rows_by_label(response)
    assert rows["试点村扶贫互助合作社"]["total"] == "3"  # 留坝县's three; 佛坪县's is not counted
    assert rows["试点村扶贫互助合作社"]["reference"] == "11"
    assert rows["尚未建设的台账"]["total"].startswith("未接入")
    assert "/admin/coop/cooperative/" in rows["试点村扶贫互助合作社"]["_links"]["total"]


def test_a_township_officer_sees_his_own_villages_only(county, client_for):
    response = client_for(county.users[Role.TOWNSHIP_OFFICER]).get(reverse("county_summary:summary"))
    rows = rows_by_label(response)
    assert rows["试点村扶贫互助合作社"]["total"] == "2"
    assert "reference" not in [c.key for c in response.context["report"].columns]


def test_a_chairman_is_not_offered_the_county_summary(county, client_for):
    assert client_for(county.users[Role.CHAIRMAN]).get(reverse("county_summary:summary")).status_code == 403


def test_every_app_on_main_declares_its_figures():
    keys = {line.key for line in registry.lines() if registry.is_available(line)}
    assert {"cooperatives", "member_households", "share_capital", "fund_lent_poor", "projects",
            "project_investment", "subsidised_loans", "subsidy_claimed", "dividends_paid",
            "service_orgs", "service_records", "sanitation_funding"} <= keys


def test_the_query_count_does_not_grow_with_the_villages(county, django_assert_max_num_queries):
    from coop.models import Village

    few = Village.objects.filter(pk=county.v11.pk, cooperative__isnull=False)
    many = Village.objects.filter(cooperative__isnull=False)
    for villages in (few, many):
        with django_assert_max_num_queries(20):  # one or two a figure, the same for one village and all
            compute(villages, date(2016, 1, 1), date(2026, 11, 30))


def test_pdf_and_xlsx(county, client_for):
    client = client_for(county.users[Role.AUDITOR])
    pdf = client.get(reverse("county_summary:summary"), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("county_summary:summary"), {"format": "xlsx"}).status_code == 200


def test_the_dashboard_links_the_summary_for_the_county_and_the_township(county, client_for):
    for role in (Role.AUDITOR, Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER):
        page = client_for(county.users[role]).get(reverse("admin:index")).content.decode()
        assert reverse("county_summary:summary") in page, role
