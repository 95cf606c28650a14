"""The steps are taken in order, none skipped, each by its role (R5, R2)."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from projects import operations as ops
from projects.models import Project
from tests.builders import png_upload


def test_an_entrustment_before_the_approval_is_refused(site):
    project = site.build.new()
    with pytest.raises(RuleViolation) as refused:
        site.build.entrust(project)
    assert refused.value.rule == Rule.R5 and "已申报" in str(refused.value)


def test_a_contract_cannot_skip_the_competition(site):
    project = site.build.at("entrusted")
    with pytest.raises(RuleViolation) as refused:
        site.build.contract(project)
    assert refused.value.rule == Rule.R5


def test_an_acceptance_cannot_skip_the_work(site):
    project = site.build.at("contracted")
    with pytest.raises(RuleViolation) as refused:
        site.build.accept(project)
    assert refused.value.rule == Rule.R5


def test_the_audit_needs_the_settlement(site):
    project = site.build.at("accepted")
    with pytest.raises(RuleViolation):
        ops.record_audit(project=project, on=date(2026, 11, 20), auditor="孙审计", conclusion="clean", findings="",
                         by=site.auditor)


def test_a_rejected_project_goes_no_further(site):
    project = site.build.new()
    ops.decide_project(project=project, approved=False, decided_by="赵局长", on=date(2026, 3, 10),
                       reason="超出年度计划", by=site.officer)
    project.refresh_from_db()
    assert project.status == Project.Status.REJECTED
    with pytest.raises(RuleViolation):
        site.build.entrust(project)


def test_the_chairman_cannot_record_the_commissioning_bodys_approval(site):
    project = site.build.new()
    with pytest.raises(RuleViolation) as refused:
        ops.decide_project(project=project, approved=True, decided_by="赵局长", on=date(2026, 3, 10), by=site.chair)
    assert refused.value.rule == Rule.R2


def test_who_applied_cannot_record_the_approval(site):
    project = site.build.new(by=site.officer)
    with pytest.raises(RuleViolation) as refused:
        site.build.approve(project)
    assert refused.value.rule == Rule.R2 and "四眼" in str(refused.value)


def test_the_auditor_cannot_apply_and_the_chairman_cannot_audit(site):
    with pytest.raises(RuleViolation) as refused:
        site.build.new(by=site.auditor)
    assert refused.value.rule == Rule.R2
    project = site.build.at("settled")
    with pytest.raises(RuleViolation) as refused:
        ops.record_audit(project=project, on=date(2026, 11, 20), auditor="孙审计", conclusion="clean", findings="",
                         by=site.chair)
    assert refused.value.rule == Rule.R2


def test_another_villages_chairman_cannot_act_on_the_project(site):
    project = site.build.at("approved")
    with pytest.raises(RuleViolation) as refused:
        ops.record_entrustment(project=project, upload=png_upload(), on=date(2026, 3, 15), body_signatory="赵",
                               cooperative_signatory="王", amount=Decimal("1000"), by=site.world.chair21)
    assert refused.value.rule == Rule.R2


def test_the_whole_life_reaches_the_audit(site):
    project = site.build.at("audited")
    assert project.status == Project.Status.AUDITED
    assert [type(step).__name__ for step in (project.application, project.approval, project.entrustment,
                                              project.competition, project.contract, project.acceptance,
                                              project.settlement, project.audit)]


def test_a_competition_needs_the_minimum_of_quotes(site):
    project = site.build.at("entrusted")
    with pytest.raises(RuleViolation) as refused:
        ops.record_competition(project=project, on=date(2026, 3, 20), selected=0, reason="最低价",
                               bids=[ops.Bid("甲队", Decimal("1000")), ops.Bid("乙队", Decimal("1100"))],
                               evaluators=[ops.Evaluator("周会计", True)], by=site.chair)
    assert refused.value.rule == Rule.R5 and "至少 3 家" in str(refused.value)


def test_an_evaluator_who_declares_a_conflict_voids_the_competition(site):
    project = site.build.at("entrusted")
    bids = [ops.Bid("甲队", Decimal("1000")), ops.Bid("乙队", Decimal("1100")), ops.Bid("丙队", Decimal("1200"))]
    with pytest.raises(RuleViolation) as refused:
        ops.record_competition(project=project, on=date(2026, 3, 20), selected=0, reason="最低价", bids=bids,
                               evaluators=[ops.Evaluator("周会计", True), ops.Evaluator("甲队长之弟", False)],
                               by=site.chair)
    assert refused.value.rule == Rule.R5 and "甲队长之弟" in str(refused.value)
    assert not hasattr(Project.objects.get(pk=project.pk), "competition")


def test_an_entrustment_scan_that_is_a_page_is_refused(site):
    from django.core.files.uploadedfile import SimpleUploadedFile

    project = site.build.at("approved")
    page = SimpleUploadedFile("协议.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(RuleViolation) as refused:
        ops.record_entrustment(project=project, upload=page, on=date(2026, 3, 15), body_signatory="赵",
                               cooperative_signatory="王", amount=Decimal("1000"), by=site.chair)
    assert refused.value.rule == Rule.UPLOAD
    project.refresh_from_db()
    assert project.status == Project.Status.APPROVED
