"""The labour import (admin upload → preview → confirm, and `project_labour file.xlsx`) calls the one batch
operation: every row error in Chinese against its row and column, and a file in which any row pays a cadre's
relative — a grandchild known only through two parent links too — is refused whole, naming the row and the
relation, with nothing written."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from coop import spreadsheets
from members import operations as mem
from members.models import Kinship
from projects import labour_import
from projects.models import LabourRecord
from tests import builders

HEADER = labour_import.HEADERS


@pytest.fixture
def grandson(site):
    """张小小, whose only recorded link to the cadre 张德明 is through his father 张小明 (two parent links)."""
    home = mem.register_household(village=site.world.v11, number="006", group="三组", by=site.chair)
    person = mem.register_person(household=home, name="张小小", id_number=builders.id_number(6, 2020), by=site.chair)
    mem.record_kinship(person=person, relative=site.people["张小明"], relation=Kinship.Relation.PARENT,
                       by=site.officer)
    return person


def _file(rows):
    return builders.xlsx(rows, HEADER)


def _row(person, on="2026-05-06", days="3", wage="160"):
    return [person.name, person.id_number, on, days, wage]


def _upload(client, project, data, name="用工.xlsx"):
    return client.post(reverse("admin:projects_project_labour_import", args=[project.pk]),
                       {"file": SimpleUploadedFile(name, data)})


def test_the_template_downloads_with_the_headers(site, client_for):
    project = site.build.at("under_way")
    response = client_for(site.chair).get(reverse("admin:projects_project_labour_import", args=[project.pk]),
                                          {"template": "1"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    errors = []
    sheet = spreadsheets.read(b"".join(response.streaming_content) if response.streaming else response.content,
                              HEADER, labour_import.REQUIRED, errors)
    assert not errors and list(sheet.index) == HEADER


def test_a_clean_file_previews_then_is_recorded_on_confirmation(site, client_for):
    project = site.build.at("under_way")
    client = client_for(site.chair)
    page = _upload(client, project, _file([_row(site.people["刘一"]), _row(site.people["陈二"], days="2.5")]))
    text = page.content.decode()
    assert page.status_code == 200 and "labour-preview" in text and "¥880.00" in text
    assert not LabourRecord.objects.exists()
    token = page.context["token"]
    done = client.post(reverse("admin:projects_project_labour_import", args=[project.pk]),
                       {"token": token, "kind": "labour"})
    assert done.status_code == 302
    assert sorted(r.amount for r in LabourRecord.objects.all()) == [Decimal("400.00"), Decimal("480.00")]


def test_a_cadres_grandson_through_parent_links_refuses_the_whole_file_naming_row_and_relation(
        site, client_for, grandson):
    project = site.build.at("under_way")
    page = _upload(client_for(site.chair), project, _file([_row(site.people["刘一"]), _row(grandson)]))
    errors = page.context["parsed"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "身份证号")]
    assert "R4b" in errors[0].message and "张小小" in errors[0].message and "张德明" in errors[0].message
    assert "孙子女" in errors[0].message
    assert "token" not in page.context and "未导入任何数据" in page.content.decode()
    assert not LabourRecord.objects.exists()


def test_wrong_id_numbers_negative_days_and_dates_outside_the_work_period_are_shown_against_their_rows(
        site, client_for):
    project = site.build.at("under_way")  # the contract's work period: 2026-04-01 to 2026-10-31
    bad_check = site.people["刘一"].id_number[:-1] + ("0" if site.people["刘一"].id_number[-1] != "0" else "1")
    rows = [["刘一", bad_check, "2026-05-06", "3", "160"],
            ["某人", builders.id_number(77), "2026-05-06", "3", "160"],
            _row(site.people["陈二"], days="-2"),
            _row(site.people["杨三"], on="2026-11-15"),
            _row(site.people["刘一"], on="五月六日")]
    page = _upload(client_for(site.chair), project, _file(rows))
    errors = {(e.row, e.column): e.message for e in page.context["parsed"].errors}
    assert set(errors) == {(2, "身份证号"), (3, "身份证号"), (4, "工日"), (5, "日期"), (6, "日期")}
    assert "校验" in errors[(2, "身份证号")] and "人员名册中没有" in errors[(3, "身份证号")]
    assert "大于零" in errors[(4, "工日")] and "工期" in errors[(5, "日期")]
    assert not LabourRecord.objects.exists()


def test_a_malformed_file_and_an_oversized_file_are_refused(site, client_for):
    project = site.build.at("under_way")
    client = client_for(site.chair)
    page = _upload(client, project, b"PK\x03\x04 this is no workbook")
    assert "无法读取文件" in page.content.decode() and "token" not in page.context
    page = _upload(client, project, b"0" * (spreadsheets.MAX_BYTES + 1))
    assert "文件过大" in page.content.decode() and "token" not in page.context
    assert not LabourRecord.objects.exists()


def test_a_worker_made_a_cadres_relative_after_the_preview_refuses_the_confirmation(site, client_for, grandson):
    project = site.build.at("under_way")
    client = client_for(site.chair)
    stranger = site.people["杨三"]
    page = _upload(client, project, _file([_row(site.people["刘一"]), _row(stranger)]))
    mem.record_kinship(person=stranger, relative=site.people["张德明"], relation=Kinship.Relation.SPOUSE,
                       by=site.officer)
    page = client.post(reverse("admin:projects_project_labour_import", args=[project.pk]),
                       {"token": page.context["token"], "kind": "labour"})
    assert page.status_code == 200 and "未导入任何数据" in page.context["apply_error"]
    assert [(e.row, "R4b" in e.message and "配偶" in e.message) for e in page.context["parsed"].errors] == [(3, True)]
    assert not LabourRecord.objects.exists()


def test_the_import_is_for_the_village_not_the_auditor(site, client_for):
    project = site.build.at("under_way")
    assert client_for(site.auditor).get(reverse("admin:projects_project_labour_import", args=[project.pk])) \
        .status_code == 403


def test_the_command_reads_the_xlsx_and_refuses_the_grandson_naming_the_row(site, tmp_path, capsys, grandson):
    project = site.build.at("under_way")
    path = tmp_path / "用工.xlsx"
    path.write_bytes(_file([_row(site.people["刘一"]), _row(grandson)]))
    with pytest.raises(CommandError) as refused:
        call_command("project_labour", project.pk, str(path), "--user", "chair11")
    assert "未写入任何数据" in str(refused.value)
    err = capsys.readouterr().err
    assert "第 3 行" in err and "R4b" in err and "张小小" in err and "孙子女" in err
    assert not LabourRecord.objects.exists()
    path.write_bytes(_file([_row(site.people["刘一"]), _row(site.people["陈二"])]))
    call_command("project_labour", project.pk, str(path), "--user", "chair11", "--pay", "2026-05-20")
    assert LabourRecord.objects.filter(payment__isnull=False).count() == 2
