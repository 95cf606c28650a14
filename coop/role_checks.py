"""Who may act (R2), as checks every operation calls before it writes: the village's hand (the chairman, or
township finance staff working for the village), the township's (review, approval, posting), and what only the
township or the county keeps. Every app's operations and the approval helper call these; none writes its own."""

from django.utils.translation import gettext as _

from coop import access
from coop.errors import Rule, RuleViolation
from coop.roles import Role


def require_scope(user, obj, what: str) -> None:
    if not access.contains(user, obj):
        raise RuleViolation(Rule.R2, _("R2 权限:%(user)s 无权处理%(what)s(不在其管辖范围内)") % {
            "user": user.get_full_name(), "what": what})


def require_village_hand(user, obj, action: str) -> None:
    """The village side of R2: the cooperative's chairman, or township finance staff working for the
    village (they may prepare too, e.g. a reversing voucher, and key in a village's paper roster)."""
    if user.role not in (Role.CHAIRMAN, Role.TOWNSHIP_OFFICER):
        raise RuleViolation(Rule.R2, _("R2 权限:只有合作社理事长和镇财政所人员可以%(action)s,%(role)s 不可以") % {
            "action": action, "role": user.get_role_display() or _("系统管理员")})
    require_scope(user, obj, action)


def require_township(user, obj, action: str) -> None:
    """R2: only township finance staff of the village's own township review, post, return and close."""
    if user.role != Role.TOWNSHIP_OFFICER:
        raise RuleViolation(Rule.R2, _("R2 镇级审批:只有镇财政所人员可以%(action)s,%(role)s 只能制单和提交") % {
            "action": action, "role": user.get_role_display() or _("系统管理员")})
    require_scope(user, obj, action)


def require_township_or_county(user, village, action: str) -> None:
    """What the village must not keep for itself — its sub-accounts, its cadres' terms of office — is kept by
    its township's finance staff or the county administrator."""
    if user.role not in (Role.TOWNSHIP_OFFICER, Role.COUNTY_ADMIN):
        raise RuleViolation(Rule.R2, _("R2 权限:只有镇财政所人员或县级管理员可以%(action)s") % {"action": action})
    require_scope(user, village, action)
