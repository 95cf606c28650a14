"""Supervision through the pages: an inspector records a finding with a rectification deadline, the chairman uploads
the rectification's evidence and reports it done, the township verifies it; an auditor runs 核验账簿 on a ledger
and reads the result; the compliance report fits a 1280 px window."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from PIL import Image

from coop.roles import Role
from supervision import operations as sup
from supervision.models import Evidence, Finding, Inspection
from tests import builders
from tests.browser.conftest import box, shot


def _png(path):
    Image.new("RGB", (40, 40), "white").save(path, "PNG")
    return path


def test_a_finding_is_rectified_with_evidence_and_verified(books, page_as, tmp_path):
    w = books
    today = timezone.localdate()
    inspector = builders.account("insp_flow", Role.INSPECTOR, county=w.c1, full_name="水利局检查员")
    inspection = sup.record_inspection(line=Inspection.Line.DEPARTMENT, title="饮水工程检查", on=today,
                                       villages=[w.v11], period_from=today.replace(month=1, day=1), period_to=today,
                                       by=inspector)

    page = page_as(inspector)
    page.goto(page.base + reverse("admin:supervision_finding_add"))
    page.select_option("#id_inspection", str(inspection.pk))
    page.select_option("#id_village", str(w.v11.pk))
    page.select_option("#id_rule", "R1")
    page.fill("#id_amount", "1200")
    page.fill("#id_description", "水费收入以现金留存在村")
    page.fill("#id_requirement", "存入村集体账户")
    page.fill("#id_deadline", (today + timedelta(days=15)).isoformat())
    shot(page, "supervision-1-finding")
    with page.expect_navigation():
        page.click("input[name=_save]")
    finding = Finding.objects.get()
    rect = finding.rectification
    assert rect.responsible == w.users[Role.CHAIRMAN] and rect.deadline == today + timedelta(days=15)

    chair = page_as(w.users[Role.CHAIRMAN])
    chair.goto(chair.base + reverse("admin:supervision_evidence_add"))
    chair.select_option("#id_finding", str(finding.pk))
    chair.select_option("#id_stage", "rectification")
    chair.set_input_files("#id_file", str(_png(tmp_path / "回单.png")))
    with chair.expect_navigation():
        chair.click("input[name=_save]")
    assert Evidence.objects.get(finding=finding).stage == "rectification"
    chair.goto(chair.base + reverse("admin:supervision_rectification_change", args=[rect.pk]))
    chair.fill("#id_done_on", today.isoformat())
    chair.fill("#id_done_note", "现金1200元已存入村集体账户,附银行回单")
    shot(chair, "supervision-2-rectified")
    with chair.expect_navigation():
        chair.click("input[name=_save]")
    rect.refresh_from_db()
    assert rect.done_on == today and rect.verified_by_id is None
    chair.goto(chair.base + reverse("admin:supervision_rectification_changelist"))
    assert chair.locator("select[name=action] option[value=verify_selected]").count() == 0  # not the chairman's

    officer = page_as(w.users[Role.TOWNSHIP_OFFICER])
    officer.goto(officer.base + reverse("admin:supervision_rectification_changelist"))
    officer.check(f"input[name=_selected_action][value='{rect.pk}']")
    officer.select_option("select[name=action]", "verify_selected")
    with officer.expect_navigation():
        officer.click("button[name=index]")
    shot(officer, "supervision-3-verified")
    assert "已验收 1 项整改" in officer.text_content(".messagelist")
    rect.refresh_from_db()
    assert rect.verified_by == w.users[Role.TOWNSHIP_OFFICER]


def test_an_auditor_verifies_the_books_and_reads_the_compliance_report(books, page_as):
    w = books
    auditor = page_as(w.users[Role.AUDITOR], width=1280)
    auditor.goto(auditor.base + reverse("admin:finance_ledger_changelist"))
    auditor.check(f"input[name=_selected_action][value='{w.ledger.pk}']")
    auditor.select_option("select[name=action]", "verify_books")
    with auditor.expect_navigation():
        auditor.click("button[name=index]")
    shot(auditor, "supervision-4-verified-books")
    assert "桑园村 账套核验通过" in auditor.text_content(".messagelist")

    auditor.goto(auditor.base + reverse("admin:index"))
    with auditor.expect_navigation():
        auditor.click("text=合规情况报告(按村)")
    auditor.wait_for_selector(".coop-report-table")
    shot(auditor, "supervision-5-compliance")
    table, content = box(auditor, ".coop-report-table"), box(auditor, "#content-main")
    assert auditor.locator(".coop-report-table td", has_text="桑园村").count() == 1
    assert table["x"] >= 0 and table["x"] + table["width"] <= content["x"] + content["width"] + 1
    assert table["width"] >= 0.8 * content["width"]  # the table uses the page, not a sliver of it
    assert auditor.evaluate("document.documentElement.scrollWidth") <= 1280


def test_an_auditor_verifies_the_county_in_the_background_and_downloads_the_compliance_report(books, page_as,
                                                                                                run_worker):
    from coop.jobs.models import ReportJob

    w = books
    builders.ledger(w.v21, w.officer2)
    auditor = page_as(w.users[Role.AUDITOR], width=1280)
    auditor.goto(auditor.base + reverse("admin:finance_ledger_changelist"))
    auditor.check("#action-toggle")
    auditor.select_option("select[name=action]", "verify_books")
    with auditor.expect_navigation():
        auditor.click("button[name=index]")
    job = ReportJob.objects.get()
    assert auditor.url.endswith(reverse("admin:jobs_reportjob_change", args=[job.pk]))
    assert auditor.locator("progress").count() == 1 and "0 / 2 个账套" in auditor.text_content(".job-status")
    shot(auditor, "supervision-6-county-verification-queued")
    run_worker()
    auditor.reload()
    shot(auditor, "supervision-7-county-verification-done")
    with auditor.expect_download() as download:
        auditor.click(f"a[href='{reverse('admin:jobs_reportjob_download', args=[job.pk])}']")
    assert download.value.suggested_filename.startswith("账簿核验报告-留坝县")
    assert download.value.path().read_bytes()[:5] == b"%PDF-"

    auditor.goto(auditor.base + reverse("supervision:report", args=["villages"]))
    buttons, content = box(auditor, "#compliance-report-jobs"), box(auditor, "#content-main")
    assert buttons["x"] + buttons["width"] <= content["x"] + content["width"] + 1
    assert auditor.locator("a", has_text="打印PDF").count() == 0  # county-wide: no inline PDF link
    shot(auditor, "supervision-8-compliance-county")
    with auditor.expect_navigation():
        auditor.click("#compliance-report-jobs button[value=pdf]")
    report_job = ReportJob.objects.exclude(pk=job.pk).get()
    assert auditor.url.endswith(reverse("admin:jobs_reportjob_change", args=[report_job.pk]))
    run_worker()
    auditor.reload()
    link = auditor.locator(f"a[href='{reverse('admin:jobs_reportjob_download', args=[report_job.pk])}']")
    link_box = link.bounding_box()
    assert link_box["width"] > 0 and link_box["x"] + link_box["width"] <= 1280
    with auditor.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "合规情况报告-留坝县.pdf"
    assert download.value.path().read_bytes()[:5] == b"%PDF-"
