"""An agency-built project as its people meet it, in the browser: the chairman applies, the township officer records
the commissioning body's approval, the chairman records the entrustment with its scan, the competition and the
contract and the money received (which the officer approves); the labour comes from Excel — a file with a cadre's
grandson is refused whole on screen, naming the row and the relation; a payroll for a worker who has since married
the cadre is refused on screen with R4b and the relation; a valid payroll is paid and approved; the acceptance is
recorded and confirmed, and the asset register shows the road. The project page fits 1280 px; the project file
downloads as a PDF."""

import os
from datetime import date

from django.urls import reverse
from django.utils import timezone

from coop.roles import Role
from finance import operations as fin
from members import operations as mem
from members.models import CadreTerm, Kinship
from projects.models import Asset, LabourRecord, Payment, Project
from tests import builders
from tests.browser.conftest import box, shot

HEADER = ["姓名", "身份证号", "日期", "工日", "日工资"]


def _people(world):
    chair, officer = world.users[Role.CHAIRMAN], world.users[Role.TOWNSHIP_OFFICER]
    people = {}
    for i, name in enumerate(["刘一", "陈二", "张德明", "张小明", "张小小"], start=11):
        home = mem.register_household(village=world.v11, number=f"{i:03d}", group="三组", by=chair)
        people[name] = mem.register_person(household=home, name=name, id_number=builders.id_number(i, 1960 + i * 2),
                                           by=chair)
    mem.record_cadre_term(village=world.v11, person=people["张德明"], post=CadreTerm.Post.COMMITTEE_DIRECTOR,
                          start=date(2024, 1, 1), by=officer)
    mem.record_kinship(person=people["张小明"], relative=people["张德明"], relation=Kinship.Relation.PARENT, by=officer)
    mem.record_kinship(person=people["张小小"], relative=people["张小明"], relation=Kinship.Relation.PARENT, by=officer)
    return people


def _step(page, project, key):
    page.goto(page.base + reverse("admin:projects_project_step", args=[project.pk, key]))


def _submit(page):
    with page.expect_navigation():
        page.locator("#content-main input[type=submit]").first.click()


def _message(page):
    return page.locator(".messagelist").inner_text()


def _upload_labour(page, project, tmp_path, rows, name):
    page.goto(page.base + reverse("admin:projects_project_labour_import", args=[project.pk]))
    path = tmp_path / name
    path.write_bytes(builders.xlsx(rows, HEADER))
    page.set_input_files("#id_file", str(path))
    _submit(page)


