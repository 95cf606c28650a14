"""The project_labour command calls the operations: a file paying a cadre's son is refused whole, naming the row
and the relation; a clean file is recorded and its payroll waits for the township."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from members import operations as mem
from members.models import CadreTerm
from projects.models import LabourRecord, Payment


def _csv(tmp_path, site, names):
    lines = ["身份证号,日期,工日,日工资", *(f"{site.people[n].id_number},2026-05-06,3,160" for n in names)]
    path = tmp_path / "用工.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_file_paying_a_cadres_son_is_refused_whole_naming_the_row(site, tmp_path, capsys):
    project = site.build.at("under_way")
    with pytest.raises(CommandError) as refused:
        call_command("project_labour", project.pk, str(_csv(tmp_path, site, ["刘一", "张小明"])), "--user", "chair11")
    assert "未写入任何数据" in str(refused.value)
    err = capsys.readouterr().err
    assert "第 3 行" in err and "R4b" in err and "张小明" in err and "张德明" in err
    assert not LabourRecord.objects.exists()


def test_a_clean_file_is_recorded_and_paid(site, tmp_path):
    project = site.build.at("under_way")
    call_command("project_labour", project.pk, str(_csv(tmp_path, site, ["刘一", "陈二"])), "--user", "chair11",
                 "--pay", "2026-05-20")
    payment = Payment.objects.get()
    assert payment.amount == Decimal("960.00") and payment.status == "pending"


def test_the_payroll_is_refused_when_a_worker_is_a_cadre_on_the_payment_date(site, tmp_path):
    project = site.build.at("under_way")
    call_command("project_labour", project.pk, str(_csv(tmp_path, site, ["陈二"])), "--user", "chair11")
    mem.record_cadre_term(village=site.world.v11, person=site.people["陈二"], post=CadreTerm.Post.COMMITTEE_MEMBER,
                          start=date(2026, 5, 10), by=site.officer)
    with pytest.raises(CommandError) as refused:
        call_command("project_labour", project.pk, "--user", "chair11", "--pay", "2026-05-20")
    assert "R4b" in str(refused.value) and not Payment.objects.exists()


def test_a_payroll_over_the_contract_is_refused_by_the_command(site, tmp_path):
    project = site.build.at("under_way")
    site.build.pay(project, "240000.00")
    call_command("project_labour", project.pk, str(_csv(tmp_path, site, ["刘一"])), "--user", "chair11")
    with pytest.raises(CommandError) as refused:
        call_command("project_labour", project.pk, "--user", "chair11", "--pay", "2026-05-20")
    assert "R5" in str(refused.value)
