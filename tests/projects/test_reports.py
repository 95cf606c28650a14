"""The project file, the payroll sheet, the register and the overview over HTTP: every step printed with its date
and signer, each payee's R4 check, the totals, and nothing outside the reader's villages."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.reports import missing_glyphs
from members import operations as mem
from members.models import Kinship
from projects import operations as ops
from projects.reports import overview, register

PAY_DAY = date(2026, 5, 20)


def pdf_text(content):
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).replace(" ", "")


def _paid_wages(site, names=("刘一", "陈二", "杨三")):
    """An accepted-to-be project with one approved wage payment for three workers."""
    project = site.build.at("under_way")
    rows = [ops.LabourRow(person=site.people[name], on=date(2026, 5, 6), days=Decimal("5.5"),
                          daily_wage=Decimal("150"), row=i) for i, name in enumerate(names, start=2)]
    ops.record_labour_batch(project=project, rows=rows, by=site.chair)
    payment = ops.approve_payment(payment=ops.pay_labour(project=project, on=PAY_DAY, by=site.chair),
                                  by=site.officer)
    return project, payment


def test_the_project_file_prints_every_step_with_its_date_signer_competition_and_r4_checks(site, client_for):
    project, _payment = _paid_wages(site)
    site.build.accept(project)
    site.build.settle(project)
    response = client_for(site.auditor).get(reverse("projects:file", args=[project.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with missing_glyphs() as found:
        text = pdf_text(response.content)
    assert not found
    for expected in ("代建项目档案", "留交发〔2026〕12号", "马道建筑队", "255,000.00", "中选", "桑园村合作社施工队",
                     "声明与报价单位无利害关系", "240,000.00", "劳务工资", "非村干部", "路面平整", "三组通组水泥路",
                     "决算金额", "2026年3月2日", "尚未审计"):
        assert expected.replace(" ", "") in text, expected


def test_the_payroll_sheet_lists_each_worker_with_a_signature_column_and_the_total_in_words(site, client_for):
    _project, payment = _paid_wages(site)
    client = client_for(site.chair)
    url = reverse("projects:payroll", args=[payment.pk])
    assert client.get(url).status_code == 200
    with missing_glyphs() as found:
        text = pdf_text(client.get(url + "?format=pdf").content)
    assert not found
    assert "领款人签字" in text and "2,475.00" in text and "贰仟肆佰柒拾伍元整" in text
    sheet = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "领款人签字" in cells and "刘一" in cells and "杨三" in cells


def test_a_relation_recorded_after_the_payment_shows_on_the_reprinted_payroll(site):
    from projects.reports import payroll

    _project, payment = _paid_wages(site)
    mem.record_kinship(person=site.people["杨三"], relative=site.people["张德明"],
                       relation=Kinship.Relation.SPOUSE, by=site.officer)
    checks = {row["name"]: row["check"] for row in payroll(payment).rows if "no" in row}
    assert "张德明" in checks["杨三"] and checks["刘一"] == "经核查,非村干部及其直系亲属"


def test_only_wage_payments_have_a_payroll_sheet(site, client_for):
    project = site.build.at("under_way")
    materials = site.build.pay(project, "1000.00")
    assert client_for(site.chair).get(reverse("projects:payroll", args=[materials.pk])).status_code == 404


def test_the_register_and_overview_total_the_projects_and_add_the_paid_money(site):
    first, _payment = _paid_wages(site)
    site.build.at("approved", total="120000.00", name="桑园村饮水工程")
    rows = register(first._meta.model.objects.all(), org="留坝县").rows
    assert rows[-1]["investment"] == Decimal("370000.00") and rows[-1]["paid"] == Decimal("2475.00")
    summary = overview(first._meta.model.objects.all(), org="留坝县").rows
    assert [r["count"] for r in summary if r.get("_style") == "total"] == [2]
    assert [r["village"] for r in summary if r.get("_style") == "subtotal"] == ["桑园村 小计"]


def test_the_overview_shows_no_project_of_another_township(site, client_for):
    _paid_wages(site)
    other = client_for(site.world.officer2).get(reverse("projects:overview"))
    assert other.status_code == 200 and "桑园村" not in other.content.decode()
    mine = client_for(site.officer).get(reverse("projects:overview"))
    assert "桑园村" in mine.content.decode()
    book = load_workbook(io.BytesIO(client_for(site.admin).get(reverse("projects:register")).content))
    assert book.active.cell(1, 1).value == "代建项目台账"


@pytest.mark.parametrize("count", [1, 6])
def test_the_register_reads_in_the_same_queries_for_one_or_many_projects(site, client_for, count,
                                                                        django_assert_max_num_queries):
    for i in range(count):
        site.build.at("contracted", name=f"项目{i}")
    client = client_for(site.admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("projects:register")).status_code == 200
        assert client.get(reverse("projects:overview")).status_code == 200

