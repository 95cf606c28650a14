"""Who may act on a village's books (R2), as checks every operation calls before it writes."""

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


def require_preparer(user, ledger) -> None:
    require_village_hand(user, ledger, _("制单"))


def require_township(user, obj, action: str) -> None:
    """R2: only township finance staff of the village's own township review, post, return and close."""
    if user.role != Role.TOWNSHIP_OFFICER:
        raise RuleViolation(Rule.R2, _("R2 镇级审批:只有镇财政所人员可以%(action)s,%(role)s 只能制单和提交") % {
            "action": action, "role": user.get_role_display() or _("系统管理员")})
    require_scope(user, obj, action)


def require_four_eyes(user, voucher, action: str) -> None:
    if voucher.prepared_by_id == user.pk:
        raise RuleViolation(Rule.R2, _("R2 四眼原则:%(user)s 是此凭证的制单人,不能%(action)s自己制作的凭证") % {
            "user": user.get_full_name(), "action": action})


def require_township_or_county(user, village, action: str) -> None:
    """What the village must not keep for itself — its sub-accounts, its cadres' terms of office — is kept by
    its township's finance staff or the county administrator."""
    if user.role not in (Role.TOWNSHIP_OFFICER, Role.COUNTY_ADMIN):
        raise RuleViolation(Rule.R2, _("R2 权限:只有镇财政所人员或县级管理员可以%(action)s") % {"action": action})
    require_scope(user, village, action)
