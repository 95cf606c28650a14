"""What closes a project, each recorded by the village and confirmed by the township (R2), the confirmation
posting its voucher: 竣工验收 (在建工程 → 固定资产 with an asset register row, or → 公益支出), 决算 (the funded part of
231/241 → 311 公积公益金, a surplus refunded); then the county's 审计."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.money import yuan
from coop.role_checks import require_township
from finance import operations as ledger_ops
from projects import accounts, queries
from projects.models import Acceptance, AcceptanceMember, Asset, Audit, Project, Settlement
from projects.operations._common import AUDIT, VILLAGE, S, lock_project, require_not_future, require_role, require_step


@dataclass(frozen=True)
class CommitteeMember:
    name: str
    position: str


@transaction.atomic
def record_acceptance(*, project: Project, on: date, findings: str, committee: list[CommitteeMember],
                      forms_asset: bool, by, asset_name: str = "", condition: str = "") -> Acceptance:
    """竣工验收: the committee (at least three, the commissioning body among them by custom), its findings, and
    whether the work forms a fixed asset. Nothing may still wait for the township, and something must have been
    paid: the acceptance transfers the whole of the project's 在建工程."""
    require_role(by, project, VILLAGE, _("登记竣工验收"))
    project = lock_project(project)
    require_step(project, "accept")
    require_not_future(on)
    if hasattr(project, "acceptance"):
        raise RuleViolation(Rule.R5, _("%(p)s 已登记竣工验收,待镇财政所审核") % {"p": project.name})
    if queries.pending_money(project):
        raise RuleViolation(Rule.R5, _("%(p)s 还有待审批的到账、变更或支付,请先办结再验收") % {"p": project.name})
    value = queries.paid(project, pending=False)
    if value <= 0:
        raise RuleViolation(Rule.R5, _("%(p)s 尚无已入账的支付,不能验收") % {"p": project.name})
    if len([m for m in committee if m.name.strip()]) < 3:
        raise RuleViolation(Rule.R5, _("验收小组至少三人"), field="committee")
    if not findings.strip():
        raise RuleViolation(Rule.R5, _("请填写验收意见"), field="findings")
    acceptance = save_as(Acceptance(project=project, on=on, recorded_by=by, findings=findings.strip(),
                                    forms_asset=forms_asset, asset_name=asset_name.strip() if forms_asset else "",
                                    condition=condition if forms_asset else "", value=value), by)
    for member in committee:
        if member.name.strip():
            save_as(AcceptanceMember(acceptance=acceptance, name=member.name.strip(),
                                     position=member.position.strip()), by)
    return acceptance


@transaction.atomic
def confirm_acceptance(*, acceptance: Acceptance, by) -> Acceptance:
    """审核验收 (a township officer other than the recorder): Dr 151 固定资产 (or 514 公益支出) / Cr the project's
    在建工程 for its whole balance, the asset register row, and the project becomes 已竣工验收."""
    require_township(by, acceptance, _("审核竣工验收"))
    project = lock_project(acceptance.project)
    acceptance = Acceptance.objects.select_for_update(of=("self",)).get(pk=acceptance.pk)
    _require_unconfirmed(acceptance, by)
    require_step(project, "accept")
    if queries.pending_money(project) or queries.paid(project, pending=False) != acceptance.value:
        raise RuleViolation(Rule.R5, _("验收登记后又有支付变动,请重新登记验收"))
    target = accounts.FIXED_ASSETS if acceptance.forms_asset else accounts.PUBLIC_WELFARE
    summary = (_("%(p)s竣工验收,转入固定资产") if acceptance.forms_asset else _("%(p)s竣工验收,转入公益支出")) % {
        "p": project.name}
    acceptance.voucher = ledger_ops.post_entry(
        village=project.village, on=acceptance.on, summary=summary[:100], prepared_by=acceptance.recorded_by,
        approved_by=by, attachments=1, source=f"{accounts.BOOK}:Acceptance:{acceptance.pk}", lines=[
            ledger_ops.Line.debit(target, acceptance.value),
            ledger_ops.Line.credit(accounts.work_in_progress(project, by), acceptance.value)])
    _stamp(acceptance, by)
    if acceptance.forms_asset:
        save_as(Asset(cooperative=project.cooperative, project=project, name=acceptance.asset_name, kind=project.kind,
                      value=acceptance.value, acquired_on=acceptance.on, location=project.location,
                      condition=acceptance.condition, recorded_by=by), by)
    project.status = S.ACCEPTED
    save_as(project, by)
    return acceptance


