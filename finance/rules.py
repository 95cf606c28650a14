"""Who may act on a village's books (R2): the role checks of coop.role_checks, and the two that concern a
voucher itself — its preparer, and the four eyes between preparer and reviewer."""

from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.role_checks import require_scope, require_township, require_township_or_county, require_village_hand

__all__ = ["require_scope", "require_township", "require_township_or_county", "require_village_hand",
           "require_preparer", "require_four_eyes", "require_checker"]


def require_preparer(user, ledger) -> None:
    require_village_hand(user, ledger, _("制单"))


def require_four_eyes(user, voucher, action: str) -> None:
    if voucher.prepared_by_id == user.pk:
        raise RuleViolation(Rule.R2, _(
            "R2 四眼原则:%(user)s 是此凭证的制单人,不能%(action)s自己制作的凭证,须由另一位镇财政所人员%(action)s") % {
            "user": user.get_full_name(), "action": action})


def require_checker(user, voucher, action: str) -> None:
    """What 审核 and 记账 ask of the person (R2): township staff over the voucher's village, not its preparer.
    The voucher's page asks it too, to offer only the steps the user may take and say why not."""
    require_township(user, voucher, action)
    require_four_eyes(user, voucher, action)
