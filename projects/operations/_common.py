"""What the project operations share: the locks (cooperative, then the project row), the order of the steps, and
the right to act (R2)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.models import Cooperative
from coop.role_checks import require_scope
from coop.roles import Role
from projects.models import Project

S = Project.Status
# What each step needs the project to have reached: a step is taken only from these statuses, so none is skipped.
AFTER = {
    "approve": (S.APPLIED,),
    "entrust": (S.APPROVED,),
    "compete": (S.ENTRUSTED,),
    "contract": (S.COMPETED,),
    "receive": (S.CONTRACTED, S.UNDER_WAY),
    "work": (S.UNDER_WAY,),
    "accept": (S.UNDER_WAY,),
    "settle": (S.ACCEPTED,),
    "audit": (S.SETTLED,),
}
STEP_NAMES = {
    "approve": _("批复"), "entrust": _("签订委托代建协议"), "compete": _("比选"), "contract": _("签订施工合同"),
    "receive": _("登记资金到账"), "work": _("登记用工、租赁和支付"), "accept": _("竣工验收"), "settle": _("决算"),
    "audit": _("审计"),
}


def lock_cooperative(cooperative_id) -> None:
    list(Cooperative.objects.select_for_update(of=("self",)).filter(pk=cooperative_id).values_list("pk", flat=True))


def lock_project(project: Project) -> Project:
    """The cooperative first (the project's lock order: cooperative, ledger, rows), then the project row."""
    lock_cooperative(project.cooperative_id)
    return Project.objects.select_for_update(of=("self",)).select_related(
        "cooperative__village__township").get(pk=project.pk)


def require_step(project: Project, step: str) -> None:
    """R5: the steps are taken in order; the refusal names the step the project is waiting for."""
    if project.status not in AFTER[step]:
        raise RuleViolation(Rule.R5, _("代建项目须按程序办理:%(p)s 当前状态为“%(s)s”,不能%(step)s") % {
            "p": project.name, "s": project.get_status_display(), "step": STEP_NAMES[step]})


def require_role(user, project: Project, roles: tuple[str, ...], action: str) -> None:
    """R2: the step's role, inside the user's scope."""
    if user.role not in roles:
        names = "、".join(str(Role(role).label) for role in roles)
        raise RuleViolation(Rule.R2, _("R2 权限:只有%(roles)s可以%(action)s,%(role)s 不可以") % {
            "roles": names, "action": action, "role": user.get_role_display() or _("系统管理员")})
    require_scope(user, project, action)


def require_not_future(on, field: str = "on") -> None:
    if on > timezone.localdate():
        raise RuleViolation(Rule.R5, _("日期 %(d)s 晚于今天") % {"d": on}, field=field)


VILLAGE = (Role.CHAIRMAN, Role.TOWNSHIP_OFFICER)
COMMISSIONING = (Role.TOWNSHIP_OFFICER, Role.COUNTY_ADMIN)
AUDIT = (Role.AUDITOR,)
