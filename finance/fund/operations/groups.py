"""联保小组: formed by the village, members join and leave on dates."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from finance import operations as fin
from finance.fund.models import Fund, GuaranteeGroup, GuaranteeMembership
from finance.fund.operations._common import lock_cooperative, not_in_future


@transaction.atomic
def form_group(*, fund: Fund, name: str, formed_on: date, members, by) -> GuaranteeGroup:
    fin.require_village_hand(by, fund, _("组建联保小组"))
    lock_cooperative(fund)
    group = save_as(GuaranteeGroup(fund=fund, name=(name or "").strip(),
                                   formed_on=not_in_future(formed_on, "formed_on")), by)
    for member in members:
        _join(group, member, formed_on, by)
    return group


@transaction.atomic
def join_group(*, group: GuaranteeGroup, member, on: date, by) -> GuaranteeMembership:
    fin.require_village_hand(by, group, _("加入联保小组"))
    lock_cooperative(group.fund)
    return _join(group, member, not_in_future(on, "joined_on"), by)


@transaction.atomic
def leave_group(*, membership: GuaranteeMembership, on: date, by) -> GuaranteeMembership:
    fin.require_village_hand(by, membership, _("退出联保小组"))
    lock_cooperative(membership.group.fund)
    membership.left_on = not_in_future(on, "left_on")
    return save_as(membership, by)


def _join(group, member, on, by) -> GuaranteeMembership:
    if member.cooperative_id != group.fund.cooperative_id or member.status != member.Status.ACTIVE:
        raise RuleViolation(Rule.R6, _("R6 %(m)s 不是本社在社社员,不能加入联保小组") % {"m": member}, field="member")
    elsewhere = GuaranteeMembership.objects.filter(member=member, left_on__isnull=True,
                                                   group__fund=group.fund).exclude(group=group).first()
    if elsewhere is not None:
        raise RuleViolation(Rule.R6, _("R6 %(m)s 已在联保小组“%(g)s”中,须先退出") % {
            "m": member.display_name, "g": elsewhere.group}, field="member")
    return save_as(GuaranteeMembership(group=group, member=member, joined_on=on), by)
