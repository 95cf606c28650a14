"""The admin's doors call the operations: R5 and R4b refusals show in Chinese on the form or as the action's
message, nothing is written, and the project page offers only the next step the user's role may take."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from members import operations as mem
from members.models import CadreTerm
from projects import operations as ops
from projects.models import LabourRecord, Payment, Project, Variation


def _application(site, total):
    return {"cooperative": site.coop.pk, "name": "两河口饮水工程", "kind": "water", "body_kind": "department",
            "body_name": "留坝县水利局", "body_person": "钱局长", "funding": "earmarked", "total_investment": total,
            "simple_engineering": "on", "simple_engineering_confirmed_by": "水利局 孙工",
            "simple_engineering_confirmed_on": "2026-03-01", "local_labour": "on",
            "local_labour_confirmed_by": "陈镇长", "local_labour_confirmed_on": "2026-03-01",
            "planned_start": "2026-04-01", "planned_end": "2026-09-30", "location": "桑园村一组",
            "statement": "饮水困难", "applied_on": "2026-03-02"}


def test_the_application_form_refuses_300000_in_the_rules_words(site, client_for):
    client = client_for(site.chair)
    response = client.post(reverse("admin:projects_project_add"), _application(site, "300000.00"))
    assert response.status_code == 200 and "R5" in response.content.decode()
    assert not Project.objects.exists()
    response = client.post(reverse("admin:projects_project_add"), _application(site, "299999.99"))
    assert response.status_code == 302
    assert Project.objects.get().total_investment == Decimal("299999.99")


def test_the_project_page_offers_only_the_next_step_the_role_takes(site, client_for):
    project = site.build.new()
    page = client_for(site.chair).get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    assert "当前没有您可以办理的步骤" in page and "登记委托方批复" not in page
    page = client_for(site.officer).get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    assert reverse("admin:projects_project_step", args=[project.pk, "approve"]) in page
    assert client_for(site.chair).get(reverse("admin:projects_project_step", args=[project.pk, "approve"])) \
        .status_code == 403
    assert client_for(site.officer).get(reverse("admin:projects_project_step", args=[project.pk, "entrust"])) \
        .status_code == 403


def test_a_step_taken_on_its_page_moves_the_project(site, client_for):
    project = site.build.new()
    response = client_for(site.officer).post(reverse("admin:projects_project_step", args=[project.pk, "approve"]), {
        "approved": "1", "decided_by": "赵局长", "on": "2026-03-10", "document_number": "留交发〔2026〕12号"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "approved"


def test_a_competition_with_two_quotes_is_refused_on_its_page(site, client_for):
    project = site.build.at("entrusted")
    response = client_for(site.chair).post(reverse("admin:projects_project_step", args=[project.pk, "compete"]), {
        "on": "2026-03-20", "bids": "甲队,李,1000\n乙队,王,1100", "selected": "1", "reason": "最低价",
        "evaluators": "周会计,监委会,无"})
    assert response.status_code == 200 and "至少 3 家" in response.content.decode()
    project.refresh_from_db()
    assert project.status == "entrusted"


def test_a_variation_crossing_the_cap_is_refused_on_the_add_form(site, client_for):
    project = site.build.at("under_way", total="295000.00")
    response = client_for(site.chair).post(reverse("admin:projects_variation_add"), {
        "project": project.pk, "on": "2026-06-01", "amount": "5000.00", "reason": "加宽"})
    assert response.status_code == 200 and "R5" in response.content.decode()
    assert not Variation.objects.exists()


def test_a_payment_beyond_the_contract_is_refused_on_the_add_form(site, client_for):
    project = site.build.at("under_way")
    response = client_for(site.chair).post(reverse("admin:projects_payment_add"), {
        "project": project.pk, "kind": "works", "on": "2026-05-10", "amount": "240000.01", "summary": "工程款",
        "payee": "桑园村合作社施工队"})
    assert response.status_code == 200 and "R5" in response.content.decode()
    assert not Payment.objects.exists()


def _labour_then_cadre(site, name):
    project = site.build.at("under_way")
    ops.record_labour_batch(project=project, by=site.chair, rows=[
        ops.LabourRow(person=site.people[name], on=date(2026, 5, 6), days=Decimal("4"), daily_wage=Decimal("150"))])
    mem.record_cadre_term(village=site.world.v11, person=site.people[name], post=CadreTerm.Post.COMMITTEE_MEMBER,
                          start=date(2026, 5, 10), by=site.officer)
    return project


def test_the_pay_action_refuses_a_payroll_with_a_cadre_and_names_him(site, client_for):
    _labour_then_cadre(site, "陈二")
    response = client_for(site.chair).post(reverse("admin:projects_labourrecord_changelist"), {
        "action": "pay_selected", "_selected_action": list(LabourRecord.objects.values_list("pk", flat=True))},
        follow=True)
    text = response.content.decode()
    assert "R4b" in text and "陈二" in text
    assert not Payment.objects.exists()


def test_the_approve_action_refuses_a_payment_to_a_worker_made_cadre_since(site, client_for):
    project = site.build.at("under_way")
    ops.record_labour_batch(project=project, by=site.chair, rows=[
        ops.LabourRow(person=site.people["刘一"], on=date(2026, 5, 6), days=Decimal("4"), daily_wage=Decimal("150"))])
    payment = ops.pay_labour(project=project, on=date(2026, 5, 20), by=site.chair)
    mem.record_cadre_term(village=site.world.v11, person=site.people["刘一"], post=CadreTerm.Post.COMMITTEE_MEMBER,
                          start=date(2026, 5, 10), by=site.officer)
    response = client_for(site.officer).post(reverse("admin:projects_payment_changelist"), {
        "action": "approve_selected", "_selected_action": [payment.pk]}, follow=True)
    assert "R4b" in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == "pending"


def test_a_chairman_sees_only_his_villages_projects(site, client_for):
    own = site.build.new()
    other = site.build.new(coop=site.world.k21, by=site.world.chair21, name="沙坝村便民桥")
    listed = client_for(site.chair).get(reverse("admin:projects_project_changelist")).context["cl"].queryset
    assert list(listed) == [own]
    assert client_for(site.chair).get(reverse("admin:projects_project_change", args=[other.pk])).status_code == 302
    assert client_for(site.chair).get(reverse("admin:projects_project_step", args=[other.pk, "approve"])) \
        .status_code == 404


def test_the_agreement_scan_comes_down_as_an_attachment_of_its_real_type(site, client_for):
    project = site.build.at("entrusted")
    response = client_for(site.chair).get(reverse("admin:projects_project_agreement", args=[project.pk]))
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("attachment")
