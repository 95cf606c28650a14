"""R4b for the services' pay, from every door (operation, approval, admin form, admin action, payroll import,
command): a village cadre, the spouse, a son, a grandchild known only through two parent links, a member of the
cadre's household — refused on the payroll's date, naming the relation; a term ended before the date and one begun
after it are allowed; a term spanning it refused. A clean payroll posts a balanced voucher to 511NN (operating) or
514NN (public-welfare) against the village's bank account."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from coop.errors import Rule, RuleViolation
from finance.models import VoucherLine
from members import operations as mem
from members.models import CadreTerm, Household, Person
from services import operations as ops
from services.models import Payroll, PayrollLine
from services.models import ServiceOrganisation as Org
from tests import builders

WAGE = PayrollLine.Kind.WAGE
ON = date(2026, 6, 10)


def wage(site, name, row=0, days="20", rate="100"):
    return ops.PayLine(person=site.people[name], kind=WAGE, quantity=Decimal(days), rate=Decimal(rate), row=row)


def pay(site, org, names, on=ON):
    return ops.record_payroll(organisation=org, year=2026, month=5, on=on, by=site.chair,
                              lines=[wage(site, name, row=i) for i, name in enumerate(names, start=1)])


@pytest.fixture
def team(site):
    return site.organisation(leader=site.people["刘一"])


@pytest.mark.parametrize(("name", "relation"), [
    ("张德明", "本人是村干部"), ("李桂芳", "配偶"), ("张小明", "子女"), ("张小宝", "孙子女"), ("张侄", "同户"),
])
def test_a_cadre_and_every_kind_of_family_is_refused_naming_the_relation(site, team, name, relation):
    with pytest.raises(ops.BatchRefused) as refused:
        pay(site, team, ["陈二", name])
    only = refused.value.refusals
    assert [(r.row, r.error.rule) for r in only] == [(2, Rule.R4B)]
    assert relation in str(only[0].error) and "张德明" in str(only[0].error)
    assert not Payroll.objects.exists() and not PayrollLine.objects.exists()


@pytest.mark.parametrize(("name", "allowed"), [("赵前", True), ("钱后", True), ("张德明", False)])
def test_the_term_is_read_on_the_payroll_date(site, team, name, allowed):
    """赵前's term ended 2026-03-31 (before), 钱后's begins 2026-09-01 (after), 张德明's spans the date."""
    if allowed:
        assert pay(site, team, [name]).amount == Decimal("2000.00")
    else:
        with pytest.raises(ops.BatchRefused):
            pay(site, team, [name])


def test_a_villager_group_leader_may_be_paid(site, team):
    """R4b concerns village cadres (村干部); a villager-group leader is barred from leading (R4a), not from pay."""
    assert pay(site, team, ["孙组长"]).lines.get().person.name == "孙组长"


def test_an_approved_payroll_posts_to_the_teams_cost_and_keeps_each_lines_check(site, team):
    payroll = ops.record_payroll(organisation=team, year=2026, month=5, on=ON, by=site.chair, lines=[
        wage(site, "陈二", days="20", rate="100"),
        ops.PayLine(person=site.people["杨三"], kind=PayrollLine.Kind.RENT, quantity=Decimal("3"),
                    rate=Decimal("300.50"), item="旋耕机")])
    assert payroll.amount == Decimal("2901.50")
    payroll = ops.approve_payroll(payroll=payroll, by=site.officer)
    lines = sorted((line.account.code, line.side, line.amount)
                   for line in VoucherLine.objects.filter(voucher=payroll.voucher).select_related("account"))
    assert lines == [("10201", "credit", Decimal("2901.50")), ("51101", "debit", Decimal("2901.50"))]
    assert set(payroll.lines.values_list("cadre_check", flat=True)) == {ops.CLEAR}


def test_a_public_welfare_teams_pay_is_public_welfare_spending(site):
    org = site.organisation(name="保洁队", nature=Org.Nature.PUBLIC_WELFARE, category=Org.Category.SANITATION)
    payroll = ops.approve_payroll(payroll=pay(site, org, ["陈二"]), by=site.officer)
    codes = {line.account.code for line in VoucherLine.objects.filter(voucher=payroll.voucher)
             .select_related("account")}
    assert codes == {"51401", "10201"}