@transaction.atomic
def record_settlement(*, project: Project, on: date, by, note: str = "") -> Settlement:
    """决算: the final cost (the payments) against the money received, after the acceptance is confirmed."""
    require_role(by, project, VILLAGE, _("登记项目决算"))
    project = lock_project(project)
    require_step(project, "settle")
    require_not_future(on)
    if hasattr(project, "settlement"):
        raise RuleViolation(Rule.R5, _("%(p)s 已登记决算,待镇财政所审核") % {"p": project.name})
    if on < project.acceptance.on:
        raise RuleViolation(Rule.R5, _("决算日期不能早于竣工验收日期 %(d)s") % {"d": project.acceptance.on}, field="on")
    return save_as(Settlement(project=project, on=on, recorded_by=by, note=note.strip(),
                              final_cost=queries.paid(project, pending=False), received=queries.received(project)), by)


@transaction.atomic
def confirm_settlement(*, settlement: Settlement, by) -> Settlement:
    """审核决算 (a township officer other than the recorder), one voucher: Dr the project's 231 or 241 for all that
    was received / Cr 311 公积公益金 for the funded part (up to the final cost) and Cr the project bank account for the
    surplus, refunded to the commissioning body the same day (REFERENCE-DISCLOSURE-PROJECTS B.2: a surplus is
    refunded). An overspend leaves nothing to refund; the funded part is then what was received."""
    require_township(by, settlement, _("审核项目决算"))
    project = lock_project(settlement.project)
    settlement = Settlement.objects.select_for_update(of=("self",)).get(pk=settlement.pk)
    _require_unconfirmed(settlement, by)
    require_step(project, "settle")
    funded, refund = min(settlement.received, settlement.final_cost), settlement.surplus
    if funded > 0:
        summary = _("%(p)s决算,项目资金转入公积公益金") % {"p": project.name}
        lines = [ledger_ops.Line.debit(accounts.funds(project, by), funded + refund),
                 ledger_ops.Line.credit(accounts.RESERVE, funded)]
        if refund > 0:
            summary = _("%(p)s决算,结余资金 %(r)s 退回%(b)s") % {"p": project.name, "r": yuan(refund),
                                                          "b": project.body_name}
            lines.append(ledger_ops.Line.credit(accounts.bank(project), refund))
        settlement.voucher = ledger_ops.post_entry(
            village=project.village, on=settlement.on, summary=summary[:100], prepared_by=settlement.recorded_by,
            approved_by=by, attachments=1, source=f"{accounts.BOOK}:Settlement:{settlement.pk}", lines=lines)
    _stamp(settlement, by)
    project.status = S.SETTLED
    save_as(project, by)
    return settlement


@transaction.atomic
def record_audit(*, project: Project, on: date, auditor: str, conclusion: str, findings: str, by) -> Audit:
    """审计: by the county's auditors, after the settlement; the project's last step."""
    require_role(by, project, AUDIT, _("登记项目审计"))
    project = lock_project(project)
    require_step(project, "audit")
    require_not_future(on)
    audit = save_as(Audit(project=project, on=on, recorded_by=by, auditor=auditor.strip() or by.get_full_name(),
                          conclusion=conclusion, findings=findings.strip()), by)
    project.status = S.AUDITED
    save_as(project, by)
    return audit


def _require_unconfirmed(row, by) -> None:
    if row.is_confirmed:
        raise RuleViolation(Rule.R5, _("此%(w)s已审核") % {"w": row._meta.verbose_name})
    if row.recorded_by_id == by.pk:
        raise RuleViolation(Rule.R2, _("R2 四眼原则:%(u)s 登记了此%(w)s,不能自己审核") % {
            "u": by.get_full_name(), "w": row._meta.verbose_name})


def _stamp(row, by) -> None:
    row.confirmed_by, row.confirmed_at = by, timezone.now()
    save_as(row, by)
