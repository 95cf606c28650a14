"""The village roster: households, persons, admission to the cooperative and leaving it."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from finance.operations import require_village_hand
from members import queries
from members.identity import normalize_id_number
from members.models import Household, Member, Person
from members.operations._common import lock_cooperative


@transaction.atomic
def admit_member(*, cooperative, kind, joined_on: date, by, household: Household | None = None,
                 enterprise_name: str = "", credit_code: str = "") -> Member:
    """入社. A poor-household member must be a registered poor household (建档立卡) of the village."""
    require_village_hand(by, cooperative, _("登记社员"))
    cooperative = lock_cooperative(cooperative)
    if household is not None and household.village_id != cooperative.village_id:
        raise RuleViolation(Rule.MEMBERS, _("%(h)s 不是本村农户") % {"h": household}, field="household")
    check_admission(cooperative, kind=kind, joined_on=joined_on, who=str(household or enterprise_name),
                    registered_poor=household is not None and household.is_registered_poor)
    number = (cooperative.members.aggregate(n=Max("number"))["n"] or 0) + 1
    return save_as(Member(cooperative=cooperative, number=number, kind=kind, household=household,
                        enterprise_name=enterprise_name.strip(), credit_code=credit_code.strip().upper(),
                        joined_on=joined_on), by)


def check_admission(cooperative, *, kind, joined_on: date, who: str, registered_poor: bool) -> None:
    """The admission rules every door shares (the admin form, the roster import, direct calls): a member
    joining as a poor household is a registered poor household, and joins on a real date in the
    cooperative's life."""
    if kind == Member.Kind.POOR_HOUSEHOLD and not registered_poor:
        raise RuleViolation(Rule.MEMBERS, _("%(h)s 不是建档立卡贫困户,不能以贫困户身份入社") % {"h": who}, field="kind")
    if joined_on > timezone.localdate():
        raise RuleViolation(Rule.MEMBERS, _("入社日期 %(d)s 晚于今天") % {"d": joined_on}, field="joined_on")
    if joined_on < cooperative.founded_on:
        raise RuleViolation(Rule.MEMBERS, _("入社日期 %(d)s 早于合作社成立日期 %(f)s") % {
            "d": joined_on, "f": cooperative.founded_on}, field="joined_on")


@transaction.atomic
def leave_cooperative(*, member: Member, on: date, by) -> Member:
    """退社. Only a member holding no shares and with nothing waiting for approval may leave: the shares
    are withdrawn first (a movement the township approves and posts), so the register stays whole."""
    require_village_hand(by, member.cooperative, _("办理退社"))
    lock_cooperative(member.cooperative)
    member = Member.objects.select_for_update(of=("self",)).get(pk=member.pk)
    if member.status != Member.Status.ACTIVE:
        raise RuleViolation(Rule.MEMBERS, _("%(m)s 已退社") % {"m": member})
    if on > timezone.localdate():
        raise RuleViolation(Rule.MEMBERS, _("退社日期 %(d)s 晚于今天") % {"d": on}, field="left_on")
    if on < member.joined_on:
        raise RuleViolation(Rule.MEMBERS, _("退社日期 %(d)s 早于入社日期 %(j)s") % {"d": on, "j": member.joined_on},
                            field="left_on")
    available, committed = queries.holdings(member)  # pending movements count in one or the other
    if available or committed:
        raise RuleViolation(Rule.MEMBERS, _(
            "%(m)s 还持有 %(n)s 股或有待审批的股金变动:请先办理全部退股(或转让)并经镇财政所审批入账,再办理退社") % {
            "m": member, "n": max(available, committed)})
    member.status, member.left_on = Member.Status.WITHDRAWN, on
    return save_as(member, by)


@transaction.atomic
def register_household(*, village, number: str, by, group: str = "", address: str = "",
                       is_registered_poor: bool = False, poverty_exit_year: int | None = None) -> Household:
    require_village_hand(by, village, _("登记农户"))
    return save_as(Household(village=village, number=number.strip(), group=group.strip(), address=address.strip(),
                           is_registered_poor=is_registered_poor, poverty_exit_year=poverty_exit_year), by)


@transaction.atomic
def register_person(*, household: Household, name: str, id_number: str, by,
                    relation: str = Person.Relation.HEAD, phone: str = "") -> Person:
    """One person of a household; the ID number is stored normalised, so …x and …X are the same person."""
    require_village_hand(by, household, _("登记人员"))
    return save_as(Person(household=household, name=name.strip(), id_number=normalize_id_number(id_number),
                        relation=relation, phone=phone.strip()), by)