def test_a_project_from_application_to_the_asset_register(books, page_as, tmp_path):
    world = books
    chair, officer = world.users[Role.CHAIRMAN], world.users[Role.TOWNSHIP_OFFICER]
    people = _people(world)
    today = timezone.localdate()  # the "pay selected" action pays today: its month must be open in the books
    while world.ledger.periods.order_by("-year", "-month").values_list("year", "month").first() < (
            today.year, today.month):
        fin.open_period(ledger=world.ledger, by=officer)

    page = page_as(chair, width=1280)
    page.goto(page.base + reverse("admin:projects_project_add"))
    page.select_option("#id_cooperative", str(world.k11.pk))
    for field, value in {"name": "桑园村三组通组路硬化", "body_name": "留坝县交通运输局", "body_person": "赵局长",
                         "total_investment": "250000.00", "simple_engineering_confirmed_by": "县交通局 刘工",
                         "simple_engineering_confirmed_on": "2026-03-01", "local_labour_confirmed_by": "陈镇长",
                         "local_labour_confirmed_on": "2026-03-01", "planned_start": "2026-04-01",
                         "planned_end": "2026-10-31", "location": "桑园村三组", "statement": "三组道路泥泞,群众出行难",
                         "applied_on": "2026-03-02"}.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_kind", "road")
    page.select_option("#id_body_kind", "department")
    page.select_option("#id_funding", "one_matter")
    page.check("#id_simple_engineering")
    page.check("#id_local_labour")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert "已申报" in _message(page)
    project = Project.objects.get()
    shot(page, "project_1_applied")

    deciding = page_as(officer, width=1280)
    _step(deciding, project, "approve")
    deciding.select_option("#id_approved", "1")
    deciding.fill("#id_decided_by", "赵局长")
    deciding.fill("#id_on", "2026-03-10")
    _submit(deciding)
    assert "已办理" in _message(deciding)

    _step(page, project, "entrust")
    page.set_input_files("#id_upload", files=[{"name": "委托代建协议.png", "mimeType": "image/png",
                                               "buffer": builders.png_upload().read()}])
    for field, value in {"on": "2026-03-15", "body_signatory": "赵局长", "cooperative_signatory": "王书记",
                         "amount": "250000.00"}.items():
        page.fill(f"#id_{field}", value)
    _submit(page)
    _step(page, project, "compete")
    page.fill("#id_on", "2026-03-20")
    page.fill("#id_bids", "桑园村合作社施工队,李队长,240000\n马道建筑队,王,255000\n紫柏工程队,周,262000")
    page.fill("#id_reason", "报价最低,本村劳力")
    page.fill("#id_evaluators", "周会计,监委会主任,无\n吴代表,村民代表,无")
    _submit(page)
    _step(page, project, "contract")
    for field, value in {"on": "2026-03-25", "amount": "240000.00", "starts_on": "2026-04-01",
                         "ends_on": "2026-10-31", "team_leader": "李队长"}.items():
        page.fill(f"#id_{field}", value)
    _submit(page)
    _step(page, project, "receive")
    for field, value in {"on": "2026-04-02", "amount": "240000.00", "source": "县财政奖补资金"}.items():
        page.fill(f"#id_{field}", value)
    _submit(page)
    receipt = project.receipts.get()
    deciding.goto(deciding.base + reverse("admin:projects_fundsreceipt_change", args=[receipt.pk]))
    with deciding.expect_navigation():
        deciding.get_by_role("button", name="审批入账").click()
    project.refresh_from_db()
    assert project.status == Project.Status.UNDER_WAY
    shot(page, "project_2_under_way")

    _upload_labour(page, project, tmp_path, [["刘一", people["刘一"].id_number, "2026-05-06", "5", "150"],
                                             ["张小小", people["张小小"].id_number, "2026-05-06", "5", "150"]],
                   "有亲属.xlsx")
    errors = page.locator("#import-errors").inner_text()
    assert "3" in errors and "R4b" in errors and "张小小" in errors and "孙子女" in errors
    assert "未导入任何数据" in page.locator(".errornote").first.inner_text()
    assert not LabourRecord.objects.exists()
    shot(page, "project_3_labour_refused")

    _upload_labour(page, project, tmp_path, [["刘一", people["刘一"].id_number, "2026-05-06", "5", "150"],
                                             ["陈二", people["陈二"].id_number, "2026-05-06", "4", "150"]], "用工.xlsx")
    assert "¥1,350.00" in page.locator("#content-main").inner_text()
    shot(page, "project_4_labour_preview")
    with page.expect_navigation():
        page.locator("input[value='确认导入']").click()
    assert "已导入 2 条用工记录" in _message(page)

    # 陈二 marries the cadre after the work: on the pay day she is the cadre's family.
    mem.record_kinship(person=people["陈二"], relative=people["张德明"], relation=Kinship.Relation.SPOUSE,
                       by=officer)
    page.goto(page.base + reverse("admin:projects_labourrecord_changelist"))
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "pay_selected")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    refusal = page.locator(".messagelist").inner_text()
    assert "R4b" in refusal and "陈二" in refusal and "配偶" in refusal
    assert not Payment.objects.filter(kind="wages").exists()
    shot(page, "project_5_payroll_refused")

    clean = LabourRecord.objects.get(person=people["刘一"])
    page.locator(f"input[name=_selected_action][value='{clean.pk}']").check()
    page.select_option("select[name=action]", "pay_selected")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    assert "已登记支付" in _message(page)
    payment = Payment.objects.get(kind="wages")
    deciding.goto(deciding.base + reverse("admin:projects_payment_change", args=[payment.pk]))
    with deciding.expect_navigation():
        deciding.get_by_role("button", name="审批入账").click()
    shot(deciding, "project_6_payroll_approved")
    payment.refresh_from_db()
    assert payment.status == "approved"

    _step(page, project, "accept")
    page.fill("#id_on", "2026-11-01")
    page.fill("#id_findings", "路面平整,质量合格")
    page.fill("#id_committee", "赵局长,县交通局\n陈镇长,紫柏街道\n周会计,村监委会")
    page.fill("#id_asset_name", "三组通组水泥路")
    page.select_option("#id_condition", "good")
    _submit(page)
    _step(deciding, project, "confirm_acceptance")
    _submit(deciding)
    assert "已办理" in _message(deciding)
    asset = Asset.objects.get()
    assert asset.value == payment.amount

    page.goto(page.base + reverse("admin:projects_asset_changelist"))
    row = page.locator("#result_list").inner_text()
    assert "三组通组水泥路" in row and "桑园村三组" in row
    shot(page, "project_7_asset_register")

    page.goto(page.base + reverse("admin:projects_project_change", args=[project.pk]))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
    steps, content = box(page, "fieldset.project-steps"), box(page, "#content")
    assert steps["x"] >= content["x"] and steps["x"] + steps["width"] <= content["x"] + content["width"] + 1
    title = box(page, "#content h1")
    assert steps["y"] >= title["y"] + title["height"], "the steps sit on their own row, under the title"
    assert title["width"] >= content["width"] * 0.5, "nothing floats beside the title and squeezes it"
    outputs = box(page, "p.project-outputs")
    assert outputs["width"] <= content["width"] + 1
    shot(page, "project_8_page_1280")
    pdf = page.request.get(page.base + reverse("projects:file", args=[project.pk]))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        with open(os.path.join(folder, "project_file.pdf"), "wb") as out:
            out.write(pdf.body())
