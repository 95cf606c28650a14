"""The compliance report (合规情况报告): attempted breaches (the log) and found breaches (findings) of R1–R8 per
village for a period, and the open rectifications with their deadlines and overdue days; scoped by role; PDF and xlsx;
the same number of queries for one village and fifty."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.errors import Rule
from coop.reports import missing_glyphs
from coop.roles import Role
from supervision import operations as sup
from supervision.models import Attempt, Inspection
from tests import builders

VILLAGES = reverse("supervision:report", args=["villages"])
RECTIFICATIONS = reverse("supervision:report", args=["rectifications"])


@pytest.fixture
def books(world):
    return breaches_world(world)


def breaches_world(world):
    """In 桑园村: two refused R1 attempts this year and one last year, a finding of R4b by the township whose
    rectification is 5 days overdue; in 沙坝村 (the other township) one refused R6 attempt; in 佛坪县 one R1 attempt."""
    today = timezone.localdate()
    officer = world.users[Role.TOWNSHIP_OFFICER]
    for village, rule, at in ((world.v11, Rule.R1, timezone.now()), (world.v11, Rule.R1, timezone.now()),
                              (world.v11, Rule.R1, timezone.now() - timedelta(days=400)),
                              (world.v21, Rule.R6, timezone.now()), (world.v31, Rule.R1, timezone.now())):
        Attempt.objects.create(at=at, door="admin_form", village=village, rule=rule, message=f"{rule} 被拒绝")
    inspection = sup.record_inspection(line=Inspection.Line.TOWNSHIP, title="季度检查", on=today, villages=[world.v11],
                                       period_from=today.replace(month=1, day=1), period_to=today, by=officer)
    sup.record_finding(inspection=inspection, village=world.v11, rule=Rule.R4B, amount="800",
                       description="支书之子领取务工报酬", requirement="追回报酬", deadline=today - timedelta(days=5),
                       by=officer)
    return world


def _rows(response):
    """The rows by village, the 合计 by its name (小计 rows are keyed by their township)."""
    return {row["township"] if row["village"] in ("", "小计") else row["village"]: row
            for row in response.context["report"].rows}


def test_the_auditor_reads_attempted_and_found_breaches_per_village(books, client_for):
    response = client_for(books.users[Role.AUDITOR]).get(VILLAGES)
    assert response.status_code == 200
    rows = _rows(response)
    sangyuan = rows["桑园村"]
    assert (sangyuan["tried_R1"], sangyuan["found_R4b"], sangyuan["found_R1"]) == (2, 1, 0)  # last year's is out
    assert (sangyuan["open"], sangyuan["overdue"], sangyuan["overdue_days"]) == (1, 1, 5)
    assert rows["沙坝村"]["tried_R6"] == 1
    assert "东河台村" not in rows  # another county
    assert rows["合计"]["tried_R1"] == 2


def test_the_period_decides_which_attempts_count(books, client_for):
    last_year = timezone.localdate().year - 1
    response = client_for(books.users[Role.AUDITOR]).get(VILLAGES, {"start": f"{last_year}-01-01",
                                                                    "end": f"{last_year}-12-31"})
    sangyuan = _rows(response)["桑园村"]
    assert (sangyuan["tried_R1"], sangyuan["found_R4b"]) == (1, 0)


def test_the_township_reads_only_its_own_villages(books, client_for):
    rows = _rows(client_for(books.users[Role.TOWNSHIP_OFFICER]).get(VILLAGES))
    assert set(rows) - {"合计"} == {"桑园村", "小留坝村"}
    assert rows["合计"]["tried_R6"] == 0


@pytest.mark.parametrize("role", [Role.CHAIRMAN, Role.INSPECTOR])
def test_who_does_not_read_the_breach_log_does_not_read_the_report(books, client_for, role):
    assert client_for(books.users[role]).get(VILLAGES).status_code == 403


def test_the_open_rectifications_are_listed_with_their_overdue_days(books, client_for):
    response = client_for(books.users[Role.TOWNSHIP_OFFICER]).get(RECTIFICATIONS)
    first = response.context["report"].rows[0]
    assert (first["rule"], first["overdue_days"], first["state"]) == ("R4b", 5, "逾期未整改")


def test_the_report_prints_as_pdf_and_xlsx(books, client_for, tmp_path):
    client = client_for(books.users[Role.AUDITOR])
    with missing_glyphs() as found:
        pdf = client.get(VILLAGES, {"format": "pdf"}).content
    (tmp_path / "compliance.pdf").write_bytes(pdf)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")
    assert not found and "村级合规情况报告" in text and "桑园村" in text and "第1页" in text
    book = load_workbook(io.BytesIO(client.get(VILLAGES, {"format": "xlsx"}).content))
    assert book.active.cell(1, 1).value == "村级合规情况报告"
    with missing_glyphs() as found:
        assert client.get(RECTIFICATIONS, {"format": "pdf"}).status_code == 200
    assert not found


def test_the_dashboards_of_the_auditor_and_the_township_link_the_report(books, client_for):
    for role in (Role.AUDITOR, Role.TOWNSHIP_OFFICER):
        assert VILLAGES in client_for(books.users[role]).get(reverse("admin:index")).text


def _grow(world, n):
    officer = world.users[Role.TOWNSHIP_OFFICER]
    for i in range(n):
        village = builders.village(world.t1, f"新村{i}", f"{300 + i}")
        Attempt.objects.create(door="import", village=village, rule=Rule.R2, message="R2 被拒绝")
        inspection = sup.record_inspection(line=Inspection.Line.TOWNSHIP, title="检查", on=timezone.localdate(),
                                           villages=[village], period_from=timezone.localdate(),
                                           period_to=timezone.localdate(), by=officer)
        builders.account(f"chair_new{i}", Role.CHAIRMAN, village=village)
        sup.record_finding(inspection=inspection, village=village, rule=Rule.R5, description="未比选",
                           deadline=timezone.localdate() - timedelta(days=1), by=officer)


@pytest.mark.parametrize("n", [0, 49])
@pytest.mark.parametrize("url", [VILLAGES, RECTIFICATIONS])
def test_the_report_takes_the_same_queries_for_one_village_and_fifty(books, client_for, django_assert_max_num_queries,
                                                                     n, url):
    _grow(books, n)
    client = client_for(books.users[Role.TOWNSHIP_OFFICER])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["report"].rows) >= n
