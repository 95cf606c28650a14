"""The compliance report across several townships is made by the background worker: the county-wide page offers
"后台生成" instead of links, the job is made in the requester's scope as it is when the worker runs, reports its
progress, and is downloaded from its page; its heading names the county, not a placeholder."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.jobs.models import ReportJob
from coop.roles import Role
from tests.supervision.test_compliance_report import VILLAGES, breaches_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def books(world):
    return breaches_world(world)


def job_url(key="villages"):
    return reverse("supervision:report_job", args=[key])


def test_a_county_wide_page_offers_background_pdf_and_excel_and_a_township_page_offers_links(books, client_for):
    county = client_for(books.users[Role.AUDITOR]).get(VILLAGES).text
    assert 'id="compliance-report-jobs"' in county and "后台生成PDF" in county and "?format=pdf" not in county
    township = client_for(books.users[Role.TOWNSHIP_OFFICER]).get(VILLAGES).text
    assert 'id="compliance-report-jobs"' not in township and "format=pdf" in township


def test_the_auditor_gets_the_county_report_from_the_worker_with_the_countys_name(books, client_for, run_worker):
    client = client_for(books.users[Role.AUDITOR])
    response = client.post(job_url() + "?start=2026-01-01", {"format": "xlsx"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("admin:jobs_reportjob_change",
                                                                            args=[job.pk])
    assert job.params == {"key": "villages", "query": {"start": ["2026-01-01"]}, "format": "xlsx"}
    assert set(job.villages.values_list("name", flat=True)) == {"桑园村", "小留坝村", "沙坝村", "两河口村"}

    run_worker()

    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total > 0 and job.filename.endswith(".xlsx")
    download = client.get(reverse("admin:jobs_reportjob_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert sheet.cell(1, 1).value == "村级合规情况报告"
    assert any("留坝县" in c for c in cells) and not any("全部管辖范围" in c for c in cells)
    assert "桑园村" in cells and "沙坝村" in cells and "东河台村" not in cells


def test_the_pdf_job_lays_out_the_report(books, client_for, run_worker):
    client = client_for(books.users[Role.AUDITOR])
    client.post(job_url("rectifications"), {"format": "pdf"})
    run_worker()
    job = ReportJob.objects.get()
    assert job.status == "done" and job.content_type == "application/pdf"
    data = b"".join(client.get(reverse("admin:jobs_reportjob_download", args=[job.pk])).streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace(" ", "")
    assert "未验收整改清单" in text and "留坝县" in text


def test_a_format_other_than_pdf_or_excel_is_refused_and_nothing_is_queued(books, client_for):
    client = client_for(books.users[Role.AUDITOR])
    response = client.post(job_url(), {"format": "docx"})
    assert response.status_code == 400 and "请选择 PDF 或 Excel" in response.text
    assert client.get(job_url()).status_code == 403
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("role", [Role.CHAIRMAN, Role.INSPECTOR])
def test_who_does_not_read_the_report_cannot_queue_it(books, client_for, role):
    assert client_for(books.users[role]).post(job_url(), {"format": "pdf"}).status_code == 403
    assert not ReportJob.objects.exists()


def test_a_village_chosen_outside_ones_scope_reads_nothing_of_it(books, client_for, run_worker):
    """The filter's choices are the requester's villages: another county's village is not a valid choice, so the
    job reads his whole scope and never the village asked for."""
    client = client_for(books.users[Role.TOWNSHIP_OFFICER])
    client.post(job_url() + f"?village={books.v31.pk}", {"format": "xlsx"})
    run_worker()
    job = ReportJob.objects.get()
    data = b"".join(client.get(reverse("admin:jobs_reportjob_download", args=[job.pk])).streaming_content)
    cells = [str(c.value) for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]
    assert "东河台村" not in cells and "沙坝村" not in cells and "桑园村" in cells
