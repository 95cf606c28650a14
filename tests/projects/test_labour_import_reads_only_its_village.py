"""F1: the labour import (admin upload, the command with an .xlsx or a CSV) finds workers in the project's own
village only. The ID number of a person in another township reads exactly like a number nobody has
("人员名册中没有…"), and nothing the import answers names or confirms that person."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from members import operations as mem
from projects import labour_import
from projects.models import LabourRecord
from tests import builders

OUTSIDER = "马道王外乡"
UNKNOWN = builders.id_number(777, 1970)  # valid, but nobody's


@pytest.fixture
def stranger(site):
    """A person of 沙坝村 (马道镇), another township than the project's 桑园村."""
    world = site.world
    home = mem.register_household(village=world.v21, number="101", group="一组", by=world.chair21)
    return mem.register_person(household=home, name=OUTSIDER, id_number=builders.id_number(701, 1975),
                               by=world.chair21)


def labour_file(numbers):
    return builders.xlsx([["某某", number, "2026-05-06", "3", "160"] for number in numbers], labour_import.HEADERS)


def test_a_person_of_another_township_reads_like_an_unknown_id_number(site, stranger):
    project = site.build.at("under_way")
    parsed = labour_import.parse(labour_file([stranger.id_number, UNKNOWN]), project)
    messages = {error.row: (error.column, error.message) for error in parsed.errors}
    assert messages[2] == ("身份证号", f"人员名册中没有身份证号为 {stranger.id_number} 的人员")
    assert messages[3] == ("身份证号", f"人员名册中没有身份证号为 {UNKNOWN} 的人员")
    assert not any(OUTSIDER in error.message for error in parsed.errors)


def test_the_labour_upload_page_never_names_a_person_of_another_township(site, stranger, client_for):
    project = site.build.at("under_way")
    response = client_for(site.chair).post(reverse("admin:projects_project_labour_import", args=[project.pk]),
                                           {"file": SimpleUploadedFile("用工.xlsx", labour_file([stranger.id_number]))})
    page = response.content.decode()
    assert response.status_code == 200 and "人员名册中没有身份证号为" in page and OUTSIDER not in page
    assert not LabourRecord.objects.exists()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_labour_command_never_names_a_person_of_another_township(site, stranger, tmp_path, capsys, suffix):
    project = site.build.at("under_way")
    path = tmp_path / f"用工{suffix}"
    if suffix == ".xlsx":
        path.write_bytes(labour_file([stranger.id_number]))
    else:
        path.write_text(f"身份证号,日期,工日,日工资\n{stranger.id_number},2026-05-06,3,160\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("project_labour", project.pk, str(path), "--user", "chair11")
    said = str(refused.value) + "".join(capsys.readouterr())
    assert "人员名册中没有身份证号为" in said and OUTSIDER not in said
    assert not LabourRecord.objects.exists()
