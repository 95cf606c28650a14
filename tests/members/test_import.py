"""Excel import of the village roster and the poverty register, from every door: the parse/apply pair the
others call, the upload-preview-confirm page and `manage.py import_members`. All or nothing, errors per row
and column in Chinese, duplicates inside the file and against the database, scope."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from coop.errors import RuleViolation
from coop.roles import Role
from members import operations as mem
from members.identity import id_number_for
from members.imports import poverty, roster
from members.models import Household, Member, Person
from tests import builders
from tests.builders import id_number

HEADER = roster.HEADERS


def xlsx(rows, header=HEADER) -> bytes:
    return builders.xlsx(rows, header)


def person(household, name, n, relation="户主", *, group="一组", poor="是", exit_year="", kind="", joined="",
           phone=""):
    return [household, group, "", name, id_number(n), relation, phone, poor, exit_year, kind, joined]


GOOD = [
    person("101", "王建国", 1, kind="贫困户", joined="2016-06-01", exit_year=2019, phone="13800000001"),
    person("101", "李秀英", 2, "配偶", poor=""),
    person("101", "王小明", 3, "之子", poor=""),
    person("102", "张明华", 4, poor="否", kind="能人大户", joined=date(2017, 3, 1)),
    person("103", "刘桂兰", 5, poor="否"),
]


def counts():
    return Household.objects.count(), Person.objects.count(), Member.objects.count()


def test_a_good_roster_registers_households_persons_and_members_with_history(world):
    chair = world.users[Role.CHAIRMAN]
    parsed = roster.parse(xlsx(GOOD), world.v11)
    assert parsed.ok, parsed.errors
    assert (len(parsed.households), parsed.persons, parsed.members, parsed.poor) == (3, 5, 2, 1)

    assert roster.apply(parsed, chair) == {"households": 3, "persons": 5, "members": 2}

    wang = Household.objects.get(village=world.v11, number="101")
    assert (wang.is_registered_poor, wang.poverty_exit_year, wang.group) == (True, 2019, "一组")
    assert [(p.name, p.relation) for p in wang.persons.order_by("pk")] == [
        ("王建国", "head"), ("李秀英", "spouse"), ("王小明", "child")]
    members = list(Member.objects.filter(cooperative=world.k11).order_by("number"))
    assert [(m.number, m.kind, m.household.number, m.joined_on) for m in members] == [
        (1, "poor_household", "101", date(2016, 6, 1)), (2, "capable_household", "102", date(2017, 3, 1))]
    history = Person.history.get(name="王建国")
    assert (history.history_user, history.history_change_reason) == (chair, roster.CHANGE_REASON)
    assert Household.history.filter(history_user=chair).count() == 3
    assert Member.history.filter(history_user=chair).count() == 2


def test_member_numbers_continue_after_the_members_already_admitted(world):
    chair = world.users[Role.CHAIRMAN]
    household = mem.register_household(village=world.v11, number="001", is_registered_poor=True, by=chair)
    mem.admit_member(cooperative=world.k11, kind="poor_household", household=household, joined_on=date(2016, 6, 1),
                     by=chair)
    roster.apply(roster.parse(xlsx(GOOD), world.v11), chair)
    assert list(Member.objects.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


def test_the_downloadable_template_imports_as_it_stands(world):
    parsed = roster.parse(roster.template(), world.v11)
    assert parsed.ok, parsed.errors
    book = load_workbook(io.BytesIO(roster.template()))
    assert [c.value for c in book.active[1]] == HEADER


# Each bad row sits among good rows: (what, the rows, the Excel row and column blamed, words of the message).
BAD = [
    ("empty household number", [person("", "赵一", 11)], 2, "户编号", "户编号不能为空"),
    ("name missing", [person("201", "", 11)], 2, "姓名", "姓名不能为空"),
    ("name with digits", [person("201", "赵1", 11)], 2, "姓名", "含有数字"),
    ("ID with a wrong check digit", [["201", "", "", "赵一", id_number(11)[:-1] + "0", "户主"]], 2, "身份证号",
     "校验码"),
    ("an ID Excel stored as a number", [["201", "", "", "赵一", int(id_number(11)[:15] + "000"), "户主"]], 2,
     "身份证号", "存成了数字"),
    ("first-generation 15-digit ID", [["201", "", "", "赵一", "110101800101001", "户主"]], 2, "身份证号", "15位"),
    ("ID with a birth date in the future", [["201", "", "", "赵一", id_number(11, year=2090), "户主"]], 2, "身份证号",
     "晚于今天"),
    ("the same ID twice in the file", [person("201", "赵一", 11), person("202", "钱二", 11)], 3, "身份证号",
     "与第 2 行重复"),
    ("an unknown relation", [person("201", "赵一", 11, "邻居")], 2, "与户主关系", "无法识别"),
    ("two heads in one household", [person("201", "赵一", 11), person("201", "钱二", 12)], 3, "与户主关系",
     "2 位户主"),
    ("a household without a head", [person("201", "赵一", 11, "配偶")], 2, "与户主关系", "没有户主"),
    ("a phone number too short", [person("201", "赵一", 11, phone="1380000")], 2, "手机号", "11 位"),
    ("建档立卡 neither yes nor no", [person("201", "赵一", 11, poor="可能")], 2, "建档立卡", "“是”或“否”"),
    ("an exit year for a household not registered poor", [person("201", "赵一", 11, poor="否", exit_year=2019)],
     2, "脱贫年度", "只有建档立卡贫困户"),
    ("an exit year before 2014", [person("201", "赵一", 11, exit_year=2009)], 2, "脱贫年度", "不在 2014"),
    ("conflicting groups in one household",
     [person("201", "赵一", 11), person("201", "钱二", 12, "配偶", group="二组")], 3, "村民小组", "不一致"),
    ("membership on a non-head row",
     [person("201", "赵一", 11), person("201", "钱二", 12, "配偶", kind="贫困户", joined="2016-06-01")], 3,
     "社员类型", "户主所在行"),
    ("an enterprise on the roster", [person("201", "赵一", 11, kind="涉农企业", joined="2016-06-01")], 2, "社员类型",
     "统一社会信用代码"),
    ("an unknown member kind", [person("201", "赵一", 11, kind="普通户", joined="2016-06-01")], 2, "社员类型",
     "应为“贫困户”或“能人大户”"),
    ("a poor-household member not registered poor", [person("201", "赵一", 11, poor="否", kind="贫困户",
                                                           joined="2016-06-01")], 2, "社员类型", "不是建档立卡贫困户"),
    ("a joining date that is no date", [person("201", "赵一", 11, kind="贫困户", joined="去年")], 2, "入社日期",
     "无法识别"),
    ("joining before the cooperative was founded", [person("201", "赵一", 11, kind="贫困户", joined="2015-01-01")],
     2, "入社日期", "早于合作社成立日期"),
    ("joining in the future", [person("201", "赵一", 11, kind="贫困户", joined="2099-01-01")], 2, "入社日期",
     "晚于今天"),
]


@pytest.mark.parametrize(("rows", "row", "column", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_written(world, rows, row, column, words):
    data = xlsx(rows + GOOD)
    parsed = roster.parse(data, world.v11)
    assert any(e.row == row and e.column == column and words in e.message for e in parsed.errors), parsed.errors
    with pytest.raises(RuleViolation, match="未导入任何数据"):
        roster.apply(parsed, world.users[Role.CHAIRMAN])
    assert counts() == (0, 0, 0)


def test_ids_and_household_numbers_already_registered_are_reported_against_the_database(world):
    chair = world.users[Role.CHAIRMAN]
    household = mem.register_household(village=world.v11, number="102", by=chair)
    mem.register_person(household=household, name="王建国", id_number=id_number(1), by=chair)
    other = mem.register_household(village=world.v21, number="900", by=world.chair21)
    mem.register_person(household=other, name="李秀英", id_number=id_number(2), by=world.chair21)
    before = counts()

    parsed = roster.parse(xlsx(GOOD), world.v11)

    found = {(e.row, e.column): e.message for e in parsed.errors}
    assert "本村 102 户" in found[(2, "身份证号")]
    assert "其他村" in found[(3, "身份证号")] and "沙坝村" not in found[(3, "身份证号")]  # nothing of other villages
    assert "户编号 102 在本村已存在" in found[(5, "户编号")]
    assert counts() == before


def test_an_id_registered_between_preview_and_confirmation_refuses_the_whole_file(world):
    chair = world.users[Role.CHAIRMAN]
    parsed = roster.parse(xlsx(GOOD), world.v11)
    assert parsed.ok
    late = mem.register_household(village=world.v11, number="900", by=chair)
    mem.register_person(household=late, name="刘桂兰", id_number=id_number(5), by=chair)
    with pytest.raises(RuleViolation, match="第 6 行"):
        roster.apply(parsed, chair)
    assert counts() == (1, 1, 0)


@pytest.mark.parametrize(("data", "words"), [
    (b"this is not a workbook", "无法读取文件"),
    (xlsx([], header=["姓名", "电话"]), "缺少列:户编号、身份证号、与户主关系"),
    (xlsx([]), "没有数据行"),
    (xlsx([[None] * 11, ["", "", ""]]), "没有数据行"),
    (b"0" * (5 * 1024 * 1024 + 1), "文件过大"),
], ids=["not xlsx", "wrong headers", "headers only", "blank rows only", "oversized"])
def test_a_file_that_cannot_be_a_roster_is_refused_as_a_whole(world, data, words):
    parsed = roster.parse(data, world.v11)
    assert [e.row for e in parsed.errors] in ([0], [1]) and words in parsed.errors[0].message


def test_ten_thousand_rows_go_in_with_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    rows = []
    for h in range(5000):
        rows.append(person(f"{h + 1:05d}", "王建国", 2 * h, kind="贫困户", joined="2016-06-01"))
        rows.append(person(f"{h + 1:05d}", "李秀英", 2 * h + 1, "配偶", poor=""))
    rows = [r[:4] + [id_number(i % 1000, year=1950 + i // 1000)] + r[5:] for i, r in enumerate(rows)]
    data = xlsx(rows)
    with django_assert_max_num_queries(120):
        parsed = roster.parse(data, world.v11)
        assert parsed.ok, parsed.errors[:3]
        written = roster.apply(parsed, world.users[Role.CHAIRMAN])
    assert written == {"households": 5000, "persons": 10000, "members": 5000}
    assert Person.history.count() == 10000


def test_a_chairman_cannot_import_into_another_village(world):
    parsed = roster.parse(xlsx(GOOD), world.v21)
    assert parsed.ok
    with pytest.raises(RuleViolation, match="R2"):
        roster.apply(parsed, world.users[Role.CHAIRMAN])
    assert counts() == (0, 0, 0)


def test_an_auditor_cannot_import(world):
    with pytest.raises(RuleViolation, match="R2"):
        roster.apply(roster.parse(xlsx(GOOD), world.v11), world.users[Role.AUDITOR])
    assert counts() == (0, 0, 0)


# --- the web page --------------------------------------------------------------------------------------------

URL = reverse("members:import")


def upload(client, data, village, kind="roster"):
    return client.post(URL, {"kind": kind, "village": village.pk, "file": SimpleUploadedFile("r.xlsx", data)})


def test_the_page_previews_then_writes_on_confirmation(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.users[Role.CHAIRMAN])
    preview = upload(client, xlsx(GOOD), world.v11)
    assert preview.status_code == 200 and "预览" in preview.text and "王建国" in preview.text
    assert counts() == (0, 0, 0)
    confirm = client.post(URL, {"token": preview.context["token"], "kind": "roster", "village": world.v11.pk})
    assert confirm.status_code == 302 and counts() == (3, 5, 2)
    assert not list(tmp_path.joinpath("imports").iterdir())


def test_the_page_lists_errors_in_chinese_and_offers_no_confirmation(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = upload(client_for(world.users[Role.CHAIRMAN]), xlsx([person("201", "赵一", 11, "邻居")] + GOOD),
                      world.v11)
    assert "文件有 1 处错误,未导入任何数据" in response.text and "邻居" in response.text
    assert "token" not in response.context and counts() == (0, 0, 0)


def test_the_page_offers_a_chairman_only_his_own_village(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.users[Role.CHAIRMAN])
    response = upload(client, xlsx(GOOD), world.v21)
    assert "village" in response.context["form"].errors and counts() == (0, 0, 0)
    preview = upload(client, xlsx(GOOD), world.v11)
    forged = client.post(URL, {"token": preview.context["token"], "kind": "roster", "village": world.v21.pk})
    assert forged.status_code == 403 and counts() == (0, 0, 0)


def test_an_upload_cannot_be_confirmed_by_another_user(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = upload(client_for(world.users[Role.CHAIRMAN]), xlsx(GOOD), world.v11).context["token"]
    officer = client_for(world.users[Role.TOWNSHIP_OFFICER])
    assert officer.post(URL, {"token": token, "kind": "roster", "village": world.v11.pk}).status_code == 403
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.COUNTY_ADMIN, Role.INSPECTOR])
def test_the_page_is_closed_to_those_who_only_read(world, client_for, role):
    assert client_for(world.users[role]).get(URL).status_code == 403


def test_the_templates_download_with_chinese_headers(world, client_for):
    client = client_for(world.users[Role.TOWNSHIP_OFFICER])
    for kind, headers in (("roster", roster.HEADERS), ("poverty", poverty.HEADERS)):
        response = client.get(URL, {"template": kind})
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                        if response.streaming else response.content))
        assert [c.value for c in book.active[1]] == headers


def test_the_household_list_links_to_the_import_for_those_who_may(world, client_for):
    list_url = reverse("admin:members_household_changelist")
    assert URL in client_for(world.users[Role.CHAIRMAN]).get(list_url).text
    assert URL not in client_for(world.users[Role.AUDITOR]).get(list_url).text


# --- the management command ----------------------------------------------------------------------------------

def test_the_command_checks_on_a_dry_run_and_writes_on_a_real_one(world, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx(GOOD))
    out = io.StringIO()
    call_command("import_members", str(path), "--village", world.v11.code, "--user", "chair11", "--dry-run",
                 stdout=out)
    assert "检查通过" in out.getvalue() and counts() == (0, 0, 0)
    call_command("import_members", str(path), "--village", world.v11.code, "--user", "chair11", stdout=out)
    assert counts() == (3, 5, 2)
    assert Person.history.filter(history_user=world.users[Role.CHAIRMAN]).count() == 5  # the village's chairman


def test_the_command_reports_each_error_and_writes_nothing(world, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx([person("201", "赵一", 11, "邻居"), person("202", "钱二", 11)] + GOOD))
    err = io.StringIO()
    with pytest.raises(CommandError, match="文件有 2 处错误"):
        call_command("import_members", str(path), "--village", world.v11.code, "--user", "chair11", stderr=err)
    assert "第 2 行 与户主关系" in err.getvalue() and "第 3 行 身份证号" in err.getvalue()
    assert counts() == (0, 0, 0)


def test_the_command_refuses_a_chairman_of_another_village(world, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx(GOOD))
    with pytest.raises(CommandError, match="R2"):
        call_command("import_members", str(path), "--village", world.v11.code, "--user", "chair21", "--dry-run")
    assert counts() == (0, 0, 0)


def test_the_command_refuses_unknown_villages_users_and_files(world, tmp_path):
    with pytest.raises(CommandError, match="--user"):  # who ran it is never guessed
        call_command("import_members", str(tmp_path / "x.xlsx"), "--village", world.v11.code)
    with pytest.raises(CommandError, match="不存在"):
        call_command("import_members", str(tmp_path / "x.xlsx"), "--village", "999999999999", "--user", "chair11")
    with pytest.raises(CommandError, match="用户 nobody 不存在"):
        call_command("import_members", str(tmp_path / "x.xlsx"), "--village", world.v11.code, "--user", "nobody")
    with pytest.raises(CommandError, match="R2"):  # another village's chairman
        call_command("import_members", str(tmp_path / "x.xlsx"), "--village", world.v22.code, "--user", "chair11")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_members", str(tmp_path / "x.xlsx"), "--village", world.v11.code, "--user", "chair11")


# --- the poverty register ------------------------------------------------------------------------------------

@pytest.fixture
def village_roster(world):
    roster.apply(roster.parse(xlsx(GOOD), world.v11), world.users[Role.CHAIRMAN])
    return world


def register(rows) -> bytes:
    return xlsx(rows, header=poverty.HEADERS)


def test_the_poverty_register_updates_status_and_exit_year_with_history(village_roster):
    world, officer = village_roster, village_roster.users[Role.TOWNSHIP_OFFICER]
    parsed = poverty.parse(register([["王建国", id_number(1), "是", 2020], ["张明华", id_number(4), "否", ""],
                                     ["刘桂兰", id_number(5), "是", ""]]), world.v11)
    assert parsed.ok, parsed.errors
    assert (len(parsed.changes), parsed.unchanged) == (2, 1)
    assert poverty.apply(parsed, officer) == 2
    households = dict(Household.objects.values_list("number", "poverty_exit_year"))
    assert households == {"101": 2020, "102": None, "103": None}
    assert Household.objects.get(number="103").is_registered_poor
    latest = Household.history.filter(number="103").latest("history_date")
    assert (latest.history_user, latest.history_change_reason) == (officer, poverty.CHANGE_REASON)


@pytest.mark.parametrize(("row", "column", "words"), [
    (["王建国", id_number(1), "否", ""], "建档立卡", "以贫困户身份入社"),
    (["李秀英", id_number(2), "是", ""], "户主身份证号", "不是户主"),
    (["王建华", id_number(1), "是", ""], "户主姓名", "姓名不符"),
    (["赵一", id_number(99), "是", ""], "户主身份证号", "请先导入或登记花名册"),
    (["刘桂兰", id_number(5), "", ""], "建档立卡", "请填写“是”或“否”"),
    (["刘桂兰", id_number(5), "否", 2019], "脱贫年度", "只有建档立卡贫困户"),
    (["刘桂兰", id_number(5)[:-1] + "0", "是", ""], "户主身份证号", "校验码"),
    (["刘桂兰", id_number(5), "是", "二〇一九"], "脱贫年度", "四位年份"),
    (["刘桂兰", 1.10101198001e17, "是", ""], "户主身份证号", "存成了数字"),
], ids=["cancelling a poor member", "not the head", "name mismatch", "not on the roster", "blank status",
        "exit without registration", "bad ID", "year in words", "ID as a number"])
def test_a_bad_poverty_register_row_changes_nothing(village_roster, row, column, words):
    before = list(Household.objects.order_by("pk").values_list("is_registered_poor", "poverty_exit_year"))
    parsed = poverty.parse(register([["张明华", id_number(4), "是", ""], row]), village_roster.v11)
    assert any(e.row == 3 and e.column == column and words in e.message for e in parsed.errors), parsed.errors
    with pytest.raises(RuleViolation):
        poverty.apply(parsed, village_roster.users[Role.CHAIRMAN])
    assert list(Household.objects.order_by("pk").values_list("is_registered_poor", "poverty_exit_year")) == before


def test_a_household_of_another_village_is_not_found_in_this_one(village_roster):
    parsed = poverty.parse(register([["王建国", id_number(1), "是", 2020]]), village_roster.v12)
    assert "本村没有身份证号" in parsed.errors[0].message


def test_the_poverty_register_through_the_page_and_the_command(village_roster, client_for, settings, tmp_path):
    world = village_roster
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.users[Role.TOWNSHIP_OFFICER])
    preview = upload(client, register([["刘桂兰", id_number(5), "是", 2021]]), world.v11, kind="poverty")
    assert "将更新 1 户" in preview.text
    client.post(URL, {"token": preview.context["token"], "kind": "poverty", "village": world.v11.pk})
    assert Household.objects.get(number="103").poverty_exit_year == 2021

    path = tmp_path / "register.xlsx"
    path.write_bytes(register([["刘桂兰", id_number(5), "是", 2022]]))
    call_command("import_members", str(path), "--village", world.v11.code, "--kind", "poverty", "--user",
                 "officer1", stdout=io.StringIO())
    assert Household.objects.get(number="103").poverty_exit_year == 2022


def test_the_roster_preview_shows_id_numbers_as_the_reader_may_read_them_and_phones(world, client_for, settings,
                                                                                     tmp_path):
    settings.MEDIA_ROOT = tmp_path
    preview = upload(client_for(world.users[Role.CHAIRMAN]), xlsx(GOOD), world.v11)
    assert id_number(1) in preview.text and "13800000001" in preview.text and "配偶" in preview.text
    row = roster.parse(xlsx(GOOD), world.v11).households["101"].persons[0]
    assert id_number_for(world.users[Role.AUDITOR], row) == f"{id_number(1)[:6]}********{id_number(1)[-4:]}"


def test_after_a_roster_import_the_page_leads_to_exactly_the_imported_households(world, client_for, settings,
                                                                                  tmp_path):
    settings.MEDIA_ROOT = tmp_path
    chair = world.users[Role.CHAIRMAN]
    mem.register_household(village=world.v11, number="900", by=chair)
    client = client_for(chair)
    preview = upload(client, xlsx(GOOD), world.v11)
    confirm = client.post(URL, {"token": preview.context["token"], "kind": "roster", "village": world.v11.pk})
    listed = client.get(confirm.url)
    assert sorted(h.number for h in listed.context["cl"].result_list) == ["101", "102", "103"]
