"""F1: the payroll import finds payees in the organisation's own village only. The ID number of a person in
another township reads exactly like a number nobody has ("人员名册中没有…"), and no answer of the import — its
preview page or the command — ever names or confirms that person."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from members import operations as mem
from services import imports
from services.models import Payroll
from tests import builders

OUTSIDER = "马道王外乡"
UNKNOWN = builders.id_number(777, 1970)  # valid, but nobody's


def outsider(site):
    """A person of 沙坝村 (马道镇), another township than the organisation's 桑园村."""
    world = site.world
    home = mem.register_household(village=world.v21, number="101", group="一组", by=world.chair21)
    return mem.register_person(household=home, name=OUTSIDER, id_number=builders.id_number(701, 1975),
                               by=world.chair21)


def pay_file(rows):
    return builders.xlsx([[name, number, "工资", 20, 100, ""] for name, number in rows], imports.PAY_HEADERS)


def test_a_person_of_another_township_reads_like_an_unknown_id_number(site):
    stranger = outsider(site)
    team = site.organisation(leader=site.people["刘一"])
    parsed = imports.parse_payroll(pay_file([("某某", stranger.id_number), ("某某", UNKNOWN)]), team, 2026, 5,
                                   site.day)
    messages = {error.row: (error.column, error.message) for error in parsed.errors}
    assert messages[2] == ("身份证号", f"人员名册中没有身份证号为 {stranger.id_number} 的人员")
    assert messages[3] == ("身份证号", f"人员名册中没有身份证号为 {UNKNOWN} 的人员")
    assert not any(OUTSIDER in error.message for error in parsed.errors)


def test_the_payroll_upload_page_never_names_a_person_of_another_township(site, client_for):
    stranger = outsider(site)
    team = site.organisation(leader=site.people["刘一"])
    upload = SimpleUploadedFile("工资表.xlsx", pay_file([("某某", stranger.id_number)]))
    response = client_for(site.chair).post(reverse("admin:services_payroll_import"), {
        "organisation": team.pk, "year": "2026", "month": "5", "on": "2026-06-10", "file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "人员名册中没有身份证号为" in page
    assert OUTSIDER not in page and 'name="token"' not in page
    assert not Payroll.objects.exists()


def test_the_payroll_command_never_names_a_person_of_another_township(site, tmp_path, capsys):
    stranger = outsider(site)
    team = site.organisation(leader=site.people["刘一"])
    file = tmp_path / "pay.xlsx"
    file.write_bytes(pay_file([("某某", stranger.id_number)]))
    try:
        call_command("services_payroll", str(team.pk), str(file), "--year", "2026", "--month", "5",
                     "--on", "2026-06-10", "--user", site.chair.username)
    except CommandError as error:
        said = str(error)
    else:
        raise AssertionError("the command recorded a payroll for a person of another township")
    said += "".join(capsys.readouterr())
    assert "人员名册中没有身份证号为" in said and OUTSIDER not in said
    assert not Payroll.objects.exists()
