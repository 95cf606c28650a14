"""The village roster: households, persons, admission to the cooperative and leaving it.

The rules a new household or person must meet are written once, in `household_refusals` and
`person_refusals`; the single operations here and the roster's batch form (members.operations.batch) both
ask them."""

from collections.abc import Iterator
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.refusals import Refusal, chunks, model_refusals, refuse
from finance.operations import require_village_hand
from members import queries
from members.identity import normalize_id_number
from members.models import Household, Member, Person
from members.operations._common import lock_cooperative
from members.operations.poverty import exit_year_refusals


@transaction.atomic
def admit_member(*, cooperative, kind, joined_on: date, by, household: Household | None = None,
                 enterprise_name: str = "", credit_code: str = "") -> Member:
    """入社. A poor-household member must be a registered poor household (建档立卡) of the village."""
    require_village_hand(by, cooperative, _("登记社员"))
    cooperative = lock_cooperative(cooperative)
    if household is not None:  # read again under the lock the poverty updates take too
        household = Household.objects.get(pk=household.pk)
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
    household = Household(village=village, number=number.strip(), group=group.strip(), address=address.strip(),
                          is_registered_poor=is_registered_poor, poverty_exit_year=poverty_exit_year)
    refuse(household_refusals(village, [(0, household)]))
    return save_as(household, by)


@transaction.atomic
def register_person(*, household: Household, name: str, id_number: str, by,
                    relation: str = Person.Relation.HEAD, phone: str = "") -> Person:
    require_village_hand(by, household, _("登记人员"))
    person = Person(household=household, name=name.strip(), id_number=id_number, relation=relation,
                    phone=phone.strip())
    refuse(person_refusals(household.village, [(0, person)]))
    return save_as(person, by)


def household_refusals(village, households: list[tuple[int, Household]]) -> list[Refusal]:
    """What a new household of `village` must meet, for one or ten thousand at once (a fixed number of
    queries): its fields, the poverty rule, and a number used neither in the village nor twice in the batch."""
    refusals, rows = [], {}
    for row, household in households:
        refusals += model_refusals(row, household, exclude=["village"])
        refusals += exit_year_refusals(row, household)
        if household.number in rows:
            refusals.append(Refusal(row, RuleViolation(Rule.MEMBERS, _("户编号 %(h)s 与第 %(r)s 行重复") % {
                "h": household.number, "r": rows[household.number]}, field="number")))
        else:
            rows[household.number] = row
    for chunk in chunks(rows):
        for number in Household.objects.filter(village=village, number__in=chunk).values_list("number", flat=True):
            refusals.append(Refusal(rows[number], RuleViolation(Rule.MEMBERS, _(
                "户编号 %(h)s 在本村已存在,不能重复登记;补登家庭成员请在“人员”中添加") % {"h": number},
                field="number")))
    return refusals


def person_refusals(village, persons: list[tuple[int, Person]]) -> list[Refusal]:
    """What a new person of `village` must meet, for one or ten thousand at once (a fixed number of queries):
    the ID number stored normalised (…x and …X are one person) and registered once in the whole county
    system, the model's own field rules, and one head per household. The households may be unsaved."""
    refusals, rows, heads = [], {}, {}
    for row, person in persons:
        person.id_number = normalize_id_number(person.id_number)
        refusals += model_refusals(row, person, exclude=["household"])
        if person.id_number in rows:
            refusals.append(Refusal(row, RuleViolation(Rule.MEMBERS, _("身份证号 %(id)s 与第 %(r)s 行重复") % {
                "id": person.id_number, "r": rows[person.id_number]}, field="id_number")))
        elif person.id_number:
            rows[person.id_number] = row
        if person.relation == Person.Relation.HEAD:
            heads.setdefault(id(person.household), []).append((row, person))
    for chunk in chunks(rows):
        for id_number, village_id, number in Person.objects.filter(id_number__in=chunk).values_list(
                "id_number", "household__village_id", "household__number"):
            where = (_("本村 %(h)s 户") % {"h": number}) if village_id == village.pk else _("其他村")
            refusals.append(Refusal(rows[id_number], RuleViolation(Rule.MEMBERS, _(
                "身份证号 %(id)s 已登记在%(where)s,不能重复登记") % {"id": id_number, "where": where},
                field="id_number")))
    refusals += _second_heads(heads.values())
    return refusals


def _second_heads(heads_by_household) -> Iterator[Refusal]:
    """Every head beyond the first, counting a head the household already has in the database."""
    saved = [rows[0][1].household_id for rows in heads_by_household if rows[0][1].household_id]
    registered = dict(Person.objects.filter(household_id__in=saved, relation=Person.Relation.HEAD).values_list(
        "household_id", "name")) if saved else {}
    for rows in heads_by_household:
        household = rows[0][1].household
        already = [registered[household.pk]] if household.pk in registered else []
        if len(already) + len(rows) < 2:
            continue
        named = [_("已登记的 %(p)s") % {"p": name} for name in already] + [
            _("第 %(r)s 行的 %(p)s") % {"r": row, "p": person.name} if row else person.name for row, person in rows]
        for row, _person in rows[1 - len(already):]:
            yield Refusal(row, RuleViolation(Rule.MEMBERS, _(
                "户编号 %(h)s 有 %(n)s 位户主(%(who)s),一户只能有一位") % {
                "h": household.number, "n": len(named), "who": "、".join(named)}, field="relation"))
