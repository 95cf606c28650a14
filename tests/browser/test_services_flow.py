"""A service team's month as the chairman meets it in the browser: he records a machine-ploughing service for a
household (its fee receipt is made, pending the township), records a payroll — refused on screen when a line pays the
village director's son, naming R4b and the relation, then accepted without that line — and the township officer
approves the receipt and the payroll; the receipt prints as a PDF and the payroll sheet shows the check and the
signature column. The pages fit 1280 px."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from coop.roles import Role
from members import operations as mem
from members.models import CadreTerm, Kinship
from services import operations as ops
from services.models import FeeReceipt, Payroll
from tests import builders
from tests.browser.conftest import box, shot


def _team(world):
    chair, officer = world.users[Role.CHAIRMAN], world.users[Role.TOWNSHIP_OFFICER]
    people = {}
    for i, name in enumerate(["刘一", "陈二", "张德明", "张小明"], start=21):
        home = mem.register_household(village=world.v11, number=f"{i:03d}", group="三组", by=chair)
        people[name] = mem.register_person(household=home, name=name, id_number=builders.id_number(i, 1970 + i),
                                           by=chair)
    mem.record_cadre_term(village=world.v11, person=people["张德明"], post=CadreTerm.Post.COMMITTEE_DIRECTOR,
                          start=date(2024, 1, 1), by=officer)
    mem.record_kinship(person=people["张小明"], relative=people["张德明"], relation=Kinship.Relation.PARENT, by=officer)
    team = ops.found_organisation(cooperative=world.k11, name="桑园村农机服务队", form="team", nature="operating",
                                  category="farming", founded_on=date(2026, 1, 5), leader=people["刘一"], by=chair,
                                  fee_mode="rate", fee_rate=Decimal("10"))
    ops.set_fee_schedule(organisation=team, service="机耕", unit="mu", rate=Decimal("85"),
                         effective_from=date(2026, 1, 5), by=chair)
    return team, people


def _submit(page):
    with page.expect_navigation():
        page.locator("#content-main input[type=submit][name=_save], #content-main input[type=submit]").first.click()


def test_the_chairman_records_a_fee_and_a_payroll_and_reads_the_refusal_of_the_cadres_son(books, page_as):
    world = books
    chair, officer = world.users[Role.CHAIRMAN], world.users[Role.TOWNSHIP_OFFICER]
    team, people = _team(world)
    page = page_as(chair, width=1280)

    page.goto(page.base + reverse("admin:services_servicerecord_add"))
    page.select_option("#id_organisation", str(team.pk))
    page.fill("#id_service", "机耕")
    page.fill("#id_household", str(people["陈二"].household.pk))
    page.fill("#id_client", "")
    page.fill("#id_on", "2026-05-06")
    page.fill("#id_quantity", "3.5")
    shot(page, "services-01-service-form")
    _submit(page)
    shot(page, "services-01b-service-saved")
    assert "成功" in page.locator(".messagelist").inner_text()
    receipt = FeeReceipt.objects.get()
    assert receipt.amount == Decimal("297.50") and receipt.status == "pending"

    page.goto(page.base + reverse("admin:services_payroll_add"))
    page.select_option("#id_organisation", str(team.pk))
    page.fill("#id_year", "2026")
    page.fill("#id_month", "5")
    page.fill("#id_on", "2026-06-05")
    page.fill("#id_lines", "陈二 20 100\n张小明 8 100")
    _submit(page)
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    text = " ".join(errors)
    assert "R4b" in text and "张小明" in text and "张德明" in text and "子女" in text
    shot(page, "services-02-payroll-refused")
    form = box(page, "#payroll_form")
    assert form["x"] >= 0 and form["x"] + form["width"] <= 1280
    lines = box(page, "#id_lines")
    assert lines["width"] >= 300 and lines["x"] + lines["width"] <= 1280
    assert not Payroll.objects.exists()

    page.fill("#id_lines", "陈二 20 100")
    _submit(page)
    assert Payroll.objects.get().amount == Decimal("2000.00")

    page = page_as(officer, width=1280)
    for model, pk in (("feereceipt", receipt.pk), ("payroll", Payroll.objects.get().pk)):
        page.goto(page.base + reverse(f"admin:services_{model}_changelist"))
        page.check(f"input[name=_selected_action][value='{pk}']")
        page.select_option("select[name=action]", "approve_selected")
        with page.expect_navigation():
            page.click("button[name=index]")
        assert "已审批 1 笔" in page.locator(".messagelist").inner_text()
    shot(page, "services-03-payroll-approved")
    assert Payroll.objects.get().status == "approved" and FeeReceipt.objects.get().voucher is not None

    page.goto(page.base + reverse("services:payroll", args=[Payroll.objects.get().pk]))
    body = page.locator("#content-main").inner_text()
    assert "领款人签字" in body and "非村干部及其直系亲属" in body
    table = box(page, ".coop-report-table")
    assert table["x"] + table["width"] <= 1280
    shot(page, "services-04-payroll-sheet")
    response = page.request.get(page.base + reverse("services:receipt", args=[receipt.pk]))
    assert response.ok and response.body().startswith(b"%PDF")
