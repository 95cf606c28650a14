"""The roster's batch form: a village's new households, their persons and their admission to the cooperative,
ten thousand rows at once within a web request. The rules are the single operations' own
(`household_refusals`, `person_refusals`, `check_admission`), asked in a fixed number of queries; the rows
are written in bulk, each with its history row naming who registered it."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from coop.errors import Rule, RuleViolation
from coop.models import Cooperative
from coop.refusals import Refusal, model_refusals, refuse
from finance.operations import require_village_hand
from members.models import Household, Member, Person
from members.operations._common import lock_cooperative
from members.operations.roster import check_admission, household_refusals, person_refusals

BATCH = 500
HOUSEHOLD_KINDS = (Member.Kind.POOR_HOUSEHOLD, Member.Kind.CAPABLE_HOUSEHOLD)


@dataclass
class PersonRow:
    name: str
    id_number: str
    relation: str = Person.Relation.HEAD
    phone: str = ""
    row: int = 0          # the caller's row number, named by a refusal about this person


@dataclass
class HouseholdRow:
    """A new household with its persons; with `member_kind` and `joined_on`, admitted to the cooperative."""

    number: str
    group: str = ""
    address: str = ""
    is_registered_poor: bool = False
    poverty_exit_year: int | None = None
    persons: list[PersonRow] = field(default_factory=list)
    member_kind: str = ""
    joined_on: date | None = None
    row: int = 0          # named by a refusal about the household
    member_row: int = 0   # named by a refusal about the admission
    partial: bool = False  # some of its rows could not be read: whether it has a head is asked when they can

    @property
    def head(self) -> PersonRow | None:
        return next((p for p in self.persons if p.relation == Person.Relation.HEAD), None)


@dataclass
class Registered:
    households: list[Household]
    persons: list[Person]
    members: list[Member]


def check_roster(*, village, households: list[HouseholdRow]) -> list[Refusal]:
    """Every refusal `register_roster` would meet, without writing: for a preview."""
    cooperative = Cooperative.objects.filter(village=village).first()
    return _built(village, cooperative, households)[0]


@transaction.atomic
def register_roster(*, village, households: list[HouseholdRow], by, reason: str = "") -> Registered:
    """Register the village's new households with their persons and admissions, all or nothing, numbering
    the members after the cooperative's last; `reason` goes into every history row. Refused as a whole
    (BatchRefused, every refusal with its row) when any row breaks a rule a single operation would refuse."""
    require_village_hand(by, village, _("登记农户"))
    cooperative = Cooperative.objects.filter(village=village).first()
    if cooperative is not None and any(h.member_kind for h in households):
        cooperative = lock_cooperative(cooperative)
    refusals, built = _built(village, cooperative, households)
    refuse(refusals)
    new_households = _bulk([household for household, _persons, _member in built], Household, by, reason)
    for saved, (_household, persons, member) in zip(new_households, built, strict=True):
        for person in persons:  # the saved household, its key known now, for the rows that point to it
            person.household = saved
        if member is not None:
            member.household = saved
    persons = _bulk([person for _household, persons, _member in built for person in persons], Person, by, reason)
    members = [member for _household, _persons, member in built if member is not None]
    last = (cooperative.members.aggregate(n=Max("number"))["n"] or 0) if members else 0
    for number, member in enumerate(members, start=last + 1):
        member.number = number
    return Registered(new_households, persons, _bulk(members, Member, by, reason))


def _built(village, cooperative, rows: list[HouseholdRow]):
    """The model rows the batch would write, and every refusal they meet."""
    built, refusals = [], []
    for row in rows:
        household = Household(village=village, number=row.number.strip(), group=row.group.strip(),
                              address=row.address.strip(), is_registered_poor=row.is_registered_poor,
                              poverty_exit_year=row.poverty_exit_year)
        persons = [Person(household=household, name=p.name.strip(), id_number=p.id_number, relation=p.relation,
                          phone=p.phone.strip()) for p in row.persons]
        if row.head is None and not row.partial:
            refusals.append(Refusal(row.row, RuleViolation(Rule.MEMBERS, _("户编号 %(h)s 没有户主") % {
                "h": household.number}, field="relation")))
        member = _admission(cooperative, row, household, refusals) if row.member_kind else None
        built.append((household, persons, member))
    refusals += household_refusals(village, [(row.row, household) for row, (household, _p, _m) in zip(
        rows, built, strict=True)])
    refusals += person_refusals(village, [(p.row, person) for row, (_h, persons, _m) in zip(rows, built, strict=True)
                                          for p, person in zip(row.persons, persons, strict=True)])
    return refusals, built


def _admission(cooperative, row: HouseholdRow, household: Household, refusals: list[Refusal]) -> Member | None:
    def refused(error):
        refusals.append(Refusal(row.member_row or row.row, error))

    who = _("户编号 %(h)s") % {"h": household.number}
    if cooperative is None:
        refused(RuleViolation(Rule.MEMBERS, _("本村还没有成立合作社,%(h)s 不能入社") % {"h": who}, field="kind"))
        return None
    if row.member_kind not in HOUSEHOLD_KINDS:
        refused(RuleViolation(Rule.MEMBERS, _("农户只能以贫困户或能人大户身份入社"), field="kind"))
        return None
    member = Member(cooperative=cooperative, kind=row.member_kind, household=household, joined_on=row.joined_on)
    for refusal in model_refusals(row.member_row, member, exclude=["cooperative", "household", "number"]):
        refused(refusal.error)
    if row.joined_on is not None:
        try:
            check_admission(cooperative, kind=row.member_kind, joined_on=row.joined_on, who=who,
                            registered_poor=row.is_registered_poor)
        except RuleViolation as error:
            refused(error)
    return member


def _bulk(objs, model, by, reason):
    if not objs:
        return []
    return bulk_create_with_history(objs, model, batch_size=BATCH, default_user=by,
                                    default_change_reason=reason or None)
