"""Which step a project waits for, who may take it, the form that asks for it and the operation that takes it: the
project page offers only the next step the user's role may take (the operation refuses anything else anyway)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from coop.roles import Role
from projects import operations as ops
from projects.admin import forms as step_forms
from projects.models import Project
from projects.operations._common import AUDIT, COMMISSIONING, VILLAGE

S = Project.Status


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    roles: tuple[str, ...]
    form: type
    run: Callable  # run(project, cleaned_data, user)


STEPS = {step.key: step for step in (
    Step("approve", _("登记委托方批复"), COMMISSIONING, step_forms.DecisionForm,
         lambda p, d, u: ops.decide_project(project=p, by=u, **d)),
    Step("entrust", _("登记委托代建协议"), VILLAGE, step_forms.EntrustmentForm,
         lambda p, d, u: ops.record_entrustment(project=p, by=u, **d)),
    Step("compete", _("登记比选"), VILLAGE, step_forms.CompetitionForm,
         lambda p, d, u: ops.record_competition(project=p, by=u, **d)),
    Step("contract", _("登记施工合同"), VILLAGE, step_forms.ContractForm,
         lambda p, d, u: ops.record_contract(project=p, by=u, **d)),
    Step("receive", _("登记资金到账"), VILLAGE, step_forms.ReceiptForm,
         lambda p, d, u: ops.record_funds_receipt(project=p, by=u, **d)),
    Step("accept", _("登记竣工验收"), VILLAGE, step_forms.AcceptanceForm,
         lambda p, d, u: ops.record_acceptance(project=p, by=u, **d)),
    Step("confirm_acceptance", _("审核竣工验收并结转"), (Role.TOWNSHIP_OFFICER,), step_forms.ConfirmForm,
         lambda p, d, u: ops.confirm_acceptance(acceptance=p.acceptance, by=u)),
    Step("settle", _("登记决算"), VILLAGE, step_forms.SettlementForm,
         lambda p, d, u: ops.record_settlement(project=p, by=u, **d)),
    Step("confirm_settlement", _("审核决算并结转"), (Role.TOWNSHIP_OFFICER,), step_forms.ConfirmForm,
         lambda p, d, u: ops.confirm_settlement(settlement=p.settlement, by=u)),
    Step("audit", _("登记审计"), AUDIT, step_forms.AuditForm,
         lambda p, d, u: ops.record_audit(project=p, by=u, **d)),
)}


def waiting_for(project: Project) -> list[Step]:
    """The steps the project waits for now, in the order of the workflow."""
    keys = {
        S.APPLIED: ["approve"], S.APPROVED: ["entrust"], S.ENTRUSTED: ["compete"], S.COMPETED: ["contract"],
        S.CONTRACTED: ["receive"], S.ACCEPTED: ["settle"], S.SETTLED: ["audit"],
    }.get(project.status, [])
    if project.status == S.UNDER_WAY:
        keys = ["confirm_acceptance"] if hasattr(project, "acceptance") else ["receive", "accept"]
    if project.status == S.ACCEPTED and hasattr(project, "settlement"):
        keys = ["confirm_settlement"]
    return [STEPS[key] for key in keys]


def offered(project: Project, user) -> list[Step]:
    """The next steps this user's role may take."""
    return [step for step in waiting_for(project) if user.role in step.roles]
