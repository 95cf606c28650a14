"""The share register's say on a charter version, declared to coop.charter_rules by MembersConfig.ready:
a version may not contradict the holdings the register already has, nor change the terms of movements
already recorded under it."""

from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from members import queries


def check(new, old) -> None:
    """Refuse terms the register contradicts: a maximum below a member's holding, a minimum above one, and
    any change of the share price while shares are held or waiting (each amount is shares × price)."""
    most, fewest = queries.holding_extremes(new.cooperative)
    if most is not None and most.shares > new.max_shares:
        raise RuleViolation(Rule.MEMBERS, _(
            "章程每户最多 %(max)s 股与股金台账不符:%(m)s 已持有 %(t)s 股。请先办理退股或转让") % {
            "max": new.max_shares, "m": most.display_name, "t": most.shares}, field="max_shares")
    if fewest is not None and fewest.shares < new.min_shares:
        raise RuleViolation(Rule.MEMBERS, _(
            "章程每户最少 %(min)s 股与股金台账不符:%(m)s 只持有 %(t)s 股") % {
            "min": new.min_shares, "m": fewest.display_name, "t": fewest.shares}, field="min_shares")
    if old is not None and new.share_price != old.share_price:
        held = queries.shares_outstanding(new.cooperative)
        if held:
            raise RuleViolation(Rule.MEMBERS, _(
                "本社已有 %(n)s 股按每股 %(old)s 元入账或待审批,不能改为每股 %(new)s 元:"
                "股金台账的金额必须等于股数×每股金额") % {"n": held, "old": old.share_price, "new": new.share_price},
                field="share_price")


def records(cooperative, start, end) -> str:
    n = queries.movements_between(cooperative, start, end)
    return _("股金变动 %(n)s 笔") % {"n": n} if n else ""
