"""F3: NaN, Infinity and numbers too long for the books (1E+30) are refused in words at the project's doors — the
labour import (admin upload, the command's .xlsx and CSV), the competition page's typed bids, and the labour
operation called directly — naming the field, and nothing is written."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from coop.errors import Rule
from projects import labour_import
from projects import operations as ops
from projects.models import LabourRecord, Quote
from tests import builders

BAD = ["nan", "inf", "1E+30"]
WORDS = ("不是有效的数字", "超出上限")


def refused_in_words(text):
    return any(words in text for words in WORDS)


@pytest.mark.parametrize("bad", BAD)
def test_the_labour_import_refuses_a_non_finite_or_huge_wage_against_its_cell(site, client_for, bad):
    project = site.build.at("under_way")
    person = site.people["刘一"]
    data = builders.xlsx([[person.name, person.id_number, "2026-05-06", "3", bad]], labour_import.HEADERS)
    parsed = labour_import.parse(data, project)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "日工资")]
    assert refused_in_words(parsed.errors[0].message)
    response = client_for(site.chair).post(reverse("admin:projects_project_labour_import", args=[project.pk]),
                                           {"file": SimpleUploadedFile("用工.xlsx", data)})
    assert response.status_code == 200 and "token" not in response.context
    assert not LabourRecord.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_the_labour_command_refuses_a_non_finite_or_huge_number_in_a_csv(site, tmp_path, capsys, bad):
    project = site.build.at("under_way")
    path = tmp_path / "用工.csv"
    path.write_text(f"身份证号,日期,工日,日工资\n{site.people['刘一'].id_number},2026-05-06,{bad},160\n",
                    encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("project_labour", project.pk, str(path), "--user", "chair11")
    assert refused_in_words(capsys.readouterr().err)
    assert not LabourRecord.objects.exists()


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("field", ["days", "daily_wage"])
def test_record_labour_batch_refuses_a_non_finite_or_huge_number_naming_the_field(site, bad, field):
    project = site.build.at("under_way")
    values = {"days": Decimal("3"), "daily_wage": Decimal("160")} | {field: Decimal(bad)}
    with pytest.raises(ops.BatchRefused) as refused:
        ops.record_labour_batch(project=project, by=site.chair, rows=[
            ops.LabourRow(person=site.people["刘一"], on=date(2026, 5, 6), row=1, **values)])
    assert [(r.row, r.error.field, r.error.rule) for r in refused.value.refusals] == [(1, field, Rule.R5)]
    assert refused_in_words(str(refused.value))
    assert not LabourRecord.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_the_competition_page_refuses_a_non_finite_or_huge_bid(site, client_for, bad):
    project = site.build.at("entrusted")
    response = client_for(site.chair).post(reverse("admin:projects_project_step", args=[project.pk, "compete"]), {
        "on": "2026-03-20", "bids": f"甲队,李,{bad}\n乙队,王,1100\n丙队,张,1200", "selected": "1",
        "reason": "最低价", "evaluators": "周会计,监委会,无"})
    page = response.content.decode()
    assert response.status_code == 200 and refused_in_words(page) and "甲队的金额" in page
    assert not Quote.objects.filter(competition__project=project).exists()
