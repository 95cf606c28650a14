"""The other doors and the scope: service records from an .xlsx (admin page and command, all or nothing), the receipt
PDF with 大写, the reports on screen, in PDF and xlsx, nothing of another village visible, list queries constant."""

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from coop.errors import RuleViolation
from services import operations as ops
from services.models import FeeReceipt, ServiceRecord
from services.models import ServiceOrganisation as Org
from tests import builders

HEADER = ["服务项目", "日期", "数量", "户编号", "服务对象", "免费", "备注"]


@pytest.fixture
def team(site):
    org = site.organisation(fee_mode=Org.FeeMode.RATE, fee_rate=Decimal("10"), leader=site.people["刘一"])
    ops.set_fee_schedule(organisation=org, service="机耕", unit="mu", rate=Decimal("85"),
                         effective_from=date(2026, 1, 5), by=site.chair)
    return org


def test_the_service_import_shows_row_errors_and_writes_nothing_then_imports_the_clean_file(site, team, client_for):
    client = client_for(site.chair)
    bad = builders.xlsx([["机耕", "2026-05-06", 3, "001", "", "", ""], ["插秧", "2026-05-06", 1, "", "某单位", "", ""],
                         ["机耕", "2026-05-07", 2, "999", "", "", ""]], HEADER)
    page = client.post(reverse("admin:services_servicerecord_import"), {
        "organisation": team.pk, "file": SimpleUploadedFile("服务.xlsx", bad)}).content.decode()
    assert "没有收费标准" in page and "999" in page and 'name="token"' not in page
    assert not ServiceRecord.objects.exists()
    good = builders.xlsx([["机耕", "2026-05-06", 3, "001", "", "", ""],
                          ["机耕", "2026-05-07", 2, "", "县示范田", "", ""]], HEADER)
    page = client.post(reverse("admin:services_servicerecord_import"), {
        "organisation": team.pk, "file": SimpleUploadedFile("服务.xlsx", good)}).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("admin:services_servicerecord_import"), {"token": token, "organisation": team.pk})
    assert response.status_code == 302
    assert sorted(FeeReceipt.objects.values_list("amount", flat=True)) == [Decimal("170.00"), Decimal("255.00")]


def test_the_service_command_refuses_a_file_with_an_error_whole(site, team, tmp_path):
    file = tmp_path / "s.xlsx"
    file.write_bytes(builders.xlsx([["机耕", "2026-05-06", 3, "001", "", "", ""],
                                    ["机耕", "2099-05-06", 3, "001", "", "", ""]], HEADER))
    with pytest.raises(CommandError):
        call_command("services_records", str(team.pk), str(file), "--user", site.chair.username)
    assert not ServiceRecord.objects.exists()
    file.write_bytes(builders.xlsx([["机耕", "2026-05-06", 3, "001", "", "", ""]], HEADER))
    call_command("services_records", str(team.pk), str(file), "--user", site.chair.username)
    assert ServiceRecord.objects.count() == 1


def test_the_receipt_prints_with_the_amount_in_daxie(site, team, client_for, tmp_path):
    import io

    from pypdf import PdfReader

    record = ops.record_service(organisation=team, service="机耕", on=date(2026, 5, 6), quantity=Decimal("3.5"),
                                household=site.people["陈二"].household, by=site.chair)
    ops.approve_receipt(receipt=record.receipt, by=site.officer)
    response = client_for(site.chair).get(reverse("services:receipt", args=[record.receipt.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    out = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    (out / "services-receipt.pdf").write_bytes(response.content)  # pdftoppm -png -r 60 to look at it
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "贰佰玖拾柒元伍角整" in text and "SF000001" in text and "297.50" in text


@pytest.mark.parametrize("name", ["income", "payees", "equipment", "sanitation", "counts"])
def test_every_report_renders_on_screen_in_pdf_and_xlsx(site, team, client_for, name):
    client = client_for(site.auditor)
    url = reverse("services:report", args=[name])
    assert client.get(url + "?year=2026").status_code == 200
    pdf = client.get(url + "?year=2026&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(url + "?year=2026&format=xlsx").status_code == 200


def test_the_payroll_sheet_has_a_signature_column_and_the_check(site, team, client_for):
    payroll = ops.record_payroll(organisation=team, year=2026, month=5, on=date(2026, 6, 1), by=site.chair, lines=[
        ops.PayLine(person=site.people["陈二"], kind="wage", quantity=Decimal("20"), rate=Decimal("100"))])
    page = client_for(site.chair).get(reverse("services:payroll", args=[payroll.pk])).content.decode()
    assert "领款人签字" in page and "非村干部及其直系亲属" in page and "贰仟元整" in page


def test_another_villages_organisations_are_invisible(site, team, client_for):
    other = ops.found_organisation(cooperative=site.world.k21, name="沙坝村保洁队", form="team",
                                   nature="public_welfare", category="sanitation", founded_on=date(2026, 1, 5),
                                   by=site.world.chair21)
    client = client_for(site.chair)
    page = client.get(reverse("admin:services_serviceorganisation_changelist")).content.decode()
    assert team.name in page and other.name not in page
    assert client.get(reverse("admin:services_serviceorganisation_change", args=[other.pk])).status_code == 302
    page = client.get(reverse("services:report", args=["income"]) + "?year=2026").content.decode()
    assert other.name not in page
    with pytest.raises(RuleViolation):
        ops.record_service(organisation=other, service="清运", on=date(2026, 5, 6), quantity=Decimal("1"),
                           client="甲", free=True, by=site.chair)


@pytest.mark.parametrize("admin_name", ["serviceorganisation", "servicerecord", "feereceipt", "payroll"])
def test_list_queries_do_not_grow_with_the_rows(site, team, client_for, django_assert_max_num_queries, admin_name):
    client = client_for(site.officer)
    url = reverse(f"admin:services_{admin_name}_changelist")

    def add(n):
        for i in range(n):
            org = site.organisation(name=f"服务队{ServiceRecord.objects.count()}-{i}", leader=site.people["陈二"])
            ops.set_fee_schedule(organisation=org, service="机耕", unit="mu", rate=Decimal("85"),
                                 effective_from=date(2026, 1, 5), by=site.chair)
            ops.record_service(organisation=org, service="机耕", on=date(2026, 5, 6), quantity=Decimal("1"),
                               client="甲", by=site.chair)
            ops.record_payroll(organisation=org, year=2026, month=5, on=date(2026, 6, 1), by=site.chair, lines=[
                ops.PayLine(person=site.people["杨三"], kind="wage", quantity=Decimal("2"), rate=Decimal("100"))])

    add(1)
    with django_assert_max_num_queries(25) as one:
        assert client.get(url).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