def test_a_cadre_appointed_after_recording_stops_the_approval(site, team):
    payroll = pay(site, team, ["陈二"])
    mem.record_cadre_term(village=site.world.v11, person=site.people["陈二"], post=CadreTerm.Post.COMMITTEE_MEMBER,
                          start=date(2026, 6, 1), by=site.officer)
    with pytest.raises(RuleViolation) as refused:
        ops.approve_payroll(payroll=payroll, by=site.officer)
    assert refused.value.rule == Rule.R4B
    payroll.refresh_from_db()
    assert payroll.status == "pending" and payroll.voucher is None


def test_the_r4b_check_costs_the_same_queries_for_one_line_and_fifty(site, team, django_assert_max_num_queries):
    household = Household.objects.get(village=site.world.v11, number="001")
    workers = [Person.objects.create(household=household, name=f"工人{i}", relation="other",
                                     id_number=builders.id_number(200 + i, 1990)) for i in range(50)]
    workers = list(Person.objects.filter(pk__in=[w.pk for w in workers]).select_related("household"))
    for count in (1, 50):
        lines = [ops.PayLine(person=w, kind=WAGE, quantity=Decimal("1"), rate=Decimal("100")) for w in workers[:count]]
        with django_assert_max_num_queries(6):
            ops.payroll_refusals(team, ON, lines)


def test_the_admin_payroll_form_refuses_the_cadres_son_in_the_rules_words(site, team, client_for):
    client = client_for(site.chair)
    data = {"organisation": team.pk, "year": "2026", "month": "5", "on": "2026-06-10", "summary": "",
            "lines": "陈二 20 100\n张小明 10 100"}
    response = client.post(reverse("admin:services_payroll_add"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "R4b" in page and "张小明" in page and "子女" in page
    assert not Payroll.objects.exists()
    data["lines"] = "陈二 20 100\n杨三 3 300 旋耕机"
    assert client.post(reverse("admin:services_payroll_add"), data).status_code == 302
    assert Payroll.objects.get().amount == Decimal("2900.00")


def test_the_admin_approve_action_refuses_when_a_payee_became_a_cadre(site, team, client_for):
    payroll = pay(site, team, ["陈二"])
    mem.record_kinship(person=site.people["陈二"], relative=site.people["张德明"], relation="spouse", by=site.officer)
    response = client_for(site.officer).post(reverse("admin:services_payroll_changelist"), {
        "action": "approve_selected", "_selected_action": [payroll.pk]}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "R4b" in page and "配偶" in page
    payroll.refresh_from_db()
    assert payroll.status == "pending"


PAY_HEADER = ["姓名", "身份证号", "类型", "天数(数量)", "单价", "机械或工具"]


def pay_file(site, names):
    return builders.xlsx([[name, site.people[name].id_number, "工资", 20, 100, ""] for name in names], PAY_HEADER)


def test_the_payroll_import_names_the_row_and_the_relation_and_writes_nothing(site, team, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(site.chair)
    upload = SimpleUploadedFile("工资表.xlsx", pay_file(site, ["陈二", "张小宝"]))
    response = client.post(reverse("admin:services_payroll_import"), {
        "organisation": team.pk, "year": "2026", "month": "5", "on": "2026-06-10", "file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "R4b" in page and "孙子女" in page and 'name="token"' not in page
    assert not Payroll.objects.exists()
    upload = SimpleUploadedFile("工资表.xlsx", pay_file(site, ["陈二", "杨三"]))
    page = client.post(reverse("admin:services_payroll_import"), {
        "organisation": team.pk, "year": "2026", "month": "5", "on": "2026-06-10", "file": upload}).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("admin:services_payroll_import"), {
        "token": token, "organisation": team.pk, "year": "2026", "month": "5", "on": "2026-06-10"})
    assert response.status_code == 302
    assert Payroll.objects.get().amount == Decimal("4000.00")


def test_the_payroll_command_refuses_the_spouse_and_writes_nothing(site, team, tmp_path):
    file = tmp_path / "pay.xlsx"
    file.write_bytes(pay_file(site, ["陈二", "李桂芳"]))
    with pytest.raises(CommandError):
        call_command("services_payroll", str(team.pk), str(file), "--year", "2026", "--month", "5",
                     "--on", "2026-06-10", "--user", site.chair.username)
    assert not Payroll.objects.exists()
    file.write_bytes(pay_file(site, ["陈二"]))
    call_command("services_payroll", str(team.pk), str(file), "--year", "2026", "--month", "5",
                 "--on", "2026-06-10", "--user", site.chair.username)
    assert Payroll.objects.get().amount == Decimal("2000.00")
